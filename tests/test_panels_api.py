"""GET /api/panel (JSON and CSV download) and the country view's summary, on a store of
the team's example articles: the same numbers as newsevents.aggregate."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pandas as pd
import pytest

import newsevents
from newsevents.api import create_app
from newsevents.api.server import serve_in_thread
from newsevents.config import load_settings
from newsevents.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(examples_db: str) -> Iterator[httpx.Client]:
    store = Store.open(examples_db)
    app = create_app(store=store, settings=load_settings(env={}))
    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url, timeout=60) as c:
        yield c
    store.close()


def test_panel_json_is_the_library_panel(client: httpx.Client, examples_db: str) -> None:
    got = client.get("/api/panel", params={"by": "dyad", "interval": "week", "split": "quad"})
    assert got.status_code == 200
    data = got.json()
    expected = newsevents.aggregate(examples_db, by="dyad", interval="week", split="quad")
    assert data == expected.to_dict()


def test_panel_csv_downloads_the_same_rows(client: httpx.Client, examples_db: str) -> None:
    got = client.get("/api/panel", params={"by": "all", "dyad": "RUS:UKR", "directed": "false",
                                           "split": "quad", "interval": "month",
                                           "format": "csv"})  # fmt: skip
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    frame = pd.read_csv(io.StringIO(got.text))
    assert list(frame.columns) == ["period", "quad_class", "count", "goldstein_mean"]
    expected = newsevents.aggregate(examples_db, by="all", dyad="RUS:UKR", directed=False,
                                    split="quad", interval="month")  # fmt: skip
    assert len(frame) == len(expected.rows) and frame["count"].sum() == expected.total() > 0


def test_timeline_buckets_add_up_to_the_panel(client: httpx.Client, examples_db: str) -> None:
    data = client.get("/api/dyads/RUS/UKR/timeline", params={"interval": "week",
                                                             "count": "clusters"}).json()  # fmt: skip
    panel = newsevents.aggregate(examples_db, by="all", dyad="RUS:UKR", directed=False,
                                 interval="week")  # fmt: skip
    assert sum(b["events"] for b in data["buckets"]) == panel.total() > 0
    assert data["undrawn"] == panel.left_out
    for bucket in data["buckets"]:
        assert sum(bucket["quad_counts"].values()) == bucket["events"]


def test_country_summary_over_time_and_partners(client: httpx.Client, examples_db: str) -> None:
    data = client.get("/api/countries/rus/summary", params={"interval": "month"}).json()
    assert data["country"] == "RUS" and data["name"] == "Russia"
    involving = newsevents.aggregate(examples_db, by="country", only=["RUS"], interval="month")
    assert sum(b["events"] for b in data["buckets"]) == involving.total() > 0
    partners = {p["partner"]: p for p in data["partners"]}
    assert "UKR" in partners and "RUS" not in partners
    counts = [p["count"] for p in data["partners"]]
    assert counts == sorted(counts, reverse=True)
    for p in data["partners"]:
        assert sum(p["quad_counts"].values()) == pytest.approx(p["count"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/panel?by=nation", "/api/panel?interval=decade", "/api/panel?dyad=USA-CHN",
        "/api/panel?since=2025-13-01", "/api/panel?by=all&only=USA",
        "/api/countries/RUSSIA/summary", "/api/countries/RUS/summary?interval=hour",
    ],
)  # fmt: skip
def test_bad_panel_parameters_are_422(client: httpx.Client, url: str) -> None:
    got = client.get(url)
    assert got.status_code == 422, got.text
    assert got.json()["detail"]
