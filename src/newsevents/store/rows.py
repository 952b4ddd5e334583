"""Model records to table rows: pure functions, no database.

Rows are plain tuples in the column order named by ``*_COLUMNS`` (handed straight to the
driver's ``executemany``: building dicts and letting SQLAlchemy process each value cost
more than SQLite's own insert). Dates are ``date`` objects, or for SQLite the text that
SQLAlchemy's SQLite ``Date``/``DateTime`` types write and read back.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..model import Actor, Article, CodedArticle, Event

# Events with neither an event date nor an article date sort (and filter) as this day.
UNKNOWN_DATE = dt.date(1, 1, 1)

ARTICLE_COLUMNS = (
    "id", "content_hash", "title", "dek", "date", "url", "origin", "outlet", "published",
    "dateline_place", "dateline_city", "dateline_country", "event_count", "json", "ingested_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "event_key", "event_id", "article_id", "sentence_index", "date", "sort_date", "plover", "plover_mode",
    "cameo", "cameo_root", "quad_class", "goldstein", "negated", "modality", "factual",
    "confidence", "location_name", "location_country", "lat", "lon", "geonameid",
    "source_code", "source_country", "source_sector", "target_code", "target_country",
    "target_sector", "mentions", "json", "date_precision", "location_precision",
    "cluster_id", "cluster_unit",  # last: clustering (store/clustering.py) fills them in
)  # fmt: skip
ACTOR_COLUMNS = ("event_key", "side", "position", "actor_id", "role")
# An actor's identity in the ``actors`` table, '' for a missing part.
ACTOR_KEY_COLUMNS = ("code", "country", "sector", "name", "text")
DYAD_COLUMNS = (
    "event_key", "source_country", "target_country", "pair", "mirror", "sort_date",
    "quad_class", "goldstein", "factual", "date_precision",
)  # fmt: skip
UNRESOLVED_COLUMNS = ("name", "label", "article_id", "sentence")

Row = tuple[Any, ...]
ActorKey = tuple[str | None, str | None, str | None, str | None, str | None]
ActorRow = tuple[int, str, int, ActorKey, str | None]
NO_ACTOR = Actor("")


# One encoder, built once: json.dumps with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(value: dict[str, Any]) -> str:
    """Compact JSON; orjson is about ten times faster than json. It refuses lone
    surrogates (text cut mid-character), which json writes as escapes."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError
        return _JSON.encode(value)


# (code, country, sector, name, text) in one C call; None parts are '' in the table.
actor_key: Callable[[Actor], ActorKey] = operator.attrgetter(*ACTOR_KEY_COLUMNS)


def stored_key(key: ActorKey) -> ActorKey:
    """The key as the ``actors`` table holds it: '' for a missing part."""
    return (key[0] or "", key[1] or "", key[2] or "", key[3] or "", key[4] or "")


def _same(value: Any) -> Any:
    return value


def _date_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class ArticleRows:
    """Everything one batch of coded articles puts in the database."""

    articles: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    actors: list[Row] = field(default_factory=list)
    dyads: list[Row] = field(default_factory=list)
    unresolved: list[Row] = field(default_factory=list)
    # (event_key, side, position, ActorKey, role): ``actor_id`` is filled in by the store.
    actors_by_key: list[ActorRow] = field(default_factory=list)
    # Events per actor key (an actor twice in one event counts once).
    actor_events: Counter[ActorKey] = field(default_factory=Counter)
    # (event key, event, its article) of every event row, in row order, for clustering.
    keyed: list[tuple[int, Event, Article]] = field(default_factory=list)


