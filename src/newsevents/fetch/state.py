"""What the watcher knows, kept in the store (tables ``feeds`` and ``fetch_items``).

Every change is one short transaction, made only after the thing it records is done:
a feed's new entries are queued together with its validators (ETag, Last-Modified), so
a watcher killed after reading a feed either queued its entries or will read them
again; an item becomes ``stored`` only after its article is in the store, so a kill
in between fetches it once more and the store, keyed by URL and content hash, keeps
one copy. Nothing is lost and nothing is stored twice. Times are UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update

from ..store import Store
from ..store.engine import write_options
from ..store.schema import articles, feeds, fetch_items
from .errors import FetchFailure
from .feeds import FeedSpec, ParsedFeed

__all__ = ["FeedRow", "FetchState", "ItemRow", "ItemOutcome"]

MAX_RETRY_DELAY = dt.timedelta(days=1)
# Item states; ``pending`` items are fetched once ``next_attempt_at`` (None: now) passes.
PENDING, STORED, FAILED, DISALLOWED = "pending", "stored", "failed", "disallowed"
IN_CHUNKS = 500  # URLs per ``IN (...)`` list


@dataclass(frozen=True)
class FeedRow:
    url: str
    outlet: str | None
    etag: str | None
    last_modified: str | None
    failures: int


@dataclass(frozen=True)
class ItemRow:
    url: str
    feed_url: str | None
    outlet: str | None
    published: dt.date | None
    attempts: int


@dataclass(frozen=True)
class ItemOutcome:
    """What became of a failed item: its new state and, if pending, when to retry."""

    state: str
    retry_at: dt.datetime | None
    message: str


class FetchState:
    """Reads and writes the watcher's tables of an open store."""

    def __init__(self, store: Store, retry_delay: float, max_attempts: int) -> None:
        self.store = store
        self.retry_delay = retry_delay
        self.max_attempts = max_attempts

    # ------------------------------------------------------------------ feeds

    def due_feeds(self, specs: Sequence[FeedSpec], now: dt.datetime) -> list[FeedRow]:
        """Add feeds not yet known (or update their outlet), and return those not
        waiting out a failure or a Retry-After, in the given order."""
        wanted = {s.url: s for s in specs}
        f = feeds.c
        with self._writing() as conn:
            known = {r.url: r for r in self._rows_in(conn, feeds, f.url, list(wanted))}
            fresh = [s for s in wanted.values() if s.url not in known]
            if fresh:
                _insert_new(conn, feeds, [
                    {"url": s.url, "outlet": s.outlet, "added_at": now, "failures": 0,
                     "items_found": 0} for s in fresh
                ])  # fmt: skip
            for spec in wanted.values():
                if spec.url in known and known[spec.url].outlet != spec.outlet:
                    conn.execute(update(feeds).where(f.url == spec.url).values(outlet=spec.outlet))
        due: list[FeedRow] = []
        for spec in wanted.values():
            row = known.get(spec.url)
            if row is not None and row.next_check_at and _utc(row.next_check_at) > now:
                continue
            due.append(FeedRow(spec.url, spec.outlet, row.etag if row else None,
                               row.last_modified if row else None,
                               row.failures if row else 0))  # fmt: skip
        return due

    def record_feed_read(
        self, feed: FeedRow, parsed: ParsedFeed | None, etag: str | None,
        last_modified: str | None, now: dt.datetime,
    ) -> int:  # fmt: skip
        """The feed was read (``parsed`` None: 304 Not Modified): queue its new entries
        and keep its validators, in one transaction. Returns the number queued."""
        queued = 0
        status = "not modified"
        values: dict[str, Any] = {"last_checked_at": now, "last_read_at": now, "failures": 0,
                                  "next_check_at": None}  # fmt: skip
        with self._writing() as conn:
            if parsed is not None:
                queued = self._queue_entries(conn, feed, parsed, now)
                n = len(parsed.entries)
                status = f"{n} {'entry' if n == 1 else 'entries'}, {queued} new"
                values.update(title=parsed.title, etag=etag, last_modified=last_modified,
                              items_found=feeds.c.items_found + queued)  # fmt: skip
            values["last_status"] = status
            conn.execute(update(feeds).where(feeds.c.url == feed.url).values(**values))
        return queued

    def record_feed_failure(
        self, feed: FeedRow, failure: FetchFailure, now: dt.datetime
    ) -> dt.datetime:
        """Count a failed poll; the feed waits (doubling, at most a day) before the next.
        Returns when it may be polled again."""
        wait = self._retry_wait(feed.failures, failure.retry_after)
        with self._writing() as conn:
            conn.execute(
                update(feeds)
                .where(feeds.c.url == feed.url)
                .values(last_checked_at=now, last_status=f"error: {failure.message}",
                        failures=feeds.c.failures + 1, next_check_at=now + wait)  # fmt: skip
            )
        return now + wait

    def _queue_entries(
        self, conn: Connection, feed: FeedRow, parsed: ParsedFeed, now: dt.datetime
    ) -> int:
        urls = [e.url for e in parsed.entries]
        known = {r.url for r in self._rows_in(conn, fetch_items, fetch_items.c.url, urls)}
        in_store = {r.id for r in self._rows_in(conn, articles, articles.c.id, urls)}
        fresh = [e for e in parsed.entries if e.url not in known]
        if fresh:
            _insert_new(conn, fetch_items, [
                {"url": e.url, "feed_url": feed.url, "outlet": feed.outlet, "title": e.title,
                 "published": e.published, "attempts": 0, "first_seen_at": now,
                 "state": STORED if e.url in in_store else PENDING,
                 "article_id": e.url if e.url in in_store else None} for e in fresh
            ])  # fmt: skip
        return sum(1 for e in fresh if e.url not in in_store)

    # ------------------------------------------------------------------ items

    def stored_urls(self, urls: Sequence[str]) -> set[str]:
        """Those of ``urls`` whose article is in the store (fetched or ingested)."""
        with self.store.engine.connect() as conn:
            done = {r.url for r in self._rows_in(conn, fetch_items, fetch_items.c.url, urls)
                    if r.state == STORED}  # fmt: skip
            return done | {r.id for r in self._rows_in(conn, articles, articles.c.id, urls)}

    def queue_now(self, urls: Sequence[str], now: dt.datetime) -> None:
        """Make ``urls`` pending and due now, earlier failures forgotten (``fetch``)."""
        with self._writing() as conn:
            known = {r.url for r in self._rows_in(conn, fetch_items, fetch_items.c.url, urls)}
            fresh = [u for u in dict.fromkeys(urls) if u not in known]
            if fresh:
                _insert_new(conn, fetch_items, [
                    {"url": u, "state": PENDING, "attempts": 0, "first_seen_at": now}
                    for u in fresh
                ])  # fmt: skip
            for chunk in _chunks(sorted(known)):
                conn.execute(
                    update(fetch_items)
                    .where(fetch_items.c.url.in_(chunk))
                    .values(state=PENDING, attempts=0, next_attempt_at=None, error=None)
                )

    def items(self, urls: Sequence[str]) -> list[ItemRow]:
        with self.store.engine.connect() as conn:
            rows = {r.url: r for r in self._rows_in(conn, fetch_items, fetch_items.c.url, urls)}
        return [_item(rows[u]) for u in dict.fromkeys(urls) if u in rows]

    def due_items(self, now: dt.datetime) -> list[ItemRow]:
        """Pending items whose time has come, oldest first."""
        i = fetch_items.c
        stmt = (
            select(fetch_items)
            .where(i.state == PENDING, or_(i.next_attempt_at.is_(None), i.next_attempt_at <= now))
            .order_by(i.first_seen_at, i.url)
        )
        with self.store.engine.connect() as conn:
            return [_item(r) for r in conn.execute(stmt)]

    def record_stored(
        self, item: ItemRow, article_id: str, final_url: str, status: int, fetched_at: dt.datetime
    ) -> None:
        with self._writing() as conn:
            conn.execute(
                update(fetch_items)
                .where(fetch_items.c.url == item.url)
                .values(state=STORED, article_id=article_id, final_url=final_url,
                        http_status=status, fetched_at=fetched_at, last_attempt_at=fetched_at,
                        attempts=fetch_items.c.attempts + 1, error=None,
                        next_attempt_at=None)  # fmt: skip
            )

    def record_failure(
        self, item: ItemRow, failure: FetchFailure, now: dt.datetime
    ) -> ItemOutcome:
        """A failed attempt: retried later if the reason may pass and attempts remain."""
        attempts = item.attempts + 1
        retry_at = None
        message = failure.message
        if failure.disallowed:
            state = DISALLOWED
        elif failure.transient and attempts < self.max_attempts:
            state, retry_at = PENDING, now + self._retry_wait(item.attempts, failure.retry_after)
        else:
            state = FAILED
            if failure.transient:
                message = f"gave up after {attempts} attempts: {message}"
        with self._writing() as conn:
            conn.execute(
                update(fetch_items)
                .where(fetch_items.c.url == item.url)
                .values(state=state, attempts=attempts, http_status=failure.status,
                        error=message, last_attempt_at=now, next_attempt_at=retry_at)  # fmt: skip
            )
        return ItemOutcome(state, retry_at, message)

    # ------------------------------------------------------------------ the dashboard

    def overview(self, failures_limit: int = 50) -> dict[str, Any]:
        """Each feed with its last read and item counts, and the latest failed items."""
        f, i = feeds.c, fetch_items.c
        with self.store.engine.connect() as conn:
            counts: dict[str | None, dict[str, int]] = {}
            for feed_url, state, n in conn.execute(
                select(i.feed_url, i.state, func.count()).group_by(i.feed_url, i.state)
            ):
                counts.setdefault(feed_url, {})[state] = int(n)
            feed_rows = conn.execute(select(feeds).order_by(func.coalesce(f.outlet, f.title, f.url), f.url)).all()
            failed = conn.execute(
                select(i.url, i.feed_url, i.state, i.attempts, i.http_status, i.error,
                       i.last_attempt_at, i.next_attempt_at)
                .where(i.error.is_not(None), i.state != STORED)
                .order_by(i.last_attempt_at.desc(), i.url)
                .limit(failures_limit)
            ).all()  # fmt: skip
        return {
            "feeds": [_feed_json(r, counts.get(r.url, {})) for r in feed_rows],
            "items": {state: sum(c.get(state, 0) for c in counts.values())
                      for state in (PENDING, STORED, FAILED, DISALLOWED)},  # fmt: skip
            "failures": [
                {"url": r.url, "feed": r.feed_url, "state": r.state, "attempts": r.attempts,
                 "http_status": r.http_status, "error": r.error,
                 "last_attempt_at": _iso(r.last_attempt_at),
                 "next_attempt_at": _iso(r.next_attempt_at)} for r in failed
            ],
        }  # fmt: skip

    # ------------------------------------------------------------------ helpers

    def _retry_wait(self, earlier_attempts: int, retry_after: float | None) -> dt.timedelta:
        backoff = dt.timedelta(seconds=self.retry_delay * 2 ** min(earlier_attempts, 20))
        wait = min(backoff, MAX_RETRY_DELAY)
        if retry_after is not None:
            wait = max(wait, dt.timedelta(seconds=retry_after))
        return wait

    def _writing(self) -> Any:
        conn = self.store.engine.connect().execution_options(**write_options())
        return _Transaction(conn)

    @staticmethod
    def _rows_in(conn: Connection, table: Any, column: Any, keys: Iterable[str]) -> list[Any]:
        found: list[Any] = []
        for chunk in _chunks(list(dict.fromkeys(keys))):
            found.extend(conn.execute(select(table).where(column.in_(chunk))).all())
        return found


