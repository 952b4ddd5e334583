"""The polite client, robots.txt, feed parsing and the watcher's state, against a loopback
server (no spaCy, no internet). Waits the client would take are recorded, not slept,
where the test is about their length; the few real waits are a fraction of a second."""

from __future__ import annotations

import datetime as dt
import gzip
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fetch_fixtures import NewsSite, Reply, atom, html_reply, rss, serve_site, write_feeds_file
from newsevents.config import ConfigError, load_settings, parse_duration
from newsevents.fetch import (
    FeedSpec,
    FetchFailure,
    FetchPolicy,
    FetchState,
    PoliteClient,
    normalize_url,
    parse_feed,
    read_feed_list,
)
from newsevents.fetch.client import retry_after_seconds
from newsevents.fetch.runner import fetch_concurrently
from newsevents.fetch.state import FeedRow, ItemRow
from newsevents.store import Store
from test_store_helpers import BACKENDS, backend_url, fresh_store

NOW = dt.datetime(2024, 7, 28, 12, 0, tzinfo=dt.UTC)


class Waits:
    """Stands in for time.sleep: records the waits without taking them."""

    def __init__(self) -> None:
        self.taken: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


def policy(**overrides: object) -> FetchPolicy:
    values: dict[str, object] = {"user_agent": "newsevents/test (+https://example.org/c)",
                                 "delay": 0.0, "timeout": 2.0, "retries": 2, "backoff": 0.5,
                                 "max_wait": 10.0, "max_bytes": 10_000, "max_redirects": 3}  # fmt: skip
    values.update(overrides)
    return FetchPolicy(**values)  # type: ignore[arg-type]


