"""Whom an event is done to: the target rules of the coder, on real parses.

Each test is one class of rule (own people as targets of hostile acts, the doer of a
rejected or investigated deed, complaints about someone, complements' targets, places
hit by an event, clauses that name no target, subjunctive demands)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.model import Article, Event
from newsevents.nlp import to_parsed

pytestmark = pytest.mark.slow

DAY = dt.date(2024, 7, 27)


def code(pipeline: object, text: str) -> list[Event]:
    article = Article(id="t", date=DAY, paragraphs=(text,))
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    mentions = pipeline.resolver.resolve(parsed, article)  # type: ignore[attr-defined]
    return pipeline.coder.code(article, parsed, mentions)  # type: ignore[attr-defined]


def factual(events: list[Event], plover: str) -> Event:
    found = [e for e in events if e.plover == plover and e.factual]
    assert len(found) == 1, [(e.plover, e.cameo, e.trigger, e.modality) for e in events]
    return found[0]


def target_codes(e: Event) -> list[str | None]:
    return [a.code for a in e.target]


def test_own_people_are_the_target_of_a_hostile_act(pipeline: object) -> None:
    # Teachers of the police's own country are whom they pressure, not people they send.
    e = factual(code(pipeline, "Kenyan police pressured striking teachers to end their walkout."),
                "REQUEST")  # fmt: skip
    assert target_codes(e) == ["KENEDU"]
    e = factual(code(pipeline, "Egyptian police dispersed Egyptian students in Cairo."), "ASSAULT")
    assert target_codes(e) == ["EGYEDU"]


def test_own_troops_sent_are_not_the_target(pipeline: object) -> None:
    e = factual(code(pipeline, "France contributed troops to a peacekeeping force in Mali."), "AID")
    assert [a.country for a in e.target] == ["MLI"]


def test_rejecting_a_proposal_targets_who_made_it(pipeline: object) -> None:
    e = factual(code(pipeline, "Kenya rejected a Ugandan request for new border talks."), "REJECT")
    assert [a.country for a in e.target] == ["UGA"]


def test_investigating_a_deed_targets_its_doer(pipeline: object) -> None:
    text = "Croatia is investigating killings by Serbian paramilitaries against civilians."
    e = factual(code(pipeline, text), "ACCUSE")
    assert target_codes(e) == ["SRBMIL"]


def test_a_complaint_is_about_someone_not_to_its_audience(pipeline: object) -> None:
    text = "Greece complained to the European Union over Turkish military flights."
    e = factual(code(pipeline, text), "ACCUSE")
    assert [a.country for a in e.target] == ["TUR"]


def test_agreement_takes_the_targets_of_what_is_agreed(pipeline: object) -> None:
    text = "The Japanese parliament agreed to lift sanctions on Iran and Syria."
    e = factual(code(pipeline, text), "AGREE")
    assert sorted(a.country or "" for a in e.target) == ["IRN", "SYR"]


def test_a_capital_as_the_place_of_a_sanction_names_its_country(pipeline: object) -> None:
    e = factual(
        code(pipeline, "The Red Crescent suspended aid deliveries in Damascus."), "SANCTION"
    )
    assert [(a.country, a.sector) for a in e.target] == [("SYR", None)]


def test_passive_subject_names_whom_it_is_for(pipeline: object) -> None:
    text = "A camp for Sudanese refugees was attacked by Chadian rebels."
    e = factual(code(pipeline, text), "ASSAULT")
    assert target_codes(e) == ["SDNREF"] and [a.code for a in e.source] == ["TCDREB"]


def test_a_without_clause_names_no_target(pipeline: object) -> None:
    text = "The Kyrgyz president agreed to resign without returning to Russia."
    e = factual(code(pipeline, text), "AGREE")
    assert "RUS" not in {a.country for a in e.target}


def test_a_destination_is_not_whom_talks_are_with(pipeline: object) -> None:
    text = "Iranian and French negotiators returned to Vienna for talks."
    e = factual(code(pipeline, text), "CONSULT")
    assert "AUT" not in {a.country for a in (*e.source, *e.target)}


def test_a_subjunctive_demand_is_not_an_event_that_happened(pipeline: object) -> None:
    events = code(pipeline, "The UN demanded that Israel withdraw its troops from Gaza.")
    assert factual(events, "REQUEST").target[0].country == "ISR"
    withdrawals = [e for e in events if e.plover == "RETREAT"]
    assert withdrawals and not any(e.factual for e in withdrawals)


def test_violence_by_no_named_actor_is_coded_to_unidentified_attackers(pipeline: object) -> None:
    text = "Two Afghan policemen were killed by a roadside bomb near the town of Kunduz."
    e = factual(code(pipeline, text), "ASSAULT")
    assert [a.code for a in e.source] == ["AFGUAF"] and target_codes(e) == ["AFGCOP"]
    e = factual(code(pipeline, "A car bomb killed four Somali soldiers in Mogadishu."), "ASSAULT")
    assert [a.code for a in e.source] == ["SOMUAF"]
    # a subject that is neither an actor nor a weapon names no attack
    assert not code(pipeline, "Air defences engaged Russian missiles over Kyiv.")


def test_violence_is_aimed_at_not_from(pipeline: object) -> None:
    text = "Houthi rebels fired missiles at Saudi Arabia from Yemen on Friday."
    e = factual(code(pipeline, text), "ASSAULT")
    assert [a.country for a in e.target] == ["SAU"]


def test_troops_a_country_moves_are_not_its_target(pipeline: object) -> None:
    e = factual(code(pipeline, "India deployed 5,000 troops to its eastern border."), "MOBILIZE")
    assert e.target == ()


def test_condemning_an_attack_accuses_its_doer(pipeline: object) -> None:
    text = "The Chadian government condemned an attack by Sudanese soldiers on Thursday."
    events = code(pipeline, text)
    assert target_codes(factual(events, "ACCUSE")) == ["SDNMIL"]
    assert [a.code for a in factual(events, "ASSAULT").source] == ["SDNMIL"]


def test_he_is_the_speaker_a_passive_quotes(pipeline: object) -> None:
    text = (
        "The Sultan of Oman was quoted as saying he was ready to mediate between Iran "
        "and the United States."
    )
    e = factual(code(pipeline, text), "AGREE")
    assert [a.country for a in e.source] == ["OMN"]


def test_a_coordinated_event_noun_shares_its_phrase(pipeline: object) -> None:
    text = "Iran launched a massive missile and drone attack on Israel on Saturday."
    e = factual(code(pipeline, text), "ASSAULT")
    assert [a.country for a in e.target] == ["ISR"]


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # The one who faces criticism is its target, not its source.
        ("The Kenyan president faced criticism from opposition lawmakers over the loan.",
         "ACCUSE", "KENOPP", "KENGOV"),
        # The one who receives aid is its target; the "from" phrase hangs on the verb.
        ("Syria received military aid from Russia.", "AID", "RUS", "SYR"),
        ("Japan received aid from the United States.", "AID", "USA", "JPN"),
        # Charges someone faces are brought by the state where they face them, unnamed.
        ("The Russian opposition leader faces new charges in Russia.", "ACCUSE", "RUSJUD", "RUSOPP"),
    ],
)
def test_what_someone_faces_or_receives_is_done_to_them(
    pipeline: object, text: str, plover: str, source: str, target: str
) -> None:
    e = factual(code(pipeline, text), plover)
    assert [a.code for a in e.source] == [source]
    assert target_codes(e) == [target]


def test_a_passive_accusation_has_no_unnamed_court(pipeline: object) -> None:
    # Anyone accuses; only "faces charges" implies the state: no invented prosecutor here.
    events = code(pipeline, "The Italian government has been accused of underfunding research.")
    assert not [e for e in events if any(a.text == "unnamed authorities" for a in e.source)]


def test_the_body_one_is_expelled_from_did_the_expelling(pipeline: object) -> None:
    e = factual(code(pipeline, "The Kenyan MP was expelled from the ruling party over the war."),
                "SANCTION")  # fmt: skip
    assert [a.code for a in e.source] == ["KENPTY"] and target_codes(e) == ["KENLEG"]


def test_a_release_from_prison_is_the_states_and_from_captivity_is_not(pipeline: object) -> None:
    e = factual(code(pipeline, "The Kenyan activist was freed from prison in July."), "RETREAT")
    assert [a.code for a in e.source] == ["KENGOV"]
    assert not code(pipeline, "Two Kenyan hostages were freed from captivity.")


def test_unnamed_authorities_need_someone_acted_on_and_take_the_storys_country(
    pipeline: object,
) -> None:
    story = ("Kenyan officials said the Kenyan police had questioned a Kenyan lawyer. "
             "The Kenyan interior minister defended the inquiry.")  # fmt: skip
    article = Article(id="t", date=DAY, paragraphs=(story, "John Kamau was arrested in April."))
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    mentions = pipeline.resolver.resolve(parsed, article)  # type: ignore[attr-defined]
    events = pipeline.coder.code(article, parsed, mentions)  # type: ignore[attr-defined]
    arrests = [e for e in events if e.cameo == "173" and e.sentence_index == 2]
    assert [[a.code for a in e.source] for e in arrests] == [["KENCOP"]]
    # "they" unknown: no unnamed court convicting no one
    assert not code(pipeline, "They were convicted under a state law in Kenya.")


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("The Kenyan minister faces calls from opposition MPs to resign.", "KENOPP", "KENGOV"),
        ("Kenyan President William Ruto faces pressure from the IMF to cut spending.",
         "IGOBUSIMF", "KENGOV"),
    ],
)
def test_calls_and_pressure_someone_faces_are_requests_of_them(
    pipeline: object, text: str, source: str, target: str
) -> None:
    e = factual(code(pipeline, text), "REQUEST")
    assert [a.code for a in e.source] == [source] and target_codes(e) == [target]


def test_an_aide_between_two_sides_stands_for_whom_they_serve(pipeline: object) -> None:
    text = ("He witnessed a key conversation in Warsaw between the US envoy and a top aide to "
            "the Ukrainian president.")  # fmt: skip
    events = [e for e in code(pipeline, text) if e.plover == "CONSULT"]
    assert [(target_codes(e), e.location.country if e.location else None) for e in events] == [
        (["UKRGOV"], "POL")
    ]
