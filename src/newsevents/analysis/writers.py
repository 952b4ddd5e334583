"""Writing panels: CSV, JSON, Parquet and network edge lists."""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import IO, Any

from .spec import Panel, PanelError

PANEL_FORMATS: tuple[str, ...] = ("table", "csv", "json", "parquet", "edges")
# Edge lists (networkx ``from_pandas_edgelist``, igraph ``Graph.DataFrame``, Gephi's
# spreadsheet import: Source/Target/Weight are matched without regard to case).
EDGE_COLUMNS = ("source", "target", "period", "weight", "goldstein_mean")


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def write_csv(panel: Panel, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(panel.columns)
    for row in panel.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])


def write_json(panel: Panel, out: IO[str]) -> None:
    json.dump(panel.to_dict(), out, ensure_ascii=False)
    out.write("\n")


def edge_rows(panel: Panel) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """One edge per dyad and period with something on it (zero rows are no edges):
    source, target, period, weight (the count), mean Goldstein, then the split value."""
    if panel.spec.by != "dyad":
        raise PanelError("an edge list needs a dyad panel (by='dyad')")
    columns = panel.columns
    split = panel.spec.split_column
    at = {name: columns.index(name) for name in columns}
    header = EDGE_COLUMNS + ((split,) if split else ())
    rows = []
    for row in panel.rows:
        if not row[at["count"]]:
            continue
        edge = (row[at["source"]], row[at["target"]], row[at["period"]], row[at["count"]],
                row[at["goldstein_mean"]])  # fmt: skip
        rows.append(edge + ((row[at[split]],) if split else ()))
    rows.sort(key=lambda r: (r[2], r[0], r[1], *(("",) if r[5:] == (None,) else r[5:])))
    return header, rows


def write_edges(panel: Panel, out: IO[str]) -> None:
    header, rows = edge_rows(panel)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])


def write_parquet(panel: Panel, out: IO[bytes]) -> None:
    """Typed columns: ``period`` a date, counts integers (floats when spread), means
    and normalised values doubles."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    whole = panel.spec.imprecise == "drop"
    types = {
        "period": pa.date32(), "quad_class": pa.int64(),
        "count": pa.int64() if whole else pa.float64(), "goldstein_mean": pa.float64(),
        "articles": pa.int64(), "normalized": pa.float64(),
    }  # fmt: skip
    schema = pa.schema([(name, types.get(name, pa.string())) for name in panel.columns])
    columns = list(zip(*panel.rows, strict=True)) if panel.rows else [()] * len(schema)
    table = pa.Table.from_arrays(
        [pa.array(list(values), type=field.type) for values, field in zip(columns, schema, strict=True)],
        schema=schema,
    )  # fmt: skip
    left_out = json.dumps(panel.left_out)
    table = table.replace_schema_metadata(
        {"newsevents.spec": json.dumps(panel.spec.to_dict()), "newsevents.left_out": left_out}
    )
    pq.write_table(table, out)
