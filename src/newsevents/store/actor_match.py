"""What the ``actor`` filter matches (``newsevents events --actor``, ``GET /api/events?actor=``).

Three kinds of value, never a substring inside a word:

- a **code**: one word that begins some stored actor code matches the actors whose code
  starts with it (``RUS`` matches ``RUS``, ``RUSGOV``, ``RUSMIL``; ``IGO`` every
  international body); ``code:RUS`` says so explicitly;
- a **name**: other words match actors whose dictionary name holds them as whole words,
  in that order, any case (``Putin``, ``vladimir putin``, ``Wang Yi``; ``name:`` says so);
- ``text:`` words: the same against the actor as the article wrote it
  (``text:Brussels``, ``text:foreign ministry``).

So ``RUS`` never matches "Brussels" (a substring of a text) nor "EUR": each kind compares
whole codes or whole words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Select, and_, select

from .results import BadFilter
from .schema import actors

ActorKind = Literal["code", "name", "text"]
PREFIXES: tuple[ActorKind, ...] = ("code", "name", "text")
# Distinct actor rows one name or text filter may stand for; more means the words are
# too common to filter by (each row is a bound parameter of the events query).
MAX_MATCHED_ACTORS = 10_000
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> str:
    """Lower-case words separated by single spaces: "Lai Ching-te's" -> "lai ching te s"."""
    return " ".join(_WORD.findall(text.replace("’", "'").casefold()))


def holds_words(text: str, words: str) -> bool:
    """Whether ``text`` contains ``words`` (from ``words_of``) as whole words, in order."""
    return f" {words} " in f" {words_of(text)} "


@dataclass(frozen=True)
class ActorMatch:
    """One parsed ``actor`` filter value; ``kind`` None: decided by the store (a code if
    a stored code starts with it, else a name)."""

    kind: ActorKind | None
    value: str  # the code prefix (upper case) or the words (``words_of``)

    @classmethod
    def parse(cls, raw: str) -> ActorMatch:
        text = raw.strip()
        head, colon, rest = text.partition(":")
        if colon and head.strip().lower() in PREFIXES:
            kind: ActorKind = head.strip().lower()  # type: ignore[assignment]
            return cls._checked(kind, rest.strip(), raw)
        if text.isascii() and text.isalnum():
            return cls(None, text.upper())
        return cls._checked("name", text, raw)

    @classmethod
    def _checked(cls, kind: ActorKind, value: str, raw: str) -> ActorMatch:
        if kind == "code":
            if not (value.isascii() and value.isalnum()):
                raise BadFilter(f"bad actor code {raw!r}: letters and digits, like RUS or USAGOV")
            return cls(kind, value.upper())
        words = words_of(value)
        if not words:
            raise BadFilter(f"bad actor filter {raw!r}: no words to match")
        return cls(kind, words)

    def as_name(self) -> ActorMatch:
        return ActorMatch("name", words_of(self.value))


def _code_prefix(prefix: str) -> Any:
    """Codes starting with ``prefix``: a range the unique index (code first) serves, and
    the LIKE that decides."""
    above = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    c = actors.c.code
    return and_(c >= prefix, c < above, c.startswith(prefix, autoescape=True))


def matching_actor_ids(conn: Connection, raw: str) -> Select[Any] | list[int]:
    """The actor ids an ``actor`` filter stands for: a subquery for a code, a list for
    names and texts (checked word by word here, after a substring scan in SQL)."""
    match = ActorMatch.parse(raw)
    if match.kind is None:
        probe = select(actors.c.actor_id).where(_code_prefix(match.value)).limit(1)
        match = ActorMatch("code", match.value) if conn.scalar(probe) else match.as_name()
    if match.kind == "code":
        return select(actors.c.actor_id).where(_code_prefix(match.value))
    column = actors.c.name if match.kind == "name" else actors.c.text
    candidates = select(actors.c.actor_id, column).where(
        *(column.icontains(word, autoescape=True) for word in match.value.split())
    )
    found = [int(i) for i, text in conn.execute(candidates) if holds_words(text, match.value)]
    if len(found) > MAX_MATCHED_ACTORS:
        raise BadFilter(
            f"actor filter {raw!r} matches {len(found):,} distinct actors: use more words"
        )
    return found
