"""A Spark run's output back into the store: ``newsevents ingest --from-parquet DIR``.

The articles table (:mod:`newsevents.spark.tables`) holds every article with its events
and unresolved names, so each row becomes the very ``CodedArticle`` that ``ingest``
would have coded from the same input, event ids included; the store then skips what it
holds already (same id, same content), so loading an output twice stores nothing twice.
Read with pyarrow, batch by batch: neither Spark nor Java is needed, and memory stays
flat whatever the size of the output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import Article, CodedArticle, Event, ReadError, UnresolvedName

if TYPE_CHECKING:
    from ..config import Settings
    from ..store import IngestReport, Store
    from ..store.loader import ReadErrorCallback
    from ..store.store import ProgressCallback

__all__ = ["NotSparkOutput", "coded_from_parquet", "ingest_parquet"]

_COLUMNS = ["kind", "origin", "article_json", "error", "events", "unresolved"]
ROWS_PER_BATCH = 256


class NotSparkOutput(ValueError):
    """The folder holds no articles table written by ``newsevents spark``."""


def _coded(row: dict[str, Any], min_confidence: float) -> CodedArticle:
    article = Article.from_dict(json.loads(row["article_json"]))
    events = tuple(
        e for e in map(Event.from_dict, row["events"] or ()) if e.confidence >= min_confidence
    )
    unresolved = tuple(UnresolvedName(**u) for u in row["unresolved"] or ())
    return CodedArticle(article, events, row["error"], unresolved)


def coded_from_parquet(
    folder: str, min_confidence: float = 0.0
) -> Iterator[CodedArticle | ReadError]:
    """Every record of a ``newsevents spark`` output: coded articles (a failed one with
    its error; events below ``min_confidence`` left out) and read errors, input by input."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    location = folder.rstrip("/") + "/articles"
    try:
        dataset = ds.dataset(location, format="parquet", partitioning="hive")
        missing = [c for c in _COLUMNS if c not in dataset.schema.names]
    except (FileNotFoundError, pa.ArrowInvalid) as exc:
        raise NotSparkOutput(f"{folder}: no articles table ({exc})") from exc
    if missing:
        raise NotSparkOutput(f"{folder}: the articles table lacks {', '.join(missing)}")
    for batch in dataset.to_batches(columns=_COLUMNS, batch_size=ROWS_PER_BATCH):
        for row in batch.to_pylist():
            if row["kind"] == "error":
                yield ReadError(row["origin"] or "?", row["error"] or "unreadable")
            else:
                yield _coded(row, min_confidence)


def ingest_parquet(
    folder: str,
    store: Store,
    settings: Settings,
    on_read_error: ReadErrorCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Store the output of a Spark run (events below ``settings.min_confidence`` left
    out, as ``ingest`` leaves them out); returns the counts, as ``ingest_paths`` does."""
    from ..store import IngestReport

    read_errors = IngestReport()

    def coded() -> Iterator[CodedArticle]:
        for item in coded_from_parquet(folder, settings.min_confidence):
            if isinstance(item, ReadError):
                read_errors.read_errors += 1
                if on_read_error:
                    on_read_error(item)
            else:
                yield item

    def progress(report: IngestReport) -> None:
        report.read_errors = read_errors.read_errors
        if on_progress:
            on_progress(report)

    report = store.ingest(coded(), commit_every=settings.commit_every, on_progress=progress)
    report.read_errors = read_errors.read_errors
    return report
