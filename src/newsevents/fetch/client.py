"""Polite HTTP over httpx: the only way newsevents talks to other people's servers.

Every request names newsevents and a contact in its User-Agent, obeys robots.txt
(RFC 9309, through :mod:`.robots`), waits its turn (one request at a time per host,
``fetch_delay`` apart, longer if robots.txt asks or a 429/503 said Retry-After), gives up
on a slow server after ``fetch_timeout``, retries timeouts, network errors, 429 and 5xx
with doubling back-off, follows at most ``fetch_max_redirects`` redirects (each hop
checked against robots.txt) and stops reading past ``fetch_max_bytes``.

Failures come back as :class:`FetchFailure`: ``transient`` says whether trying again
later may help (the watcher then puts the item back with a time to retry).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..config import Settings
from .errors import FetchFailure
from .robots import RobotsCache

__all__ = [
    "FetchFailure", "FetchPolicy", "HostPacer", "Page", "PoliteClient", "retry_after_seconds",
    "user_agent",
]  # fmt: skip

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A server that keeps a download trickling past this many timeouts is given up on.
DOWNLOAD_TIMEOUTS = 4
# A robots.txt Crawl-delay longer than this is taken as this (one host, not the batch).
MAX_CRAWL_DELAY_S = 600.0
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1"
)


def user_agent(contact: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("newsevents")
    except PackageNotFoundError:
        release = "0"
    return f"newsevents/{release} (+{contact})" if contact else f"newsevents/{release}"


@dataclass(frozen=True)
class FetchPolicy:
    """How politely to fetch; built from the ``fetch_*`` settings."""

    user_agent: str
    delay: float = 2.0
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 2.0
    max_wait: float = 60.0
    max_bytes: int = 5_242_880
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            user_agent=user_agent(settings.fetch_contact),
            delay=settings.fetch_delay,
            timeout=settings.fetch_timeout,
            retries=settings.fetch_retries,
            backoff=settings.fetch_backoff,
            max_wait=settings.fetch_max_wait,
            max_bytes=settings.fetch_max_bytes,
            max_redirects=settings.fetch_max_redirects,
        )


@dataclass(frozen=True)
class Page:
    """A response worth reading: 2xx with its body, or 304 Not Modified (empty body)."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str | None
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime


