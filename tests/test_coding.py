"""The event coder on real parses: voice, coordination, prepositional targets, control
chains, nominal events, negation, modality, attribution and merging."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.coding import EventCoder
from newsevents.model import Article, Dateline, Event
from newsevents.nlp import to_parsed

pytestmark = pytest.mark.slow

DAY = dt.date(2024, 7, 27)


def code(pipeline: object, *paragraphs: str, coder: EventCoder | None = None,
         dateline: Dateline | None = None) -> list[Event]:  # fmt: skip
    article = Article(id="t", date=DAY, dateline=dateline, paragraphs=paragraphs)
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    mentions = pipeline.resolver.resolve(parsed, article)  # type: ignore[attr-defined]
    return (coder or pipeline.coder).code(article, parsed, mentions)  # type: ignore[attr-defined]


def dyads(events: list[Event], factual: bool = True) -> set[tuple[str, str, str]]:
    """(source country, target country, PLOVER type) of the (non-)factual events."""
    return {
        (s.country or "---", t.country or "---", e.plover or "")
        for e in events
        if e.factual == factual
        for s in e.source
        for t in (e.target or (type("NoTarget", (), {"country": None})(),))  # type: ignore[misc]
    }


def one(events: list[Event], plover: str) -> Event:
    found = [e for e in events if e.plover == plover and e.factual]
    assert len(found) == 1, [(e.plover, e.cameo, e.modality, e.negated) for e in events]
    return found[0]


def test_active_voice(pipeline: object) -> None:
    e = one(code(pipeline, "Russian forces attacked Ukraine on Monday."), "ASSAULT")
    assert (e.source[0].country, e.target[0].country) == ("RUS", "UKR")
    assert e.modality == "asserted" and not e.negated and e.cameo.startswith("19")


def test_passive_voice(pipeline: object) -> None:
    e = one(code(pipeline, "Ukraine was attacked by Russia on Monday."), "ASSAULT")
    assert (e.source[0].country, e.target[0].country) == ("RUS", "UKR")


def test_prepositional_target_and_specific_code(pipeline: object) -> None:
    e = one(code(pipeline, "Japan imposed new sanctions on North Korea."), "COERCE")
    assert e.cameo == "163" and (e.source[0].country, e.target[0].country) == ("JPN", "PRK")
    assert e.goldstein is not None and e.goldstein < 0 and e.quad_class == 4


def test_meeting_with_is_reciprocal_consult(pipeline: object) -> None:
    e = one(
        code(pipeline, "The Indian foreign minister met with his Chinese counterpart."), "CONSULT"
    )
    assert {e.source[0].country, e.target[0].country} == {"IND", "CHN"}


def test_coordinated_subject_acts_on_each_other(pipeline: object) -> None:
    e = one(code(pipeline, "France and Germany signed a trade agreement on Tuesday."), "SUPPORT")
    assert e.cameo == "057"
    assert {e.source[0].country, e.target[0].country} == {"FRA", "DEU"}


def test_control_chain_carries_source_and_target(pipeline: object) -> None:
    events = code(pipeline, "Germany agreed to send humanitarian aid to Ukraine.")
    agree = one(events, "AGREE")
    assert (agree.source[0].country, agree.target[0].country) == ("DEU", "UKR")
    assert agree.cameo.startswith("033")  # intent to provide aid, from the complement
    assert ("DEU", "UKR", "AID") in dyads(events, factual=False)  # not yet sent


def test_threat_is_asserted_and_threatened_action_is_not(pipeline: object) -> None:
    events = code(pipeline, "China threatened to impose sanctions on Japan.")
    threat = one(events, "THREATEN")
    assert (threat.source[0].country, threat.target[0].country) == ("CHN", "JPN")
    assert threat.cameo == "1312"
    assert all(e.plover == "THREATEN" for e in events if e.factual)


def test_negation(pipeline: object) -> None:
    events = code(pipeline, "India did not attack Pakistan.")
    assert [e.negated for e in events if e.plover == "ASSAULT"] == [True]
    assert not any(e.factual for e in events)


def test_refusal_is_its_own_reject_event(pipeline: object) -> None:
    events = code(pipeline, "Iran refused to meet Egyptian officials.")
    reject = one(events, "REJECT")
    assert reject.source[0].country == "IRN"
    assert all(not e.factual for e in events if e.plover == "CONSULT")


def test_avoided_and_yet_to_are_not_asserted(pipeline: object) -> None:
    events = code(
        pipeline,
        "The two ministers avoided discussing nuclear arms control. Turkey had yet to "
        "send aid to Syria.",
    )
    assert not [e for e in events if e.factual and e.plover in ("CONSULT", "AID")]


def test_conditional_and_future(pipeline: object) -> None:
    events = code(
        pipeline, "Israel warned that it would attack Lebanon if Hezbollah fired rockets."
    )
    assert one(events, "THREATEN").source[0].country == "ISR"
    assert not [e for e in events if e.factual and e.plover == "ASSAULT"]


def test_announced_intent_codes_as_agree(pipeline: object) -> None:
    events = code(pipeline, "France will send humanitarian aid to Mali, the minister said.")
    agree = one(events, "AGREE")
    assert (agree.source[0].country, agree.target[0].country) == ("FRA", "MLI")
    assert agree.cameo.startswith("033")
    assert ("FRA", "MLI", "AID") in dyads(events, factual=False)


def test_reported_speech_has_attribution(pipeline: object) -> None:
    events = code(pipeline, "Israeli jets struck Lebanon on Sunday, Egyptian officials said.")
    e = one(events, "ASSAULT")
    assert e.modality == "reported" and e.factual
    assert e.attribution is not None and e.attribution.country == "EGY"
    assert "officials" in e.attribution.text


def test_nominal_event_with_light_verb(pipeline: object) -> None:
    e = one(code(pipeline, "Iran launched an attack on Iraq."), "ASSAULT")
    assert (e.source[0].country, e.target[0].country) == ("IRN", "IRQ")


def test_nominal_event_with_possessor(pipeline: object) -> None:
    events = code(pipeline, "Russia's attack on Georgia drew wide criticism.")
    assert ("RUS", "GEO", "ASSAULT") in dyads(events)


def test_place_is_not_a_target(pipeline: object) -> None:
    events = code(pipeline, "Japanese officials protested in Beijing on Monday.")
    assert all(t.code != "CHNGOV" for e in events for t in e.target)


def test_repeated_mentions_merge(pipeline: object) -> None:
    events = code(
        pipeline,
        "Japan imposed sanctions on North Korea.",
        "Japan imposed the sanctions on North Korea after a missile test.",
    )
    e = one(events, "COERCE")
    assert e.mentions == 2 and len(e.spans) == 2


def test_statements_only_on_request(pipeline: object) -> None:
    text = "Brazil said on Monday that the election was fair."
    assert not [e for e in code(pipeline, text) if e.plover is None]
    with_statements = code(pipeline, text, coder=EventCoder(include_statements=True))
    assert [e.cameo[:2] for e in with_statements if e.plover is None] == ["01"]


def test_spans_index_the_article_text(pipeline: object) -> None:
    text = "Russian forces attacked Ukraine on Monday."
    e = one(code(pipeline, "Some filler sentence here.", text), "ASSAULT")
    article_text = "Some filler sentence here.\n\n" + text
    assert article_text[e.span[0] : e.span[1]].startswith("Russian") and e.sentence == text
    assert e.trigger == "attacked" and e.sentence_index == 1


def test_meeting_in_a_third_country_is_044(pipeline: object) -> None:
    events = code(
        pipeline,
        "The Indian foreign minister met with his Chinese counterpart on Saturday in Laos.",
        dateline=Dateline("Vientiane, Laos", "Vientiane", "LAO"),
    )
    e = one(events, "CONSULT")
    assert e.cameo == "044" and e.location is not None and e.location.country == "LAO"
    assert e.date == DAY


def test_relative_clause_about_a_participant_is_background(pipeline: object) -> None:
    events = code(pipeline, "India criticized Pakistan, which attacked Afghanistan on Monday.")
    assert dyads(events) == {("IND", "PAK", "ACCUSE")}


def test_intent_marker_codes_through_its_complement(pipeline: object) -> None:
    hostile = code(pipeline, "Greece plans to impose sanctions on Turkey.")
    assert ("GRC", "TUR", "THREATEN") in dyads(hostile)
    neutral = code(pipeline, "Greece plans to sue Turkey.")
    assert not [e for e in neutral if e.factual and e.plover == "AGREE"]


def test_hyphenated_country_pair_names_both_sides(pipeline: object) -> None:
    events = code(pipeline, "Japan pledged to improve Japan-China relations.")
    assert ("JPN", "CHN", "AGREE") in dyads(events)


def test_according_to_names_the_reporter(pipeline: object) -> None:
    e = one(
        code(pipeline, "Russia attacked Ukraine overnight, according to Ukrainian officials."),
        "ASSAULT",
    )
    assert e.modality == "reported" and e.attribution is not None
    assert e.attribution.country == "UKR"


def test_forecast_is_no_intent_and_negated_forecast_no_refusal(pipeline: object) -> None:
    events = code(pipeline, "Iran is not expected to meet Saudi officials next week.")
    assert not [e for e in events if e.factual]
