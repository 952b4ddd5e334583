"""Find and code every actor mention of a parsed article.

Per sentence: segments (dictionary, countries, agents, unknown names) -> chunks ->
readings (compose.py); then, with what the article said before: a surname or a bare
title ("Blinken", "the minister") is the earlier full mention, "the two diplomats" and
"both sides" are the last pair, an agent with no country takes it from "of/in X"
(pronouns and "the country": references.py). Once the whole article is read, what is
still unplaced is placed (placing.py). Everything here is per-article state; the
knowledge base is shared.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Actor, Article
from ..parsed import ActorMention, ParsedDoc, Sentence
from .chunks import Reading, chunk_segments, span_head
from .compose import GENERIC_HEADS, ChunkReader
from .discourse import Descriptions, copy_bodies, link_people
from .knowledge import KnowledgeBase, read_noun_kinds
from .placing import fill_from_main_country, with_country
from .references import (
    PENDING,
    Memory,
    country_references,
    follow_antecedents,
    is_group,
    personal_pronouns,
)
from .segments import Segment, SentenceSegmenter

PAIR_PEOPLE = frozenset({
    "diplomats", "leaders", "men", "women", "ministers", "officials", "presidents",
    "envoys", "negotiators", "counterparts", "heads", "chiefs", "secretaries",
})  # fmt: skip
PAIR_SIDES = frozenset({"sides", "countries", "nations", "governments", "powers", "states", "parties"})
PAIR_WORDS = frozenset({"two", "both"})
ATTACH_PREPS = frozenset({"of", "in", "from"})
TITLE_DETERMINERS = frozenset({"the", "this", "that"})
class ActorResolver:
    """Resolves actor mentions against a loaded ``KnowledgeBase`` (cheap per article)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.segmenter = SentenceSegmenter(kb)
        nouns = read_noun_kinds()
        self.associations = nouns["association"]
        self.descriptions = Descriptions(kb.countries, nouns["person"], self.associations)

    def resolve(self, parsed: ParsedDoc, article: Article) -> list[ActorMention]:
        day = article.date
        dateline = article.dateline.country if article.dateline else None
        memory = Memory()
        done: list[Reading] = []
        reader = ChunkReader(parsed, day, self.associations)
        for sent in parsed.sentences:
            pairs = self._pairs(parsed, sent, memory)
            taken = {i for p in pairs for i in range(p.start, p.end)}
            segments = [s for s in self.segmenter.segments(parsed, sent, day)
                        if not taken & set(range(s.start, s.end))]  # fmt: skip
            reader.covered = {i for seg in segments for i in range(seg.start, seg.end)}
            readings = [r for c in chunk_segments(parsed, segments) for r in reader.read(c)]
            readings += self._known_names(parsed, sent, segments, memory)
            named = [r for r in readings if r.how == "country"]
            readings = self._attach(parsed, readings, dateline, memory, day is None)
            # a country named only to place an agent ("police in Kenya") is still named:
            # "the country" may be it
            kept = {id(r) for r in readings}
            memory.named_countries += [(sent.index, r.actors[0].country) for r in named
                                       if id(r) not in kept and r.actors and r.actors[0].country]
            readings += personal_pronouns(parsed, sent, readings + pairs, memory)
            readings += country_references(parsed, sent, readings + pairs, memory)
            for r in sorted(readings + pairs, key=lambda r: r.start):
                title = parsed.tokens[r.start - 1].text if r.start > sent.start else ""
                memory.remember(r, is_group(parsed, r), sent.index, title)
                done.append(r)
        self._read_as_a_whole(parsed, done, dateline)
        done = [r for r in done if r.how != PENDING]
        mentions = [ActorMention(r.start, r.end, r.head, tuple(r.actors), r.how) for r in done]
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _read_as_a_whole(self, doc: ParsedDoc, done: list[Reading], dateline: str | None) -> None:
        """What only the whole article tells: who its descriptions and surnames are
        (discourse.py), then where what is still unplaced belongs (placing.py). People
        are linked again after each step, so that what one step learnt of a person
        reaches all their mentions before the next."""
        bridged = self.descriptions.bridge_titles(doc, done)
        self.descriptions.predicates(doc, done)
        link_people(done)
        self.descriptions.describe_lead(doc, done)
        self.descriptions.take_up_descriptions(doc, done)
        link_people(done)
        fill_from_main_country(doc, done, dateline)
        copy_bodies(bridged)
        link_people(done)
        follow_antecedents(done)

    def _pairs(self, doc: ParsedDoc, sent: Sentence, memory: Memory) -> list[Reading]:
        """"the two diplomats", "both sides" -> the last two people or countries."""
        out = []
        toks = doc.tokens
        for i in range(sent.start, sent.end - 1):
            if toks[i].text.lower() not in PAIR_WORDS:
                continue
            j = i + 1
            while j < sent.end - 1 and toks[j].tag in ("JJ", "NN") and toks[j + 1].tag == "NNS":
                j += 1
            noun = toks[j].text.lower()
            if noun in PAIR_PEOPLE:
                pair = memory.main_pair(memory.people)
            elif noun in PAIR_SIDES:
                pair = memory.main_pair(memory.people) or memory.main_pair(memory.countries)
            else:
                continue
            if not pair:
                continue
            start = i - 1 if i > sent.start and toks[i - 1].text.lower() == "the" else i
            text = doc.span_text(start, j + 1)
            actors = [replace(p, text=text) if isinstance(p, Actor)
                      else Actor(text, None, p, p, None) for p in pair]  # fmt: skip
            out.append(Reading(start, j + 1, j, actors, "coreference"))
        return out

    def _attach(self, doc: ParsedDoc, readings: list[Reading], dateline: str | None,
                memory: Memory, undated: bool) -> list[Reading]:  # fmt: skip
        dropped: set[int] = set()
        for r in readings:
            if r.how.startswith("unresolved"):
                self._corefer_name(doc, r, memory)
            elif r.how == "dictionary" and r.end - r.start == 1:
                self._corefer_name(doc, r, memory)
            if r.how.startswith("unresolved"):
                (_from_parenthesis(doc, r, readings) or _from_apposition(doc, r, readings)
                 or _from_posted_title(doc, r, readings))
            elif r.how == "dictionary" and undated:
                _from_apposition(doc, r, readings)
            if r.how == "country" and _a_people(r):
                _place_people(doc, r, self._of_phrase(doc, r, readings))
            elif r.how == "dictionary" and r.names and len(r.actors) == 1:
                # "King Hassan of Morocco": the text says whose he is
                _place_people(doc, r, self._of_phrase(doc, r, readings))
            if not r.open_country:
                continue
            if self._corefer_title(doc, r, memory):
                continue
            if _from_possessive_pronoun(doc, r, readings):
                continue
            target = self._of_phrase(doc, r, readings)
            if target is not None and _take_of_phrase(doc, r, target, dropped):
                continue  # placed (or, "leaders of" an unplaced group, still open)
            # still open: the article's own actors place it once all is read (never the
            # dateline: a German MEP is not French at a Strasbourg dateline)
        return [r for r in readings if r.start not in dropped]

    @staticmethod
    def _known_names(doc: ParsedDoc, sent: Sentence, segments: list[Segment],
                     memory: Memory) -> list[Reading]:  # fmt: skip
        """Proper nouns outside any segment (spaCy gave them no PERSON/ORG label) that
        name someone the article already introduced: "Blinken reiterated ..."."""
        covered = {i for s in segments for i in range(s.start, s.end)}
        out = []
        i = sent.start
        while i < sent.end:
            if i in covered or doc.tokens[i].pos != "PROPN":
                i += 1
                continue
            j = i
            while j + 1 < sent.end and j + 1 not in covered and doc.tokens[j + 1].pos == "PROPN":
                j += 1
            text = doc.span_text(i, j + 1)
            earlier = memory.lookup(text)
            stranger = memory.stranger(text) if earlier is None else None
            if earlier is not None:
                actors = [replace(earlier, text=text)]
                out.append(Reading(i, j + 1, span_head(doc, i, j + 1), actors, "coreference",
                                   names=[earlier.name or text]))  # fmt: skip
            elif stranger is not None:  # "Carlineo was arrested": not coded (yet)
                out.append(Reading(i, j + 1, span_head(doc, i, j + 1), [replace(stranger, text=text)],
                                   "unresolved:PERSON", names=[stranger.name or text]))  # fmt: skip
            i = j + 1
        return out

    @staticmethod
    def _corefer_name(doc: ParsedDoc, r: Reading, memory: Memory) -> None:
        """"Blinken", "Wang": a name (or one word of it) seen earlier in the article."""
        text = doc.span_text(r.start, r.end)
        earlier = memory.lookup(text)
        if earlier is None:
            return
        r.actors = [replace(earlier, text=text)]
        r.how = "coreference"

    @staticmethod
    def _corefer_title(doc: ParsedDoc, r: Reading, memory: Memory) -> bool:
        """"the minister", "the official": the last mention with that title word."""
        first = doc.tokens[r.start].text.lower()
        before = doc.tokens[r.start - 1].text.lower() if r.start > 0 else ""
        if first in TITLE_DETERMINERS:
            start = r.start
        elif before in TITLE_DETERMINERS:
            start = r.start - 1
        else:
            return False
        if not r.agent_phrase or r.actors[0].name:
            return False
        word = r.agent_phrase.split()[-1]
        for phrase, actors in reversed(memory.titled):
            if phrase.split()[-1] == word and actors[0].country:
                text = doc.span_text(start, r.end)
                r.actors = [replace(a, text=text) for a in actors]
                r.start = start
                r.how = "coreference"
                r.open_country = False
                return True
        return False

    @staticmethod
    def _of_phrase(doc: ParsedDoc, r: Reading, readings: list[Reading]) -> Reading | None:
        """"president of Armenia", "rebels in Darfur": the country reading that is the
        object of an of/in/from phrase right after the mention."""
        i = r.end
        if i >= len(doc.tokens) or doc.tokens[i].text.lower() not in ATTACH_PREPS:
            return None
        objects = [c for c in doc.children(i) if doc.tokens[c].dep == "pobj"] or [i + 1]
        for target in readings:
            if target is r or target.how.startswith("unresolved"):
                continue
            if any(target.start <= o < target.end for o in objects):
                return target
        return None


