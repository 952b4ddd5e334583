"""What a panel counts (``PanelSpec``) and what comes back (``Panel``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..model import PLOVER_TYPES
from ..store.results import BadFilter, Dyad
from .periods import INTERVALS, POLICIES

if TYPE_CHECKING:
    import pandas

BY: tuple[str, ...] = ("country", "dyad", "actor", "all")
COUNTS: tuple[str, ...] = ("clusters", "events")
SPLITS: tuple[str, ...] = ("quad", "plover", "cameo_root")
ROLES: tuple[str, ...] = ("either", "source", "target", "place")
SCOPES: tuple[str, ...] = ("all", "domestic", "international")
# The values a split takes, for zero-filling (CAMEO roots 01-20; quad classes 1-4).
SPLIT_VALUES: dict[str, tuple[Any, ...]] = {
    "quad": (1, 2, 3, 4),
    "plover": PLOVER_TYPES,
    "cameo_root": tuple(f"{n:02d}" for n in range(1, 21)),
}
SPLIT_COLUMN = {"quad": "quad_class", "plover": "plover", "cameo_root": "cameo_root"}


class PanelError(BadFilter):
    """A panel specification that cannot be computed (bad option or combination)."""


@dataclass(frozen=True)
class PanelSpec:
    """A panel: counts and mean Goldstein per period and unit.

    - ``by``: ``country`` (one row per country and period), ``dyad`` (per source and
      target country), ``actor`` (per actor code, USAGOV), ``all`` (one series).
    - ``count``: ``clusters`` (happenings, each once however many articles report it)
      or ``events`` (every coded event of every article).
    - ``interval``: ``day``, ``week`` (ISO, from Monday), ``month``, ``year``.
    - ``split``: also by ``quad`` class, ``plover`` type or ``cameo_root``.
    - ``role`` (country and actor panels): ``either`` side (an item between two
      countries counts for both, a domestic one once), ``source``, ``target``, or
      ``place`` (where it happened; countries only).
    - ``directed`` (dyad panels): source→target; undirected rows put the two countries
      in alphabetical order.
    - ``scope``: ``domestic`` (both sides of one country), ``international`` (two
      different countries), ``all``.
    - ``only``: restrict the units to these countries (country panels; dyad panels keep
      pairs of two listed countries) or actor codes (actor panels); listed units get
      zero rows even when nothing involves them.
    - ``dyad``: only items between these two (``"USA:CHN"``, countries or codes; either
      way unless ``directed``); ``involving``: only items with this country or code on
      either side; ``plover``, ``cameo_root``, ``quad_class`` filters.
    - ``since`` / ``until``: the panel covers the whole periods holding them (default:
      from the first to the last period with data).
    - ``factual_only`` (default True): leave out negated and not-yet events.
    - ``min_sources`` (clusters): happenings reported by at least this many outlets.
    - ``min_confidence`` (events): leave out events coded with less confidence.
    - ``normalize``: also give the articles stored per period and count / articles.
    - ``zero_fill``: a row for every period × unit × split value, zeros included.
    - ``imprecise``: ``drop`` or ``spread`` items dated less precisely than a period
      (``periods.py``).
    """

    by: str = "country"
    interval: str = "month"
    count: str = "clusters"
    split: str | None = None
    role: str = "either"
    directed: bool = True
    scope: str = "all"
    only: tuple[str, ...] = ()
    dyad: str | None = None
    involving: str | None = None
    plover: str | None = None
    cameo_root: str | None = None
    quad_class: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    factual_only: bool = True
    min_sources: int = 1
    min_confidence: float | None = None
    normalize: bool = False
    zero_fill: bool = True
    imprecise: str = "drop"

    def validated(self) -> PanelSpec:
        for name, value, allowed in (
            ("by", self.by, BY), ("interval", self.interval, INTERVALS),
            ("count", self.count, COUNTS), ("role", self.role, ROLES),
            ("scope", self.scope, SCOPES), ("imprecise", self.imprecise, POLICIES),
        ):  # fmt: skip
            if value not in allowed:
                raise PanelError(f"bad {name} {value!r}: expected one of {', '.join(allowed)}")
        if self.split is not None and self.split not in SPLITS:
            raise PanelError(f"bad split {self.split!r}: expected one of {', '.join(SPLITS)}")
        if self.role == "place" and self.by != "country":
            raise PanelError("role 'place' applies to country panels only")
        if self.plover and self.plover.upper() not in PLOVER_TYPES:
            raise PanelError(f"unknown PLOVER type {self.plover!r}")
        if self.cameo_root and not (len(self.cameo_root) == 2 and self.cameo_root.isdigit()):
            raise PanelError(f"bad CAMEO root {self.cameo_root!r}: expected two digits like 19")
        if self.quad_class is not None and self.quad_class not in (1, 2, 3, 4):
            raise PanelError(f"bad quad class {self.quad_class!r}: expected 1, 2, 3 or 4")
        if self.since and self.until and self.since > self.until:
            raise PanelError("since is after until")
        if self.involving is not None and not self.involving.strip().isalnum():
            raise PanelError(f"bad country or actor code {self.involving!r}")
        if self.dyad is not None:
            try:
                Dyad.parse(self.dyad)
            except BadFilter as exc:
                raise PanelError(str(exc)) from exc
        if self.min_sources > 1 and self.count != "clusters":
            raise PanelError("min_sources applies to clusters (count='clusters')")
        if self.min_confidence is not None and self.count != "events":
            raise PanelError("min_confidence applies to events (count='events')")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise PanelError("min_confidence must be between 0 and 1")
        return replace(
            self,
            only=tuple(dict.fromkeys(u.strip().upper() for u in self.only if u.strip())),
            plover=self.plover.upper() if self.plover else None,
            involving=self.involving.strip().upper() if self.involving else None,
        )

    @property
    def unit_columns(self) -> tuple[str, ...]:
        if self.by == "dyad":
            return ("source", "target")
        if self.by == "all":
            return ()
        return (self.by,)

    @property
    def split_column(self) -> str | None:
        return SPLIT_COLUMN[self.split] if self.split else None

    @property
    def columns(self) -> tuple[str, ...]:
        cols = ("period", *self.unit_columns)
        if self.split_column:
            cols += (self.split_column,)
        cols += ("count", "goldstein_mean")
        if self.normalize:
            cols += ("articles", "normalized")
        return cols

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, dt.date) else (
                list(value) if isinstance(value, tuple) else value)  # fmt: skip
        return out


@dataclass(frozen=True)
class Panel:
    """Rows of a panel in ``spec.columns`` order, sorted by period then unit.

    ``left_out`` counts the items (per unit they would have counted for) that fall in no
    period of this interval, by date precision (``month`` in a week panel, ``before``,
    ``unknown``, ``range`` for a happening whose possible days straddle two periods).
    ``periods`` lists every period of the panel, oldest first."""

    spec: PanelSpec
    rows: list[tuple[Any, ...]]
    periods: list[dt.date]
    left_out: dict[str, int] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.spec.columns

    def records(self) -> Iterator[dict[str, Any]]:
        columns = self.columns
        for row in self.rows:
            yield dict(zip(columns, row, strict=True))

    def total(self) -> float:
        """The sum of the ``count`` column."""
        i = self.columns.index("count")
        return sum(row[i] for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the spec, the columns, the rows (dates as ISO strings)."""
        return {
            "spec": self.spec.to_dict(),
            "columns": list(self.columns),
            "periods": [p.isoformat() for p in self.periods],
            "left_out": dict(self.left_out),
            "rows": [
                [v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in self.rows
            ],
        }

    def to_frame(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (``period`` as datetime64); needs pandas
        (``pip install 'newsevents[analysis]'``)."""
        from .frame import panel_frame

        return panel_frame(self)
