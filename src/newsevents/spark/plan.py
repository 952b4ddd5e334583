"""Plan a Spark run: which input goes to which partition, in how many pieces (no Spark here).

An *input* is one file, named by its Hadoop URI. A *piece* is the whole input, or, for a
large ``.warc``/``.warc.gz`` (one gzip member per record, as crawlers write them) or
``.jsonl``, a byte range that starts on a record boundary. The driver decides from the
file sizes how many pieces each input gets and which partition each piece goes to
(largest first, each to the partition with the fewest bytes so far); the executor that
reads the file finds the exact cut points on record starts with :func:`cut_points`.
"""

from __future__ import annotations

import hashlib
import heapq
import io
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "InputFile",
    "InputPlan",
    "cut_points",
    "input_key",
    "plan_inputs",
    "splittable_kind",
    "warc_record_offsets",
]

# Pieces per partition when inputs are too few to fill every partition on their own:
# several pieces a partition even out records that hold more text than their bytes say.
PIECES_PER_PARTITION = 4
# Never cut an input into pieces smaller than this (the per-piece setup would dominate).
MIN_PIECE_BYTES = 256 * 1024


def input_key(uri: str) -> str:
    """The partition value that stands for one input in the output: ``k`` and 16 hex
    digits of the URI's SHA-1 (the letter keeps Spark and Arrow from reading a key of
    digits, or digits and one ``e``, as a number)."""
    return "k" + hashlib.sha1(uri.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file, as the driver listed it through Hadoop."""

    uri: str  # fully qualified: file:/data/a.warc.gz, hdfs://nn/crawl/a.warc.gz, s3a://...
    size: int
    origin: str  # what Article.origin and error lines show: the path for file:, else the URI
    stem_taken: bool = False  # an earlier input has the same file stem (see read.sources)

    @property
    def key(self) -> str:
        return input_key(self.uri)


@dataclass(frozen=True, slots=True)
class InputPlan:
    """How one input is cut, and the partition of each of its pieces."""

    file: InputFile
    kind: str | None  # "warc" or "jsonl" when it may be cut, else None (read whole)
    partitions: tuple[int, ...]  # one per piece; a single entry: the whole file

    @property
    def pieces(self) -> int:
        return len(self.partitions)


def splittable_kind(uri: str) -> str | None:
    """``"warc"`` or ``"jsonl"`` for files that can be cut on record boundaries."""
    name = uri.lower()
    if name.endswith((".warc.gz", ".warc")):
        return "warc"
    if name.endswith(".jsonl"):
        return "jsonl"
    return None


def plan_inputs(files: Sequence[InputFile], partitions: int) -> dict[str, InputPlan]:
    """Each input's plan, by URI, over ``partitions`` partitions.

    Inputs are cut only when there are too few of them to give every partition
    :data:`PIECES_PER_PARTITION` pieces; then pieces are about the same size, never under
    :data:`MIN_PIECE_BYTES`.
    """
    partitions = max(1, partitions)
    total = sum(f.size for f in files)
    cut = len(files) < partitions * PIECES_PER_PARTITION
    piece_bytes = max(MIN_PIECE_BYTES, total // (partitions * PIECES_PER_PARTITION) + 1)
    counts: dict[str, int] = {}
    pieces: list[tuple[int, str, int]] = []  # (bytes, uri, index)
    for f in files:
        kind = splittable_kind(f.uri)
        n = max(1, -(-f.size // piece_bytes)) if cut and kind else 1
        counts[f.uri] = n
        pieces.extend((_share(f.size, n, i), f.uri, i) for i in range(n))
    placed = _balance(pieces, partitions)
    plans: dict[str, InputPlan] = {}
    for f in files:
        n = counts[f.uri]
        kind = splittable_kind(f.uri) if n > 1 else None
        plans[f.uri] = InputPlan(f, kind, tuple(placed[(f.uri, i)] for i in range(n)))
    return plans


def _share(size: int, n: int, i: int) -> int:
    return (size * (i + 1)) // n - (size * i) // n


def _balance(pieces: list[tuple[int, str, int]], partitions: int) -> dict[tuple[str, int], int]:
    """Largest piece first, each to the partition with the fewest bytes so far."""
    heap = [(0, n) for n in range(partitions)]
    placed: dict[tuple[str, int], int] = {}
    for size, uri, index in sorted(pieces, key=lambda p: (-p[0], p[1], p[2])):
        load, n = heapq.heappop(heap)
        placed[(uri, index)] = n
        heapq.heappush(heap, (load + size, n))
    return placed


def warc_record_offsets(data: bytes, compressed: bool) -> list[int]:
    """Byte offsets where the WARC records of ``data`` start, or [] when they cannot be
    cut apart: a ``.warc.gz`` can be cut only between gzip members (one per record)."""
    from fastwarc import ArchiveIterator

    try:
        offsets = [r.stream_pos for r in ArchiveIterator(io.BytesIO(data), parse_http=False)]
    except Exception:  # a damaged archive is read whole, and the reader reports it
        return []
    if compressed and any(data[o : o + 2] != b"\x1f\x8b" for o in offsets):
        return []
    return offsets


def _jsonl_line_starts(data: bytes, targets: Sequence[int]) -> list[int]:
    starts = []
    for target in targets:
        newline = data.find(b"\n", target - 1)
        starts.append(len(data) if newline < 0 else newline + 1)
    return starts


def cut_points(
    data: bytes, kind: str | None, pieces: int, compressed: bool = False
) -> list[tuple[int, int]]:
    """``(piece index, start offset)`` of each piece of ``data``, cut on record starts.

    A WARC is cut into pieces of the same number of records (a record is a page, and
    pages, not bytes, are what coding costs: page sizes hardly predict text lengths); a
    JSONL file at the first line start at or after every ``i * len(data) / pieces``
    bytes (a line is an article, its bytes mostly its text). A piece that would be
    empty is left out, so that the others keep their index (and their partition).
    """
    size = len(data)
    if kind is None or pieces <= 1 or size == 0:
        return [(0, 0)]
    if kind == "jsonl":
        starts = _jsonl_line_starts(data, [(size * i) // pieces for i in range(1, pieces)])
    else:
        offsets = warc_record_offsets(data, compressed)
        if not offsets:
            return [(0, 0)]
        starts = [offsets[(len(offsets) * i) // pieces] for i in range(1, pieces)]
    cuts = [(0, 0)]
    for index, start in enumerate(starts, start=1):
        if cuts[-1][1] < start < size:
            cuts.append((index, start))
    return cuts


_MASK = 0xFFFFFFFF


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & _MASK


def _mix(h: int, k: int) -> int:
    k = _rotl((k * 0xCC9E2D51) & _MASK, 15)
    h ^= (k * 0x1B873593) & _MASK
    return (_rotl(h, 13) * 5 + 0xE6546B64) & _MASK


def spark_hash_long(value: int, seed: int = 42) -> int:
    """Spark's ``hash()`` of a bigint (Murmur3 x86 32-bit, seed 42), as a signed int."""
    h = _mix(_mix(seed, value & _MASK), (value >> 32) & _MASK)
    h ^= 8
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def partition_keys(partitions: int) -> list[int]:
    """For each partition p, a bigint that Spark's ``repartition(partitions, column)``
    sends to partition p (``pmod(hash(key), partitions) == p``): tagging a row with
    ``keys[p]`` places it exactly, where hashing arbitrary keys would pile some
    partitions up and leave others empty."""
    found: dict[int, int] = {}
    candidate = 0
    while len(found) < partitions:
        found.setdefault(spark_hash_long(candidate) % partitions, candidate)
        candidate += 1
    return [found[p] for p in range(partitions)]
