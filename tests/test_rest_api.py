"""The REST API over a real SQLite store built by the real pipeline from test articles.

The server runs with uvicorn on a free loopback port; requests go through httpx.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.api import create_app
from newsevents.api.server import serve_in_thread
from newsevents.model import Article
from newsevents.pipeline import Pipeline
from newsevents.read import read_paths, read_text
from newsevents.store import Store

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "serve" / "articles.jsonl"


def build_store(path: Path, pipeline: Pipeline) -> tuple[Store, list[Article]]:
    """Read the fixture articles, code them with the real pipeline, store them."""
    articles = [a for a in read_paths([str(FIXTURES)]) if isinstance(a, Article)]
    store = Store.open(str(path))
    report = store.ingest(pipeline.code_articles(articles))
    assert report.failed == 0, report.errors
    return store, articles


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[dict[str, Any]]:
    store, articles = build_store(tmp_path_factory.mktemp("api") / "events.db", pipeline)
    app = create_app(store=store, pipeline=pipeline)
    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url, timeout=60) as client:
        yield {
            "client": client,
            "store": store,
            "articles": articles,
            "base_url": base_url,
            "pipeline": pipeline,
        }
    store.close()


def get_json(client: httpx.Client, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, (url, response.text)
    return response.json()


def all_events(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    return get_json(client, "/api/events", limit=500, **params)["events"]


def countries(actors: list[dict[str, Any]]) -> set[str | None]:
    return {a["country"] for a in actors}


def test_store_holds_united_states_china_events(api: dict[str, Any]) -> None:
    stats = get_json(api["client"], "/api/stats")
    assert stats["articles"] == len(api["articles"])
    events = all_events(api["client"])
    assert stats["events"] == len(events) > 0
    assert any("USA" in countries(e["source"]) and "CHN" in countries(e["target"]) for e in events)
    assert any("CHN" in countries(e["source"]) and "USA" in countries(e["target"]) for e in events)


def test_event_filters_hold_on_every_returned_event(api: dict[str, Any]) -> None:
    client = api["client"]
    everything = all_events(client)
    for e in all_events(client, source="USA"):
        assert "USA" in countries(e["source"]) or any(a["code"] == "USA" for a in e["source"])
    for e in all_events(client, target="CHN"):
        assert "CHN" in countries(e["target"])
    both_ways = all_events(client, dyad="USA:CHN")
    assert both_ways
    for e in both_ways:
        src, tgt = countries(e["source"]), countries(e["target"])
        assert ("USA" in src and "CHN" in tgt) or ("CHN" in src and "USA" in tgt)
    ordered = all_events(client, dyad="USA:CHN", ordered="true")
    assert all("USA" in countries(e["source"]) for e in ordered)
    assert len(ordered) < len(both_ways)
    plover = everything[0]["plover"]
    assert {e["plover"] for e in all_events(client, plover=plover)} == {plover}
    root = everything[0]["cameo_root"]
    assert {e["cameo_root"] for e in all_events(client, cameo_root=root)} == {root}
    june = all_events(client, since="2024-06-01", until="2024-06-30")
    assert june and len(june) < len(everything)
    assert {e["article_id"] for e in june} == {"wire-2024-xi-biden-call"}
    located = [e for e in everything if e["location"] and e["location"]["country"]]
    if located:
        country = located[0]["location"]["country"]
        found = all_events(client, country=country)
        assert found and all(e["location"]["country"] == country for e in found)
    factual = all_events(client, factual="true")
    assert all(not e["negated"] and e["modality"] in ("asserted", "reported") for e in factual)


def test_cursor_pages_cover_every_event_once(api: dict[str, Any]) -> None:
    client = api["client"]
    expected = [e["event_id"] for e in all_events(client)]
    seen: list[str] = []
    cursor = None
    for _ in range(len(expected) + 1):
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = get_json(client, "/api/events", **params)
        assert len(page["events"]) <= 2
        seen += [e["event_id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 501},
        {"limit": "ten"},
        {"since": "2024-13-01"},
        {"until": "yesterday"},
        {"since": "2024-07-01", "until": "2024-06-01"},
        {"cameo_root": "4x"},
        {"plover": "PARTY"},
        {"dyad": "USA"},
        {"dyad": "USA:CHN:RUS"},
        {"cursor": "not-a-cursor!"},
        {"actor": "x" * 201},
        {"factual": "perhaps"},
        {"actor": "a\x00b"},
    ],
)
def test_bad_event_parameters_are_422_with_a_message(
    api: dict[str, Any], params: dict[str, Any]
) -> None:
    response = api["client"].get("/api/events", params=params)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "' OR '1'='1"},
        {"actor": "x'; DROP TABLE events; --"},
        {"source": "USA' OR 1=1 --"},
        {"target": 'CHN" OR ""="'},
        {"dyad": "USA:CHN' OR 1=1 --"},
        {"article_id": "' OR 1=1 --"},
        {"plover": "CONSULT' OR 1=1 --"},
    ],
)
def test_filter_values_carrying_sql_match_nothing(
    api: dict[str, Any], params: dict[str, Any]
) -> None:
    client = api["client"]
    before = get_json(client, "/api/stats")
    response = client.get("/api/events", params=params)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["events"] == []
    assert get_json(client, "/api/stats") == before


def test_article_with_its_events_and_spans(api: dict[str, Any]) -> None:
    client = api["client"]
    article_id = "wire/2024/blinken-wang-beijing"  # slashes in ids survive the route
    data = get_json(client, f"/api/articles/{article_id}")
    assert get_json(client, "/api/articles/" + quote(article_id, safe="")) == data
    article = data["article"]
    assert article["id"] == article_id
    assert article["title"] == "Blinken and Wang Hold Talks in Beijing"
    assert article["text"] == "\n\n".join(article["paragraphs"])
    assert any(line.startswith("Also Read") for line in article["boilerplate"])
    assert data["events"], "the pipeline coded no event in the Blinken-Wang article"
    text = article["text"]
    for event in data["events"]:
        assert event["article_id"] == article_id
        start, end = event["span"]
        assert 0 <= start < end <= len(text)
        assert event["sentence"] and event["sentence"] in text
        assert event["trigger"].split()[0].lower() in text.lower()
    stored = {e["event_id"] for e in all_events(client, article_id=article_id)}
    assert stored == {e["event_id"] for e in data["events"]}


def test_unknown_article_is_404(api: dict[str, Any]) -> None:
    response = api["client"].get("/api/articles/no-such-article")
    assert response.status_code == 404
    assert "no-such-article" in response.json()["detail"]


def test_dyad_timeline_counts_match_the_events(api: dict[str, Any]) -> None:
    client = api["client"]
    factual = all_events(client, dyad="USA:CHN", factual="true")
    for interval in ("day", "week", "month"):
        data = get_json(client, "/api/dyads/USA/CHN/timeline", interval=interval)
        assert data["interval"] == interval
        buckets = data["buckets"]
        assert sum(b["events"] for b in buckets) == len(factual) > 0
        periods = [dt.date.fromisoformat(b["period"]) for b in buckets]
        assert periods == sorted(periods)
        for b, period in zip(buckets, periods, strict=True):
            assert sum(b["quad_counts"].values()) == b["events"]
            assert set(b["quad_counts"]) == {"1", "2", "3", "4"}
            assert b["goldstein_mean"] is None or -10 <= b["goldstein_mean"] <= 10
            if interval == "week":
                assert period.weekday() == 0
            if interval == "month":
                assert period.day == 1
    month = get_json(client, "/api/dyads/USA/CHN/timeline", interval="month")
    reverse = get_json(client, "/api/dyads/chn/usa/timeline", interval="month")
    assert month["buckets"] == reverse["buckets"]
    assert len(month["buckets"]) >= 2


@pytest.mark.parametrize(("a", "b"), [("USAGOV", "CHNGOV"), ("USAGOV", "CHN"), ("usa", "chngov")])
def test_dyad_timeline_of_actor_codes_matches_their_events(
    api: dict[str, Any], a: str, b: str
) -> None:
    """Codes with a sector go through the same store timeline as countries: its counts
    add up to the dated factual events of the same code dyad, fewer than the countries'."""
    client = api["client"]
    by_code = get_json(client, f"/api/dyads/{a}/{b}/timeline", interval="month")
    assert by_code["a"] == a.upper() and by_code["b"] == b.upper()
    assert set(by_code) == {
        "a", "b", "interval", "factual", "count", "buckets", "undrawn", "left_out"
    }  # fmt: skip
    assert by_code["count"] == "events"  # the default: every event (count=clusters: happenings)
    events = all_events(client, dyad=f"{a}:{b}", factual="true")
    dated = [e for e in events if e["date"] or api_article_date(api, e["article_id"])]
    total_code = sum(bucket["events"] for bucket in by_code["buckets"])
    assert total_code == len(dated) > 0
    # What the buckets leave out is listed, by reason, and adds up to every event.
    every = all_events(client, dyad=f"{a}:{b}")
    left = by_code["left_out"]
    assert total_code + sum(group["count"] for group in left.values()) == len(every)
    by_id = {e["event_id"]: e for e in every}
    assert all(by_id[i]["negated"] for i in left["negated"]["event_ids"])
    assert all(
        not by_id[i]["negated"] and by_id[i]["modality"] not in ("asserted", "reported")
        for i in left["not_yet"]["event_ids"]
    )
    assert all(not by_id[i]["date"] for i in left["undated"]["event_ids"])
    by_country = get_json(client, "/api/dyads/USA/CHN/timeline", interval="month")
    assert total_code <= sum(bucket["events"] for bucket in by_country["buckets"])
    reverse = get_json(client, f"/api/dyads/{b}/{a}/timeline", interval="month")
    assert reverse["buckets"] == by_code["buckets"]


