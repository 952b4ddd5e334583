"""The pipeline codes a stream in order, and one bad article never sinks its batch."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.model import Article
from newsevents.pipeline import Pipeline

GOOD = "Kenyan police arrested dozens of protesters in Nairobi on Thursday."


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
    for ok in (coded[0], coded[2]):
        assert ok.error is None
        assert any(e.plover == "COERCE" for e in ok.events)
