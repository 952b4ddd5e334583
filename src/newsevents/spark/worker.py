"""What runs on the executors: cut input files into pieces, then code the pieces.

Both stages are ``mapInArrow`` functions (Arrow batches in, Arrow batches out). The
first gets whole files as Spark's ``binaryFile`` source read them through Hadoop, and
cuts the large ones on record boundaries (:func:`cut_inputs`); the second reads each
piece with the command line's :class:`~newsevents.read.Reader` and codes the articles
with one :class:`~newsevents.pipeline.Pipeline` per Python worker process
(:func:`code_pieces`), built before the worker forks when the ``newsevents.spark.daemon``
module starts Spark's Python workers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import posixpath
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..model import Article, ReadError
from .plan import InputPlan, cut_points
from .rows import PieceRef, ResultBatch

if TYPE_CHECKING:
    import pyarrow as pa

    from ..pipeline import Pipeline
    from ..read import Reader

__all__ = [
    "SETTINGS_ENV",
    "Piece",
    "code_pieces",
    "cut_inputs",
    "piece_schema",
    "preload_from_environment",
    "read_piece",
    "settings_from_json",
    "settings_to_json",
    "worker_pipeline",
]

# The job's settings as JSON, in the environment of its Python workers (and so of the
# daemon that forks them), for newsevents.spark.daemon to build the pipeline early.
SETTINGS_ENV = "NEWSEVENTS_SPARK_SETTINGS"
# Result rows per Arrow batch handed back to the JVM.
RESULT_ROWS_PER_BATCH = 64
# Piece bytes per Arrow batch handed back by the cutting stage.
PIECE_BYTES_PER_BATCH = 16 * 1024 * 1024


def settings_to_json(settings: Settings) -> str:
    return json.dumps(dataclasses.asdict(settings), sort_keys=True)


def settings_from_json(text: str) -> Settings:
    values: dict[str, Any] = json.loads(text)
    # JSON has no tuples: the file lists come back as lists.
    fixed: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    return Settings(**fixed)


@functools.lru_cache(maxsize=1)
def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline of this Python process, fully loaded, built once.

    Spark reuses Python workers across tasks (``spark.python.worker.reuse``, on by
    default), and with ``newsevents.spark.daemon`` every worker is forked from a daemon
    that built it already: several small partitions per core cost no extra loading.
    """
    from ..pipeline import Pipeline

    pipeline = Pipeline(settings)
    _ = pipeline.nlp, pipeline.resolver, pipeline.coder
    return pipeline


# A page read and coded once by the daemon, so that what loads on first use (the HTML
# extractor, the date parser, the gazetteer) is loaded before the workers fork, too.
_WARM_UP_PAGE = (
    b"<html><head><title>Warm-up</title><meta property='article:published_time' "
    b"content='2024-03-12T09:00:00Z'></head><body><article><h1>Germany sends tanks</h1>"
    b"<p>BERLIN (Reuters) - Germany said on Monday it would send more tanks to Ukraine, "
    b"officials in Berlin said.</p><p>Russia condemned the decision.</p></article>"
    b"</body></html>"
)


def preload_from_environment() -> None:
    """Build the pipeline named by :data:`SETTINGS_ENV`, if set, and code one page with
    it (in the daemon, before it forks). A failure is only reported: the tasks meet it
    again and fail with it."""
    text = os.environ.get(SETTINGS_ENV)
    if not text:
        return
    try:
        from ..read import Reader

        pipeline = worker_pipeline(settings_from_json(text))
        page = Reader().html(_WARM_UP_PAGE, id="warm-up", url="https://example.org/warm-up",
                             origin="warm-up", fallback_id="warm-up")  # fmt: skip
        for _ in pipeline.code_articles([page]):
            pass
    except Exception as exc:
        print(f"newsevents: pipeline not preloaded: {type(exc).__name__}: {exc}", file=sys.stderr)


# ---------------------------------------------------------------- stage 1: cutting


def piece_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([
        ("part_key", pa.int64()),  # partitions the pieces (see job._partition_keys)
        ("input_key", pa.string()),
        ("input", pa.string()),
        ("origin", pa.string()),
        ("name", pa.string()),  # the file's name, for kinds and ids
        ("kind", pa.string()),  # "warc"/"jsonl" for a byte range, null for a whole file
        ("piece", pa.int32()),
        ("start", pa.int64()),
        ("lines_before", pa.int64()),  # JSONL: lines before the piece, for origins
        ("stem_taken", pa.bool_()),
        ("data", pa.binary()),
    ])  # fmt: skip


