"""Scoring event dates and places against the gold's ``date`` and ``place`` fields.

The real-news gold (ANNOTATION.md) gives each event, where the text says, a ``date``
(``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), a ``place`` (``{"name", "country"}``) and
the ``sentence`` that first reports it. Two ways of pairing gold and predicted events
(factual predictions only, as every evaluation):

- **matched** (the figures the issue names): per item, each gold event with the
  predicted event of the same PLOVER type whose dyad matches (``evaluate.gold_dyads``:
  a reciprocal gold event either way), one-to-one, the one reporting it in the gold's
  sentence first;
- **matched in the gold's sentence**: the same, keeping only pairs whose prediction
  comes from the gold's sentence (the same happening, not a namesake elsewhere);
- **by sentence** (to see more): each gold event with a predicted event in its
  sentence, of its type if there is one, else of any type.

Over the pairs:
- **date accuracy**, over gold events with a date: the predicted date, read at the
  gold's precision, is the gold's, and the prediction is at least that precise (a
  ``before``, ``unknown`` or coarser date is wrong; a day for a gold month is right
  when it falls in that month);
- **place-country accuracy**, over gold events with a place: the predicted location's
  country is the gold place's (no location is wrong);
- **place coverage**, over the same: the prediction has a location at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .evaluate import Accuracy, GoldEvent, GoldItem, factual, gold_dyads, predicted_dyads
from .model import Event

# How fine each precision is; a prediction must be at least as fine as the gold.
FINENESS = {"year": 0, "month": 1, "week": 2, "day": 3}
GOLD_PRECISION = {4: "year", 7: "month", 10: "day"}  # by the length of the ISO text


@dataclass(frozen=True, slots=True)
class GoldWhenWhere:
    """The date, place and sentence the gold gives one event (None where it says none)."""

    date: str | None
    place_country: str | None
    has_place: bool
    sentence: str | None


@dataclass(slots=True)
class WhenWhereScores:
    events: int = 0  # gold events paired with a prediction
    date: Accuracy = field(default_factory=Accuracy)
    place_country: Accuracy = field(default_factory=Accuracy)
    place_coverage: Accuracy = field(default_factory=Accuracy)

    def add(self, gold: GoldWhenWhere, predicted: Event) -> None:
        self.events += 1
        if gold.date:
            self.date.count(date_matches(gold.date, predicted))
        if gold.has_place:
            location = predicted.location
            self.place_coverage.count(location is not None)
            self.place_country.count(
                location is not None and location.country == gold.place_country
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "paired_events": self.events,
            "date_accuracy": self.date.to_dict(),
            "place_country_accuracy": self.place_country.to_dict(),
            "place_coverage": self.place_coverage.to_dict(),
        }


@dataclass(slots=True)
class WhenWhereReport:
    matched: WhenWhereScores = field(default_factory=WhenWhereScores)
    matched_in_sentence: WhenWhereScores = field(default_factory=WhenWhereScores)
    by_sentence: WhenWhereScores = field(default_factory=WhenWhereScores)
    gold_with_date: int = 0
    gold_with_place: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_events_with_date": self.gold_with_date,
            "gold_events_with_place": self.gold_with_place,
            "matched_type_and_dyad": self.matched.to_dict(),
            "matched_in_gold_sentence": self.matched_in_sentence.to_dict(),
            "by_sentence": self.by_sentence.to_dict(),
        }


def date_matches(gold: str, predicted: Event) -> bool:
    """The predicted date read at the gold's precision is the gold's, at least as fine."""
    precision = GOLD_PRECISION.get(len(gold))
    if predicted.date is None or precision is None:
        return False
    fineness = FINENESS.get(predicted.date_precision or "")
    if fineness is None or fineness < FINENESS[precision]:
        return False
    return predicted.date.isoformat()[: len(gold)] == gold


def load_when_where(path: str | Path) -> dict[str, list[GoldWhenWhere]]:
    """Per item id, per gold event (in the file's order): its date, place and sentence."""
    out: dict[str, list[GoldWhenWhere]] = {}
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            out[str(item["id"])] = [_gold_fields(e) for e in item.get("events") or []]
    return out


def _gold_fields(event: dict[str, Any]) -> GoldWhenWhere:
    place = event.get("place")
    date = event.get("date")
    return GoldWhenWhere(
        str(date) if date else None,
        place.get("country") if isinstance(place, dict) else None,
        isinstance(place, dict),
        event.get("sentence"),
    )


def _same_sentence(gold: str | None, predicted: Event) -> bool:
    if not gold:
        return False
    g, p = " ".join(gold.split()), " ".join(predicted.sentence.split())
    return bool(g and p) and (g in p or p in g)


def _dyad_match(gold: GoldEvent, predicted: Event) -> bool:
    keys = gold_dyads([gold])
    return bool(keys & predicted_dyads([predicted], keys))


def pair_matched(
    gold: Sequence[GoldEvent], extra: Sequence[GoldWhenWhere], predicted: Sequence[Event]
) -> list[tuple[GoldWhenWhere, Event]]:
    """Gold events with the prediction of the same type and dyad (one-to-one, the one
    in the gold's sentence first)."""
    free = list(predicted)
    pairs = []
    for g, w in zip(gold, extra, strict=False):
        same = [p for p in free if g.plover and p.plover == g.plover and _dyad_match(g, p)]
        if not same:
            continue
        chosen = next((p for p in same if _same_sentence(w.sentence, p)), same[0])
        free.remove(chosen)
        pairs.append((w, chosen))
    return pairs


def pair_by_sentence(
    gold: Sequence[GoldEvent], extra: Sequence[GoldWhenWhere], predicted: Sequence[Event]
) -> list[tuple[GoldWhenWhere, Event]]:
    """Gold events with a prediction in their sentence, of their type if one is."""
    pairs = []
    for g, w in zip(gold, extra, strict=False):
        there = [p for p in predicted if _same_sentence(w.sentence, p)]
        if there:
            pairs.append((w, next((p for p in there if p.plover == g.plover), there[0])))
    return pairs


def score_when_where(
    gold_path: str | Path, scored: Iterable[tuple[GoldItem, Sequence[Event]]]
) -> WhenWhereReport:
    """Score the dates and places of (gold item, its predictions) pairs."""
    extras = load_when_where(gold_path)
    report = WhenWhereReport()
    for item, events in scored:
        if item.noevents:
            continue
        extra = extras.get(item.id, [])
        report.gold_with_date += sum(1 for w in extra if w.date)
        report.gold_with_place += sum(1 for w in extra if w.has_place)
        predicted = factual(events)
        for w, p in pair_matched(item.events, extra, predicted):
            report.matched.add(w, p)
            if _same_sentence(w.sentence, p):
                report.matched_in_sentence.add(w, p)
        for w, p in pair_by_sentence(item.events, extra, predicted):
            report.by_sentence.add(w, p)
    return report