class RowBuilder:
    """Turns coded articles into rows; ``dates_as_text`` for SQLite. ``event_keys``
    hands out the events' integer keys, in increasing order."""

    def __init__(self, dates_as_text: bool, now: dt.datetime, event_keys: Iterator[int]) -> None:
        self.event_keys = event_keys
        self.date: Callable[[dt.date | None], Any] = _date_text if dates_as_text else _same
        self.now: Any = now.strftime("%Y-%m-%d %H:%M:%S.%f") if dates_as_text else now

    def article_row(self, article: Article, event_count: int) -> Row:
        dateline = article.dateline
        return (
            article.id, article.content_hash, article.title, article.dek,
            self.date(article.date), article.url, article.origin, article.outlet,
            self.date(article.published_on),
            dateline.place if dateline else None, dateline.city if dateline else None,
            dateline.country if dateline else None, event_count, to_json(article.to_dict()),
            self.now,
        )  # fmt: skip

    def event_row(self, event: Event, key: int, sort_date: Any) -> Row:
        src = event.source[0] if event.source else NO_ACTOR
        tgt = event.target[0] if event.target else NO_ACTOR
        loc = event.location
        return (
            key, event.event_id, event.article_id, event.sentence_index, self.date(event.date),
            sort_date, event.plover, event.plover_mode, event.cameo,
            event.cameo_root, event.quad_class, event.goldstein, event.negated,
            event.modality, event.factual, event.confidence,
            loc.name if loc else None, loc.country if loc else None,
            loc.lat if loc else None, loc.lon if loc else None, loc.geonameid if loc else None,
            src.code, src.country, src.sector, tgt.code, tgt.country, tgt.sector,
            event.mentions, to_json(event.to_dict()), event.date_precision,
            loc.precision if loc else None, None, None,
        )  # fmt: skip

    def add(self, coded: CodedArticle, rows: ArticleRows) -> None:
        """Append the rows of one coded article. Repeated event ids keep the first copy."""
        article = coded.article
        unique: dict[str, Event] = {}
        for event in coded.events:
            unique.setdefault(event.event_id, event)
        rows.articles.append(self.article_row(article, len(unique)))
        for event in unique.values():
            key = next(self.event_keys)
            sort_date = self.date(event.date or article.date or UNKNOWN_DATE)
            rows.events.append(self.event_row(event, key, sort_date))
            rows.keyed.append((key, event, article))
            event_actors = actor_rows(event, key)
            rows.actors_by_key.extend(event_actors)
            rows.actor_events.update({row[3] for row in event_actors})
            rows.dyads.extend(dyad_rows(event, key, sort_date))
        rows.unresolved.extend((u.text, u.label, article.id, u.sentence) for u in coded.unresolved)


def _actor_row(event_key: int, side: str, position: int, a: Actor) -> ActorRow:
    return (event_key, side, position, actor_key(a), a.role)


def actor_rows(event: Event, eid: int) -> list[ActorRow]:
    return [_actor_row(eid, "source", i, a) for i, a in enumerate(event.source)] + [
        _actor_row(eid, "target", i, a) for i, a in enumerate(event.target)
    ]


def pair_key(a: str, b: str) -> str:
    """The unordered pair of two countries: ``pair_key("USA", "CHN") == "CHN|USA"``."""
    return f"{a}|{b}" if a <= b else f"{b}|{a}"


def dyad_rows(event: Event, eid: int, sort_date: Any) -> list[Row]:
    """One row per distinct (source country, target country) pair; actors without a
    country take no part (a dyad needs two known sides). The second direction of a pair
    seen both ways in one event is marked ``mirror``."""
    quad, goldstein, factual = event.quad_class, event.goldstein, event.factual
    precision = event.date_precision
    if len(event.source) == 1 and len(event.target) == 1:  # the common case, made cheap
        s, t = event.source[0].country, event.target[0].country
        if not (s and t):
            return []
        return [(eid, s, t, pair_key(s, t), False, sort_date, quad, goldstein, factual, precision)]
    sources = dict.fromkeys(a.country for a in event.source if a.country)
    targets = dict.fromkeys(a.country for a in event.target if a.country)
    rows, seen = [], set()
    for s in sources:
        for t in targets:
            key = pair_key(s, t)
            rows.append(
                (eid, s, t, key, key in seen, sort_date, quad, goldstein, factual, precision)
            )
            seen.add(key)
    return rows