def api_article_date(api: dict[str, Any], article_id: str) -> str | None:
    by_id = {a.id: a for a in api["articles"]}
    article = by_id[article_id]
    return article.date.isoformat() if article.date else None


@pytest.mark.parametrize(
    "url",
    [
        "/api/dyads/USA/CHN/timeline?interval=decade",
        "/api/dyads/USA/CHN/timeline?factual=maybe",
        "/api/dyads/U/CHN/timeline",
        "/api/dyads/USA:RUS/CHN/timeline",
        "/api/actors?limit=0",
        "/api/actors?limit=101",
        "/api/actors?q=" + "x" * 101,
    ],
)
def test_bad_timeline_and_actor_parameters_are_422(api: dict[str, Any], url: str) -> None:
    response = api["client"].get(url)
    assert response.status_code == 422, response.text
    assert isinstance(response.json()["detail"], str)


def test_actor_search_for_pickers(api: dict[str, Any]) -> None:
    client = api["client"]
    found = get_json(client, "/api/actors", q="usa")["actors"]
    codes = [a["code"] for a in found]
    assert "USA" in codes
    assert all(a["events"] > 0 and a["label"].startswith(a["code"]) for a in found)
    assert [a["events"] for a in found] == sorted((a["events"] for a in found), reverse=True)
    by_name = get_json(client, "/api/actors", q="blinken")["actors"]
    assert by_name and by_name[0]["country"] == "USA"
    assert get_json(client, "/api/actors", q="zzzzzz")["actors"] == []
    assert len(get_json(client, "/api/actors", q="", limit=2)["actors"]) <= 2


