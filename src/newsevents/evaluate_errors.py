"""What the coder got wrong on a gold file, event by event, with the sentences.

``newsevents eval GOLD --errors FILE`` writes one JSON line per error so that a change
is judged by reading real false positives and misses, not only a score. Per item, the
factual predictions are matched to the gold events greedily:

1. ``right``: same PLOVER type and a shared (source, target) triple as the dyad score
   counts it (not written unless asked for);
2. ``wrong_actors``: same type, no shared triple: the type is right, the dyad is not;
3. ``wrong_type``: a predicted and a gold event left over from the same sentence;
4. ``spurious``: a prediction with no gold event left to pair it with (false positive);
5. ``missed``: a gold event with no prediction left (false negative).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .evaluate import GoldEvent, GoldItem, factual, gold_dyads, predicted_dyads
from .model import Event

KINDS = ("right", "wrong_actors", "wrong_type", "spurious", "missed")


def _same_dyad(g: GoldEvent, p: Event) -> bool:
    keys = gold_dyads([g])
    return bool(keys & predicted_dyads([p], keys))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _same_sentence(g: GoldEvent, p: Event) -> bool:
    if not g.sentence:
        return False
    a, b = _norm(g.sentence), _norm(p.sentence)
    return bool(a) and (a in b or b in a)


def match_events(
    gold: Sequence[GoldEvent], predicted: Sequence[Event]
) -> list[tuple[str, GoldEvent | None, Event | None]]:
    """(kind, gold, predicted) for every gold event and factual prediction of one item."""
    golds = [g for g in gold if g.plover]
    preds = [p for p in factual(predicted) if p.plover]
    free_g, free_p = list(range(len(golds))), list(range(len(preds)))
    out: list[tuple[str, GoldEvent | None, Event | None]] = []
    tests = (
        ("right", lambda g, p: g.plover == p.plover and _same_dyad(g, p)),
        ("wrong_actors", lambda g, p: g.plover == p.plover and _same_sentence(g, p)),
        ("wrong_actors", lambda g, p: g.plover == p.plover),
        ("wrong_type", _same_sentence),
    )
    for kind, test in tests:
        for gi in list(free_g):
            for pi in free_p:
                if test(golds[gi], preds[pi]):
                    out.append((kind, golds[gi], preds[pi]))
                    free_g.remove(gi)
                    free_p.remove(pi)
                    break
    out.extend(("spurious", None, preds[pi]) for pi in free_p)
    out.extend(("missed", golds[gi], None) for gi in free_g)
    return out


def _actors(actors: Iterable[Any]) -> list[str]:
    return [f"{a.code or a.country or '---'} ({a.text})" for a in actors]


def _predicted(p: Event) -> dict[str, Any]:
    return {
        "plover": p.plover, "cameo": p.cameo, "trigger": p.trigger,
        "source": _actors(p.source), "target": _actors(p.target),
        "confidence": p.confidence, "pattern": p.pattern, "modality": p.modality,
        "sentence": _norm(p.sentence),
    }  # fmt: skip


def _gold(g: GoldEvent) -> dict[str, Any]:
    return {
        "plover": g.plover, "cameo": g.cameo, "reciprocal": g.reciprocal,
        "source": _actors(g.source), "target": _actors(g.target),
        "sentence": _norm(g.sentence or ""),
    }  # fmt: skip


def error_rows(
    scored: Iterable[tuple[GoldItem, Sequence[Event]]], with_right: bool = False
) -> Iterator[dict[str, Any]]:
    """One row per error (and per right event with ``with_right``), item by item."""
    for item, events in scored:
        gold = () if item.noevents else item.events
        for kind, g, p in match_events(gold, events):
            if kind == "right" and not with_right:
                continue
            row: dict[str, Any] = {"item": item.id, "kind": kind}
            if p is not None:
                row["predicted"] = _predicted(p)
            if g is not None:
                row["gold"] = _gold(g)
            yield row


def write_errors(
    path: str | Path, scored: Iterable[tuple[GoldItem, Sequence[Event]]], with_right: bool = False
) -> dict[str, int]:
    """Write the error rows as JSONL; return how many of each kind."""
    counts = dict.fromkeys(KINDS, 0)
    with Path(path).open("w", encoding="utf-8") as out:
        for row in error_rows(scored, with_right=True):
            counts[row["kind"]] += 1
            if row["kind"] != "right" or with_right:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return counts


__all__ = ["KINDS", "error_rows", "match_events", "write_errors"]
