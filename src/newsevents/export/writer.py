"""Writing export rows as CSV, TSV or Parquet, streamed in batches."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .schema import ExportSchema

TEXT_FORMATS = {"csv": ",", "tsv": "\t"}
ROW_GROUP = 20_000


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # one record a line whatever the text holds
        return " ".join(value.split()) if ("\n" in value or "\t" in value) else value
    return str(value)


def write_text(
    schema: ExportSchema, rows: Iterable[tuple[Any, ...]], out: IO[str], fmt: str,
    header: bool = True,
) -> int:  # fmt: skip
    writer = csv.writer(out, delimiter=TEXT_FORMATS[fmt], lineterminator="\n")
    if header:
        writer.writerow(schema.columns)
    n = 0
    for row in rows:
        writer.writerow([_text(v) for v in row])
        n += 1
    return n


def _arrow_schema(schema: ExportSchema) -> Any:
    import pyarrow as pa

    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
             "str": pa.string()}  # fmt: skip
    return pa.schema([(c, types[schema.type_of(c)]) for c in schema.columns])


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    it = iter(rows)
    while batch := list(itertools.islice(it, size)):
        yield batch


def write_parquet(schema: ExportSchema, rows: Iterable[tuple[Any, ...]], out: IO[bytes]) -> int:
    """Typed columns (codes stay strings: "043"), row groups of ``ROW_GROUP`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = _arrow_schema(schema)
    n = 0
    with pq.ParquetWriter(out, arrow) as writer:
        for batch in _batches(rows, ROW_GROUP):
            columns = list(zip(*batch, strict=True))
            arrays = [pa.array(list(values), type=field.type)
                      for values, field in zip(columns, arrow, strict=True)]  # fmt: skip
            writer.write_table(pa.Table.from_arrays(arrays, schema=arrow))
            n += len(batch)
        if n == 0:
            writer.write_table(arrow.empty_table())
    return n
