"""Coding in N worker processes, streaming, in input order, with bounded memory.

Each worker builds one ``Pipeline`` (spaCy model and knowledge loaded once) in its
initializer and codes chunks of articles. At most ``2 × workers`` chunks are in flight,
so a stream of any length never sits in memory whole. With one worker (or an input that
fits in a single chunk) the pipeline runs in this process: no start-up cost.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from .config import Settings
from .model import Article, CodedArticle
from .pipeline import Pipeline

IN_FLIGHT_PER_WORKER = 2


@functools.lru_cache(maxsize=1)
def _worker_pipeline(settings: Settings) -> Pipeline:
    # One Pipeline per worker process, built by the initializer and kept for its life.
    return Pipeline(settings)


def _init_worker(settings: Settings) -> None:
    pipeline = _worker_pipeline(settings)
    try:
        _ = pipeline.nlp, pipeline.resolver, pipeline.coder  # load now, not on first chunk
    except Exception:
        # A failing initializer breaks the pool with a traceback on stderr; instead the
        # same error comes back from the first chunk and is raised in the parent.
        pass


def _code_chunk(settings: Settings, chunk: list[Article]) -> list[CodedArticle]:
    return list(_worker_pipeline(settings).code_articles(chunk))


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while chunk := list(itertools.islice(articles, size)):
        yield chunk


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean server process, not from this one (which
    # may hold threads: a progress bar, a database pool), and start faster than spawn.
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def code_parallel(
    articles: Iterable[Article],
    settings: Settings,
    workers: int | None = None,
    chunk_size: int | None = None,
) -> Iterator[CodedArticle]:
    """Code ``articles`` in ``workers`` processes (None: ``settings.workers``; 0: one per
    core), yielding ``CodedArticle``s in input order."""
    if workers is None:
        n = settings.effective_workers()
    else:
        n = workers if workers > 0 else (os.cpu_count() or 1)
    size = chunk_size or settings.batch_size
    stream = iter(articles)
    first = list(itertools.islice(stream, size))
    if n <= 1 or len(first) < size:
        # The process's cached pipeline: a watcher coding a few pages per poll must not
        # load spaCy and the knowledge base again each time.
        yield from _worker_pipeline(settings).code_articles(itertools.chain(first, stream))
        return
    yield from _code_in_pool(itertools.chain(first, stream), settings, n, size)


def _code_in_pool(
    stream: Iterator[Article], settings: Settings, workers: int, size: int
) -> Iterator[CodedArticle]:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_pool_context(),
        initializer=_init_worker,
        initargs=(settings,),
    )
    pending: deque[tuple[list[Article], Future[list[CodedArticle]]]] = deque()
    chunks = _chunks(stream, size)
    try:
        for chunk in itertools.islice(chunks, workers * IN_FLIGHT_PER_WORKER):
            pending.append((chunk, pool.submit(_code_chunk, settings, chunk)))
        while pending:
            _chunk, future = pending.popleft()
            # The pipeline records a failing article on its CodedArticle; an exception
            # here means the pipeline itself is broken (model missing, bad data file) and
            # is raised, as it would be with one worker.
            results = future.result()
            next_chunk = next(chunks, None)
            if next_chunk is not None:
                pending.append((next_chunk, pool.submit(_code_chunk, settings, next_chunk)))
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
