"""Dyad timelines as JSON and actor picker entries for the dashboard.

Timelines are panels (``newsevents.analysis``): the same code as ``newsevents aggregate``
and ``GET /api/panel``, so a chart and its CSV download agree. Sides are countries
(``USA``) or actor codes with a sector (``USAGOV``); dates are the event's own, else its
article's, with each date's precision respected (``analysis/periods.py``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..analysis import Panel, PanelSpec, panel
from ..store import ActorSummary, BadFilter, Store

QUAD_CLASSES = (1, 2, 3, 4)
TIMELINE_INTERVALS = ("day", "week", "month", "year")


def timeline_buckets(store: Store, spec: PanelSpec) -> tuple[list[dict[str, Any]], Panel]:
    """``[{"period", "events", "quad_counts", "goldstein_mean"}]`` for the periods with
    something in them, from a panel of ``spec`` (by "all") split by quad class."""
    by_quad = panel(store, replace(spec, split="quad", zero_fill=False))
    total = panel(store, replace(spec, split=None, zero_fill=False))
    quads: dict[str, dict[str, int]] = {}
    for row in by_quad.records():
        quads.setdefault(row["period"].isoformat(), {})[str(row["quad_class"])] = row["count"]
    buckets = [
        {
            "period": row["period"].isoformat(),
            "events": row["count"],
            "quad_counts": {
                str(q): quads.get(row["period"].isoformat(), {}).get(str(q), 0)
                for q in QUAD_CLASSES
            },
            "goldstein_mean": row["goldstein_mean"],
        }
        for row in total.records()
    ]
    return buckets, total


def dyad_timeline_json(
    store: Store, a: str, b: str, interval: str, factual_only: bool, count: str = "clusters"
) -> dict[str, Any]:
    """``{"a", "b", "interval", "factual", "count", "buckets": [{"period", "events",
    "quad_counts": {"1": n, ...}, "goldstein_mean"}], "undrawn": {"month": n, ...},
    "left_out": {"negated" | "not_yet" | "undated" | "imprecise": {"count",
    "event_ids"}}}``. The buckets come from the panel code (``analysis``): ``count``
    "clusters" (each happening once) or "events", both directions. What is dated less
    precisely than the interval is not in the buckets; ``undrawn`` counts it by its
    date's precision. ``left_out`` names the events between ``a`` and ``b`` the buckets
    leave out, and why."""
    if interval not in TIMELINE_INTERVALS:
        raise BadFilter(
            f"bad interval {interval!r}: expected one of {', '.join(TIMELINE_INTERVALS)}"
        )
    a, b = a.strip().upper(), b.strip().upper()
    spec = PanelSpec(by="all", interval=interval, count=count, dyad=f"{a}:{b}",
                     directed=False, factual_only=factual_only)  # fmt: skip
    buckets, total = timeline_buckets(store, spec)
    left = store.dyad_left_out(a, b, factual_only=factual_only, interval=interval)
    left_out = {
        reason: {"count": left.counts.get(reason, 0), "event_ids": list(ids)}
        for reason, ids in (
            ("negated", left.negated), ("not_yet", left.not_yet), ("undated", left.undated),
            ("imprecise", left.imprecise),
        )
    }  # fmt: skip
    return {"a": a, "b": b, "interval": interval, "factual": factual_only, "count": count,
            "buckets": buckets, "undrawn": total.left_out, "left_out": left_out}  # fmt: skip


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
