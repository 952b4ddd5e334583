"""GDELT 2.0 event table columns (docs/EXPORTS.md says what each holds here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..actors.codes import TRANSNATIONAL
from ..model import Actor, Location
from .records import ExportContext, ExportRecord
from .schema import ExportSchema, actor_name

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS), "DATEADDED", "SOURCEURL",
)  # fmt: skip
# Codes that look like numbers: keep them as text when reading the CSV.
GDELT_STRING_COLUMNS: tuple[str, ...] = (
    "EventCode", "EventBaseCode", "EventRootCode",
    *(c for c in GDELT_COLUMNS if c.endswith(("Code", "FeatureID")) and c.startswith("Actor")),
    "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_FeatureID",
)  # fmt: skip
_INTS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass",
         "NumMentions", "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type",
         "ActionGeo_Type", "DATEADDED")  # fmt: skip
_FLOATS = ("FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
           "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long")  # fmt: skip
GDELT_TYPES = {**dict.fromkeys(_INTS, "int"), **dict.fromkeys(_FLOATS, "float")}

# GDELT's geographic resolution codes.
COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = 1, 2, 3, 4, 5


def _fraction_date(day: dt.date) -> float:
    """GDELT's YYYY.FFFF: the year plus the fraction of it gone (day of year / 365)."""
    return round(day.year + day.timetuple().tm_yday / 365, 4)


def _actor(actor: Actor | None) -> tuple[Any, ...]:
    if actor is None:
        return (None,) * len(_ACTOR_FIELDS)
    code = actor.code or actor.country
    known_group = None
    if code and code[:3] in TRANSNATIONAL and len(code) > 3:
        known_group = code[3:6]  # IGOUNO -> UNO, as GDELT's KnownGroupCode
    return (code, (actor_name(actor) or "").upper() or None, actor.country, known_group,
            None, None, None, actor.sector, None, None)  # fmt: skip


def _geo_type(location: Location, country: str | None) -> int:
    precision = location.precision
    if precision == "country" or (not precision and location.lat is None):
        return COUNTRY
    if precision == "region":
        return US_STATE if country == "USA" else WORLD_STATE
    return US_CITY if country == "USA" else WORLD_CITY


def _action_geo(location: Location | None, ctx: ExportContext) -> tuple[Any, ...]:
    if location is None:
        return (None,) * len(_GEO_FIELDS)
    country = location.country
    fips = ctx.countries.fips(country)
    if country == "PSE" and "gaza" in (location.name or "").lower():
        fips = "GZ"
    geo_type = _geo_type(location, country)
    admin1 = location.admin1
    country_name = ctx.countries.name(country)
    parts = [location.name] if geo_type != COUNTRY else []
    parts += [p for p in (admin1, country_name) if p and p not in parts]
    feature = str(location.geonameid) if location.geonameid else (
        fips if geo_type == COUNTRY else None)  # fmt: skip
    return (geo_type, ", ".join(p for p in parts if p) or location.name, fips, fips, None,
            location.lat, location.lon, feature)  # fmt: skip


def gdelt_row(record: ExportRecord, ctx: ExportContext) -> tuple[Any, ...]:
    event, day = record.event, record.date
    added = record.ingested_at
    return (
        record.key,
        int(day.strftime("%Y%m%d")) if day else None,
        int(day.strftime("%Y%m")) if day else None,
        day.year if day else None,
        _fraction_date(day) if day else None,
        *_actor(record.source), *_actor(record.target),
        1 if event.sentence_index == 0 else 0,
        event.cameo, event.cameo[:3], event.cameo[:2], event.quad_class, event.goldstein,
        record.cluster_events if record.cluster_id else event.mentions,
        record.cluster_sources, record.cluster_articles, None,
        *(None,) * (2 * len(_GEO_FIELDS)),
        *_action_geo(event.location, ctx),
        int(added.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")) if added else None,
        record.url or record.origin or record.event.article_id,
    )  # fmt: skip


GDELT = ExportSchema("gdelt", GDELT_COLUMNS, GDELT_TYPES, gdelt_row, GDELT_STRING_COLUMNS)