def _from_possessive_pronoun(doc: ParsedDoc, r: Reading, readings: list[Reading]) -> bool:
    """"Israel has strengthened its forces": "its"/"their" is the last placed actor
    before it in the sentence."""
    head = doc.tokens[r.head]
    owners = [c for c in doc.children(r.head) if doc.tokens[c].dep == "poss"
              and doc.tokens[c].text.lower() in ("its", "their")]  # fmt: skip
    if not owners:
        return False
    before = [o for o in readings if o.end <= owners[0] and not o.open_country
              and doc.tokens[o.head].sent == head.sent
              and any(a.country for a in o.actors)]  # fmt: skip
    if not before:
        return False
    # "Pakistan has refused to deploy troops in Iraq and urged its citizens": the
    # subject of the pronoun's clause, else the last placed actor before it
    subject = _clause_subject_token(doc, r.head)
    owner = next((o for o in before if subject is not None and o.start <= subject < o.end),
                 before[-1])  # fmt: skip
    country = next(a.country for a in owner.actors if a.country)
    r.actors = [with_country(a, country) for a in r.actors]
    r.open_country = False
    return True


def _clause_subject_token(doc: ParsedDoc, i: int) -> int | None:
    """The subject of the clause token ``i`` stands in, following coordinated and
    infinitive clauses up to a shared subject ("refused ... and urged its citizens")."""
    v = i
    for _ in range(8):
        tok = doc.tokens[v]
        if tok.pos in ("VERB", "AUX"):
            subj = next((c for c in doc.children(v) if doc.tokens[c].dep == "nsubj"), None)
            if subj is not None:
                return subj
            if tok.dep not in ("conj", "xcomp"):
                return None
        if tok.head == v:
            return None
        v = tok.head
    return None