class HostPacer:
    """One request at a time per host, ``delay`` seconds apart. ``hold`` keeps a host
    quiet for a while because the server asked (Retry-After) or failed (back-off); a
    turn that would wait longer than ``max_wait`` for such a hold is refused instead."""

    def __init__(
        self,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sleep = sleep
        self._clock = clock
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._paced_until: dict[str, float] = {}  # our own delay between requests
        self._held_until: dict[str, float] = {}  # the server's (or our back-off's) pause

    def hold(self, host: str, seconds: float) -> None:
        with self._guard:
            until = self._clock() + seconds
            self._held_until[host] = max(self._held_until.get(host, 0.0), until)

    @contextmanager
    def turn(self, host: str, delay: float, max_wait: float) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            with self._guard:
                now = self._clock()
                held = self._held_until.get(host, 0.0) - now
                wait = max(held, self._paced_until.get(host, 0.0) - now)
            if held > max_wait:
                raise FetchFailure(
                    f"{host} asked for a pause of {held:.0f} s", transient=True, retry_after=held
                )
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                with self._guard:  # the delay counts from the end of this request
                    self._paced_until[host] = self._clock() + delay


@dataclass(frozen=True)
class _Response:
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes


class PoliteClient:
    """A thread-safe polite HTTP client; close it (or use ``with``) when done."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.policy = policy
        self._now = now
        self._pacer = HostPacer(sleep)
        self._http = httpx.Client(
            headers={"User-Agent": policy.user_agent, "Accept-Language": "en;q=1.0, *;q=0.5"},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,  # followed here: each hop is paced and checked
            transport=transport,
        )
        self.robots = RobotsCache(self._fetch_robots, "newsevents")

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        accept: str = PAGE_ACCEPT,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
    ) -> Page:
        """GET ``url``: a :class:`Page` for 2xx (and 304 when validators were sent);
        raises :class:`FetchFailure` for everything else."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchFailure(f"not an http(s) URL: {current}", transient=False)
            try:
                if check_robots and not self.robots.allowed(current):
                    raise FetchFailure("disallowed by robots.txt", transient=False,
                                       disallowed=True)  # fmt: skip
                response = self._request_retrying(current, headers)
            except FetchFailure as failure:
                if current != url:  # say where the redirects led
                    failure.message = f"{failure.message} (redirected to {current})"
                    failure.args = (failure.message,)
                raise
            location = response.headers.get("location")
            if response.status in REDIRECT_STATUSES and location:
                current = urljoin(current, location.strip())
                continue
            if response.status == 304 and (etag or last_modified):
                return self._page(url, current, response)
            if 200 <= response.status < 300:
                return self._page(url, current, response)
            message = f"HTTP {response.status} {response.reason}".strip()
            if current != url:
                message += f" (redirected to {current})"
            raise FetchFailure(message, transient=False, status=response.status)
        raise FetchFailure(
            f"more than {self.policy.max_redirects} redirects (last: {current})", transient=False
        )

    def _page(self, url: str, final_url: str, response: _Response) -> Page:
        return Page(
            url=url,
            final_url=final_url,
            status=response.status,
            content_type=response.headers.get("content-type"),
            body=response.body,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            fetched_at=self._now(),
        )

    def _request_retrying(self, url: str, headers: dict[str, str]) -> _Response:
        host = urlsplit(url).netloc.lower()
        for attempt in range(self.policy.retries + 1):
            try:
                response = self._request_once(url, headers)
            except httpx.TimeoutException:
                failure = FetchFailure(f"timed out after {self.policy.timeout:g} s", transient=True)
            except httpx.TransportError as exc:
                failure = FetchFailure(f"network error: {exc or type(exc).__name__}", transient=True)
            else:
                if response.status != 429 and response.status < 500:
                    return response
                failure = FetchFailure(
                    f"HTTP {response.status} {response.reason}".strip(),
                    transient=True,
                    status=response.status,
                    retry_after=retry_after_seconds(
                        response.headers.get("retry-after"), self._now()
                    ),
                )
            wait = failure.retry_after
            if wait is None:
                wait = self.policy.backoff * 2**attempt
            # The pause holds for every request to this host, not only this one's retry.
            self._pacer.hold(host, wait)
            if attempt == self.policy.retries or wait > self.policy.max_wait:
                failure.retry_after = wait
                raise failure
        raise AssertionError("unreachable")  # the loop returns or raises

    def _request_once(self, url: str, headers: dict[str, str]) -> _Response:
        host = urlsplit(url).netloc.lower()
        with self._pacer.turn(host, self._delay_for(url), self.policy.max_wait):
            started = time.monotonic()
            with self._http.stream("GET", url, headers=headers) as response:
                body = b""
                if 200 <= response.status_code < 300:
                    body = self._read_capped(response, started)
                return _Response(
                    response.status_code, response.reason_phrase, response.headers, body
                )

    def _read_capped(self, response: httpx.Response, started: float) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchFailure(f"larger than {cap:,} bytes ({int(declared):,})", transient=False)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # decompressed: a gzip bomb stops at the cap
            size += len(chunk)
            if size > cap:
                raise FetchFailure(f"larger than {cap:,} bytes", transient=False)
            if time.monotonic() - started > self.policy.timeout * DOWNLOAD_TIMEOUTS:
                raise httpx.ReadTimeout("download too slow")
            chunks.append(chunk)
        return b"".join(chunks)

    def _delay_for(self, url: str) -> float:
        crawl_delay = self.robots.crawl_delay(url) or 0.0
        return max(self.policy.delay, min(crawl_delay, MAX_CRAWL_DELAY_S))

    def _fetch_robots(self, robots_url: str) -> bytes | None:
        """The robots.txt body; None when there is none (4xx: everything allowed).
        Raises FetchFailure when the server cannot say (5xx, network): RFC 9309 then
        means "disallow everything", for now."""
        try:
            page = self.get(robots_url, accept="text/plain", check_robots=False)
        except FetchFailure as failure:
            if failure.status is not None and 400 <= failure.status < 500:
                return None
            if not failure.transient:  # too many redirects, too large: as if none
                return None
            raise FetchFailure(
                f"robots.txt unreachable ({failure.message})",
                transient=True,
                retry_after=failure.retry_after,
            ) from failure
        return page.body


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())
