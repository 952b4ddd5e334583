"""Adding up the items of a large panel in Arrow (C++ hash aggregation) instead of
Python loops or SQLite's sorting GROUP BY.

The rows of ``source.stream_statement`` (text and numbers, no NULLs: '' and a flag stand
in) come as one Arrow table: from SQLite through the ADBC driver, which decodes them in
C, else from the DBAPI cursor. The few distinct date spans are placed in periods in
Python (``panel._day_placer``); Arrow joins the placements back and sums per period,
unit and split value.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Select

from .spec import PanelSpec

FETCH = 100_000
Placer = Callable[[Any, Any, Any], list[tuple[dt.date, float]]]
Labeller = Callable[[tuple[Any, ...]], str]
SPAN = ["start", "end", "precision"]


def column_names(spec: PanelSpec, either: bool) -> list[str]:
    units = ["source", "target"] if either else [f"u{i}" for i in range(len(spec.unit_columns))]
    return [*SPAN, *units, *(["split"] if spec.split else []), "goldstein", "has_goldstein"]


def _types(spec: PanelSpec, names: list[str]) -> list[Any]:
    import pyarrow as pa

    types = [pa.string()] * (len(names) - 2) + [pa.float64(), pa.int64()]
    if spec.split == "quad":
        types[len(names) - 3] = pa.int64()
    return types


def read_table(conn: Connection, stmt: Select[Any], names: list[str], spec: PanelSpec) -> Any:
    """The statement's rows as an Arrow table with columns ``names``."""
    import pyarrow as pa

    types = _types(spec, names)
    schema = pa.schema(list(zip(names, types, strict=True)))
    database = conn.engine.url.database
    if conn.dialect.name == "sqlite" and database and database != ":memory:":
        table = _read_adbc(database, stmt, conn)
        if table is not None:  # column types are inferred from the values: set them
            if table.num_rows == 0:
                return schema.empty_table()
            return table.rename_columns(names).cast(schema)
    result = conn.execute(stmt)
    try:  # the raw cursor: no SQLAlchemy row objects
        batches = []
        while rows := result.cursor.fetchmany(FETCH):
            columns = list(zip(*rows, strict=True))
            arrays = [pa.array(c, type=t) for c, t in zip(columns, types, strict=True)]
            batches.append(pa.Table.from_arrays(arrays, schema=schema))
    finally:
        result.close()
    return pa.concat_tables(batches) if batches else schema.empty_table()


def _read_adbc(database: str, stmt: Select[Any], conn: Connection) -> Any:
    """SQLite through ADBC (read-only), or None when the driver is not installed."""
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:
        return None
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    uri = "file:" + quote(os.path.abspath(database)) + "?mode=ro"
    with adbc.connect(uri) as reader, reader.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetch_arrow_table()


