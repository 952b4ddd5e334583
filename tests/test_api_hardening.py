"""The REST API under hostile requests: bad parameters are 422 with a message (never
500), sizes are capped, SQL in filter values is only text, CORS is closed, and
``newsevents serve`` binds loopback by default.

The store is filled through ``Store.ingest`` with hand-built events (no model needed).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import require_service
from fixtures_bad_input import cli_env, newsevents_command, postgres_schema, read_store
from newsevents.api import create_app
from newsevents.config import load_settings
from newsevents.store import Store
from test_store_helpers import sample_corpus

MAX_PAGE = 500  # the documented page-size cap
CODE_LIMIT = 2_000  # max_code_bytes given to the app under test
INJECTIONS = [
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "x' UNION SELECT json FROM articles --",
    "%",
    "_",
    "\\",
    "*",
    "\u0000",
]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.service)]
)
def store_path(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The sample store as a SQLite file or in a throw-away PostgreSQL schema."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = str(tmp_path_factory.mktemp("api") / "api.db")
        else:
            base = os.environ.get("NEWSEVENTS_TEST_PG", "")
            require_service(bool(base), "PostgreSQL not available (set NEWSEVENTS_TEST_PG)")
            url = stack.enter_context(postgres_schema(base))
        with Store.open(url) as store:
            store.ingest(sample_corpus())
        yield url


@pytest.fixture(scope="module")
def client(store_path: str) -> Iterator[TestClient]:
    with Store.open(store_path) as store:
        app = create_app(store=store, settings=load_settings(env={}), max_code_bytes=CODE_LIMIT)
        with TestClient(app, raise_server_exceptions=False) as test_client:
            yield test_client


def _assert_rejected(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, (url, response.status_code, response.text[:300])
    detail = response.json().get("detail")
    assert isinstance(detail, str) and detail.strip(), (url, response.text[:300])
    assert "Traceback" not in detail and "sqlalchemy" not in detail.lower()


@pytest.mark.parametrize(
    "url",
    [
        "/api/events?since=yesterday",
        "/api/events?since=2024-02-30",
        "/api/events?until=2024-13-01",
        "/api/events?since=2024-08-01&until=2024-07-01",
        "/api/events?limit=-1",
        "/api/events?limit=0",
        "/api/events?limit=ten",
        "/api/events?limit=99999999999999999999999",
        "/api/events?cursor=not-a-cursor",
        "/api/events?cursor=%00%00",
        "/api/events?cursor=" + "A" * 600,
        "/api/events?cursor=MjAyNC0wNy0yNw",  # base64 "2024-07-27" with no event id
        "/api/events?cursor=eHx5",  # base64 "x|y": not a date
        "/api/events?dyad=USA",
        "/api/events?dyad=:",
        "/api/events?plover=PARTY",
        "/api/events?cameo_root=4",
        "/api/events?cameo_root=ab",
        "/api/events?factual=maybe",
        "/api/events?country=" + "X" * 50,
        "/api/events?actor=" + "a" * 5000,
        "/api/dyads/USA/CHN/timeline?interval=decade",
        "/api/dyads/USA/CHN/timeline?interval=",
        "/api/dyads/U/CHN/timeline",
        "/api/dyads/USA/CHN/timeline?factual=perhaps",
        "/api/actors?limit=0",
        "/api/actors?limit=100000",
        "/api/actors?q=" + "q" * 1000,
    ],
)
def test_bad_parameters_are_422_with_a_message(client: TestClient, url: str) -> None:
    _assert_rejected(client, url)


def test_huge_limit_is_refused_or_capped(client: TestClient) -> None:
    response = client.get(f"/api/events?limit={MAX_PAGE * 1000}")
    assert response.status_code in (200, 422), response.text[:300]
    if response.status_code == 200:
        assert len(response.json()["events"]) <= MAX_PAGE


def test_unknown_article_and_endpoint_are_404(client: TestClient) -> None:
    for url in ["/api/articles/no-such-id", "/api/articles/%00", "/api/nothing-here"]:
        response = client.get(url)
        assert response.status_code == 404, (url, response.text[:300])


def test_static_files_do_not_escape_their_folder(client: TestClient) -> None:
    for url in ["/static/../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2fetc%2fpasswd"]:
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert "root:" not in response.text


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize(
    "param", ["actor", "source", "target", "article_id", "country", "dyad", "plover"]
)
def test_sql_in_filters_matches_nothing_and_breaks_nothing(
    client: TestClient, store_path: str, param: str, value: str
) -> None:
    before = read_store(store_path).counts
    query = urllib.parse.urlencode({param: value})
    response = client.get(f"/api/events?{query}")
    assert response.status_code in (200, 422), response.text[:300]
    if response.status_code == 200:
        assert response.json()["events"] == [], f"{param}={value!r} matched events"
    assert read_store(store_path).counts == before
    assert client.get("/api/events?limit=5").json()["events"], "the store stopped answering"


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_in_actor_search_and_paths_is_only_text(
    client: TestClient, store_path: str, value: str
) -> None:
    before = read_store(store_path).counts
    quoted = urllib.parse.quote(value, safe="")
    response = client.get(f"/api/actors?q={quoted}")
    assert response.status_code in (200, 422), response.text[:300]
    if response.status_code == 200:
        assert response.json()["actors"] == [], f"q={value!r} matched actors"
    for url in [f"/api/articles/{quoted}", f"/api/dyads/{quoted}xx/USA/timeline"]:
        assert client.get(url).status_code in (404, 422, 200), url
    assert read_store(store_path).counts == before


# Every query parameter of /api/events with arbitrary text: a status of 200, 404 or 422.
_EVENT_PARAMS = ["actor", "source", "target", "dyad", "ordered", "plover", "cameo_root",
                 "since", "until", "country", "article_id", "factual", "limit", "cursor"]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.dictionaries(st.sampled_from(_EVENT_PARAMS), st.text(max_size=40), max_size=4))
def test_fuzzed_event_queries_never_500(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code in (200, 422), (params, response.status_code, response.text[:300])


def test_code_body_over_the_limit_is_413(client: TestClient) -> None:
    big = {"text": "Headline\n\n" + "The minister met the envoy. " * (CODE_LIMIT // 10)}
    assert client.post("/api/code", json=big).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must hold while reading
        yield b'{"text": "'
        for _ in range(CODE_LIMIT // 100 + 5):
            yield b"x" * 100
        yield b'"}'

    assert client.post("/api/code", content=chunks()).status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"text": 5}',
        b'{"text": "a", "html": "<p>b</p>"}',
        b'{"text": "   "}',
        b'{"text": "Title\\n\\nBody.", "date": "2024-99-99"}',
        b'{"text": "Title\\n\\nBody.", "evil": 1}',
        b'{"html": "<html><body><nav>Home</nav></body></html>"}',
        b'{"text": "Title\\n\\nBody.", "id": "' + b"i" * 500 + b'"}',
    ],
)
def test_bad_code_requests_are_422(client: TestClient, body: bytes) -> None:
    response = client.post("/api/code", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, (body[:60], response.status_code, response.text[:300])
    assert response.json().get("detail")


def test_cors_closed_by_default(client: TestClient) -> None:
    foreign = {"Origin": "https://evil.example"}
    response = client.get("/api/events?limit=1", headers=foreign)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/events",
        headers={**foreign, "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert response.headers.get("x-content-type-options") == "nosniff"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) listening on ``port``."""
    found = set()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_serve_binds_loopback_by_default(store_path: str, tmp_path: Path) -> None:
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux /proc/net/tcp to see bound addresses")
    port = _free_port()
    proc = subprocess.Popen(
        [*newsevents_command(), "serve", "--db", store_path, "--port", str(port)],
        env=cli_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not (addresses := _listening_addresses(port)):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        assert addresses == {"0100007F"}, addresses  # 127.0.0.1 only
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_code_accepts_a_good_article_under_the_limit(client: TestClient) -> None:
    text = "Ministers meet\n\nPARIS (Reuters) - France signed a trade agreement with Germany on Tuesday."
    response = client.post("/api/code", json={"text": text, "date": "2024-07-27"})
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert body["error"] is None and body["article"]["paragraphs"]
    for event in body["events"]:
        start, end = event["span"]
        assert event["trigger"] in body["article"]["text"][start:end]
