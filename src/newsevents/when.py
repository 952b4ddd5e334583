"""When an event happened (not when the article appeared).

``event_date`` looks at the DATE/TIME entities of the event's sentence (plus bare
weekday, "yesterday", "today" tokens the tagger missed), ranks them by how closely they
hang off the trigger's clause, and resolves the first one that can be resolved against
the article date:

- explicit dates ("Jan. 5", "March 3, 2024", "5 March", "2024-03-03") -> day; a date
  without a year takes the year putting it nearest the article date;
- months ("in March", "March 2019") -> month; years ("in 2019", "last year") -> year;
- weekdays: a Saturday in a Saturday article is that same day, otherwise the most recent
  one before the article date; "next Monday" (or a plain weekday after "will") forward.
  Weekdays are resolved here, not by dateparser, which sends "Saturday" in a Saturday
  article to the week before;
- "yesterday", "today", "this morning", "N days ago" -> day; "last week", "earlier this
  week", "the weekend" -> week (dated by the week's Monday, the weekend by its Saturday);
  "last month", "earlier this month" -> month (dated the 1st).

No date phrase: the article date with precision "day" (None when there is none).
Everything here is string and dictionary work; dateparser is only asked about numeric
forms such as "3/5/2024", on the entity text alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .parsed import ParsedDoc, Sentence

DateResult = tuple[dt.date | None, str | None]

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
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
BACKWARD = frozenset({"last", "past", "previous"})
FORWARD = frozenset({"next", "coming"})
PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "tonight"})
# Dependency labels that open a new clause: a date inside one belongs to that clause.
CLAUSE_DEPS = frozenset(
    {"ccomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "conj", "pcomp"}
)
# Prepositions that make a date a reference point rather than the event's date.
REFERENCE_PREPS = frozenset({"since", "until", "till", "by", "before", "after", "from", "through"})
# Single tokens worth a look even when the entity tagger left them out.
LONE_DATE_WORDS = frozenset({"yesterday", "today", "tonight", *WEEKDAYS})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})

_WORD = re.compile(r"[a-z]+|\d+(?:st|nd|rd|th)?")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DECADE = re.compile(r"\d0'?s\b")  # "the 1990s", "the '80s": no single date
_NUMERIC = re.compile(r"\b\d{1,4}[/.]\d{1,2}[/.]\d{2,4}\b")


def event_date(
    parsed: ParsedDoc, sentence: Sentence, trigger_i: int, article_date: dt.date | None
) -> DateResult:
    """The event's date and its precision ("day", "week", "month", "year")."""
    future = _is_future(parsed, trigger_i)
    for tier, _distance, text in sorted(_date_phrases(parsed, sentence, trigger_i)):
        if tier > 2:
            break
        resolved = resolve_date_phrase(text, article_date, future=future)
        if resolved is not None:
            return resolved
    return (article_date, "day") if article_date else (None, None)


def _date_phrases(
    parsed: ParsedDoc, sentence: Sentence, trigger_i: int
) -> Iterator[tuple[int, int, str]]:
    """(tier, distance to the trigger, text) for each date phrase in the sentence."""
    covered: set[int] = set()
    for ent in parsed.entities_in(sentence):
        if ent.label not in ("DATE", "TIME"):
            continue
        covered.update(range(ent.start, ent.end))
        root = _span_root(parsed, ent.start, ent.end)
        if _is_reference_point(parsed, root, ent.text):
            continue
        yield clause_tier(parsed, root, trigger_i), abs(root - trigger_i), ent.text
    for tok in parsed.sentence_tokens(sentence):
        if (
            tok.i not in covered
            and tok.text.lower() in LONE_DATE_WORDS
            and not _is_reference_point(parsed, tok.i, tok.text)
        ):
            yield clause_tier(parsed, tok.i, trigger_i), abs(tok.i - trigger_i), tok.text


def _is_reference_point(parsed: ParsedDoc, root: int, text: str) -> bool:
    """ "since 1917", "until March", "by 2007", "after Monday's talks": a date the event
    is measured from or against, not the day it happened."""
    tok = parsed.tokens[root]
    first = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    head = parsed.tokens[tok.head].text.lower() if tok.dep == "pobj" else ""
    return head in REFERENCE_PREPS or first in REFERENCE_PREPS


