"""One date phrase ("on Wednesday", "7 October", "earlier this year") to a date.

dateparser reads the phrase; the code here only decides what it cannot know from the
phrase alone, the anchoring against the article's date:

- **weekdays** are the last such day on or before the article date (a Saturday in a
  Saturday article is that very day; dateparser sends it to the week before, its
  same-weekday trap), or the next one for a future clause; "last Saturday" excludes the
  article's own day, "next Monday" goes forward; "the weekend" is the latest Saturday;
- **a day and month without a year** ("on 7 October") is the latest such day up to a
  week after the article date (or, for a future clause, the first from a week before
  it on); **a month without a year** ("in March", "since June") the latest such month
  (the next one for a future clause; "last February" is before the article's month);
- **periods** are dated by their first day with their precision: "last week" and "over
  the weekend" give a week (its Monday, its Saturday), "last month" and "earlier this
  month" a month, "in 2019" and "earlier this year" a year; "autumn 2021", "early 2019"
  the year;
- **durations and counts** ("two years", "three days", "decades", "the 1990s", "10
  a.m.") are no date: dateparser would read "two years" as two years ago.

Without an article date only phrases that write their year resolve.
"""

from __future__ import annotations

import datetime as dt
import re

from .calendar_units import first_day

DateResult = tuple[dt.date, str]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
BACKWARD = frozenset({"last", "past", "previous"})
FORWARD = frozenset({"next", "coming"})
# Words that make a phrase point at a time rather than measure one: "two days" is a
# duration, "two days ago" a date; "the week" is nothing, "this week" a date.
DEICTIC = frozenset(
    {"yesterday", "today", "tonight", "tomorrow", "ago", "this", "last", "next", "past",
     "previous", "coming", "earlier", "later", "weekend"}
)  # fmt: skip
# Words dateparser does not read and that change no date at the phrase's precision:
# "in mid-March" is March, "late Friday" Friday, "autumn 2021" 2021.
IGNORED = frozenset(
    {"on", "in", "at", "during", "of", "the", "over", "early", "late", "mid", "end",
     "beginning", "start", "first", "second", "half", "around", "about", "since", "from",
     "as", "spring", "summer", "autumn", "fall", "winter", "earlier", "later", "until",
     "by", "through", "throughout", "s", "and", "between", "midnight", "noon", "dawn",
     "dusk", "local", "gmt", "utc"}
)  # fmt: skip
PRECISION_OF_PERIOD = {
    "day": "day", "time": "day", "part_of_day": "day", "week": "week", "month": "month",
    "year": "year",
}  # fmt: skip
# Non-future events are dated at most this long after the article (time zones, a
# story dated the morning after), never months ahead.
PAST_SLACK = dt.timedelta(days=7)

_WORD = re.compile(r"[a-z]+|\d+(?:st|nd|rd|th)?")
_DECADE = re.compile(r"\d0'?s\b|\bcentur|\bdecade")
_NUMERIC = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")


def resolve_date_phrase(
    text: str, article_date: dt.date | None, future: bool = False
) -> DateResult | None:
    """Resolve one date phrase against the article date; None if it names no date."""
    lowered = text.lower().replace("’", "'").replace("'s", "")
    words = _WORD.findall(lowered)
    if not words or _DECADE.search(lowered):
        return None
    has_year = any(_year(w) for w in words)
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    numeric = _NUMERIC.search(lowered)
    if not (has_year or month or numeric or DEICTIC & set(words) or WEEKDAYS.keys() & set(words)):
        return None  # a duration, a count or a clock time
    if article_date is None and not (has_year or numeric):
        return None
    if month is None and not numeric:
        weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
        if weekday is not None and article_date is not None:
            return _weekday(weekday, article_date, words, future), "day"
        if "weekend" in words and article_date is not None:
            return _weekday(5, article_date, words, future), "week"
    plain = _plain(words)
    parsed = None if numeric else year_or_month(plain)
    if parsed is None:
        parsed = _dateparser(numeric[0] if numeric else plain, article_date, future)
    if parsed is None:
        return _fallback(words, month, article_date, future)
    day, period = parsed
    precision = PRECISION_OF_PERIOD.get(period)
    if precision is None:
        return None
    if month is not None and not has_year and article_date is not None:
        return _anchored(month, day, precision, words, article_date, future)
    return _period_start(day, precision), precision