@pytest.fixture
def site() -> Iterator[NewsSite]:
    news = NewsSite()
    news.add("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
    with serve_site(news) as served:
        yield served


def client(waits: Waits | None = None, **overrides: object) -> PoliteClient:
    return PoliteClient(policy(**overrides), sleep=waits or Waits(), now=lambda: NOW)


def test_page_is_fetched_with_our_user_agent(site: NewsSite) -> None:
    site.add("/a", html_reply("<html><body><p>hello</p></body></html>"))
    with client() as c:
        page = c.get(site.url("/a"))
    assert page.status == 200 and b"hello" in page.body
    assert page.content_type == "text/html; charset=utf-8" and page.fetched_at == NOW
    request = [s for s in site.seen if s.path == "/a"][0]
    assert request.headers["user-agent"] == "newsevents/test (+https://example.org/c)"


def test_retry_after_is_waited_then_the_request_retried(site: NewsSite) -> None:
    calls: list[int] = []

    def busy(_h: dict[str, str]) -> Reply:
        calls.append(1)
        return Reply(429, b"", {"Retry-After": "3"}) if len(calls) == 1 else html_reply("<p>ok</p>")

    site.add("/busy", busy)
    waits = Waits()
    with client(waits) as c:
        assert c.get(site.url("/busy")).status == 200
    assert len(calls) == 2
    assert any(2.9 <= w <= 3.0 for w in waits.taken), waits.taken


def test_long_retry_after_puts_the_item_back_and_quiets_the_host(site: NewsSite) -> None:
    site.add("/busy", Reply(503, b"", {"Retry-After": "3600"}))
    site.add("/other", html_reply("<p>ok</p>"))
    with client() as c:
        with pytest.raises(FetchFailure) as first:
            c.get(site.url("/busy"))
        with pytest.raises(FetchFailure) as second:
            c.get(site.url("/other"))
    assert first.value.transient and first.value.status == 503
    assert first.value.retry_after == 3600
    assert second.value.transient and "asked for a pause" in second.value.message
    assert site.hits("/busy") == 1 and site.hits("/other") == 0


def test_server_errors_are_retried_with_doubling_back_off(site: NewsSite) -> None:
    site.add("/down", Reply(502, b"bad gateway"))
    waits = Waits()
    with client(waits, backoff=0.5, retries=2) as c, pytest.raises(FetchFailure) as failed:
        c.get(site.url("/down"))
    assert site.hits("/down") == 3
    assert failed.value.transient and failed.value.message == "HTTP 502 Bad Gateway"
    backoffs = [w for w in waits.taken if w > 0.1]
    assert [round(w, 1) for w in backoffs] == [0.5, 1.0]


def test_client_errors_are_not_retried(site: NewsSite) -> None:
    with client() as c, pytest.raises(FetchFailure) as failed:
        c.get(site.url("/nothing-here"))
    assert not failed.value.transient and failed.value.status == 404
    assert site.hits("/nothing-here") == 1


def test_a_slow_page_times_out(site: NewsSite) -> None:
    site.add("/slow", Reply(200, b"<p>late</p>", {"Content-Type": "text/html"}, delay=1.0))
    with client(timeout=0.2, retries=0) as c, pytest.raises(FetchFailure) as failed:
        c.get(site.url("/slow"))
    assert failed.value.transient and failed.value.message.startswith("timed out after 0.2 s")


@pytest.mark.parametrize("length", [True, False])
def test_pages_over_the_size_cap_are_refused(site: NewsSite, length: bool) -> None:
    site.add("/big", Reply(200, b"x" * 20_000, {"Content-Type": "text/html"}, length=length))
    with client(max_bytes=10_000) as c, pytest.raises(FetchFailure) as failed:
        c.get(site.url("/big"))
    assert not failed.value.transient and "larger than 10,000 bytes" in failed.value.message


def test_the_size_cap_applies_after_decompression(site: NewsSite) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 1_000_000)
    site.add("/bomb", Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    with client(max_bytes=100_000) as c, pytest.raises(FetchFailure) as failed:
        c.get(site.url("/bomb"))
    assert len(bomb) < 100_000 and "larger than" in failed.value.message


def test_redirects_are_followed_within_the_limit(site: NewsSite) -> None:
    site.add("/r1", Reply(301, b"", {"Location": "/r2"}))
    site.add("/r2", Reply(302, b"", {"Location": "/r1"}))
    site.add("/moved", Reply(308, b"", {"Location": "/final"}))
    site.add("/final", html_reply("<p>here</p>"))
    site.add("/sneaky", Reply(302, b"", {"Location": "/private/page"}))
    with client(max_redirects=3) as c:
        page = c.get(site.url("/moved"))
        assert (page.url, page.final_url) == (site.url("/moved"), site.url("/final"))
        with pytest.raises(FetchFailure, match="more than 3 redirects"):
            c.get(site.url("/r1"))
        with pytest.raises(FetchFailure) as disallowed:
            c.get(site.url("/sneaky"))
    assert site.hits("/r1") + site.hits("/r2") == 4
    assert disallowed.value.disallowed and site.hits("/private/page") == 0


def test_robots_txt_is_fetched_once_and_obeyed(site: NewsSite) -> None:
    site.add("/open", html_reply("<p>ok</p>"))
    with client() as c:
        c.get(site.url("/open"))
        c.get(site.url("/open"))
        with pytest.raises(FetchFailure) as failed:
            c.get(site.url("/private/x"))
    assert failed.value.disallowed and not failed.value.transient
    assert site.hits("/robots.txt") == 1 and site.hits("/private/x") == 0


def test_a_group_for_newsevents_wins_and_its_crawl_delay_is_kept(site: NewsSite) -> None:
    site.add("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /\n\n"
                                       b"User-agent: newsevents\nDisallow: /drafts/\n"
                                       b"Crawl-delay: 7\n"))  # fmt: skip
    site.add("/news", html_reply("<p>ok</p>"))
    waits = Waits()
    with client(waits, delay=0.5) as c:
        c.get(site.url("/news"))
        c.get(site.url("/news"))
        with pytest.raises(FetchFailure):
            c.get(site.url("/drafts/a"))
    assert any(6.5 <= w <= 7.0 for w in waits.taken), waits.taken  # not fetch_delay's 0.5


def test_missing_robots_allows_and_failing_robots_disallows_for_now(site: NewsSite) -> None:
    site.add("/page", html_reply("<p>ok</p>"))
    site.add("/robots.txt", Reply(404, b""))
    with client() as c:
        assert c.get(site.url("/page")).status == 200
    site.add("/robots.txt", Reply(500, b""))
    with client(retries=0) as c, pytest.raises(FetchFailure) as failed:
        c.get(site.url("/page"))
    assert failed.value.transient and "robots.txt unreachable" in failed.value.message
    assert site.hits("/page") == 1