def _span_root(parsed: ParsedDoc, start: int, end: int) -> int:
    for i in range(start, end):
        if not start <= parsed.tokens[i].head < end or parsed.tokens[i].head == i:
            return i
    return end - 1


def clause_tier(parsed: ParsedDoc, token_i: int, trigger_i: int) -> int:
    """How a phrase (at ``token_i``) hangs off the trigger's clause.

    0: in the trigger's own clause; 1: on the governor of a non-clausal trigger
    ("launched an attack on Sunday"); 2: on a clause the trigger's clause hangs from
    ("said on Monday that troops had shelled ..."); 3: in another clause (a relative
    clause, a sibling clause) - not about this event."""
    trigger = parsed.tokens[trigger_i]
    governor = trigger.head if trigger.dep not in CLAUSE_DEPS and trigger.head != trigger_i else -1
    above: set[int] = set()  # the trigger and its ancestors
    k = trigger_i
    while k not in above:
        above.add(k)
        k = parsed.tokens[k].head
    crossed = False
    i = token_i
    while i not in above:
        tok = parsed.tokens[i]
        if tok.head == i:
            return 3  # another root: a different sentence fragment
        crossed = crossed or tok.dep in CLAUSE_DEPS
        i = tok.head
    if crossed:
        return 3
    return 0 if i == trigger_i else 1 if i == governor else 2


def _is_future(parsed: ParsedDoc, trigger_i: int) -> bool:
    """True for "will meet", "is to meet": bare weekdays then resolve forward."""
    trigger = parsed.tokens[trigger_i]
    heads = (trigger_i, trigger.head) if trigger.dep == "xcomp" else (trigger_i,)
    return any(
        parsed.tokens[c].dep == "aux" and parsed.tokens[c].text.lower() in FUTURE_AUX
        for h in heads
        for c in parsed.children(h)
    )


def resolve_date_phrase(
    text: str, article_date: dt.date | None, future: bool = False
) -> DateResult | None:
    """Resolve one date phrase against the article date; None if it names no date."""
    lowered = text.lower()
    iso = _ISO.search(lowered)
    if iso:
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]), "day")
    words = _WORD.findall(lowered.replace("'s", ""))
    if not words or _DECADE.search(lowered):
        return None
    if _NUMERIC.search(lowered):
        return _numeric_date(lowered, article_date)
    found = _calendar_date(words, article_date, future)
    if found is not None or article_date is None:
        return found
    return _relative_date(words, article_date, future)


def _safe_date(year: int, month: int, day: int, precision: str) -> DateResult | None:
    try:
        return dt.date(year, month, day), precision
    except ValueError:
        return None


def _calendar_date(words: list[str], ref: dt.date | None, future: bool) -> DateResult | None:
    """Month names, day numbers and four-digit years."""
    years = [int(w) for w in words if w.isdigit() and len(w) == 4 and 1800 <= int(w) <= 2200]
    year = years[0] if years else None
    month_at = next((k for k, w in enumerate(words) if w in MONTHS), None)
    if month_at is None:
        return (dt.date(year, 1, 1), "year") if year is not None else None
    month = MONTHS[words[month_at]]
    day = _day_next_to(words, month_at)
    if day is not None:
        if year is not None:
            return _safe_date(year, month, day, "day")
        if ref is None:
            return None
        return _nearest_year(month, day, ref, future)
    if year is not None:
        return dt.date(year, month, 1), "month"
    if ref is None:
        return None
    if future or any(w in FORWARD for w in words):  # the coming one
        return dt.date(ref.year + (month < ref.month), month, 1), "month"
    return dt.date(ref.year - (month > ref.month), month, 1), "month"  # the latest one


def _nearest_year(month: int, day: int, ref: dt.date, future: bool) -> DateResult | None:
    """A day without a year: news reports the past, so the latest one up to two months
    after the article ("on Aug. 5" in July is this August, "Jan. 5" in July last
    January); for a future event, the first one from a week before the article on."""
    options = [
        d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _maybe_date(y, month, day))
    ]
    if future:
        chosen = [d for d in options if d >= ref - dt.timedelta(days=7)]
        return (chosen[0], "day") if chosen else None
    chosen = [d for d in options if d <= ref + dt.timedelta(days=60)]
    return (chosen[-1], "day") if chosen else None


