"""Writing event clusters as JSON lines, CSV, a table or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from ..model import EventCluster
from .output import print_table

CLUSTER_COLUMNS = (
    "cluster_id", "date", "date_end", "date_precision", "source", "source_country",
    "target", "target_country", "plover", "cameo", "quad_class", "goldstein", "factual",
    "location", "location_country", "num_events", "num_articles", "num_sources",
    "first_seen", "last_seen", "outlets",
)  # fmt: skip
CLUSTER_TABLE = (
    "date", "source", "target", "plover", "cameo", "location", "num_articles",
    "num_sources", "outlets",
)  # fmt: skip


def flat_cluster(c: EventCluster) -> dict[str, Any]:
    return {
        "cluster_id": c.cluster_id,
        "date": c.date.isoformat() if c.date else None,
        "date_end": c.date_end.isoformat() if c.date_end else None,
        "date_precision": c.date_precision,
        "source": c.source_code,
        "source_country": c.source_country,
        "target": c.target_code,
        "target_country": c.target_country,
        "plover": c.plover,
        "cameo": c.cameo,
        "quad_class": c.quad_class,
        "goldstein": c.goldstein,
        "factual": c.factual,
        "location": c.location.name if c.location else None,
        "location_country": c.location.country if c.location else None,
        "num_events": c.num_events,
        "num_articles": c.num_articles,
        "num_sources": c.num_sources,
        "first_seen": c.first_seen.isoformat() if c.first_seen else None,
        "last_seen": c.last_seen.isoformat() if c.last_seen else None,
        "outlets": ";".join(c.outlets),
    }


def write_clusters(clusters: Iterable[EventCluster], fmt: str, out: IO[str]) -> int:
    """Write clusters in ``fmt`` (jsonl, csv or table); returns how many."""
    count = 0
    rows: list[dict[str, Any]] = []
    writer: csv.DictWriter[str] | None = None
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CLUSTER_COLUMNS, lineterminator="\n")
        writer.writeheader()
    for c in clusters:
        count += 1
        if fmt == "jsonl":
            out.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        elif writer is not None:
            writer.writerow(flat_cluster(c))
        else:
            rows.append(flat_cluster(c))
    if fmt == "table":
        print_table(rows, out, CLUSTER_TABLE)
    out.flush()
    return count


def write_clusters_parquet(clusters: Iterable[EventCluster], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ints = {"quad_class", "num_events", "num_articles", "num_sources"}
    schema = pa.schema(
        [
            (name, pa.int64() if name in ints else pa.float64() if name == "goldstein"
             else pa.bool_() if name == "factual" else pa.string())
            for name in CLUSTER_COLUMNS
        ]
    )  # fmt: skip
    rows = [flat_cluster(c) for c in clusters]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
    return len(rows)
