"""SQL for reading the store: filters, pages, timelines, summaries (no connections here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    distinct,
    exists,
    false,
    func,
    or_,
    select,
    tuple_,
)

from .results import (
    BadFilter,
    Dyad,
    EventFilter,
    TimelinePoint,
    decode_cursor,
)
from .rows import UNKNOWN_DATE, pair_key
from .schema import event_actors, event_dyads, events

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[str, ...] = ("day", "week", "month")


def _side_actor_ids(side: str, value: str) -> Select[Any]:
    """Ids of events with an actor on ``side`` whose country or code is ``value``."""
    value = value.strip().upper()
    return select(event_actors.c.event_id).where(
        event_actors.c.side == side,
        or_(event_actors.c.country == value, event_actors.c.code == value),
    )


def _dyad_condition(dyad: Dyad, ordered: bool) -> ColumnElement[bool]:
    """Rows of ``event_dyads`` for a dyad; either direction counts each event once."""
    d = event_dyads.c
    if ordered:  # the pair fixes the target once the source is known
        return and_(d.pair == pair_key(dyad.a, dyad.b), d.source_country == dyad.a)
    return and_(d.pair == pair_key(dyad.a, dyad.b), d.mirror.is_(False))


def _actor_text_ids(needle: str) -> Select[Any]:
    pattern = f"%{needle.strip()}%"
    return select(event_actors.c.event_id).where(
        or_(
            event_actors.c.code.ilike(pattern),
            event_actors.c.name.ilike(pattern),
            event_actors.c.text.ilike(pattern),
        )
    )


# An actor with more rows than this is "common": see ``side_condition``.
COMMON_ACTOR_ROWS = 2000


def common_actor_probe(side: str, value: str) -> Select[Any]:
    """Counts an actor's rows up to ``COMMON_ACTOR_ROWS`` + 1 (cheap, bounded)."""
    capped = _side_actor_ids(side, value).limit(COMMON_ACTOR_ROWS + 1).subquery()
    return select(func.count()).select_from(capped)


def side_condition(side: str, value: str, common: bool) -> ColumnElement[bool]:
    """Events with ``value`` on ``side``. A rare actor: the list of its events (small)
    is built first. A common one (USA: a quarter of a million events): each candidate
    event, met in page order, is checked on its own and the page stops early, instead of
    building that list for every page."""
    value = value.strip().upper()
    if not common:
        return events.c.event_id.in_(_side_actor_ids(side, value))
    a = event_actors.c
    return exists().where(
        a.event_id == events.c.event_id,
        a.side == side,
        or_(a.country == value, a.code == value),
    )


def event_conditions(f: EventFilter, common_sides: frozenset[str] = frozenset()) -> list[ColumnElement[bool]]:
    """WHERE conditions for a filter (without the cursor and the dyad). ``common_sides``:
    the sides ("source", "target") whose actor is common (``common_actor_probe``)."""
    conds: list[ColumnElement[bool]] = []
    if f.actor:
        conds.append(events.c.event_id.in_(_actor_text_ids(f.actor)))
    if f.source:
        conds.append(side_condition("source", f.source, "source" in common_sides))
    if f.target:
        conds.append(side_condition("target", f.target, "target" in common_sides))
    if f.plover:
        conds.append(events.c.plover == f.plover.upper())
    if f.cameo_root:
        conds.append(events.c.cameo_root == f.cameo_root)
    if f.since:
        conds.append(events.c.sort_date >= f.since)
    if f.until:
        conds.append(events.c.sort_date <= f.until)
    if f.country:
        conds.append(events.c.location_country == f.country.strip().upper())
    if f.article_id:
        conds.append(events.c.article_id == f.article_id)
    if f.factual_only:
        conds.append(events.c.factual.is_(True))
    return conds


