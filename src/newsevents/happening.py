"""What makes two coded events reports of one happening: type, sides, date, place.

Used twice, by the same rules: within an article (``coding/merge.py`` merges the
mentions of one happening into one event) and across articles (``cluster/`` groups
events of many articles into event clusters). Everything here is pure and cheap.

- **Type family**: the PLOVER type (the CAMEO root for statements, which have none).
- **Sides**: each actor counts as its country (else its code, else its words), so
  "Russia", "Russian forces" and "Russia's Defense Ministry" are one side. Kinds of
  event done with each other (CONSULT, AGREE, COOPERATE) compare their participants in
  either direction.
- **Date range**: a day-precision date is that day, except a date the sentence does not
  state (the coder then takes the publication day: "officials said" in a story about
  last night's strike), which may be up to ``window_days`` earlier; a week (Monday to
  Sunday), month or year precision spans that period. A ``before`` date (some time on
  or before it: a past-perfect or background clause) names no day: it counts as no date.
- **Place**: no place fits any place; a country fits its cities; two different cities,
  or two countries, do not fit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING

from .model import Actor, Event, Location

if TYPE_CHECKING:
    from .countries import CountryIndex

RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
DEFAULT_WINDOW_DAYS = 1

# Words that make a sentence state its own date (what ``when.event_date`` resolves); a
# sentence without any took the article's date. Checked on the sentence's words, not by
# one big regular expression: that took 20-100 microseconds a sentence.
_DAY_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "today", "yesterday", "tonight", "ago",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
})  # fmt: skip
_MONTHS = frozenset({
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "january", "february", "march", "april", "june", "july", "august",
    "september", "october", "november", "december",
})  # fmt: skip
_RELATIVE = frozenset({"last", "this", "next", "past"})
_PERIODS = frozenset({"week", "month", "year", "weekend"})
_CUES = _MONTHS | _RELATIVE
# Everything but letters and digits becomes a space (dates keep their own regex below).
_SPACE_OUT = str.maketrans({c: " " for c in ".,;:!?\"'()[]{}/-\u2019\u2018\u201c\u201d"})
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}")


def type_family(e: Event) -> str:
    """The PLOVER type, or ``"root:01"`` for a statement (CAMEO root 01, no PLOVER)."""
    return e.plover or f"root:{e.cameo_root}"


# CAMEO 057 "sign formal agreement" is PLOVER SUPPORT ("finalizing a treaty or
# agreement"), while "agreed on" is AGREE (03): one outlet's "struck a deal" and
# another's "agreed on the text" report one agreement.
AGREEMENT_CODES = ("057",)


# Kinds of talks that are acts of their own: a telephone call, a visit made, a visit
# hosted are not the meeting held during them ("visiting Kyiv ... to discuss").
SEPARATE_CONSULT_CODES = ("041", "042", "043")


def consult_codes_fit(a: str, b: str) -> bool:
    """Two CONSULT codes one happening can have: a call or a visit only with itself."""
    sa = a[:3] if a.startswith(SEPARATE_CONSULT_CODES) else ""
    sb = b[:3] if b.startswith(SEPARATE_CONSULT_CODES) else ""
    return sa == sb


def happening_type(e: Event) -> str:
    """The type family that identifies a happening across articles: ``type_family``,
    with the signing or finalising of an agreement counted as AGREE."""
    if e.cameo.startswith(AGREEMENT_CODES):
        return "AGREE"
    return type_family(e)


def actor_key(a: Actor) -> str:
    """An actor as the side it stands for: its country, else its code, else its words."""
    return a.country or a.code or a.text.strip().lower()


def fine_actor_key(a: Actor) -> str:
    """An actor within its country: its code (country and sector), else its words."""
    return (a.code or a.text).strip().lower()


def is_domestic(e: Event) -> bool:
    """Whether the event stays within one country's politics (or names no target): its
    sides are then told apart by who they are, not by their country."""
    sources = {a.country for a in e.source}
    targets = {a.country for a in e.target}
    return not targets or None in sources or None in targets or bool(sources & targets)


def side_keys(actors: tuple[Actor, ...], fine: bool = False) -> frozenset[str]:
    key = fine_actor_key if fine else actor_key
    return frozenset(key(a) for a in actors)


def sides_fit(
    kind: str,
    src_a: frozenset[str],
    tgt_a: frozenset[str],
    src_b: frozenset[str],
    tgt_b: frozenset[str],
) -> bool:
    """Whether two events' sides can be one happening's. Directed kinds: the sources
    share an actor, and so do the targets, if they have any. Mutual kinds (talks,
    agreements): one event's participants all take part in the other's. Either way an
    act on someone named is kept apart from one on no one named."""
    if bool(tgt_a) != bool(tgt_b):
        return False
    if kind in RECIPROCAL_TYPES:
        a, b = src_a | tgt_a, src_b | tgt_b
        return bool(a & b) and (a <= b or b <= a)
    if not src_a & src_b:
        return False
    return bool(tgt_a & tgt_b) or not tgt_a


def date_is_stated(sentence: str) -> bool:
    """Whether the sentence names a date (a weekday, month, year, "yesterday" ...)."""
    lower = sentence.lower()
    words = lower.translate(_SPACE_OUT).split()
    if not _DAY_WORDS.isdisjoint(words):
        return True
    digits = any(w.isdigit() for w in words)
    if not digits and _CUES.isdisjoint(words):
        return False
    for i, word in enumerate(words):
        if not (word in _CUES or word.isdigit()):
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if word.isdigit():
            if len(word) == 4 and word[:2] in ("19", "20"):
                return True  # a year
            if after in _MONTHS:
                return True  # "27 July"
        elif word in _MONTHS and after.isdigit():
            return True  # "May 5", "Sept. 3"
        elif word in _RELATIVE and after in _PERIODS:
            return True  # "last week", "earlier this month"
    return digits and _NUMERIC_DATE.search(lower) is not None


def date_range(
    date: dt.date | None, precision: str | None, stated: bool, window_days: int
) -> tuple[dt.date, dt.date] | None:
    """The days a happening dated so may fall on, or None when it has no date (or only
    a day it happened on or before)."""
    if date is None or precision in ("before", "unknown"):
        return None
    if precision == "week":  # Monday to Sunday ("the weekend", dated Saturday, too)
        monday = date - dt.timedelta(days=date.weekday())
        return monday, monday + dt.timedelta(days=6)
    if precision == "month":
        last = calendar.monthrange(date.year, date.month)[1]
        return date.replace(day=1), date.replace(day=last)
    if precision == "year":
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    if stated:
        return date, date
    return date - dt.timedelta(days=window_days), date


def event_date_range(
    e: Event, window_days: int = DEFAULT_WINDOW_DAYS
) -> tuple[dt.date, dt.date] | None:
    return date_range(e.date, e.date_precision, date_is_stated(e.sentence), window_days)


def ranges_meet(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    """Unknown dates fit anything; known ones must share a day."""
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def place_level(loc: Location | None, countries: CountryIndex | None = None) -> int:
    """0: no place; 1: a country (the gazetteer places a country under its own name);
    2: a place inside a country (a city, a region). Without ``countries`` only a name
    that is missing or the ISO code itself counts as the country."""
    if loc is None or not (loc.country or loc.name):
        return 0
    if not loc.name or not loc.country or loc.name.upper() == loc.country:
        return 1
    if loc.precision is not None:  # the gazetteer says what the place is
        return 1 if loc.precision == "country" else 2
    if (
        countries is not None
        and countries.lookup(loc.name) == loc.country
        and countries.kind(loc.name) == "name"  # not its capital
    ):
        return 1
    return 2


def place_key(loc: Location | None, countries: CountryIndex | None = None) -> str:
    """A place as a string: ``""`` (none), ``"UKR"`` (a country), ``"UKR/703448"`` (a
    place with a gazetteer id) or ``"UKR/kyiv"``."""
    level = place_level(loc, countries)
    if level == 0 or loc is None:
        return ""
    country = loc.country or ""
    if level == 1:
        return country
    return f"{country}/{loc.geonameid if loc.geonameid is not None else loc.name.lower()}"


def places_fit(a: str, b: str) -> bool:
    """Place keys (``place_key``) that can be one happening's place."""
    if not a or not b or a == b:
        return True
    country_a, _, rest_a = a.partition("/")
    country_b, _, rest_b = b.partition("/")
    if country_a != country_b:
        return False
    return not rest_a or not rest_b
