"""Who is who across the whole article, once every sentence is read.

A person is named many ways ("Dr Brian Gibbons", "Dr Gibbons", "Gibbons'") and described
in others ("The new health minister for Wales", "The 48-year-old Australian"); what one
mention says of them (an office, a nationality) holds for every mention. Sentence by
sentence the resolver only sees what came before, and only for people it could code;
here the whole story is read at once:

- ``describe_lead``: a story that opens on a description instead of a name ("A New York
  man pleaded guilty ...", "The new health minister for Wales says ...") names the
  person in the next sentences as their subject ("Patrick Carlineo Jr., 55, could face
  ...", "Dr Brian Gibbons, on his first full day in the job, ..."): the description is
  theirs;
- ``take_up_descriptions``: a definite description with no name ("The 48-year-old
  Australian was evicted", "The journalist said") is the person named last, nearby;
- ``link_people``: mentions sharing a surname (and a first name when both give one) are
  one person, and the mention with the best evidence codes the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..countries import CountryIndex
from ..model import Actor, actor_code
from ..parsed import ParsedDoc
from .chunks import Reading
from .references import PENDING

# Words before a name that are not part of it ("Dr", "Rep.", "the Rt Rev").
NAME_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "lord", "lady", "dame",
    "baroness", "baron", "sheikh", "rep", "sen", "gov", "rev", "rt", "hon", "cmdr", "lt",
    "col", "capt", "sgt", "gen", "maj", "judge", "justice", "father", "rabbi", "imam",
})  # fmt: skip
# Words after a name that are not part of it ("Patrick Carlineo Jr.", "Guy Mansfield QC").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "qc", "kc", "mp", "mep", "msp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
DEFINITE = frozenset({"the", "this", "that"})
# Titles that name a post in whatever body the story is about.
BRIDGE_HEADS = frozenset({"director", "spokesman", "spokeswoman", "spokesperson", "chairman",
                          "chairwoman"})  # fmt: skip
LEAD_SENTENCES = 3  # the lead: a story's first sentences (headline included)
LEAD_REACH = 2  # the lead's person is named within this many sentences after it
TAKE_UP_REACH = 2  # a description takes up a person named at most this many sentences before


def name_words(name: str) -> tuple[str, ...]:
    """The words of a person's name without titles, suffixes or a possessive:
    "Dr Brian Gibbons" -> ("brian", "gibbons"); "Patrick Carlineo Jr." -> ("patrick",
    "carlineo"); "Gibbons'" -> ("gibbons",)."""
    words = []
    for raw in name.replace("’", "'").split():
        word = raw.removesuffix("'s").strip(".,'\"()").casefold()
        if word:
            words.append(word)
    while words and words[0] in NAME_TITLES:
        words.pop(0)
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return tuple(words)


def _is_person(r: Reading) -> bool:
    """A mention of one named person: a name (coded or not) or a pronoun standing for one."""
    if not r.names or len(r.actors) != 1 or not r.actors[0].name:
        return False
    return not r.how.startswith("unresolved:") or r.how == "unresolved:PERSON"


def _may_be_person(r: Reading) -> bool:
    """A single name spaCy called something else ("Volker", "Assange's" as ORG): one of
    the article's people when its surname is theirs."""
    return (
        r.how.startswith("unresolved:")
        and bool(r.names)
        and len(r.actors) == 1
        and r.actors[0].name is not None
        and len(name_words(r.actors[0].name)) == 1
    )


def _evidence(r: Reading) -> int:
    """How much a mention says about its person: an office (from a dictionary, a title
    or a description) > an office copied from elsewhere > a country of its own > the
    article's home country > nothing."""
    a = r.actors[0]
    if a.sector:
        return 4 if r.how in ("dictionary", "title", "description") else 3
    if a.country:
        return 1 if r.how == "home" else 2
    return 0


