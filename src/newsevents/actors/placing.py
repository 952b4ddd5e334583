"""Placing what the sentences left unplaced, once the whole article is read.

An agent with no country takes the country its sentence places it in, or the article's
home country (the one most of its actors are placed in by their own words); a person
addressed by courtesy title takes the home country; a person placed late is placed in
every mention.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Actor, actor_code
from ..parsed import ParsedDoc
from .chunks import Reading


def with_country(actor: Actor, country: str | None) -> Actor:
    if country is None:
        return actor
    return replace(actor, country=country, code=actor_code(country, actor.sector))



# Sectors of people who are where they are: "protesters in Hong Kong", "ethnic Albanians
# in Macedonia". Officials are not placed by where they stand.
PEOPLE_SECTORS = frozenset({"CVL", "REB", "OPP", "REF", "LAB", "INS", "MUS", "CHR", "REL", "EDU"})
# How a reading was placed by its own words (dictionary, title, name of a body, nationality
# word), as opposed to a country or capital named in the text, which may be a venue.
OWN_EVIDENCE = frozenset({"dictionary", "title", "organization", "group", "agent", "coreference"})
HOME_SHARE = 0.5  # the article's home country: over half of its self-placed actors ...
HOME_MIN = 2  # ... and at least this many of them


def fill_from_main_country(
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
            # a private person's nationality says nothing of where others are: "a judge
            # rejected the Canadian's appeal" is no Canadian judge
            here = [p for p in placed if doc.tokens[p.head].sent == sent and not _private(p)]
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
                r.actors = [with_country(a, country) for a in r.actors]
            r.open_country = False
    if home is None:
        home = _home_country([r for r in readings if r.how in OWN_EVIDENCE and not r.open_country])
    if home is not None:
        for r in readings:
            if _addressed_stranger(doc, r):
                # "Dr Gibbons", "Ms Hutt": a person the story addresses by courtesy title
                # and that nothing places is one of its home country's public figures;
                # only a clear home country places them, never a venue or the dateline
                r.actors = [with_country(a, home) for a in r.actors]
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
    if r.actors[0].name is None:
        return False
    if first.rstrip(".").lower() in COURTESY_TITLES:
        return True
    # a person the story names in full ("Alun Michael") with nothing else placing them
    return r.how == "unresolved:PERSON" and len(words) >= 2 and all(w[:1].isupper() for w in words)


# Bodies that act where they are: local police, courts, crowds. Only these take the
# dateline's country when nothing else places them; a minister may be abroad.
DOMESTIC_SECTORS = frozenset({"COP", "JUD", "CVL", "LAB", "REF", "OPP", "EDU"})


# Offices of a state or a party: a person holding one speaks for where they hold it.
PUBLIC_SECTORS = frozenset({"GOV", "ELI", "SPY", "MIL", "COP", "JUD", "LEG", "PTY"})


def _private(r: Reading) -> bool:
    """A person with no public office (a journalist, a businessman, a defendant): their
    nationality is theirs, not the story's."""
    return bool(r.names) and all(
        a.name and (a.sector or "")[:3] not in PUBLIC_SECTORS for a in r.actors
    )


def _domestic(r: Reading) -> bool:
    return all((a.sector or "")[:3] in DOMESTIC_SECTORS for a in r.actors)


def _people(r: Reading) -> bool:
    return all((a.sector or "")[:3] in PEOPLE_SECTORS for a in r.actors)


def _home_country(readings: list[Reading]) -> str | None:
    count: dict[str, int] = {}
    seen: set[str] = set()
    for r in readings:
        # a private person counts once: an Australian journalist named twenty times in
        # a London court story does not make it an Australian story (a president named
        # three times in a Serbian one does make it Serbian)
        if _private(r):
            names = {a.name or "" for a in r.actors}
            if names <= seen:
                continue
            seen |= names
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