def _a_people(r: Reading) -> bool:
    """"Albanians", "Kurds": a nationality word naming a people (coded CVL)."""
    return len(r.actors) == 1 and r.actors[0].sector == "CVL"


def _place_people(doc: ParsedDoc, r: Reading, where: Reading | None) -> None:
    """"the Albanians of southern Serbia", "Kurds in Turkey": a people living in another
    country belong to it as its civilians; "King Hassan of Morocco" is Morocco's."""
    country = next((a.country for a in where.actors if a.country), None) if where else None
    if where is None or where.open_country or country is None or where.how != "country":
        return
    r.actors = [with_country(a, country) for a in r.actors]


def _take_of_phrase(doc: ParsedDoc, r: Reading, target: Reading, dropped: set[int]) -> bool:
    """Place an open agent by its of/in/from phrase; True when that settled it."""
    country = next((a.country for a in target.actors if a.country), None)
    words = (r.agent_phrase or "").split()
    if words and words[-1] in GENERIC_HEADS and not r.actors[0].name:
        # "leaders of the opposition coalition" are the coalition
        text = doc.span_text(r.start, target.end)
        r.actors = [replace(a, text=text) for a in target.actors]
        r.open_country = target.open_country
    elif country is not None and not target.open_country:
        r.actors = [with_country(a, country) for a in r.actors]
        r.open_country = False
    else:
        return False
    if target.start - r.end <= 3:  # one mention: "rebels in Darfur"
        r.end = target.end
        r.head = span_head(doc, r.start, r.end)
        dropped.add(target.start)
    return True


