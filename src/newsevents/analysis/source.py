"""SQL for panels: grouped counts of happenings (``clusters``) or events per possible
date span, unit and split value; ``panel.py`` places the spans in periods.

Each item is read by its first source and first target actor: for an event, the first
actor of each side (as GDELT's Actor1/Actor2); for a happening, its representative
event's. The grouping keeps every distinct (date, date_end, precision) so that date
precision is handled in one place (``periods.py``), whatever the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    case,
    cast,
    func,
    null,
    or_,
    select,
    type_coerce,
)

from ..store.cluster_query import dyad_condition as cluster_dyad_condition
from ..store.query import code_dyad_event_ids
from ..store.results import Dyad
from ..store.rows import UNKNOWN_DATE, pair_key
from ..store.schema import clusters, event_dyads, events
from .spec import PanelError, PanelSpec

# Years are the widest bounded span: an item starting this long before ``since`` may
# still reach into the panel.
WIDEST_SPAN = dt.timedelta(days=366)


@dataclass(frozen=True)
class ItemColumns:
    """The columns of one kind of item, by what they mean."""

    start: Any
    end: Any
    precision: Any
    source_country: Any
    target_country: Any
    source_code: Any
    target_code: Any
    place_country: Any
    quad_class: Any
    plover: Any
    cameo_root: Any
    goldstein: Any
    factual: Any
    is_clusters: bool


def item_columns(count: str) -> ItemColumns:
    if count == "clusters":
        c = clusters.c
        return ItemColumns(
            c.date, c.date_end, c.date_precision, c.source_country, c.target_country,
            c.source_code, c.target_code, c.location_country, c.quad_class, c.plover,
            c.cameo_root, c.goldstein, c.factual, True,
        )  # fmt: skip
    e = events.c
    # A NULL precision (rows that never had one) counts as a day: the event's own date,
    # else its article's.
    return ItemColumns(
        e.sort_date, null(), e.date_precision, e.source_country, e.target_country, e.source_code,
        e.target_code, e.location_country, e.quad_class, e.plover, e.cameo_root,
        e.goldstein, e.factual, False,
    )  # fmt: skip


def _side(country_col: Any, code_col: Any, value: str) -> ColumnElement[bool]:
    """A side given as a country (three letters) or an actor code (USAGOV)."""
    return country_col == value if len(value) == 3 and value.isalpha() else code_col == value


def _dyad_condition(spec: PanelSpec, cols: ItemColumns) -> ColumnElement[bool]:
    """The ``dyad`` filter means what it means to ``newsevents events --dyad`` (every
    actor of each side of an event: each event once) and ``--clusters --dyad`` (the
    happening's dyad), so a panel's total for a dyad is the count those commands give."""
    assert spec.dyad is not None
    dyad = Dyad.parse(spec.dyad)
    if cols.is_clusters:
        return cluster_dyad_condition(dyad, ordered=spec.directed)
    if not dyad.by_country:
        return events.c.event_key.in_(code_dyad_event_ids(dyad, ordered=spec.directed))
    d = event_dyads.c
    pair = d.pair == pair_key(dyad.a, dyad.b)
    side = d.source_country == dyad.a if spec.directed else d.mirror.is_(False)
    return events.c.event_key.in_(select(d.event_key).where(pair, side))


def common_conditions(spec: PanelSpec, cols: ItemColumns) -> list[ColumnElement[bool]]:
    """Filters shared by every statement of a panel (not the units)."""
    conds: list[ColumnElement[bool]] = []
    if spec.factual_only:
        conds.append(cols.factual.is_(True))
    if spec.plover:
        conds.append(cols.plover == spec.plover)
    if spec.cameo_root:
        conds.append(cols.cameo_root == spec.cameo_root)
    if spec.quad_class is not None:
        conds.append(cols.quad_class == spec.quad_class)
    if spec.scope == "domestic":
        conds.append(cols.source_country == cols.target_country)
    elif spec.scope == "international":
        conds.append(cols.source_country != cols.target_country)
    if spec.dyad:
        conds.append(_dyad_condition(spec, cols))
    if spec.involving:
        conds.append(or_(_side(cols.source_country, cols.source_code, spec.involving),
                         _side(cols.target_country, cols.target_code, spec.involving)))  # fmt: skip
    if spec.min_sources > 1:
        conds.append(clusters.c.num_sources >= spec.min_sources)
    if spec.min_confidence is not None:
        conds.append(events.c.confidence >= spec.min_confidence)
    undated = cols.start.is_(None) | (cols.start == UNKNOWN_DATE)
    if spec.since:
        conds.append(or_(cols.start >= spec.since - WIDEST_SPAN, undated))
    if spec.until:
        conds.append(or_(cols.start <= spec.until, undated))
    return conds


def _units(spec: PanelSpec, cols: ItemColumns) -> list[tuple[list[Any], list[Any]]]:
    """(unit expressions, their conditions) for each statement of the panel."""
    only = list(spec.only)
    if spec.by == "all":
        if only:
            raise PanelError("'only' needs a unit: by country, dyad or actor")
        return [([], [])]
    if spec.by == "dyad":
        s, t = cols.source_country, cols.target_country
        conds = [s.is_not(None), t.is_not(None)]
        if only:
            conds += [s.in_(only), t.in_(only)]
        if spec.directed:
            return [([s, t], conds)]
        first = case((s <= t, s), else_=t)
        second = case((s <= t, t), else_=s)
        return [([first, second], conds)]
    if spec.by == "country":
        source, target, place = cols.source_country, cols.target_country, cols.place_country
    else:
        source, target, place = cols.source_code, cols.target_code, None
    sides = {"source": source, "target": target, "place": place}
    if spec.role != "either":
        unit = sides[spec.role]
        conds = [unit.is_not(None)] + ([unit.in_(only)] if only else [])
        return [([unit], conds)]
    statements = []
    for unit, extra in (
        (source, []),
        # a domestic item counts once for its country
        (target, [or_(source.is_(None), source != target)]),
    ):
        conds = [unit.is_not(None), *extra] + ([unit.in_(only)] if only else [])
        statements.append(([unit], conds))
    return statements


def period_expr(col: Any, interval: str, dialect: str) -> Any:
    """The first day of the period holding the date ``col``, in SQL (NULL stays NULL).
    SQLite stores dates as ``YYYY-MM-DD`` text; PostgreSQL truncates."""
    if interval == "day":
        return col
    if dialect == "postgresql":
        return type_coerce(cast(func.date_trunc(interval, col), Date), Date())
    expr: Any
    if interval == "week":  # the Sunday ending the week, less six days: its Monday
        expr = func.date(col, "weekday 0", "-6 days")
    elif interval == "month":
        expr = func.substr(col, 1, 8).concat("01")
    else:
        expr = func.substr(col, 1, 5).concat("01-01")
    return type_coerce(expr, Date())


def _span_keys(spec: PanelSpec, cols: ItemColumns, dialect: str) -> list[Any]:
    """The date keys of a statement. Spreading needs the days themselves; dropping needs
    only periods, which SQL computes, so that far fewer groups come back: a happening's
    first and last possible periods (equal: it counts there; not: it fits none; a
    "range" happening's days, which ``panel.py`` tells apart), an event's period when it
    is dated to the day, else its date (``panel.py`` places it)."""
    if spec.imprecise == "spread":
        return [cols.start, cols.end, cols.precision]
    undated = or_(cols.start.is_(None), cols.start == UNKNOWN_DATE)
    start = case((undated, None), else_=period_expr(cols.start, spec.interval, dialect))
    if cols.is_clusters:  # a "range" is a week or a publication day in doubt: its days
        ranged = cols.precision == "range"
        end = period_expr(cols.end, spec.interval, dialect)
        return [type_coerce(case((ranged, cols.start), else_=start), Date()),
                type_coerce(case((ranged, cols.end), else_=end), Date()), cols.precision]  # fmt: skip
    to_the_day = or_(cols.precision.is_(None), cols.precision == "day")
    start = case((to_the_day, start), else_=cols.start)
    return [type_coerce(start, Date()), cols.end, cols.precision]


def panel_statements(spec: PanelSpec, dialect: str = "sqlite") -> list[Select[Any]]:
    """SELECT start, end, precision, unit..., split, count, Goldstein sum, Goldstein
    count ... GROUP BY the non-aggregates; one statement per side counted. The date keys
    are days (``imprecise="spread"``) or periods (``_span_keys``)."""
    cols = item_columns(spec.count)
    split = {
        None: None, "quad": cols.quad_class, "plover": cols.plover, "cameo_root": cols.cameo_root,
    }[spec.split]  # fmt: skip
    common = common_conditions(spec, cols)
    table = clusters if cols.is_clusters else events
    out = []
    for units, conds in _units(spec, cols):
        keys = [*_span_keys(spec, cols, dialect), *units]
        if split is not None:
            keys.append(split)
        labelled = [k.label(f"k{i}") for i, k in enumerate(keys)]
        stmt = (
            select(*labelled, func.count(), func.sum(cols.goldstein), func.count(cols.goldstein))
            .select_from(table)
            .where(*common, *conds)
            .group_by(*(k for k in keys if not _is_constant(k)))
        )
        out.append(stmt)
    return out


def streams(spec: PanelSpec, dialect: str) -> bool:
    """Whether to read the items one by one and add them up in Python (``stream_statement``)
    rather than group them in SQL. SQLite groups by sorting every row (it has no hash
    aggregation): about 1.5 microseconds a row, so a panel over every happening of a
    large store takes seconds per side counted, while one scan read in Python adds both
    sides at once. A dyad or a country filter narrows the rows, and there SQL grouping
    is faster; PostgreSQL aggregates by hashing."""
    return dialect == "sqlite" and not (spec.dyad or spec.involving)


def stream_statement(spec: PanelSpec) -> tuple[Select[Any], bool]:
    """SELECT start, end, precision (as text), the unit columns, the split value, the
    Goldstein score and whether it has one, of every item; and whether the two unit columns are the source and
    target of an "either side" panel (``panel.py`` then counts the target too, unless it
    is the source's country)."""
    cols = item_columns(spec.count)
    either = spec.by in ("country", "actor") and spec.role == "either"
    if either:
        if spec.by == "country":
            source, target = cols.source_country, cols.target_country
        else:
            source, target = cols.source_code, cols.target_code
        units: list[Any] = [source, target]
        conds: list[Any] = [or_(source.is_not(None), target.is_not(None))]
        if spec.only:
            conds.append(or_(source.in_(spec.only), target.in_(spec.only)))
    else:
        units, conds = _units(spec, cols)[0]
    split = {
        None: None, "quad": cols.quad_class, "plover": cols.plover, "cameo_root": cols.cameo_root,
    }[spec.split]  # fmt: skip
    text = [cast(cols.start, String), cast(cols.end, String), cols.precision, *units]
    if split is not None:
        text.append(split)
    # No NULLs: '' (0 for a quad class) and a flag for the Goldstein score stand in, so
    # that every batch of rows has the same column types.
    keys: list[Any] = [func.coalesce(k, 0 if k is cols.quad_class else "") for k in text]
    keys += [func.coalesce(cols.goldstein, 0.0), case((cols.goldstein.is_(None), 0), else_=1)]
    table = clusters if cols.is_clusters else events
    labelled = [k.label(f"c{i}") for i, k in enumerate(keys)]
    stmt = select(*labelled).select_from(table).where(*common_conditions(spec, cols), *conds)
    return stmt, either


def _is_constant(expr: Any) -> bool:
    """NULL literals (an events statement has no end date) are not grouped by."""
    return getattr(expr, "__visit_name__", "") == "null"
