"""Article dates: the dateline's own date in the wire styles, with and without a year,
and the order of precedence between dateline, record, page, text and --date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.article import TextStructurer
from newsevents.model import Dateline
from newsevents.read.dateline import article_date, dateline_date

D = dt.date
LEAD = "Officials said the talks would continue on Monday in the capital."


@pytest.fixture(scope="module")
def structurer() -> TextStructurer:
    return TextStructurer.load()


@pytest.mark.parametrize(
    ("opening", "given", "date", "agency"),
    [
        # the two, with and without the year
        ("NEW DELHI, March 3 (Reuters) -", D(2025, 3, 4), D(2025, 3, 3), "Reuters"),
        ("ANKARA, June 2, 2025 (Reuters) -", None, D(2025, 6, 2), "Reuters"),
        # AP, AFP, Xinhua, PTI, and the day-first form
        ("KYIV, Ukraine, March 3 (AP) —", D(2025, 3, 3), D(2025, 3, 3), "AP"),
        ("PARIS, March 3, 2025 (AFP) -", D(2025, 3, 5), D(2025, 3, 3), "AFP"),
        ("BEIJING, March 3 (Xinhua) --", D(2025, 3, 4), D(2025, 3, 3), "Xinhua"),
        ("New Delhi, Mar 3 (PTI)", D(2025, 3, 4), D(2025, 3, 3), "PTI"),
        ("LONDON, 3 March (Reuters) -", D(2025, 3, 4), D(2025, 3, 3), "Reuters"),
        ("WASHINGTON, Sept. 30 (Reuters) -", D(2025, 10, 1), D(2025, 9, 30), "Reuters"),
    ],
)
def test_dateline_dates(
    structurer: TextStructurer, opening: str, given: dt.date | None, date: dt.date, agency: str
) -> None:
    article = structurer.structure(f"Headline\n\n{opening} {LEAD}", "a", None,
                                   fallback_date=given)  # fmt: skip
    assert article.dateline is not None and article.dateline.agency == agency
    assert (article.date, article.date_source) == (date, "dateline")
    assert article.dateline.date == date
    assert article.paragraphs == (LEAD,)


def test_a_yearless_dateline_takes_the_nearest_year() -> None:
    assert dateline_date("Dec. 31", D(2025, 1, 2)) == D(2024, 12, 31)
    assert dateline_date("Jan. 2", D(2024, 12, 31)) == D(2025, 1, 2)
    assert dateline_date("March 3", None) is None
    assert dateline_date("Feb. 29", D(2025, 3, 1)) == D(2024, 2, 29)


def test_a_dash_less_dateline_needs_a_known_agency(structurer: TextStructurer) -> None:
    article = structurer.structure(f"Headline\n\nMr Balls (Labour) The {LEAD}", "a", None)
    assert article.dateline is None


def test_order_of_precedence() -> None:
    dated = Dateline("ANKARA", "Ankara", "TUR", "June 2, 2025", "Reuters", D(2025, 6, 2))
    yearless = Dateline("ANKARA", "Ankara", "TUR", "June 2", "Reuters", None)
    others = [(D(2024, 6, 3), "record"), (D(2023, 1, 1), "page"), (D(2022, 1, 1), "given")]
    assert article_date(dated, others)[1:] == (D(2025, 6, 2), "dateline")
    assert article_date(yearless, others)[1:] == (D(2024, 6, 2), "dateline")
    assert article_date(None, others)[1:] == (D(2024, 6, 3), "record")
    assert article_date(None, [(None, "record"), (D(2023, 1, 1), "page")])[1:] == (
        D(2023, 1, 1),
        "page",
    )
    assert article_date(yearless, [])[1:] == (None, None)
    assert article_date(None, [(None, "record"), (None, "given")]) == (None, None, None)


def test_sources_of_plain_text(structurer: TextStructurer) -> None:
    raw = "Headline\n\nPublished: March 10, 2025\n\n" + LEAD
    assert structurer.structure(raw, "a", None).date_source == "text"
    assert structurer.structure(raw, "a", D(2025, 1, 1)).date_source == "record"
    only_given = structurer.structure("Headline\n\n" + LEAD, "a", None, fallback_date=D(2025, 1, 1))
    assert (only_given.date, only_given.date_source) == (D(2025, 1, 1), "given")
    assert structurer.structure("Headline\n\n" + LEAD, "a", None).date_source is None