def _maybe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_next_to(words: list[str], month_at: int) -> int | None:
    """The day number right after ("March 3rd") or before ("3 March", "3rd of March")."""
    around = [month_at + 1, month_at - 1, month_at - 2]
    for k in around:
        if not 0 <= k < len(words):
            continue
        if k == month_at - 2 and words[month_at - 1] != "of":
            continue
        digits = words[k].rstrip("stndrh")
        if digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 31:
            return int(digits)
    return None


def _relative_date(words: list[str], ref: dt.date, future: bool) -> DateResult | None:
    found = _weekday_date(words, ref, future) or _day_word_date(words, ref)
    return found or _ago_date(words, ref) or _period_date(words, ref)


def _weekday_date(words: list[str], ref: dt.date, future: bool) -> DateResult | None:
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if weekday is None:
        if "weekend" in words:
            return _weekday_relative(5, ref, words, future), "week"
        return None
    return _weekday_relative(weekday, ref, words, future), "day"


def _weekday_relative(weekday: int, ref: dt.date, words: list[str], future: bool) -> dt.date:
    """The same weekday as the article is the article's day; otherwise the most recent
    one before it ("last" excludes the article's own day), or the next one forward."""
    if any(w in FORWARD for w in words) or (future and not any(w in BACKWARD for w in words)):
        ahead = (weekday - ref.weekday()) % 7
        if ahead == 0 and any(w in FORWARD for w in words):
            ahead = 7
        return ref + dt.timedelta(days=ahead)
    back = (ref.weekday() - weekday) % 7
    if back == 0 and any(w in BACKWARD for w in words):
        back = 7
    return ref - dt.timedelta(days=back)


def _day_word_date(words: list[str], ref: dt.date) -> DateResult | None:
    if "yesterday" in words or ("last" in words and "night" in words):
        shift = -2 if "before" in words else -1
    elif "tomorrow" in words:
        shift = 2 if "after" in words else 1
    elif (
        "today" in words
        or "tonight" in words
        or ("this" in words and any(w in PARTS_OF_DAY for w in words))
    ):
        shift = 0
    else:
        return None
    return ref + dt.timedelta(days=shift), "day"


_UNIT_PRECISION = {"day": "day", "week": "week", "month": "month", "year": "year"}


def _ago_date(words: list[str], ref: dt.date) -> DateResult | None:
    """Dates like "two days ago", "a week ago", "3 months ago"."""
    if "ago" not in words:
        return None
    at = words.index("ago")
    if at < 2:
        return None
    unit, count_word = words[at - 1].rstrip("s"), words[at - 2]
    count = int(count_word) if count_word.isdigit() else NUMBER_WORDS.get(count_word)
    if unit == "hour" and count is not None:  # "48 hours ago": a day, counted back
        return ref - dt.timedelta(days=count // 24), "day"
    if unit not in _UNIT_PRECISION or count is None:
        return None
    if unit in ("day", "week"):
        days = count * (7 if unit == "week" else 1)
        return _period_start(ref - dt.timedelta(days=days), unit), _UNIT_PRECISION[unit]
    months = ref.year * 12 + ref.month - 1 - count * (12 if unit == "year" else 1)
    return _period_start(dt.date(months // 12, months % 12 + 1, 1), unit), unit


def _period_date(words: list[str], ref: dt.date) -> DateResult | None:
    """Periods like "last week", "earlier this month", "next year"."""
    unit = next((w for w in words if w in ("week", "month", "year")), None)
    if unit is None:
        return None
    step = -1 if any(w in BACKWARD for w in words) else 1 if any(w in FORWARD for w in words) else 0
    if step == 0 and "this" not in words:
        return None  # "two weeks", "the month": a duration, not a date
    if unit == "week":
        return _period_start(ref + dt.timedelta(weeks=step), "week"), "week"
    if unit == "month":
        months = ref.year * 12 + ref.month - 1 + step
        return dt.date(months // 12, months % 12 + 1, 1), "month"
    return dt.date(ref.year + step, 1, 1), "year"


def _period_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _numeric_date(text: str, ref: dt.date | None) -> DateResult | None:
    """Numeric dates ("3/5/2024") through dateparser (US order first, as wire copy is)."""
    from dateparser.date import DateDataParser

    base = dt.datetime(ref.year, ref.month, ref.day) if ref else None
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base} if base else {})
    data = parser.get_date_data(_NUMERIC.search(text)[0])  # type: ignore[index]
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"
