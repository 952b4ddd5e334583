"""Worker processes: same results as one process, in input order, bounded look-ahead."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterator

import pytest

from newsevents.config import load_settings
from newsevents.model import Article
from newsevents.parallel import code_parallel
from newsevents.pipeline import Pipeline

PEOPLE = [
    ("U.S. Secretary of State Antony Blinken", "Chinese Foreign Minister Wang Yi", "met"),
    ("Russian troops", "Ukrainian soldiers", "attacked"),
    ("Israel", "Hamas", "accused"),
    ("The European Union", "Iran", "imposed sanctions on"),
]


def article(n: int) -> Article:
    source, target, verb = PEOPLE[n % len(PEOPLE)]
    text = f"{source} {verb} {target} in the capital on Tuesday, officials said of case {n}."
    return Article(id=f"p{n:02d}", title=f"Story {n}", date=dt.date(2024, 3, 5), paragraphs=(text,))


@pytest.mark.slow
def test_workers_keep_input_order_and_give_the_same_events(pipeline: Pipeline) -> None:
    articles = [article(n) for n in range(10)]
    settings = load_settings(env={})
    expected = [[e.to_dict() for e in c.events] for c in pipeline.code_articles(articles)]
    assert any(expected), "the fixture sentences should code to some events"
    got = list(code_parallel(iter(articles), settings, workers=2, chunk_size=2))
    assert [c.article.id for c in got] == [a.id for a in articles]
    assert [[e.to_dict() for e in c.events] for c in got] == expected
    assert all(c.error is None for c in got)


@pytest.mark.slow
def test_input_is_pulled_lazily(pipeline: Pipeline) -> None:
    pulled = 0

    def stream() -> Iterator[Article]:
        nonlocal pulled
        for n in range(60):
            pulled += 1
            yield article(n)

    results = code_parallel(stream(), load_settings(env={}), workers=2, chunk_size=2)
    first = next(results)
    assert first.article.id == "p00"
    # the peeked first chunk, 2 chunks in flight per worker, and one refill
    assert pulled <= 2 * (2 * 2 + 1)
    results.close()  # stops the pool without reading the rest
    assert pulled < 60


@pytest.mark.slow
def test_one_worker_or_small_input_runs_in_this_process(pipeline: Pipeline) -> None:
    settings = load_settings(env={})
    for workers, chunk_size, n in ((1, 2, 6), (2, 64, 3)):
        seen_children = []
        for coded in code_parallel((article(k) for k in range(n)), settings, workers, chunk_size):
            seen_children.append(len(multiprocessing.active_children()))
            assert coded.error is None
        assert len(seen_children) == n and not any(seen_children)


def test_a_broken_pipeline_is_raised_in_the_parent_for_any_worker_count() -> None:
    from newsevents.nlp import ModelNotFound

    settings = load_settings(env={}, model="no_such_spacy_model")
    for workers in (1, 2):
        with pytest.raises(ModelNotFound):
            list(code_parallel([article(n) for n in range(4)], settings, workers, chunk_size=1))
