"""Analysis outputs: panels of counts and mean Goldstein by country, dyad or actor per
day, week, month or year, and network edge lists.

    from newsevents.analysis import PanelSpec, panel
    with Store.open("events.db") as store:
        p = panel(store, PanelSpec(by="country", interval="month", split="quad"))

``newsevents.aggregate(db, ...)`` does the same in one call (``as_frame=True`` for a
pandas DataFrame); ``newsevents aggregate`` is the command. How dates of each
precision are counted: ``periods.py``.
"""

from __future__ import annotations

from ..store import Store
from .panel import compute_panel
from .periods import INTERVALS, POLICIES, PeriodError, date_span, placements
from .spec import BY, COUNTS, ROLES, SCOPES, SPLITS, Panel, PanelError, PanelSpec


def panel(store: Store, spec: PanelSpec) -> Panel:
    """The panel ``spec`` describes, from ``store``."""
    with store.engine.connect() as conn:
        return compute_panel(conn, spec)


__all__ = [
    "BY",
    "COUNTS",
    "INTERVALS",
    "POLICIES",
    "ROLES",
    "SCOPES",
    "SPLITS",
    "Panel",
    "PanelError",
    "PanelSpec",
    "PeriodError",
    "date_span",
    "panel",
    "placements",
]
