"""Clusters through the REST API, the command line and ``newsevents.clusters``, over a
store of hand-built articles (the corpus of test_clusters.py)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

import newsevents
from newsevents.api import create_app
from newsevents.cli import main
from newsevents.store import Store
from test_clusters import D, corpus


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "c.db")
    with Store.open(path) as store:
        store.ingest(corpus())
    return path


async def _get(db: str, path: str, params: dict[str, str] | None = None) -> httpx.Response:
    store = Store.open(db)
    try:
        transport = httpx.ASGITransport(app=create_app(store=store))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            return await c.get(path, params=params)
    finally:
        store.close()


def get(db: str, path: str, **params: str) -> httpx.Response:
    import asyncio

    return asyncio.run(_get(db, path, params or None))


def test_rest_clusters_pages_details_and_articles(db: str) -> None:
    r = get(db, "/api/clusters", dyad="RUS:UKR", factual="true", min_sources="2")
    assert r.status_code == 200
    (friday,) = r.json()["clusters"]
    assert (friday["date"], friday["num_articles"], friday["num_sources"]) == (D.isoformat(), 4, 4)
    detail = get(db, f"/api/clusters/{friday['cluster_id']}").json()
    assert [a["id"] for a in detail["articles"]] == ["a1", "a3", "a8", "a2"]
    assert detail["representative"]["plover"] == "ASSAULT"
    article = get(db, "/api/articles/a2").json()
    (event,) = article["events"]
    assert event["cluster_id"] == friday["cluster_id"]
    assert len(article["clusters"][friday["cluster_id"]]["articles"]) == 4
    assert get(db, "/api/clusters/0000000000000000").status_code == 404
    assert get(db, "/api/clusters", cursor="not-a-cursor").status_code == 422
    assert get(db, "/api/clusters", plover="NOPE").status_code == 422


def test_rest_clusters_take_the_actor_filter_of_events(db: str) -> None:
    """A happening matches an actor of any of its events: a code by prefix, name words or
    text: words, never inside a word (the values GET /api/events takes)."""

    def ids(**params: str) -> set[str]:
        answer = get(db, "/api/clusters", limit="500", **params)
        assert answer.status_code == 200, answer.text
        return {c["cluster_id"] for c in answer.json()["clusters"]}

    talks = ids(dyad="USA:CHN")
    assert talks and ids(actor="Wang Yi") == ids(actor="text:wang yi") == ids(actor="CHN") == talks
    assert ids(actor="blinken") == ids(actor="USAGOV") == talks
    strikes = ids(dyad="RUS:UKR")
    assert ids(actor="RUS") == ids(actor="UKR") == strikes
    assert set() < ids(actor="RUSMIL") < strikes  # RUSMIL reports are in some happenings only
    assert ids(actor="ang") == set()  # not inside "Wang"
    assert get(db, "/api/clusters", actor="*").status_code == 422


def test_rest_timeline_counts_happenings_or_events(db: str) -> None:
    happenings = get(db, "/api/dyads/RUS/UKR/timeline", interval="day", count="clusters").json()
    events = get(db, "/api/dyads/RUS/UKR/timeline", interval="day", count="events").json()
    by_day = {b["period"]: b["events"] for b in happenings["buckets"]}
    raw = {b["period"]: b["events"] for b in events["buckets"]}
    assert by_day[D.isoformat()] < raw[D.isoformat()]  # four reports of one strike count once
    assert get(db, "/api/dyads/RUS/UKR/timeline").json()["count"] == "events"


def test_cli_events_clusters(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["events", "--db", db, "--clusters", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert sum(r["num_events"] for r in rows) == sum(len(c.events) for c in corpus())
    wide = runner.invoke(main, ["events", "--db", db, "--clusters", "--min-sources", "3",
                                "--format", "csv"])  # fmt: skip
    assert wide.exit_code == 0
    assert wide.output.splitlines()[0].startswith("cluster_id,")
    assert len(wide.output.splitlines()) == 2
    bad = runner.invoke(main, ["events", "--db", db, "--clusters", "--actor", "x"])
    assert bad.exit_code == 2
    out = tmp_path / "c.parquet"
    parquet = runner.invoke(main, ["events", "--db", db, "--clusters", "--format", "parquet",
                                   "-o", str(out)])  # fmt: skip
    assert parquet.exit_code == 0 and out.stat().st_size > 0
    rebuilt = runner.invoke(main, ["cluster", "--db", db])
    assert rebuilt.exit_code == 0 and f"{len(rows)} clusters" in rebuilt.output


def test_python_clusters(db: str) -> None:
    found = newsevents.clusters(db, dyad="UKR:RUS", since=D.isoformat(), until=D.isoformat())
    # undated happenings count from the day they were first reported
    assert all((c.date or c.first_seen) == D and c.dyad == ("RUS", "UKR") for c in found)
    assert max(c.num_articles for c in found) == 4
    assert len(newsevents.clusters(db, limit=2)) == 2