@dataclass
class _Person:
    surname: str
    first_names: set[str] = field(default_factory=set)
    mentions: list[Reading] = field(default_factory=list)

    def fits_first(self, first: str) -> bool:
        """"Pat" and "Patrick" are one first name; "Gordon" and "Nick" are two people."""
        return any(f.startswith(first) or first.startswith(f) for f in self.first_names)


def _people(readings: Iterable[Reading]) -> list[_Person]:
    """Mentions grouped into people, in text order: a full name joins the person with that
    surname and a fitting (or no) first name; a bare surname the last person with it."""
    people: list[_Person] = []
    by_surname: dict[str, list[_Person]] = {}
    for r in sorted(readings, key=lambda r: r.start):
        person_like = _is_person(r)
        if not person_like and not _may_be_person(r):
            continue
        words = name_words(r.actors[0].name or "")
        if not words:
            continue
        surname, first = words[-1], words[0] if len(words) > 1 else None
        known = by_surname.get(surname, [])
        if first is not None:
            match = next((p for p in reversed(known) if p.fits_first(first)), None)
            match = match or next((p for p in reversed(known) if not p.first_names), None)
        else:
            match = known[-1] if known else None
        if match is None:
            if not person_like:
                continue
            match = _Person(surname)
            people.append(match)
            by_surname.setdefault(surname, []).append(match)
        if first is not None:
            match.first_names.add(first)
        match.mentions.append(r)
    return people


# How a mention was coded when its own words said nothing firm: another mention's office
# may replace what it has.
WEAK = frozenset({"home", "coreference", PENDING, "unresolved:PERSON", "unresolved:ORG"})


def link_people(readings: list[Reading]) -> None:
    """Every mention of a person takes the best-evidenced coding among the person's
    mentions ("Dr Gibbons" the office "Dr Brian Gibbons" was described with), with the
    best-evidenced country when that coding has none; a mention with an office of its
    own keeps it (and only learns its country), one with a country of its own keeps it
    unless the office comes with the same one."""
    for person in _people(readings):
        best = max(person.mentions, key=lambda r: (_evidence(r), -r.start))
        level = _evidence(best)
        if level == 0:
            continue
        model = best.actors[0]
        if model.country is None:
            # "Wikileaks co-founder Julian Assange" (MED) is "The 48-year-old Australian"
            placed = [r for r in person.mentions if r.actors[0].country]
            if placed:
                where = max(placed, key=lambda r: (_evidence(r), -r.start)).actors[0].country
                model = _coded(replace(model, country=where))
        for r in person.mentions:
            a = r.actors[0]
            if a.sector:  # an office of its own: at most its country is learnt
                if a.country is None and model.country:
                    r.actors = [_coded(replace(a, country=model.country))]
                    r.open_country = False
                continue
            if r is best or _evidence(r) >= level:
                continue
            if a.country and a.country != model.country and r.how not in WEAK:
                continue
            r.actors = [replace(model, text=a.text, role=model.role or a.role)]
            r.names = r.names or [model.name or ""]
            if r.how.startswith("unresolved") or r.how in ("home", PENDING):
                r.how = "coreference"
            r.open_country = False


def _subject(doc: ParsedDoc, r: Reading) -> bool:
    """Whether a mention is the subject of its sentence's main verb, of a verb
    coordinated with it, or of a reported clause before the reporting one ("A New York
    man pleaded guilty ..., prosecutors said")."""
    for i in range(r.start, r.end):
        tok = doc.tokens[i]
        if tok.dep not in SUBJECT_DEPS or r.start <= tok.head < r.end:
            continue
        verb = doc.tokens[tok.head]
        main = doc.tokens[verb.head]
        return (
            verb.dep == "ROOT"
            or (verb.dep == "conj" and main.dep == "ROOT")
            or (verb.dep == "ccomp" and main.dep == "ROOT" and main.i > verb.i)
        )
    return False


