"""Computing a panel: grouped rows from the store → periods, zero-filling, news volume."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from sqlalchemy import Connection, func, select

from ..store.cluster_query import drawn_precision
from ..store.rows import UNKNOWN_DATE
from ..store.schema import articles
from .columnar import add_up, column_names, read_table
from .periods import date_span, period_end, period_start, periods_between, placements
from .source import panel_statements, stream_statement, streams
from .spec import SPLIT_VALUES, Panel, PanelSpec

# (period, *units, split value) -> [count, Goldstein sum, Goldstein count]; weighted
# under the "spread" policy.
Cells = dict[tuple[Any, ...], list[float]]
# (first day, last day) -> (publication day, articles stored) rows
ArticlesPerDay = Callable[[dt.date, dt.date], Iterable[Any]]


def compute_panel(conn: Connection, spec: PanelSpec, stream: bool | None = None) -> Panel:
    """The panel ``spec`` asks for, from an open connection to a store. ``stream``: add
    the items up in Python (True) or group them in SQL (False); by default whichever is
    faster there (``source.streams``). Both give the same panel."""
    spec = spec.validated()
    cells: Cells = {}
    left_out: Counter[str] = Counter()
    if stream if stream is not None else streams(spec, conn.dialect.name):
        stmt, either = stream_statement(spec)
        table = read_table(conn, stmt, column_names(spec, either), spec)
        add_up(table, spec, either, _day_placer(spec), lambda key: _left_out_label(key, spec),
               cells, left_out)  # fmt: skip
    else:
        for stmt in panel_statements(spec, conn.dialect.name):
            add_grouped_rows(conn.execute(stmt), spec, cells, left_out)
    return finish_panel(spec, cells, left_out, partial(_articles_per_day, conn))


def finish_panel(
    spec: PanelSpec, cells: Cells, left_out: Counter[str], articles_per_day: ArticlesPerDay
) -> Panel:
    """The panel from its cells: the periods asked for (or those with data), zero-filled,
    with the news volume when ``spec.normalize``. ``articles_per_day(first, last)`` gives
    (publication day, articles stored) for the days from ``first`` to ``last``: from the
    store here, from a Spark output's articles table in ``analysis.spark``."""
    periods = _panel_periods(spec, cells)
    window = set(periods)
    cells = {key: value for key, value in cells.items() if key[0] in window}
    volume: dict[dt.date, int] = {}
    if spec.normalize and periods:
        last = period_end(periods[-1], spec.interval)
        for day, n in articles_per_day(periods[0], last):
            parsed = _as_date(day)
            if parsed is not None:
                key = period_start(parsed, spec.interval)
                volume[key] = volume.get(key, 0) + int(n)
    rows = _rows(spec, cells, periods, volume)
    return Panel(spec, rows, periods, dict(sorted(left_out.items())))


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _placer(spec: PanelSpec) -> Callable[[Any, Any, Any], list[tuple[dt.date, float]]]:
    """Where the date keys of a row (``source._span_keys``) count: (period, weight)s."""
    clustered = spec.count == "clusters"

    def by_days(start: Any, end: Any, precision: Any) -> list[tuple[dt.date, float]]:
        day = _as_date(start)
        span = date_span(None if day == UNKNOWN_DATE else day, precision, _as_date(end))
        return placements(span, spec.interval, spec.imprecise) if span else []

    def by_periods(start: Any, end: Any, precision: Any) -> list[tuple[dt.date, float]]:
        first = _as_date(start)
        if first is None:
            return []
        if clustered and precision == "range":
            return _ranged(first, _as_date(end))
        if clustered:  # the first and last possible periods of a happening
            last = _as_date(end)
            return [(first, 1.0)] if last is None or last == first else []
        if precision is None or precision == "day":  # an event's period
            return [(first, 1.0)]
        return by_days(start, None, precision)  # an event's date, less precise than a day

    def _ranged(first: dt.date, last: dt.date | None) -> list[tuple[dt.date, float]]:
        """A happening's days: a calendar week counts where it fits whole; a publication
        day in doubt counts on its first possible day, as the happening's date and its
        filters do (``store.cluster_query.drawn_precision``)."""
        if drawn_precision(first, last) == "day":
            return [(period_start(first, spec.interval), 1.0)]
        return by_days(first, last, "range")

    return by_days if spec.imprecise == "spread" else by_periods


