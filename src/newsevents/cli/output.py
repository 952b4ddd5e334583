"""Writing events as JSON lines, CSV, a table or Parquet (streaming where the format can)."""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..model import Actor, Event

EVENT_FORMATS = ("jsonl", "table", "csv")
# Flat columns for csv, table and parquet; the JSON lines carry the full CONTRACT event.
FLAT_COLUMNS = (
    "event_id", "article_id", "sentence_index", "date", "date_precision",
    "source", "source_text", "target", "target_text", "plover", "plover_mode",
    "cameo", "cameo_root", "quad_class", "goldstein", "negated", "modality",
    "location", "location_country", "lat", "lon", "confidence", "trigger", "sentence",
    "date_source", "location_precision", "location_admin1", "place_source",
)  # fmt: skip
TABLE_COLUMNS = (
    "date", "source", "target", "plover", "cameo", "goldstein", "negated", "modality",
    "location", "sentence",
)  # fmt: skip
# Modalities of events that happened; any other (future, hypothetical, ...) did not, yet.
HAPPENED = frozenset({"asserted", "reported"})
PARQUET_BATCH = 10_000


def _actors_code(actors: tuple[Actor, ...]) -> str:
    return ";".join(a.code or a.country or "---" for a in actors)


def one_line(text: str | None) -> str | None:
    """Trimmed, with every run of whitespace (newlines too) one space: a table row or a
    CSV field stays one line. The JSON output keeps the text as it was (offsets)."""
    return " ".join(text.split()) if text is not None else None


def flat_event(event: Event) -> dict[str, Any]:
    """The flat columns of csv, table and parquet; text fields on one line."""
    loc = event.location
    return {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "source": _actors_code(event.source),
        "source_text": one_line("; ".join(a.text for a in event.source)),
        "target": _actors_code(event.target),
        "target_text": one_line("; ".join(a.text for a in event.target)),
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "cameo": event.cameo,
        "cameo_root": event.cameo_root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "negated": event.negated,
        "modality": event.modality,
        "location": one_line(loc.name) if loc else None,
        "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "confidence": event.confidence,
        "trigger": one_line(event.trigger),
        "sentence": one_line(event.sentence),
        "date_source": event.date_source,
        "location_precision": loc.precision if loc else None,
        "location_admin1": loc.admin1 if loc else None,
        "place_source": event.place_source,
    }


class EventWriter:
    """Streams events to ``out`` in one text format; ``close()`` flushes a table."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        if fmt not in EVENT_FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt, self.out = fmt, out
        self._csv: csv.DictWriter[str] | None = None
        self._table_rows: list[dict[str, Any]] = []

    def write(self, event: Event) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self.out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
                self._csv.writeheader()
            self._csv.writerow(flat_event(event))
        else:
            self._table_rows.append(flat_event(event))

    def close(self) -> None:
        if self.fmt == "csv" and self._csv is None:
            csv.DictWriter(self.out, fieldnames=FLAT_COLUMNS, lineterminator="\n").writeheader()
        if self.fmt == "table":
            print_table(self._table_rows, self.out)
        self.out.flush()


def print_table(
    rows: list[dict[str, Any]], out: IO[str], columns: tuple[str, ...] = TABLE_COLUMNS
) -> None:
    """One line per row: every column as wide as its widest cell, and the last (the
    sentence of an event) cut (…) to the width that is left (whole in csv and jsonl).
    Events that did not (yet) happen are marked in their columns and dimmed."""
    from rich.console import Console
    from rich.table import Column, Table

    # Piped output gets a wide fixed width so rows are not squeezed to 80 columns.
    console = Console(file=out, width=None if out.isatty() else 200, soft_wrap=False)
    cells = [{c: "" if row[c] is None else str(row[c]) for c in columns} for row in rows]
    if "negated" in columns:
        for row, cell in zip(rows, cells, strict=True):
            cell["negated"] = "NEGATED" if row["negated"] else ""
    widths = {c: max([len(c), *(len(cell[c]) for cell in cells)]) for c in columns}
    last = columns[-1]
    others = sum(w for c, w in widths.items() if c != last)
    room = max(20, console.width - others - 3 * len(columns) - 1)
    widths[last] = min(widths[last], room)
    table = Table(
        *(Column(c, no_wrap=True, overflow="ellipsis", min_width=widths[c],
                 max_width=room if c == last else None) for c in columns),
        show_lines=False, header_style="bold",
    )  # fmt: skip
    for row, cell in zip(rows, cells, strict=True):
        happened = row.get("negated") is not True and row.get("modality", "asserted") in HAPPENED
        table.add_row(*(cell[c] for c in columns), style=None if happened else "dim")
    console.print(table)


def write_parquet(events: Iterable[Event], out: IO[bytes]) -> int:
    """Write events as a Parquet file (flat columns), in row groups; returns the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (name, pa.int64() if name in ("sentence_index", "quad_class")
             else pa.float64() if name in ("goldstein", "lat", "lon", "confidence")
             else pa.bool_() if name == "negated" else pa.string())
            for name in FLAT_COLUMNS
        ]
    )  # fmt: skip
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in _batches(events, PARQUET_BATCH):
            rows = [flat_event(e) for e in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def _batches(events: Iterable[Event], size: int) -> Iterator[list[Event]]:
    it = iter(events)
    while batch := list(itertools.islice(it, size)):
        yield batch


def binary_stdout() -> IO[bytes]:
    return sys.stdout.buffer
