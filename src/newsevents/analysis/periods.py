"""Periods of a panel (day, ISO week, month, year) and where a dated item falls in them.

An item (an event or a happening) may be dated to a day, or only to a span of days: a
week, a month, a year, a publication day in doubt. ``date_span`` turns its date and
precision into that span of possible days; ``placements`` says which periods the span
counts in under a policy:

- ``drop`` (the default): an item counts in a period only when every day it may fall
  on lies in that period. A day-precise event counts everywhere; a month-precise event
  counts in its month and year, but in no week or day (a week panel leaves it out and
  says so); a week that straddles two months counts in neither month.
- ``spread``: an item counts in each period its span overlaps, in proportion to the days
  it shares with it (a month-precise event adds 7/31 to each full week of a 31-day
  month), so that a panel's sum keeps every datable item once and counts become
  fractions.

Items dated only as "before" a day, or not dated at all, fall in no period: both
policies leave them out.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ..calendar_units import first_day

INTERVALS: tuple[str, ...] = ("day", "week", "month", "year")
POLICIES: tuple[str, ...] = ("drop", "spread")
# Precisions with no bounded span of days: never placed.
UNPLACEABLE = frozenset({"before", "unknown"})


class PeriodError(ValueError):
    """A bad interval or policy name."""


def check_interval(interval: str) -> str:
    if interval not in INTERVALS:
        raise PeriodError(f"bad interval {interval!r}: expected one of {', '.join(INTERVALS)}")
    return interval


def period_start(day: dt.date, interval: str) -> dt.date:
    """The first day of the period holding ``day`` (weeks start on Monday, as ISO's)."""
    start = first_day(day, interval)
    if start is None:
        raise PeriodError(f"bad interval {interval!r}: expected one of {', '.join(INTERVALS)}")
    return start


def period_end(start: dt.date, interval: str) -> dt.date:
    """The last day of the period beginning on ``start``."""
    return next_period(start, interval) - dt.timedelta(days=1)


def next_period(start: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return start + dt.timedelta(days=1)
    if interval == "week":
        return start + dt.timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if interval == "year":
        return start.replace(year=start.year + 1, month=1, day=1)
    raise PeriodError(f"bad interval {interval!r}: expected one of {', '.join(INTERVALS)}")


def periods_between(first: dt.date, last: dt.date, interval: str) -> list[dt.date]:
    """Every period from the one holding ``first`` to the one holding ``last``."""
    out: list[dt.date] = []
    current, end = period_start(first, interval), period_start(last, interval)
    while current <= end:
        out.append(current)
        current = next_period(current, interval)
    return out


def date_span(
    date: dt.date | None, precision: str | None, date_end: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """The days an item may fall on, or None when it has no bounded span.

    ``date_end`` (a happening's last possible day) wins when given. Otherwise the
    precision decides: ``week`` is the ISO week holding ``date``, ``month`` and ``year``
    the calendar period holding it; ``day``, a missing precision (rows stored before
    precisions existed) and any other bounded precision are that one day."""
    if date is None or precision in UNPLACEABLE:
        return None
    if date_end is not None:
        return (date, date_end) if date_end >= date else (date_end, date)
    if precision == "week":
        start = date - dt.timedelta(days=date.weekday())
        return start, start + dt.timedelta(days=6)
    if precision == "month":
        last = calendar.monthrange(date.year, date.month)[1]
        return date.replace(day=1), date.replace(day=last)
    if precision == "year":
        return date.replace(month=1, day=1), date.replace(month=12, day=31)
    return date, date


def placements(
    span: tuple[dt.date, dt.date], interval: str, policy: str = "drop"
) -> list[tuple[dt.date, float]]:
    """(period start, weight) pairs for an item with this span; [] when ``drop`` leaves
    it out. Weights add up to 1."""
    first, last = span
    start = period_start(first, interval)
    if policy == "drop":
        return [(start, 1.0)] if period_start(last, interval) == start else []
    if policy != "spread":
        raise PeriodError(f"bad policy {policy!r}: expected one of {', '.join(POLICIES)}")
    days = (last - first).days + 1
    out: list[tuple[dt.date, float]] = []
    while start <= last:
        following = next_period(start, interval)
        overlap = (min(last, following - dt.timedelta(days=1)) - max(first, start)).days + 1
        out.append((start, overlap / days))
        start = following
    return out
