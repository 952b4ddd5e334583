"""Within-article merging: the mentions of one happening become one event, two
happenings stay two. Events are built by hand (no model needed)."""

from __future__ import annotations

import datetime as dt

from newsevents.coding.merge import merge_events
from newsevents.countries import CountryIndex
from newsevents.model import Actor, Event, Location

DAY = dt.date(2025, 4, 24)
RUS = Actor("Russia", "Russia", "RUS", "RUS", None)
RUSMIL = Actor("Russia's Defense Ministry", None, "RUSMIL", "RUS", "MIL")
UKR = Actor("Ukraine", "Ukraine", "UKR", "UKR", None)
UKRGOV = Actor("Kyiv", None, "UKRGOV", "UKR", "GOV")
UKRCVL = Actor("people", None, "UKRCVL", "UKR", "CVL")
KYIV = Location("Kyiv", "UKR", 50.45, 30.52, 703448)
KHARKIV = Location("Kharkiv", "UKR", 50.0, 36.25, 706483)
UKRAINE = Location("Ukraine", "UKR", 50.45, 30.52, 690791)


def event(
    sentence_index: int,
    cameo: str,
    source: tuple[Actor, ...],
    target: tuple[Actor, ...],
    plover: str | None = "ASSAULT",
    sentence: str = "Russia attacked Kyiv early Thursday.",
    date: dt.date | None = DAY,
    precision: str | None = "day",
    location: Location | None = KYIV,
    negated: bool = False,
    modality: str = "asserted",
) -> Event:
    return Event(
        article_id="a",
        sentence_index=sentence_index,
        sentence=sentence,
        trigger="x",
        span=(sentence_index * 100, sentence_index * 100 + 20),
        source=source,
        target=target,
        cameo=cameo,
        plover=plover,
        date=date,
        date_precision=precision if date else None,
        location=location,
        negated=negated,
        modality=modality,
        confidence=0.6 + sentence_index / 100,
    )


def test_lead_restatement_and_own_account_are_one_strike() -> None:
    lead = event(0, "190", (RUS,), (UKRGOV,))
    killing = event(0, "1823", (RUS,), (UKRCVL,))
    restated = event(3, "193", (RUS,), (UKR,), sentence="Russia fired 70 missiles overnight.")
    own_account = event(6, "190", (RUSMIL,), (UKRGOV,), sentence="The ministry said it struck.")
    merged = merge_events([lead, killing, restated, own_account], CountryIndex.load())
    assert len(merged) == 1
    strike = merged[0]
    assert strike.cameo == "1823"  # the most specific code the mentions give
    assert strike.mentions == 4
    assert strike.spans == ((0, 20), (300, 320), (600, 620))  # the two in sentence 0 share one
    assert strike.event_id == lead.event_id
    assert [a.code for a in strike.source] == ["RUS", "RUSMIL"]
    assert [a.code for a in strike.target] == ["UKRGOV", "UKRCVL"]  # bare UKR adds nothing


def test_strikes_on_two_cities_stay_apart_even_through_a_vague_mention() -> None:
    kyiv = event(0, "190", (RUS,), (UKRGOV,), location=KYIV)
    vague = event(1, "190", (RUS,), (UKR,), location=UKRAINE)
    kharkiv = event(2, "190", (RUS,), (UKR,), location=KHARKIV)
    merged = merge_events([kyiv, vague, kharkiv], CountryIndex.load())
    assert [e.mentions for e in merged] == [2, 1]
    assert merged[1].location == KHARKIV


def test_a_strike_a_day_earlier_is_another_happening() -> None:
    today = event(0, "190", (RUS,), (UKRGOV,))
    yesterday = event(
        1, "190", (RUS,), (UKRGOV,), sentence="On Wednesday Russia shelled Kyiv.",
        date=DAY - dt.timedelta(days=1),
    )  # fmt: skip
    assert len(merge_events([today, yesterday])) == 2


def test_an_undated_restatement_fits_the_day_before_publication() -> None:
    stated = event(
        0, "190", (RUS,), (UKRGOV,), sentence="Russia attacked Kyiv on Wednesday.",
        date=DAY - dt.timedelta(days=1),
    )  # fmt: skip
    # No date in its sentence: the coder gave it the publication day.
    restated = event(1, "193", (RUS,), (UKRGOV,), sentence="The attack lasted hours.")
    merged = merge_events([stated, restated])
    assert len(merged) == 1
    assert merged[0].date == DAY - dt.timedelta(days=1)


