"""SQL for reading the store: filters, pages, timelines, summaries (no connections here)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
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
    union,
)

from ..calendar_units import first_day
from .results import (
    BadFilter,
    Dyad,
    EventFilter,
    TimelinePoint,
    decode_cursor,
)
from .rows import UNKNOWN_DATE, pair_key
from .schema import actors, event_actors, event_dyads, events

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[str, ...] = ("day", "week", "month")


def actor_ids_for(value: str) -> Select[Any]:
    """Ids of the actors whose country or code is ``value`` (two index lookups)."""
    value = value.strip().upper()
    return select(actors.c.actor_id).where(or_(actors.c.code == value, actors.c.country == value))


def _side_actor_ids(side: str, value: str) -> Select[Any]:
    """Ids of events with an actor on ``side`` whose country or code is ``value``."""
    return select(event_actors.c.event_key).where(
        event_actors.c.side == side, event_actors.c.actor_id.in_(actor_ids_for(value))
    )


def code_dyad_event_ids(dyad: Dyad, ordered: bool) -> Select[Any]:
    """Ids of events with ``dyad.a`` (a code or country) as a source and ``dyad.b`` as a
    target, or (unless ``ordered``) the other way round."""
    directions = [(dyad.a, dyad.b)]
    if not ordered and dyad.a != dyad.b:
        directions.append((dyad.b, dyad.a))
    selects = []
    for source, target in directions:
        s, t = event_actors.alias("s"), event_actors.alias("t")
        selects.append(
            select(s.c.event_key)
            .join(t, and_(t.c.event_key == s.c.event_key, t.c.side == "target"))
            .where(
                s.c.side == "source",
                s.c.actor_id.in_(actor_ids_for(source)),
                t.c.actor_id.in_(actor_ids_for(target)),
            )
        )
    return selects[0] if len(selects) == 1 else union(*selects)  # type: ignore[return-value]


def _dyad_condition(dyad: Dyad, ordered: bool) -> ColumnElement[bool]:
    """Rows of ``event_dyads`` for a dyad; either direction counts each event once."""
    d = event_dyads.c
    if ordered:  # the pair fixes the target once the source is known
        return and_(d.pair == pair_key(dyad.a, dyad.b), d.source_country == dyad.a)
    return and_(d.pair == pair_key(dyad.a, dyad.b), d.mirror.is_(False))


def actor_text_match(needle: str) -> ColumnElement[bool]:
    """Actors whose code, name or text contains ``needle`` (any case; ``%`` and ``_``
    are plain characters): the actor search of pickers, not the ``actor`` filter."""
    needle = needle.strip()
    return or_(
        actors.c.code.icontains(needle, autoescape=True),
        actors.c.name.icontains(needle, autoescape=True),
        actors.c.text.icontains(needle, autoescape=True),
    )


# The actors an ``actor`` filter stands for (``actor_match.matching_actor_ids``).
ActorIds = Select[Any] | list[int]


def _actor_id_in(column: Any, matching: ActorIds) -> ColumnElement[bool]:
    if isinstance(matching, list) and not matching:
        return false()  # no actor has those words
    return column.in_(matching)


def matched_actor_events(matching: ActorIds) -> Select[Any]:
    """How many events the matched actors take part in (an upper bound, from the counts
    of the distinct actors)."""
    return select(func.coalesce(func.sum(actors.c.events), 0)).where(
        _actor_id_in(actors.c.actor_id, matching)
    )


def matched_actor_event_ids(matching: ActorIds) -> Select[Any]:
    """Events of the matched actors: the scan is over distinct actors, not their rows."""
    return select(event_actors.c.event_key).where(
        _actor_id_in(event_actors.c.actor_id, matching)
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
    if not common:
        return events.c.event_key.in_(_side_actor_ids(side, value))
    a = event_actors.c
    return exists().where(
        a.event_key == events.c.event_key, a.side == side, a.actor_id.in_(actor_ids_for(value))
    )


def event_conditions(
    f: EventFilter,
    common_sides: frozenset[str] = frozenset(),
    actor_ids: ActorIds | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE conditions for a filter (without the cursor and the dyad). ``actor_ids``:
    the actors ``f.actor`` stands for (``actor_match.matching_actor_ids``).
    ``common_sides``: "actor" when those actors take part in many events
    (``matched_actor_events``), and the sides ("source", "target") whose actor is common
    (``common_actor_probe``)."""
    conds: list[ColumnElement[bool]] = []
    if f.actor and actor_ids is None:
        raise BadFilter("the actor filter needs its matching actors (matching_actor_ids)")
    if actor_ids is not None and "actor" in common_sides:  # checked event by event
        a = event_actors.c
        conds.append(
            exists().where(a.event_key == events.c.event_key, _actor_id_in(a.actor_id, actor_ids))
        )
    elif actor_ids is not None:
        conds.append(events.c.event_key.in_(matched_actor_event_ids(actor_ids)))
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
    if f.min_confidence:
        conds.append(events.c.confidence >= f.min_confidence)
    return conds


