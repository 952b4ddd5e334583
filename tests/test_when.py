"""Event dates: each resolution rule, the Saturday trap, and clause preference."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.parsed import Entity, ParsedDoc, Sentence, Token
from newsevents.when import event_date, resolve_date_phrase

SAT = dt.date(2024, 7, 27)  # a Saturday
WED = dt.date(2024, 7, 24)


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("Jan. 5", dt.date(2024, 1, 20), (dt.date(2024, 1, 5), "day")),
        ("Dec. 30", dt.date(2025, 1, 3), (dt.date(2024, 12, 30), "day")),  # nearest year
        ("March 3, 2024", SAT, (dt.date(2024, 3, 3), "day")),
        ("5 March", SAT, (dt.date(2024, 3, 5), "day")),
        ("the 5th of March", SAT, (dt.date(2024, 3, 5), "day")),
        ("March 3rd", None, None),  # no year and nothing to take it from
        ("March 3, 2024", None, (dt.date(2024, 3, 3), "day")),
        ("2024-03-03", None, (dt.date(2024, 3, 3), "day")),
        ("in March", SAT, (dt.date(2024, 3, 1), "month")),
        ("in September", SAT, (dt.date(2023, 9, 1), "month")),  # the latest September
        ("March 2019", SAT, (dt.date(2019, 3, 1), "month")),
        ("2019", SAT, (dt.date(2019, 1, 1), "year")),
        ("in 2019", None, (dt.date(2019, 1, 1), "year")),
        ("last year", SAT, (dt.date(2023, 1, 1), "year")),
        ("yesterday", SAT, (dt.date(2024, 7, 26), "day")),
        ("the day before yesterday", SAT, (dt.date(2024, 7, 25), "day")),
        ("today", SAT, (SAT, "day")),
        ("this morning", SAT, (SAT, "day")),
        ("Two days ago", SAT, (dt.date(2024, 7, 25), "day")),
        ("48 hours ago", SAT, (dt.date(2024, 7, 25), "day")),
        ("last night", SAT, (dt.date(2024, 7, 26), "day")),
        ("late Friday", SAT, (dt.date(2024, 7, 26), "day")),
        ("Monday's", SAT, (dt.date(2024, 7, 22), "day")),
        ("10 a.m.", SAT, None),
        ("in mid-March", SAT, (dt.date(2024, 3, 1), "month")),
        ("Saturday, March 2", SAT, (dt.date(2024, 3, 2), "day")),
        ("Dec. 2023", SAT, (dt.date(2023, 12, 1), "month")),
        ("last week", SAT, (dt.date(2024, 7, 15), "week")),  # Monday of the week before
        ("earlier this week", SAT, (dt.date(2024, 7, 22), "week")),
        ("last month", SAT, (dt.date(2024, 6, 1), "month")),
        ("last month", dt.date(2024, 1, 9), (dt.date(2023, 12, 1), "month")),
        ("Earlier this month", SAT, (dt.date(2024, 7, 1), "month")),
        ("a year ago", SAT, (dt.date(2023, 1, 1), "year")),
        ("over the weekend", dt.date(2024, 7, 29), (dt.date(2024, 7, 27), "week")),
        ("two years", SAT, None),  # a duration
        ("the 1990s", SAT, None),
        ("decades", SAT, None),
        ("yesterday", None, None),
    ],
)
def test_resolve_date_phrase(
    text: str, ref: dt.date | None, expected: tuple[dt.date, str] | None
) -> None:
    assert resolve_date_phrase(text, ref) == expected


def test_saturday_in_a_saturday_article_is_that_day() -> None:
    assert resolve_date_phrase("on Saturday", SAT) == (SAT, "day")
    assert resolve_date_phrase("Saturday night", SAT) == (SAT, "day")


def test_weekday_is_the_most_recent_before_the_article() -> None:
    assert resolve_date_phrase("Friday", SAT) == (dt.date(2024, 7, 26), "day")
    assert resolve_date_phrase("Sunday", SAT) == (dt.date(2024, 7, 21), "day")
    assert resolve_date_phrase("Thursday", WED) == (dt.date(2024, 7, 18), "day")
    assert resolve_date_phrase("last Saturday", SAT) == (dt.date(2024, 7, 20), "day")


def test_next_weekday_and_future_go_forward() -> None:
    assert resolve_date_phrase("next Monday", SAT) == (dt.date(2024, 7, 29), "day")
    assert resolve_date_phrase("next Saturday", SAT) == (dt.date(2024, 8, 3), "day")
    assert resolve_date_phrase("Friday", WED, future=True) == (dt.date(2024, 7, 26), "day")


def test_numeric_date_through_dateparser() -> None:
    assert resolve_date_phrase("on 3/5/2024", SAT) == (dt.date(2024, 3, 5), "day")


# --- whole-sentence choice on hand-built parses (no model needed) -------------------


def _doc(words: list[tuple[str, str, int]], dates: list[tuple[int, int]]) -> ParsedDoc:
    """Tokens from (text, dep, head); DATE entities from token ranges."""
    tokens, pos = [], 0
    for i, (text, dep, head) in enumerate(words):
        tokens.append(Token(i, text, text.lower(), "X", "X", dep, head, pos))
        pos += len(text) + 1
    text = " ".join(w for w, _, _ in words)
    ents = tuple(
        Entity(s, e, "DATE", " ".join(w for w, _, _ in words[s:e]), tokens[s].idx,
               tokens[e - 1].end_char)
        for s, e in dates
    )  # fmt: skip
    sent = Sentence(0, 0, len(tokens), 0, len(text), text)
    return ParsedDoc(text, tuple(tokens), (sent,), ents)


def _when(doc: ParsedDoc, trigger: int, ref: dt.date | None) -> tuple[dt.date | None, str]:
    found = event_date(doc, doc.sentences[0], trigger, ref)
    return found.date, found.precision


# "He said on Monday that troops shelled the village on Sunday"
SAID = [("He", "nsubj", 1), ("said", "ROOT", 1), ("on", "prep", 1), ("Monday", "pobj", 2),
        ("that", "mark", 6), ("troops", "nsubj", 6), ("shelled", "ccomp", 1),
        ("the", "det", 8), ("village", "dobj", 6), ("on", "prep", 6), ("Sunday", "pobj", 9)]  # fmt: skip


def test_prefers_the_date_in_the_trigger_clause() -> None:
    doc = _doc(SAID, [(3, 4), (10, 11)])
    assert _when(doc, 6, SAT) == (dt.date(2024, 7, 21), "day")
    assert _when(doc, 1, SAT) == (dt.date(2024, 7, 22), "day")


def test_date_elsewhere_in_the_sentence_beats_the_article_date() -> None:
    doc = _doc(SAID[:9], [(3, 4)])
    assert _when(doc, 6, SAT) == (dt.date(2024, 7, 22), "day")


def test_date_in_a_relative_clause_is_not_the_event_date() -> None:
    # "Rebels attacked the town , which troops captured in 2019"
    words = [("Rebels", "nsubj", 1), ("attacked", "ROOT", 1), ("the", "det", 3),
             ("town", "dobj", 1), (",", "punct", 3), ("which", "dobj", 7),
             ("troops", "nsubj", 7), ("captured", "relcl", 3), ("in", "prep", 7),
             ("2019", "pobj", 8)]  # fmt: skip
    doc = _doc(words, [(9, 10)])
    assert _when(doc, 1, SAT) == (SAT, "day")
    assert _when(doc, 7, SAT) == (dt.date(2019, 1, 1), "year")


def test_reference_point_dates_are_skipped() -> None:
    # "Troops have occupied the town since 2019"
    words = [("Troops", "nsubj", 2), ("have", "aux", 2), ("occupied", "ROOT", 2),
             ("the", "det", 4), ("town", "dobj", 2), ("since", "prep", 2),
             ("2019", "pobj", 5)]  # fmt: skip
    doc = _doc(words, [(6, 7)])
    assert _when(doc, 2, SAT) == (SAT, "day")


def test_governor_of_a_noun_trigger() -> None:
    # "Rebels launched an attack on Sunday": trigger "attack", date on "launched".
    words = [("Rebels", "nsubj", 1), ("launched", "ROOT", 1), ("an", "det", 3),
             ("attack", "dobj", 1), ("on", "prep", 1), ("Sunday", "pobj", 4)]  # fmt: skip
    doc = _doc(words, [(5, 6)])
    assert _when(doc, 3, SAT) == (dt.date(2024, 7, 21), "day")


def test_untagged_weekday_token_and_future_aux() -> None:
    # "Leaders will meet Friday" with no entity tagged: the bare token still counts.
    words = [("Leaders", "nsubj", 2), ("will", "aux", 2), ("meet", "ROOT", 2),
             ("Friday", "npadvmod", 2)]  # fmt: skip
    doc = _doc(words, [])
    assert _when(doc, 2, WED) == (dt.date(2024, 7, 26), "day")


def test_no_date_phrase_gives_the_article_date() -> None:
    words = [("Troops", "nsubj", 1), ("withdrew", "ROOT", 1)]
    doc = _doc(words, [])
    assert _when(doc, 1, SAT) == (SAT, "day")
    assert _when(doc, 1, None) == (None, "unknown")


def test_unresolvable_entity_falls_through() -> None:
    # "Troops withdrew after two years": a duration is no date.
    words = [("Troops", "nsubj", 1), ("withdrew", "ROOT", 1), ("after", "prep", 1),
             ("two", "nummod", 4), ("years", "pobj", 2)]  # fmt: skip
    doc = _doc(words, [(3, 5)])
    assert _when(doc, 1, SAT) == (SAT, "day")


@pytest.mark.slow
def test_with_the_model(pipeline: object) -> None:
    from newsevents.nlp import to_parsed

    nlp = pipeline.nlp  # type: ignore[attr-defined]
    cases = [
        ("Israeli troops raided the camp on Saturday, officials said.", "raided",
         (SAT, "day")),
        ("The minister met his counterpart in Beijing on Jan. 5 to discuss trade.", "met",
         (dt.date(2024, 1, 5), "day")),
        ("Last week, rebels attacked a convoy near Goma.", "attacked",
         (dt.date(2024, 7, 15), "week")),
        ("He said on Monday that troops had shelled the village on Sunday night.", "shelled",
         (dt.date(2024, 7, 21), "day")),
    ]  # fmt: skip
    for text, trigger, expected in cases:
        doc = to_parsed(nlp(text))
        trigger_i = next(t.i for t in doc.tokens if t.text == trigger)
        assert _when(doc, trigger_i, SAT) == expected, text


@pytest.mark.parametrize("future", [False, True])
def test_years_and_months_read_without_dateparser_as_dateparser_reads_them(future: bool) -> None:
    from newsevents.datephrase import (
        MONTHS,
        PRECISION_OF_PERIOD,
        _dateparser,
        _period_start,
        year_or_month,
    )

    def start(found: tuple[dt.date, str] | None) -> tuple[dt.date, str] | None:
        # what resolve_date_phrase keeps of either: the period's first day
        if found is None:
            return None
        precision = PRECISION_OF_PERIOD[found[1]]
        return _period_start(found[0], precision), precision

    ref = dt.date(2024, 7, 27)
    phrases = [str(y) for y in (1848, 1945, 1999, 2003, 2024, 2025, 2031)]
    phrases += [f"{m} {y}" for m in MONTHS for y in (1991, 2024, 2026)]
    for phrase in phrases:
        fast = year_or_month(phrase)
        assert fast is not None and start(fast) == start(_dateparser(phrase, ref, future)), phrase
    assert year_or_month("last week") is None and year_or_month("7 october 2019") is None
