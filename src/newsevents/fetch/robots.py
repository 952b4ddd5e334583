"""robots.txt per RFC 9309, parsed by protego, cached per origin.

A robots.txt that is missing (any 4xx) allows everything. One that cannot be read
(5xx, network error) means "disallow everything" for now: the failure is remembered for
a few minutes and raised for every URL of that origin, so the items wait for a later
poll instead of hammering a server that is already in trouble.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from .errors import FetchFailure

__all__ = ["RobotsCache"]

ROBOTS_TTL_S = 24 * 3600.0  # RFC 9309: a cached robots.txt should not be older than a day
ROBOTS_FAILURE_TTL_S = 300.0
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309: parse at least the first 500 KiB


@dataclass(frozen=True)
class _Entry:
    rules: Protego | None  # None: no robots.txt, everything allowed
    failure: FetchFailure | None
    expires: float


class RobotsCache:
    """``allowed(url)`` fetches (once per origin and day) and applies robots.txt."""

    def __init__(
        self,
        fetch: Callable[[str], bytes | None],
        token: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch  # robots.txt URL -> body, None if missing; raises FetchFailure
        self._token = token
        self._clock = clock
        self._guard = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._entries: dict[str, _Entry] = {}

    def allowed(self, url: str) -> bool:
        entry = self._entry(_origin(url))
        if entry.failure is not None:
            raise entry.failure
        return entry.rules is None or bool(entry.rules.can_fetch(url, self._token))

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay for us, from an already fetched robots.txt (never fetches)."""
        with self._guard:
            entry = self._entries.get(_origin(url))
        if entry is None or entry.rules is None:
            return None
        delay = entry.rules.crawl_delay(self._token)
        return float(delay) if delay else None

    def _entry(self, origin: str) -> _Entry:
        with self._guard:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin, whatever the threads
            with self._guard:
                entry = self._entries.get(origin)
            if entry is not None and entry.expires > self._clock():
                return entry
            entry = self._load(origin)
            with self._guard:
                self._entries[origin] = entry
            return entry

    def _load(self, origin: str) -> _Entry:
        try:
            body = self._fetch(origin + "/robots.txt")
        except FetchFailure as failure:
            return _Entry(None, failure, self._clock() + ROBOTS_FAILURE_TTL_S)
        rules = None
        if body is not None:
            rules = Protego.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace"))
        return _Entry(rules, None, self._clock() + ROBOTS_TTL_S)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
