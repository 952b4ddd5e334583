"""Turning an event mention into an ``Event``: actors, reciprocity, attribution, codes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from ..countries import CountryIndex
from ..model import Actor, Article, Attribution, Event, Location
from ..parsed import ActorMention, ParsedDoc, Sentence
from .cameo import CameoTables
from .extract import Found
from .modality import Modality
from .nearby import VIOLENT_ROOTS, in_place_phrase
from .syntax import MentionIndex, clause_subject

MEETING_CODES = frozenset({"040", "046"})
THIRD_PLACE = "044"
# Domestic kinds of event whose target, when the text names none, is the country where
# they happen: protests address its government, police action and curfews its people.
DOMESTIC_ROOTS = frozenset({"08", "14", "17"})
DOMESTIC_THREATS = ("132", "133")  # threats of curfews, bans, martial law; of protest
# Kinds of event that two named parties with no other target do with each other:
# "Bosnia and Slovenia agreed to a ceasefire", "... held talks", "... cooperate".
MUTUAL_ROOTS = frozenset({"03", "04", "06"})
# State acts told in the passive with no agent ("was arrested", "was sentenced"): the
# body that does them, of the country where it happened (else of the person's country).
STATE_ACTS = {"173": "COP", "116": "JUD"}
# The same for what someone is said to face ("faces charges in the US"). Not a passive
# "was accused": anyone accuses, only the state charges.
UNDERGONE_STATE_ACTS = {**STATE_ACTS, "112": "JUD"}
# A release from state custody told in the passive ("was freed from prison") is the
# state's, unnamed, like an arrest.
RELEASE = "084"
CUSTODY = frozenset({"prison", "jail", "gaol", "custody", "detention"})
# An army does not protest: troops that "took to the streets" or "marched" through a
# city show force (CAMEO 150, MOBILIZE).
PROTEST, SHOW_OF_FORCE = "14", "150"
# Violence whose doer the text does not name is coded to unidentified armed forces.
UNIDENTIFIED = "UAF"
# Subjects that are the weapon, not the doer: "a roadside bomb killed three soldiers".
BLAST_WORDS = frozenset({
    "explosion", "blast", "bomb", "bombing", "mine", "landmine", "device", "shell",
    "missile", "rocket", "grenade", "mortar", "shelling", "gunfire", "fire", "attack",
    "airstrike", "strike", "raid", "ambush",
})  # fmt: skip


def _actors(mentions: list[ActorMention]) -> tuple[Actor, ...]:
    out: list[Actor] = []
    for m in mentions:
        for a in m.actors:
            if a not in out:
                out.append(a)
    return tuple(out)


def _all_military(actors: tuple[Actor, ...]) -> bool:
    return bool(actors) and all((a.sector or "")[:3] == "MIL" for a in actors)


def _resolved(m: ActorMention) -> bool:
    return any(a.code or a.country or a.sector for a in m.actors)


def _countries(actors: tuple[Actor, ...]) -> set[str | None]:
    return {a.country for a in actors}


def story_country(mentions: list[ActorMention]) -> str | None:
    """The country most of a story's actors belong to, if one leads clearly (named at
    least three times and more often than any other): where its unnamed police and
    courts are."""
    counts = Counter(a.country for m in mentions for a in m.actors if a.country)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def replace_country(actor: Actor, iso3: str) -> Actor:
    return dataclasses.replace(actor, country=iso3, code=f"{iso3}{actor.sector or ''}")


class EventBuilder:
    """Builds the events of one article (one builder per ``EventCoder.code`` call)."""

    def __init__(
        self,
        article: Article,
        parsed: ParsedDoc,
        idx: MentionIndex,
        tables: CameoTables,
        countries: CountryIndex,
        rules: str,
        home: str | None = None,
    ) -> None:
        self.countries = countries
        self.home = home  # the country the story is about (``story_country``)
        self.article = article
        self.parsed = parsed
        self.idx = idx
        self.tables = tables
        self.rules = rules

    def _span(self, f: Found) -> tuple[int, int]:
        toks = [f.trigger]
        for m in (*f.sources, *f.targets):
            toks.extend((m.start, m.end - 1))
        first, last = self.parsed.tokens[min(toks)], self.parsed.tokens[max(toks)]
        return first.idx, last.end_char

    def _unattributed_attack(self, f: Found, targets: list[ActorMention]) -> bool:
        """A violent act done to named victims by no one the text names: a passive with
        no agent, or a subject that is a weapon or blast, not an actor."""
        if f.code[:2] not in VIOLENT_ROOTS or f.pattern.pos != "verb" or f.derived_from:
            return False
        if not targets or not all(_resolved(m) for m in targets):
            return False
        subj, passive = clause_subject(self.parsed, f.trigger)
        if subj is None:
            return False
        if passive:
            return True
        return self.parsed.tokens[subj].lemma.lower() in BLAST_WORDS

    def _unnamed_authority(self, f: Found, targets: list[ActorMention]) -> Actor | None:
        """The unnamed state body behind a passive arrest, sentence, deportation or ban."""
        sector = (UNDERGONE_STATE_ACTS if f.undergone else STATE_ACTS).get(f.code[:3])
        if sector is None and f.code[:3] == RELEASE and self._from_custody(f.trigger):
            sector = "GOV"  # "was freed from prison": the state held him and let him go
        if sector is None or f.derived_from is not None or not targets:
            return None  # "they were convicted", "they" unknown: no one to code it on
        if not f.undergone:
            subj, passive = clause_subject(self.parsed, f.trigger)
            if f.pattern.pos != "verb" or subj is None or not passive:
                return None
        # where it happened ("detained in Baghdad"), else the person's own country
        place = self._place_country(self.parsed.sentences[self.parsed.tokens[f.trigger].sent])
        countries = {a.country for m in targets for a in m.actors if a.country}
        if len(countries) > 1 and place is None:
            return None
        # with no country given, the story's own ("Carlineo was arrested in April")
        iso3 = place or next(iter(countries), None) or self.home
        if iso3 is None:
            return None
        return Actor("unnamed authorities", None, f"{iso3}{sector}", iso3, sector)

    def _from_custody(self, v: int) -> bool:
        """ "freed from prison", "released from custody" (not "from captivity": a hostage
        is released by whoever held him, named or not)."""
        for p in self.parsed.children(v):
            if self.parsed.tokens[p].text.lower() != "from":
                continue
            for o in self.parsed.children(p):
                if self.parsed.tokens[o].lemma.lower() in CUSTODY:
                    return True
        return False

    def _place_country(self, sent: Sentence) -> str | None:
        """The country of the first place the sentence names ("near the town of Samarra")."""
        for i in range(sent.start, sent.end):
            m = self.idx.at(i)
            if m is None or i != m.head or not in_place_phrase(self.parsed, i):
                continue
            countries = {a.country for a in m.actors if a.sector in (None, "GOV")}
            if len(countries) == 1 and None not in countries:
                return countries.pop()
        return None

    def _attribution(
        self, mod: Modality, sources: list[ActorMention]
    ) -> tuple[Attribution | None, bool]:
        """Who reports the event, and whether that is someone other than its source."""
        if mod.speaker is None:
            return None, False
        m = self.idx.actor_of(mod.speaker)
        sub = self.parsed.subtree(mod.speaker)
        text = self.parsed.span_text(sub[0], sub[-1] + 1)
        if m is not None:
            first = m.actors[0] if m.actors else None
            att = Attribution(
                text, first.country if first else None, first.sector if first else None
            )
            third = m not in sources and not any(set(m.actors) & set(s.actors) for s in sources)
            return att, third
        return Attribution(text), True

    def build(self, sent: Sentence, f: Found, mod: Modality) -> Event | None:
        """The event, or None when no resolved actor is its source."""
        sources = [m for m in f.sources if _resolved(m)]
        targets = list(f.targets)
        source, target = _actors(sources), _actors(targets)
        if not sources and (state := self._unnamed_authority(f, targets)) is not None:
            # "Carlineo was arrested in April", "was sentenced to 50 weeks": the state did
            # it, unnamed; its country is the one the text gives the person done to
            source = (state,)
        elif not sources:
            if not self._unattributed_attack(f, targets):
                return None
            # "three soldiers were killed by a roadside bomb": unidentified attackers,
            # placed where it happened (``place_and_time``)
            attackers = Actor("unidentified attackers", None, UNIDENTIFIED, None, UNIDENTIFIED)
            place = self._place_country(sent)
            source = (replace_country(attackers, place) if place else attackers,)
        target = tuple(a for a in target if a not in source) or target
        mutual = f.pattern.recip or f.code[:2] in MUTUAL_ROOTS or f.code == "057"
        if not target and len(_countries(source)) > 1 and mutual:
            # "Israel and Jordan signed ...", "the two diplomats met": each side acts on
            # the other, so one side is the source and the rest the target.
            first = source[0].country
            source, target = (
                tuple(a for a in source if a.country == first),
                tuple(a for a in source if a.country != first),
            )
        code = SHOW_OF_FORCE if f.code[:2] == PROTEST and _all_military(source) else f.code
        plover = self.tables.plover(code)
        attribution, third = self._attribution(mod, sources)
        modality = mod.modality
        if modality == "asserted" and third:
            modality = "reported"
        tok = self.parsed.tokens[f.trigger]
        return Event(
            article_id=self.article.id,
            sentence_index=sent.index,
            sentence=sent.text,
            trigger=tok.text,
            span=self._span(f),
            source=source,
            target=target,
            cameo=code,
            plover=plover[0] if plover else None,
            plover_mode=plover[1] if plover else None,
            quad_class=self.tables.quad_class(code),
            goldstein=self.tables.goldstein(code),
            negated=mod.negated,
            modality=modality,
            attribution=attribution,
            rules_version=self.rules,
            pattern=f.pattern.origin,
        )

    def _domestic_target(self, event: Event, where: Location | None) -> tuple[Actor, ...]:
        """The country a target-less protest, crackdown or concession happens in: named
        as its place, else the source's own ("police dispersed demonstrators")."""
        if where is not None and where.country:
            return (Actor(where.name, None, where.country, where.country),)
        home = {a.country for a in event.source if a.country}
        if len(home) != 1:
            return ()
        (iso3,) = home
        name = self.countries.name(iso3) or iso3
        return (Actor(name, name, iso3, iso3),)

    def place_and_time(
        self, event: Event, date: dt.date | None, precision: str | None, where: Location | None
    ) -> Event:
        code = event.cameo
        if code in MEETING_CODES and where is not None and where.country:
            sides = _countries(event.source) | _countries(event.target)
            if where.country not in sides and None not in sides:
                code = THIRD_PLACE  # met in a third country
        plover = self.tables.plover(code)
        source = event.source
        if where is not None and where.country and source[0].sector == UNIDENTIFIED:
            source = (replace_country(source[0], where.country),)
        target = event.target
        if not target and (code[:2] in DOMESTIC_ROOTS or code.startswith(DOMESTIC_THREATS)):
            target = self._domestic_target(event, where)
        return dataclasses.replace(
            event,
            source=source,
            target=target,
            cameo=code,
            plover_mode=plover[1] if plover else event.plover_mode,
            goldstein=self.tables.goldstein(code),
            date=date,
            date_precision=precision,
            location=where,
            event_id="",
        )
