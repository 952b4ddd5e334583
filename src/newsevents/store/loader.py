"""Read, code and store files in one streaming pass (``newsevents ingest``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..config import Settings, cluster_config
from ..model import Article, ReadError
from .results import IngestReport
from .store import ProgressCallback, Store

ReadErrorCallback = Callable[[ReadError], None]
ArticleCallback = Callable[[Article], None]


def articles_only(
    items: Iterable[Article | ReadError],
    report: IngestReport,
    on_read_error: ReadErrorCallback | None = None,
    on_undated: ArticleCallback | None = None,
) -> Iterator[Article]:
    """Pass articles on; count read errors (and hand them to ``on_read_error``); hand
    articles with no date anywhere to ``on_undated``."""
    for item in items:
        if isinstance(item, ReadError):
            report.read_errors += 1
            if on_read_error:
                on_read_error(item)
        else:
            if item.date is None and on_undated:
                on_undated(item)
            yield item


def ingest_paths(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    default_date: dt.date | None = None,
    workers: int | None = None,
    on_read_error: ReadErrorCallback | None = None,
    on_progress: ProgressCallback | None = None,
    on_undated: ArticleCallback | None = None,
) -> IngestReport:
    """Read ``paths`` (files, folders, ``-``), code them with ``workers`` processes
    (default: the settings') and store them; returns the counts."""
    from ..read import read_paths

    return ingest_articles(
        read_paths(paths, default_date), store, settings, workers, on_read_error, on_progress,
        on_undated,
    )  # fmt: skip


def ingest_articles(
    items: Iterable[Article | ReadError],
    store: Store,
    settings: Settings,
    workers: int | None = None,
    on_read_error: ReadErrorCallback | None = None,
    on_progress: ProgressCallback | None = None,
    on_undated: ArticleCallback | None = None,
) -> IngestReport:
    """Code and store a stream of read articles (files, fetched pages): the one way into
    the store, so every source gets the same skipping, coding and storing; articles
    with no date anywhere go to ``on_undated`` too."""
    from ..parallel import code_parallel

    read_counts = IngestReport()
    articles = articles_only(items, read_counts, on_read_error, on_undated)
    articles = not_yet_stored(articles, store, read_counts, settings.commit_every)

    def progress(report: IngestReport) -> None:
        report.read_errors = read_counts.read_errors
        if on_progress:
            on_progress(report)

    coded = code_parallel(articles, settings, workers)
    report = store.ingest(
        coded,
        commit_every=settings.commit_every,
        on_progress=progress,
        clustering=cluster_config(settings),
    )
    report.read_errors = read_counts.read_errors
    report.articles += read_counts.skipped_duplicate
    report.skipped_duplicate += read_counts.skipped_duplicate
    return report


def not_yet_stored(
    articles: Iterable[Article], store: Store, report: IngestReport, chunk: int
) -> Iterator[Article]:
    """Drop articles stored already with the same content, before the costly coding, so a
    rerun after a crash codes only what is missing (counted as skipped duplicates)."""
    pending: list[Article] = []

    def flush() -> Iterator[Article]:
        stored = store.stored_hashes([a.id for a in pending])
        for article in pending:
            if stored.get(article.id) == article.content_hash:
                report.skipped_duplicate += 1
            else:
                yield article
        pending.clear()

    for article in articles:
        pending.append(article)
        if len(pending) >= chunk:
            yield from flush()
    if pending:
        yield from flush()
