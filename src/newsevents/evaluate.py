"""Scoring the coder against a gold file, exactly as CONTRACT.md's "Gold format" says.

Per item (its text coded as one article, id = item id, date = item date), negated and
non-asserted predictions (``not Event.factual``) are left out, then:

- **type**: multiset of predicted PLOVER types against the gold multiset; true positives
  are the multiset intersection. Gold events without a PLOVER type (PETRARCH's test codes
  such as 023 or 903) and predictions without one (CAMEO 01 statements) take no part.
- **dyad**: the set of (source country, target country, PLOVER) triples, each event's
  source and target lists expanded to every pair, a missing country counting as ``---``
  (an empty list gives one ``---``). A reciprocal gold event gives unordered pairs of
  distinct values among its actors; the predicted triples matching such a pair in
  either direction are merged into one, so it counts once (no false positive for the
  second direction).
- **cameo_root**: as dyad with the CAMEO root in place of the PLOVER type, only on items
  whose gold has CAMEO codes (so not on ``noevents`` items, whose gold has none).
- ``noevents`` items: every prediction is a false positive.
P, R and F1 come from true/false positive and false negative counts summed over items.

Beyond the contract:
- **confusion** (gold type x predicted type) from a per-item alignment: first gold and
  predicted events of the same type, most shared actor countries first; then remaining
  pairs sharing a country; then, if one gold and one predicted event are left, those
  two. Unaligned events count against ``NONE``.
- **actors**: on aligned pairs, is the source right (the set of its countries equals the
  gold's), the target likewise (for a reciprocal gold event both compare all the actors
  on either side), and, for each gold actor with a sector, does a predicted actor on the
  same side have that country and sector (first three letters: ``CVLalb`` is ``CVL``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .model import PLOVER_TYPES, Actor, Article, CodedArticle, Event, parse_date
from .read.dateline import DatelineParser

MISSING = "---"
NONE = "NONE"  # the confusion table's row/column for an unaligned event

DyadKey = tuple[str, str, str, str]  # ("o", source, target, label) or ("u", a, b, label)


class GoldFormatError(ValueError):
    """A gold file line does not follow CONTRACT.md's gold format."""


@dataclass(frozen=True, slots=True)
class GoldActor:
    country: str | None
    sector: str | None = None
    code: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]
    plover: str | None
    cameo: str | None = None
    reciprocal: bool = False
    sentence: str | None = None  # the first body sentence reporting it (real-news gold)


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    text: str
    date: dt.date | None = None
    noevents: bool = False
    events: tuple[GoldEvent, ...] = ()
    set: str | None = None

    @property
    def has_cameo(self) -> bool:
        return any(e.cameo for e in self.events)

    def article(self, datelines: DatelineParser | None = None) -> Article:
        """The item as one article; its blank lines separate paragraphs. With
        ``datelines``, a wire dateline opening the first paragraph ("HANOI, Vietnam (AP)
        —") is read as the reader reads one, not parsed as words of the text (its
        offsets then start after it); the item's date stays the article's date."""
        paragraphs = tuple(self.text.split("\n\n"))
        found = datelines.parse(paragraphs[0]) if datelines is not None and paragraphs else None
        if found is None:
            return Article(id=self.id, date=self.date, paragraphs=paragraphs)
        dateline, rest = found
        body = (rest, *paragraphs[1:]) if rest else paragraphs[1:]
        return Article(id=self.id, date=self.date, paragraphs=body, dateline=dateline)


# --- reading -----------------------------------------------------------------------


def _actor(d: Any, where: str) -> GoldActor:
    if not isinstance(d, dict):
        raise GoldFormatError(f"{where}: actor must be an object")
    return GoldActor(d.get("country"), d.get("sector"), d.get("code"), d.get("text"))


