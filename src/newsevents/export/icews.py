"""ICEWS coded event data columns (the Dataverse event files; docs/EXPORTS.md)."""

from __future__ import annotations

from typing import Any

from ..model import Actor
from .records import ExportContext, ExportRecord
from .schema import ExportSchema, actor_name

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
    "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
    "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
    "Province", "Country", "Latitude", "Longitude",
)  # fmt: skip
ICEWS_TYPES = {"Event ID": "int", "Event Date": "date", "Intensity": "float",
               "Sentence Number": "int", "Latitude": "float", "Longitude": "float"}  # fmt: skip
# ICEWS names sectors in words; CAMEO agent codes -> the nearest ICEWS sector name.
SECTOR_NAMES = {
    "GOV": "Government", "MIL": "Military", "COP": "Police", "JUD": "Judicial",
    "LEG": "Legislative / Parliamentary", "REB": "Rebel", "OPP": "Opposition",
    "PTY": "Parties", "SPY": "Intelligence", "MED": "Media", "EDU": "Education",
    "BUS": "Business", "CRM": "Criminal", "CVL": "Civilian", "ELI": "Elite",
    "HLH": "Health", "AGR": "Agricultural", "LAB": "Labor", "REF": "Refugees",
    "ENV": "Environment", "HRI": "Human Rights", "NGO": "Nongovernmental Organization",
    "IGO": "Intergovernmental Organization", "MNC": "Multinational Corporation",
    "REL": "Religious", "INS": "Insurgents", "SEP": "Separatists", "RAD": "Radicals",
    "UAF": "Unidentified Armed Forces", "PPL": "General Population / Civilian / Social",
}  # fmt: skip


def _sectors(actor: Actor | None) -> str | None:
    if actor is None or not actor.sector:
        return None
    return SECTOR_NAMES.get(actor.sector, actor.sector)


def icews_row(record: ExportRecord, ctx: ExportContext) -> tuple[Any, ...]:
    event, loc = record.event, record.event.location
    src, tgt = record.source, record.target
    names = ctx.countries
    precision = loc.precision if loc else None
    city = (
        loc.name if loc and precision not in ("country", "region") and loc.lat is not None else None
    )
    return (
        record.key, record.date, actor_name(src), _sectors(src),
        names.name(src.country) if src else None, ctx.cameo_name(event.cameo), event.cameo,
        event.goldstein, actor_name(tgt), _sectors(tgt),
        names.name(tgt.country) if tgt else None, event.article_id,
        event.sentence_index + 1, record.outlet, city, None,
        loc.admin1 if loc else None,
        names.name(loc.country) if loc else None,
        loc.lat if loc else None, loc.lon if loc else None,
    )  # fmt: skip


ICEWS = ExportSchema("icews", ICEWS_COLUMNS, ICEWS_TYPES, icews_row, ("CAMEO Code",))
