"""Panels over REST (``GET /api/panel``, as JSON or a CSV download) and the country
view's data (``GET /api/countries/{country}/summary``)."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from ..analysis import Panel, PanelSpec, panel
from ..analysis.writers import write_csv
from ..country_codes import CountryCrosswalk
from .routes import ErrorMessage, State
from .timeline import QUAD_CLASSES, timeline_buckets

# A panel larger than this is refused (narrow it, or use ``newsevents aggregate``).
MAX_PANEL_ROWS = 200_000
MAX_PARTNERS = 50

router = APIRouter(
    prefix="/api",
    responses={
        422: {"model": ErrorMessage, "description": "invalid parameters (the message says which)"}
    },
)
Code = Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z0-9]+$")]


@router.get("/panel", summary="A panel of counts and mean Goldstein (JSON or CSV)",
            tags=["analysis"])  # fmt: skip
def get_panel(
    state: State,
    by: Literal["country", "dyad", "actor", "all"] = "country",
    interval: Literal["day", "week", "month", "year"] = "month",
    count: Literal["clusters", "events"] = "clusters",
    split: Literal["quad", "plover", "cameo_root"] | None = None,
    role: Literal["either", "source", "target", "place"] = "either",
    directed: Annotated[bool, Query(description="dyads: source->target apart")] = True,
    scope: Literal["all", "domestic", "international"] = "all",
    only: Annotated[
        str | None, Query(max_length=2000, description="comma-separated countries or codes")
    ] = None,
    dyad: Annotated[str | None, Query(max_length=45, description="A:B")] = None,
    involving: Code = None,
    plover: Code = None,
    cameo_root: Annotated[str | None, Query(max_length=2)] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    since: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    until: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None,
    factual: Annotated[bool, Query(description="only what happened")] = True,
    min_sources: Annotated[int, Query(ge=1)] = 1,
    normalize: bool = False,
    zero_fill: bool = True,
    imprecise: Literal["drop", "spread"] = "drop",
    format: Literal["json", "csv"] = "json",
) -> Any:
    """The panel ``newsevents aggregate`` prints, with the same options. ``format=csv``
    downloads it as a file."""
    from ..model import parse_date

    try:
        start, end = parse_date(since), parse_date(until)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    spec = PanelSpec(
        by=by, interval=interval, count=count, split=split, role=role, directed=directed,
        scope=scope, only=tuple((only or "").split(",")), dyad=dyad, involving=involving,
        plover=plover, cameo_root=cameo_root, quad_class=quad_class, since=start, until=end,
        factual_only=factual, min_sources=min_sources, normalize=normalize,
        zero_fill=zero_fill, imprecise=imprecise,
    )  # fmt: skip
    result = panel(state.store, spec)
    if len(result.rows) > MAX_PANEL_ROWS:
        raise HTTPException(422, f"the panel has {len(result.rows):,} rows (at most "
                            f"{MAX_PANEL_ROWS:,} here): narrow it, or use newsevents aggregate")  # fmt: skip
    if format == "csv":
        return _csv_response(result)
    return result.to_dict()


def _csv_response(result: Panel) -> Response:
    text = io.StringIO()
    write_csv(result, text)
    s = result.spec
    name = "-".join(p for p in ("newsevents", s.by, s.involving or "", s.dyad or "", s.interval,
                                s.count) if p).replace(":", "_")  # fmt: skip
    return Response(
        text.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


CountryPath = Annotated[
    str, Path(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3")
]


@router.get("/countries/{country}/summary", summary="A country over time and its top partners",
            tags=["analysis"])  # fmt: skip
def country_summary(
    state: State,
    country: CountryPath,
    interval: Literal["day", "week", "month", "year"] = "month",
    count: Literal["clusters", "events"] = "clusters",
    factual: bool = True,
    partners: Annotated[int, Query(ge=1, le=MAX_PARTNERS)] = 10,
) -> dict[str, Any]:
    """Happenings (or events) with ``country`` on either side per interval by quad
    class with the mean Goldstein, what fits no interval (``undrawn``), its domestic
    count and its top partners (most items first) by quad class."""
    iso3 = country.upper()
    spec = PanelSpec(by="all", interval=interval, count=count, involving=iso3,
                     factual_only=factual)  # fmt: skip
    buckets, total = timeline_buckets(state.store, spec)
    pairs = panel(state.store, PanelSpec(by="dyad", interval="year", count=count, split="quad",
                                         involving=iso3, directed=False, factual_only=factual,
                                         zero_fill=False, imprecise="spread"))  # fmt: skip
    names = CountryCrosswalk.load()
    found: dict[str, dict[str, Any]] = {}
    for row in pairs.records():
        other = row["target"] if row["source"] == iso3 else row["source"]
        entry = found.setdefault(other, {"partner": other, "name": names.name(other), "count": 0.0,
                                         "quad_counts": dict.fromkeys(map(str, QUAD_CLASSES), 0.0),
                                         "_g": 0.0})  # fmt: skip
        entry["count"] += row["count"]
        entry["quad_counts"][str(row["quad_class"])] += row["count"]
        if row["goldstein_mean"] is not None:
            entry["_g"] += row["goldstein_mean"] * row["count"]
    domestic = found.pop(iso3, None)
    ranked = sorted(found.values(), key=lambda e: (-e["count"], e["partner"]))[:partners]
    for entry in ranked:
        g = entry.pop("_g")
        entry["goldstein_mean"] = round(g / entry["count"], 4) if entry["count"] else None
        entry["count"] = round(entry["count"], 6)
        entry["quad_counts"] = {q: round(v, 6) for q, v in entry["quad_counts"].items()}
    return {
        "country": iso3, "name": names.name(iso3), "interval": interval, "count": count,
        "buckets": buckets, "undrawn": total.left_out,
        "domestic": round(domestic["count"], 6) if domestic else 0, "partners": ranked,
    }  # fmt: skip
