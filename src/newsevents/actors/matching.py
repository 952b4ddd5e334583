"""Token-sequence dictionary: every name, alias and agent phrase keyed on its word keys.

Names and document tokens are cut into the same *word keys* (lower case, acronym dots
dropped, hyphens and other punctuation ignored), so "Lai Ching-te", "LAI_CHING-TE" and
spaCy's tokens ``Lai Ching - te`` all give ``("lai", "ching", "te")`` whatever the
tokenizer did with the hyphen. Matching is a longest-first walk from each token,
bounded by the longest key, so its cost does not grow with the size of the dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..parsed import Token

_WORD = re.compile(r"(?:[^\W_]\.)+[^\W_]?|[^\W_]+", re.UNICODE)
_ALNUM = re.compile(r"[^\W_]+", re.UNICODE)
_VOWELS = frozenset("AEIOUY")

PayloadKind = Literal["entry", "country", "agent"]
RawPayload = tuple[Any, ...]  # a Payload's fields, in order


def word_keys(text: str) -> list[str]:
    """"U.S. Secretary" -> ["us", "secretary"]; "Ching-te's" -> ["ching", "te", "s"]."""
    if text.isascii() and text.replace(" ", "").isalpha():  # the common case, fast
        return text.lower().split()
    return [w.replace(".", "") for w in _WORD.findall(text.replace("’", "'").lower())]


def alnum(text: str) -> str:
    """The letters and digits of ``text`` in their case: "U.S." -> "US"."""
    return "".join(_ALNUM.findall(text))


def is_case_sensitive(alias: str) -> bool:
    """Short acronyms ("US", "UN", "PRC", "ANC") and vowel-less ones match only as written."""
    letters = alnum(alias)
    if not letters.isupper() or " " in alias.strip():
        return False
    return len(letters) <= 3 or not (_VOWELS & set(letters))


@dataclass(frozen=True, slots=True)
class Payload:
    """What a matched word sequence means.

    kind "entry": ``ref`` is an entry index in the knowledge base; "country": ``ref`` is
    an ISO alpha-3 and ``detail`` the name kind (name, adjective, capital, seat) with
    ``sector`` for seats and capitals; "agent": ``sector`` and the phrase in ``detail``.
    """

    kind: PayloadKind
    ref: str | int
    priority: int  # higher wins among payloads of the same span
    exact: str | None = None  # letters the text must show exactly (case-sensitive forms)
    detail: str = ""
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token indices, end exclusive
    end: int
    payload: Payload


class TokenTrie:
    """Word-key sequences -> payloads, with the set of proper prefixes for early stops."""

    def __init__(self, max_len: int = 12) -> None:
        self.max_len = max_len
        # Buckets are lists of Payloads, or tuples of their fields as read from a
        # snapshot until first used (``_bucket``).
        self._table: dict[tuple[str, ...], list[Payload] | tuple[RawPayload, ...]] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        self.longest = 1

    def add(self, text: str, payload: Payload) -> bool:
        keys = tuple(word_keys(text))
        if not keys or len(keys) > self.max_len:
            return False
        bucket = self._bucket(keys)
        if bucket is None:
            self._table[keys] = [payload]
            if len(keys) > 1:
                self._prefixes.update(keys[:n] for n in range(1, len(keys)))
                self.longest = max(self.longest, len(keys))
        elif payload not in bucket:
            bucket.append(payload)
        return True

    def to_plain(self) -> tuple[Any, ...]:
        """The table as plain data for a snapshot (``actors/snapshot.py``)."""
        table = {
            keys: bucket
            if isinstance(bucket, tuple)
            else tuple((p.kind, p.ref, p.priority, p.exact, p.detail, p.sector) for p in bucket)
            for keys, bucket in self._table.items()
        }
        return (self.max_len, self.longest, table, self._prefixes)

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> TokenTrie:
        """A trie from ``to_plain``'s data; each bucket becomes ``Payload``s on first use."""
        max_len, longest, table, prefixes = plain
        trie = cls(max_len)
        trie.longest, trie._table, trie._prefixes = longest, table, prefixes
        return trie

    def _bucket(self, keys: tuple[str, ...]) -> list[Payload] | None:
        bucket = self._table.get(keys)
        if isinstance(bucket, tuple):  # still as a snapshot stored it
            made = [Payload(*raw) for raw in bucket]
            self._table[keys] = made
            return made
        return bucket

    def get(self, keys: tuple[str, ...]) -> list[Payload]:
        return self._bucket(keys) or []

    def __len__(self) -> int:
        return len(self._table)

    def candidates(self, keys: Sequence[str], start: int) -> list[tuple[int, list[Payload]]]:
        """(number of keys, payloads) for every entry starting at ``keys[start]``,
        longest first."""
        found: list[tuple[int, list[Payload]]] = []
        limit = min(len(keys), start + self.longest)
        for stop in range(start + 1, limit + 1):
            seq = tuple(keys[start:stop])
            bucket = self._table.get(seq)
            if bucket:
                if isinstance(bucket, tuple):
                    bucket = self._bucket(seq) or []
                found.append((stop - start, bucket))
            if seq not in self._prefixes:
                break
        found.reverse()
        return found


def sentence_keys(tokens: Sequence[Token]) -> tuple[list[str], list[int]]:
    """Word keys of a run of tokens and, for each key, the index of its token."""
    keys: list[str] = []
    owners: list[int] = []
    for t in tokens:
        for k in word_keys(t.text):
            keys.append(k)
            owners.append(t.i)
    return keys, owners
