"""Dyad timelines as JSON and actor picker entries for the dashboard.

The store's ``dyad_timeline`` takes countries (``USA``) and actor codes with a sector
(``USAGOV``) alike, dated by the event date, else the article date.
"""

from __future__ import annotations

from typing import Any

from ..store import ActorSummary, BadFilter, Store
from ..store.query import INTERVALS

QUAD_CLASSES = (1, 2, 3, 4)


def dyad_timeline_json(
    store: Store, a: str, b: str, interval: str, factual_only: bool, count: str = "clusters"
) -> dict[str, Any]:
    """``{"a", "b", "interval", "factual", "count", "buckets": [{"period", "events",
    "quad_counts": {"1": n, ...}, "goldstein_mean"}], "undrawn": {"month": n, ...},
    "left_out": {"negated" | "not_yet" | "undated" | "imprecise": {"count",
    "event_ids"}}}``. ``count``: "clusters" (each happening once, on its date) or
    "events". What is dated less precisely than the interval (a month-precise event on a
    daily chart, a "before" one or an undated cluster on any) is not in the buckets;
    ``undrawn`` counts it (what ``count`` counts) by its date's precision. ``left_out``
    names the events between ``a`` and ``b`` the buckets leave out, and why."""
    if interval not in INTERVALS:
        raise BadFilter(f"bad interval {interval!r}: expected one of {', '.join(INTERVALS)}")
    a, b = a.strip().upper(), b.strip().upper()
    if count == "clusters":
        points = store.cluster_timeline(a, b, interval, factual_only=factual_only)
        undrawn = store.cluster_timeline_undrawn(a, b, interval, factual_only=factual_only)
    else:
        points = store.dyad_timeline(a, b, interval, factual_only=factual_only)
        undrawn = store.timeline_undrawn(a, b, interval, factual_only=factual_only)
    left = store.dyad_left_out(a, b, factual_only=factual_only, interval=interval)
    buckets = [
        {
            "period": p.period.isoformat(),
            "events": p.events,
            "quad_counts": {str(q): p.by_quad_class.get(q, 0) for q in QUAD_CLASSES},
            "goldstein_mean": p.mean_goldstein,
        }
        for p in points
    ]
    left_out = {
        reason: {"count": left.counts.get(reason, 0), "event_ids": list(ids)}
        for reason, ids in (
            ("negated", left.negated), ("not_yet", left.not_yet), ("undated", left.undated),
            ("imprecise", left.imprecise),
        )
    }  # fmt: skip
    return {"a": a, "b": b, "interval": interval, "factual": factual_only, "count": count,
            "buckets": buckets, "undrawn": undrawn, "left_out": left_out}  # fmt: skip


def picker_entries(found: list[ActorSummary], limit: int) -> list[dict[str, Any]]:
    """Store actor summaries (one per code and name) → one entry per code, plus one per
    country, ordered by events. Counts add up per name, so they are upper bounds."""
    entries: dict[str, dict[str, Any]] = {}

    def add(code: str, country: str | None, sector: str | None, name: str | None, n: int) -> None:
        entry = entries.setdefault(
            code,
            {"code": code, "country": country, "sector": sector, "names": [], "events": 0},
        )
        entry["events"] += n
        if name and name not in entry["names"] and len(entry["names"]) < 3:
            entry["names"].append(name)

    for actor in found:
        if actor.code:
            add(actor.code, actor.country, actor.sector, actor.name, actor.events)
        if actor.country and actor.country != actor.code:
            add(actor.country, actor.country, None, None, actor.events)
    ranked = sorted(entries.values(), key=lambda e: (-e["events"], e["code"]))[:limit]
    for entry in ranked:
        names = ", ".join(entry["names"])
        entry["label"] = f"{entry['code']} \u2014 {names}" if names else entry["code"]
    return ranked
