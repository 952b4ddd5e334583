"""Noun-phrase chunks of a sentence's segments, and the reading records made of them.

Segments join a chunk when only modifiers stand between them ("Chinese Foreign Minister
Wang Yi"); a name closes a chunk; a country joins the next chunk only when the parse
makes it a modifier there; a body right before "Mr X" or a posting ("ambassador to
Britain Liu X") is not part of the name after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Actor
from ..parsed import ParsedDoc
from .segments import Segment

FILLER_TAGS = frozenset(
    {"JJ", "JJR", "JJS", "HYPH", "POS", "CD", "VBN", "VBG", "``", "''", "NNP", "NN", "NNS"}
)
CONJUNCTIONS = frozenset({"and", "&", ","})
MAX_GAP = 3


@dataclass
class Reading:
    """What a chunk says: its span, head, actors and how; ``open_country`` when an agent
    still needs its country (from "of X", a coreferent or the dateline)."""

    start: int
    end: int
    head: int
    actors: list[Actor]
    how: str
    open_country: bool = False
    agent_phrase: str | None = None  # lower-cased agent words, for "the minister"
    names: list[str] = field(default_factory=list)  # person names, for surname lookups
    # What a pronoun stands for ("they" after "the opposition parties"): it follows what
    # the whole article later learns of it (a country placed late).
    antecedent: Reading | None = field(default=None, repr=False, compare=False)


def span_head(doc: ParsedDoc, start: int, end: int) -> int:
    """The last token of the span whose syntactic head lies outside it."""
    roots = [i for i in range(start, end) if not start <= doc.tokens[i].head < end
             or doc.tokens[i].head == i]  # fmt: skip
    return roots[-1] if roots else end - 1


def _gap_ok(doc: ParsedDoc, last: Segment, seg: Segment) -> bool:
    gap = doc.tokens[last.end : seg.start]
    if len(gap) > MAX_GAP:
        return False
    for t in gap:
        if t.text.lower() in CONJUNCTIONS:
            if not (last.kind == "country" and seg.kind == "country"):
                return False
        elif t.tag not in FILLER_TAGS and t.text not in ("'s", "’s", "-", "–"):
            return False
        elif t.tag in ("NN", "NNP", "NNS") and t.dep not in ("compound", "amod", "nmod"):
            return False
    if any(t.tag == "VBG" and t.dep != "amod" for t in gap):
        return False
    return True


# Courtesy titles: a name they open is addressed, not described by what stands before.
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr"})


def _addressed_after_body(doc: ParsedDoc, last: Segment, seg: Segment) -> bool:
    """"told the BBC Mr Howard had ...": a body named right before "Mr X" is not his
    (a title is: "Labour MP Mr X"; an owner says so: "the BBC's Mr X")."""
    if last.kind == "agent" or not (seg.is_person or seg.kind == "name"):
        return False
    gap = doc.tokens[last.end : seg.start + 1]
    return any(t.text.lower().rstrip(".") in COURTESY for t in gap) and not any(
        t.tag == "POS" for t in gap
    )


def _posting_before_name(doc: ParsedDoc, last: Segment, seg: Segment) -> bool:
    """"China's ambassador to Britain Liu Xiaoming": a country that is the object of a
    preposition is where the named person is posted, not their nationality."""
    if last.kind != "country" or not (seg.is_person or seg.kind == "name"):
        return False
    tok = doc.tokens[span_head(doc, last.start, last.end)]
    return tok.dep == "pobj" or doc.tokens[last.start - 1].tag in ("IN", "TO") if last.start else False


def chunk_segments(doc: ParsedDoc, segments: list[Segment]) -> list[list[Segment]]:
    chunks: list[list[Segment]] = []
    for seg in segments:
        if chunks:
            last = chunks[-1][-1]
            joinable = not last.is_person and not (last.kind == "agent" and seg.kind == "country")
            joinable = joinable and not _addressed_after_body(doc, last, seg)
            joinable = joinable and not _posting_before_name(doc, last, seg)
            if joinable and _gap_ok(doc, last, seg):
                chunks[-1].append(seg)
                continue
        chunks.append([seg])
    return chunks


def split_conjoined(doc: ParsedDoc, chunk: list[Segment]) -> tuple[list[list[Segment]], list[Segment]]:
    """Leading countries joined by "and" that do not modify the chunk's core are mentions
    of their own ("Jordan and Britain agreed"), not modifiers ("U.S. and Russian troops")."""
    core = chunk[-1]
    alone: list[list[Segment]] = []
    kept: list[Segment] = []
    for seg in chunk[:-1]:
        # a nationality adjective modifies what follows even when the parse says not:
        # "Sierra Leonean and Liberian refugees"
        adjective = seg.payload is not None and seg.payload.detail == "adjective"
        modifies = adjective or _modifies_later(doc, seg, chunk)
        if seg.kind == "country" and not modifies and not kept and core.kind != "country":
            alone.append([seg])
        else:
            kept.append(seg)
    return alone, kept + [core]


def _modifies_later(doc: ParsedDoc, seg: Segment, chunk: list[Segment]) -> bool:
    """Does the parse hang ``seg`` (through words inside the chunk) on a later segment?
    "Vietnamese-led forces": Vietnamese -> led -> forces."""
    later = [s for s in chunk if s.start > seg.start]
    if later and later[0].start == seg.end:  # "Israeli police": adjacent words, one phrase
        return True
    lo, hi = chunk[0].start, chunk[-1].end
    h = doc.tokens[span_head(doc, seg.start, seg.end)].head
    for _ in range(4):
        if any(s.start <= h < s.end for s in later):
            return True
        if not lo <= h < hi or doc.tokens[h].head == h:
            return False
        h = doc.tokens[h].head
    return False
