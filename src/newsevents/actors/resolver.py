"""Find and code every actor mention of a parsed article.

Per sentence: segments (dictionary, countries, agents, unknown names) -> chunks ->
readings (compose.py); then, with what the article said before: a surname or a bare
title ("Blinken", "the minister") is the earlier full mention, "the two diplomats" and
"both sides" are the last pair, an agent with no country takes it from "of/in X" or
from the dateline. Everything here is per-article state; the knowledge base is shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..model import Actor, Article, actor_code
from ..parsed import ActorMention, ParsedDoc, Sentence
from .compose import ChunkReader, Reading, chunk_segments, span_head
from .knowledge import KnowledgeBase
from .segments import Segment, SentenceSegmenter

PAIR_PEOPLE = frozenset({
    "diplomats", "leaders", "men", "women", "ministers", "officials", "presidents",
    "envoys", "negotiators", "counterparts", "heads", "chiefs", "secretaries",
})  # fmt: skip
PAIR_SIDES = frozenset({"sides", "countries", "nations", "governments", "powers", "states", "parties"})
PAIR_WORDS = frozenset({"two", "both"})
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "lord", "lady", "dame",
    "baroness", "baron", "sheikh", "president", "minister", "general", "gen", "senator",
})  # fmt: skip
ATTACH_PREPS = frozenset({"of", "in", "from"})
TITLE_DETERMINERS = frozenset({"the", "this", "that"})
# Agent nouns that only say "someone of": "leaders of the opposition" are the opposition.
GENERIC_HEADS = frozenset({
    "leader", "leaders", "member", "members", "head", "heads", "chief", "chiefs", "official",
    "officials", "spokesman", "spokeswoman", "spokesperson", "representative",
    "representatives", "delegation", "delegations",
})  # fmt: skip


@dataclass
class _Memory:
    """What the article has said so far, for coreference."""

    names: dict[str, Actor] = field(default_factory=dict)  # full name or one word of it
    people: list[Actor] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    # Countries named as such ("Afghanistan", not "Washington"), with their sentence.
    named_countries: list[tuple[int, str]] = field(default_factory=list)
    titled: list[tuple[str, tuple[Actor, ...]]] = field(default_factory=list)
    # The last person named, coded or not: what "he" or "she" most likely refers to.
    last_person: Actor | None = None
    # The last group named (a party, a union, officials): what "they" most likely is.
    last_group: tuple[Actor, ...] = ()
    last_group_sentence: int = -2

    def remember(self, reading: Reading, plural: bool = False, sentence: int = -2) -> None:
        actors = tuple(reading.actors)
        named_thing = reading.how.startswith("unresolved:") and reading.how != "unresolved:PERSON"
        if reading.names and actors and actors[0].name and len(actors) == 1 and not named_thing:
            # "the Institute for Fiscal Studies" is no one "he" can be
            self.last_person = actors[0]
        elif plural and actors:
            self.last_group = actors
            self.last_group_sentence = sentence
        if not actors or actors[0].code is None and actors[0].country is None:
            return
        if reading.how == "country" and actors[0].country:
            self.named_countries.append((sentence, actors[0].country))
        for name in reading.names:
            if not name:
                continue
            self.names[name.casefold()] = actors[0]
            for word in name.replace("-", " ").split():
                if len(word) > 1 and word[0].isupper():
                    self.names[word.casefold()] = actors[0]
        if reading.names and actors[0].name:
            self.people.append(actors[0])
        for a in actors:
            if a.country:
                self.countries.append(a.country)
        if reading.agent_phrase:
            self.titled.append((reading.agent_phrase, actors))

    def lookup(self, text: str) -> Actor | None:
        """The actor an earlier full mention gave this name: "Blinken", "Ms Kelly"."""
        key = text.casefold()
        found = self.names.get(key)
        if found is None:
            first, _, rest = key.partition(" ")
            if first.rstrip(".") in HONORIFICS and rest:
                found = self.names.get(rest)
        return found

    def main_pair(self, items: Sequence[Actor | str]) -> list[Actor | str]:
        """The two people (or countries) mentioned most so far, the latest breaking ties:
        "the two diplomats" after "Blinken met Wang ... Blinken and Wang ..."."""
        count: dict[str, int] = {}
        last: dict[str, tuple[int, Actor | str]] = {}
        for n, item in enumerate(items):
            key = (item.name or "") if isinstance(item, Actor) else item
            count[key] = count.get(key, 0) + 1
            last[key] = (n, item)
        if len(count) < 2:
            return []
        top = sorted(count, key=lambda k: (count[k], last[k][0]), reverse=True)[:2]
        return [last[k][1] for k in sorted(top, key=lambda k: last[k][0])]


class ActorResolver:
    """Resolves actor mentions against a loaded ``KnowledgeBase`` (cheap per article)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.segmenter = SentenceSegmenter(kb)

    def resolve(self, parsed: ParsedDoc, article: Article) -> list[ActorMention]:
        day = article.date
        dateline = article.dateline.country if article.dateline else None
        memory = _Memory()
        done: list[Reading] = []
        reader = ChunkReader(parsed, day)
        for sent in parsed.sentences:
            pairs = self._pairs(parsed, sent, memory)
            taken = {i for p in pairs for i in range(p.start, p.end)}
            segments = [s for s in self.segmenter.segments(parsed, sent, day)
                        if not taken & set(range(s.start, s.end))]  # fmt: skip
            reader.covered = {i for seg in segments for i in range(seg.start, seg.end)}
            readings = [r for c in chunk_segments(parsed, segments) for r in reader.read(c)]
            readings += self._known_names(parsed, sent, segments, memory)
            readings = self._attach(parsed, readings, dateline, memory, day is None)
            readings += _personal_pronouns(parsed, sent, readings + pairs, memory)
            readings += _country_references(parsed, sent, readings + pairs, memory)
            for r in sorted(readings + pairs, key=lambda r: r.start):
                memory.remember(r, _group(parsed, r), sent.index)
                done.append(r)
        _fill_from_main_country(parsed, done, dateline)
        mentions = [ActorMention(r.start, r.end, r.head, tuple(r.actors), r.how) for r in done]
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _pairs(self, doc: ParsedDoc, sent: Sentence, memory: _Memory) -> list[Reading]:
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
                memory: _Memory, undated: bool) -> list[Reading]:  # fmt: skip
        dropped: set[int] = set()
        for r in readings:
            if r.how.startswith("unresolved"):
                self._corefer_name(doc, r, memory)
            elif r.how == "dictionary" and r.end - r.start == 1:
                self._corefer_name(doc, r, memory)
            if r.how.startswith("unresolved"):
                _from_parenthesis(doc, r, readings) or _from_apposition(doc, r, readings)
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
                     memory: _Memory) -> list[Reading]:  # fmt: skip
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
            if earlier is not None:
                actors = [replace(earlier, text=text)]
                out.append(Reading(i, j + 1, span_head(doc, i, j + 1), actors, "coreference",
                                   names=[earlier.name or text]))  # fmt: skip
            i = j + 1
        return out

    @staticmethod
    def _corefer_name(doc: ParsedDoc, r: Reading, memory: _Memory) -> None:
        """"Blinken", "Wang": a name (or one word of it) seen earlier in the article."""
        text = doc.span_text(r.start, r.end)
        earlier = memory.lookup(text)
        if earlier is None:
            return
        r.actors = [replace(earlier, text=text)]
        r.how = "coreference"

    @staticmethod
    def _corefer_title(doc: ParsedDoc, r: Reading, memory: _Memory) -> bool:
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


PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them"})
GROUP_SECTORS = frozenset({"PTY", "LAB", "NGO", "HRI", "IGO", "LEG", "REB", "OPP"})


def _group(doc: ParsedDoc, r: Reading) -> bool:
    """Whether a reading names a group "they" can stand for: plural people ("officials",
    "the unions") or a body of people (a party, a union, a rebel group)."""
    if r.how.startswith("unresolved") or not r.actors or r.actors[0].code is None:
        return False
    plural = doc.tokens[r.head].tag in ("NNS", "NNPS")
    return plural or all((a.sector or "")[:3] in GROUP_SECTORS for a in r.actors)
PRONOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative"})


def _personal_pronouns(
    doc: ParsedDoc, sent: Sentence, readings: list[Reading], memory: _Memory
) -> list[Reading]:
    """ "He accused ministers of ...", "urged him to ...": the person last named before
    it (in the sentence, else earlier in the article), when that person is coded. A
    person named but not coded in between leaves the pronoun unresolved: guessing past
    them would misattribute."""
    out: list[Reading] = []
    covered = {i for r in readings for i in range(r.start, r.end)}
    for i in range(sent.start, sent.end):
        tok = doc.tokens[i]
        word = tok.text.lower()
        if word not in PERSON_PRONOUNS | GROUP_PRONOUNS or tok.dep not in PRONOUN_DEPS or i in covered:
            continue
        if tok.text.lower() in GROUP_PRONOUNS:
            groups = [r for r in readings if r.end <= i and _group(doc, r)]
            recent = memory.last_group_sentence >= sent.index - 1  # this or the last sentence
            found = tuple(groups[-1].actors) if groups else memory.last_group if recent else ()
            if found:
                out.append(Reading(i, i + 1, i, [replace(a, text=tok.text) for a in found],
                                   "coreference"))  # fmt: skip
            continue
        before = [r for r in readings if r.end <= i and r.names and len(r.actors) == 1]
        person = before[-1].actors[0] if before else memory.last_person
        if person is None or (person.code is None and person.country is None):
            continue
        out.append(Reading(i, i + 1, i, [replace(person, text=tok.text)], "coreference",
                           names=[person.name or ""]))  # fmt: skip
    return out


