"""``Store``: the event database (SQLite or PostgreSQL) as library functions.

Ingest is idempotent by content hash and crash-safe: each batch of articles is one
transaction, so an article and its events land together or not at all. A batch that
meets a lock (SQLite) or a concurrent writer's row (PostgreSQL unique violation) is
rolled back and retried from scratch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, delete, distinct, func, inspect, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from ..cluster import ClusterConfig
from ..model import Article, CodedArticle, Event
from . import query
from .actor_match import matching_actor_ids
from .actors import ActorIds, add_event_counts, event_counts_of
from .cluster_reading import ClusterReading
from .clustering import ClusteringStage, ClusterMismatch, Removal, rebuild_clusters
from .engine import bulk_insert, create_store_engine, resolve_url, write_options
from .results import (
    ActorSummary,
    BadFilter,
    Dyad,
    DyadSummary,
    EventFilter,
    EventPage,
    IngestReport,
    LeftOut,
    StoreError,
    StoreStats,
    TimelinePoint,
    UnresolvedSummary,
    encode_cursor,
)
from .rows import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    DYAD_COLUMNS,
    EVENT_COLUMNS,
    UNKNOWN_DATE,
    UNRESOLVED_COLUMNS,
    ActorKey,
    ArticleRows,
    RowBuilder,
)
from .schema import (
    SCHEMA_VERSION,
    actors,
    articles,
    event_actors,
    event_dyads,
    events,
    metadata,
    store_info,
    unresolved_names,
)

MAX_ATTEMPTS = 8
LEFT_OUT_IDS = 500  # event ids ``dyad_left_out`` lists (its counts are complete)
MAX_ERRORS_KEPT = 100
BULK_LOAD_EVENTS = 10_000  # PostgreSQL: ANALYZE after an ingest this big
ProgressCallback = Callable[[IngestReport], None]


class Store(ClusterReading):
    """An open event database. Use ``Store.open(...)``; close with ``.close()`` or
    ``with Store.open(...) as store:``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._actor_ids = ActorIds()
        self._clustering: dict[ClusterConfig, ClusteringStage] = {}

    def _clustering_stage(self, config: ClusterConfig) -> ClusteringStage:
        if config not in self._clustering:
            self._clustering[config] = ClusteringStage(config)
        return self._clustering[config]

    @classmethod
    def open(cls, url_or_path: str | os.PathLike[str] | None = None, create: bool = True) -> Store:
        """Open (and create if needed) a store. ``None``: ``$NEWSEVENTS_DB``, else
        ``newsevents.db``; a plain path is a SQLite file; ``postgresql://...`` uses
        psycopg 3. With ``create=False`` a missing SQLite file is an error."""
        url = resolve_url(url_or_path)
        if not create and url.get_backend_name() == "sqlite" and url.database:
            if url.database != ":memory:" and not os.path.exists(url.database):
                raise StoreError(f"no database at {url.database} (newsevents ingest creates it)")
        store = cls(create_store_engine(url))
        try:
            store._create_schema()
        except StoreError:
            store.close()
            raise
        except DBAPIError as exc:
            store.close()
            raise StoreError(f"cannot open database {url.render_as_string()}: {exc.orig}") from exc
        return store

    def _create_schema(self) -> None:
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self.engine.connect().execution_options(**write_options()) as conn:
                    with conn.begin():
                        _check_schema_version(conn)
                        metadata.create_all(conn, checkfirst=True)
                        if conn.scalar(select(func.count()).select_from(store_info)) == 0:
                            conn.execute(
                                store_info.insert(),
                                [{"key": "schema_version", "value": str(SCHEMA_VERSION)}],
                            )
                return
            except (IntegrityError, OperationalError, DBAPIError):
                # Two processes creating the schema at once: the loser retries.
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * 2**attempt)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # ------------------------------------------------------------------ writing

    def ingest(
        self,
        coded_articles: Iterable[CodedArticle],
        commit_every: int = 200,
        on_progress: ProgressCallback | None = None,
        clustering: ClusterConfig | None = None,
    ) -> IngestReport:
        """Store coded articles, ``commit_every`` per transaction. An article whose id
        and content hash are stored already is skipped; the same id with new content
        replaces the old article and its events. Failed codings are counted, not stored.

        ``clustering`` (default: on, ``ClusterConfig()``): in the same transactions,
        link syndicated copies and keep the event clusters up to date; with
        ``ClusterConfig(enabled=False)`` new events stay unclustered."""
        config = clustering if clustering is not None else ClusterConfig()
        stage = self._clustering_stage(config) if config.enabled else None
        report = IngestReport()
        batch: list[CodedArticle] = []
        for coded in coded_articles:
            report.articles += 1
            if coded.error is not None:
                report.failed += 1
                if len(report.errors) < MAX_ERRORS_KEPT:
                    report.errors.append(
                        f"{coded.article.origin or coded.article.id}: coding failed: {coded.error}"
                    )
            else:
                batch.append(coded)
            if len(batch) >= commit_every:
                self._write_batch_retrying(batch, report, stage)
                batch = []
            if on_progress:
                on_progress(report)
        if batch:
            self._write_batch_retrying(batch, report, stage)
            if on_progress:
                on_progress(report)
        if report.stored:
            self._refresh_statistics(report.events)
        return report

    def _refresh_statistics(self, new_events: int) -> None:
        """Let the planner know the table sizes; without statistics it can pick a poor
        index for combined filters. SQLite: a cheap sampled ANALYZE after every ingest.
        PostgreSQL: autovacuum analyses in time, except right after a bulk load."""
        try:
            with self.engine.connect().execution_options(**write_options()) as conn, conn.begin():
                if self.dialect == "sqlite":
                    conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
                    conn.exec_driver_sql("ANALYZE")
                elif new_events >= BULK_LOAD_EVENTS:
                    for table in (articles, events, event_actors, event_dyads):
                        conn.exec_driver_sql(f"ANALYZE {table.name}")
        except (OperationalError, DBAPIError):
            pass  # busy with another writer: statistics can wait for the next ingest

    def _write_batch_retrying(
        self, batch: list[CodedArticle], report: IngestReport, stage: ClusteringStage | None
    ) -> None:
        # Keep the last version of an article repeated within one batch.
        latest = {c.article.id: c for c in batch}
        for attempt in range(MAX_ATTEMPTS):
            try:
                counts = self._write_batch(list(latest.values()), stage)
            except ClusterMismatch as exc:
                raise StoreError(str(exc)) from exc
            except (OperationalError, IntegrityError) as exc:
                if not _is_transient(exc):
                    raise StoreError(f"ingest failed: {exc.orig}") from exc
                if attempt == MAX_ATTEMPTS - 1:
                    raise StoreError(
                        f"ingest gave up after {MAX_ATTEMPTS} tries: {exc.orig}"
                    ) from exc
                time.sleep(0.05 * 2**attempt)
                continue
            report.new += counts["new"]
            report.replaced += counts["replaced"]
            report.skipped_duplicate += counts["skipped"] + len(batch) - len(latest)
            report.events += counts["events"]
            return

    def stored_hashes(self, ids: list[str]) -> dict[str, str]:
        """Content hashes of the stored articles among ``ids``."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(articles.c.id, articles.c.content_hash).where(articles.c.id.in_(ids))
            )
            return {row.id: row.content_hash for row in rows}

    def _write_batch(
        self, batch: list[CodedArticle], stage: ClusteringStage | None = None
    ) -> dict[str, int]:
        counts = {"new": 0, "replaced": 0, "skipped": 0, "events": 0}
        now = dt.datetime.now(dt.UTC)
        with (
            _collector_paused(),
            self.engine.connect().execution_options(**write_options()) as conn,
            conn.begin(),
        ):
            if stage is not None:
                _lock_clusters(conn)
                stage.check_config(conn)
            stored: dict[str, str] = {
                row.id: row.content_hash
                for row in conn.execute(
                    select(articles.c.id, articles.c.content_hash).where(
                        articles.c.id.in_([c.article.id for c in batch])
                    )
                )
            }
            to_write = [c for c in batch if stored.get(c.article.id) != c.article.content_hash]
            counts["skipped"] = len(batch) - len(to_write)
            replaced_ids = [c.article.id for c in to_write if c.article.id in stored]
            removal = Removal()
            if replaced_ids:
                if stage is not None:
                    removal = stage.forget(conn, replaced_ids)
                _delete_articles(conn, replaced_ids)
            keys = _event_keys(conn, sum(len(c.events) for c in to_write))
            builder = RowBuilder(self.dialect == "sqlite", now, keys)
            fresh = ArticleRows()
            for coded in to_write:
                builder.add(coded, fresh)
            new_actor_ids = self._resolve_actors(conn, fresh)
            update = (
                stage.plan(conn, [c.article for c in to_write], fresh, removal)
                if stage is not None and to_write
                else None
            )
            _insert_rows(conn, fresh)
            if update is not None:
                update.write()
        self._actor_ids.remember(new_actor_ids)
        counts["replaced"] = len(replaced_ids)
        counts["new"] = len(fresh.articles) - len(replaced_ids)
        counts["events"] = len(fresh.events)
        return counts

    def rebuild_clusters(
        self,
        config: ClusterConfig | None = None,
        batch_articles: int = 2000,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Cluster every stored event again from scratch (after a change of clustering
        settings, or for events stored with clustering off), ``batch_articles`` per
        transaction; ``on_progress(articles done, events done)``. Returns the number of
        clusters. The result is what clustering at ingest would have given."""
        config = config or ClusterConfig()
        return rebuild_clusters(self.engine, self._clustering_stage(config), batch_articles,
                                on_progress)  # fmt: skip

    def _resolve_actors(self, conn: Connection, fresh: ArticleRows) -> dict[ActorKey, int]:
        """Fill ``fresh.actors`` (actor ids for keys) and add the batch's event counts
        to ``actors``; returns the ids that were new to this store."""
        new_ids = self._actor_ids.new_ids(conn, (row[3] for row in fresh.actors_by_key))
        known = self._actor_ids.known
        id_of = {**known, **new_ids} if new_ids else known
        fresh.actors = [
            (e, side, pos, id_of[key], role) for e, side, pos, key, role in fresh.actors_by_key
        ]
        counts: dict[int, int] = {}
        for key, n in fresh.actor_events.items():  # two keys (None, '') may share an id
            counts[id_of[key]] = counts.get(id_of[key], 0) + n
        add_event_counts(conn, counts)
        return new_ids

    # ------------------------------------------------------------------ reading

    def query_events(self, event_filter: EventFilter | None = None) -> EventPage:
        """One page of events, newest first; pass ``page.next_cursor`` back as
        ``EventFilter.cursor`` for the next one."""
        f = (event_filter or EventFilter()).validated()
        with self.engine.connect() as conn:
            common = frozenset(
                side
                for side, value in (("source", f.source), ("target", f.target))
                if value
                and (conn.scalar(query.common_actor_probe(side, value.strip().upper())) or 0)
                > query.COMMON_ACTOR_ROWS
            )
            actor_ids = matching_actor_ids(conn, f.actor) if f.actor else None
            if (
                actor_ids is not None
                and (conn.scalar(query.matched_actor_events(actor_ids)) or 0)
                > query.COMMON_ACTOR_ROWS
            ):
                common |= {"actor"}
            keys = conn.execute(query.events_page_query(f, common, actor_ids)).all()
            more = len(keys) > f.limit
            keys = keys[: f.limit]
            ids = [k.event_key for k in keys]
            texts: dict[int, str] = (
                dict(conn.execute(query.events_by_key(ids)).all()) if ids else {}
            )
        page_events = [Event.from_dict(json.loads(texts[i])) for i in ids if i in texts]
        cursor = None
        if more and keys:
            cursor = encode_cursor(_as_date(keys[-1].sort_date), keys[-1].event_key)
        return EventPage(page_events, cursor)

    def iter_events(
        self, event_filter: EventFilter | None = None, max_events: int | None = None
    ) -> Iterator[Event]:
        """Every matching event (up to ``max_events``), page by page."""
        f = (event_filter or EventFilter(limit=500)).validated()
        sent = 0
        while True:
            page = self.query_events(f)
            for event in page.events:
                if max_events is not None and sent >= max_events:
                    return
                yield event
                sent += 1
            if page.next_cursor is None:
                return
            f = replace(f, cursor=page.next_cursor)

    def count_events(self, event_filter: EventFilter | None = None) -> int:
        f = (event_filter or EventFilter()).validated()
        with self.engine.connect() as conn:
            actor_ids = matching_actor_ids(conn, f.actor) if f.actor else None
            return int(conn.scalar(query.count_query(f, actor_ids)) or 0)

    def get_article(self, article_id: str) -> Article | None:
        with self.engine.connect() as conn:
            text = conn.scalar(select(articles.c.json).where(articles.c.id == article_id))
        return Article.from_dict(json.loads(text)) if text else None

    def article_events(self, article_id: str) -> list[Event]:
        """The events of one article, in text order."""
        with self.engine.connect() as conn:
            texts = conn.scalars(
                select(events.c.json)
                .where(events.c.article_id == article_id)
                .order_by(events.c.sentence_index, events.c.event_id)
            ).all()
        found = [Event.from_dict(json.loads(t)) for t in texts]
        return sorted(found, key=lambda e: (e.sentence_index, e.span))

    def dyad_timeline(
        self, a: str, b: str, interval: str = "month", factual_only: bool = True
    ) -> list[TimelinePoint]:
        """Events between ``a`` and ``b`` (countries like ``USA`` or actor codes like
        ``USAGOV``; either direction) per interval (``day``, ``week`` starting Monday,
        ``month``) of the event date, else the article date: counts by quad class and
        mean Goldstein. Events without any date, and events dated less precisely than
        the interval (a month-precise event in a daily timeline, a "before" one in
        any), are left out: ``timeline_undrawn`` counts them."""
        return self._timeline(a, b, interval, factual_only, None)

    def timeline_undrawn(
        self, a: str, b: str, interval: str = "month", factual_only: bool = True
    ) -> dict[str, int]:
        """How many events ``dyad_timeline`` leaves out for their date's precision, by
        precision (``month``, ``year``, ``before``, ``unknown`` ...)."""
        undrawn: Counter[str] = Counter()
        self._timeline(a, b, interval, factual_only, undrawn)
        return dict(undrawn)

    def _timeline(
        self, a: str, b: str, interval: str, factual_only: bool, undrawn: Counter[str] | None
    ) -> list[TimelinePoint]:
        if interval not in query.INTERVALS:
            raise BadFilter(f"bad interval {interval!r}: expected one of day, week, month")
        dyad = Dyad.parse(f"{a}:{b}")
        with self.engine.connect() as conn:
            rows = conn.execute(query.timeline_query(dyad, factual_only)).all()
        return query.roll_up(rows, interval, undrawn)

    def dyad_left_out(
        self, a: str, b: str, factual_only: bool = True, interval: str | None = None
    ) -> LeftOut:
        """The events between ``a`` and ``b`` that ``dyad_timeline`` does not count, and
        why: no date at all, (``factual_only``) negated or not yet happened, or (with an
        ``interval``) dated less precisely than it. Each event has one reason, the first
        of these that holds."""
        if interval is not None and interval not in query.INTERVALS:
            raise BadFilter(f"bad interval {interval!r}: expected one of day, week, month")
        dyad = Dyad.parse(f"{a}:{b}")
        found: dict[str, list[str]] = {"negated": [], "not_yet": [], "undated": [],
                                       "imprecise": []}  # fmt: skip
        names, count_stmt = query.left_out_counts_query(dyad, factual_only, interval)
        with self.engine.connect() as conn:
            rows = conn.execute(
                query.left_out_query(dyad, factual_only, LEFT_OUT_IDS, interval)
            ).all()
            counts = conn.execute(count_stmt).one()
        for event_id, negated, factual, sort_date in rows:
            if _as_date(sort_date) == UNKNOWN_DATE:
                found["undated"].append(event_id)
            elif factual_only and not factual:
                found["negated" if negated else "not_yet"].append(event_id)
            else:
                found["imprecise"].append(event_id)
        return LeftOut(
            tuple(found["negated"]), tuple(found["not_yet"]), tuple(found["undated"]),
            {name: int(n or 0) for name, n in zip(names, counts, strict=True)},
            tuple(found["imprecise"]),
        )  # fmt: skip

    def busiest_dyads(self, limit: int = 10, factual_only: bool = True) -> list[DyadSummary]:
        """Pairs of countries with most dated events between them, either direction."""
        with self.engine.connect() as conn:
            rows = conn.execute(query.busiest_dyads_query(limit, factual_only)).all()
        found = []
        for pair, n, days, first, last in rows:
            a, b = pair.split("|")
            found.append(DyadSummary(a, b, int(n), int(days), _as_date(first), _as_date(last)))
        return found

    def search_actors(self, q: str, limit: int = 20) -> list[ActorSummary]:
        """Actors whose code, name or text contains ``q`` (case-insensitive), most
        events first; those whose code or country is ``q`` come first. One entry per
        (code, name, country, sector); its count adds up the actor's texts, so it is an
        upper bound when one event names the same actor twice."""
        with self.engine.connect() as conn:
            rows: list[tuple[Any, ...]] = []
            if q.strip().isalnum():
                rows = [
                    tuple(r) for r in conn.execute(query.actor_search_query(q, limit, exact=True))
                ]
            if len(rows) < limit:
                seen = {tuple(r[:4]) for r in rows}
                more = conn.execute(query.actor_search_query(q, limit + len(rows))).all()
                rows += [tuple(r) for r in more if tuple(r[:4]) not in seen][: limit - len(rows)]
        return [
            ActorSummary(code or None, name or None, country or None, sector or None, int(n))
            for code, name, country, sector, n in rows
        ]

    def unresolved(self, limit: int = 50, min_count: int = 1) -> list[UnresolvedSummary]:
        """Names the resolver could not code, most frequent first, with an example."""
        u = unresolved_names.c
        n = func.count()
        stmt = (
            select(
                u.name,
                func.min(u.label),
                n,
                func.count(distinct(u.article_id)),
                func.min(u.sentence),
            )
            .group_by(u.name)
            .having(n >= min_count)
            .order_by(n.desc(), u.name)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [
            UnresolvedSummary(name, label, int(c), int(arts), ex)
            for name, label, c, arts, ex in rows
        ]

    def stats(self) -> StoreStats:
        e = events.c
        with self.engine.connect() as conn:
            n_articles = conn.scalar(select(func.count()).select_from(articles)) or 0
            n_events, n_factual, first, last = conn.execute(
                select(
                    func.count(),
                    func.count().filter(e.factual.is_(True)),
                    func.min(e.sort_date).filter(e.sort_date > UNKNOWN_DATE),
                    func.max(e.sort_date),
                )
            ).one()
            n_actors = (
                conn.scalar(
                    select(func.count(distinct(actors.c.code))).where(
                        actors.c.code != "", actors.c.events > 0
                    )
                )
                or 0
            )
            n_unresolved = conn.scalar(select(func.count(distinct(unresolved_names.c.name)))) or 0
            by_plover = conn.execute(
                select(e.plover, func.count()).where(e.plover.is_not(None)).group_by(e.plover)
            ).all()
        return StoreStats(
            articles=int(n_articles),
            events=int(n_events or 0),
            factual_events=int(n_factual or 0),
            actors=int(n_actors),
            unresolved_names=int(n_unresolved),
            first_date=_as_date(first) if first else None,
            last_date=_as_date(last) if last and _as_date(last) > UNKNOWN_DATE else None,
            events_by_plover={p: int(c) for p, c in sorted(by_plover, key=lambda r: -r[1])},
        )


# PostgreSQL SQLSTATEs worth a retry: serialization failure, deadlock, lock not available.
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def _is_transient(exc: DBAPIError) -> bool:
    """A lock or a concurrent writer's row: the batch will go through on a retry."""
    if isinstance(exc, IntegrityError):
        return True  # another process stored the same article first; the retry skips it
    if getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _check_schema_version(conn: Connection) -> None:
    """A store written by another schema version cannot be read or extended here."""
    if not inspect(conn).has_table(store_info.name):
        return
    found = conn.scalar(select(store_info.c.value).where(store_info.c.key == "schema_version"))
    if found is not None and found != str(SCHEMA_VERSION):
        raise StoreError(
            f"the database has store schema version {found}, this newsevents writes "
            f"version {SCHEMA_VERSION}: ingest into a new database"
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch's rows are built: they are tens of
    thousands of short-lived tuples without cycles, and each collection would also walk
    every object of the process (a loaded spaCy model is millions): measured at 7
    microseconds an event without clustering, 15 with it (bench/store.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lock_clusters(conn: Connection) -> None:
    """PostgreSQL: one clustering writer at a time (a batch rereads and rewrites the
    units it touches; two at once could each miss the other's members). SQLite's
    write transactions are exclusive already."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE clusters IN SHARE ROW EXCLUSIVE MODE")


def _event_keys(conn: Connection, n: int) -> Iterator[int]:
    """``n`` new event keys, increasing. SQLite: after the largest one (the write
    transaction holds the database lock); PostgreSQL: from the column's sequence."""
    if conn.dialect.name == "sqlite":
        start = conn.scalar(select(func.coalesce(func.max(events.c.event_key), 0))) or 0
        return itertools.count(int(start) + 1)
    if n == 0:
        return iter(())
    keys = conn.exec_driver_sql(
        "SELECT nextval(pg_get_serial_sequence('events', 'event_key')) FROM generate_series(1, %s)",
        (n,),
    ).scalars()
    return iter(sorted(int(k) for k in keys))


def _delete_articles(conn: Connection, article_ids: list[str]) -> None:
    """Remove articles and everything hanging off them (children first)."""
    event_keys = select(events.c.event_key).where(events.c.article_id.in_(article_ids))
    add_event_counts(conn, event_counts_of(conn, conn.scalars(event_keys).all()), sign=-1)
    conn.execute(delete(event_actors).where(event_actors.c.event_key.in_(event_keys)))
    conn.execute(delete(event_dyads).where(event_dyads.c.event_key.in_(event_keys)))
    conn.execute(delete(events).where(events.c.article_id.in_(article_ids)))
    conn.execute(delete(unresolved_names).where(unresolved_names.c.article_id.in_(article_ids)))
    conn.execute(delete(articles).where(articles.c.id.in_(article_ids)))


def _insert_rows(conn: Connection, fresh: ArticleRows) -> None:
    """Bulk inserts, parents before children for the foreign keys."""
    for table, columns, rows in (
        (articles, ARTICLE_COLUMNS, fresh.articles),
        (events, EVENT_COLUMNS, fresh.events),
        (event_actors, ACTOR_COLUMNS, fresh.actors),
        (event_dyads, DYAD_COLUMNS, fresh.dyads),
        (unresolved_names, UNRESOLVED_COLUMNS, fresh.unresolved),
    ):
        if rows:
            if table is event_dyads:  # in primary key order (pair, sort_date, event_key)
                rows = sorted(rows, key=lambda row: (row[3], row[5], row[0]))
            bulk_insert(conn, table.name, columns, rows)
