"""What the article said before, and the words that point back to it.

``Memory`` keeps the names, titles, countries, people and groups an article has named so
far; "he"/"she", "they" and "the country" are read against it (and against the mentions
before them in their own sentence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..model import Actor, actor_code
from ..parsed import ParsedDoc, Sentence
from .chunks import Reading

HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "lord", "lady", "dame",
    "baroness", "baron", "sheikh", "president", "minister", "general", "gen", "senator",
})  # fmt: skip


@dataclass
class Memory:
    """What the article has said so far, for coreference."""

    names: dict[str, Actor] = field(default_factory=dict)  # full name or one word of it
    people: list[Actor] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    # Countries named as such ("Afghanistan", not "Washington"), with their sentence.
    named_countries: list[tuple[int, str]] = field(default_factory=list)
    titled: list[tuple[str, tuple[Actor, ...]]] = field(default_factory=list)
    # The last person named, coded or not: what "he" or "she" most likely refers to.
    last_person: Actor | None = None
    # Every person named, in order, and the gender the words naming them say ("Ms Hutt",
    # "Lord Dubs", "spokeswoman"): "she" is never a man so titled.
    persons: list[Actor] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    # The last group named (a party, a union, officials): what "they" most likely is.
    last_group: tuple[Actor, ...] = ()
    last_group_reading: Reading | None = None
    last_group_sentence: int = -2
    # People named but not coded ("Patrick Carlineo Jr."), by full name and by each
    # word of it: a later bare surname spaCy did not tag is still a mention of them
    # (the article-level pass may code them, discourse.py).
    strangers: dict[str, Actor] = field(default_factory=dict)

    def remember(self, reading: Reading, plural: bool = False, sentence: int = -2,
                 title: str = "") -> None:  # fmt: skip
        """``title``: the word just before the reading ("Mr" of "Mr Brown")."""
        actors = tuple(reading.actors)
        named_thing = reading.how.startswith("unresolved:") and reading.how != "unresolved:PERSON"
        if reading.names and actors and actors[0].name and len(actors) == 1 and not named_thing:
            # "the Institute for Fiscal Studies" is no one "he" can be
            self.last_person = actors[0]
            self.persons.append(actors[0])
            said = _gender(reading, actors[0], title)
            if said and actors[0].name:
                self.genders.setdefault(actors[0].name, said)
        elif plural and actors:
            self.last_group = actors
            self.last_group_reading = reading.antecedent or reading
            self.last_group_sentence = sentence
        if reading.how == "unresolved:PERSON" and reading.names and len(actors) == 1:
            self._add_names(self.strangers, reading.names, actors[0])
        if not actors or actors[0].code is None and actors[0].country is None:
            return
        if reading.how == "country" and actors[0].country:
            self.named_countries.append((sentence, actors[0].country))
        self._add_names(self.names, reading.names, actors[0])
        if reading.names and actors[0].name:
            self.people.append(actors[0])
        for a in actors:
            if a.country:
                self.countries.append(a.country)
        if reading.agent_phrase:
            self.titled.append((reading.agent_phrase, actors))

    @staticmethod
    def _add_names(table: dict[str, Actor], names: Sequence[str], actor: Actor) -> None:
        for name in names:
            if not name:
                continue
            table[name.casefold()] = actor
            for word in name.replace("-", " ").split():
                if len(word) > 1 and word[0].isupper():
                    table[word.casefold()] = actor

    def lookup(self, text: str, table: dict[str, Actor] | None = None) -> Actor | None:
        """The actor an earlier full mention gave this name: "Blinken", "Ms Kelly"."""
        names = self.names if table is None else table
        key = text.casefold()
        found = names.get(key)
        if found is None:
            first, _, rest = key.partition(" ")
            if first.rstrip(".") in HONORIFICS and rest:
                found = names.get(rest)
        return found

    def stranger(self, text: str) -> Actor | None:
        """A person named earlier that nothing coded, by this name or a word of it."""
        return self.lookup(text, self.strangers)

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


MALE_WORDS = frozenset({
    "mr", "sir", "lord", "king", "prince", "baron", "spokesman", "chairman", "congressman",
    "businessman", "councilman", "father", "son", "brother", "husband",
})  # fmt: skip
FEMALE_WORDS = frozenset({
    "ms", "mrs", "miss", "lady", "dame", "baroness", "queen", "princess", "spokeswoman",
    "chairwoman", "congresswoman", "businesswoman", "councilwoman", "mother", "daughter",
    "sister", "wife",
})  # fmt: skip
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}


def _gender(reading: Reading, actor: Actor, title: str) -> str | None:
    words = {w.strip(".,").lower() for w in (actor.text or "").split()[:-1] + [title]}
    words |= set((reading.agent_phrase or "").split())
    if words & MALE_WORDS and not words & FEMALE_WORDS:
        return "m"
    if words & FEMALE_WORDS and not words & MALE_WORDS:
        return "f"
    return None


PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# How a pronoun standing for a person nothing coded yet is marked until the article is
# read (resolver.py drops the ones still uncoded then).
PENDING = "pending"
GROUP_PRONOUNS = frozenset({"they", "them"})
GROUP_SECTORS = frozenset({"PTY", "LAB", "NGO", "HRI", "IGO", "LEG", "REB", "OPP"})


def is_group(doc: ParsedDoc, r: Reading) -> bool:
    """Whether a reading names a group "they" can stand for: plural people ("officials",
    "the unions") or a body of people (a party, a union, a rebel group)."""
    if r.how.startswith("unresolved") or not r.actors or r.actors[0].code is None:
        return False
    plural = doc.tokens[r.head].tag in ("NNS", "NNPS")
    return plural or all((a.sector or "")[:3] in GROUP_SECTORS for a in r.actors)


PRONOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative"})
# "praised his handling of the economy", "demanded their release": a possessive pronoun
# before a noun that names no actor itself is the actor the action is about
POSSESSIVES = {"his": "he", "her": "she", "their": "they"}


def personal_pronouns(
    doc: ParsedDoc, sent: Sentence, readings: list[Reading], memory: Memory
) -> list[Reading]:
    """ "He accused ministers of ...", "urged him to ...": the person named last before
    it (in the sentence, else earlier in the article). One nothing has coded yet gets a
    "pending" pronoun, kept only if the whole article codes them (a person named but not
    coded in between is never guessed past: that would misattribute)."""
    out: list[Reading] = []
    covered = {i for r in readings for i in range(r.start, r.end)}
    for i in range(sent.start, sent.end):
        tok = doc.tokens[i]
        word = tok.text.lower()
        possessive = tok.dep == "poss" and word in POSSESSIVES
        if possessive:
            noun = doc.tokens[tok.head]
            # "his government" is the government; "over his alleged role" is no one acted on
            if tok.head in covered or noun.pos != "NOUN" or noun.dep != "dobj":
                continue
            word = POSSESSIVES[word]
            if _owned_by_subject(doc, sent, i, word):
                continue
        elif word not in PERSON_PRONOUNS | GROUP_PRONOUNS or tok.dep not in PRONOUN_DEPS:
            continue
        if i in covered:
            continue
        if word in GROUP_PRONOUNS:
            groups = [r for r in readings if r.end <= i and is_group(doc, r)]
            recent = memory.last_group_sentence >= sent.index - 1  # this or the last sentence
            found = tuple(groups[-1].actors) if groups else memory.last_group if recent else ()
            source = (groups[-1].antecedent or groups[-1]) if groups else memory.last_group_reading
            if possessive and groups and _subject(doc, groups[-1]):
                continue  # "Democrats limited their inquiry": their own, not acted on
            if found:
                out.append(Reading(i, i + 1, i, [replace(a, text=tok.text) for a in found],
                                   "coreference", antecedent=source))  # fmt: skip
            continue
        # the person named last before it in its sentence, else the last one before
        before = sorted((r for r in readings + out if r.end <= i and r.names and len(r.actors) == 1),
                        key=lambda r: r.end)  # fmt: skip
        # never one the text calls the other gender ("she" after "Mr Brown ... Ms Hutt")
        gender = PRONOUN_GENDER.get(word)
        fits = [r for r in before if _said_gender(doc, r, memory) in (None, gender)]
        if before and not fits:
            earlier = [p for p in memory.persons if memory.genders.get(p.name or "") == gender]
            person = earlier[-1] if earlier and gender else None
        else:
            before = fits
            person = before[-1].actors[0] if before else memory.last_person
            if person is not None and memory.genders.get(person.name or "", gender) != gender:
                earlier = [p for p in memory.persons if memory.genders.get(p.name or "") == gender]
                person = earlier[-1] if earlier and gender else None
        if person is None or possessive and before and _subject(doc, before[-1]):
            continue  # "Lord Dubs agreed to withdraw his bill": his own
        # a person nothing has coded yet may be coded once the whole article is read
        # (discourse.py): until then the pronoun is theirs, "pending"
        uncoded = person.code is None and person.country is None
        how = PENDING if uncoded else "coreference"
        out.append(Reading(i, i + 1, i, [replace(person, text=tok.text)], how,
                           names=[person.name or ""]))  # fmt: skip
    return out


def _owned_by_subject(doc: ParsedDoc, sent: Sentence, i: int, word: str) -> bool:
    """"He withdrew his bill", "a diplomat shifted his own account", "the unions pressed
    their demands": a possessive agreeing in number with its clause's subject is the
    subject's own, not someone the subject acts on."""
    if i + 1 < sent.end and doc.tokens[i + 1].text.lower() == "own":
        return True
    verb = doc.tokens[i].head
    verb = doc.tokens[verb].head
    for j in range(sent.start, sent.end):
        t = doc.tokens[j]
        if t.head != verb or t.dep not in ("nsubj", "nsubjpass") or j == verb:
            continue
        plural = t.tag in ("NNS", "NNPS") or t.text.lower() in ("they", "we")
        return plural == (word == "they")
    return False


