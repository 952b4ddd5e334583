"""The team's test set for event dates and places (tests/fixtures/when_*.jsonl).

Each case is a short story (its first paragraph may open with a wire dateline), the
article date the reader would pass (or none), the word of the event's trigger, and the
date, precision and source, or the place's country, name, precision and source, that
the event must get. The story goes through the real reader (datelines, article-date
precedence) and the spaCy model; the date and place come from ``when`` and ``where``
directly, so the cases test this stage and not which events the coder finds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from newsevents.article import TextStructurer
from newsevents.gazetteer import Gazetteer
from newsevents.model import Actor, Article, Event
from newsevents.parsed import ParsedDoc
from newsevents.when import RunningDates, event_date
from newsevents.where import StoryPlaces

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
# A CAMEO code for each quad class a place case names: meet, cooperate, accuse, assault.
CAMEO_OF_QUAD = {1: "040", 2: "060", 3: "111", 4: "190"}


def _cases(name: str) -> list[dict[str, Any]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


DATE_CASES = _cases("when_dates.jsonl")
PLACE_CASES = _cases("where_places.jsonl")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _read(case: dict[str, Any], pipeline: Any) -> tuple[Article, ParsedDoc, int]:
    from newsevents.nlp import to_parsed

    date = dt.date.fromisoformat(case["date"]) if case.get("date") else None
    article = TextStructurer.default().structure(
        case["text"], case["id"], None, title="Headline", fallback_date=date
    )
    parsed = to_parsed(pipeline.nlp(article.text))
    hits = [t.i for t in parsed.tokens if t.text == case["trigger"]]
    assert hits, f"{case['id']}: no token {case['trigger']!r}"
    return article, parsed, hits[case.get("nth", 0)]


def _story_source(article: Article) -> str:
    return "dateline" if article.date_source == "dateline" else "article"


def test_the_set_is_big_enough() -> None:
    assert len(DATE_CASES) >= 60
    assert len(PLACE_CASES) >= 30
    assert sum(1 for c in DATE_CASES if c.get("dateline")) >= 6  # stories with datelines
    assert {c["expect"][1] for c in DATE_CASES} >= {"day", "week", "month", "year", "before",
                                                     "unknown"}  # fmt: skip


@pytest.mark.parametrize("case", DATE_CASES, ids=[c["id"] for c in DATE_CASES])
def test_event_date(case: dict[str, Any], pipeline: Any) -> None:
    article, parsed, trigger = _read(case, pipeline)
    if case.get("dateline"):
        assert article.dateline is not None, "the dateline is not recognised"
    sentence = parsed.sentences[parsed.tokens[trigger].sent]
    running = RunningDates(parsed, article.date)
    found = event_date(parsed, sentence, trigger, article.date, _story_source(article), running)
    got = [found.date.isoformat() if found.date else None, found.precision, found.source]
    assert got == case["expect"], sentence.text


def _event(case: dict[str, Any]) -> Event:
    return Event(
        case["id"], 0, "", case["trigger"], (0, 0),
        tuple(Actor(c, country=c) for c in case.get("source", [])),
        tuple(Actor(c, country=c) for c in case.get("target", [])),
        CAMEO_OF_QUAD[case.get("quad", 1)], None, quad_class=case.get("quad", 1),
    )  # fmt: skip


@pytest.mark.parametrize("case", PLACE_CASES, ids=[c["id"] for c in PLACE_CASES])
def test_event_place(case: dict[str, Any], pipeline: Any, gazetteer: Gazetteer) -> None:
    article, parsed, trigger = _read(case, pipeline)
    sentence = parsed.sentences[parsed.tokens[trigger].sent]
    when = event_date(parsed, sentence, trigger, article.date, _story_source(article))
    actors = [*case.get("source", []), *case.get("target", []), *case.get("story", [])]
    places = StoryPlaces(gazetteer, parsed, article.dateline, actors, article.date)
    location, source = places.locate(sentence, trigger, _event(case), when)
    expect = case["expect"]
    if expect is None:
        assert location is None, f"{sentence.text}: placed at {location}"
        return
    assert location is not None, f"{sentence.text}: no place"
    got = {"country": location.country, "name": location.name,
           "precision": location.precision, "source": source}  # fmt: skip
    assert {k: got[k] for k in expect} == expect, sentence.text