def events_page_query(f: EventFilter, common_sides: frozenset[str] = frozenset()) -> Select[Any]:
    """The keys ``(sort_date, event_id)`` of one page, newest first (keyset pagination),
    one row more than ``limit`` to tell whether another page follows. Only keys: the
    JSON of the ≤ limit events is fetched by ``events_by_id`` afterwards, so a sort never
    carries it.

    With a dyad, ``event_dyads`` drives: its (pair, sort_date, event_id) index yields the
    rows already in page order, and the query stops after ``limit`` of them."""
    conds = event_conditions(f, common_sides)
    cursor = decode_cursor(f.cursor) if f.cursor else None
    if not f.dyad:
        if cursor:
            conds.append(tuple_(events.c.sort_date, events.c.event_id) < tuple_(*cursor))
        return (
            select(events.c.sort_date, events.c.event_id)
            .where(*conds)
            .order_by(events.c.sort_date.desc(), events.c.event_id.desc())
            .limit(f.limit + 1)
        )
    d = event_dyads.c
    dyad_conds = [_dyad_condition(Dyad.parse(f.dyad), f.ordered_dyad)]
    if cursor:
        dyad_conds.append(tuple_(d.sort_date, d.event_id) < tuple_(*cursor))
    stmt = select(d.sort_date, d.event_id).where(*dyad_conds)
    if conds:
        stmt = stmt.join(events, events.c.event_id == d.event_id).where(*conds)
    return stmt.order_by(d.sort_date.desc(), d.event_id.desc()).limit(f.limit + 1)


def events_by_id(event_ids: list[str]) -> Select[Any]:
    return select(events.c.event_id, events.c.json).where(events.c.event_id.in_(event_ids))


def count_query(f: EventFilter) -> Select[Any]:
    conds = event_conditions(f)
    if f.dyad:
        dyad_ids = select(event_dyads.c.event_id).where(
            _dyad_condition(Dyad.parse(f.dyad), f.ordered_dyad)
        )
        conds.append(events.c.event_id.in_(dyad_ids))
    return select(func.count()).select_from(events).where(*conds)


def timeline_query(dyad: Dyad, factual_only: bool) -> Select[Any]:
    """Per day and quad class: event count and Goldstein sum, both directions, each
    event once. An index-only scan of ``ix_dyads_pair``."""
    d = event_dyads.c
    conds = [_dyad_condition(dyad, ordered=False), d.sort_date > UNKNOWN_DATE]
    if factual_only:
        conds.append(d.factual.is_(True))
    return (
        select(d.sort_date, d.quad_class, func.count(), func.sum(d.goldstein), func.count(d.goldstein))
        .where(*conds)
        .group_by(d.sort_date, d.quad_class)
        .order_by(d.sort_date)
    )


def period_start(day: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return day
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    raise BadFilter(f"bad interval {interval!r}: expected one of {', '.join(INTERVALS)}")


@dataclass
class _Bucket:
    events: int = 0
    by_quad_class: dict[int, int] = field(default_factory=lambda: dict.fromkeys((1, 2, 3, 4), 0))
    goldstein_sum: float = 0.0
    goldstein_count: int = 0


def roll_up(rows: Iterable[tuple[Any, ...]], interval: str) -> list[TimelinePoint]:
    """Daily (day, quad, count, goldstein sum, goldstein count) rows → interval points."""
    buckets: dict[dt.date, _Bucket] = {}
    for day, quad, count, g_sum, g_count in rows:
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        bucket = buckets.setdefault(period_start(day, interval), _Bucket())
        bucket.events += int(count)
        if quad is not None:
            bucket.by_quad_class[int(quad)] = bucket.by_quad_class.get(int(quad), 0) + int(count)
        bucket.goldstein_sum += float(g_sum or 0.0)
        bucket.goldstein_count += int(g_count or 0)
    return [
        TimelinePoint(
            period=key,
            events=b.events,
            by_quad_class=b.by_quad_class,
            mean_goldstein=round(b.goldstein_sum / b.goldstein_count, 4)
            if b.goldstein_count
            else None,
        )
        for key, b in sorted(buckets.items())
    ]


def actor_search_query(q: str, limit: int) -> Select[Any]:
    pattern = f"%{q.strip()}%"
    n = func.count(distinct(event_actors.c.event_id))
    return (
        select(
            event_actors.c.code,
            event_actors.c.name,
            event_actors.c.country,
            event_actors.c.sector,
            n,
        )
        .where(
            or_(
                event_actors.c.code.ilike(pattern),
                event_actors.c.name.ilike(pattern),
                event_actors.c.text.ilike(pattern),
            )
            if q.strip()
            else ~false()
        )
        .group_by(
            event_actors.c.code, event_actors.c.name, event_actors.c.country, event_actors.c.sector
        )
        .order_by(n.desc(), event_actors.c.name)
        .limit(limit)
    )