class _Transaction:
    """``with`` a write connection in one transaction, closed afterwards."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def __enter__(self) -> Connection:
        self.conn.begin()
        return self.conn

    def __exit__(self, exc_type: object, *_rest: object) -> None:
        try:
            if exc_type is None:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            self.conn.close()


def _insert_new(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows whose key is new; a row another watcher inserted meanwhile is kept."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(table).on_conflict_do_nothing(), rows)
    elif conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(table).on_conflict_do_nothing(), rows)
    else:
        conn.execute(insert(table), rows)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), IN_CHUNKS):
        yield items[start : start + IN_CHUNKS]


def _item(row: Any) -> ItemRow:
    return ItemRow(row.url, row.feed_url, row.outlet, row.published, int(row.attempts or 0))


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _iso(value: dt.datetime | None) -> str | None:
    return _utc(value).isoformat(timespec="seconds") if value else None


def _feed_json(row: Any, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "url": row.url, "outlet": row.outlet, "title": row.title,
        "last_read_at": _iso(row.last_read_at), "last_checked_at": _iso(row.last_checked_at),
        "last_status": row.last_status, "failures": int(row.failures or 0),
        "next_check_at": _iso(row.next_check_at), "items_found": int(row.items_found or 0),
        "items": {state: counts.get(state, 0) for state in (PENDING, STORED, FAILED, DISALLOWED)},
    }  # fmt: skip
