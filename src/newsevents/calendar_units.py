"""The calendar arithmetic every stage shares: the first day of a day, week, month or
year. Standard library only, so the date phrase reader (on ``code``'s start-up path),
the store's timelines and the analysis panels can all use it without importing each
other."""

from __future__ import annotations

import datetime as dt

UNITS: tuple[str, ...] = ("day", "week", "month", "year")


def first_day(day: dt.date, unit: str) -> dt.date | None:
    """The first day of the ``unit`` holding ``day`` (weeks start on Monday, as ISO's);
    None for a unit that is none of ``UNITS`` (each caller says what that means)."""
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return None
