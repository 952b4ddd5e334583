"""Visits, trips and diplomatic ties: the CONSULT (042/043) and relations (054/161)
mechanics of news English, on sentences of our own."""

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


def factual(events: list[Event], cameo: str) -> list[tuple[str | None, str | None]]:
    """(source country, target country) of the factual events with this CAMEO code."""
    return [
        (s.country, t.country)
        for e in events
        if e.cameo == cameo and e.factual
        for s in e.source
        for t in e.target
    ]


@pytest.mark.parametrize(
    ("sentence", "dyad"),
    [
        ("Indian Prime Minister Narendra Modi left for Moscow on Tuesday.", ("IND", "RUS")),
        ("The Iranian foreign minister arrived in Beijing on Monday.", ("IRN", "CHN")),
        ("The Brazilian president departed for Angola on Sunday.", ("BRA", "AGO")),
        ("The German chancellor paid a state visit to France on Thursday.", ("DEU", "FRA")),
        ("The Ukrainian president made a surprise trip to Washington.", ("UKR", "USA")),
        ("The Japanese prime minister is on a three-day visit to Vietnam.", ("JPN", "VNM")),
    ],
)
def test_trips_are_visits_to_the_place(
    pipeline: object, sentence: str, dyad: tuple[str, str]
) -> None:
    events = code(pipeline, sentence)
    assert dyad in factual(events, "042"), [(e.cameo, e.trigger) for e in events]
    assert not [e for e in events if e.plover == "AGREE"]  # a visit made is no intent


@pytest.mark.parametrize(
    "sentence",
    [
        "The soldiers left for the front on Tuesday.",
        "The Brazilian president departed from Angola on Sunday.",
    ],
)
def test_going_somewhere_without_a_host_is_no_event(pipeline: object, sentence: str) -> None:
    assert [e.cameo for e in code(pipeline, sentence) if e.plover == "CONSULT"] == []


def test_host_and_receive_are_043(pipeline: object) -> None:
    events = code(pipeline, "Kenya hosted the Ethiopian prime minister on Wednesday.")
    assert ("KEN", "ETH") in factual(events, "043")
    events = code(pipeline, "The Egyptian president received the Saudi foreign minister.")
    assert ("EGY", "SAU") in factual(events, "043")


@pytest.mark.parametrize(
    ("sentence", "dyad"),
    [
        ("Japan renewed diplomatic ties with South Korea after a five-year break.", ("JPN", "KOR")),
        ("Saudi Arabia resumed diplomatic relations with Iran on Friday.", ("SAU", "IRN")),
        ("Qatar reestablished diplomatic relations with Egypt.", ("QAT", "EGY")),
        ("Bolivia is about to restore full diplomatic ties with Chile.", ("BOL", "CHL")),
        ("Nigeria established diplomatic relations with Israel in 1960.", ("NGA", "ISR")),
    ],
)
def test_restoring_ties_is_054(pipeline: object, sentence: str, dyad: tuple[str, str]) -> None:
    assert dyad in factual(code(pipeline, sentence), "054")


def test_severing_ties_is_161(pipeline: object) -> None:
    events = code(pipeline, "Morocco severed diplomatic ties with Iran.")
    assert ("MAR", "IRN") in factual(events, "161")


@pytest.mark.parametrize(
    "sentence",
    [
        "Neither Egypt nor Jordan boycotted the talks with Israel.",
        "Neither the United States nor Britain condemned Israel on Monday.",
    ],
)
def test_negative_subject_negates_the_deed(pipeline: object, sentence: str) -> None:
    events = [e for e in code(pipeline, sentence) if e.trigger in ("boycotted", "condemned")]
    assert events and all(e.negated and not e.factual for e in events)


def test_positive_subject_is_not_negated(pipeline: object) -> None:
    events = code(pipeline, "Egypt and Jordan boycotted the talks with Israel.")
    assert [e for e in events if e.trigger == "boycotted" and e.factual]


def test_peacekeepers_arriving_are_peacekeeping_not_a_visit(pipeline: object) -> None:
    events = code(pipeline, "A first batch of Nepali peacekeeping troops arrived in Lebanon.")
    assert [e.cameo for e in events if e.factual] == ["074"]
    assert ("NPL", "LBN") in factual(events, "074")


def test_other_troops_arriving_are_no_visit(pipeline: object) -> None:
    assert not [e for e in code(pipeline, "Russian troops arrived in Syria.") if e.cameo == "042"]
