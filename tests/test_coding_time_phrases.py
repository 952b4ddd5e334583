"""A time phrase is not a pattern's prepositional argument ("called X ... on Wednesday")."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.model import Article
from newsevents.pipeline import Pipeline


def _code(pipeline: Pipeline, text: str) -> list[tuple[str | None, str]]:
    article = Article("t", date=dt.date(2025, 5, 10), paragraphs=(text,))
    (coded,) = pipeline.code_articles([article])
    return [(e.plover, e.trigger) for e in coded.events]


@pytest.mark.slow
def test_on_a_weekday_is_not_a_call_on_someone(pipeline: Pipeline) -> None:
    text = (
        "Israel had launched air strikes on what it called militant targets in Lebanon "
        "on Wednesday."
    )
    assert ("REQUEST", "called") not in _code(pipeline, text)


@pytest.mark.slow
def test_a_real_call_on_someone_still_codes(pipeline: Pipeline) -> None:
    text = "Germany called on Russia on Wednesday to withdraw its troops from Ukraine."
    assert ("REQUEST", "called") in _code(pipeline, text)