def events_page_query(
    f: EventFilter, common_sides: frozenset[str] = frozenset(), actor_ids: ActorIds | None = None
) -> Select[Any]:
    """The keys ``(sort_date, event_key)`` of one page, newest first (keyset pagination),
    one row more than ``limit`` to tell whether another page follows. Only keys: the
    JSON of the ≤ limit events is fetched by ``events_by_key`` afterwards, so a sort never
    carries it.

    With a dyad, ``event_dyads`` drives: its (pair, sort_date, event_key) key yields the
    rows already in page order, and the query stops after ``limit`` of them."""
    conds = event_conditions(f, common_sides, actor_ids)
    cursor = decode_cursor(f.cursor) if f.cursor else None
    dyad = Dyad.parse(f.dyad) if f.dyad else None
    if dyad and not dyad.by_country:
        conds.append(events.c.event_key.in_(code_dyad_event_ids(dyad, f.ordered_dyad)))
    if not dyad or not dyad.by_country:
        if cursor:
            conds.append(tuple_(events.c.sort_date, events.c.event_key) < tuple_(*cursor))
        return (
            select(events.c.sort_date, events.c.event_key)
            .where(*conds)
            .order_by(events.c.sort_date.desc(), events.c.event_key.desc())
            .limit(f.limit + 1)
        )
    d = event_dyads.c
    dyad_conds = [_dyad_condition(dyad, f.ordered_dyad)]
    if cursor:
        dyad_conds.append(tuple_(d.sort_date, d.event_key) < tuple_(*cursor))
    stmt = select(d.sort_date, d.event_key).where(*dyad_conds)
    if conds:
        stmt = stmt.join(events, events.c.event_key == d.event_key).where(*conds)
    return stmt.order_by(d.sort_date.desc(), d.event_key.desc()).limit(f.limit + 1)


def events_by_key(event_keys: list[int]) -> Select[Any]:
    return select(events.c.event_key, events.c.json).where(events.c.event_key.in_(event_keys))


def count_query(f: EventFilter, actor_ids: ActorIds | None = None) -> Select[Any]:
    conds = event_conditions(f, actor_ids=actor_ids)
    if f.dyad:
        dyad = Dyad.parse(f.dyad)
        if dyad.by_country:
            dyad_ids = select(event_dyads.c.event_key).where(_dyad_condition(dyad, f.ordered_dyad))
        else:
            dyad_ids = code_dyad_event_ids(dyad, f.ordered_dyad)
        conds.append(events.c.event_key.in_(dyad_ids))
    return select(func.count()).select_from(events).where(*conds)


def timeline_query(dyad: Dyad, factual_only: bool) -> Select[Any]:
    """Per day (event date, else article date) and quad class: event count and
    Goldstein sum, both directions, each event once. Two countries: an index-only scan
    of ``ix_dyads_pair``; actor codes: the events of both actors' ``event_actors`` rows."""
    if not dyad.by_country:
        e = events.c
        conds = [
            e.event_key.in_(code_dyad_event_ids(dyad, ordered=False)),
            e.sort_date > UNKNOWN_DATE,
        ]
        if factual_only:
            conds.append(e.factual.is_(True))
        return (
            select(
                e.sort_date,
                e.quad_class,
                func.count(),
                func.sum(e.goldstein),
                func.count(e.goldstein),
                e.date_precision,
            )
            .where(*conds)
            .group_by(e.sort_date, e.quad_class, e.date_precision)
            .order_by(e.sort_date)
        )
    d = event_dyads.c
    conds = [_dyad_condition(dyad, ordered=False), d.sort_date > UNKNOWN_DATE]
    if factual_only:
        conds.append(d.factual.is_(True))
    return (
        select(
            d.sort_date, d.quad_class, func.count(), func.sum(d.goldstein), func.count(d.goldstein),
            d.date_precision,
        )
        .where(*conds)
        .group_by(d.sort_date, d.quad_class, d.date_precision)
        .order_by(d.sort_date)
    )  # fmt: skip


def period_start(day: dt.date, interval: str) -> dt.date:
    start = first_day(day, interval) if interval in INTERVALS else None
    if start is None:
        raise BadFilter(f"bad interval {interval!r}: expected one of {', '.join(INTERVALS)}")
    return start


@dataclass
class _Bucket:
    events: int = 0
    by_quad_class: dict[int, int] = field(default_factory=lambda: dict.fromkeys((1, 2, 3, 4), 0))
    goldstein_sum: float = 0.0
    goldstein_count: int = 0


# The date precisions an interval can draw: a month-precise event is no day's, a
# "before" or undated one no interval's (model.DATE_PRECISIONS). Rows stored without a
# precision (an article's date standing in) count as days.
DRAWN_AT: dict[str, frozenset[str | None]] = {
    "day": frozenset({"day", None}),
    "week": frozenset({"day", "week", None}),
    "month": frozenset({"day", "week", "month", None}),
}