def _piece_batch(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    import pyarrow as pa

    schema = piece_schema()
    columns = list(zip(*rows, strict=True))
    return pa.RecordBatch.from_arrays(
        [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


def _pieces_of(data: bytes, plan: InputPlan, part_keys: Sequence[int]) -> Iterator[tuple[Any, ...]]:
    f = plan.file
    name = posixpath.basename(f.origin)
    compressed = f.uri.lower().endswith(".gz")
    cuts = cut_points(data, plan.kind, plan.pieces, compressed)
    if len(cuts) == 1:
        yield (part_keys[plan.partitions[0]], f.key, f.uri, f.origin, name, None, 0, 0, 0,
               f.stem_taken, data)  # fmt: skip
        return
    ends = [start for _, start in cuts[1:]] + [len(data)]
    for (index, start), end in zip(cuts, ends, strict=True):
        lines = data.count(b"\n", 0, start) if plan.kind == "jsonl" else 0
        yield (part_keys[plan.partitions[index]], f.key, f.uri, f.origin, name, plan.kind,
               index, start, lines, f.stem_taken, data[start:end])  # fmt: skip


def cut_inputs(
    batches: Iterable[pa.RecordBatch], plans: Mapping[str, InputPlan], part_keys: Sequence[int]
) -> Iterator[pa.RecordBatch]:
    """``binaryFile`` rows (``path``, ``content``) to pieces, each tagged with the key of
    the partition the driver chose for it."""
    rows: list[tuple[Any, ...]] = []
    size = 0
    for batch in batches:
        paths = batch.column("path").to_pylist()
        contents = batch.column("content")
        for n, uri in enumerate(paths):
            plan = plans[uri]
            data = contents[n].as_py() or b""
            for row in _pieces_of(data, plan, part_keys):
                rows.append(row)
                size += len(row[-1])
                if size >= PIECE_BYTES_PER_BATCH:
                    yield _piece_batch(rows)
                    rows, size = [], 0
    if rows:
        yield _piece_batch(rows)


# ---------------------------------------------------------------- stage 2: coding


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of input as the coding stage gets it."""

    ref: PieceRef
    origin: str
    name: str
    kind: str | None
    start: int
    lines_before: int
    stem_taken: bool
    data: bytes


def _pieces(batches: Iterable[pa.RecordBatch]) -> Iterator[Piece]:
    for batch in batches:
        columns = {name: batch.column(name).to_pylist() for name in batch.schema.names
                   if name != "data"}  # fmt: skip
        data = batch.column("data")
        for n in range(batch.num_rows):
            ref = PieceRef(columns["input_key"][n], columns["input"][n], columns["piece"][n])
            yield Piece(ref, columns["origin"][n], columns["name"][n], columns["kind"][n],
                        columns["start"][n], columns["lines_before"][n],
                        columns["stem_taken"][n], data[n].as_py() or b"")  # fmt: skip


def _suffix(piece: Piece) -> str:
    if piece.kind == "jsonl":
        return ".jsonl"
    return ".warc.gz" if piece.name.lower().endswith(".gz") else ".warc"


def read_piece(piece: Piece, reader: Reader) -> Iterator[Article | ReadError]:
    """The articles (and read errors) of one piece, exactly as ``read_paths`` gives them
    for the whole file: the bytes go to a scratch file of the same kind (the file's own
    name for a whole file), read by the command line's reader; origins then point back
    at the input (JSONL line numbers counted from its start)."""
    with tempfile.TemporaryDirectory(prefix="newsevents-piece-") as scratch:
        name = piece.name if piece.kind is None else "piece" + _suffix(piece)
        local = os.path.join(scratch, name or "input")
        with open(local, "wb") as sink:
            sink.write(piece.data)
        # A piece cut from a file may hold no record; only a whole input is empty.
        for item in reader.read_paths([local], report_empty=piece.kind is None):
            yield _as_input(item, local, piece)


def _as_input(item: Article | ReadError, local: str, piece: Piece) -> Article | ReadError:
    origin = item.origin or ""
    if origin.startswith(local):
        rest = origin[len(local) :]
        if piece.lines_before and rest.startswith(":") and rest[1:].isdigit():
            rest = f":{int(rest[1:]) + piece.lines_before}"
        item = replace(item, origin=piece.origin + rest)
    if piece.stem_taken and isinstance(item, Article):
        # An earlier input had the same file name: ingest gives this one its path
        # without extension as id (Reader._unique), and so does the job.
        from ..read.sources import kind_of

        found = kind_of(piece.name)
        if found and item.id == found[1]:
            item = replace(item, id=posixpath.join(posixpath.dirname(piece.origin), found[1]))
    return item


def _article_json(article: Article) -> str:
    import orjson

    return orjson.dumps(article.to_dict()).decode()


def code_pieces(
    batches: Iterable[pa.RecordBatch], settings: Settings, default_date: dt.date | None
) -> Iterator[pa.RecordBatch]:
    """Pieces in, result rows out: one per record read and one per piece."""
    from ..article import TextStructurer
    from ..read import Reader

    pipeline = worker_pipeline(settings)
    structurer = TextStructurer.default()
    out = ResultBatch()
    sources: deque[PieceRef] = deque()  # the piece of each article handed to the pipeline

    def articles() -> Iterator[Article]:
        for piece in _pieces(batches):
            # A reader per piece: ids taken by earlier files come from the plan instead.
            reader = Reader(structurer, default_date)
            for item in read_piece(piece, reader):
                if isinstance(item, ReadError):
                    out.add_read_error(piece.ref, item)
                else:
                    sources.append(piece.ref)
                    yield item
            out.add_piece(piece.ref, len(piece.data))

    for coded in pipeline.code_articles(articles()):
        out.add_coded(sources.popleft(), coded, _article_json(coded.article))
        if len(out) >= RESULT_ROWS_PER_BATCH:
            yield out.flush()
    if len(out):
        yield out.flush()