COUNTRY_NOUNS = frozenset({"country", "nation"})


def _country_references(
    doc: ParsedDoc, sent: Sentence, readings: list[Reading], memory: _Memory
) -> list[Reading]:
    """"18 years after Washington invaded the country": a bare "the country" (or "the
    nation") is the country last named as such, earlier in its sentence or in the one
    before; a capital or a government ("Washington") is no antecedent, and with none
    near, it stays no one."""
    out: list[Reading] = []
    covered = {i for r in readings for i in range(r.start, r.end)}
    for i in range(sent.start + 1, sent.end):
        tok, det = doc.tokens[i], doc.tokens[i - 1]
        if (tok.text.lower() not in COUNTRY_NOUNS or det.text.lower() != "the" or i in covered
                or tok.dep not in PRONOUN_DEPS or det.head != i):
            continue
        clause = _clause_verb(doc, i)
        # the subject of its own clause is not what the clause says it acts on: "Russia
        # fired missiles at targets across the country" is Ukraine, not Russia
        named = [r for r in readings if r.end <= i - 1 and r.how == "country" and r.actors
                 and r.actors[0].country and not _subject_of(doc, r, clause)]  # fmt: skip
        country = named[-1].actors[0].country if named else None
        if country is None and memory.named_countries:
            where, last = memory.named_countries[-1]
            country = last if where >= sent.index - 1 else None
        if country is None:
            continue
        text = doc.span_text(i - 1, i + 1)
        out.append(Reading(i - 1, i + 1, i, [Actor(text, None, country, country)], "coreference"))
    return out


def _clause_verb(doc: ParsedDoc, i: int) -> int | None:
    for _ in range(8):
        tok = doc.tokens[i]
        if tok.pos in ("VERB", "AUX"):
            return i
        if tok.head == i:
            return None
        i = tok.head
    return None


def _subject_of(doc: ParsedDoc, r: Reading, verb: int | None) -> bool:
    tok = doc.tokens[r.head]
    return verb is not None and tok.dep in ("nsubj", "nsubjpass") and tok.head == verb


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
    r.actors = [_with_country(a, country) for a in r.actors]
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
    r.actors = [_with_country(a, country) for a in r.actors]


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
        r.actors = [_with_country(a, country) for a in r.actors]
        r.open_country = False
    else:
        return False
    if target.start - r.end <= 3:  # one mention: "rebels in Darfur"
        r.end = target.end
        r.head = span_head(doc, r.start, r.end)
        dropped.add(target.start)
    return True


def _with_country(actor: Actor, country: str | None) -> Actor:
    if country is None:
        return actor
    return replace(actor, country=country, code=actor_code(country, actor.sector))


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


def _from_apposition(doc: ParsedDoc, r: Reading, readings: list[Reading]) -> bool:
    """"Salaheddine Sidhoum, Algeria's leading human rights activist": a name takes the
    country and sector of a coded noun phrase in apposition to it (either order)."""
    for other in readings:
        if other is r or not other.actors or other.how.startswith("unresolved"):
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


# Sectors of people who are where they are: "protesters in Hong Kong", "ethnic Albanians
# in Macedonia". Officials are not placed by where they stand.
PEOPLE_SECTORS = frozenset({"CVL", "REB", "OPP", "REF", "LAB", "INS", "MUS", "CHR", "REL", "EDU"})
# How a reading was placed by its own words (dictionary, title, name of a body, nationality
# word), as opposed to a country or capital named in the text, which may be a venue.
OWN_EVIDENCE = frozenset({"dictionary", "title", "organization", "group", "agent", "coreference"})
HOME_SHARE = 0.5  # the article's home country: over half of its self-placed actors ...
HOME_MIN = 2  # ... and at least this many of them


