"""Cut the inputs of a distributed run into balanced pieces of work, and read one piece.

A piece (:class:`InputSplit`) is a whole file, or a byte range of a large WARC or JSONL
file that starts and ends on a record boundary, so that a few big archives still keep
every core busy. Pieces are grouped into partitions by size (largest first, each to the
lightest partition). No Spark here: the planner runs on the driver, and
:func:`read_split` runs wherever the partition runs, through the same
:class:`newsevents.read.Reader` the command line uses.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Article, ReadError

if TYPE_CHECKING:
    from ..read import Reader

__all__ = ["InputSplit", "list_input_files", "plan_partitions", "read_split", "split_file"]

# Pieces per partition when files are split: several small pieces balance better than one.
PIECES_PER_PARTITION = 4
# Never cut a file into pieces smaller than this (the copy and setup would dominate).
MIN_PIECE_BYTES = 256 * 1024
_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputSplit:
    """Bytes ``start:end`` of ``path`` (``end`` None: the whole file, read as the CLI would)."""

    path: str
    size: int  # bytes of work, for balancing
    start: int = 0
    end: int | None = None
    kind: str = "file"  # "file", "warc" or "jsonl" (how a byte range is read)

    @property
    def is_range(self) -> bool:
        return self.end is not None


def list_input_files(paths: Iterable[str | Path]) -> list[str]:
    """Every input file under ``paths``, as absolute paths (folders walked recursively, sorted).

    Files of unknown kinds inside folders are skipped, as the reader does; named files
    are kept whatever they are, so that the reader reports a bad one as a ReadError.
    """
    from ..read.sources import kind_of

    files: list[str] = []
    for path in paths:
        path = Path(path).absolute()  # executors may run in another folder
        if not path.is_dir():
            files.append(str(path))
            continue
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith(".") and kind_of(name) is not None:
                    files.append(os.path.join(folder, name))
    return files


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _splittable_kind(path: str) -> str | None:
    name = path.lower()
    if name.endswith((".warc.gz", ".warc")):
        return "warc"
    if name.endswith(".jsonl"):
        return "jsonl"
    return None


def warc_record_offsets(path: str) -> list[int]:
    """Byte offsets where WARC records start, or [] when records cannot be cut apart.

    A ``.warc.gz`` can be cut only between gzip members (one member per record, as
    crawlers write them); a whole-file gzip cannot.
    """
    from fastwarc import ArchiveIterator

    offsets = [r.stream_pos for r in ArchiveIterator(path, parse_http=False, fsspec_args=False)]
    if path.lower().endswith(".gz"):
        with open(path, "rb") as stream:
            for offset in offsets:
                stream.seek(offset)
                if stream.read(2) != b"\x1f\x8b":
                    return []
    return offsets


def _jsonl_boundaries(path: str, size: int, piece: int) -> list[int]:
    """Line starts near every ``piece`` bytes (each cut moved to the next line start)."""
    cuts = [0]
    with open(path, "rb") as stream:
        while cuts[-1] + piece < size:
            stream.seek(cuts[-1] + piece)
            stream.readline()
            position = stream.tell()
            if position >= size:
                break
            cuts.append(position)
    return cuts


def split_file(path: str, piece_bytes: int) -> list[InputSplit]:
    """``path`` as pieces of about ``piece_bytes`` each, cut on record boundaries."""
    size = _size(path)
    kind = _splittable_kind(path)
    if kind is None or size <= piece_bytes:
        return [InputSplit(path, size)]
    if kind == "jsonl":
        starts = _jsonl_boundaries(path, size, piece_bytes)
    else:
        offsets = warc_record_offsets(path)
        starts = [0]
        for offset in offsets:
            if offset - starts[-1] >= piece_bytes:
                starts.append(offset)
    if len(starts) < 2:
        return [InputSplit(path, size)]
    ends = starts[1:] + [size]
    return [
        InputSplit(path, end - start, start, end, kind)
        for start, end in zip(starts, ends, strict=True)
    ]


def plan_partitions(paths: Iterable[str | Path], partitions: int) -> list[list[InputSplit]]:
    """Input pieces grouped into at most ``partitions`` groups of similar size.

    Files are split only when there are too few of them to fill every partition a few
    times over; each group is then sorted by file and offset, for locality.
    """
    partitions = max(1, partitions)
    files = list_input_files(paths)
    sizes = [_size(f) for f in files]
    if len(files) >= partitions * PIECES_PER_PARTITION:
        pieces = [InputSplit(f, s) for f, s in zip(files, sizes, strict=True)]
    else:
        piece_bytes = max(MIN_PIECE_BYTES, sum(sizes) // (partitions * PIECES_PER_PARTITION))
        pieces = [p for f in files for p in split_file(f, piece_bytes)]
    return _balance(pieces, partitions)


def _balance(pieces: Sequence[InputSplit], partitions: int) -> list[list[InputSplit]]:
    """Largest piece first, each to the partition with the fewest bytes so far."""
    groups: list[list[InputSplit]] = [[] for _ in range(min(partitions, len(pieces)))]
    heap = [(0, n) for n in range(len(groups))]
    for piece in sorted(pieces, key=lambda p: -p.size):
        load, n = heapq.heappop(heap)
        groups[n].append(piece)
        heapq.heappush(heap, (load + piece.size, n))
    return [sorted(g, key=lambda p: (p.path, p.start)) for g in groups]


def read_split(split: InputSplit, reader: Reader) -> Iterator[Article | ReadError]:
    """The articles (and read errors) of one piece, exactly as ``read_paths`` gives them.

    A byte range is copied to a scratch file of the same kind and read by the same
    reader, so the per-record logic is the command line's; origins are then pointed
    back at the real file (JSONL line numbers counted from its start).
    """
    if not split.is_range:
        yield from reader.read_paths([split.path])
        return
    suffix = ".jsonl" if split.kind == "jsonl" else ".warc.gz"
    if split.kind == "warc" and not split.path.lower().endswith(".gz"):
        suffix = ".warc"
    lines_before = _count_lines(split.path, split.start) if split.kind == "jsonl" else 0
    with tempfile.TemporaryDirectory(prefix="newsevents-split-") as scratch:
        piece = os.path.join(scratch, f"piece{suffix}")
        _copy_range(split.path, split.start, split.end or split.start, piece)
        for item in reader.read_paths([piece], report_empty=False):
            yield _with_origin(item, piece, split.path, lines_before)


def _copy_range(path: str, start: int, end: int, target: str) -> None:
    with open(path, "rb") as source, open(target, "wb") as sink:
        source.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = source.read(min(_COPY_CHUNK, remaining))
            if not chunk:
                break
            sink.write(chunk)
            remaining -= len(chunk)


def _count_lines(path: str, end: int) -> int:
    """Newlines in the first ``end`` bytes of ``path``."""
    count = 0
    with open(path, "rb") as stream:
        remaining = end
        while remaining > 0:
            chunk = stream.read(min(_COPY_CHUNK, remaining))
            if not chunk:
                break
            count += chunk.count(b"\n")
            remaining -= len(chunk)
    return count


def _real_origin(origin: str, piece: str, path: str, lines_before: int) -> str:
    if not origin.startswith(piece):
        return origin
    rest = origin[len(piece) :]
    if lines_before and rest.startswith(":") and rest[1:].isdigit():
        rest = f":{int(rest[1:]) + lines_before}"
    return path + rest


def _with_origin(
    item: Article | ReadError, piece: str, path: str, lines_before: int
) -> Article | ReadError:
    origin = item.origin or ""
    fixed = _real_origin(origin, piece, path, lines_before)
    return item if fixed == origin else replace(item, origin=fixed)
