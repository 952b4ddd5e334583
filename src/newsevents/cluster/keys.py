"""Events as cluster members: the happening's block, its date range and its place.

A **block** holds the events that could report one happening: the same factuality, type
family (``happening.happening_type``) and dyad (the first source and target actors'
countries; in either order for mutual kinds; actor codes when the event stays within one
country). Within a block an event is one of three kinds:

- ``day``: a day its sentence states ("on Friday", "July 26", "yesterday"), or a
  publication day it was given that is not in doubt. These anchor happenings: events of
  a block on one day are one happening unless their places differ.
- ``span``: a date range: a week, month or year, or the publication day of an event
  whose sentence names no date (it may have happened up to ``window_days`` earlier).
  Such an event joins the one happening of its block inside its range, if there is
  exactly one; otherwise it stays with the events of the same range.
- ``none``: no date at all, or only a day it happened on or before (``before``). It
  joins only events of its article's syndication family (copies of one wire story),
  with the same block and place.

Everything here is pure: the store, the batch reference (``partition.cluster_all``) and
the Spark job call the same functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..happening import (
    DEFAULT_WINDOW_DAYS,
    RECIPROCAL_TYPES,
    actor_key,
    date_is_stated,
    date_range,
    happening_type,
    is_domestic,
    place_key,
)
from ..model import Actor, Event

if TYPE_CHECKING:
    from ..countries import CountryIndex

DAY, SPAN, NONE = "day", "span", "none"
# Date ranges by length, so a day's overlapping ranges are a few key ranges away:
# "r" a publication day in doubt or a week, "m" a month, "y" a year (never attached:
# too long to pick one happening).
SHORT_RANGE, MONTH_RANGE, YEAR_RANGE = "r", "m", "y"


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What clustering needs of an event's article."""

    id: str
    date: dt.date | None
    outlet: str | None
    family: str  # the original of its syndication family (its own id when it has none)


class Member(NamedTuple):
    """One event as a cluster member. ``unit`` is the group whose partition decides its
    cluster (``partition.partition_unit``; ``unit_key`` of the fields before it);
    ``rank`` orders the candidates to represent a cluster (higher is better; ties go to
    the smaller ``event_id``). A named tuple, not a frozen dataclass: ingest makes one
    per event, and a frozen dataclass takes several times as long to build."""

    event_key: int
    event_id: str
    article_id: str
    block: str
    kind: str  # DAY, SPAN or NONE
    lo: dt.date | None
    hi: dt.date | None
    place: str
    family: str
    rank: int
    unit: str


def range_letter(lo: dt.date, hi: dt.date) -> str:
    days = (hi - lo).days
    return SHORT_RANGE if days < 28 else MONTH_RANGE if days < 31 else YEAR_RANGE


def unit_key(block: str, kind: str, lo: dt.date | None, hi: dt.date | None, family: str) -> str:
    """Units sort by block, then kind, then date, so one block's days are one key range:
    ``B|d|2024-07-26``; a range by its last day first: ``B|r|2024-07-27|2024-07-26``;
    undated: ``B|u|<family original>``."""
    if kind == DAY and lo is not None:
        return f"{block}|d|{lo.isoformat()}"
    if kind == SPAN and lo is not None and hi is not None:
        return f"{block}|{range_letter(lo, hi)}|{hi.isoformat()}|{lo.isoformat()}"
    return f"{block}|u|{family}"


def parse_unit(unit: str) -> tuple[str, str, dt.date | None, dt.date | None]:
    """(block, letter, first day, last day) of a unit key (no days for ``u``)."""
    factual, kind, dyad, letter, rest = unit.split("|", 4)
    block = f"{factual}|{kind}|{dyad}"
    if letter == "d":
        day = dt.date.fromisoformat(rest)
        return block, letter, day, day
    if letter == "u":
        return block, letter, None, None
    hi, lo = rest.split("|")
    return block, letter, dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)


