"""Exports in the shapes other tools read: GDELT 2.0 events, ICEWS, POLECAT, and
newsevents' own flat columns, as Parquet, CSV or TSV (docs/EXPORTS.md maps every column).

    from newsevents.export import export_events
    with Store.open("events.db") as store, open("gdelt.parquet", "wb") as out:
        export_events(store, "gdelt", "parquet", out)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any

from ..store import EventFilter, Store
from .gdelt import GDELT, GDELT_COLUMNS, GDELT_STRING_COLUMNS
from .icews import ICEWS, ICEWS_COLUMNS
from .native import NATIVE, NATIVE_COLUMNS
from .polecat import POLECAT, POLECAT_COLUMNS
from .records import ExportContext, ExportRecord, iter_records
from .schema import ExportSchema
from .writer import TEXT_FORMATS, write_parquet, write_text

SCHEMAS: dict[str, ExportSchema] = {s.name: s for s in (NATIVE, GDELT, ICEWS, POLECAT)}
EXPORT_FORMATS: tuple[str, ...] = ("parquet", "csv", "tsv")
ProgressCallback = Callable[[int], None]


def export_rows(
    store: Store,
    schema: ExportSchema,
    event_filter: EventFilter | None = None,
    happenings: bool = False,
    on_progress: ProgressCallback | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``schema`` for every matching event (default: every event that
    happened; ``happenings``: one per event cluster); ``on_progress(rows so far)`` every
    10,000 rows."""
    ctx = ExportContext()
    event_filter = event_filter or EventFilter(factual_only=True)
    for n, record in enumerate(iter_records(store, event_filter, happenings), 1):
        yield schema.row(record, ctx)
        if on_progress and n % 10_000 == 0:
            on_progress(n)


def export_events(
    store: Store,
    schema: str,
    fmt: str,
    out: IO[bytes] | IO[str],
    event_filter: EventFilter | None = None,
    happenings: bool = False,
    header: bool = True,
    on_progress: ProgressCallback | None = None,
) -> int:
    """Write the events of ``store`` in ``schema`` ("newsevents", "gdelt", "icews",
    "polecat") as ``fmt`` ("parquet" to a binary stream, "csv"/"tsv" to a text one);
    returns the number of rows."""
    if schema not in SCHEMAS:
        raise ValueError(f"unknown schema {schema!r}: expected one of {', '.join(SCHEMAS)}")
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(EXPORT_FORMATS)}")
    chosen = SCHEMAS[schema]
    rows = export_rows(store, chosen, event_filter, happenings, on_progress)
    if fmt == "parquet":
        return write_parquet(chosen, rows, out)  # type: ignore[arg-type]
    return write_text(chosen, rows, out, fmt, header)  # type: ignore[arg-type]


__all__ = [
    "EXPORT_FORMATS",
    "GDELT_COLUMNS",
    "GDELT_STRING_COLUMNS",
    "ICEWS_COLUMNS",
    "NATIVE_COLUMNS",
    "POLECAT_COLUMNS",
    "SCHEMAS",
    "TEXT_FORMATS",
    "ExportRecord",
    "ExportSchema",
    "export_events",
    "export_rows",
]
