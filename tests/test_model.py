"""The data model serialises exactly as CONTRACT.md says and round-trips."""

from __future__ import annotations

import datetime as dt
import json

from newsevents.model import (
    Actor,
    Article,
    Attribution,
    Dateline,
    Event,
    Location,
    actor_code,
)

CONTRACT_EVENT_KEYS = {
    "event_id", "article_id", "sentence_index", "sentence", "trigger", "span", "date",
    "date_precision", "source", "target", "plover", "plover_mode", "cameo", "cameo_root",
    "quad_class", "goldstein", "negated", "modality", "location", "attribution", "confidence",
}  # fmt: skip
CONTRACT_ARTICLE_KEYS = {
    "id", "url", "title", "dek", "date", "dateline", "paragraphs", "text", "boilerplate",
    "related_headlines",
}  # fmt: skip
CONTRACT_ACTOR_KEYS = {"text", "name", "code", "country", "sector", "role"}


def make_event(**changes: object) -> Event:
    base: dict[str, object] = dict(
        article_id="a1",
        sentence_index=0,
        sentence="Blinken met Wang in Vientiane.",
        trigger="met",
        span=(8, 11),
        source=(Actor("Blinken", "Antony Blinken", "USAGOV", "USA", "GOV", "Secretary of State"),),
        target=(Actor("Wang", "Wang Yi", "CHNGOV", "CHN", "GOV"),),
        cameo="044",
        plover="CONSULT",
        plover_mode="third-party",
        quad_class=1,
        goldstein=1.0,
        date=dt.date(2024, 7, 27),
        date_precision="day",
        location=Location("Vientiane", "LAO", 17.9667, 102.6, 1651944),
        attribution=Attribution("A senior U.S. State Department official", "USA", "GOV"),
        confidence=0.8,
    )
    base.update(changes)
    return Event(**base)  # type: ignore[arg-type]


def test_event_json_has_contract_keys_and_round_trips() -> None:
    event = make_event()
    d = json.loads(json.dumps(event.to_dict()))
    assert CONTRACT_EVENT_KEYS <= set(d)
    assert d["cameo_root"] == "04" and d["date"] == "2024-07-27"
    assert CONTRACT_ACTOR_KEYS == set(d["source"][0])
    assert Event.from_dict(d) == event


def test_event_id_is_stable_and_depends_on_content() -> None:
    assert make_event().event_id == make_event().event_id
    assert make_event().event_id != make_event(cameo="040").event_id
    assert len(make_event().event_id) == 16


def test_factual_leaves_out_negated_and_non_asserted() -> None:
    assert make_event().factual
    assert make_event(modality="reported").factual
    assert not make_event(negated=True).factual
    assert not make_event(modality="future").factual


def test_article_json_and_hash() -> None:
    art = Article(
        id="x",
        title="T",
        date=dt.date(2024, 7, 27),
        dateline=Dateline("Vientiane, Laos", "Vientiane", "LAO"),
        paragraphs=("One.", "Two."),
        boilerplate=("Recent News",),
    )
    d = art.to_dict()
    assert CONTRACT_ARTICLE_KEYS <= set(d)
    assert d["text"] == "One.\n\nTwo."
    assert Article.from_dict(d) == art
    changed = Article.from_dict({**d, "paragraphs": ["One.", "Three."]})
    assert changed.content_hash != art.content_hash


def test_actor_code() -> None:
    assert actor_code("USA", "GOV") == "USAGOV"
    assert actor_code("CHN", None) == "CHN"
    assert actor_code(None, None) is None