def test_code_a_pasted_article_without_storing_it(api: dict[str, Any]) -> None:
    client = api["client"]
    before = get_json(client, "/api/stats")
    text = (
        "Kishida and Yoon Meet in Seoul\n\n"
        "SEOUL (Wire) - Japanese Prime Minister Fumio Kishida met South Korean President "
        "Yoon Suk Yeol in Seoul on Sunday, the presidential office said."
    )
    response = client.post("/api/code", json={"text": text, "date": "2023-05-07", "id": "pasted-1"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["article"]["title"] == "Kishida and Yoon Meet in Seoul"
    assert data["error"] is None
    assert data["events"], "no event coded in the pasted article"
    # The endpoint returns exactly what the library codes from the same text.
    direct = next(api["pipeline"].code_articles([read_text(text, "pasted-1", dt.date(2023, 5, 7))]))
    assert [e["event_id"] for e in data["events"]] == [e.event_id for e in direct.events]
    assert any("JPN" in countries(e["source"] + e["target"]) for e in data["events"])
    assert get_json(client, "/api/stats") == before
    page = (
        "<html><head><title>Talks</title></head><body><article><h1>Kishida meets Yoon</h1><p>"
        + text.split("\n\n")[1]
        + "</p></article></body></html>"
    )
    response = client.post("/api/code", json={"html": page, "url": "https://news.example.org/a"})
    assert response.status_code == 200, response.text
    assert response.json()["article"]["paragraphs"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": "a", "html": "<p>a</p>"},
        {"text": "   "},
        {"text": "Headline\n\nBody.", "date": "2024-02-30"},
        {"text": "Headline\n\nBody.", "colour": "red"},
        {"html": "<html><body></body></html>"},
        [1, 2, 3],
    ],
)
def test_bad_code_requests_are_422(api: dict[str, Any], body: Any) -> None:
    response = api["client"].post("/api/code", json=body)
    assert response.status_code == 422, response.text
    assert isinstance(response.json()["detail"], str)


def test_code_requests_over_200_kb_are_413(api: dict[str, Any]) -> None:
    client = api["client"]
    big = {"text": "Headline\n\n" + "The minister met the envoy. " * 8000}
    assert len(json.dumps(big)) > 200_000
    response = client.post("/api/code", json=big)
    assert response.status_code == 413
    assert "200000" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap holds while streaming
        yield json.dumps(big).encode()

    response = client.post(
        "/api/code", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_cors_is_closed_by_default(api: dict[str, Any]) -> None:
    client = api["client"]
    response = client.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/events",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_docs_and_pages_load_nothing_from_outside(api: dict[str, Any]) -> None:
    client = api["client"]
    spec = get_json(client, "/openapi.json")
    for path in (
        "/api/events",
        "/api/articles/{article_id}",
        "/api/dyads/{a}/{b}/timeline",
        "/api/actors",
        "/api/stats",
        "/api/code",
    ):
        assert path in spec["paths"]
    for page in ("/docs", "/", "/map", "/code", "/articles/wire-2024-xi-biden-call"):
        response = client.get(page)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert "content-security-policy" in response.headers
        refs = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert refs and all(ref.startswith("/") for ref in refs), (page, refs)
        for ref in refs:
            assert client.get(ref).status_code == 200, ref
    assert client.get("/static/topojson/world_110m.json").json()["type"] == "Topology"


def test_unknown_api_path_is_json_404(api: dict[str, Any]) -> None:
    response = api["client"].get("/api/nothing/here")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_serve_command_binds_loopback_and_prints_the_address(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    env = {**os.environ, "NEWSEVENTS_DEBUG": ""}
    command = [
        str(Path(sys.executable).parent / "newsevents"),
        "serve",
        "--db",
        str(db),
        "--port",
        "0",
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            url = None
            for _ in range(5):
                match = re.search(r"(http://127\.0\.0\.1:\d+)/", proc.stdout.readline())
                if match:
                    url = match.group(1)
                    break
            assert url, "serve printed no address"
            stats = httpx.get(url + "/api/stats", timeout=10).json()
            assert stats["articles"] == 0
        finally:
            proc.terminate()
            proc.wait(timeout=20)


FILTER_NAMES = ("actor", "source", "target", "dyad", "plover", "cameo_root", "since", "until")


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(FILTER_NAMES + ("country", "cursor", "limit", "article_id")),
    value=st.text(max_size=40),
)
def test_no_filter_value_makes_a_server_error(api: dict[str, Any], name: str, value: str) -> None:
    response = api["client"].get("/api/events", params={name: value})
    assert response.status_code in (200, 422), response.text