def _units(table: Any, spec: PanelSpec, either: bool, split: list[str]) -> Any:
    """One row per (item, unit counted): both sides of an "either side" panel (the
    target unless it is the source's own), else the rows as they are."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not either:
        return table
    only = pa.array(list(spec.only), type=pa.string()) if spec.only else None
    keep = [*SPAN, "unit", *split, "goldstein", "has_goldstein"]
    sides = []
    for side, other in (("source", None), ("target", "source")):
        mask = pc.not_equal(table[side], "")
        if other is not None:  # a domestic item counts once for its country
            mask = pc.and_(mask, pc.not_equal(table[side], table[other]))
        if only is not None:
            mask = pc.and_(mask, pc.is_in(table[side], value_set=only))
        chosen = table.filter(mask)
        sides.append(chosen.rename_columns(
            ["unit" if n == side else n for n in chosen.column_names]).select(keep))  # fmt: skip
    return pa.concat_tables(sides)


def _placements(spans: Any, place: Placer, label: Labeller, left_out: Counter[str]) -> Any:
    """A table of (span keys, period, weight) for every placed span; counts the rest."""
    import pyarrow as pa

    placed: dict[str, list[Any]] = {name: [] for name in (*SPAN, "period", "weight")}
    rows = zip(*(spans[c].to_pylist() for c in (*SPAN, "count_all")), strict=True)
    for start, end, precision, n in rows:
        key = (start or None, end or None, precision or None)
        where = place(*key)
        if not where:
            left_out[label(key)] += n
        for period, weight in where:
            for name, value in zip(placed, (start, end, precision, period, weight), strict=True):
                placed[name].append(value)
    schema = pa.schema([(c, pa.string()) for c in SPAN] + [("period", pa.date32()),
                                                          ("weight", pa.float64())])  # fmt: skip
    return pa.table(placed, schema=schema)


def add_up(
    table: Any, spec: PanelSpec, either: bool, place: Placer, label: Labeller,
    cells: dict[tuple[Any, ...], list[float]], left_out: Counter[str],
) -> None:  # fmt: skip
    """Fill ``cells`` ((period, *units, split) -> [count, Goldstein sum, Goldstein
    count]) and ``left_out`` from the rows of a ``stream_statement``."""
    if spec.imprecise == "drop":
        _add_up_dropping(table, spec, either, place, label, cells, left_out)
    else:
        _add_up_spreading(table, spec, either, place, label, cells, left_out)


def _split_value(value: Any, spec: PanelSpec) -> Any:
    """The stand-ins for NULL back to None: '' (text), 0 (a quad class)."""
    if value == "" or (value == 0 and spec.split == "quad" and not isinstance(value, dt.date)):
        return None
    return value


def _unit_names(table: Any, either: bool) -> list[str]:
    return ["source", "target"] if either else [c for c in table.column_names if c[:1] == "u"]


def _add_up_dropping(
    table: Any, spec: PanelSpec, either: bool, place: Placer, label: Labeller,
    cells: dict[tuple[Any, ...], list[float]], left_out: Counter[str],
) -> None:  # fmt: skip
    """Each span counts in one period or none: look the period up per distinct span
    (dictionary-encoded), sum per period and unit columns, and only then split the few
    summed rows into the sides an "either side" panel counts."""
    import pyarrow as pa
    import pyarrow.compute as pc

    joined = pc.binary_join_element_wise(*(table[c] for c in SPAN), "|")
    if isinstance(joined, pa.ChunkedArray):  # one dictionary for every row
        joined = joined.combine_chunks()
    span = joined.dictionary_encode()
    periods, labels = [], []
    for key in span.dictionary.to_pylist():
        start, end, precision = (part or None for part in key.split("|"))
        where = place(start, end, precision)
        periods.append(where[0][0] if where else None)
        labels.append(None if where else label((start, end, precision)))
    period = pc.take(pa.array(periods, type=pa.date32()), span.indices)
    units, split = _unit_names(table, either), ["split"] if spec.split else []
    table = table.select([*units, *split, "goldstein", "has_goldstein"])
    table = table.append_column("period", period).append_column("span", span.indices)
    g_count = pc.cast(table["has_goldstein"], "float64")
    table = table.append_column("g_sum", pc.multiply(table["goldstein"], g_count))
    table = table.append_column("g_count", g_count)
    placed = pc.is_valid(table["period"])
    sums = (table.filter(placed).group_by(["period", *units, *split])
            .aggregate([([], "count_all"), ("g_sum", "sum"), ("g_count", "sum")]))  # fmt: skip
    unplaced = table.filter(pc.invert(placed)).group_by(["span", *units]).aggregate(
        [([], "count_all")])  # fmt: skip
    only = frozenset(spec.only)

    def sides(values: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if not either:
            return [tuple(v if v != "" else None for v in values)]
        source, target = values
        out = []
        if source and (not only or source in only):
            out.append((source,))
        if target and target != source and (not only or target in only):
            out.append((target,))
        return out

    columns = [sums[c].to_pylist() for c in ("period", *units, *split)]
    totals = [sums[c].to_pylist() for c in ("count_all", "g_sum_sum", "g_count_sum")]
    n_units = len(units)
    for i, key in enumerate(zip(*columns, strict=True)):
        tail = tuple(_split_value(v, spec) for v in key[1 + n_units :])
        for unit in sides(key[1 : 1 + n_units]):
            cell = cells.setdefault((key[0], *unit, *tail), [0.0, 0.0, 0.0])
            cell[0] += totals[0][i]
            cell[1] += totals[1][i]
            cell[2] += totals[2][i]
    rows = zip(*(unplaced[c].to_pylist() for c in ("span", *units, "count_all")), strict=True)
    for span_index, *unit_values, n in rows:
        left_out[labels[span_index] or "unknown"] += n * len(sides(tuple(unit_values)))


def _add_up_spreading(
    table: Any, spec: PanelSpec, either: bool, place: Placer, label: Labeller,
    cells: dict[tuple[Any, ...], list[float]], left_out: Counter[str],
) -> None:  # fmt: skip
    """A span may count in several periods, with weights: join the placements."""
    import pyarrow.compute as pc

    split = ["split"] if spec.split else []
    table = _units(table, spec, either, split)
    spans = table.group_by(SPAN).aggregate([([], "count_all")])
    joined = table.join(_placements(spans, place, label, left_out), keys=SPAN, join_type="inner")
    weight = joined["weight"]
    g_weight = pc.multiply(weight, pc.cast(joined["has_goldstein"], "float64"))
    joined = joined.append_column("g_sum", pc.multiply(joined["goldstein"], g_weight))
    joined = joined.append_column("g_count", g_weight)
    units = ["unit"] if either else [c for c in table.column_names if c.startswith("u")]
    keys = ["period", *units, *split]
    sums = joined.group_by(keys).aggregate(
        [("weight", "sum"), ("g_sum", "sum"), ("g_count", "sum")]
    )
    columns = [[_split_value(v, spec) for v in sums[k].to_pylist()] for k in keys]
    totals = [sums[c].to_pylist() for c in ("weight_sum", "g_sum_sum", "g_count_sum")]
    for i, key in enumerate(zip(*columns, strict=True)):
        cells[key] = [totals[0][i], totals[1][i], totals[2][i]]
