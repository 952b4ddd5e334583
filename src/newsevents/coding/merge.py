"""One happening, one event: the mentions of one happening within an article merge.

The lead, a later restatement ("Russia fired 70 missiles ...") and a party's own account
("the ministry said it had carried out a massive strike") report one strike. Mentions
merge, in text order, into the first earlier event they fit (``happening.py``): the same
type family and factuality, sides that share an actor country (mutual kinds: the same
participants), dates that can be the same day, and places that can be the same place.
A mention is checked against everything merged so far, so one vague mention never
joins two distinct happenings (a strike on Kyiv and one on Kharkiv stay two).

The merged event keeps the first mention's sentence, trigger, span and id; takes the
most specific CAMEO code of its mentions (a longer code, then one not ending in 0, then
the earlier), the most exact date and the most precise place; its actors are those of
all mentions; ``mentions`` counts them and ``spans`` lists every mention's span.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..happening import (
    RECIPROCAL_TYPES,
    consult_codes_fit,
    date_is_stated,
    date_range,
    is_domestic,
    place_key,
    place_level,
    places_fit,
    ranges_meet,
    side_keys,
    sides_fit,
    type_family,
)
from ..model import Actor, Event

if TYPE_CHECKING:
    from ..countries import CountryIndex

# How far before the publication day a mention with no date of its own may be.
WINDOW_DAYS = 1
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

DateRange = tuple[dt.date, dt.date]


@dataclass
class _Happening:
    """The mentions merged so far, and what they jointly allow."""

    kind: str
    factual: bool
    domestic: bool  # sides compared by who the actors are, not by their country
    sources: set[str]
    targets: set[str]
    dates: DateRange | None  # the days every mention allows
    place: str  # the most precise place key so far
    mentions: list[Event] = field(default_factory=list)

    def admits(self, e: Event, dates: DateRange | None, place: str) -> bool:
        if type_family(e) != self.kind or e.factual != self.factual:
            return False
        if self.kind == "CONSULT" and not consult_codes_fit(self.mentions[0].cameo, e.cameo):
            return False
        if is_domestic(e) != self.domestic:
            return self._takes_own_country_target(e)
        if not sides_fit(
            self.kind,
            frozenset(self.sources),
            frozenset(self.targets),
            side_keys(e.source, self.domestic),
            side_keys(e.target, self.domestic),
        ):
            return False
        return ranges_meet(self.dates, dates) and places_fit(self.place, place)

    def _takes_own_country_target(self, e: Event) -> bool:
        """Mutual talks or an agreement ("the two countries ... agreed to stop firing") coded as India agreeing with
        India (a bare country, the source's own, as target): one of the two sides of
        mutual talks or an agreement between countries."""
        if self.domestic or self.kind not in RECIPROCAL_TYPES or not e.target:
            return False
        if any(a.sector for a in e.target):
            return False
        return side_keys(e.source) | side_keys(e.target) <= self.sources | self.targets

    def add(self, e: Event, dates: DateRange | None, place: str) -> None:
        self.mentions.append(e)
        self.sources |= side_keys(e.source, self.domestic)
        self.targets |= side_keys(e.target, self.domestic)
        if dates is not None:
            self.dates = (
                dates
                if self.dates is None
                else (max(self.dates[0], dates[0]), min(self.dates[1], dates[1]))
            )
        if len(place) > len(self.place):
            self.place = place


def _specificity(cameo: str) -> tuple[int, int]:
    return len(cameo), 0 if cameo.endswith("0") else 1


def _union_actors(
    groups: list[tuple[Actor, ...]], other_side: tuple[Actor, ...]
) -> tuple[Actor, ...]:
    """The first mention's actors, then those the others add. An actor adds nothing when
    its code is there already or is on the other side, nor does a bare country
    ("Ukraine") whose country is named on either side ("Ukrainian civilians")."""
    kept: dict[str, Actor] = {a.code or a.text: a for a in groups[0]}
    other = {a.code or a.text for a in other_side}
    for actors in groups[1:]:
        countries = {a.country for a in (*kept.values(), *other_side)}
        for a in actors:
            key = a.code or a.text
            if key in other or (a.sector is None and a.country in countries):
                continue
            kept.setdefault(key, a)
    return tuple(kept.values())


def _date_quality(e: Event) -> tuple[int, int]:
    """Lower is better: a stated date before a taken one, a day before a month."""
    if e.date is None:
        return 9, 9
    return PRECISION_RANK.get(e.date_precision or "", 4), 0 if date_is_stated(e.sentence) else 1


def combine(mentions: list[Event], countries: CountryIndex | None = None) -> Event:
    """One event from the mentions of one happening (in text order)."""
    first = mentions[0]
    if len(mentions) == 1:
        return dataclasses.replace(first, spans=first.spans or (first.span,))
    coded = max(mentions, key=lambda e: _specificity(e.cameo))  # the earliest of the best
    dated = min(mentions, key=_date_quality)
    placed = max(mentions, key=lambda e: place_level(e.location, countries))
    spans = tuple(dict.fromkeys(s for e in mentions for s in (e.spans or (e.span,))))
    asserted = any(e.modality == "asserted" for e in mentions)
    source = _union_actors([e.source for e in mentions], first.target)
    target = _union_actors([e.target for e in mentions], source)
    return dataclasses.replace(
        first,
        source=source,
        target=target,
        cameo=coded.cameo,
        plover_mode=coded.plover_mode,
        goldstein=coded.goldstein,
        quad_class=coded.quad_class,
        date=dated.date,
        date_precision=dated.date_precision,
        date_source=dated.date_source,
        location=placed.location,
        place_source=placed.place_source,
        attribution=next((e.attribution for e in mentions if e.attribution), None),
        modality="asserted" if asserted and first.factual else first.modality,
        confidence=max(e.confidence for e in mentions),
        mentions=sum(e.mentions for e in mentions),
        spans=spans,
        event_id=first.event_id,
    )


def merge_events(events: list[Event], countries: CountryIndex | None = None) -> list[Event]:
    """Merge the mentions of each happening, keeping the order of first mentions."""
    found: list[_Happening] = []
    for e in events:
        dates = date_range(e.date, e.date_precision, date_is_stated(e.sentence), WINDOW_DAYS)
        place = place_key(e.location, countries)
        home = next((h for h in found if h.admits(e, dates, place)), None)
        if home is None:
            home = _Happening(type_family(e), e.factual, is_domestic(e), set(), set(), None, "")
            found.append(home)
        home.add(e, dates, place)
    return [combine(h.mentions, countries) for h in found]