def test_denial_reversal_and_other_types_do_not_merge() -> None:
    done = event(0, "190", (RUSMIL,), (UKRGOV,))
    denied = event(1, "190", (RUSMIL,), (UKRCVL,), negated=True)
    threat = event(2, "138", (RUS,), (UKRGOV,), plover="THREATEN")
    reverse = event(3, "190", (UKR,), (RUS,), location=None)
    assert len(merge_events([done, denied, threat, reverse])) == 4


def test_mutual_agreement_in_either_direction_is_one() -> None:
    ind = Actor("India", "India", "IND", "IND", None)
    pak = Actor("Pakistan", "Pakistan", "PAK", "PAK", None)
    indgov = Actor("Vikram Misri", "Vikram Misri", "INDGOV", "IND", "GOV", "Foreign Secretary")
    agreed = event(0, "0356", (ind,), (pak,), plover="AGREE", location=None)
    restated = event(1, "030", (pak,), (ind,), plover="AGREE", location=None)
    # "the two countries ... agreed": coded with India as India's own target
    own = event(2, "030", (indgov,), (ind,), plover="AGREE", location=None)
    merged = merge_events([agreed, restated, own])
    assert len(merged) == 1
    assert merged[0].cameo == "0356"
    assert [a.code for a in merged[0].target] == ["PAK"]


def test_talks_of_other_parties_stay_apart() -> None:
    usa = Actor("US", "United States", "USA", "USA", None)
    chn = Actor("China", "China", "CHN", "CHN", None)
    rus = Actor("Russia", "Russia", "RUS", "RUS", None)
    one = event(0, "040", (usa,), (chn,), plover="CONSULT", location=None)
    other = event(1, "040", (usa,), (rus,), plover="CONSULT", location=None)
    assert len(merge_events([one, other])) == 2


def test_domestic_events_are_told_apart_by_who_acts() -> None:
    howard = Actor("Michael Howard", "Michael Howard", "GBROPP", "GBR", "OPP")
    kennedy = Actor("Charles Kennedy", "Charles Kennedy", "GBRPTY", "GBR", "PTY")
    blair = Actor("Tony Blair", "Tony Blair", "GBRGOV", "GBR", "GOV")
    one = event(0, "111", (howard,), (blair,), plover="ACCUSE", date=None, location=None)
    other = event(1, "111", (kennedy,), (blair,), plover="ACCUSE", date=None, location=None)
    again = event(2, "112", (howard,), (blair,), plover="ACCUSE", date=None, location=None)
    merged = merge_events([one, other, again])
    assert [e.mentions for e in merged] == [2, 1]


def test_an_act_on_no_one_named_stays_apart() -> None:
    rejected = event(0, "120", (RUS,), (), plover="REJECT", location=None)
    rejected_plan = event(1, "120", (RUS,), (UKRGOV,), plover="REJECT", location=None)
    assert len(merge_events([rejected, rejected_plan])) == 2


def test_a_mention_dated_only_before_a_day_fits_the_happening_it_looks_back_on() -> None:
    """ "The ministry said it had struck": dated "before" the story's day, it names no
    day of its own, so it merges with the strike, whose exact date the event keeps."""
    lead = event(0, "190", (RUS,), (UKRGOV,))
    earlier = event(5, "190", (RUSMIL,), (UKRGOV,), precision="before",
                    sentence="The ministry said it had struck.")  # fmt: skip
    (merged,) = merge_events([lead, earlier], CountryIndex.load())
    assert (merged.mentions, merged.date, merged.date_precision) == (2, DAY, "day")


def test_a_place_the_gazetteer_calls_a_country_is_no_city() -> None:
    """A country-precise place fits any place in that country; a region is a place of
    its own; a place in no country (a sea) fits any."""
    from newsevents.happening import place_key

    country = Location("Ukraine", "UKR", 50.45, 30.52, None, precision="country")
    region = Location("Donetsk Oblast", "UKR", 48.0, 37.8, 709716, precision="region")
    sea = Location("South China Sea", None, 12.0, 114.0, None, precision="region")
    assert place_key(country) == "UKR"
    assert place_key(region) == "UKR/709716"
    assert place_key(sea) == ""
    a = event(0, "190", (RUS,), (UKR,), location=KYIV)
    b = event(2, "190", (RUS,), (UKR,), location=country)
    c = event(4, "190", (RUS,), (UKR,), location=KHARKIV)
    assert [e.mentions for e in merge_events([a, b, c], CountryIndex.load())] == [2, 1]
