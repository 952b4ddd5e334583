"""Which cluster each member joins: a pure function of the members, in any order.

Members of one **unit** (same block and day; same block and date range; or, undated,
same block and syndication family) split by place only:

1. every place inside a country (a city, ``UKR/706483``) is a happening of its own;
2. a country-level place (``UKR``) joins the one happening placed inside that country,
   if there is exactly one, else the happenings placed at that country meet there;
3. an event with no place joins the unit's one happening, if there is exactly one, else
   those without a place meet apart.

A date-range member (``keys.SPAN``) first tries its block's day happenings inside its
range: it joins the one its place fits if there is exactly one (``attach``), else it is
partitioned with its own unit. Vague members never link two happenings, so the result
does not depend on arrival order: ``cluster_all`` (everything at once) is the reference
the store's incremental updates are tested against.

A cluster's id is a hash of its unit and place, so it is the same however and whenever
its members arrived.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..happening import places_fit
from .keys import DAY, SPAN, YEAR_RANGE, Member, range_letter


class Anchor(NamedTuple):
    """A day happening of a block, as date-range members see it."""

    cluster_id: str
    day: dt.date
    place: str


def cluster_id(unit: str, place: str) -> str:
    return hashlib.sha1(f"{unit}#{place}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def place_groups(places: Iterable[str]) -> dict[str, str]:
    """Each place key of a unit -> the place key of the happening it joins."""
    distinct = set(places)
    if len(distinct) == 1:
        (only,) = distinct
        return {only: only}
    inside = {p for p in distinct if "/" in p}
    home: dict[str, str] = {p: p for p in inside}
    for country in (p for p in distinct if p and "/" not in p):
        within = [p for p in inside if p.startswith(country + "/")]
        home[country] = within[0] if len(within) == 1 else country
    if "" in distinct:
        groups = set(home.values())
        home[""] = groups.pop() if len(groups) == 1 else ""
    return home


def partition_unit(unit: str, members: Sequence[Member]) -> dict[int, str]:
    """event_key -> cluster id for the members of one unit."""
    home = place_groups(m.place for m in members)
    return {m.event_key: cluster_id(unit, home[m.place]) for m in members}


def anchors_of(unit_members: dict[str, list[Member]], assigned: dict[int, str]) -> list[Anchor]:
    """The day happenings of day units (with their place groups)."""
    found: dict[str, Anchor] = {}
    for members in unit_members.values():
        home = place_groups(m.place for m in members)
        for m in members:
            if m.kind == DAY and m.lo is not None:
                cid = assigned[m.event_key]
                found.setdefault(cid, Anchor(cid, m.lo, home[m.place]))
    return list(found.values())


def attach(member: Member, anchors: Iterable[Anchor]) -> str | None:
    """The one day happening of the block inside the member's range whose place fits."""
    if member.lo is None or member.hi is None:
        return None
    if range_letter(member.lo, member.hi) == YEAR_RANGE:
        return None  # a year holds too many happenings to pick one
    fits = {
        a.cluster_id
        for a in anchors
        if member.lo <= a.day <= member.hi and places_fit(member.place, a.place)
    }
    return fits.pop() if len(fits) == 1 else None


def cluster_all(members: Iterable[Member]) -> dict[int, str]:
    """event_key -> cluster id for a whole collection of members at once."""
    units: dict[str, list[Member]] = defaultdict(list)
    spans: list[Member] = []
    for m in members:
        (spans if m.kind == SPAN else units[m.unit]).append(m)
    assigned: dict[int, str] = {}
    for unit, unit_members in units.items():
        assigned.update(partition_unit(unit, unit_members))
    anchors: dict[str, list[Anchor]] = defaultdict(list)
    day_units = {u: ms for u, ms in units.items() if ms[0].kind == DAY}
    for anchor_unit, anchor in _anchors_by_block(day_units, assigned):
        anchors[anchor_unit].append(anchor)
    loose: dict[str, list[Member]] = defaultdict(list)
    for m in spans:
        home = attach(m, anchors.get(m.block, ()))
        if home is None:
            loose[m.unit].append(m)
        else:
            assigned[m.event_key] = home
    for unit, unit_members in loose.items():
        assigned.update(partition_unit(unit, unit_members))
    return assigned


def _anchors_by_block(
    day_units: dict[str, list[Member]], assigned: dict[int, str]
) -> Iterable[tuple[str, Anchor]]:
    for members in day_units.values():
        for anchor in anchors_of({"": members}, assigned):
            yield members[0].block, anchor
