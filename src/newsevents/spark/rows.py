"""Events as flat table rows: the Parquet layout of the Spark job.

Each row holds the CONTRACT.md event fields (actors and location as nested structs, as
in the JSON), the actors' codes, countries and sectors again as plain string lists (for
filters and group-bys without unnesting), the article's URL and date, and
``event_month`` (``YYYY-MM`` of the event date, else of the article date), by which the
output is partitioned. Rows are tuples in :data:`EVENT_COLUMNS` order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Actor, Article, Event

if TYPE_CHECKING:
    from pyspark.sql.types import StructType

__all__ = ["EVENT_COLUMNS", "event_row", "spark_schema"]

_ACTOR_FIELDS = ("text", "name", "code", "country", "sector", "role")

# (column, Spark SQL type) in row order; types in Spark's DDL syntax.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "string"),
    ("article_id", "string"),
    ("article_url", "string"),
    ("article_date", "date"),
    ("sentence_index", "int"),
    ("sentence", "string"),
    ("trigger", "string"),
    ("span", "array<int>"),
    ("date", "date"),
    ("date_precision", "string"),
    ("source", "array<struct<text:string,name:string,code:string,country:string,sector:string,role:string>>"),
    ("target", "array<struct<text:string,name:string,code:string,country:string,sector:string,role:string>>"),
    ("source_codes", "array<string>"),
    ("source_countries", "array<string>"),
    ("source_sectors", "array<string>"),
    ("target_codes", "array<string>"),
    ("target_countries", "array<string>"),
    ("target_sectors", "array<string>"),
    ("plover", "string"),
    ("plover_mode", "string"),
    ("cameo", "string"),
    ("cameo_root", "string"),
    ("quad_class", "int"),
    ("goldstein", "double"),
    ("negated", "boolean"),
    ("modality", "string"),
    ("location", "struct<name:string,country:string,lat:double,lon:double,geonameid:bigint>"),
    ("attribution", "struct<text:string,country:string,sector:string>"),
    ("confidence", "double"),
    ("mentions", "int"),
    ("rules_version", "string"),
    ("event_month", "string"),
    ("date_source", "string"),
    ("location_precision", "string"),
    ("location_admin1", "string"),
    ("place_source", "string"),
)  # fmt: skip


def spark_schema() -> StructType:
    """The Spark schema of :data:`EVENT_COLUMNS` (needs pyspark)."""
    from pyspark.sql.types import StructType

    ddl = ", ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS)
    schema = StructType.fromDDL(ddl)
    assert isinstance(schema, StructType)
    return schema


def _actors(actors: tuple[Actor, ...]) -> list[tuple[str | None, ...]]:
    return [tuple(getattr(a, f) for f in _ACTOR_FIELDS) for a in actors]


def event_row(event: Event, article: Article) -> tuple[Any, ...]:
    """One event as a tuple in :data:`EVENT_COLUMNS` order."""
    when = event.date or article.date
    location = event.location
    attribution = event.attribution
    return (
        event.event_id,
        event.article_id,
        article.url,
        article.date,
        event.sentence_index,
        event.sentence,
        event.trigger,
        list(event.span),
        event.date,
        event.date_precision,
        _actors(event.source),
        _actors(event.target),
        [a.code for a in event.source],
        [a.country for a in event.source],
        [a.sector for a in event.source],
        [a.code for a in event.target],
        [a.country for a in event.target],
        [a.sector for a in event.target],
        event.plover,
        event.plover_mode,
        event.cameo,
        event.cameo_root,
        event.quad_class,
        None if event.goldstein is None else float(event.goldstein),
        event.negated,
        event.modality,
        None if location is None else (location.name, location.country, location.lat,
                                       location.lon, location.geonameid),
        None if attribution is None else (attribution.text, attribution.country,
                                          attribution.sector),
        float(event.confidence),
        event.mentions,
        event.rules_version,
        when.strftime("%Y-%m") if when else None,
        event.date_source,
        None if location is None else location.precision,
        None if location is None else location.admin1,
        event.place_source,
    )  # fmt: skip
