"""Text structure: title, dek, dateline, body, junk — on synthetic wire stories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.article import (
    JunkFilter,
    JunkPatternError,
    TextStructurer,
    outlet_of,
    split_paragraphs,
    structure_text,
)
from newsevents.model import Dateline

DAY = dt.date(2025, 3, 4)
LEAD = "Officials from both governments met on Monday to discuss trade and border security."


@pytest.fixture(scope="module")
def structurer() -> TextStructurer:
    return TextStructurer.load()


def story(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def test_full_wire_story(structurer: TextStructurer) -> None:
    raw = story(
        "Japan and Philippines Sign Defence Pact in Manila",
        "The agreement allows troops of each country to train on the other's territory.",
        "Manila, Philippines: Japanese Prime Minister Shigeru Ishiba met President Ferdinand "
        "Marcos Jr. on Monday and signed a reciprocal access agreement.",
        "Advertisement",
        "The two leaders also discussed maritime security in the South China Sea.",
        "Also Read | China Protests Japanese Patrols Near Disputed Islands",
        "Officials said joint exercises would begin next year.",
        "Recent News",
    )
    article = structurer.structure(raw, "pact", DAY, url="https://www.example.org/a")
    assert article.title == "Japan and Philippines Sign Defence Pact in Manila"
    assert article.dek and article.dek.startswith("The agreement allows troops")
    assert article.dateline == Dateline("Manila, Philippines", "Manila", "PHL")
    assert article.paragraphs[0].startswith("Japanese Prime Minister Shigeru Ishiba met")
    assert len(article.paragraphs) == 3
    assert article.boilerplate == (
        "Advertisement",
        "Also Read | China Protests Japanese Patrols Near Disputed Islands",
        "Recent News",
    )
    assert article.related_headlines == ("China Protests Japanese Patrols Near Disputed Islands",)
    assert article.date == DAY and article.outlet == "example.org"
    assert "Advertisement" not in article.text


@pytest.mark.parametrize(
    ("opening", "place", "city", "country"),
    [
        ("Vientiane, Laos:", "Vientiane, Laos", "Vientiane", "LAO"),
        ("WASHINGTON (Reuters) -", "WASHINGTON", "Washington", "USA"),
        ("KYIV, March 3 (AP) —", "KYIV", "Kyiv", "UKR"),
        ("LONDON —", "LONDON", "London", "GBR"),
        ("GAZA CITY, Gaza Strip (AP) —", "GAZA CITY, Gaza Strip", "Gaza City", "PSE"),
        ("NEW DELHI:", "NEW DELHI", "New Delhi", "IND"),
        ("Paris (AFP) -", "Paris", "Paris", "FRA"),
        ("New Delhi, March 29 (PTI):", "New Delhi", "New Delhi", "IND"),
        ("ATLANTA, Georgia (AP) —", "ATLANTA, Georgia", "Atlanta", "USA"),
        ("TBILISI, Georgia (AP) —", "TBILISI, Georgia", "Tbilisi", "GEO"),
        ("HAYWARD, Calif. —", "HAYWARD, Calif.", "Hayward", "USA"),
        ("Islamabad, Pakistan --", "Islamabad, Pakistan", "Islamabad", "PAK"),
        ("UNITED NATIONS (AP) —", "UNITED NATIONS", None, None),
    ],
)
def test_dateline_forms(
    structurer: TextStructurer, opening: str, place: str, city: str | None, country: str | None
) -> None:
    article = structurer.structure(story("Headline Here", f"{opening} {LEAD}"), "d", DAY)
    assert article.dateline is not None
    assert Dateline(article.dateline.place, article.dateline.city, article.dateline.country) == (
        Dateline(place, city, country)
    )
    assert article.paragraphs == (LEAD,)
    assert article.dek is None


@pytest.mark.parametrize(
    "paragraph",
    [
        'Ms Hewitt said: "We will extend the pay to nine months by 2007."',
        "UPDATE: The vote has been postponed until next week by the speaker.",
        "Tony Blair: I will not stand down before the election, he told reporters.",
        "Mr Blair - who was speaking in Brussels - said the treaty was safe.",
        "U.S. Secretary of State Antony Blinken met with Wang Yi on Saturday.",
    ],
)
def test_no_false_dateline(structurer: TextStructurer, paragraph: str) -> None:
    article = structurer.structure(story("Headline Here", paragraph), "d", DAY)
    assert article.dateline is None
    assert article.paragraphs == (paragraph,)


def test_lead_sentence_is_not_a_dek(structurer: TextStructurer) -> None:
    """BBC style: a one-sentence lead then body, no dateline: the lead is body."""
    raw = story(
        "Labour plans maternity pay rise",
        "Maternity pay for new mothers is to rise by £1,400 under new proposals.",
        "It would mean paid leave would be increased to nine months by 2007.",
        "The Tories dismissed the plan as desperate.",
    )
    article = structurer.structure(raw, "bbc", None)
    assert article.dek is None and article.dateline is None
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("Maternity pay")


def test_lead_ending_in_colon_is_body(structurer: TextStructurer) -> None:
    raw = story("At a glance: the plan", "Here is a guide to the plan:", "People from abroad.")
    assert structurer.structure(raw, "x", None).dek is None


def test_fragment_standfirst_is_a_dek(structurer: TextStructurer) -> None:
    raw = story(
        "Armenia and Azerbaijan Agree Peace Text",
        "The neighbours have fought two wars over Karabakh since 1991",
        LEAD,
    )
    article = structurer.structure(raw, "x", None)
    assert article.dek == "The neighbours have fought two wars over Karabakh since 1991"
    assert article.paragraphs == (LEAD,)


def test_long_opening_before_dateline_is_body(structurer: TextStructurer) -> None:
    long_opening = "An opening paragraph that runs on. " * 12
    raw = story("Headline", long_opening.strip(), f"LONDON — {LEAD}")
    article = structurer.structure(raw, "x", None)
    assert article.dek is None
    assert article.dateline is None
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    ("line", "related"),
    [
        ("Also Read | Protests Spread to Second City", "Protests Spread to Second City"),
        ("ALSO READ: Protests Spread to Second City", "Protests Spread to Second City"),
        ("Related: Protests Spread to Second City", "Protests Spread to Second City"),
        ("RELATED: Protests Spread to Second City", "Protests Spread to Second City"),
        ("Read more: Who is the new prime minister?", "Who is the new prime minister?"),
        ("See also - Minister resigns over scandal", "Minister resigns over scandal"),
        ("Advertisement", None),
        ("ADVERTISEMENT", None),
        ("Story continues below advertisement", None),
        ("Recent News", None),
        ("Most Read", None),
        ("Share this article", None),
        ("Share on Facebook", None),
        ("Follow us on X for the latest updates", None),
        ("Click here to get breaking news alerts", None),
        ("Subscribe to our newsletter", None),
        ("Sign up for our daily briefing", None),
        ("© 2025 Example News. All rights reserved.", None),
        ("Copyright 2024 Reuters", None),
        ("Photo: Protesters outside parliament on Sunday.", None),
        ("Image credit: AP Photo/Jane Doe", None),
        ("(Reporting by Jane Doe; Editing by John Roe)", None),
        ("Reporting by Jane Doe in Seoul; Editing by John Roe", None),
        ("By Jane Doe", None),
        ("Updated: March 3, 2025 10:15 am EST", None),
        ("Tags: Kenya, protests", None),
    ],
)
def test_junk_lines(structurer: TextStructurer, line: str, related: str | None) -> None:
    article = structurer.structure(story("Headline Here", LEAD, line, LEAD + " Again."), "j", DAY)
    assert line in article.boilerplate
    assert line not in article.paragraphs
    assert article.related_headlines == ((related,) if related else ())


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell sharply in Tokyo after the announcement on Monday.",
        "Subscribers to the state broadcaster will pay more from April, the minister said.",
        "Photographs of the meeting were released by the Kremlin on Tuesday.",
        "By Sunday, Israeli troops had withdrawn from the town, residents said.",
        "Login attempts by foreign hackers rose tenfold, the agency said.",
        "Copyright disputes between the two companies have dragged on for years.",
        "Read the full statement, the ministry urged journalists on Friday.",
        "More than 200 people were detained in the capital overnight.",
        "Published reports said 3 soldiers had been killed near the border.",
    ],
)
def test_body_sentences_are_not_junk(structurer: TextStructurer, sentence: str) -> None:
    assert structurer.junk.match(sentence) is None


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Published: March 10, 2025 10:15 am EST", dt.date(2025, 3, 10)),
        ("Updated: 11 March 2025, 21:40", dt.date(2025, 3, 11)),
        ("Tuesday, March 11, 2025", dt.date(2025, 3, 11)),
        ("Feb. 18, 2025", dt.date(2025, 2, 18)),
    ],
)
def test_date_line_gives_the_date(structurer: TextStructurer, line: str, date: dt.date) -> None:
    raw = story("Headline Here", line, f"LONDON — {LEAD}")
    article = structurer.structure(raw, "d", None, fallback_date=DAY)
    assert article.date == date
    assert article.boilerplate == (line,)
    assert article.paragraphs == (LEAD,)
    # A date given explicitly (a JSONL field) wins over the text's date line.
    assert structurer.structure(raw, "d", DAY).date == DAY


def test_no_date_line_uses_fallback(structurer: TextStructurer) -> None:
    article = structurer.structure(story("Headline Here", LEAD), "d", None, fallback_date=DAY)
    assert article.date == DAY


def test_crlf_bom_and_spaces(structurer: TextStructurer) -> None:
    raw = "\ufeffHeadline Here\r\n\r\nLONDON\u00a0— " + LEAD + "\r\n\r\nAdvertisement\r\n"
    article = structurer.structure(raw, "w", None)
    assert article.title == "Headline Here"
    assert article.dateline == Dateline("LONDON", "London", "GBR")
    assert article.paragraphs == (LEAD,)
    assert article.boilerplate == ("Advertisement",)


def test_single_newline_paragraphs_and_hard_wrap() -> None:
    assert split_paragraphs(["One sentence.", "Another sentence.", "", "Third."]) == [
        "One sentence.",
        "Another sentence.",
        "Third.",
    ]
    wrapped = ["The minister said the talks", "would resume next week in", "Geneva.", ""]
    assert split_paragraphs(wrapped) == [
        "The minister said the talks would resume next week in Geneva."
    ]


def test_headline_repeated_in_body_is_boilerplate(structurer: TextStructurer) -> None:
    article = structurer.structure(story("Headline Here", "Headline Here", LEAD), "r", None)
    assert article.paragraphs == (LEAD,)
    assert article.boilerplate == ("Headline Here",)


def test_separate_title_keeps_first_line_as_body(structurer: TextStructurer) -> None:
    article = structurer.structure(f"KYIV (AP) — {LEAD}", "t", None, title="Given Title")
    assert article.title == "Given Title"
    assert article.paragraphs == (LEAD,)
    assert article.dateline is not None and article.dateline.country == "UKR"


def test_empty_and_junk_only_text(structurer: TextStructurer) -> None:
    empty = structurer.structure("", "e", None)
    assert empty.title is None and empty.paragraphs == ()
    junk_only = structurer.structure("Advertisement\n\nThe Real Headline\n\nRecent News", "j", None)
    assert junk_only.title == "The Real Headline"
    assert junk_only.paragraphs == ()


def test_one_sentence_alone_is_body(structurer: TextStructurer) -> None:
    article = structurer.structure("Israel struck targets in Gaza on Monday.\n", "s", None)
    assert article.title is None
    assert article.paragraphs == ("Israel struck targets in Gaza on Monday.",)
    headline_only = structurer.structure("Israel Strikes Gaza\n", "h", None)
    assert headline_only.title == "Israel Strikes Gaza" and headline_only.paragraphs == ()


def test_structure_text_convenience() -> None:
    article = structure_text(story("Headline Here", f"LONDON — {LEAD}"), "c", DAY, origin="o")
    assert article.id == "c" and article.origin == "o" and article.date == DAY
    assert article.dateline is not None


def test_user_junk_file(tmp_path: Path) -> None:
    extra = tmp_path / "mine.txt"
    extra.write_text(
        "# site-specific junk\ndrop  Listen to this story\\W*\n"
        "related  Watch now >>\\s*(?P<headline>.+)\n",
        encoding="utf-8",
    )
    structurer = TextStructurer.load(junk_files=[extra])
    raw = story("Headline Here", LEAD, "Listen to this story", "Watch now >> Leaders meet")
    article = structurer.structure(raw, "u", None)
    assert article.paragraphs == (LEAD,)
    assert article.related_headlines == ("Leaders meet",)
    assert len(structurer.junk) == len(JunkFilter.load()) + 2


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("remove  Advertisement\n", "expected 'drop|related|date REGEX'"),
        ("date  Published: .+\n", "needs (?P<date>"),
        ("drop  (unclosed\n", "bad regex"),
        ("related  Also read: .+\n", "needs (?P<headline>"),
    ],
)
def test_bad_junk_file_names_the_line(tmp_path: Path, content: str, error: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("# comment\n" + content, encoding="utf-8")
    with pytest.raises(JunkPatternError) as caught:
        JunkFilter.load(extra_files=[bad])
    assert f"{bad}:2" in str(caught.value) and error in str(caught.value)


def test_missing_junk_file() -> None:
    with pytest.raises(JunkPatternError, match="cannot read"):
        JunkFilter.load(extra_files=["/nonexistent/junk.txt"])


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.reuters.com/world/asia/x", "reuters.com"),
        ("http://news.example.com:8080/a", "news.example.com"),
        (None, None),
        ("not a url", None),
    ],
)
def test_outlet_of(url: str | None, outlet: str | None) -> None:
    assert outlet_of(url) == outlet


# Date lines read without dateparser must read as dateparser reads them.
_WEEKDAYS = ["", "Monday, ", "Tue ", "sat, ", "Sunday "]
_MONTHS = ["March", "Mar", "Mar.", "sept", "Sep", "February", "feb", "May", "DECEMBER", "jun"]
_TIMES = ["", " 10:15", " 8:05 AM GMT+9", ", 21:40", ", 18:02 CET", " 11:20 AM EDT",
          " 13:00 pm", " 23:59 UTC", " 0:00", " 12:30 pm PST", " 9:05am", " | 10:15 BST",
          " 24:10", " 10:15 GMT-5", " 10:15 XYZ"]  # fmt: skip


def _dateparser_date(text: str) -> dt.date | None:
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    found = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return found.date() if found else None


@given(
    weekday=st.sampled_from(_WEEKDAYS),
    month=st.sampled_from(_MONTHS),
    day=st.integers(min_value=0, max_value=32),
    year=st.integers(min_value=1990, max_value=2030),
    day_first=st.booleans(),
    suffix=st.sampled_from(["", "th", "st"]),
    time=st.sampled_from(_TIMES),
)
@settings(max_examples=300, deadline=None)
def test_plain_date_lines_read_as_dateparser_reads_them(
    weekday: str, month: str, day: int, year: int, day_first: bool, suffix: str, time: str
) -> None:
    from newsevents.article import _plain_date

    written = f"{day} {month} {year}" if day_first else f"{month} {day}{suffix}, {year}"
    text = weekday + written + time
    fast = _plain_date(text)
    if fast is not None:  # None: left to dateparser
        assert fast == _dateparser_date(text), text


def test_plain_date_lines_skip_dateparser_and_others_do_not() -> None:
    from newsevents.article import _plain_date

    assert _plain_date("March 10, 2025 8:05 AM GMT+9") == dt.date(2025, 3, 10)
    assert _plain_date("11 March 2025, 21:40") == dt.date(2025, 3, 11)
    for other in ("3/10/2025", "Feb 30, 2024", "yesterday", "March 2025", "10 Marchh 2025"):
        assert _plain_date(other) is None, other