def _from_parenthesis(doc: ParsedDoc, r: Reading, readings: list[Reading]) -> bool:
    """"the Movement for ... of Biafra (MASSOB)": a name in brackets right after a
    coded mention is that mention's short name."""
    toks = doc.tokens
    if r.start < 2 or toks[r.start - 1].text != "(" or r.end >= len(toks) or toks[r.end].text != ")":
        return False
    before = next((o for o in readings if o.end == r.start - 1 and o.actors and
                   (o.actors[0].code or o.actors[0].country)), None)  # fmt: skip
    if before is None:
        return False
    text = doc.span_text(r.start, r.end)
    r.actors = [replace(a, text=text) for a in before.actors]
    r.how = "coreference"
    r.names = [text]
    r.open_country = before.open_country  # placed later with it: "members of X (XYZ)"
    return True


def _from_posted_title(doc: ParsedDoc, r: Reading, readings: list[Reading]) -> bool:
    """"China's ambassador to Britain Liu Xiaoming", "envoy to Ukraine X": a name right
    after a title's posting ("to/in/for <country>") is the title's holder."""
    posting = next((o for o in readings if o.end == r.start and o.how == "country"), None)
    if posting is None or posting.start < 2:
        return False
    prep = doc.tokens[posting.start - 1]
    if prep.tag not in ("IN", "TO") or prep.text.lower() not in ("to", "in", "for"):
        return False
    title = next((o for o in readings if o.end == posting.start - 1 and o.how == "agent"
                  and not o.open_country and o.actors), None)  # fmt: skip
    if title is None or len(title.actors) != 1:
        return False
    name = r.actors[0].name
    role = title.agent_phrase.title() if title.agent_phrase else None
    r.actors = [replace(title.actors[0], text=r.actors[0].text, name=name, role=role)]
    r.how = "title"
    r.agent_phrase = title.agent_phrase
    return True


def _from_apposition(doc: ParsedDoc, r: Reading, readings: list[Reading]) -> bool:
    """"Salaheddine Sidhoum, Algeria's leading human rights activist": a name takes the
    country and sector of a coded noun phrase in apposition to it (either order). A
    place is no description of a person ("HANOI, Vietnam (AP) — U.S. Defense Secretary
    Mark Esper", parsed as in apposition to the dateline)."""
    for other in readings:
        if other is r or not other.actors or other.how.startswith("unresolved"):
            continue
        if other.how in ("country", "metonym"):
            continue
        a = other.actors[0]
        if a.country is None and a.code is None:
            continue
        h, rh = doc.tokens[other.head], doc.tokens[r.head]
        if (h.dep == "appos" and r.start <= h.head < r.end) or (
            rh.dep == "appos" and other.start <= rh.head < other.end
        ):
            name = r.actors[0].name
            role = other.agent_phrase.title() if other.agent_phrase else a.role
            r.actors = [replace(a, text=r.actors[0].text, name=name, role=role)]
            r.how = "title"
            r.open_country = other.open_country
            r.agent_phrase = other.agent_phrase
            return True
    return False