def roll_up(
    rows: Iterable[tuple[Any, ...]], interval: str, undrawn: Counter[str] | None = None
) -> list[TimelinePoint]:
    """Daily (day, quad, count, goldstein sum, goldstein count, date precision) rows →
    interval points. Rows dated less precisely than the interval are left out and
    counted by precision in ``undrawn``."""
    buckets: dict[dt.date, _Bucket] = {}
    drawn = DRAWN_AT.get(interval, DRAWN_AT["day"])
    for day, quad, count, g_sum, g_count, *rest in rows:
        precision = rest[0] if rest else None
        if precision not in drawn:
            if undrawn is not None:
                undrawn[str(precision)] += int(count)
            continue
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


def actor_search_query(q: str, limit: int, exact: bool = False) -> Select[Any]:
    """Distinct actors (code, name, country, sector) with their event counts, most
    first: with ``exact`` those whose code or country is ``q`` (index lookups), else
    those whose code, name or text contains ``q`` (a scan of the distinct actors)."""
    a = actors.c
    n = func.sum(a.events)
    conds: list[ColumnElement[bool]] = [a.events > 0]
    if exact:
        conds.append(or_(a.code == q.strip().upper(), a.country == q.strip().upper()))
    elif q.strip():
        conds.append(actor_text_match(q))
    return (
        select(a.code, a.name, a.country, a.sector, n)
        .where(*conds)
        .group_by(a.code, a.name, a.country, a.sector)
        .order_by(n.desc(), a.name, a.code)
        .limit(limit)
    )


def dyad_event_ids(dyad: Dyad) -> Select[Any]:
    """Ids of the events between the two sides of ``dyad``, either direction, once each."""
    if dyad.by_country:
        return select(event_dyads.c.event_key).where(_dyad_condition(dyad, ordered=False))
    return code_dyad_event_ids(dyad, ordered=False)


def _left_out_reasons(factual_only: bool, interval: str | None) -> dict[str, Any]:
    """Why a dyad's event is not in its timeline, each event under its first reason:
    no date at all; (``factual_only``) negated, or not happened yet; (``interval``)
    dated less precisely than the interval (a month-precise event on a weekly chart, a
    "before" one on any: ``DRAWN_AT``)."""
    e = events.c
    dated = e.sort_date > UNKNOWN_DATE
    reasons: dict[str, Any] = {"undated": e.sort_date == UNKNOWN_DATE}
    if factual_only:
        reasons["negated"] = and_(dated, e.negated.is_(True))
        reasons["not_yet"] = and_(dated, e.negated.is_(False), e.factual.is_(False))
    if interval is not None:
        drawn = [p for p in DRAWN_AT.get(interval, DRAWN_AT["day"]) if p is not None]
        imprecise = and_(dated, e.date_precision.is_not(None), e.date_precision.not_in(drawn))
        reasons["imprecise"] = and_(imprecise, e.factual.is_(True)) if factual_only else imprecise
    return reasons


def left_out_query(
    dyad: Dyad, factual_only: bool, limit: int, interval: str | None = None
) -> Select[Any]:
    """Events of the dyad a timeline leaves out (``_left_out_reasons``), at most
    ``limit``, newest first: (event id, negated, factual, sort date)."""
    e = events.c
    reasons = _left_out_reasons(factual_only, interval)
    return (
        select(e.event_id, e.negated, e.factual, e.sort_date)
        .where(e.event_key.in_(dyad_event_ids(dyad)), or_(*reasons.values()))
        .order_by(e.sort_date.desc(), e.event_key.desc())
        .limit(limit)
    )


def left_out_counts_query(
    dyad: Dyad, factual_only: bool, interval: str | None = None
) -> tuple[tuple[str, ...], Select[Any]]:
    """The reasons and one row of counts: every event ``left_out_query`` stands for."""
    reasons = _left_out_reasons(factual_only, interval)
    counts: list[Any] = [func.count().filter(condition) for condition in reasons.values()]
    stmt: Select[Any] = select(*counts).where(events.c.event_key.in_(dyad_event_ids(dyad)))
    return tuple(reasons), stmt


def busiest_dyads_query(limit: int, factual_only: bool) -> Select[Any]:
    """Pairs of two different countries with most dated events, each event once."""
    d = event_dyads.c
    conds = [d.mirror.is_(False), d.sort_date > UNKNOWN_DATE, d.source_country != d.target_country]
    if factual_only:
        conds.append(d.factual.is_(True))
    n = func.count()
    return (
        select(d.pair, n, func.count(distinct(d.sort_date)), func.min(d.sort_date),
               func.max(d.sort_date))
        .where(*conds)
        .group_by(d.pair)
        .order_by(n.desc(), d.pair)
        .limit(limit)
    )  # fmt: skip
