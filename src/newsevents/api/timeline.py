"""Dyad timelines as JSON: the store's country timeline, or actor codes rolled up here.

The store's ``dyad_timeline`` works on countries (``USA``/``CHN``). The dashboard also
lets one pick a country and a sector (``USAGOV``); such a dyad is the events with one
actor on each side, in either direction, rolled up per interval from the events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import Event
from ..store import ActorSummary, BadFilter, EventFilter, Store, TimelinePoint
from ..store.query import INTERVALS, period_start

# Enough for any dyad a dashboard draws; beyond it the timeline is cut (and says so).
MAX_CODE_DYAD_EVENTS = 100_000
QUAD_CLASSES = (1, 2, 3, 4)


def is_country_code(value: str) -> bool:
    return len(value) == 3 and value.isalpha()


def _dyad_events(store: Store, a: str, b: str, factual_only: bool) -> tuple[list[Event], bool]:
    """Events with ``a`` as source and ``b`` as target or the reverse, each once."""
    seen: dict[str, Event] = {}
    directions = [(a, b)] if a == b else [(a, b), (b, a)]
    for source, target in directions:
        f = EventFilter(source=source, target=target, factual_only=factual_only, limit=500)
        for event in store.iter_events(f, max_events=MAX_CODE_DYAD_EVENTS):
            seen.setdefault(event.event_id, event)
    return list(seen.values()), len(seen) >= MAX_CODE_DYAD_EVENTS


def _roll_up(found: list[Event], interval: str) -> list[TimelinePoint]:
    counts: dict[dt.date, dict[int, int]] = {}
    goldstein: dict[dt.date, list[float]] = {}
    totals: dict[dt.date, int] = {}
    for event in found:
        if event.date is None:  # as the store's timeline: undated events are left out
            continue
        period = period_start(event.date, interval)
        by_quad = counts.setdefault(period, dict.fromkeys(QUAD_CLASSES, 0))
        totals[period] = totals.get(period, 0) + 1
        if event.quad_class is not None:
            by_quad[event.quad_class] = by_quad.get(event.quad_class, 0) + 1
        if event.goldstein is not None:
            goldstein.setdefault(period, []).append(event.goldstein)
    points = []
    for period in sorted(counts):
        values = goldstein.get(period, [])
        mean = round(sum(values) / len(values), 4) if values else None
        points.append(TimelinePoint(period, totals[period], counts[period], mean))
    return points


def dyad_timeline_json(
    store: Store, a: str, b: str, interval: str, factual_only: bool
) -> dict[str, Any]:
    """``{"a", "b", "interval", "truncated", "buckets": [{"period", "events",
    "quad_counts": {"1": n, ...}, "goldstein_mean"}]}``."""
    if interval not in INTERVALS:
        raise BadFilter(f"bad interval {interval!r}: expected one of {', '.join(INTERVALS)}")
    a, b = a.strip().upper(), b.strip().upper()
    truncated = False
    if is_country_code(a) and is_country_code(b):
        points = store.dyad_timeline(a, b, interval, factual_only=factual_only)
    else:
        found, truncated = _dyad_events(store, a, b, factual_only)
        points = _roll_up(found, interval)
    buckets = [
        {
            "period": p.period.isoformat(),
            "events": p.events,
            "quad_counts": {str(q): p.by_quad_class.get(q, 0) for q in QUAD_CLASSES},
            "goldstein_mean": p.mean_goldstein,
        }
        for p in points
    ]
    return {"a": a, "b": b, "interval": interval, "truncated": truncated, "buckets": buckets}


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
