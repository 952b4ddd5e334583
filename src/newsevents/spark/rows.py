"""The tables of a Spark run as Arrow schemas, and coded articles to Arrow batches.

One schema, :data:`RESULT_SCHEMA`, is what every coding task returns: one row per
record read (an article, coded or not, or a read error) plus one ``piece`` row per piece
of input, so that an input with no record still shows in the summary. The articles
table of the output is these rows without the ``piece`` rows; each article carries its
events (all :data:`EVENT_FIELDS`, ``spans`` included) and its unresolved names, which
is all ``newsevents ingest --from-parquet`` needs to store it exactly as ``ingest``
would. The events table is the same events flattened: :data:`EVENT_COLUMNS`, with
the actors' codes, countries and sectors again as plain string lists (for filters and
group-bys without unnesting), the article's URL and date, and ``event_month``.

Batches are built column by column (a list per column, one Arrow array each), not as
Python rows: the JVM reads them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Actor, Article, CodedArticle, Event, ReadError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_FIELDS",
    "PieceRef",
    "ResultBatch",
    "event_month",
    "event_values",
    "result_schema",
]

_ACTOR_FIELDS = ("text", "name", "code", "country", "sector", "role")
_LOCATION_FIELDS = (("name", "string"), ("country", "string"), ("lat", "double"),
                    ("lon", "double"), ("geonameid", "int64"), ("precision", "string"),
                    ("admin1", "string"))  # fmt: skip
_ATTRIBUTION_FIELDS = ("text", "country", "sector")

# (field, type) of one event, in the order of event_values(); types are named for
# _arrow_type: "string", "int32", "int64", "double", "bool", "date", "ints", "spans",
# "actors", "strings", "location", "attribution".
EVENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("event_id", "string"),
    ("article_id", "string"),
    ("sentence_index", "int32"),
    ("sentence", "string"),
    ("trigger", "string"),
    ("span", "ints"),
    ("spans", "spans"),
    ("date", "date"),
    ("date_precision", "string"),
    ("date_source", "string"),
    ("source", "actors"),
    ("target", "actors"),
    ("source_codes", "strings"),
    ("source_countries", "strings"),
    ("source_sectors", "strings"),
    ("target_codes", "strings"),
    ("target_countries", "strings"),
    ("target_sectors", "strings"),
    ("plover", "string"),
    ("plover_mode", "string"),
    ("cameo", "string"),
    ("cameo_root", "string"),
    ("quad_class", "int32"),
    ("goldstein", "double"),
    ("negated", "bool"),
    ("modality", "string"),
    ("location", "location"),
    ("location_precision", "string"),  # location.precision and .admin1 again, flat
    ("location_admin1", "string"),
    ("place_source", "string"),
    ("attribution", "attribution"),
    ("confidence", "double"),
    ("mentions", "int32"),
    ("rules_version", "string"),
    ("pattern", "string"),
    ("event_month", "string"),  # YYYY-MM of the event's date, else of the article's
)
# The events table: every event field, then the article's URL and date; it is
# partitioned by event_month (null: no date at all).
EVENT_COLUMNS: tuple[str, ...] = (
    *(name for name, _ in EVENT_FIELDS),
    "article_url",
    "article_date",
)

# (column, type) of a result row, the type names as in EVENT_FIELDS plus "events" and
# "unresolved" (lists of structs).
RESULT_FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", "string"),  # "article", "error" (a read error) or "piece"
    ("input_key", "string"),
    ("input", "string"),
    ("piece", "int32"),
    ("piece_bytes", "int64"),  # piece rows only
    ("origin", "string"),
    ("article_id", "string"),
    ("article_url", "string"),
    ("article_date", "date"),
    ("content_hash", "string"),
    ("article_json", "string"),  # Article.to_dict(), as the store keeps it
    ("error", "string"),  # the read error, or why coding failed
    ("events", "events"),
    ("event_months", "strings"),  # the distinct months of the events, sorted
    ("undated_events", "int32"),  # events with no month (no event or article date)
    ("unresolved", "unresolved"),
)


def _arrow_type(kind: str) -> pa.DataType:
    import pyarrow as pa

    simple = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(),
              "double": pa.float64(), "bool": pa.bool_(), "date": pa.date32(),
              "ints": pa.list_(pa.int32()), "spans": pa.list_(pa.list_(pa.int32())),
              "strings": pa.list_(pa.string())}  # fmt: skip
    if kind in simple:
        return simple[kind]
    if kind == "actors":
        return pa.list_(pa.struct([(name, pa.string()) for name in _ACTOR_FIELDS]))
    if kind == "location":
        return pa.struct([(name, _arrow_type(t)) for name, t in _LOCATION_FIELDS])
    if kind == "attribution":
        return pa.struct([(name, pa.string()) for name in _ATTRIBUTION_FIELDS])
    if kind == "events":
        return pa.list_(event_struct())
    if kind == "unresolved":
        return pa.list_(pa.struct([(n, pa.string()) for n in ("text", "label", "sentence")]))
    raise ValueError(f"unknown column type {kind!r}")


def event_struct() -> pa.StructType:
    import pyarrow as pa

    return pa.struct([(name, _arrow_type(kind)) for name, kind in EVENT_FIELDS])


def result_schema() -> pa.Schema:
    """The Arrow schema of :data:`RESULT_FIELDS` (the driver turns it into Spark's)."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind in RESULT_FIELDS])


def _actors(actors: tuple[Actor, ...]) -> list[tuple[str | None, ...]]:
    return [(a.text, a.name, a.code, a.country, a.sector, a.role) for a in actors]


def event_month(event: Event, article: Article) -> str | None:
    """``YYYY-MM`` of the event's date, else of the article's; None without either."""
    when = event.date or article.date
    return f"{when.year:04d}-{when.month:02d}" if when else None


def event_values(event: Event, month: str | None) -> tuple[Any, ...]:
    """One event's values in :data:`EVENT_FIELDS` order."""
    location = event.location
    attribution = event.attribution
    return (
        event.event_id, event.article_id, event.sentence_index, event.sentence,
        event.trigger, list(event.span), [list(s) for s in event.spans], event.date,
        event.date_precision, event.date_source, _actors(event.source), _actors(event.target),
        [a.code for a in event.source], [a.country for a in event.source],
        [a.sector for a in event.source], [a.code for a in event.target],
        [a.country for a in event.target], [a.sector for a in event.target],
        event.plover, event.plover_mode, event.cameo, event.cameo_root, event.quad_class,
        None if event.goldstein is None else float(event.goldstein), event.negated,
        event.modality,
        None if location is None else (location.name, location.country, location.lat,
                                       location.lon, location.geonameid, location.precision,
                                       location.admin1),
        None if location is None else location.precision,
        None if location is None else location.admin1,
        event.place_source,
        None if attribution is None else (attribution.text, attribution.country,
                                          attribution.sector),
        float(event.confidence), event.mentions, event.rules_version, event.pattern, month,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class PieceRef:
    """Which input (and which piece of it) a record came from."""

    input_key: str
    input: str
    piece: int


class ResultBatch:
    """Result rows gathered column by column, then handed over as one Arrow batch."""

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.columns: dict[str, list[Any]] = {
            name: [] for name, kind in RESULT_FIELDS if kind not in ("events", "unresolved")
        }  # event_months and undated_events are filled by _events
        self.event_columns: list[list[Any]] = [[] for _ in EVENT_FIELDS]
        self.event_offsets = [0]
        self.unresolved: list[list[tuple[str, str, str]]] = []

    def __len__(self) -> int:
        return len(self.unresolved)

    def _row(self, kind: str, piece: PieceRef, **values: Any) -> None:
        values.update(kind=kind, input_key=piece.input_key, input=piece.input, piece=piece.piece)
        for name, column in self.columns.items():
            if name not in ("event_months", "undated_events"):
                column.append(values.get(name))

    def _events(self, events: Iterable[Event], article: Article | None = None) -> None:
        months: set[str] = set()
        count = undated = 0
        for event in events:
            assert article is not None
            month = event_month(event, article)
            values = event_values(event, month)
            for column, value in zip(self.event_columns, values, strict=True):
                column.append(value)
            count += 1
            if month is None:
                undated += 1
            else:
                months.add(month)
        self.event_offsets.append(self.event_offsets[-1] + count)
        self.columns["event_months"].append(sorted(months))
        self.columns["undated_events"].append(undated)

    def add_piece(self, piece: PieceRef, size: int) -> None:
        self._row("piece", piece, piece_bytes=size)
        self._events(())
        self.unresolved.append([])

    def add_read_error(self, piece: PieceRef, error: ReadError) -> None:
        self._row("error", piece, origin=error.origin, error=error.message)
        self._events(())
        self.unresolved.append([])

    def add_coded(self, piece: PieceRef, coded: CodedArticle, article_json: str) -> None:
        article: Article = coded.article
        self._row(
            "article", piece, origin=article.origin, article_id=article.id,
            article_url=article.url, article_date=article.date,
            content_hash=article.content_hash, article_json=article_json, error=coded.error,
        )  # fmt: skip
        self._events(coded.events, article)
        self.unresolved.append([(u.text, u.label, u.sentence) for u in coded.unresolved])

    def flush(self) -> pa.RecordBatch:
        """The rows gathered so far as one Arrow batch; the builder starts empty again."""
        import pyarrow as pa

        schema = result_schema()
        arrays: list[pa.Array] = []
        for field in schema:
            if field.name == "events":
                struct = event_struct()
                values = pa.StructArray.from_arrays(
                    [pa.array(column, type=f.type)
                     for column, f in zip(self.event_columns, struct, strict=True)],
                    fields=list(struct),
                )  # fmt: skip
                offsets = pa.array(self.event_offsets, type=pa.int32())
                arrays.append(pa.ListArray.from_arrays(offsets, values))
            elif field.name == "unresolved":
                arrays.append(pa.array(self.unresolved, type=field.type))
            else:
                arrays.append(pa.array(self.columns[field.name], type=field.type))
        self._clear()
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
