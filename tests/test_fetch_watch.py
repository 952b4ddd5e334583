"""Live news end to end against a loopback news site: ``newsevents watch --once`` stores
each new article once, skips what robots.txt disallows, reports each failure on one
line, resumes after a kill, and ``fetch``/``serve --watch`` go the same way. SQLite and
PostgreSQL. Delays and timeouts are set small so the suite does not wait long."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from fetch_fixtures import (
    CP1252_PARAGRAPHS,
    CP1252_TITLE,
    NewsSite,
    Reply,
    article,
    atom,
    html_page,
    html_reply,
    rss,
    serve_site,
    write_feeds_file,
)
from newsevents.cli import main
from newsevents.store import EventFilter, Store
from newsevents.store.engine import create_store_engine, resolve_url
from newsevents.store.schema import fetch_items, metadata
from test_store_helpers import BACKENDS, backend_url

pytestmark = pytest.mark.slow

FAST = {
    "NEWSEVENTS_CONFIG": "/nonexistent/newsevents.toml",
    "NEWSEVENTS_WORKERS": "1",
    "NEWSEVENTS_FETCH_DELAY": "0.05",
    "NEWSEVENTS_FETCH_TIMEOUT": "0.5",
    "NEWSEVENTS_FETCH_RETRIES": "1",
    "NEWSEVENTS_FETCH_BACKOFF": "0.05",
    "NEWSEVENTS_FETCH_MAX_WAIT": "2",
    "NEWSEVENTS_FETCH_CONTACT": "https://example.org/newsevents-test",
}
STORED_FIRST = {"blinken", "kyiv", "aid", "busy", "msf-header", "msf-meta", "talks", "protest"}


def build_site(site: NewsSite) -> None:
    site.add("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n",
                                  {"Content-Type": "text/plain"}))  # fmt: skip
    world = rss([
        ("/news/blinken", "Blinken meets Wang Yi", "Sun, 28 Jul 2024 08:00:00 +0700"),
        ("/news/kyiv?utm_source=rss#top", "Kyiv", "Mon, 29 Jul 2024 06:00:00 GMT"),
        ("/private/secret", "Members only", "Mon, 29 Jul 2024 06:00:00 GMT"),
        ("/news/gone", "Removed", "Mon, 29 Jul 2024 06:00:00 GMT"),
        ("/go/aid", "Aid", "Mon, 29 Jul 2024 06:00:00 GMT"),
        ("/news/busy", "Sanctions", "Mon, 29 Jul 2024 06:00:00 GMT"),
        ("/news/slow", "Slow", "Mon, 29 Jul 2024 06:00:00 GMT"),
        ("/news/msf-header", "MSF", "Tue, 30 Jul 2024 06:00:00 GMT"),
    ])

    def world_feed(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == '"w1"':
            return Reply(304, b"", {"ETag": '"w1"'})
        return Reply(200, world, {"Content-Type": "application/rss+xml", "ETag": '"w1"'})

    site.add("/world.rss", world_feed)
    site.add("/world.atom", Reply(200, atom([
        ("/news/kyiv", "Kyiv again", "2024-07-29T06:00:00Z"),
        ("/news/msf-meta", "MSF (meta)", "2024-07-30T06:00:00Z"),
        ("/news/talks", "Peace text", "2024-07-31T09:00:00+04:00"),
    ]), {"Content-Type": "application/atom+xml"}))  # fmt: skip
    live_items = [("/news/protest", "Protest", "Sat, 03 Aug 2024 10:00:00 GMT")]
    site.add("/live.rss", lambda _h: Reply(200, rss(live_items, "Live"),
                                           {"Content-Type": "application/rss+xml"}))  # fmt: skip
    site.live_items = live_items  # type: ignore[attr-defined]
    # The page says 2019; the feed's date (28 July, +07:00) must win.
    site.add("/news/blinken", html_reply(article(
        "blinken", '<meta property="article:published_time" content="2019-01-05T10:00:00Z">')))
    for key in ("kyiv", "aid", "talks", "protest", "ceasefire"):
        site.add(f"/news/{key}", html_reply(article(key)))
    site.add("/go/aid", Reply(302, b"", {"Location": "/news/aid"}))
    site.add("/private/secret", html_reply(article("sanctions")))
    busy_calls: list[int] = []

    def busy(_h: dict[str, str]) -> Reply:
        busy_calls.append(1)
        if len(busy_calls) == 1:
            return Reply(429, b"slow down", {"Retry-After": "1"})
        return html_reply(article("sanctions"))

    site.add("/news/busy", busy)
    site.add("/news/slow", Reply(200, article("kyiv").encode(), {"Content-Type": "text/html"},
                                 delay=2.0))  # fmt: skip
    cp1252 = html_page(CP1252_TITLE, CP1252_PARAGRAPHS)
    site.add("/news/msf-header", html_reply(cp1252, charset="windows-1252"))
    meta = html_page(CP1252_TITLE, CP1252_PARAGRAPHS, '<meta charset="windows-1252">')
    site.add("/news/msf-meta", html_reply(meta, charset="cp1252", declare=False))


@pytest.fixture
def site() -> Iterator[NewsSite]:
    news = NewsSite()
    build_site(news)
    with serve_site(news) as served:
        yield served


@pytest.fixture
def feeds_file(tmp_path: Path, site: NewsSite) -> Path:
    return write_feeds_file(tmp_path / "feeds.txt", [
        f"{site.url('/world.rss')}  Example World News",
        site.url("/world.atom"),
        f"{site.url('/live.rss')}\tLive Desk",
    ])  # fmt: skip


def empty_db(backend: str, tmp_path: Path) -> str:
    url = backend_url(backend, tmp_path)
    if "://" in url:
        engine = create_store_engine(resolve_url(url))
        metadata.drop_all(engine)
        engine.dispose()
    return url


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={**FAST, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def key_of(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def stored_keys(db: str) -> dict[str, int]:
    """Article key (last URL segment) -> how many stored articles carry it."""
    with Store.open(db) as store, store.engine.connect() as conn:
        from newsevents.store.schema import articles

        ids = conn.scalars(select(articles.c.id)).all()
    found: dict[str, int] = {}
    for article_id in ids:
        found[key_of(article_id)] = found.get(key_of(article_id), 0) + 1
    return found


@pytest.mark.parametrize("backend", BACKENDS)
def test_watch_once_stores_each_new_article_once(
    backend: str, tmp_path: Path, site: NewsSite, feeds_file: Path
) -> None:
    db = empty_db(backend, tmp_path)
    code, out, err = run_cli("watch", "--once", str(feeds_file), "--db", db)
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert code == 3, err
    assert stored_keys(db) == dict.fromkeys(STORED_FIRST, 1)
    # One line per failure, naming the URL and why; nothing else on stderr.
    assert len(errors) == 3 and len(err.splitlines()) == 3, err
    assert any("/private/secret: disallowed by robots.txt" in e for e in errors)
    assert any("/news/gone: HTTP 404" in e for e in errors)
    assert any("/news/slow: timed out" in e and "retry" in e for e in errors)
    assert "8 new" in out and "1 disallowed" in out and "1 to retry" in out
    # Politeness, as the server saw it.
    assert site.hits("/private/secret") == 0
    assert site.hits("/robots.txt") == 1
    assert site.hits("/news/kyiv") == 1  # in both feeds, and with utm_* tags in one
    assert all(s.headers["user-agent"].startswith("newsevents/") for s in site.seen)
    assert all("https://example.org/newsevents-test" in s.headers["user-agent"] for s in site.seen)
    # One host: one request at a time, fetch_delay (0.05 s) apart. The slow page is left
    # out: the client gives up on it while the server still sleeps.
    answered = sorted((s for s in site.seen if s.path != "/news/slow"), key=lambda s: s.started)
    gaps = [b.started - a.finished for a, b in zip(answered, answered[1:], strict=False)]
    assert min(gaps) >= 0.04
    busy = [s for s in site.seen if s.path == "/news/busy"]
    assert len(busy) == 2 and busy[1].started - busy[0].finished >= 0.95  # Retry-After: 1

    with Store.open(db) as store:
        blinken = store.get_article(site.url("/news/blinken"))
        assert blinken is not None
        assert blinken.date == dt.date(2024, 7, 28)  # the feed's date, in its own zone
        assert blinken.outlet == "Example World News" and blinken.fetched_at is not None
        meeting = store.article_events(blinken.id)
        assert meeting and any(e.date == dt.date(2024, 7, 27) for e in meeting)  # "on Saturday"
        aid = store.get_article(site.url("/go/aid"))
        assert aid is not None and aid.url == site.url("/news/aid")  # after the redirect
        for path in ("/news/msf-header", "/news/msf-meta"):
            msf = store.get_article(site.url(path))
            assert msf is not None and "Médecins Sans Frontières" in msf.text
            assert "“catastrophe”" in msf.text and "aid group’s" in msf.text
        talks = store.get_article(site.url("/news/talks"))
        assert talks is not None and talks.outlet == "127.0.0.1"  # no outlet name: the domain
        assert store.count_events(EventFilter()) > 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_second_poll_fetches_only_what_is_new(
    backend: str, tmp_path: Path, site: NewsSite, feeds_file: Path
) -> None:
    db = empty_db(backend, tmp_path)
    run_cli("watch", "--once", str(feeds_file), "--db", db)
    first_hits = {s.path for s in site.seen}
    second_started = time.monotonic()
    site.live_items.append(  # type: ignore[attr-defined]
        ("/news/ceasefire", "Ceasefire", "Sun, 04 Aug 2024 10:00:00 GMT"))
    code, out, err = run_cli("watch", "--once", str(feeds_file), "--db", db)
    assert code == 0, err
    assert err == ""
    later = [s for s in site.seen if s.started >= second_started]
    # robots.txt once per process; the slow page waits for its retry time (15 min).
    assert sorted(s.path for s in later) == sorted(
        ["/robots.txt", "/world.rss", "/world.atom", "/live.rss", "/news/ceasefire"]
    )
    assert "1 not modified" in out and "1 new items" in out  # world.rss answered 304
    keys = stored_keys(db)
    assert keys == dict.fromkeys(STORED_FIRST | {"ceasefire"}, 1)
    assert "/news/ceasefire" not in first_hits


def test_killed_watcher_resumes_with_nothing_lost_or_doubled(
    tmp_path: Path, site: NewsSite, feeds_file: Path
) -> None:
    db = str(tmp_path / "killed.db")
    env = {**os.environ, **FAST, "NEWSEVENTS_BATCH_SIZE": "2", "NEWSEVENTS_COMMIT_EVERY": "1"}
    env.pop("NEWSEVENTS_DEBUG", None)
    command = [sys.executable, "-c", "from newsevents.cli import main; main()",
               "watch", "--once", str(feeds_file), "--db", db]  # fmt: skip
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if _articles_in(db) >= 2:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the watcher ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert 2 <= _articles_in(db) < len(STORED_FIRST)
    code, _out, err = run_cli("watch", "--once", str(feeds_file), "--db", db)
    assert code == 3, err
    assert stored_keys(db) == dict.fromkeys(STORED_FIRST, 1)
    with Store.open(db) as store, store.engine.connect() as conn:
        states = dict(conn.execute(select(fetch_items.c.url, fetch_items.c.state)).all())
        killed_events = store.count_events(EventFilter())
    assert sum(1 for s in states.values() if s == "stored") == len(STORED_FIRST)
    # The same events as a watcher that was never killed.
    clean = str(tmp_path / "clean.db")
    run_cli("watch", "--once", str(feeds_file), "--db", clean)
    with Store.open(clean) as store:
        assert store.count_events(EventFilter()) == killed_events


def _articles_in(db: str) -> int:
    if not Path(db).exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet


def test_fetch_stores_once_and_refresh_fetches_again(tmp_path: Path, site: NewsSite) -> None:
    db = str(tmp_path / "fetch.db")
    urls = [site.url("/news/kyiv"), site.url("/news/kyiv#comments"), site.url("/news/gone")]
    code, out, err = run_cli("fetch", *urls, "--db", db)
    assert code == 3 and err.strip().endswith("HTTP 404 Not Found"), err
    assert len(err.splitlines()) == 1
    assert stored_keys(db) == {"kyiv": 1} and site.hits("/news/kyiv") == 1
    code, out, _ = run_cli("fetch", site.url("/news/kyiv"), "--db", db)
    assert code == 0 and "1 already stored" in out and site.hits("/news/kyiv") == 1
    code, out, _ = run_cli("fetch", "--refresh", site.url("/news/kyiv"), "--db", db)
    assert code == 0 and site.hits("/news/kyiv") == 2 and "1 unchanged" in out
    assert stored_keys(db) == {"kyiv": 1}
    with Store.open(db) as store:
        kyiv = store.get_article(site.url("/news/kyiv"))
        assert kyiv is not None and kyiv.outlet == "127.0.0.1" and kyiv.fetched_at is not None


def test_fetch_and_watch_refuse_bad_input(tmp_path: Path) -> None:
    code, _, err = run_cli("fetch", "ftp://example.org/a", "--db", str(tmp_path / "x.db"))
    assert code == 3 and err.startswith("error: ftp://example.org/a: not an http(s) URL")
    code, _, err = run_cli("watch", "--once", str(tmp_path / "missing.txt"))
    assert code == 2 and "no such feeds file" in err
    bad = write_feeds_file(tmp_path / "bad.txt", ["mailto:someone@example.org"])
    code, _, err = run_cli("watch", "--once", str(bad))
    assert code == 2 and "bad.txt:3" in err
    code, _, err = run_cli("watch", "--once", "--every", "soon", "http://127.0.0.1:9/feed")
    assert code == 2 and "bad duration" in err


def test_serve_watch_reads_feeds_in_the_background(
    tmp_path: Path, site: NewsSite, feeds_file: Path
) -> None:
    db = str(tmp_path / "served.db")
    env = {**os.environ, **FAST}
    env.pop("NEWSEVENTS_DEBUG", None)
    command = [sys.executable, "-c", "from newsevents.cli import main; main()", "serve",
               "--db", db, "--port", "0", "--watch", str(feeds_file), "--every", "1h"]  # fmt: skip
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip
    try:
        assert proc.stdout is not None
        base = ""
        for line in proc.stdout:
            if line.startswith("dashboard: "):
                base = line.split()[1].rstrip("/")
                break
        assert base, "the server did not start"
        deadline = time.monotonic() + 120
        feeds: list[dict[str, object]] = []
        while time.monotonic() < deadline:
            data = httpx.get(f"{base}/api/feeds").json()
            feeds = data["feeds"]
            if data["items"]["stored"] == len(STORED_FIRST):
                break
            time.sleep(0.2)
        assert data["items"] == {"pending": 1, "stored": 8, "failed": 1, "disallowed": 1}
        by_url = {f["url"]: f for f in feeds}
        world = by_url[site.url("/world.rss")]
        assert world["outlet"] == "Example World News" and world["last_read_at"]
        assert world["last_status"] == "8 entries, 8 new" and world["failures"] == 0
        failures = {f["url"].rsplit("/", 1)[-1]: f for f in data["failures"]}
        assert failures["gone"]["error"] == "HTTP 404 Not Found"
        assert failures["slow"]["next_attempt_at"] and failures["slow"]["state"] == "pending"
        page = httpx.get(f"{base}/feeds")
        assert page.status_code == 200 and "/static/js/feeds.js" in page.text
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