def _year(word: str) -> bool:
    return word.isdigit() and len(word) == 4 and 1800 <= int(word) <= 2200


def _plain(words: list[str]) -> str:
    """The phrase without the words dateparser stumbles on; "last"/"next" are kept
    unless they precede a month ("last February": anchored here, not by dateparser)."""
    kept = [w for w in words if w not in IGNORED and w not in WEEKDAYS]
    if any(w in MONTHS for w in kept):
        kept = [w for w in kept if w not in BACKWARD | FORWARD | {"this"}]
    return " ".join(kept)


def year_or_month(phrase: str) -> tuple[dt.date, str] | None:
    """ "2019" and "april 2005" as dateparser reads them (a test holds the two together),
    without loading dateparser's language data (half a second, for the most common
    phrases in older news); None for any other phrase."""
    words = phrase.split()
    if len(words) == 1 and _year(words[0]):
        return dt.date(int(words[0]), 1, 1), "year"
    if len(words) == 2 and words[0] in MONTHS and _year(words[1]):
        return dt.date(int(words[1]), MONTHS[words[0]], 1), "month"
    return None


def _dateparser(phrase: str, ref: dt.date | None, future: bool) -> tuple[dt.date, str] | None:
    from dateparser.date import DateDataParser

    if not phrase.strip():
        return None
    settings = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    if ref is not None:
        settings["RELATIVE_BASE"] = dt.datetime(ref.year, ref.month, ref.day)  # type: ignore[assignment]
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _fallback(
    words: list[str], month: int | None, ref: dt.date | None, future: bool
) -> DateResult | None:
    """What dateparser leaves: a year with a season or a half ("autumn 2021", "the first
    half of 2024"), a month with words it does not take ("last February")."""
    years = [int(w) for w in words if _year(w)]
    if month is not None and ref is not None and not years:
        return _anchored(month, dt.date(ref.year, month, 1), "month", words, ref, future)
    if month is not None and years:
        return dt.date(years[0], month, 1), "month"
    if years:
        return dt.date(years[0], 1, 1), "year"
    return None


def _anchored(
    month: int, parsed: dt.date, precision: str, words: list[str], ref: dt.date, future: bool
) -> DateResult | None:
    """A month (and day) without a year, in the year the article's date puts it."""
    if precision == "day":
        options = [
            d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _date(y, month, parsed.day))
        ]
        if future or FORWARD & set(words):
            chosen = [d for d in options if d >= ref - dt.timedelta(days=7)]
            return (chosen[0], "day") if chosen else None
        chosen = [d for d in options if d <= ref + PAST_SLACK]
        return (chosen[-1], "day") if chosen else None
    if future or FORWARD & set(words):
        return dt.date(ref.year + (month < ref.month), month, 1), "month"
    before = month >= ref.month if BACKWARD & set(words) else month > ref.month
    return dt.date(ref.year - before, month, 1), "month"


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # February 29 in a common year
        return None


def _weekday(weekday: int, ref: dt.date, words: list[str], future: bool) -> dt.date:
    """The last such day on or before the article date ("last" excludes the article's
    own day), or, forward, the next one ("next" excludes it)."""
    if FORWARD & set(words) or (future and not BACKWARD & set(words)):
        ahead = (weekday - ref.weekday()) % 7
        if ahead == 0 and FORWARD & set(words):
            ahead = 7
        return ref + dt.timedelta(days=ahead)
    back = (ref.weekday() - weekday) % 7
    if back == 0 and BACKWARD & set(words):
        back = 7
    return ref - dt.timedelta(days=back)


def _period_start(day: dt.date, precision: str) -> dt.date:
    return first_day(day, precision) or day  # "day", "before": the day itself
