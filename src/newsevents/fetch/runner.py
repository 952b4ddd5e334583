"""Fetching and watching: feeds → queued items → pages → articles → the store.

Pages are fetched from up to ``fetch_hosts`` hosts at once (one request at a time per
host, see :mod:`.client`) and read, coded and stored in chunks through
:func:`newsevents.store.ingest_articles`, the same path files take. An item is marked
stored only once its article is committed (see :mod:`.state` for why that is kill-safe).
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TypeVar
from urllib.parse import urlsplit

from ..article import TextStructurer
from ..config import Settings
from ..model import Article
from ..read import Reader
from ..read.decode import BinaryContentError
from ..read.html import EmptyPageError
from ..store import Store, ingest_articles
from .client import FEED_ACCEPT, FetchPolicy, Page, PoliteClient
from .errors import FetchFailure
from .feeds import FeedSpec, normalize_url, parse_feed
from .state import DISALLOWED, PENDING, FeedRow, FetchState, ItemRow

__all__ = ["FetchReport", "Fetcher", "fetch_concurrently"]

J = TypeVar("J")
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass
class FetchReport:
    """Counts of one ``fetch`` or one poll of ``watch``; ``errors``: one line each."""

    feeds_read: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_waiting: int = 0  # in back-off after failures or a Retry-After
    items_queued: int = 0  # new article URLs found in the feeds
    already_stored: int = 0  # URLs given to fetch whose article is stored (no --refresh)
    fetched: int = 0  # pages downloaded and read
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    disallowed: int = 0
    retry_later: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return self.feeds_failed + self.disallowed + self.retry_later + self.failed

    def add(self, other: FetchReport) -> None:
        for name in self.__dataclass_fields__:
            if name != "errors":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def summary(self) -> str:
        feeds = ""
        if self.feeds_read or self.feeds_not_modified or self.feeds_failed or self.feeds_waiting:
            feeds = (
                f"feeds: {self.feeds_read} read, {self.feeds_not_modified} not modified, "
                f"{self.feeds_failed} failed, {self.feeds_waiting} waiting; "
                f"{self.items_queued} new items; "
            )
        return (
            f"{feeds}pages: {self.fetched} fetched, {self.new} new, {self.replaced} replaced, "
            f"{self.unchanged} unchanged, {self.already_stored} already stored, "
            f"{self.disallowed} disallowed by robots.txt, {self.retry_later} to retry, "
            f"{self.failed} failed; {self.events} events stored"
        )


ErrorCallback = Callable[[str], None]


class Fetcher:
    """Fetches URLs and polls feeds into ``store``; close it (or use ``with``)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        client: PoliteClient | None = None,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        on_error: ErrorCallback | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.stop = stop or threading.Event()
        self._now = now
        self._owns_client = client is None
        self.client = client or PoliteClient(
            FetchPolicy.from_settings(settings), now=now, sleep=self._pause
        )
        self.state = FetchState(store, settings.fetch_retry_delay, settings.fetch_max_attempts)
        self._on_error = on_error
        self._structurer = TextStructurer.default()

    def _pause(self, seconds: float) -> None:
        self.stop.wait(seconds)  # a stop request ends a polite wait at once

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ entry points

    def fetch_urls(
        self, urls: Iterable[str], refresh: bool = False, date: dt.date | None = None
    ) -> FetchReport:
        """Fetch, code and store article pages; a URL whose article is stored already
        is left alone unless ``refresh``. ``date``: publication date for pages that
        carry none (else the day they are fetched)."""
        report = FetchReport()
        keys: list[str] = []
        for url in urls:
            try:
                keys.append(normalize_url(url))
            except ValueError as exc:
                self._error(report, f"{url}: {exc}")
                report.failed += 1
        keys = list(dict.fromkeys(keys))
        if not refresh:
            stored = self.state.stored_urls(keys)
            report.already_stored = sum(1 for k in keys if k in stored)
            keys = [k for k in keys if k not in stored]
        self.state.queue_now(keys, self._now())
        self._fetch_items(self.state.items(keys), report, date)
        return report

    def poll(self, feeds: Sequence[FeedSpec]) -> FetchReport:
        """One round: read the feeds that are due, queue their new entries, then fetch
        every item that is due (new ones and earlier failures whose retry time came)."""
        report = FetchReport()
        due = self.state.due_feeds(feeds, self._now())
        report.feeds_waiting = len({f.url for f in feeds}) - len(due)
        outcomes = fetch_concurrently(
            lambda feed: self.client.get(feed.url, accept=FEED_ACCEPT, etag=feed.etag,
                                         last_modified=feed.last_modified),
            due, lambda feed: feed.url, self.settings.fetch_hosts, self.stop,
        )  # fmt: skip
        for batch in outcomes:
            for feed, outcome in batch:
                self._record_feed(feed, outcome, report)
        if not self.stop.is_set():
            self._fetch_items(self.state.due_items(self._now()), report, None)
        return report

    # ------------------------------------------------------------------ feeds

    def _record_feed(self, feed: FeedRow, outcome: Page | FetchFailure, report: FetchReport) -> None:
        if isinstance(outcome, Page) and outcome.status == 304:
            self.state.record_feed_read(feed, None, None, None, self._now())
            report.feeds_not_modified += 1
            return
        if isinstance(outcome, Page):
            try:
                parsed = parse_feed(outcome.body, outcome.final_url, outcome.content_type)
            except FetchFailure as failure:
                outcome = failure
            else:
                report.items_queued += self.state.record_feed_read(
                    feed, parsed, outcome.etag, outcome.last_modified, self._now()
                )
                report.feeds_read += 1
                return
        retry_at = self.state.record_feed_failure(feed, outcome, self._now())
        report.feeds_failed += 1
        self._error(report, f"{feed.url}: feed: {outcome.message} (next try {_hhmm(retry_at)})")

    # ------------------------------------------------------------------ items

    def _fetch_items(self, items: list[ItemRow], report: FetchReport, date: dt.date | None) -> None:
        # Pages are coded as they come, in chunks of at most a coding batch, while the
        # downloads go on. A kill loses at most the chunk being coded, which the next run
        # fetches again (and the store does not duplicate).
        chunks = fetch_concurrently(
            lambda item: self.client.get(item.url), items, lambda item: item.url,
            self.settings.fetch_hosts, self.stop, batch=self.settings.batch_size,
        )  # fmt: skip
        for chunk in chunks:
            self._store_chunk(chunk, report, date)

    def _store_chunk(
        self,
        chunk: list[tuple[ItemRow, Page | FetchFailure]],
        report: FetchReport,
        date: dt.date | None,
    ) -> None:
        read: list[tuple[ItemRow, Page, Article]] = []
        for item, outcome in chunk:
            if isinstance(outcome, FetchFailure):
                self._item_failed(item, outcome, report)
                continue
            try:
                read.append((item, outcome, self._article(item, outcome, date)))
            except FetchFailure as failure:
                self._item_failed(item, failure, report)
            except (EmptyPageError, BinaryContentError, ValueError) as exc:
                unreadable = FetchFailure(str(exc), transient=False, status=outcome.status)
                self._item_failed(item, unreadable, report)
        if not read:
            return
        report.fetched += len(read)
        ingested = ingest_articles(
            (article for _, _, article in read), self.store, self.settings, workers=1
        )
        report.new += ingested.new
        report.replaced += ingested.replaced
        report.unchanged += ingested.skipped_duplicate
        report.events += ingested.events
        stored = self.store.stored_hashes([article.id for _, _, article in read])
        for item, page, article in read:
            if stored.get(article.id) == article.content_hash:
                self.state.record_stored(item, article.id, page.final_url, page.status,
                                         page.fetched_at)  # fmt: skip
            else:
                why = _coding_error(ingested.errors, article) or "not stored"
                self._item_failed(item, FetchFailure(why, transient=False), report)

    def _article(self, item: ItemRow, page: Page, date: dt.date | None) -> Article:
        media_type = (page.content_type or "").split(";")[0].strip().lower()
        if media_type and media_type not in HTML_TYPES:
            raise FetchFailure(f"not an HTML page ({media_type})", transient=False,
                               status=page.status)  # fmt: skip
        # The feed's date wins over the page's; a page with no date at all is taken to be
        # published the day it was fetched (``date`` for ``fetch --date``).
        reader = Reader(self._structurer, date or page.fetched_at.date())
        article = reader.html(page.body, id=item.url, url=page.final_url, origin=item.url,
                              fallback_id=item.url, date=item.published,
                              content_type=page.content_type)  # fmt: skip
        return replace(
            article, outlet=item.outlet or article.outlet, fetched_at=page.fetched_at
        )

    def _item_failed(self, item: ItemRow, failure: FetchFailure, report: FetchReport) -> None:
        outcome = self.state.record_failure(item, failure, self._now())
        if outcome.state == PENDING:
            report.retry_later += 1
            self._error(report, f"{item.url}: {outcome.message} (retry {_hhmm(outcome.retry_at)})")
        elif outcome.state == DISALLOWED:
            report.disallowed += 1
            self._error(report, f"{item.url}: {outcome.message}")
        else:
            report.failed += 1
            self._error(report, f"{item.url}: {outcome.message}")

    def _error(self, report: FetchReport, line: str) -> None:
        line = " ".join(line.split())
        report.errors.append(line)
        if self._on_error:
            self._on_error(line)


