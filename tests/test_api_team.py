"""Serving a team: the access token, private servers, coding limits, typed answers."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsevents.api import create_app
from newsevents.api.access import AccessError, AccessPolicy, CodeGate, read_token
from newsevents.config import load_settings
from newsevents.store import Store
from test_store_helpers import sample_corpus

TOKEN = "s3cret-token-for-the-team-0123456789"
NOT_AN_ARTICLE = {"colour": "red"}  # rejected (422) after the guard, before any coding


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("team") / "events.db")
    with Store.open(path) as store:
        store.ingest(sample_corpus())
    return path


def make_client(store_path: str, **options: Any) -> Iterator[TestClient]:
    with Store.open(store_path) as store:
        app = create_app(store=store, settings=load_settings(env={}), **options)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client


@pytest.fixture()
def guarded(store_path: str) -> Iterator[TestClient]:
    yield from make_client(store_path, access=AccessPolicy(TOKEN))


@pytest.fixture()
def private(store_path: str) -> Iterator[TestClient]:
    yield from make_client(store_path, access=AccessPolicy(TOKEN, private=True))


def basic(password: str, user: str = "me") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "newsevents"
    base = {k: v for k, v in os.environ.items() if k != "NEWSEVENTS_API_TOKEN"}
    return subprocess.run(
        [str(script), "serve", *args], capture_output=True, text=True, timeout=60,
        env={**base, **(env or {})}, check=False,
    )  # fmt: skip


def test_a_public_bind_without_a_token_refuses_to_start(tmp_path: Path) -> None:
    done = serve("--host", "0.0.0.0", "--db", str(tmp_path / "x.db"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: serving on 0.0.0.0") and "NEWSEVENTS_API_TOKEN" in line
    assert not (tmp_path / "x.db").exists()  # refused before opening anything
    weak = serve("--host", "0.0.0.0", env={"NEWSEVENTS_API_TOKEN": "short"})
    assert weak.returncode == 2 and "too short" in weak.stderr
    empty = tmp_path / "token"
    empty.write_text("\n")
    from_file = serve("--host", "0.0.0.0", "--token-file", str(empty))
    assert from_file.returncode == 2 and "token file is empty" in from_file.stderr
    alone = serve("--private")
    assert alone.returncode == 2 and "--private needs an access token" in alone.stderr


def test_token_comes_from_a_file_before_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\nignored\n")
    assert read_token(path, env={"NEWSEVENTS_API_TOKEN": "x" * 20}) == TOKEN
    assert read_token(None, env={"NEWSEVENTS_API_TOKEN": f"  {TOKEN} "}) == TOKEN
    assert read_token(None, env={}) is None
    with pytest.raises(AccessError):
        read_token(tmp_path / "missing")


def test_coding_needs_the_token_reading_does_not(guarded: TestClient) -> None:
    refused = guarded.post("/api/code", json=NOT_AN_ARTICLE)
    assert refused.status_code == 401 and "token" in refused.json()["detail"]
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert guarded.post("/api/code", json=NOT_AN_ARTICLE, headers=bearer("x" + TOKEN)).status_code == 401
    assert guarded.post("/api/code", json=NOT_AN_ARTICLE, headers=bearer(TOKEN)).status_code == 422
    assert guarded.post("/api/code", json=NOT_AN_ARTICLE, headers=basic(TOKEN)).status_code == 422
    for path in ("/", "/api/stats", "/api/events", "/static/app.css", "/docs"):
        assert guarded.get(path).status_code == 200, path


def test_a_private_server_asks_browsers_for_the_token(private: TestClient) -> None:
    for path in ("/", "/map", "/api/stats", "/static/app.css", "/docs", "/openapi.json"):
        refused = private.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["www-authenticate"].startswith("Basic realm=")
    assert private.get("/api/stats", headers=basic("wrong-password-123456")).status_code == 401
    assert private.get("/", headers=basic(TOKEN)).status_code == 200
    assert private.get("/api/stats", headers=bearer(TOKEN)).json()["events"] == 11
    assert private.post("/api/code", json=NOT_AN_ARTICLE, headers=basic(TOKEN)).status_code == 422


def test_over_the_rate_limit_is_429_with_retry_after(store_path: str) -> None:
    for client in make_client(store_path, code_rate="3/minute"):
        statuses = [client.post("/api/code", json=NOT_AN_ARTICLE).status_code for _ in range(3)]
        assert statuses == [422, 422, 422]
        over = client.post("/api/code", json=NOT_AN_ARTICLE)
        assert over.status_code == 429 and "at most 3 per 1 minute" in over.json()["detail"]
        assert 1 <= int(over.headers["retry-after"]) <= 60
        assert client.get("/api/stats").status_code == 200  # reading is not limited


def test_one_article_at_a_time_per_client_and_a_cap_overall() -> None:
    gate = CodeGate(rate="100/minute", concurrency=2)
    assert gate.admit("10.0.0.1") is None
    again = gate.admit("10.0.0.1")
    assert again is not None and again.status == 429 and again.retry_after >= 1
    assert gate.admit("10.0.0.2") is None
    busy = gate.admit("10.0.0.3")
    assert busy is not None and busy.status == 503 and busy.retry_after >= 1
    gate.release("10.0.0.1")
    assert gate.admit("10.0.0.3") is None


def test_weak_or_missing_tokens_are_refused() -> None:
    with pytest.raises(AccessError, match="too short"):
        AccessPolicy("abc")
    with pytest.raises(AccessError, match="--private"):
        AccessPolicy(None, private=True)
    assert AccessPolicy(None).allows(None) and not AccessPolicy(TOKEN).allows(None)
    assert not AccessPolicy(TOKEN).allows("Basic !!!not-base64")


def test_docs_show_typed_answers_and_lead_back_to_the_dashboard(store_path: str) -> None:
    for client in make_client(store_path):
        spec = client.get("/openapi.json").json()
        assert "[← Back to the dashboard](/)" in spec["info"]["description"]
        schemas = spec["components"]["schemas"]
        for name in ("EventOut", "ActorOut", "ArticleOut", "EventPageOut", "TimelineOut",
                     "DyadsOut", "ActorsOut", "StatsOut", "CodeResultOut", "FeedsOut",
                     "ClusterOut", "ClusterPageOut", "ClusterDetailOut"):  # fmt: skip
            assert name in schemas, name
        for path, method in (("/api/events", "get"), ("/api/articles/{article_id}", "get"),
                             ("/api/dyads/{a}/{b}/timeline", "get"), ("/api/dyads", "get"),
                             ("/api/actors", "get"), ("/api/stats", "get"),
                             ("/api/feeds", "get"), ("/api/code", "post"),
                             ("/api/clusters", "get"), ("/api/clusters/{cluster_id}", "get")):  # fmt: skip
            ok = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
            assert ok["schema"].get("$ref", "").startswith("#/components/schemas/"), path
        assert spec["paths"]["/api/code"]["post"]["security"]  # "Authorize" in /docs
        assert set(schemas["EventOut"]["required"]) >= {"event_id", "negated", "modality"}
        assert {"count", "undrawn", "left_out"} <= set(schemas["TimelineOut"]["required"])
        assert "imprecise" in schemas["LeftOut"]["properties"]
        params = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
        assert params["min_confidence"]["schema"]["anyOf"][0]["maximum"] == 1.0


def test_typed_answers_drop_nothing_the_model_writes(tmp_path: Path) -> None:
    """The response models let every key of ``to_dict`` through, with its value: an
    event with every optional field set, its article, its happening."""
    import dataclasses
    import datetime as dt

    from newsevents.model import Dateline, Location
    from test_store_helpers import coded, make_event

    event = dataclasses.replace(
        make_event("full", 0, ["USAGOV"], ["CHNGOV"], "042", dt.date(2024, 7, 27)),
        date_precision="day", date_source="dateline", place_source="text",
        location=Location("Vientiane", "LAO", 17.97, 102.6, 1651944, "city", "Vientiane"),
        pattern="verbs.txt:12", event_id="",
    )  # fmt: skip
    article = dataclasses.replace(
        coded("full", dt.date(2024, 7, 27), []).article,
        dateline=Dateline("VIENTIANE, July 27 (Reuters)", "Vientiane", "LAO", "July 27",
                          "Reuters", dt.date(2024, 7, 27)),
        date_source="dateline", published=dt.date(2024, 7, 28),
        fetched_at=dt.datetime(2024, 7, 28, 9, 30, tzinfo=dt.UTC),
    )  # fmt: skip
    path = str(tmp_path / "full.db")
    with Store.open(path) as store:
        store.ingest([dataclasses.replace(coded("full", None, [event]), article=article)])
        stored_article = store.get_article("full")
        (stored,) = store.article_events("full")
    assert stored_article is not None
    for client in make_client(path):
        (listed,) = client.get("/api/events").json()["events"]
        assert listed == stored.to_dict()
        body = client.get("/api/articles/full").json()
        assert body["article"] == stored_article.to_dict()
        (with_cluster,) = body["events"]
        cluster_id = with_cluster.pop("cluster_id")
        assert with_cluster == stored.to_dict() and cluster_id in body["clusters"]
        detail = client.get(f"/api/clusters/{cluster_id}").json()
        assert detail["representative"] == stored.to_dict()
        assert detail["location"] == stored.to_dict()["location"] | {"geonameid": None,
                                                                     "admin1": None}  # fmt: skip
        (page_item,) = client.get("/api/clusters").json()["clusters"]
        assert page_item == {k: v for k, v in detail.items() if k != "representative"} | {
            "articles": []
        }


def test_busiest_dyads_lead_the_dashboard(store_path: str) -> None:
    for client in make_client(store_path):
        dyads = client.get("/api/dyads", params={"limit": 3}).json()["dyads"]
        assert [(d["a"], d["b"]) for d in dyads][0] == ("CHN", "USA")
        counts = [d["events"] for d in dyads]
        assert counts == sorted(counts, reverse=True) and all(d["a"] != d["b"] for d in dyads)
        first = dyads[0]
        timeline = client.get(f"/api/dyads/{first['a']}/{first['b']}/timeline",
                              params={"interval": "day"}).json()  # fmt: skip
        assert sum(b["events"] for b in timeline["buckets"]) == first["events"]
        assert len(timeline["buckets"]) == first["days"]
