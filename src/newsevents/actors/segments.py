"""Cut a sentence into segments: dictionary matches, countries, agents and the names
spaCy found that no dictionary knows.

A segment is the unit the resolver composes ("Chinese" + "Foreign Minister" +
"Wang Yi"); choosing among candidates happens here, once per sentence, by a longest-first
walk of the knowledge base's token trie.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from ..parsed import Entity, ParsedDoc, Sentence, Token
from .knowledge import ActorEntry, KnowledgeBase
from .matching import Payload, alnum, sentence_keys, word_keys

SegmentKind = Literal["country", "entry", "agent", "name", "org"]
NAME_LABELS = frozenset({"PERSON", "ORG"})
PROPER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})


@dataclass(frozen=True, slots=True)
class Segment:
    start: int  # token indices, end exclusive
    end: int
    kind: SegmentKind
    payload: Payload | None = None
    entry: ActorEntry | None = None
    label: str = ""  # spaCy entity label over the segment ("" if none)
    parts: tuple[Segment, ...] = ()  # for "org": the known words inside an unknown name

    @property
    def is_person(self) -> bool:
        if self.kind == "name":
            return self.label == "PERSON"
        if self.kind == "entry" and self.entry is not None:
            return self.entry.kind == "person" or (self.entry.kind is None and self.label == "PERSON")
        return False

    @property
    def country_like(self) -> bool:
        """A country, or a place/organisation that can stand before an agent noun."""
        return self.kind in ("country", "org") or (self.kind == "entry" and not self.is_person)


def _span_label(tokens: tuple[Token, ...], start: int, end: int) -> str:
    labels = {tokens[i].ent_type for i in range(start, end)} - {""}
    return labels.pop() if len(labels) == 1 else ""


def _payload_fits(p: Payload, toks: tuple[Token, ...], text: str, after: Token | None) -> bool:
    """Case and part-of-speech checks that keep "us", "may" and "turkey" out."""
    if p.kind == "agent":
        return toks[-1].tag in NOUN_TAGS or toks[-1].pos in ("NOUN", "PROPN")
    if not any(ch.isupper() for ch in text):
        return False
    if p.exact is not None and alnum(text) != alnum(p.exact):
        return False
    if p.kind == "country" and p.detail == "name" and _inside_longer_person(toks, after):
        return False  # "Michael Jordan", "Chad Smith": part of a person's name
    if p.kind == "entry" and len(toks) == 1:
        t = toks[0]
        return t.pos == "PROPN" or t.ent_type in PROPER_LABELS
    if p.kind == "country" and len(toks) == 1 and p.detail != "adjective":
        t = toks[0]
        return t.pos in ("PROPN", "NOUN", "ADJ") or t.ent_type in PROPER_LABELS
    return True


def _inside_longer_person(toks: tuple[Token, ...], after: Token | None) -> bool:
    """The span is tagged PERSON and the PERSON entity goes on before or after it."""
    if not all(t.ent_type == "PERSON" for t in toks):
        return False
    return toks[0].ent_iob == "I" or (after is not None and after.ent_iob == "I")


def _hyphen_part(token_text: str, keys: list[str], owners: list[int], k: int, stop: int) -> str:
    """The hyphen-separated part of a token covering keys ``k:stop`` ("" if the keys do
    not fall on hyphens): "U.S.-China" keys 1:2 -> "China"."""
    first = k
    while first > 0 and owners[first - 1] == owners[k]:
        first -= 1
    pos, parts = first, []
    for part in token_text.split("-"):
        n = len(word_keys(part))
        parts.append((pos, pos + n, part))
        pos += n
    chosen = [p for a, b, p in parts if k <= a and b <= stop]
    covered = sum(len(word_keys(p)) for p in chosen)
    return "-".join(chosen) if chosen and covered == stop - k else ""


# Titles before a name: "Lord Dubs' Succession to the Crown Bill" is Lord Dubs' bill.
POSSESSOR_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "baroness", "baron",
    "president", "minister", "senator", "rep", "sen", "gov", "prof", "professor",
})  # fmt: skip
# Words a name entity does not end on: "The Associated Press that" (spaCy's span) is
# "The Associated Press".
TRAILING_TAGS = frozenset({"IN", "WDT", "CC", "DT", "POS", "TO"})


@dataclass(frozen=True, slots=True)
class _NameSpan:
    start: int
    end: int
    label: str


def _name_spans(tokens: tuple[Token, ...], ent: Entity) -> list[_NameSpan]:
    """The names an entity holds. spaCy runs an owner into what he owns ("Lord Dubs'
    Succession to the Crown Bill" tagged ORG "Dubs' Succession"): after a title, the
    words before a possessive inside the entity are a person, and what follows is a
    thing of theirs, no actor ("the People's Daily", with no title, stays whole)."""
    start, end, label = ent.start, ent.end, ent.label
    titled = tokens[start].text.lower().rstrip(".") in POSSESSOR_TITLES or (
        start > 0 and tokens[start - 1].text.lower().rstrip(".") in POSSESSOR_TITLES
    )
    owner = next((i for i in range(start + 1, end - 1) if tokens[i].tag == "POS"), None)
    if titled and owner is not None:
        end, label = owner, "PERSON"
    while end > start + 1 and tokens[end - 1].tag in TRAILING_TAGS:
        end -= 1
    return [_NameSpan(start, end, label)]


# Courtesy titles that only ever stand before a person's name.
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame",
                             "baroness"})  # fmt: skip


def _titled_names(doc: ParsedDoc, sent: Sentence, taken: set[int]) -> list[Segment]:
    """"Lord Dubbins' bill", "Mr Okafor": proper nouns after a courtesy title that spaCy
    left outside any entity are a person's name all the same."""
    out = []
    toks = doc.tokens
    for i in range(sent.start, sent.end - 1):
        if toks[i].text.lower().rstrip(".") not in COURTESY_TITLES:
            continue
        j = i + 1
        while j < sent.end and j not in taken and toks[j].pos == "PROPN" and not toks[j].ent_type:
            j += 1
        if j > i + 1:
            out.append(Segment(i + 1, j, "name", None, None, "PERSON"))
    return out


class SentenceSegmenter:
    """Finds the segments of one sentence (stateless apart from the knowledge base)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def _best(self, payloads: list[Payload], day: dt.date | None) -> Payload:
        def rank(p: Payload) -> tuple[int, int]:
            has_role = 0
            if p.kind == "entry":
                role = self.kb.entries[int(p.ref)].role_on(day)
                has_role = int(role is not None and role.sector is not None)
            return (p.priority, has_role)

        return max(payloads, key=rank)

    def segments(self, doc: ParsedDoc, sent: Sentence, day: dt.date | None) -> list[Segment]:
        tokens = doc.tokens
        keys, owners = sentence_keys(tokens[sent.start : sent.end])
        found: list[Segment] = []
        k = 0
        while k < len(keys):
            inside = k > 0 and owners[k] == owners[k - 1]
            if inside and "-" not in tokens[owners[k]].text:  # start at a token's first key
                k += 1
                continue
            seg, used = self._match_at(doc, keys, owners, k, day)
            if seg is not None and seg.entry is not None:
                seg, used = self._extend_name(doc, keys, owners, k, used, seg, day)
            if seg is not None:
                found.append(seg)
                k += used
            else:
                k += 1
        return self._add_names(doc, sent, found)

    def _match_at(self, doc: ParsedDoc, keys: list[str], owners: list[int], k: int,
                  day: dt.date | None) -> tuple[Segment | None, int]:  # fmt: skip
        for n, payloads in self.kb.trie.candidates(keys, k):
            stop = k + n
            start_i, end_i = owners[k], owners[stop - 1] + 1
            text = doc.span_text(start_i, end_i)
            cut_start = k > 0 and owners[k] == owners[k - 1]
            cut_end = stop < len(owners) and owners[stop] == owners[stop - 1]
            if cut_start or cut_end:
                # part of a hyphenated token: "U.S.-China", "Iranian-backed"; countries only
                text = _hyphen_part(doc.tokens[start_i].text, keys, owners, k, stop)
                payloads = [p for p in payloads if p.kind == "country"]
                if start_i != end_i - 1 or not text:
                    continue
            toks = doc.tokens[start_i:end_i]
            after = doc.tokens[end_i] if end_i < len(doc.tokens) else None
            fitting = [p for p in payloads if _payload_fits(p, toks, text, after)]
            if self._after_first_name(doc, start_i):
                # "Jack McConnell" is not Mitch; "Kevin King", "John Major" are no king
                # nor major: a surname, ending the name
                ends_name = end_i >= len(doc.tokens) or doc.tokens[end_i].ent_iob != "I"
                fitting = [p for p in fitting if not (
                    (p.kind == "entry" and end_i - start_i == 1)
                    or (p.kind == "agent" and ends_name))]  # fmt: skip
            if not fitting:
                continue
            best = self._best(fitting, day)
            label = _span_label(doc.tokens, start_i, end_i)
            entry = self.kb.entries[int(best.ref)] if best.kind == "entry" else None
            return Segment(start_i, end_i, best.kind, best, entry, label), n
        return None, 1

    def _after_first_name(self, doc: ParsedDoc, i: int) -> bool:
        """Whether token ``i`` follows a first name inside one PERSON entity ("Jack
        McConnell", "Kevin King"); a title before it ("Senator McConnell") is no first
        name."""
        tok = doc.tokens[i]
        if i == 0 or tok.ent_type != "PERSON" or tok.ent_iob != "I":
            return False
        prev = doc.tokens[i - 1]
        if prev.pos != "PROPN" or prev.ent_type != "PERSON" or prev.text.lower().rstrip(".") in COURTESY_TITLES:
            return False
        return not any(p.kind == "agent" for p in self.kb.trie.get(tuple(word_keys(prev.text))))

    def _extend_name(self, doc: ParsedDoc, keys: list[str], owners: list[int], k: int,
                     used: int, seg: Segment, day: dt.date | None) -> tuple[Segment, int]:  # fmt: skip
        """"Chinese President Xi Jinping": an alias ("Chinese President Xi") whose last
        words begin a longer name of the same entry ("Xi Jinping") takes that name in,
        so the surname is not left over as a person of its own."""
        for j in range(k + 1, k + used):
            other, n = self._match_at(doc, keys, owners, j, day)
            if (other is not None and other.entry is not None and other.payload is not None
                    and seg.payload is not None and other.payload.ref == seg.payload.ref
                    and j + n > k + used):  # fmt: skip
                return replace(seg, end=other.end), j + n - k
        return seg, used

    def _add_names(self, doc: ParsedDoc, sent: Sentence, found: list[Segment]) -> list[Segment]:
        """PERSON/ORG entities (or their uncovered tail) that no dictionary matched."""
        covered = {i for s in found for i in range(s.start, s.end)}
        extra = []
        for ent in (n for e in doc.entities_in(sent) for n in _name_spans(doc.tokens, e)):
            if ent.label not in NAME_LABELS:
                continue
            free = [i for i in range(ent.start, ent.end) if i not in covered
                    and doc.tokens[i].tag not in ("DT", "POS", "HYPH", ",", ".", "-LRB-", "-RRB-")]  # fmt: skip
            if not free:
                continue
            inner = [s for s in found if ent.start <= s.start and s.end <= ent.end]
            crossing = [s for s in found if s.start < ent.end and s.end > ent.start and s not in inner]
            if ent.label == "ORG" and inner and not crossing:
                # "National Union for the Total Independence of Angola", "Nigerian Union of
                # Teachers": an unknown organisation, coded from the words we know in it
                found = [s for s in found if s not in inner]
                extra.append(Segment(ent.start, ent.end, "org", None, None, "ORG", tuple(inner)))
                continue
            # the uncovered tail: "President" matched as an agent, "Joe Biden" is left
            tail = [free[-1]]
            for i in reversed(free[:-1]):
                if i == tail[0] - 1:
                    tail.insert(0, i)
                else:
                    break
            while tail and doc.tokens[tail[-1]].tag == "POS":
                tail.pop()
            while tail and not any(ch.isalnum() for ch in doc.tokens[tail[0]].text):
                tail.pop(0)
            if tail:
                extra.append(Segment(tail[0], tail[-1] + 1, "name", None, None, ent.label))
        taken = covered | {i for s in extra for i in range(s.start, s.end)}
        extra += _titled_names(doc, sent, taken)
        return sorted(found + extra, key=lambda s: s.start)