def fetch_concurrently(
    get: Callable[[J], Page],
    jobs: Sequence[J],
    url_of: Callable[[J], str],
    hosts: int,
    stop: threading.Event,
    batch: int = 1,
) -> Iterator[list[tuple[J, Page | FetchFailure]]]:
    """``get`` every job, up to ``hosts`` hosts at once, one job at a time per host.
    Results come back as they finish, in lists of up to ``batch``: the first result,
    waited for, and those ready with it. Up to ``2 × max(batch, hosts)`` wait to be
    taken, so downloads go on while a batch is processed. Closing the iterator (or
    ``stop``) ends the work after the requests in flight."""
    by_host: dict[str, list[J]] = {}
    for job in jobs:
        by_host.setdefault(urlsplit(url_of(job)).netloc.lower(), []).append(job)
    if not by_host:
        return
    results: queue.Queue[tuple[J, Page | FetchFailure]] = queue.Queue(
        maxsize=2 * max(batch, hosts)
    )
    halt = threading.Event()

    def run(host_jobs: list[J]) -> None:
        for job in host_jobs:
            if halt.is_set() or stop.is_set():
                return
            outcome: Page | FetchFailure
            try:
                outcome = get(job)
            except FetchFailure as failure:
                outcome = failure
            except Exception as exc:  # a bug must not end the poll: the item is retried
                outcome = FetchFailure(f"unexpected {type(exc).__name__}: {exc}", transient=True)
            while not halt.is_set():
                try:
                    results.put((job, outcome), timeout=0.1)
                    break
                except queue.Full:
                    continue

    pool = ThreadPoolExecutor(min(hosts, len(by_host)), thread_name_prefix="newsevents-fetch")
    futures = [pool.submit(run, host_jobs) for host_jobs in by_host.values()]
    try:
        while True:
            try:
                ready = [results.get(timeout=0.05)]
            except queue.Empty:
                if all(f.done() for f in futures) and results.empty():
                    return
                continue
            while len(ready) < batch:  # and whatever else is ready, without waiting
                try:
                    ready.append(results.get_nowait())
                except queue.Empty:
                    break
            yield ready
    except BaseException:
        # Abandoned (Ctrl-C, an error downstream): cut the threads' polite waits short
        # too, so the shutdown below waits only for the requests in flight.
        stop.set()
        raise
    finally:
        halt.set()
        pool.shutdown(wait=True, cancel_futures=True)


def _coding_error(errors: list[str], article: Article) -> str | None:
    prefix = f"{article.origin or article.id}: "
    return next((e[len(prefix) :] for e in errors if e.startswith(prefix)), None)


def _hhmm(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else "later"