def add_grouped_rows(
    rows: Iterable[Any], spec: PanelSpec, cells: Cells, left_out: Counter[str]
) -> None:
    """Add grouped rows (start, end, precision, *units, split value, count, Goldstein sum,
    Goldstein count: ``source.panel_statements``) to ``cells``, each placed in its
    period; what fits in none counts in ``left_out``."""
    places: dict[tuple[Any, ...], list[tuple[dt.date, float]]] = {}
    place = _placer(spec)
    n_keys = len(spec.unit_columns) + (1 if spec.split else 0)
    for row in rows:
        span_key = (row[0], row[1], row[2])
        keys = tuple(row[3 : 3 + n_keys])
        count, g_sum, g_count = int(row[-3]), float(row[-2] or 0.0), int(row[-1] or 0)
        placed = places.get(span_key)
        if placed is None:
            placed = places[span_key] = place(*span_key)
        if not placed:
            left_out[_left_out_label(row, spec)] += count
            continue
        for period, weight in placed:
            cell = cells.setdefault((period, *keys), [0.0, 0.0, 0.0])
            cell[0] += count * weight
            cell[1] += g_sum * weight
            cell[2] += g_count * weight


def _day_placer(spec: PanelSpec) -> Callable[[Any, Any, Any], list[tuple[dt.date, float]]]:
    """Where an item counts, from its days: as ``_placer`` with day keys."""
    clustered, drop = spec.count == "clusters", spec.imprecise == "drop"

    def place(start: Any, end: Any, precision: Any) -> list[tuple[dt.date, float]]:
        first, last = _as_date(start), _as_date(end)
        if first is None or first == UNKNOWN_DATE:
            return []
        if drop and clustered and precision == "range" and drawn_precision(first, last) == "day":
            return [(period_start(first, spec.interval), 1.0)]  # a publication day in doubt
        span = date_span(first, precision, last)
        return placements(span, spec.interval, spec.imprecise) if span else []

    return place


def _left_out_label(row: Any, spec: PanelSpec) -> str:
    """The precision an item left out is dated to ("range" happenings: week ...)."""
    precision = row[2] or "unknown"
    if precision == "range" and spec.count == "clusters":
        return drawn_precision(_as_date(row[0]), _as_date(row[1]))
    return str(precision)


def _panel_periods(spec: PanelSpec, cells: Cells) -> list[dt.date]:
    """Every period from ``since`` (else the first with data) to ``until`` (else the
    last with data)."""
    seen = [key[0] for key in cells]
    first = spec.since or (min(seen) if seen else None)
    last = spec.until or (max(seen) if seen else None)
    if first is None or last is None:
        return []
    return periods_between(first, last, spec.interval)


def _articles_per_day(conn: Connection, first: dt.date, last: dt.date) -> Iterable[Any]:
    """Articles stored per publication day from ``first`` to ``last``: the news volume."""
    a = articles.c
    stmt = select(a.date, func.count()).where(a.date >= first, a.date <= last).group_by(a.date)
    return conn.execute(stmt)


def _sort_key(value: Any) -> tuple[int, Any]:
    return (1, "") if value is None else (0, value)


def _rows(
    spec: PanelSpec, cells: Cells, periods: list[dt.date], volume: dict[dt.date, int]
) -> list[tuple[Any, ...]]:
    whole = spec.imprecise == "drop"
    if spec.zero_fill:
        keys = _filled_keys(spec, cells, periods)
    else:
        keys = sorted(cells, key=lambda k: tuple(_sort_key(v) for v in k))
    out = []
    for key in keys:
        # Sums added up in another order (SQL, Arrow, Spark) differ in their last bits:
        # rounded first, a mean on a rounding boundary (91.8 / 32) comes out the same.
        count, g_sum, g_count = (round(v, 9) for v in cells.get(key, (0.0, 0.0, 0.0)))
        row: tuple[Any, ...] = (
            *key,
            int(round(count)) if whole else count,
            round(g_sum / g_count, 4) if g_count else None,
        )
        if spec.normalize:
            n_articles = volume.get(key[0], 0)
            row += (n_articles, round(count / n_articles, 6) if n_articles else None)
        out.append(row)
    return out


def _filled_keys(spec: PanelSpec, cells: Cells, periods: list[dt.date]) -> list[tuple[Any, ...]]:
    """period × unit × split value, for every unit seen or asked for."""
    n_units = len(spec.unit_columns)
    units = {key[1 : 1 + n_units] for key in cells} if n_units else {()}
    if spec.by in ("country", "actor"):
        units |= {(u,) for u in spec.only}
    elif spec.by == "dyad" and spec.only:
        listed = sorted(spec.only)
        units |= {(a, b) for a in listed for b in listed if a != b and (spec.directed or a < b)}
    splits: list[tuple[Any, ...]] = [()]
    if spec.split:
        values = set(SPLIT_VALUES[spec.split]) | {key[-1] for key in cells}
        splits = [(v,) for v in sorted(values, key=_sort_key)]
    ordered_units = sorted(units, key=lambda u: tuple(_sort_key(v) for v in u))
    return [(p, *u, *s) for p in periods for u in ordered_units for s in splits]
