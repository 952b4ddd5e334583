"""Watcher benchmark: one poll of feeds on loopback news sites, then a poll with nothing new.

    .venv/bin/python bench/fetch_watch.py [--hosts 4] [--pages 25] [--delay 0.0] [--db PATH]

Starts ``--hosts`` HTTP servers on 127.0.0.1 (each one host to the client), each with an
RSS feed of ``--pages`` article pages made from the plain-text ``examples/`` (one story a
page, URLs all different, so every page is read, coded and stored). Runs
``newsevents.fetch.watch(once=True)`` twice and prints, for each poll: wall time, pages
stored, events, pages/s, and the requests the servers saw. The first poll includes
loading spaCy; the second reads the feeds (304 Not Modified) and fetches nothing.
``--delay`` is ``fetch_delay``: with 2 s (the default setting) a host gives at most one
page every 2 s, whatever the machine.
"""

from __future__ import annotations

import argparse
import html
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsevents.config import load_settings
from newsevents.fetch import FeedSpec, watch
from newsevents.store import EventFilter, Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def stories() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        found.append((lines[0], lines[1:]))
    return found


class Site:
    def __init__(self, pages: int, host_no: int) -> None:
        self.requests = 0
        self.lock = threading.Lock()
        self.pages: dict[str, bytes] = {}
        all_stories = stories()
        items = []
        for n in range(pages):
            title, paragraphs = all_stories[(n + host_no) % len(all_stories)]
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            self.pages[f"/news/{n}"] = (
                f"<html><head><title>{html.escape(title)}</title></head><body><article>"
                f"<h1>{html.escape(title)}</h1>{body}</article></body></html>"
            ).encode()
            items.append(f"<item><title>{html.escape(title)}</title><link>/news/{n}</link>"
                         f"<pubDate>Mon, 0{1 + n % 9} Jun 2025 10:00:00 GMT</pubDate></item>")  # fmt: skip
        self.feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
            + "".join(items) + "</channel></rss>"
        ).encode()


@contextmanager
def serve(site: Site) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            with site.lock:
                site.requests += 1
            if self.path == "/feed.rss":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                body, kind = site.feed, "application/rss+xml"
            elif self.path in site.pages:
                body, kind = site.pages[self.path], "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if self.path == "/feed.rss":
                self.send_header("ETag", '"v1"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--pages", type=int, default=25, help="pages per host")
    parser.add_argument("--delay", type=float, default=0.0, help="fetch_delay in seconds")
    parser.add_argument("--db", default=None, help="store (default: a temporary SQLite file)")
    args = parser.parse_args()
    sites = [Site(args.pages, n) for n in range(args.hosts)]
    settings = load_settings(fetch_delay=args.delay, fetch_hosts=args.hosts, workers=1)
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(site)) for site in sites]
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        store = stack.enter_context(Store.open(args.db or str(Path(folder) / "bench.db")))
        feeds = [FeedSpec(f"{base}/feed.rss", f"Bench {n}") for n, base in enumerate(bases)]
        for poll in (1, 2):
            before = sum(s.requests for s in sites)
            started = time.perf_counter()
            report = watch(store, settings, feeds, once=True)
            seconds = time.perf_counter() - started
            stored = report.new + report.replaced
            print(f"poll {poll}: {seconds:.1f} s, {stored} pages stored "
                  f"({stored / seconds:.2f} pages/s), {report.events} events, "
                  f"{report.feeds_not_modified} feeds not modified, "
                  f"{sum(s.requests for s in sites) - before} requests, "
                  f"{len(report.errors)} errors")  # fmt: skip
        print(f"store: {store.stats().articles} articles, {store.count_events(EventFilter())} events")


if __name__ == "__main__":
    main()