def _said_gender(doc: ParsedDoc, r: Reading, memory: Memory) -> str | None:
    actor = r.actors[0]
    title = doc.tokens[r.start - 1].text if r.start > 0 else ""
    return memory.genders.get(actor.name or "") or _gender(r, actor, title)


def _subject(doc: ParsedDoc, r: Reading) -> bool:
    return doc.tokens[r.head].dep in ("nsubj", "nsubjpass")


COUNTRY_NOUNS = frozenset({"country", "nation"})
# "the territory's government" (Hong Kong's), though a bare "the territory" is often land
POSSESSED_COUNTRY_NOUNS = COUNTRY_NOUNS | {"territory"}


def country_references(
    doc: ParsedDoc, sent: Sentence, readings: list[Reading], memory: Memory
) -> list[Reading]:
    """"18 years after Washington invaded the country": a bare "the country" (or "the
    nation") is the country last named as such, earlier in its sentence or in the one
    before; a capital or a government ("Washington") is no antecedent, and with none
    near, it stays no one."""
    out: list[Reading] = []
    covered = {i for r in readings for i in range(r.start, r.end)}
    for i in range(sent.start + 1, sent.end):
        tok, det = doc.tokens[i], doc.tokens[i - 1]
        poss = tok.dep == "poss"
        nouns = POSSESSED_COUNTRY_NOUNS if poss else COUNTRY_NOUNS
        if (tok.text.lower() not in nouns or det.text.lower() != "the" or i in covered
                or tok.dep not in PRONOUN_DEPS and not poss or det.head != i):
            continue
        clause = _clause_verb(doc, i)
        # the subject of its own clause is not what the clause says it acts on: "Russia
        # fired missiles at targets across the country" is Ukraine, not Russia; nor is
        # the one speaking of "the country's government"
        named = [r for r in readings if r.end <= i - 1 and r.how == "country" and r.actors
                 and r.actors[0].country and not _subject_of(doc, r, clause)
                 and not (poss and _subject(doc, r))]  # fmt: skip
        country = named[-1].actors[0].country if named else None
        if country is None and memory.named_countries:
            where, last = memory.named_countries[-1]
            country = last if where >= sent.index - 1 else None
        if country is None:
            continue
        if not poss:
            text = doc.span_text(i - 1, i + 1)
            out.append(Reading(i - 1, i + 1, i, [Actor(text, None, country, country)], "coreference"))
        else:
            # "the country's government" is that country's, whatever placed it before
            for r in readings:
                if r.head == tok.head and r.actors and r.actors[0].sector:
                    r.actors = [replace(a, country=country, code=actor_code(country, a.sector))
                                for a in r.actors]  # fmt: skip
                    r.open_country = False
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


def follow_antecedents(readings: list[Reading]) -> None:
    """"They" copied its group before the article was read as a whole: an actor it
    copied with no country takes the one its antecedent has been given since ("the
    opposition parties" placed in the story's home country)."""
    for r in readings:
        ante = r.antecedent
        if ante is None or r.how != "coreference" or all(a.country for a in r.actors):
            continue
        if ante.actors and all(a.country for a in ante.actors):
            r.actors = [replace(a, text=r.actors[0].text) for a in ante.actors]