def _event(d: Any, where: str) -> GoldEvent:
    if not isinstance(d, dict) or not isinstance(d.get("source", []), list):
        raise GoldFormatError(f"{where}: event must be an object with a source list")
    plover = d.get("plover")
    if plover is not None and plover not in PLOVER_TYPES:
        raise GoldFormatError(f"{where}: unknown PLOVER type {plover!r}")
    cameo = d.get("cameo")
    # PETRARCH's own test codes ("174K", "903") are kept: only the root is compared.
    if cameo is not None and not (isinstance(cameo, str) and cameo[:2].isdigit()):
        raise GoldFormatError(f"{where}: bad CAMEO code {cameo!r}")
    return GoldEvent(
        source=tuple(_actor(a, where) for a in d.get("source") or ()),
        target=tuple(_actor(a, where) for a in d.get("target") or ()),
        plover=plover,
        cameo=cameo,
        reciprocal=bool(d.get("reciprocal")),
        sentence=d.get("sentence") if isinstance(d.get("sentence"), str) else None,
    )


def parse_gold_item(d: Any, where: str = "gold") -> GoldItem:
    if not isinstance(d, dict) or "id" not in d or not isinstance(d.get("text"), str):
        raise GoldFormatError(f"{where}: an item needs an id and a text")
    try:
        date = parse_date(d.get("date"))
    except ValueError as exc:
        raise GoldFormatError(f"{where}: bad date {d.get('date')!r}") from exc
    events = d.get("events") or []
    if not isinstance(events, list):
        raise GoldFormatError(f"{where}: events must be a list")
    return GoldItem(
        id=str(d["id"]),
        text=d["text"],
        date=date,
        noevents=bool(d.get("noevents")),
        events=tuple(_event(e, f"{where} event {n}") for n, e in enumerate(events)),
        set=d.get("set"),
    )


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold JSONL file; GoldFormatError names the line of the first bad item."""
    items = []
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            items.append(parse_gold_item(obj, f"{path}:{n}"))
    return items


# --- counting ----------------------------------------------------------------------


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn,
        }  # fmt: skip


def _multiset_prf(gold: Counter[str], predicted: Counter[str]) -> PRF:
    tp = sum((gold & predicted).values())
    return PRF(tp, sum(predicted.values()) - tp, sum(gold.values()) - tp)


def _set_prf(gold: set[DyadKey], predicted: set[DyadKey]) -> PRF:
    tp = len(gold & predicted)
    return PRF(tp, len(predicted) - tp, len(gold) - tp)


def factual(events: Iterable[Event]) -> list[Event]:
    """The predictions every evaluation counts: not negated, asserted or reported."""
    return [e for e in events if e.factual]


def _countries(actors: Sequence[GoldActor] | Sequence[Actor]) -> list[str]:
    return [a.country or MISSING for a in actors] or [MISSING]


Label = Literal["plover", "cameo_root"]


def _gold_label(event: GoldEvent, label: Label) -> str | None:
    if label == "plover":
        return event.plover
    return event.cameo[:2] if event.cameo else None


def _pred_label(event: Event, label: Label) -> str | None:
    return event.plover if label == "plover" else event.cameo_root


def gold_dyads(events: Iterable[GoldEvent], label: Label = "plover") -> set[DyadKey]:
    keys: set[DyadKey] = set()
    for e in events:
        lab = _gold_label(e, label)
        if lab is None:
            continue
        if e.reciprocal:
            values = sorted(set(_countries(e.source + e.target)))
            keys.update(("u", a, b, lab) for i, a in enumerate(values) for b in values[i + 1 :])
        else:
            keys.update(
                ("o", s, t, lab) for s in _countries(e.source) for t in _countries(e.target)
            )
    return keys


def predicted_dyads(
    events: Iterable[Event], gold: set[DyadKey], label: Label = "plover"
) -> set[DyadKey]:
    """Predicted triples; one matching a reciprocal gold pair takes that pair's key, so
    both directions of it collapse into one."""
    keys: set[DyadKey] = set()
    for e in events:
        lab = _pred_label(e, label)
        if lab is None:
            continue
        for s in _countries(e.source):
            for t in _countries(e.target):
                ordered: DyadKey = ("o", s, t, lab)
                unordered: DyadKey = ("u", min(s, t), max(s, t), lab)
                keys.add(unordered if ordered not in gold and unordered in gold else ordered)
    return keys


# --- alignment, for the confusion table and actor accuracy ---------------------------


def _overlap(g: GoldEvent, p: Event) -> int:
    return len(set(_countries(g.source + g.target)) & set(_countries(p.source + p.target)))


def align(
    gold: Sequence[GoldEvent], predicted: Sequence[Event]
) -> list[tuple[GoldEvent | None, Event | None]]:
    """Pair gold and predicted events of one item (see the module docstring)."""
    golds = [g for g in gold if g.plover]
    preds = [p for p in predicted if p.plover]
    overlap = {(gi, pi): _overlap(g, p) for gi, g in enumerate(golds) for pi, p in enumerate(preds)}
    free_g, free_p = set(range(len(golds))), set(range(len(preds)))
    pairs: list[tuple[GoldEvent | None, Event | None]] = []
    same_type = [k for k in overlap if golds[k[0]].plover == preds[k[1]].plover]
    sharing = [k for k in overlap if overlap[k] > 0]
    for candidates in (same_type, sharing):
        for gi, pi in sorted(candidates, key=lambda k: (-overlap[k], k)):
            if gi in free_g and pi in free_p:
                pairs.append((golds[gi], preds[pi]))
                free_g.discard(gi)
                free_p.discard(pi)
    if len(free_g) == 1 and len(free_p) == 1:  # one of each left: a single event each
        pairs.append((golds[free_g.pop()], preds[free_p.pop()]))
    pairs.extend((golds[gi], None) for gi in sorted(free_g))
    pairs.extend((None, preds[pi]) for pi in sorted(free_p))
    return pairs


@dataclass(slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    def count(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1

    def to_dict(self) -> dict[str, float | int]:
        acc = self.correct / self.total if self.total else 0.0
        return {"accuracy": round(acc, 4), "correct": self.correct, "total": self.total}


@dataclass(slots=True)
class ActorAccuracy:
    matched: int = 0
    source: Accuracy = field(default_factory=Accuracy)
    target: Accuracy = field(default_factory=Accuracy)
    sector: Accuracy = field(default_factory=Accuracy)

    def add_pair(self, g: GoldEvent, p: Event) -> None:
        self.matched += 1
        if g.reciprocal:
            ok = set(_countries(g.source + g.target)) == set(_countries(p.source + p.target))
            self.source.count(ok)
            self.target.count(ok)
            sides = [(g.source + g.target, p.source + p.target)]
        else:
            self.source.count(set(_countries(g.source)) == set(_countries(p.source)))
            self.target.count(set(_countries(g.target)) == set(_countries(p.target)))
            sides = [(g.source, p.source), (g.target, p.target)]
        for gold_side, pred_side in sides:
            predicted = {(a.country, _sector(a.sector)) for a in pred_side}
            for a in gold_side:
                if _sector(a.sector):
                    self.sector.count((a.country, _sector(a.sector)) in predicted)

    def merge(self, other: ActorAccuracy) -> None:
        self.matched += other.matched
        for mine, theirs in ((self.source, other.source), (self.target, other.target),
                             (self.sector, other.sector)):  # fmt: skip
            mine.correct += theirs.correct
            mine.total += theirs.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched_events": self.matched, "source_country": self.source.to_dict(),
            "target_country": self.target.to_dict(), "sector": self.sector.to_dict(),
        }  # fmt: skip


def _sector(sector: str | None) -> str | None:
    return sector[:3].upper() if sector and sector[:3].isalpha() else None


# --- one item, then the whole file ---------------------------------------------------


@dataclass(slots=True)
class ItemScore:
    id: str
    type: PRF
    dyad: PRF
    cameo_root: PRF | None
    confusion: Counter[tuple[str, str]]
    actors: ActorAccuracy
    by_type: dict[str, PRF] = field(default_factory=dict)


def _per_type(gold: Counter[str], predicted: Counter[str]) -> dict[str, PRF]:
    return {
        t: PRF(min(gold[t], predicted[t]), max(predicted[t] - gold[t], 0),
               max(gold[t] - predicted[t], 0))
        for t in gold.keys() | predicted.keys()
    }  # fmt: skip


def score_item(item: GoldItem, predictions: Iterable[Event]) -> ItemScore:
    """Score one item's predictions (all of them: non-factual ones are dropped here)."""
    preds = factual(predictions)
    gold = () if item.noevents else item.events
    gold_types = Counter(e.plover for e in gold if e.plover)
    pred_types = Counter(e.plover for e in preds if e.plover)
    gold_keys = gold_dyads(gold)
    dyad = _set_prf(gold_keys, predicted_dyads(preds, gold_keys))
    cameo_root = None
    if item.has_cameo:
        gold_roots = gold_dyads(gold, "cameo_root")
        cameo_root = _set_prf(gold_roots, predicted_dyads(preds, gold_roots, "cameo_root"))
    confusion: Counter[tuple[str, str]] = Counter()
    actors = ActorAccuracy()
    for g, p in align(gold, preds):
        confusion[(g.plover if g else NONE) or NONE, (p.plover if p else NONE) or NONE] += 1
        if g is not None and p is not None:
            actors.add_pair(g, p)
    return ItemScore(item.id, _multiset_prf(gold_types, pred_types), dyad, cameo_root,
                     confusion, actors, _per_type(gold_types, pred_types))  # fmt: skip


