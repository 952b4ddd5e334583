"""POLECAT (PLOVER) event data columns (the Dataverse weekly files; docs/EXPORTS.md)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..model import Actor
from .records import ExportContext, ExportRecord
from .schema import ExportSchema, actor_name

_SIDE_FIELDS = ("Name", "Country", "COW", "Primary {} Sector", "{} Sectors", "Title",
                "Name Raw", "Wikipedia {} ID")  # fmt: skip


def _side_columns(side: str) -> tuple[str, ...]:
    return tuple(f.format(side) if "{}" in f else f"{side} {f}" for f in _SIDE_FIELDS)


POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code",
    "Contexts", *_side_columns("Actor"), *_side_columns("Recipient"), "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People",
    "Story Organizations", "Story Locations", "Language", "Version",
)  # fmt: skip
POLECAT_TYPES = {
    "Event Date": "date", "Intensity": "float", "Quad Code": "int", "Actor COW": "int",
    "Recipient COW": "int", "Latitude": "float", "Longitude": "float", "GeoNames ID": "int",
    "Publication Date": "date",
}  # fmt: skip
# What a place stands for, as a GeoNames feature code.
FEATURE_TYPES = {"city": "PPL", "region": "ADM1", "country": "PCLI"}


def _side(actors: tuple[Actor, ...], ctx: ExportContext) -> tuple[Any, ...]:
    if not actors:
        return (None,) * len(_SIDE_FIELDS)
    first = actors[0]
    sectors = ";".join(dict.fromkeys(a.sector for a in actors if a.sector)) or None
    return (actor_name(first), first.country, ctx.countries.cow(first.country), first.sector,
            sectors, first.role, first.text or None, None)  # fmt: skip


def polecat_row(record: ExportRecord, ctx: ExportContext) -> tuple[Any, ...]:
    event, loc = record.event, record.event.location
    precision = loc.precision if loc else None
    if loc and not precision:
        precision = "city" if loc.lat is not None and loc.name else "country"
    people = "; ".join(dict.fromkeys(
        a.name for a in event.source + event.target if a.name and a.role)) or None  # fmt: skip
    return (
        event.event_id, record.date, event.plover, event.plover_mode, event.goldstein,
        event.quad_class, None, *_side(event.source, ctx), *_side(event.target, ctx),
        loc.name if loc else None, loc.name if loc and precision == "city" else None, None,
        loc.admin1 if loc else None, loc.country if loc else None,
        loc.lat if loc else None, loc.lon if loc else None, loc.geonameid if loc else None,
        loc.name if loc else None, FEATURE_TYPES.get(precision or "") if loc else None,
        record.outlet, record.article_date, people, None, None, "en",
        f"newsevents {__version__}",
    )  # fmt: skip


POLECAT = ExportSchema("polecat", POLECAT_COLUMNS, POLECAT_TYPES, polecat_row)
