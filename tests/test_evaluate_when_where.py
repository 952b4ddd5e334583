"""Scoring event dates and places against the gold's date and place fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from newsevents.evaluate import load_gold
from newsevents.evaluate_when_where import date_matches, score_when_where
from newsevents.model import Actor, Event, Location

D = dt.date


def _event(plover: str, src: str, tgt: str, sentence: str, **kw: object) -> Event:
    cameo = {"CONSULT": "040", "ASSAULT": "190", "ACCUSE": "111"}[plover]
    return Event("a", 0, sentence, "x", (0, 1), (Actor(src, country=src),),
                 (Actor(tgt, country=tgt),), cameo, plover, **kw)  # type: ignore[arg-type]  # fmt: skip


def test_date_is_read_at_the_gold_precision() -> None:
    e = _event("CONSULT", "USA", "CHN", "s", date=D(2019, 4, 12), date_precision="day")
    assert date_matches("2019-04-12", e) and date_matches("2019-04", e) and date_matches("2019", e)
    assert not date_matches("2019-04-13", e)
    month = dataclasses.replace(e, date_precision="month", date=D(2019, 4, 1))
    assert date_matches("2019-04", month) and not date_matches("2019-04-01", month)
    before = dataclasses.replace(e, date_precision="before")
    assert not date_matches("2019-04-12", before)
    assert not date_matches("2019", dataclasses.replace(e, date=None, date_precision="unknown"))


def test_scores_over_matched_and_sentence_pairs(tmp_path: Path) -> None:
    s1, s2 = "Blinken met Wang in Vientiane on Saturday.", "Troops shelled the town in 2019."
    gold = {"id": "a", "text": f"{s1} {s2}", "date": "2024-07-27", "events": [
        {"source": [{"country": "USA"}], "target": [{"country": "CHN"}], "plover": "CONSULT",
         "sentence": s1, "date": "2024-07-27", "place": {"name": "Vientiane", "country": "LAO"}},
        {"source": [{"country": "RUS"}], "target": [{"country": "UKR"}], "plover": "ASSAULT",
         "sentence": s2, "date": "2019", "place": {"name": "Kharkiv", "country": "UKR"}},
    ]}  # fmt: skip
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    vientiane = Location("Vientiane", "LAO", 17.9, 102.6, 1651944, "city")
    predicted = [
        _event("CONSULT", "USA", "CHN", s1, date=D(2024, 7, 27), date_precision="day",
               location=vientiane),
        # right sentence, wrong type and dyad: paired by sentence only; dated wrong
        _event("ACCUSE", "UKR", "RUS", s2, date=D(2024, 7, 27), date_precision="day"),
    ]  # fmt: skip
    (item,) = load_gold(path)
    report = score_when_where(path, [(item, predicted)]).to_dict()
    assert (report["gold_events_with_date"], report["gold_events_with_place"]) == (2, 2)
    matched = report["matched_type_and_dyad"]
    assert matched["paired_events"] == 1
    assert matched["date_accuracy"] == {"accuracy": 1.0, "correct": 1, "total": 1}
    assert matched["place_country_accuracy"]["correct"] == 1
    by_sentence = report["by_sentence"]
    assert by_sentence["paired_events"] == 2
    assert by_sentence["date_accuracy"] == {"accuracy": 0.5, "correct": 1, "total": 2}
    assert by_sentence["place_coverage"] == {"accuracy": 0.5, "correct": 1, "total": 2}
