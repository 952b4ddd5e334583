"""Plain records of a parsed text: what the NLP stage hands on instead of spaCy's ``Doc``.

Downstream stages (actors, coding, when, where) read only these, so they can be tested
with hand-built parses, pickled to worker processes, and never depend on spaCy objects.
Token indices are positions in ``ParsedDoc.tokens``; character offsets index
``ParsedDoc.text`` (the article's body text, ``Article.text``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import Actor

PARAGRAPH_BREAK = re.compile(r"(?=\n\n)")


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index in the document
    text: str
    lemma: str
    pos: str  # universal POS: VERB, NOUN, PROPN ...
    tag: str  # fine-grained tag: VBD, NNP ...
    dep: str  # dependency label: nsubj, dobj, prep, pobj ...
    head: int  # index of the syntactic head (itself for the root)
    idx: int  # character offset of the token in the text
    ent_type: str = ""  # GPE, PERSON, ORG, NORP, DATE ... ("" outside entities)
    ent_iob: str = "O"  # B, I or O
    sent: int = 0  # index of the sentence the token belongs to

    @property
    def end_char(self) -> int:
        return self.idx + len(self.text)


@dataclass(frozen=True, slots=True)
class Entity:
    start: int  # first token index
    end: int  # one past the last token index
    label: str
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int  # first token index
    end: int  # one past the last token index
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True)
class ParsedDoc:
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...] = ()
    _children: tuple[tuple[int, ...], ...] = field(default=(), repr=False, compare=False)
    # Entities grouped by sentence index, so per-sentence look-ups stay linear overall.
    _entities_by_sentence: dict[int, tuple[Entity, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # Where each paragraph after the first begins (the blank line before it), by character.
    _paragraph_breaks: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._children and self.tokens:
            kids: list[list[int]] = [[] for _ in self.tokens]
            for t in self.tokens:
                if t.head != t.i:
                    kids[t.head].append(t.i)
            object.__setattr__(self, "_children", tuple(tuple(k) for k in kids))
        if self.entities and not self._entities_by_sentence and self.sentences:
            starts = [s.start for s in self.sentences]
            grouped: dict[int, list[Entity]] = {}
            for e in self.entities:
                n = max(bisect_right(starts, e.start) - 1, 0)
                grouped.setdefault(self.sentences[n].index, []).append(e)
            object.__setattr__(
                self, "_entities_by_sentence", {k: tuple(v) for k, v in grouped.items()}
            )
        if not self._paragraph_breaks:
            breaks = tuple(m.start() for m in PARAGRAPH_BREAK.finditer(self.text))
            object.__setattr__(self, "_paragraph_breaks", breaks)

    def children(self, i: int) -> tuple[int, ...]:
        return self._children[i] if self._children else ()

    def subtree(self, i: int) -> list[int]:
        """Token indices of the subtree under ``i`` (including ``i``), in order."""
        out, stack = [], [i]
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self.children(j))
        return sorted(out)

    def paragraph_of(self, s: Sentence) -> int:
        """The index of the paragraph (blank-line separated) the sentence begins in."""
        return bisect_right(self._paragraph_breaks, s.start_char)

    def sentence_tokens(self, s: Sentence) -> tuple[Token, ...]:
        return self.tokens[s.start : s.end]

    def entities_in(self, s: Sentence) -> Iterator[Entity]:
        candidates = self._entities_by_sentence.get(s.index, ())
        return (e for e in candidates if e.start >= s.start and e.end <= s.end)

    def span_text(self, start: int, end: int) -> str:
        """The text from token ``start`` to token ``end - 1`` as it stands in the document."""
        if start >= end:
            return ""
        return self.text[self.tokens[start].idx : self.tokens[end - 1].end_char]


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in the text: tokens ``start:end`` (``head`` is the syntactic head).

    ``actors`` holds one actor, or several for a plural reference that the resolver
    tied to earlier mentions ("the two diplomats", "both sides").
    """

    start: int
    end: int
    head: int
    actors: tuple[Actor, ...]
    # How it was resolved: "dictionary", "title", "metonym", "agent", "country",
    # "coreference", "unresolved" ... (for confidence and debugging).
    how: str = "dictionary"