class Descriptions:
    """Descriptions of people read against the names around them (per resolver: it
    holds the person nouns and the country index, nothing per article)."""

    def __init__(self, countries: CountryIndex, person_nouns: frozenset[str],
                 associations: frozenset[str] = frozenset()) -> None:  # fmt: skip
        self.countries = countries
        self.person_nouns = person_nouns
        self.associations = associations

    def _describes_one(self, doc: ParsedDoc, r: Reading) -> bool:
        """A description of one person with no name in it: "A New York man", "the
        health minister", "The 48-year-old Australian" (a nationality used as a noun)."""
        if len(r.actors) != 1 or r.actors[0].name or r.names:
            return False
        head = doc.tokens[r.head]
        if head.tag not in ("NN", "NNP") or head.dep in ("compound", "amod", "poss"):
            return False
        if r.how == "country":
            return r.actors[0].sector is None and self.countries.kind(head.text) == "adjective"
        return r.how == "agent" and head.text.lower() in self.person_nouns

    def describe_lead(self, doc: ParsedDoc, readings: list[Reading]) -> None:
        """The lead's subject describes who the next sentences name first as their
        subject, when nothing else names that person before (and they have no office
        of their own)."""
        ordered = sorted(readings, key=lambda r: r.start)
        for r in ordered:
            sent = doc.tokens[r.head].sent
            if sent >= LEAD_SENTENCES:
                return
            if r.how != "agent" or not self._describes_one(doc, r) or not _subject(doc, r):
                continue
            later = [p for p in ordered if sent < doc.tokens[p.head].sent <= sent + LEAD_REACH]
            named = next((p for p in later if _is_person(p) and p.how != "coreference"), None)
            if named is None or not _subject(doc, named) or named.actors[0].sector:
                return
            surname = name_words(named.actors[0].name or "")[-1:]
            if any(name_words(p.actors[0].name or "")[-1:] == surname
                   for p in ordered[: ordered.index(named)] if _is_person(p)):  # fmt: skip
                return  # named before: the lead was about someone else
            _take(named, r.actors[0], r.agent_phrase)
            return

    def bridge_titles(self, doc: ParsedDoc, readings: list[Reading]) -> list[tuple[Reading, Reading]]:
        """"Civil rights group Liberty said ... Director Shami Chakrabarti called on ...":
        a person given only a generic head title (director, spokesman, chairman) and no
        body of their own is of the body that is the subject just before (earlier in
        the sentence or in the one before). Returns (person, body) pairs: the body may
        be placed later (``copy_bodies``)."""
        ordered = sorted(readings, key=lambda r: r.start)
        pairs = []
        for n, r in enumerate(ordered):
            words = (r.agent_phrase or "").split()
            if (r.how != "title" or not r.open_country or not r.names or len(words) != 1
                    or words[0] not in BRIDGE_HEADS):  # fmt: skip
                continue
            sent = doc.tokens[r.head].sent
            bodies = [o for o in ordered[:n] if sent - 1 <= doc.tokens[o.head].sent <= sent
                      and self._body(doc, o) and doc.tokens[o.head].dep in SUBJECT_DEPS]  # fmt: skip
            if bodies:
                pairs.append((r, bodies[-1]))
                r.open_country = False  # placed with its body, not by the article's home
        copy_bodies(pairs)
        return pairs

    def _body(self, doc: ParsedDoc, o: Reading) -> bool:
        """One organisation (not a person, a people, a country or a capital)."""
        if len(o.actors) != 1 or o.how in ("country", "metonym") or not o.actors[0].sector:
            return False
        head = doc.tokens[o.head]
        if o.how in ("dictionary", "organization"):
            return not o.names
        if o.how == "agent":
            return head.tag in ("NN", "NNP") and head.text.lower() not in self.person_nouns
        words = (o.agent_phrase or "").split()
        return o.how == "title" and bool(words) and words[-1] in self.associations

    def predicates(self, doc: ParsedDoc, readings: list[Reading]) -> None:
        """"Noel and Thomas were the only officers assigned to the unit", "Carlineo is a
        convicted felon": what a copula says a person is describes them (a person with
        an office of their own keeps it)."""
        people = [r for r in readings if _is_person(r) and not r.actors[0].sector]
        for d in readings:
            head = doc.tokens[d.head]
            if d.how != "agent" or len(d.actors) != 1 or d.names or head.dep != "attr":
                continue
            verb = doc.tokens[head.head]
            if verb.lemma.lower() != "be" or _hedged(doc, verb.i):
                continue  # "she would not be health minister" says nothing she is
            subjects = {c for c in doc.children(verb.i) if doc.tokens[c].dep in SUBJECT_DEPS}
            subjects |= {c for s in subjects for c in doc.children(s) if doc.tokens[c].dep == "conj"}
            said = d.actors[0]
            for r in people:
                known = r.actors[0]
                if r.head not in subjects or (said.country and known.country
                                              and said.country != known.country):  # fmt: skip
                    continue
                _take(r, replace(said, country=said.country or known.country), d.agent_phrase)

    def take_up_descriptions(self, doc: ParsedDoc, readings: list[Reading]) -> None:
        """"The 48-year-old Australian was evicted": a definite description as the
        subject of its sentence, that no earlier title explained, is the person named
        last (within ``TAKE_UP_REACH`` sentences), when what it says does not contradict
        what is known of them."""
        ordered = sorted(readings, key=lambda r: r.start)
        for n, r in enumerate(ordered):
            if r.how not in ("agent", "country") or not self._describes_one(doc, r):
                continue
            determiners = {doc.tokens[c].text.lower() for c in doc.children(r.head)
                           if doc.tokens[c].dep == "det"}  # fmt: skip
            if DEFINITE.isdisjoint(determiners) or not _subject(doc, r) or _named_here(doc, r):
                continue
            sent = doc.tokens[r.head].sent
            person = next((p for p in reversed(ordered[:n]) if _is_person(p)), None)
            if person is None or sent - doc.tokens[person.head].sent > TAKE_UP_REACH:
                continue
            known, said = person.actors[0], r.actors[0]
            if said.country and known.country and said.country != known.country:
                continue
            if said.sector and known.sector:
                continue  # "the minister" after a named general: someone else
            r.actors = [Actor(said.text, known.name, None, said.country or known.country,
                              said.sector or known.sector, known.role)]  # fmt: skip
            r.actors[0] = _coded(r.actors[0])
            r.names = [known.name or ""]
            r.how = "description"
            r.open_country = r.actors[0].country is None and said.sector is not None


