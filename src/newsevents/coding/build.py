"""Turning an event mention into an ``Event``: actors, reciprocity, attribution, codes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..countries import CountryIndex
from ..model import Actor, Article, Attribution, Event, Location
from ..parsed import ActorMention, ParsedDoc, Sentence
from .cameo import CameoTables
from .extract import Found
from .modality import Modality
from .syntax import MentionIndex

MEETING_CODES = frozenset({"040", "046"})
THIRD_PLACE = "044"
# Domestic kinds of event whose target, when the text names none, is the country where
# they happen: protests address its government, police action and curfews its people.
DOMESTIC_ROOTS = frozenset({"08", "14", "17"})
DOMESTIC_THREATS = ("132", "133")  # threats of curfews, bans, martial law; of protest
# Kinds of event that two named parties with no other target do with each other:
# "Bosnia and Slovenia agreed to a ceasefire", "... held talks", "... cooperate".
MUTUAL_ROOTS = frozenset({"03", "04", "06"})


def _actors(mentions: list[ActorMention]) -> tuple[Actor, ...]:
    out: list[Actor] = []
    for m in mentions:
        for a in m.actors:
            if a not in out:
                out.append(a)
    return tuple(out)


def _resolved(m: ActorMention) -> bool:
    return any(a.code or a.country or a.sector for a in m.actors)


def _countries(actors: tuple[Actor, ...]) -> set[str | None]:
    return {a.country for a in actors}


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
    ) -> None:
        self.countries = countries
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

    def _confidence(
        self, f: Found, sources: list[ActorMention], targets: list[ActorMention]
    ) -> float:
        score = 0.45
        score += 0.15 if f.pattern.curated else 0.0
        score += 0.05 * min(f.pattern.specificity, 2)
        score += 0.15 if all(m.how == "dictionary" for m in sources) else 0.05
        score += 0.1 if targets and all(_resolved(m) for m in targets) else 0.0
        score -= 0.1 if f.derived_from is not None else 0.0
        return round(min(score, 0.95), 2)

    def build(self, sent: Sentence, f: Found, mod: Modality) -> Event | None:
        """The event, or None when no resolved actor is its source."""
        sources = [m for m in f.sources if _resolved(m)]
        if not sources:
            return None
        targets = list(f.targets)
        source, target = _actors(sources), _actors(targets)
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
        plover = self.tables.plover(f.code)
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
            cameo=f.code,
            plover=plover[0] if plover else None,
            plover_mode=plover[1] if plover else None,
            quad_class=self.tables.quad_class(f.code),
            goldstein=self.tables.goldstein(f.code),
            negated=mod.negated,
            modality=modality,
            attribution=attribution,
            confidence=self._confidence(f, sources, targets),
            rules_version=self.rules,
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
        target = event.target
        if not target and (code[:2] in DOMESTIC_ROOTS or code.startswith(DOMESTIC_THREATS)):
            target = self._domestic_target(event, where)
        return dataclasses.replace(
            event,
            target=target,
            cameo=code,
            plover_mode=plover[1] if plover else event.plover_mode,
            goldstein=self.tables.goldstein(code),
            date=date,
            date_precision=precision,
            location=where,
            event_id="",
        )