@dataclass(slots=True)
class Report:
    items: int = 0
    type: PRF = field(default_factory=PRF)
    dyad: PRF = field(default_factory=PRF)
    cameo_root: PRF = field(default_factory=PRF)
    cameo_items: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    actors: ActorAccuracy = field(default_factory=ActorAccuracy)
    errors: list[str] = field(default_factory=list)
    by_type: dict[str, PRF] = field(default_factory=dict)

    def add(self, s: ItemScore) -> None:
        self.items += 1
        self.type.add(s.type)
        self.dyad.add(s.dyad)
        if s.cameo_root is not None:
            self.cameo_items += 1
            self.cameo_root.add(s.cameo_root)
        self.confusion.update(s.confusion)
        self.actors.merge(s.actors)
        for t, prf in s.by_type.items():
            self.by_type.setdefault(t, PRF()).add(prf)

    def confusion_table(self) -> dict[str, dict[str, int]]:
        """{gold type: {predicted type: count}}, types in PLOVER order, NONE last."""
        order = {t: n for n, t in enumerate((*PLOVER_TYPES, NONE))}
        table: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(
            self.confusion.items(), key=lambda x: (order[x[0][0]], order[x[0][1]])
        ):
            table.setdefault(g, {})[p] = n
        return table

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items, "errors": self.errors, "type": self.type.to_dict(),
            "dyad": self.dyad.to_dict(),
            "cameo_root": {**self.cameo_root.to_dict(), "items": self.cameo_items},
            "confusion": self.confusion_table(), "actors": self.actors.to_dict(),
            "by_type": {t: self.by_type[t].to_dict() for t in PLOVER_TYPES if t in self.by_type},
        }  # fmt: skip


def score(pairs: Iterable[tuple[GoldItem, Sequence[Event]]]) -> Report:
    """Score (gold item, its predictions) pairs into one report."""
    report = Report()
    for item, predictions in pairs:
        report.add(score_item(item, predictions))
    return report


def code_gold(items: Sequence[GoldItem], pipeline: Any) -> Iterator[tuple[GoldItem, CodedArticle]]:
    """Code each gold item as one article through ``Pipeline.code_articles``, in order,
    its opening wire dateline read as a dateline (``GoldItem.article``)."""
    datelines = DatelineParser.load()
    coded = pipeline.code_articles(item.article(datelines) for item in items)
    yield from zip(items, coded, strict=True)
