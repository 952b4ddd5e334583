"""The pipeline codes a stream in order, and one bad article never sinks its batch."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.model import Article
from newsevents.pipeline import Pipeline

GOOD = "Russian troops attacked Ukrainian positions near Kharkiv on Friday."


@pytest.mark.slow
def test_an_overlong_text_fails_alone_and_the_batch_goes_on(pipeline: Pipeline) -> None:
    day = dt.date(2025, 2, 14)
    huge = "Word " * (pipeline.nlp.max_length // 5 + 10)
    articles = [
        Article("a", date=day, paragraphs=(GOOD,)),
        Article("huge", date=day, paragraphs=(huge,)),
        Article("b", date=day, paragraphs=(GOOD,)),
    ]
    coded = list(pipeline.code_articles(articles))
    assert [c.article.id for c in coded] == ["a", "huge", "b"]
    assert coded[1].error is not None and "too long" in coded[1].error
    (alone,) = pipeline.code_articles([Article("a", date=day, paragraphs=(GOOD,))])
    assert alone.events, "the good article codes an event on its own"
    for ok in (coded[0], coded[2]):
        assert ok.error is None
        assert [e.plover for e in ok.events] == [e.plover for e in alone.events]
