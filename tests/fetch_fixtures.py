"""A loopback news site for the fetch and watch tests: feeds (RSS, Atom), article pages,
redirects, robots.txt, a 429 with Retry-After, a slow page, pages in cp1252 and a feed
that changes between polls. Serves 127.0.0.1 only and records every request."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow page)
    length: bool = True  # send Content-Length (False: the body ends with the connection)


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]
    started: float
    finished: float


Route = Callable[[dict[str, str]], Reply]


class NewsSite:
    """Routes by path (with query); unknown paths are 404. ``seen`` lists requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self.base = ""

    def add(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _h, r=reply: r)

    def hits(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path == path)

    def url(self, path: str) -> str:
        return self.base + path

    def handle(self, path: str, headers: dict[str, str]) -> Reply:
        started = time.monotonic()
        try:
            route = self.routes.get(path)
            reply = route(headers) if route else Reply(404, b"<html><body>Not here</body></html>")
            if reply.delay:
                time.sleep(reply.delay)
            return reply
        finally:
            with self._lock:
                self.seen.append(Seen(path, headers, started, time.monotonic()))


@contextmanager
def serve_site(site: NewsSite) -> Iterator[NewsSite]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = site.handle(self.path, headers)
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.length and "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def html_page(title: str, paragraphs: list[str], head: str = "") -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head>{head}<title>{escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>Copyright 2019 Example News</footer></body></html>"
    )


def html_reply(html: str, charset: str = "utf-8", declare: bool = True) -> Reply:
    content_type = f"text/html; charset={charset}" if declare else "text/html"
    return Reply(200, html.encode(charset), {"Content-Type": content_type})


def rss(items: list[tuple[str, str, str]], title: str = "Example World") -> bytes:
    """RSS 2.0 with (link, title, pubDate) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>{date}</pubDate></item>"
        for link, t, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>"
        f"<description>news</description>{entries}</channel></rss>"
    ).encode()


def atom(entries: list[tuple[str, str, str]], title: str = "Example Atom") -> bytes:
    """Atom 1.0 with (href, title, published) entries."""
    body = "".join(
        f"<entry><title>{escape(t)}</title><link rel='alternate' href='{escape(href)}'/>"
        f"<id>{escape(href)}</id><published>{date}</published><updated>{date}</updated></entry>"
        for href, t, date in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:example</id><updated>2024-07-28T00:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()


ARTICLES: dict[str, tuple[str, list[str]]] = {
    "blinken": ("Blinken meets Wang Yi in Laos", [
        "Vientiane, Laos: U.S. Secretary of State Antony Blinken met Chinese Foreign Minister "
        "Wang Yi on Saturday on the sidelines of a regional meeting.",
        "The two diplomats discussed trade, Taiwan and the war in Ukraine for more than an hour, "
        "officials from both delegations said afterwards.",
    ]),
    "kyiv": ("Missiles strike Kyiv", [
        "KYIV (Reuters) - Russian forces struck Kyiv with missiles and drones overnight, "
        "Ukrainian officials said, killing at least three people in the capital.",
        "Ukraine's air force said it shot down most of the drones launched in the attack.",
    ]),
    "aid": ("India sends aid to Myanmar", [
        "NEW DELHI - India sent medical aid and rescue teams to Myanmar on Sunday after a "
        "powerful earthquake struck the centre of the country.",
        "Two military planes carried tents, blankets, food and medicines to Yangon, the "
        "Indian foreign ministry said in a statement.",
    ]),
    "sanctions": ("EU adopts new sanctions", [
        "BRUSSELS - The European Union imposed new sanctions on Russia on Monday, targeting "
        "banks and the shadow fleet of oil tankers, diplomats said.",
        "The package is the sixteenth since the full-scale invasion of Ukraine began.",
    ]),
    "talks": ("Armenia and Azerbaijan agree peace text", [
        "YEREVAN - Armenia and Azerbaijan agreed on the text of a peace treaty on Thursday, "
        "the foreign ministers of both countries said in statements.",
        "The agreement would end nearly four decades of conflict between the two neighbours.",
    ]),
    "protest": ("Students protest in Belgrade", [
        "BELGRADE - Tens of thousands of students protested in Belgrade on Saturday against "
        "corruption in the Serbian government, police said.",
        "The protesters demanded that the government resign after the collapse of a canopy.",
    ]),
    "ceasefire": ("India and Pakistan agree ceasefire", [
        "ISLAMABAD - India and Pakistan agreed to a ceasefire on Saturday after four days of "
        "fighting along their border, officials in both capitals said.",
        "The United States said it had helped broker the truce between the two countries.",
    ]),
}


def article(key: str, head: str = "") -> str:
    title, paragraphs = ARTICLES[key]
    return html_page(title, paragraphs, head)


CP1252_TITLE = "Médecins Sans Frontières warns of “catastrophe” in Gaza"
CP1252_PARAGRAPHS = [
    "GENEVA - Médecins Sans Frontières accused Israel on Tuesday of blocking aid to Gaza, "
    "calling the situation a “catastrophe” for the people there.",
    "The aid group’s director said the blockade had lasted for more than two months.",
]


def write_feeds_file(path: Path, lines: list[str]) -> Path:
    path.write_text("# feeds for the test\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path