def member_from_unit(
    unit: str, event_key: int, event_id: str, article_id: str, place: str, rank: int
) -> Member:
    """A member rebuilt from its stored row (the unit key holds block, kind and dates)."""
    block, letter, lo, hi = parse_unit(unit)
    kind = DAY if letter == "d" else NONE if letter == "u" else SPAN
    family = unit.split("|", 4)[4] if kind == NONE else ""
    return Member(event_key, event_id, article_id, block, kind, lo, hi, place, family, rank, unit)


def _side(actor: Actor | None, fine: bool) -> str:
    if actor is None:
        return ""
    key = (actor.code or actor.country or actor.text).upper() if fine else actor_key(actor)
    return key.replace("|", "/")  # "|" separates the parts of block and unit keys


def block_key(e: Event) -> str:
    """``factual|type|dyad``: ``1|ASSAULT|RUS>UKR``, ``1|CONSULT|CHN~USA``,
    ``0|ACCUSE|GBROPP>GBRGOV``. A mutual kind's two sides are the first two named,
    subjects first: "Blinken and Wang Yi held talks in Laos" is USA~CHN, Laos only the
    venue (or a mediator)."""
    kind = happening_type(e)
    if len(e.source) == 1 and len(e.target) == 1:  # the common case, made cheap
        s_actor, t_actor = e.source[0], e.target[0]
        fine = (
            s_actor.country is None or t_actor.country is None or s_actor.country == t_actor.country
        )
        src, tgt = _side(s_actor, fine), _side(t_actor, fine)
        if kind in RECIPROCAL_TYPES:
            dyad = f"{src}~{tgt}" if src <= tgt else f"{tgt}~{src}"
        else:
            dyad = f"{src}>{tgt}"
        return f"{int(e.factual)}|{kind}|{dyad}"
    fine = is_domestic(e)
    if kind in RECIPROCAL_TYPES:
        sides = list(dict.fromkeys(_side(a, fine) for a in (*e.source, *e.target)))[:2]
        dyad = "~".join(sorted(sides)) if len(sides) == 2 else f"{sides[0] if sides else ''}~"
    else:
        src = _side(e.source[0] if e.source else None, fine)
        tgt = _side(e.target[0] if e.target else None, fine)
        dyad = f"{src}>{tgt}"
    return f"{int(e.factual)}|{kind}|{dyad}"


def date_kind(
    e: Event, published: dt.date | None, window_days: int
) -> tuple[str, dt.date | None, dt.date | None]:
    """(kind, first day, last day) of the happening's date."""
    if e.date is None:
        return NONE, None, None
    # Only a publication day is in doubt: any other day came from a date in the text.
    stated = e.date != published or date_is_stated(e.sentence)
    span = date_range(e.date, e.date_precision, stated, window_days)
    if span is None:  # only a day it happened on or before ("before")
        return NONE, None, None
    lo, hi = span
    return (DAY if lo == hi else SPAN), lo, hi


PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}


def representative_rank(e: Event) -> int:
    """How well the event stands for its happening: mentions first, then a known place,
    a precise date, a specific code and the coder's confidence."""
    return (
        min(e.mentions, 99) * 100_000
        + (1 if e.location is not None else 0) * 10_000
        + PRECISION_RANK.get(e.date_precision or "", 0) * 1_000
        + len(e.cameo) * 100
        + round(e.confidence * 99)
    )


def member_of(
    e: Event,
    event_key: int,
    article: ArticleInfo,
    countries: CountryIndex | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    place: str | None = None,
) -> Member:
    """``place``: the event's ``happening.place_key``, if the caller has it already."""
    kind, lo, hi = date_kind(e, article.date, window_days)
    block = block_key(e)
    return Member(
        event_key,
        e.event_id,
        e.article_id,
        block,
        kind,
        lo,
        hi,
        place if place is not None else place_key(e.location, countries),
        article.family,
        representative_rank(e),
        unit_key(block, kind, lo, hi, article.family),
    )