def _named_here(doc: ParsedDoc, r: Reading) -> bool:
    """"The Lord Chancellor, Lord Falconer, agreed": a description with a name in
    apposition is that name's, not an earlier person's."""
    head = doc.tokens[r.head]
    return head.dep == "appos" or any(doc.tokens[c].dep == "appos" for c in doc.children(r.head))


MODALS = frozenset({"will", "would", "could", "might", "may", "should", "must", "can", "'d"})


def _hedged(doc: ParsedDoc, verb: int) -> bool:
    """A verb negated or with a modal: what it says is not (yet) so."""
    return any(doc.tokens[c].dep == "neg" or (doc.tokens[c].dep == "aux"
                                               and doc.tokens[c].text.lower() in MODALS)
               for c in doc.children(verb))  # fmt: skip


def copy_bodies(pairs: list[tuple[Reading, Reading]]) -> None:
    """Each bridged person takes their body's coding (again once the body is placed)."""
    for person, body in pairs:
        a = person.actors[0]
        person.actors = [replace(body.actors[0], text=a.text, name=a.name, role=a.role)]


def _coded(a: Actor) -> Actor:
    return replace(a, code=actor_code(a.country, a.sector))


def _take(named: Reading, description: Actor, phrase: str | None) -> None:
    """The named person is who the description describes: its country and office."""
    a = named.actors[0]
    role = phrase.capitalize() if phrase else description.role
    named.actors = [_coded(replace(a, country=description.country or a.country,
                                   sector=description.sector, role=role))]  # fmt: skip
    named.how = "description"
    named.open_country = named.actors[0].country is None
    named.agent_phrase = phrase
