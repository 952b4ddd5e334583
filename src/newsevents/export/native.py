"""newsevents' own flat columns: one row per event, ready for pandas, DuckDB, R."""

from __future__ import annotations

from typing import Any

from ..model import Actor
from .records import ExportContext, ExportRecord
from .schema import ExportSchema

NATIVE_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "cluster_id", "date", "date_precision", "date_source",
    "article_date",
    "source_code", "source_country", "source_sector", "source_name",
    "target_code", "target_country", "target_sector", "target_name",
    "plover", "plover_mode", "cameo", "cameo_root", "quad_class", "goldstein",
    "factual", "negated", "modality", "confidence", "mentions",
    "location_name", "location_country", "location_precision", "location_admin1",
    "place_source", "lat", "lon", "geonameid",
    "cluster_articles", "cluster_sources", "outlet", "url", "sentence_index", "trigger",
    "sentence",
)  # fmt: skip
NATIVE_TYPES = {
    "date": "date", "article_date": "date", "quad_class": "int", "goldstein": "float",
    "factual": "bool", "negated": "bool", "confidence": "float", "mentions": "int",
    "lat": "float", "lon": "float", "geonameid": "int", "cluster_articles": "int",
    "cluster_sources": "int", "sentence_index": "int",
}  # fmt: skip


def _side(actor: Actor | None) -> tuple[Any, ...]:
    if actor is None:
        return (None, None, None, None)
    return (actor.code, actor.country, actor.sector, actor.name or actor.text or None)


def native_row(record: ExportRecord, ctx: ExportContext) -> tuple[Any, ...]:
    e, loc = record.event, record.event.location
    return (
        e.event_id, e.article_id, record.cluster_id, record.date, e.date_precision,
        e.date_source, record.article_date, *_side(record.source), *_side(record.target),
        e.plover, e.plover_mode, e.cameo, e.cameo_root, e.quad_class, e.goldstein,
        e.factual, e.negated, e.modality, e.confidence, e.mentions,
        loc.name if loc else None, loc.country if loc else None,
        loc.precision if loc else None, loc.admin1 if loc else None, e.place_source,
        loc.lat if loc else None, loc.lon if loc else None, loc.geonameid if loc else None,
        record.cluster_articles, record.cluster_sources, record.outlet, record.url,
        e.sentence_index, e.trigger, e.sentence,
    )  # fmt: skip


NATIVE = ExportSchema(
    "newsevents", NATIVE_COLUMNS, NATIVE_TYPES, native_row, ("cameo", "cameo_root")
)
