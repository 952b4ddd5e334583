"""Pronouns and what they stand for (actors/references.py), and people placed by the
story's home country (actors/placing.py); real parses."""

from __future__ import annotations

import pytest

from newsevents.actors import ActorResolver
from newsevents.model import Article
from newsevents.nlp import to_parsed
from newsevents.parsed import ActorMention

pytestmark = pytest.mark.slow


def resolve(pipeline: object, *paragraphs: str) -> list[tuple[str, ActorMention]]:
    article = Article(id="t", date=None, paragraphs=paragraphs)
    parsed = to_parsed(pipeline.nlp(article.text))  # type: ignore[attr-defined]
    resolver: ActorResolver = pipeline.resolver  # type: ignore[attr-defined]
    return [(parsed.span_text(m.start, m.end), m) for m in resolver.resolve(parsed, article)]


def codes_of(found: list[tuple[str, ActorMention]], text: str) -> list[list[str | None]]:
    return [[a.code for a in m.actors] for t, m in found if t == text]


def test_they_takes_the_country_its_group_is_placed_in_later(pipeline: object) -> None:
    found = resolve(
        pipeline,
        "Chancellor Gordon Brown presented his budget in London.",
        "Tory leader Michael Howard and Liberal Democrat leader Charles Kennedy criticised the plans.",
        "The opposition parties said they would fight the budget.",
    )
    assert codes_of(found, "The opposition parties") == [["GBROPP"]]
    assert codes_of(found, "they") == [["GBROPP"]]


def test_a_possessive_before_an_object_is_the_actor_acted_on(pipeline: object) -> None:
    found = resolve(
        pipeline,
        "Labour leader Tony Blair spoke on Monday.",
        "The Conservatives praised his handling of the economy.",
    )
    assert codes_of(found, "his") == [["GBRGOV"]]


def test_a_possessive_of_the_subject_itself_is_no_actor(pipeline: object) -> None:
    found = resolve(
        pipeline,
        "Labour leader Tony Blair spoke on Monday.",
        "Lord Dubs, a Labour peer, agreed to withdraw his bill.",
        "The minister welcomed the news in his speech.",
        "Another diplomat, former envoy Peter Grant, shifted his own account of the talks.",
        "The unions pressed their demands.",
    )
    assert codes_of(found, "their") == []
    assert codes_of(found, "his") == []


def test_a_person_named_in_full_takes_the_home_country(pipeline: object) -> None:
    found = resolve(
        pipeline,
        "Tory leader Michael Howard attacked Labour over taxes.",
        "Labour MP Roger Godsiff and Home Secretary Charles Clarke disagreed.",
        "Alun Michael criticised the Home Office plans on Monday.",
    )
    assert [c[0][:3] for c in codes_of(found, "Alun Michael")] == ["GBR"]


def test_the_territorys_government_is_the_territory_named_before(pipeline: object) -> None:
    found = resolve(
        pipeline,
        "China has warned Britain over Hong Kong.",
        "Protesters clashed with police in Hong Kong on Sunday.",
        "Beijing said the territory's government must restore order.",
    )
    assert codes_of(found, "government") == [["HKGGOV"]]


def test_she_is_never_a_man_the_text_calls_mr(pipeline: object) -> None:
    found = resolve(
        pipeline,
        "Health Minister Ms Jane Hutt met Chancellor Gordon Brown on Monday.",
        "Mr Brown criticised the plans and she rejected his demands.",
    )
    she = [m for t, m in found if t == "she"]
    assert [a.name for m in she for a in m.actors] == ["Ms Jane Hutt"]
