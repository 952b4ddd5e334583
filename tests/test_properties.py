"""Property tests: the text parser and the coder never raise, and what they emit is sound.

- ``structure_text`` on arbitrary Unicode (and on news-shaped noise) returns an Article
  whose parts all come from the input.
- ``Pipeline.code_articles`` on short generated stories: spans inside the text and
  around the trigger, codes valid and consistent with the CAMEO tables.

Example counts are modest because the coder runs the real spaCy model.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures_bad_input import wire_story
from newsevents.article import structure_text
from newsevents.coding.cameo import CameoTables
from newsevents.model import (
    DATE_PRECISIONS,
    DATE_SOURCES,
    MODALITIES,
    PLACE_PRECISIONS,
    PLACE_SOURCES,
    PLOVER_TYPES,
    Article,
    CodedArticle,
    Event,
)
from newsevents.pipeline import Pipeline

_ISO3 = re.compile(r"[A-Z]{3}")
_PRECISIONS = set(DATE_PRECISIONS)

# Lines that look like scraped news: headlines, datelines, junk, plus arbitrary text.
_NEWS_LINES = st.sampled_from(
    [
        "WASHINGTON (Reuters) - The president met the Chinese foreign minister on Monday.",
        "Vientiane, Laos: Officials signed an agreement on Saturday.",
        "KYIV (AP) \u2014 Russian forces shelled the city overnight, officials said.",
        "Also Read | Ten things to know about the summit",
        "Advertisement",
        "Subscribe to our newsletter",
        "Recent News",
        "Share this article",
        "\u201cWe will not back down,\u201d the minister said.",
        "   ",
        "",
        "PARIS:",
        "(Reuters) -",
        "-",
    ]
)
_LINE = st.one_of(_NEWS_LINES, st.text(max_size=80))
_NEWSY_TEXT = st.lists(_LINE, max_size=12).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", "\r\n", "\r"]).map(lambda sep: sep.join(lines))
)
_ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])),
    _NEWSY_TEXT,
)


def _visible_chars(texts: list[str | None]) -> Counter[str]:
    return Counter(ch for text in texts if text for ch in text if not ch.isspace())


def _check_article_from(article: Article, raw: str, article_id: str) -> None:
    assert isinstance(article, Article)
    assert article.id == article_id
    # Every visible character out was in the input, as many times or fewer.
    parts = [article.title, article.dek, *article.paragraphs, *article.boilerplate]
    invented = _visible_chars(parts) - _visible_chars([unicodedata.normalize("NFC", raw)])
    assert not invented, (invented, article)
    for paragraph in article.paragraphs:
        assert paragraph.strip() == paragraph and paragraph, article.paragraphs
        assert "\n\n" not in paragraph  # else Article.text could not be split back
    assert article.text == "\n\n".join(article.paragraphs)


@settings(max_examples=400, deadline=None)
@given(raw=_ANY_TEXT, date=st.one_of(st.none(), st.dates()))
def test_structure_text_never_raises_and_invents_nothing(raw: str, date: dt.date | None) -> None:
    article = structure_text(raw, "prop-id", date)
    _check_article_from(article, raw, "prop-id")
    assert article.date == date


@settings(max_examples=100, deadline=None)
@given(raw=st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)) | st.text())
def test_structure_text_survives_lone_surrogates(raw: str) -> None:
    # Surrogate-escaped bytes reach the parser when a caller decodes with surrogateescape.
    article = structure_text("Title\n\n" + raw + "\udcff", "s", None)
    assert isinstance(article, Article)
    assert len(article.content_hash) == 64


# ------------------------------------------------------------------ the coder


@pytest.fixture(scope="module")
def cameo() -> CameoTables:
    return CameoTables.load()


def check_event_sound(event: Event, article: Article, cameo: CameoTables) -> None:
    """Everything CONTRACT.md promises about one event of ``article``."""
    text = article.text
    start, end = event.span
    assert 0 <= start < end <= len(text), (event.span, len(text))
    assert event.trigger and event.trigger in text[start:end], (event.trigger, text[start:end])
    for a, b in event.spans:
        assert 0 <= a < b <= len(text)
    assert event.article_id == article.id
    assert event.sentence and event.sentence in text
    assert event.cameo in cameo.codes, event.cameo
    table_plover = cameo.plover(event.cameo)
    assert event.plover == (table_plover[0] if table_plover else None), event.cameo
    if table_plover and table_plover[1]:
        assert event.plover_mode == table_plover[1], (event.cameo, event.plover_mode)
    assert event.plover is None or event.plover in PLOVER_TYPES
    assert event.quad_class == cameo.quad_class(event.cameo)
    assert event.goldstein == cameo.goldstein(event.cameo)
    assert event.modality in MODALITIES
    assert 0.0 <= event.confidence <= 1.0
    assert event.date_precision in _PRECISIONS and (event.date is None) == (
        event.date_precision == "unknown"
    )
    assert (event.date_source is None) == (event.date is None)
    assert event.date_source is None or event.date_source in DATE_SOURCES
    assert (event.place_source is None) == (event.location is None)
    assert event.place_source is None or event.place_source in PLACE_SOURCES
    assert event.location is None or event.location.precision in PLACE_PRECISIONS
    for actor in (*event.source, *event.target):
        assert actor.country is None or _ISO3.fullmatch(actor.country), actor
    assert Event.from_dict(event.to_dict()) == event


def check_coded_sound(coded: CodedArticle, cameo: CameoTables) -> None:
    assert coded.error is None, coded.error
    ids = [e.event_id for e in coded.events]
    assert len(ids) == len(set(ids)), "duplicate event ids in one article"
    for event in coded.events:
        check_event_sound(event, coded.article, cameo)


# Short stories: generated wire sentences, shuffled, with arbitrary text mixed in.
_STORY_SENTENCES = st.integers(0, 10_000).map(lambda i: wire_story(i)[1].split("\n\n")[1:3])
_STORY = st.lists(
    st.one_of(_STORY_SENTENCES, st.lists(st.text(max_size=60), max_size=1)), min_size=1, max_size=3
).map(lambda parts: "Headline\n\n" + "\n\n".join(s for p in parts for s in p))


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_STORY)
def test_coder_events_are_sound(pipeline: Pipeline, cameo: CameoTables, raw: str) -> None:
    article = structure_text(raw, "gen", dt.date(2024, 7, 27))
    (coded,) = pipeline.code_articles([article])
    check_coded_sound(coded, cameo)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.text(max_size=300))
def test_coder_never_fails_on_arbitrary_unicode(
    pipeline: Pipeline, cameo: CameoTables, raw: str
) -> None:
    article = structure_text(raw, "noise", None)
    (coded,) = pipeline.code_articles([article])
    check_coded_sound(coded, cameo)


@pytest.mark.slow
def test_coder_batch_keeps_order_and_count(pipeline: Pipeline, cameo: CameoTables) -> None:
    # A batch mixing empty, noisy and real articles: one result per article, in order.
    articles = [structure_text(wire_story(i)[1], f"a{i}", None) for i in range(6)]
    articles.insert(2, Article(id="empty"))
    articles.insert(4, structure_text("\u0000\ufffd\u202e" * 50, "odd", None))
    coded = list(pipeline.code_articles(articles))
    assert [c.article.id for c in coded] == [a.id for a in articles]
    for c in coded:
        check_coded_sound(c, cameo)
    assert sum(len(c.events) for c in coded) > 0


_PATHOLOGICAL = {
    "one 20k-character sentence": "Headline\n\n"
    + " ".join(["the minister met the envoy and"] * 650),
    "500 repeated events": "Headline\n\n"
    + " ".join(["Russian troops attacked Ukrainian positions near Kharkiv."] * 500),
    "50 kB table": "Quarterly figures\n\n"
    + "\n".join(f"| {i} | Vientiane | {i * 3.5:.2f} | met | -- |" for i in range(1200)),
    "nested brackets and quotes": "Headline\n\n"
    + "(" * 2000
    + "\u201cFrance met Germany\u201d"
    + ")" * 2000,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(_PATHOLOGICAL))
def test_coder_survives_pathological_texts(
    pipeline: Pipeline, cameo: CameoTables, name: str
) -> None:
    article = structure_text(_PATHOLOGICAL[name], "odd", None)
    started = time.monotonic()
    (coded,) = pipeline.code_articles([article])
    assert time.monotonic() - started < 90, "one article took more than 90 s"
    check_coded_sound(coded, cameo)
