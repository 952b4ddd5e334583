"""Panels as pandas DataFrames (pandas is optional: ``pip install 'newsevents[analysis]'``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas

    from .spec import Panel

PANDAS_MISSING = (
    "as_frame=True needs pandas, which newsevents does not install by default: "
    "pip install 'newsevents[analysis]' (or pandas)"
)


def require_pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(PANDAS_MISSING) from exc
    return pandas


def panel_frame(panel: Panel) -> pandas.DataFrame:
    """One row per panel row; ``period`` as datetime64, counts as integers (floats under
    ``imprecise="spread"``), a missing mean Goldstein as NaN."""
    pd = require_pandas()
    frame = pd.DataFrame.from_records(panel.rows, columns=list(panel.columns))
    frame["period"] = pd.to_datetime(frame["period"])
    frame["goldstein_mean"] = frame["goldstein_mean"].astype("float64")
    if "normalized" in frame:
        frame["normalized"] = frame["normalized"].astype("float64")
    frame.attrs["left_out"] = dict(panel.left_out)
    frame.attrs["spec"] = panel.spec.to_dict()
    return frame
