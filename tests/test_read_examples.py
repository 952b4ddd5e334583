"""The team's example articles (examples/) read as reviewed by hand: golden structure.

Each row was checked against the file by a person; a change in the reader that alters
any of them must be deliberate (update the row in the same change).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsevents.model import Article, ReadError
from newsevents.read import read_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# id: (dateline country, dateline city, has dek, body paragraphs, boilerplate lines,
#      related headlines, first words of the body)
GOLDEN: dict[str, tuple[str, str | None, bool, int, int, int, str]] = {
    "armenia-azerbaijan-peace-text": ("ARM", "Yerevan", True, 4, 3, 1, "Armenia and Azerbaijan said"),
    "duterte-arrested-icc-warrant": ("PHL", "Manila", True, 5, 4, 1, "Philippine police arrested"),
    "eu-sanctions-sixteenth-package": ("BEL", "Brussels", True, 5, 4, 1, "The European Union adopted"),
    "india-aid-myanmar-earthquake": ("IND", "New Delhi", False, 5, 3, 1, "India on Saturday dispatched"),
    "https://news.example.com/world/asia/india-pakistan-ceasefire-2025-05-10": (
        "IND", "New Delhi", True, 6, 1, 0, "India and Pakistan agreed on Saturday"),
    "kenya-finance-bill-protests": ("", None, False, 4, 2, 0, "Kenyan police opened fire"),
    "north-korea-warns-freedom-shield": ("KOR", "Seoul", False, 5, 4, 0, "North Korea warned on Monday"),
    "rubio-lavrov-riyadh-talks": ("SAU", "Riyadh", True, 5, 7, 1, "U.S. Secretary of State Marco Rubio met"),
    "russia-missile-strike-kyiv": ("UKR", "Kyiv", False, 5, 6, 1, "Russia launched a massive missile"),
    "serbia-students-belgrade-protest": ("SRB", "Belgrade", False, 5, 5, 1, "Tens of thousands of people"),
    "oman-iran-us-talks-2025-04-12": ("OMN", "Muscat", False, 4, 2, 0, "Iran and the United States held"),
    "istanbul-imamoglu-detained": ("TUR", "Istanbul", False, 4, 1, 1, "Turkish police detained"),
    "sudan-rsf-zamzam-attack": ("SDN", "Port Sudan", True, 4, 2, 0, "Sudan's paramilitary Rapid Support"),
    "georgia-protest-page": ("GEO", "Tbilisi", False, 4, 1, 0, "Thousands of demonstrators rallied"),
}  # fmt: skip


@pytest.fixture(scope="module")
def examples() -> dict[str, Article]:
    items = list(read_paths([EXAMPLES], default_date=dt.date(2025, 1, 1)))
    assert [i for i in items if isinstance(i, ReadError)] == []
    return {a.id: a for a in items if isinstance(a, Article)}


def test_all_examples_read(examples: dict[str, Article]) -> None:
    assert sorted(examples) == sorted(GOLDEN)
    kinds = {Path((a.origin or "").split(":")[0]).suffix for a in examples.values()}
    assert kinds == {".txt", ".html", ".jsonl"}


@pytest.mark.parametrize("article_id", sorted(GOLDEN))
def test_example_structure(examples: dict[str, Article], article_id: str) -> None:
    country, city, has_dek, n_paragraphs, n_junk, n_related, opening = GOLDEN[article_id]
    article = examples[article_id]
    assert article.title
    assert (article.dateline.country if article.dateline else "") == country
    assert (article.dateline.city if article.dateline else None) == city
    assert bool(article.dek) == has_dek
    assert len(article.paragraphs) == n_paragraphs
    assert len(article.boilerplate) == n_junk
    assert len(article.related_headlines) == n_related
    assert article.paragraphs[0].startswith(opening)
    # Nothing that looks like site furniture is left in the body.
    for paragraph in article.paragraphs:
        assert not paragraph.lower().startswith(("also read", "advertisement", "share", "related"))


def test_example_dates(examples: dict[str, Article]) -> None:
    html = examples["https://news.example.com/world/asia/india-pakistan-ceasefire-2025-05-10"]
    assert html.date == dt.date(2025, 5, 10) and html.outlet == "news.example.com"
    assert examples["istanbul-imamoglu-detained"].date == dt.date(2025, 3, 19)
    assert examples["georgia-protest-page"].date == dt.date(2024, 12, 1)
    assert examples["kenya-finance-bill-protests"].date == dt.date(2024, 6, 25)  # "Posted:"
    # Date lines in the text beat the default date.
    assert examples["rubio-lavrov-riyadh-talks"].date == dt.date(2025, 2, 18)
    assert examples["north-korea-warns-freedom-shield"].date == dt.date(2025, 3, 10)
    assert examples["serbia-students-belgrade-protest"].date == dt.date(2025, 3, 15)
    assert examples["duterte-arrested-icc-warrant"].date == dt.date(2025, 3, 11)
