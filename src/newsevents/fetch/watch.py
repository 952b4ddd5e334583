"""The watch loop: poll the feeds, fetch what is new, wait, repeat (``newsevents watch``,
``newsevents serve --watch``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from ..config import Settings, parse_duration
from ..store import Store
from .feeds import FeedSpec
from .runner import ErrorCallback, Fetcher, FetchReport

__all__ = ["watch", "watch_in_thread"]

FeedSource = Callable[[], Sequence[FeedSpec]]


def watch(
    store: Store,
    settings: Settings,
    feeds: FeedSource | Sequence[FeedSpec],
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    on_poll: Callable[[FetchReport], None] | None = None,
    on_error: ErrorCallback | None = None,
) -> FetchReport:
    """Poll ``feeds`` every ``settings.watch_every`` until ``stop`` is set (or once).
    ``feeds`` may be a function, called before each poll (a feeds file read anew, so
    edits take effect without a restart). Returns the counts of all polls."""
    stop = stop or threading.Event()
    every = parse_duration(settings.watch_every)
    total = FetchReport()
    with Fetcher(store, settings, on_error=on_error, stop=stop) as fetcher:
        while not stop.is_set():
            specs = feeds() if callable(feeds) else feeds
            report = fetcher.poll(specs)
            total.add(report)
            if on_poll:
                on_poll(report)
            if once or stop.wait(every):
                break
    return total


def watch_in_thread(
    db: str,
    settings: Settings,
    feeds: FeedSource,
    on_error: ErrorCallback | None = None,
    on_poll: Callable[[FetchReport], None] | None = None,
) -> tuple[threading.Thread, threading.Event]:
    """Run :func:`watch` in a daemon thread with its own store connection; set the
    returned event to stop it (it ends after the requests in flight)."""
    stop = threading.Event()

    def run() -> None:
        try:
            with Store.open(db) as store:
                watch(store, settings, feeds, stop=stop, on_poll=on_poll, on_error=on_error)
        except Exception as exc:  # the server goes on; say why the watcher stopped
            if on_error:
                on_error(f"watcher stopped: {type(exc).__name__}: {exc}")

    thread = threading.Thread(target=run, daemon=True, name="newsevents-watch")
    thread.start()
    return thread, stop
