"""Stored events with their article and their happening, streamed for exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson
from sqlalchemy import Select, and_, select

from ..coding.cameo import CameoTables
from ..country_codes import CountryCrosswalk
from ..model import Actor, Event
from ..store import EventFilter, Store
from ..store.query import count_query
from ..store.schema import articles, clusters, events

BATCH = 5000


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One event as an export sees it: the event, its article, its happening's counts
    (1 article, 1 source when it is in no cluster)."""

    key: int  # the store's integer event key: unique in the store, a GDELT-style id
    event: Event
    cluster_id: str | None
    cluster_events: int
    cluster_articles: int
    cluster_sources: int
    article_date: dt.date | None
    url: str | None
    outlet: str | None
    title: str | None
    origin: str | None
    ingested_at: dt.datetime | None

    @property
    def date(self) -> dt.date | None:
        """When it happened: its own date, else its article's."""
        return self.event.date or self.article_date

    @property
    def source(self) -> Actor | None:
        return self.event.source[0] if self.event.source else None

    @property
    def target(self) -> Actor | None:
        return self.event.target[0] if self.event.target else None


class ExportContext:
    """What the schemas look codes up in, loaded once per export."""

    @cached_property
    def countries(self) -> CountryCrosswalk:
        return CountryCrosswalk.load()

    @cached_property
    def cameo(self) -> CameoTables:
        return CameoTables.load()

    def cameo_name(self, code: str) -> str | None:
        return self.cameo.name(code) if code in self.cameo else None


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _statement(f: EventFilter, happenings: bool, after: int) -> Select[Any]:
    e, a, c = events.c, articles.c, clusters.c
    where = count_query(f).whereclause  # every filter of ``newsevents events``
    stmt = (
        select(
            e.event_key, e.json, e.cluster_id, c.num_events, c.num_articles, c.num_sources,
            a.date, a.url, a.outlet, a.title, a.origin, a.ingested_at,
        )
        .select_from(events)
        .join(articles, a.id == e.article_id)
        .outerjoin(clusters, c.cluster_id == e.cluster_id)
        .where(e.event_key > after)
    )  # fmt: skip
    if where is not None:
        stmt = stmt.where(where)
    if happenings:  # one row per happening: its representative event
        stmt = stmt.where(and_(c.cluster_id.is_not(None), c.representative == e.event_key))
    return stmt.order_by(e.event_key).limit(BATCH)


def iter_records(
    store: Store, event_filter: EventFilter | None = None, happenings: bool = False
) -> Iterator[ExportRecord]:
    """Every event matching ``event_filter`` (the filters of ``newsevents events``; its
    ``limit`` and ``cursor`` are not used), in the order they were stored, a batch at a
    time. ``happenings``: only each event cluster's representative event."""
    f = (event_filter or EventFilter()).validated()
    after = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(_statement(f, happenings, after)).all()
        for row in rows:
            yield ExportRecord(
                key=int(row[0]), event=Event.from_dict(orjson.loads(row[1])),
                cluster_id=row[2], cluster_events=int(row[3] or 1),
                cluster_articles=int(row[4] or 1), cluster_sources=int(row[5] or 1),
                article_date=_as_date(row[6]), url=row[7], outlet=row[8], title=row[9],
                origin=row[10], ingested_at=_as_datetime(row[11]),
            )  # fmt: skip
        if len(rows) < BATCH:
            return
        after = int(rows[-1][0])
