"""Read actors off a sentence's noun-phrase chunks (chunks.py).

"Chinese Foreign Minister Wang Yi" -> CHN + Foreign Minister (GOV) + a name;
"China's foreign ministry" -> CHN + GOV; "Israeli troops" -> ISR + MIL;
"U.S. and Russian negotiators" -> (USA GOV, RUS GOV). The first agent of a chunk gives
the sector ("police chief" is COP, "State Department official" GOV), unless a body's
own kind comes last ("civil service union" is LAB).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..model import Actor, actor_code
from ..parsed import ParsedDoc
from .chunks import Reading, span_head, split_conjoined
from .knowledge import ActorEntry
from .segments import Segment

TITLE_WORDS = frozenset({
    "secretary", "minister", "president", "chancellor", "king", "queen", "premier", "general",
    "commander", "chief", "ambassador", "envoy", "spokesman", "spokeswoman", "governor",
    "mayor", "director", "chairman", "chairwoman", "leader", "prince", "emir", "senator",
})  # fmt: skip
# "Russian-made rockets" name no Russian actor; "Iranian-backed militias" are not Iran's.
MADE_WORDS = frozenset({"made", "built", "designed", "manufactured", "produced", "supplied"})
BACKED_WORDS = frozenset({"backed", "sponsored", "funded", "supported", "aligned", "allied",
                          "trained", "armed", "leaning", "friendly"})  # fmt: skip
# "Greek Cypriot", "Turkish Cypriot": the community is placed by its second word.
SECOND_WINS = frozenset({"CYP"})
FORMER_WORDS = frozenset({"former", "ousted", "ex", "deposed", "exiled", "toppled"})
LEFT_MODIFIER_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "PDT", "CD"})


# Agent nouns that only say "someone of": "leaders of the opposition" are the opposition,
# "Ofsted boss Mr X" is Ofsted's; their own sector ("boss" BUS, "leader" GOV) is a guess
# for when nothing names the body.
GENERIC_HEADS = frozenset({
    "leader", "leaders", "member", "members", "head", "heads", "chief", "chiefs", "official",
    "officials", "spokesman", "spokeswoman", "spokesperson", "representative",
    "representatives", "delegation", "delegations", "boss", "bosses", "chairman",
    "chairwoman", "director", "directors", "executive", "executives", "founder", "founders",
    "co-founder", "co-founders",
})  # fmt: skip
# A body's own kind named last wins over the words before it: a "civil service union"
# is a union (LAB), not the civil service (GOV).
BODY_HEADS = frozenset({"union", "unions", "party", "parties"})
# What a body of members is named after when it is civil society: a faith, a people,
# refugees ("the Muslim Council of Britain", "the Refugee Council").
MEMBER_SECTORS = frozenset({
    "MUS", "CHR", "JEW", "BUD", "HIN", "REL", "SHI", "SUN", "CTH", "PRO", "ORT", "REF", "CVL",
})  # fmt: skip

# Bodies that own decisions, and what they decide ("the government [plans]").
GOVERNING_BODIES = frozenset({"government", "administration", "cabinet", "executive"})
POLICY_NOUNS = frozenset({
    "plan", "policy", "proposal", "measure", "bill", "legislation", "decision", "strategy",
    "reform", "budget", "scheme", "initiative", "programme", "program", "law", "rule",
})  # fmt: skip


def entry_actor(entry: ActorEntry, text: str, day: dt.date | None, title: str | None,
                title_sector: str | None = None) -> Actor:  # fmt: skip
    """A dictionary actor on ``day``. Undated text: a title in the text ("President
    Elias Hrawi", "former President X" -> ELI) says which office is meant."""
    role = entry.role_on(day, title_sector)
    if role is None:
        return Actor(text, entry.name, None)
    sector = role.sector
    if day is None and title_sector and role.country and sector != title_sector:
        sector = title_sector
    code = actor_code(role.country, sector) if role.country else role.code
    return Actor(text, entry.name, code, role.country, sector, title or role.role)


def country_of(seg: Segment, day: dt.date | None) -> tuple[str | None, str | None, str | None]:
    """(country, sector, code) that a modifier segment gives: "U.S.", "Hamas", "NATO"."""
    if seg.kind == "country" and seg.payload is not None:
        return str(seg.payload.ref), None, None
    if seg.kind == "entry" and seg.entry is not None:
        role = seg.entry.role_on(day)
        if role is not None:
            return role.country, role.sector, role.code
    if seg.kind == "org":
        for part in seg.parts:
            country, sector, code = country_of(part, day)
            if country or code:
                return country, sector or _first_sector(list(seg.parts), day), code
        return None, _first_sector(list(seg.parts), day), None
    return None, None, None


class ChunkReader:
    def __init__(self, doc: ParsedDoc, day: dt.date | None,
                 associations: frozenset[str] = frozenset()) -> None:  # fmt: skip
        self.doc = doc
        self.day = day
        self.associations = associations  # "council", "association" ... (data/actors/nouns.tsv)
        self.covered: set[int] = set()  # tokens of the sentence's segments: not modifiers

    def read(self, chunk: list[Segment]) -> list[Reading]:
        chunk = [s for s in chunk if self._hyphen_word(s) not in MADE_WORDS]
        backers = [s for s in chunk[:-1] if self._hyphen_word(s) in BACKED_WORDS]
        if not chunk:
            return []
        if backers:  # "Iranian-backed militias": Iran is named, the militias are not Iran
            rest = [s for s in chunk if s not in backers]
            return [r for s in backers for r in self._read_countries([s])] + self.read(rest)
        alone, chunk = split_conjoined(self.doc, chunk)
        out = [r for a in alone for r in self._read_countries(a)]
        core = chunk[-1]
        if all(s.kind == "country" for s in chunk):
            if len(chunk) == 2 and chunk[0].end == chunk[1].start and self._people(chunk[1]):
                # "Bosnian Serbs", "Iraqi Kurds": a people living in the first country
                iso3 = str(chunk[0].payload.ref) if chunk[0].payload else None
                text = self.doc.span_text(chunk[0].start, chunk[1].end)
                actor = Actor(text, None, actor_code(iso3, "CVL"), iso3, "CVL")
                return out + [self._reading(chunk, [actor], "group")]
            return out + self._read_countries(chunk)
        if core.kind == "country":  # "NATO Britain": nothing to compose, read one by one
            return out + [r for seg in chunk for r in self.read([seg])]
        if (
            core.kind == "agent"
            and len(chunk) == 1
            and self._modifies_other_noun(core)
            and not self._body_with_policy(core)
        ):
            return out  # "military relations", "police station": not an actor
        if core.kind == "org":
            out.append(self._read_org(chunk))
        elif core.kind == "agent" or core.is_person or core.kind == "name":
            out.append(self._read_composed(chunk))
        else:  # an organisation or place from a dictionary, maybe with modifiers
            text = self.doc.span_text(chunk[0].start, core.end)
            assert core.entry is not None
            actor = entry_actor(core.entry, text, self.day, None)
            out.append(self._reading(chunk, [actor], "dictionary"))
        return out

    def _unknown_body_head(self, chunk: list[Segment], titles: list[Segment]) -> bool:
        """A generic head ("boss", "chief", "leader") of an organisation no dictionary
        knows, named right before it: its sector is that body's, unknown."""
        first = titles[0]
        word = self.doc.tokens[first.end - 1].text.lower()
        if word not in GENERIC_HEADS or first.start - 1 < chunk[0].start:
            return False
        return any(s.kind == "name" and s.label == "ORG" and s.end <= first.start
                   and not s.is_person for s in chunk)  # fmt: skip

    def _titled_entry(self, seg: Segment) -> bool:
        """A dictionary entry that names an office ("Secretary of State", "U.S. President")
        rather than a body, standing before a name: it has a sector and a title word."""
        if seg.entry is None or seg.is_person or seg.entry.kind is not None:
            return False
        role = seg.entry.role_on(self.day)
        words = {t.text.lower() for t in self.doc.tokens[seg.start : seg.end]}
        return role is not None and role.sector is not None and bool(words & TITLE_WORDS)

    def _title_text(self, titles: list[Segment]) -> str | None:
        """The words of the title, without a leading nationality ("U.S. Secretary of
        State" -> "Secretary of State")."""
        if not titles:
            return None
        start, end = titles[0].start, titles[-1].end
        while start < end - 1 and self.doc.tokens[start].ent_type in ("GPE", "NORP"):
            start += 1
        return self.doc.span_text(start, end)

    def _one_nationality(self, mods: list[Segment]) -> list[Segment]:
        """Two nationality words in a row name one group: "Bosnian Serb leader" (Bosnia),
        "Kosovo Albanian" (Kosovo); but "Greek Cypriot", "Iranian-American" (the second)."""
        out: list[Segment] = []
        for seg in mods:
            prev = out[-1] if out else None
            hyphen = prev is not None and prev.end + 1 == seg.start and self.doc.tokens[prev.end].text == "-"
            if prev is not None and prev.kind == seg.kind == "country" and (prev.end == seg.start or hyphen):
                if hyphen or (seg.payload is not None and seg.payload.ref in SECOND_WINS):
                    out[-1] = seg
                continue
            out.append(seg)
        return out

    def _hyphen_word(self, seg: Segment) -> str:
        """The word after a hyphen right after a country: "Russian-made" -> "made"."""
        toks = self.doc.tokens
        if seg.kind != "country" or seg.end + 1 >= len(toks) or toks[seg.end].text != "-":
            return ""
        return toks[seg.end + 1].text.lower()

    def _former(self, seg: Segment) -> bool:
        """"former President", "ousted President", "ex-minister"."""
        toks = self.doc.tokens
        before = {t.text.lower() for t in toks[max(0, seg.start - 2) : seg.start]}
        return bool(before & FORMER_WORDS)

    def _stance(self, seg: Segment) -> bool:
        """"anti-Syria journalist", "pro-Russian separatists": a stance, not a country."""
        toks = self.doc.tokens
        prefix = [t.text.lower() for t in toks[max(0, seg.start - 2) : seg.start]]
        return bool(prefix) and prefix[-1] in ("-", "anti", "pro") and any(
            p in ("anti", "pro") for p in prefix
        )

    def _people(self, seg: Segment) -> bool:
        tok = self.doc.tokens[seg.end - 1]
        detail = seg.payload.detail if seg.payload else ""
        return detail == "adjective" and tok.tag in ("NNS", "NNPS") and tok.text.endswith("s")

    def _after_ethnic(self, seg: Segment) -> bool:
        return seg.start > 0 and self.doc.tokens[seg.start - 1].text.lower() == "ethnic"

    def _body_with_policy(self, seg: Segment) -> bool:
        """ "the government plans", "administration policy": a governing body named as
        the owner of what it decides, which is whom supporting or opposing it acts on."""
        head = self.doc.tokens[span_head(self.doc, seg.start, seg.end)]
        owned = self.doc.tokens[head.head]
        return head.lemma.lower() in GOVERNING_BODIES and owned.lemma.lower() in POLICY_NOUNS

    def _modifies_other_noun(self, seg: Segment) -> bool:
        head = self.doc.tokens[span_head(self.doc, seg.start, seg.end)]
        return head.dep in ("compound", "amod", "nmod") and head.head >= seg.end

    def _reading(self, chunk: list[Segment], actors: list[Actor], how: str) -> Reading:
        start, end = chunk[0].start, chunk[-1].end
        toks = self.doc.tokens
        # take in the determiner and adjectives of the noun phrase: "A senior U.S. official"
        while (start > 0 and toks[start - 1].sent == toks[start].sent
               and start - 1 not in self.covered
               and toks[start - 1].tag in LEFT_MODIFIER_TAGS and start <= toks[start - 1].head < end):
            start -= 1  # fmt: skip
        return Reading(start, end, span_head(self.doc, start, end), actors, how)

    def _compose(self, mods: list[Segment], titles: list[Segment], sector: str | None,
                 text: str, name: str | None, role: str | None) -> list[Actor]:  # fmt: skip
        """One actor per country (or IGO) among the modifiers, with the title's sector."""
        actors: list[Actor] = []
        for mod in mods:
            country, mod_sector, code = country_of(mod, self.day)
            if country is None and code:  # an IGO or NGO: "NATO chief", "UN peacekeepers"
                actor = Actor(text, name, code, None, mod_sector, role)
            elif country is not None:
                # a named body keeps its own sector: "Hamas fighters" are Hamas (REB)
                named = mod.kind in ("entry", "org") and mod_sector and mod not in titles
                s = mod_sector if named else (sector or mod_sector)
                actor = Actor(text, name, actor_code(country, s), country, s, role)
            else:
                continue
            if all(a.code != actor.code for a in actors):
                actors.append(actor)
        return actors

    def _read_org(self, chunk: list[Segment]) -> Reading:
        """An organisation no dictionary knows, coded from its parts and modifiers."""
        core = chunk[-1]
        text = self.doc.span_text(chunk[0].start, core.end)
        name = self.doc.span_text(core.start, core.end)
        country, sector, code = None, None, None
        for seg in chunk:
            c, s, k = country_of(seg, self.day)
            country, code = country or c, code or k
            sector = sector or s
        if country is None and code is None and sector is None:
            return self._reading(chunk, [Actor(text, name, None)], "unresolved:ORG")
        head = self.doc.tokens[span_head(self.doc, core.start, core.end)].text.lower()
        if sector in MEMBER_SECTORS and head in self.associations:
            sector = "NGO"  # "the Muslim Council of Britain" speaks for Muslims, as an NGO
        if country is None and code:  # inside an IGO: "UN Emergency Relief Coordinator"
            return self._reading(chunk, [Actor(text, name, code, None, sector)], "organization")
        reading = self._reading(chunk, [Actor(text, name, actor_code(country, sector) or sector,
                                              country, sector)], "organization")  # fmt: skip
        reading.open_country = country is None
        return reading

    def _read_countries(self, chunk: list[Segment]) -> list[Reading]:
        out = []
        for seg in chunk:
            assert seg.payload is not None
            iso3, sector = str(seg.payload.ref), seg.payload.sector
            how = "metonym" if sector else "country"
            text = self.doc.span_text(seg.start, seg.end)
            if seg.payload.detail == "adjective" and self._after_ethnic(seg):
                # "ethnic Albanians in Macedonia": a people, placed by where they live
                # a people are civilians ("CVL") until their country is known
                reading = self._reading([seg], [Actor(text, None, "CVL", None, "CVL")], "group")
                reading.open_country = True
                out.append(reading)
                continue
            if sector is None and self._people(seg):
                sector = "CVL"  # "Palestinians", "Nigerians": the people of a country
            actor = Actor(text, None, actor_code(iso3, sector), iso3, sector)
            out.append(self._reading([seg], [actor], how))
        return out

    def _read_composed(self, chunk: list[Segment]) -> Reading:
        doc, core = self.doc, chunk[-1]
        person = core.is_person or core.kind == "name"
        # Title words: agent nouns, or a dictionary title ("Secretary of State") before a name.
        titles = [s for s in chunk[:-1] if s.kind == "agent" or
                  (person and s.kind == "entry" and self._titled_entry(s))]  # fmt: skip
        if core.kind == "agent":
            titles.append(core)
        # "ethnic Albanian guerrillas in Macedonia": a people, placed by where they live
        mods = self._one_nationality([s for s in chunk[:-1] if s.country_like
                                      and not self._stance(s) and not self._after_ethnic(s)])  # fmt: skip
        sector = _first_sector(titles, self.day)
        if titles and self._unknown_body_head(chunk, titles):
            sector = None  # "Zorb Ltd boss Mr X": whatever Zorb Ltd is, "boss" does not say
        if titles and self._former(titles[0]):
            sector = "ELI"
        title = self._title_text(titles)
        text = doc.span_text(chunk[0].start, core.end)
        name = doc.span_text(core.start, core.end) if person else None
        role = title if person else None
        actors = self._compose(mods, titles, sector, text, name, role)
        if person and core.entry is not None:  # a known person: the dictionary's dated role
            actor = entry_actor(core.entry, text, self.day, title, sector)
            how = "dictionary"
            if self.day is None and actors and actors[0].country != actor.country:
                # undated text that says otherwise ("U.N. mediator Diego Cordovez"): the
                # text's title beats the dictionary's guess of the latest office
                actor, how = replace(actors[0], name=core.entry.name), "title"
            reading = self._reading(chunk, [actor], how)
            reading.names = [core.entry.name, name or ""]
            return reading
        if not actors and person and not titles:
            reading = self._reading(chunk, [Actor(text, name, None)],
                                    f"unresolved:{core.label or 'PERSON'}")  # fmt: skip
            reading.names = [name or ""]
            return reading
        open_country = not actors
        if open_country:
            actors = [Actor(text, name, sector, None, sector, role)]
        reading = self._reading(chunk, actors, "title" if person else "agent")
        reading.open_country = open_country
        reading.agent_phrase = title.lower() if title else None
        reading.names = [name] if name else []
        return reading


RELIGIONS = frozenset({"MUS", "CHR", "JEW", "BUD", "HIN", "REL", "SHI", "SUN", "CTH", "PRO", "ORT"})


def _first_sector(titles: list[Segment], day: dt.date | None) -> str | None:
    """The first title's sector, passing over religions: "Moslem forces" is MIL; a body's
    own kind named last wins ("civil service union" is LAB)."""
    sectors = [s for s in (_sector_of(t, day) for t in titles) if s]
    last = titles[-1] if titles else None
    if last is not None and last.kind == "agent" and last.payload is not None:
        if str(last.payload.detail).split()[-1] in BODY_HEADS and last.payload.sector:
            return last.payload.sector
    return next((s for s in sectors if s not in RELIGIONS), sectors[0] if sectors else None)


def _sector_of(seg: Segment, day: dt.date | None) -> str | None:
    if seg.kind == "agent" and seg.payload is not None:
        return seg.payload.sector
    if seg.entry is not None:
        role = seg.entry.role_on(day)
        return role.sector if role else None
    return None