def test_conditional_requests_give_not_modified(site: NewsSite) -> None:
    def feed(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == '"v1"':
            return Reply(304, b"")
        return Reply(200, rss([]), {"ETag": '"v1"', "Last-Modified": "Sat, 27 Jul 2024 10:00:00 GMT"})

    site.add("/feed", feed)
    with client() as c:
        first = c.get(site.url("/feed"))
        second = c.get(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.etag, second.status) == (200, '"v1"', 304)
    assert [s.headers.get("if-modified-since") for s in site.seen if s.path == "/feed"] == [
        None, "Sat, 27 Jul 2024 10:00:00 GMT"]  # fmt: skip


def test_hosts_run_side_by_side_but_one_host_one_request_at_a_time() -> None:
    slow = Reply(200, b"<p>ok</p>", {"Content-Type": "text/html"}, delay=0.3)
    with serve_site(NewsSite()) as a, serve_site(NewsSite()) as b:
        for s in (a, b):
            s.add("/robots.txt", Reply(404, b""))
            for n in range(3):
                s.add(f"/p{n}", slow)
        jobs = [s.url(f"/p{n}") for n in range(3) for s in (a, b)]
        with client() as c:
            batches = fetch_concurrently(c.get, jobs, lambda u: u, 2, threading.Event(), batch=4)
            results = [result for batch in batches for result in batch]
    assert sorted(url for url, _ in results) == sorted(jobs)
    assert all(not isinstance(outcome, FetchFailure) for _, outcome in results)
    for s in (a, b):
        pages = sorted((x for x in s.seen if x.path != "/robots.txt"), key=lambda x: x.started)
        assert all(p.started >= q.finished for q, p in zip(pages, pages[1:], strict=False))
    first_a = min(x.started for x in a.seen if x.path != "/robots.txt")
    last_b = max(x.finished for x in b.seen if x.path != "/robots.txt")
    first_b = min(x.started for x in b.seen if x.path != "/robots.txt")
    last_a = max(x.finished for x in a.seen if x.path != "/robots.txt")
    assert first_b < last_a and first_a < last_b  # the two hosts overlapped


def test_retry_after_as_seconds_or_date() -> None:
    assert retry_after_seconds("120", NOW) == 120.0
    assert retry_after_seconds("Sun, 28 Jul 2024 12:00:30 GMT", NOW) == 30.0
    assert retry_after_seconds("Sun, 28 Jul 2024 11:00:00 GMT", NOW) == 0.0
    assert retry_after_seconds("soon", NOW) is None and retry_after_seconds(None, NOW) is None


# ---------------------------------------------------------------------- feeds


def test_rss_entries_with_dates_in_their_own_zone() -> None:
    body = rss([
        ("/a?utm_source=rss&id=7#top", "A", "Sat, 27 Jul 2024 23:30:00 +0700"),
        ("http://Example.ORG/a?id=7", "A again", "Sat, 27 Jul 2024 23:30:00 +0700"),
        ("https://example.org/b", "B", "Sun, 28 Jul 2024 01:00:00 GMT"),
        ("mailto:desk@example.org", "Write to us", ""),
    ])  # fmt: skip
    feed = parse_feed(body, "http://example.org/feeds/world.rss", "application/rss+xml")
    assert feed.title == "Example World"
    assert [(e.url, e.title, e.published) for e in feed.entries] == [
        ("http://example.org/a?id=7", "A", dt.date(2024, 7, 27)),
        ("https://example.org/b", "B", dt.date(2024, 7, 28)),
    ]


def test_atom_entries() -> None:
    body = atom([("https://example.org/x", "X", "2024-07-31T23:00:00-05:00"),
                 ("/y", "Y", "2024-08-01T08:00:00Z")])  # fmt: skip
    feed = parse_feed(body, "https://example.org/atom.xml", "application/atom+xml")
    assert [(e.url, e.published) for e in feed.entries] == [
        ("https://example.org/x", dt.date(2024, 7, 31)),
        ("https://example.org/y", dt.date(2024, 8, 1)),
    ]


def test_a_web_page_is_not_a_feed() -> None:
    with pytest.raises(FetchFailure, match="not an RSS or Atom feed") as failed:
        parse_feed(b"<html><body><p>Welcome</p></body></html>", "http://x.org/", "text/html")
    assert not failed.value.transient


def test_normalize_url() -> None:
    assert normalize_url("HTTPS://News.Example.com?utm_medium=x&b=2&a=1#c") == (
        "https://news.example.com/?b=2&a=1"
    )
    for bad in ("ftp://example.org/f", "/relative", "javascript:alert(1)",
                "https://example.org/" + "a" * 2000):  # fmt: skip
        with pytest.raises(ValueError):
            normalize_url(bad)


def test_feeds_file(tmp_path: Path) -> None:
    path = write_feeds_file(tmp_path / "feeds.txt", [
        "https://example.org/world.rss   Example News World",
        "  # a comment",
        "https://example.org/atom.xml",
        "https://example.org/tabbed.rss\tTabbed Times",
    ])  # fmt: skip
    assert read_feed_list(path) == [
        FeedSpec("https://example.org/world.rss", "Example News World"),
        FeedSpec("https://example.org/atom.xml", None),
        FeedSpec("https://example.org/tabbed.rss", "Tabbed Times"),
    ]
    bad = write_feeds_file(tmp_path / "bad.txt", ["https://example.org/ok.rss", "example.org"])
    with pytest.raises(ValueError, match="bad.txt:4: not an http"):
        read_feed_list(bad)


# ---------------------------------------------------------------------- state


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(backend_url(request.param, tmp_path))


def test_transient_failures_back_off_then_give_up(store: Store) -> None:
    state = FetchState(store, retry_delay=60, max_attempts=3)
    url = "https://example.org/a"
    state.queue_now([url], NOW)
    assert [i.url for i in state.due_items(NOW)] == [url]
    timeout = FetchFailure("timed out", transient=True)
    first = state.record_failure(state.items([url])[0], timeout, NOW)
    assert (first.state, first.retry_at) == ("pending", NOW + dt.timedelta(seconds=60))
    assert state.due_items(NOW + dt.timedelta(seconds=59)) == []
    later = NOW + dt.timedelta(seconds=60)
    assert [i.attempts for i in state.due_items(later)] == [1]
    asked = FetchFailure("HTTP 429", transient=True, retry_after=600)
    second = state.record_failure(state.items([url])[0], asked, later)
    assert second.retry_at == later + dt.timedelta(seconds=600)  # Retry-After beats 120 s
    third = state.record_failure(state.items([url])[0], timeout, later)
    assert (third.state, third.retry_at) == ("failed", None)
    assert third.message == "gave up after 3 attempts: timed out"
    failures = state.overview()["failures"]
    assert failures[0]["url"] == url and failures[0]["attempts"] == 3
    state.queue_now([url], later)  # ``fetch URL`` tries again, from scratch
    assert [(i.url, i.attempts) for i in state.due_items(later)] == [(url, 0)]


def test_feeds_queue_entries_once_and_wait_after_failures(store: Store) -> None:
    state = FetchState(store, retry_delay=60, max_attempts=3)
    spec = FeedSpec("https://example.org/world.rss", "Example")
    (feed,) = state.due_feeds([spec], NOW)
    parsed = parse_feed(rss([("https://example.org/a", "A", "Sat, 27 Jul 2024 10:00:00 GMT"),
                             ("https://example.org/b", "B", "")]), spec.url, None)  # fmt: skip
    assert state.record_feed_read(feed, parsed, '"e1"', None, NOW) == 2
    (feed,) = state.due_feeds([spec], NOW)
    assert (feed.etag, feed.outlet) == ('"e1"', "Example")
    assert state.record_feed_read(feed, parsed, '"e1"', None, NOW) == 0  # seen already
    items = {i.url: i for i in state.due_items(NOW)}
    assert items["https://example.org/a"].published == dt.date(2024, 7, 27)
    assert items["https://example.org/a"].outlet == "Example"
    down = FetchFailure("HTTP 503", transient=True)
    retry_at = state.record_feed_failure(FeedRow(spec.url, "Example", None, None, 0), down, NOW)
    assert retry_at == NOW + dt.timedelta(seconds=60)
    assert state.due_feeds([spec], NOW) == []
    assert len(state.due_feeds([spec], retry_at)) == 1
    overview = state.overview()
    assert overview["feeds"][0]["last_status"] == "error: HTTP 503"
    assert overview["feeds"][0]["last_read_at"] == NOW.isoformat(timespec="seconds")
    assert overview["feeds"][0]["items"]["pending"] == 2


def test_disallowed_items_are_not_retried(store: Store) -> None:
    state = FetchState(store, retry_delay=60, max_attempts=3)
    state.queue_now(["https://example.org/private/a"], NOW)
    item = ItemRow("https://example.org/private/a", None, None, None, 0)
    outcome = state.record_failure(item, FetchFailure("disallowed by robots.txt",
                                                      transient=False, disallowed=True), NOW)  # fmt: skip
    assert (outcome.state, outcome.retry_at) == ("disallowed", None)
    assert state.due_items(NOW + dt.timedelta(days=30)) == []


# ---------------------------------------------------------------------- settings


def test_durations() -> None:
    assert [parse_duration(t) for t in ("90s", "15m", "1h30m", "2h", "45", "0.5m")] == [
        90, 900, 5400, 7200, 45, 30]  # fmt: skip
    for bad in ("", "soon", "15x", "0", "-5m", "m15"):
        with pytest.raises(ConfigError):
            parse_duration(bad)


def test_fetch_settings_from_the_environment(tmp_path: Path) -> None:
    env = {"NEWSEVENTS_CONFIG": str(tmp_path / "none.toml"), "NEWSEVENTS_FETCH_DELAY": "0.25",
           "NEWSEVENTS_WATCH_EVERY": "5m"}  # fmt: skip
    settings = load_settings(env=env)
    assert (settings.fetch_delay, settings.watch_every) == (0.25, "5m")
    with pytest.raises(ConfigError, match="fetch_timeout"):
        load_settings(env={**env, "NEWSEVENTS_FETCH_TIMEOUT": "0"})
    with pytest.raises(ConfigError, match="bad duration"):
        load_settings(env={**env, "NEWSEVENTS_WATCH_EVERY": "often"})


# ---------------------------------------------------------------------- dashboard


def test_feeds_api_and_page(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newsevents.api import create_app

    with Store.open(str(tmp_path / "feeds.db")) as store:
        state = FetchState(store, retry_delay=60, max_attempts=3)
        spec = FeedSpec("https://example.org/world.rss", "Example")
        (feed,) = state.due_feeds([spec], NOW)
        parsed = parse_feed(rss([("https://example.org/a", "A", "")]), spec.url, None)
        state.record_feed_read(feed, parsed, None, None, NOW)
        state.record_failure(state.due_items(NOW)[0], FetchFailure("HTTP 404 Not Found",
                                                                   transient=False, status=404), NOW)  # fmt: skip
        with TestClient(create_app(store=store, settings=load_settings(env={}))) as api:
            data = api.get("/api/feeds").json()
            page = api.get("/feeds")
            bad = api.get("/api/feeds?failures=-1")
    assert data["feeds"][0]["url"] == spec.url and data["feeds"][0]["outlet"] == "Example"
    assert data["feeds"][0]["last_status"] == "1 entry, 1 new"
    assert data["feeds"][0]["last_read_at"] == "2024-07-28T12:00:00+00:00"
    assert data["items"] == {"pending": 0, "stored": 0, "failed": 1, "disallowed": 0}
    assert data["failures"] == [{
        "url": "https://example.org/a", "feed": spec.url, "state": "failed", "attempts": 1,
        "http_status": 404, "error": "HTTP 404 Not Found",
        "last_attempt_at": "2024-07-28T12:00:00+00:00", "next_attempt_at": None,
    }]  # fmt: skip
    assert page.status_code == 200 and 'href="/feeds"' in page.text
    assert bad.status_code == 422


def test_abandoning_a_fetch_cuts_polite_waits_short() -> None:
    """Ctrl-C or an error downstream closes the iterator: a thread waiting out a 20 s
    Retry-After must not hold the shutdown for those 20 s."""
    import time

    stop = threading.Event()
    calls: list[int] = []

    def busy(_h: dict[str, str]) -> Reply:
        calls.append(1)
        return Reply(429, b"", {"Retry-After": "20"}) if len(calls) == 1 else html_reply("<p>ok</p>")

    with serve_site(NewsSite()) as a, serve_site(NewsSite()) as b:
        for s in (a, b):
            s.add("/robots.txt", Reply(404, b""))
        a.add("/quick", Reply(200, b"<p>ok</p>", {"Content-Type": "text/html"}, delay=0.5))
        b.add("/busy", busy)
        with PoliteClient(policy(max_wait=30), sleep=stop.wait, now=lambda: NOW) as c:
            batches = fetch_concurrently(c.get, [b.url("/busy"), a.url("/quick")], lambda u: u,
                                         2, stop)  # fmt: skip
            (first,) = next(batches)
            started = time.monotonic()
            batches.close()
            closed_in = time.monotonic() - started
    assert first[0] == a.url("/quick") and stop.is_set()
    assert closed_in < 10, closed_in
