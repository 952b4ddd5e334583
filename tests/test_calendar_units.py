"""The first day of a day, week, month or year, shared by dates, timelines and panels."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.analysis.periods import PeriodError, period_start
from newsevents.calendar_units import UNITS, first_day
from newsevents.datephrase import _period_start
from newsevents.store.query import BadFilter
from newsevents.store.query import period_start as timeline_start

DAY = dt.date(2024, 7, 27)  # a Saturday


def test_first_day_of_each_unit() -> None:
    assert [first_day(DAY, u) for u in UNITS] == [
        DAY, dt.date(2024, 7, 22), dt.date(2024, 7, 1), dt.date(2024, 1, 1)
    ]  # fmt: skip
    assert first_day(DAY, "decade") is None


def test_each_caller_keeps_its_own_answer_to_an_unknown_unit() -> None:
    with pytest.raises(PeriodError):
        period_start(DAY, "decade")
    with pytest.raises(BadFilter):
        timeline_start(DAY, "year")  # the store's timelines stop at months
    assert timeline_start(DAY, "week") == period_start(DAY, "week") == _period_start(DAY, "week")
    assert _period_start(DAY, "before") == DAY