def _fill_from_main_country(
    doc: ParsedDoc, readings: list[Reading], dateline: str | None = None
) -> None:
    """Agents and titled names that nothing placed. A group of people takes the country
    its sentence places it in ("ethnic Albanians protested in Macedonia"); an official
    takes the article's home country, the one most of its actors are placed in by their
    own words ("Labour MP", "Tory leader", a known minister), when there is a clear one.
    A place named nearby ("to liken a review to Hitler's Germany") places no one."""
    open_readings = [r for r in readings if r.open_country]
    home = None
    if open_readings:
        placed = [r for r in readings if not r.open_country]
        home = _home_country([r for r in placed if r.how in OWN_EVIDENCE])
        for r in open_readings:
            sent = doc.tokens[r.head].sent
            here = [p for p in placed if doc.tokens[p.head].sent == sent]
            country = _conjunct_country(doc, r, here)
            if country is None and _people(r):
                # "bombers killed 23 people in Tel Aviv": the place the sentence names first
                places = [p for p in here if _names_place(doc, p)]
                country = _most_named(places[:1]) or _most_named(here)
            # then the article's home country; a lone lead sentence has none, and there
            # the country it names ("Rebels in the Ivory Coast dismissed President Gbagbo")
            country = country or home or _most_named(here)
            if country is None and dateline and _domestic(r):
                country = dateline  # "Police arrested students" under a NAIROBI dateline
            if country is not None:
                r.actors = [_with_country(a, country) for a in r.actors]
            r.open_country = False
    if home is None:
        home = _home_country([r for r in readings if r.how in OWN_EVIDENCE and not r.open_country])
    if home is not None:
        for r in readings:
            if _addressed_stranger(doc, r):
                # "Dr Gibbons", "Ms Hutt": a person the story addresses by courtesy title
                # and that nothing places is one of its home country's public figures;
                # only a clear home country places them, never a venue or the dateline
                r.actors = [_with_country(a, home) for a in r.actors]
                r.how = "home"
    _share_placed_names(readings)


COURTESY_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "baroness", "baron",
})  # fmt: skip


def _addressed_stranger(doc: ParsedDoc, r: Reading) -> bool:
    if not r.how.startswith("unresolved:") or len(r.actors) != 1 or r.actors[0].country:
        return False
    words = r.actors[0].text.split()
    before = doc.tokens[r.start - 1].text if r.start > 0 else ""
    first = words[0] if len(words) > 1 else before
    return first.rstrip(".").lower() in COURTESY_TITLES and r.actors[0].name is not None


# Bodies that act where they are: local police, courts, crowds. Only these take the
# dateline's country when nothing else places them; a minister may be abroad.
DOMESTIC_SECTORS = frozenset({"COP", "JUD", "CVL", "LAB", "REF", "OPP", "EDU"})


def _domestic(r: Reading) -> bool:
    return all((a.sector or "")[:3] in DOMESTIC_SECTORS for a in r.actors)


def _people(r: Reading) -> bool:
    return all((a.sector or "")[:3] in PEOPLE_SECTORS for a in r.actors)


def _home_country(readings: list[Reading]) -> str | None:
    count: dict[str, int] = {}
    for r in readings:
        for c in {a.country for a in r.actors if a.country}:
            count[c] = count.get(c, 0) + 1
    if not count:
        return None
    best = max(count, key=lambda c: count[c])
    total = sum(count.values())
    return best if count[best] >= HOME_MIN and count[best] > HOME_SHARE * total else None


def _share_placed_names(readings: list[Reading]) -> None:
    """A person placed late ("Mr Howard" after "Tory leader Michael Howard" was filled)
    is placed in every mention: coreferent copies were taken before the fill."""
    placed: dict[str, Actor] = {}
    for r in readings:
        for a in r.actors:
            if a.name and a.country:
                placed.setdefault(a.name, a)
    for r in readings:
        if any(a.name and not a.country and a.name in placed for a in r.actors):
            r.actors = [
                replace(placed[a.name], text=a.text, role=a.role or placed[a.name].role)
                if a.name and not a.country and a.name in placed else a
                for a in r.actors
            ]  # fmt: skip


def _conjunct_country(doc: ParsedDoc, r: Reading, placed: list[Reading]) -> str | None:
    """"Danish media and government": an agent coordinated with a placed one shares its
    country."""
    tok = doc.tokens[r.head]
    for p in placed:
        ptok = doc.tokens[p.head]
        if (tok.dep == "conj" and tok.head == p.head) or (ptok.dep == "conj" and ptok.head == r.head):
            return next((a.country for a in p.actors if a.country), None)
    return None


PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})


def _names_place(doc: ParsedDoc, r: Reading) -> bool:
    """Whether a reading is the object of "in/at/near ..." hanging off a verb: where
    something happened ("killed 23 people in Tel Aviv"), not whose ("rebels in X")."""
    tok = doc.tokens[r.head]
    while tok.dep in ("compound", "conj", "appos"):
        tok = doc.tokens[tok.head]
    if tok.dep != "pobj":
        return False
    prep = doc.tokens[tok.head]
    verb = doc.tokens[prep.head]
    # a relative clause tells about someone ("refugees who lived in Iraq"), not the event
    return prep.text.lower() in PLACE_PREPS and verb.pos in ("VERB", "AUX") and verb.dep != "relcl"


def _most_named(readings: list[Reading]) -> str | None:
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for r in readings:
        for a in r.actors:
            if a.country:
                count[a.country] = count.get(a.country, 0) + 1
                first.setdefault(a.country, r.start)
    return max(count, key=lambda c: (count[c], -first[c])) if count else None
