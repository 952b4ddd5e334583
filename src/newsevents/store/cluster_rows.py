"""Rows of the ``clusters`` table (pure): from a cluster's counts and its representative
event's columns, or, for a new happening with one new report, from that event's row."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any, NamedTuple

import orjson

from ..cluster.keys import DAY, SPAN, Member, range_letter
from ..model import Event
from .rows import EVENT_COLUMNS, UNKNOWN_DATE, pair_key

CLUSTER_COLUMNS = (
    "cluster_id", "unit", "block", "date", "date_end", "date_precision", "sort_date",
    "plover", "cameo", "cameo_root", "quad_class", "goldstein", "factual", "source_code",
    "source_country", "target_code", "target_country", "pair", "location_name",
    "location_country", "lat", "lon", "location_precision", "place", "representative",
    "num_events", "num_articles", "num_sources", "first_seen", "last_seen", "outlets",
)  # fmt: skip
REP_COLUMNS = (
    "event_key", "plover", "cameo", "cameo_root", "quad_class", "goldstein", "factual",
    "source_code", "source_country", "target_code", "target_country", "location_name",
    "location_country", "lat", "lon", "location_precision",
)  # fmt: skip
# REP_COLUMNS of an event from its ``events`` row (all of them are events columns).
rep_of_row: Callable[[tuple[Any, ...]], tuple[Any, ...]] = operator.itemgetter(
    *(EVENT_COLUMNS.index(name) for name in REP_COLUMNS)
)
UNKNOWN_TEXT = UNKNOWN_DATE.isoformat()
PRECISION_OF_LETTER = {"d": "day", "r": "range", "m": "month", "y": "year", "u": None}


class FreshEvent(NamedTuple):
    """A new event of this batch, with what its cluster row may need: ``rep``, its
    REP_COLUMNS (``rep_of_row`` of its event row, or ``event_columns``). A named tuple:
    ingest makes one per event."""

    member: Member
    rep: tuple[Any, ...]
    published: dt.date | None
    outlet: str | None
    source: str


def single_row(
    cid: str, home: tuple[str, str], f: FreshEvent, dates_as_text: bool
) -> tuple[Any, ...]:
    """The clusters row of a new happening with one new member: what ``cluster_row`` gives,
    from the member's own dates when the cluster is its unit's (no key to parse)."""
    m, rep = f.member, f.rep
    outlets = (f.outlet,) if f.outlet else ()
    if home[0] != m.unit:
        counts = (1, 1, 1, f.published, f.published, outlets, m.event_key)
        return cluster_row(cid, home, counts, rep, dates_as_text)
    lo, hi, published = m.lo, m.hi, f.published
    precision = None
    if m.kind == DAY:
        precision = "day"
    elif lo is not None and hi is not None and m.kind == SPAN:
        precision = PRECISION_OF_LETTER[range_letter(lo, hi)]
    if dates_as_text:
        lo = lo.isoformat() if lo else None  # type: ignore[assignment]
        hi = hi.isoformat() if hi else None  # type: ignore[assignment]
        published = published.isoformat() if published else None  # type: ignore[assignment]
        sort_date: Any = lo or published or UNKNOWN_TEXT
    else:
        sort_date = lo or published or UNKNOWN_DATE
    dates = (lo, hi, precision, sort_date)
    tail = (m.event_key, 1, 1, 1, published, published, outlets)
    return _row(cid, m.unit, m.block, dates, rep, home[1], tail)


def cluster_row(
    cid: str,
    home: tuple[str, str],
    counts: tuple[Any, ...],
    rep: tuple[Any, ...],
    dates_as_text: bool,
) -> tuple[Any, ...]:
    """A clusters row; ``counts``: (events, articles, sources, first seen, last seen,
    outlets, representative key); ``rep``: the representative's REP_COLUMNS."""
    unit, place = home
    num_events, num_articles, num_sources, first, last, outlets, rep_key = counts
    _, kind, dyad, letter, rest = unit.split("|", 4)
    block = unit[: len(unit) - len(rest) - len(letter) - 2]
    lo = hi = None
    if letter == "d":
        lo = hi = rest
    elif letter != "u":
        hi, lo = rest.split("|")
    if dates_as_text:
        first = first.isoformat() if first else None
        last = last.isoformat() if last else None
        sort_date = lo or first or UNKNOWN_TEXT
    else:
        lo = dt.date.fromisoformat(lo) if lo else None  # type: ignore[assignment]
        hi = dt.date.fromisoformat(hi) if hi else None  # type: ignore[assignment]
        sort_date = lo or first or UNKNOWN_DATE
    dates = (lo, hi, PRECISION_OF_LETTER.get(letter), sort_date)
    tail = (rep_key, num_events, num_articles, num_sources, first, last, outlets)
    return _row(cid, unit, block, dates, rep, place, tail)


def _row(
    cid: str,
    unit: str,
    block: str,
    dates: tuple[Any, ...],
    rep: tuple[Any, ...],
    place: str,
    tail: tuple[Any, ...],
) -> tuple[Any, ...]:
    """CLUSTER_COLUMNS in order: ``dates`` (date, date_end, precision, sort_date), the
    representative's columns and its pair, the place, then ``tail`` (representative key,
    events, articles, sources, first seen, last seen, outlets)."""
    src, tgt = rep[8], rep[10]
    return (
        cid, unit, block, *dates, *rep[1:6], bool(rep[6]), *rep[7:11],
        pair_key(src, tgt) if src and tgt else None, *rep[11:16], place, *tail[:6],
        orjson.dumps(tail[6]).decode(),
    )  # fmt: skip


def event_columns(key: int, e: Event) -> tuple[Any, ...]:
    """REP_COLUMNS of an event (``rep_of_row`` takes them from its row, if it has one)."""
    src = e.source[0] if e.source else None
    tgt = e.target[0] if e.target else None
    loc = e.location
    return (
        key, e.plover, e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.factual,
        src.code if src else None, src.country if src else None,
        tgt.code if tgt else None, tgt.country if tgt else None,
        loc.name if loc else None, loc.country if loc else None,
        loc.lat if loc else None, loc.lon if loc else None, loc.precision if loc else None,
    )  # fmt: skip
