"""Syndicated copies: the same wire story on many sites, lightly edited.

Each article's body becomes a set of word 3-shingles and a MinHash signature
(datasketch). Signatures are cut into LSH bands, so copies meet on a shared band key
without comparing every pair; a candidate pair is a copy when the estimated Jaccard
similarity of the shingle sets reaches ``threshold``. Copies of copies are one
**family** (connected pairs), whose **original** is the member published first (on the
same day, the smaller id): the copies are linked to it and count as one source.

Everything here is pure; the store keeps signatures and band keys in tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

# datasketch is imported where a signature is made: importing it brings scipy (0.8 s),
# which reading a store (serve, events) never needs.

SHINGLE_WORDS = 3
MIN_WORDS = 12  # shorter texts are too short to tell a copy from a coincidence
NUM_PERM = 128
# 32 bands of 4 rows: pairs at the default threshold (0.6) meet on a band 99% of the
# time (0.67: 99.9%), pairs at 0.3 23% of the time (then the signatures tell them apart).
BANDS, ROWS = 32, 4
SEED = 20260701
SCHEME = "affine32"  # 32-bit values, stored as such
DEFAULT_THRESHOLD = 0.6
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LATEST = dt.date.max


@dataclass(frozen=True, slots=True)
class Signature:
    """An article's MinHash values (``NUM_PERM`` unsigned 32-bit integers)."""

    values: tuple[int, ...]

    def to_bytes(self) -> bytes:
        return np.asarray(self.values, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(tuple(int(v) for v in np.frombuffer(data, dtype="<u4")))

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        same = sum(1 for a, b in zip(self.values, other.values, strict=True) if a == b)
        return same / len(self.values)


class Syndication:
    """Signatures, band keys and copy decisions at one similarity ``threshold``."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("the syndication threshold must be in (0, 1]")
        self.threshold = threshold
        self.bands, self.rows = BANDS, ROWS

    @cached_property
    def _permutations(self) -> tuple[np.ndarray, np.ndarray]:
        from datasketch import MinHash

        # datasketch draws these on every MinHash(); drawing them once is the costly part.
        sketch = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        perms: tuple[np.ndarray, np.ndarray] = sketch.permutations
        return perms

    def signature(self, text: str) -> Signature | None:
        """The text's signature, or None when it is too short to judge."""
        words = _WORD.findall(text.lower())
        if len(words) < MIN_WORDS:
            return None
        shingles = {
            " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8", "surrogatepass")
            for i in range(len(words) - SHINGLE_WORDS + 1)
        }
        from datasketch import MinHash

        sketch = MinHash(
            num_perm=NUM_PERM, seed=SEED, permutations=self._permutations, scheme=SCHEME
        )
        sketch.update_batch(sorted(shingles))
        return Signature(tuple(int(v) for v in sketch.hashvalues))

    def band_keys(self, sig: Signature) -> list[int]:
        """One signed 64-bit key per LSH band (for an indexed integer column)."""
        keys = []
        for b in range(self.bands):
            chunk = np.asarray(sig.values[b * self.rows : (b + 1) * self.rows], dtype="<u4")
            digest = hashlib.blake2b(bytes([b]) + chunk.tobytes(), digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    def is_copy(self, a: Signature, b: Signature) -> bool:
        return a.similarity(b) >= self.threshold


def original_of(members: Iterable[tuple[str, dt.date | None]]) -> str:
    """The family's original: published first, then the smaller id."""
    return min(members, key=lambda m: (m[1] or _LATEST, m[0]))[0]


def families(
    articles: dict[str, dt.date | None], copy_pairs: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """article id -> its family's original, for every article in a pair."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in copy_pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for a in parent:
        groups.setdefault(root(a), []).append(a)
    out: dict[str, str] = {}
    for group in groups.values():
        original = original_of((a, articles.get(a)) for a in group)
        out.update(dict.fromkeys(group, original))
    return out
