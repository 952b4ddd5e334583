"""Generators for the reliability tests: distinct wire stories and a corpus of bad inputs.

Everything is built in the test's own ``tmp_path``; nothing is read from ``../shared``.
Each bad input says what the project must do with it (``expect``):

- ``"error"``: the item is skipped with a one-line ``error``/warning naming the file on
  stderr (and the batch goes on);
- ``"stored"``: the item is read and stored (``needle`` must be in the stored text);
- ``"either"``: stored, or skipped with a line naming the file; never silently lost.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from newsevents.model import Article

Expectation = Literal["error", "stored", "either"]

# (country name, demonym, capital, leader title, leader name) for generated stories.
_COUNTRIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("France", "French", "Paris", "President", "Emmanuel Macron"),
    ("Germany", "German", "Berlin", "Chancellor", "Olaf Scholz"),
    ("Japan", "Japanese", "Tokyo", "Prime Minister", "Fumio Kishida"),
    ("India", "Indian", "New Delhi", "Prime Minister", "Narendra Modi"),
    ("Brazil", "Brazilian", "Brasilia", "President", "Luiz Inacio Lula da Silva"),
    ("Kenya", "Kenyan", "Nairobi", "President", "William Ruto"),
    ("Egypt", "Egyptian", "Cairo", "President", "Abdel Fattah el-Sisi"),
    ("Turkey", "Turkish", "Ankara", "President", "Recep Tayyip Erdogan"),
    ("Mexico", "Mexican", "Mexico City", "President", "Andres Manuel Lopez Obrador"),
    ("Canada", "Canadian", "Ottawa", "Prime Minister", "Justin Trudeau"),
    ("Australia", "Australian", "Canberra", "Prime Minister", "Anthony Albanese"),
    ("Nigeria", "Nigerian", "Abuja", "President", "Bola Tinubu"),
    ("Indonesia", "Indonesian", "Jakarta", "President", "Joko Widodo"),
    ("Pakistan", "Pakistani", "Islamabad", "Prime Minister", "Shehbaz Sharif"),
    ("Poland", "Polish", "Warsaw", "President", "Andrzej Duda"),
    ("Spain", "Spanish", "Madrid", "Prime Minister", "Pedro Sanchez"),
    ("Italy", "Italian", "Rome", "Prime Minister", "Giorgia Meloni"),
    ("Vietnam", "Vietnamese", "Hanoi", "President", "Vo Van Thuong"),
)

# Sentence templates with a clear event each: {a}/{b} are "the <Demonym> government" etc.
_EVENT_TEMPLATES: tuple[str, ...] = (
    "{leader_a} met {leader_b} in {capital_a} on {day} to discuss trade and security.",
    "{country_a} accused {country_b} of violating the border agreement on {day}.",
    "{country_a} signed a trade agreement with {country_b} on {day}.",
    "Police in {capital_a} arrested dozens of protesters on {day}.",
    "{leader_a} condemned the attack and called on {country_b} to release the prisoners.",
    "{country_a} sent humanitarian aid to {country_b} after the floods on {day}.",
    "{country_a} imposed sanctions on {country_b} on {day}.",
    "{leader_a} threatened to cut diplomatic ties with {country_b}.",
    "Troops from {country_a} attacked rebel positions near the border with {country_b} on {day}.",
    "{country_a} and {country_b} agreed to hold talks next month.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FILLERS = (
    "Officials said the talks covered energy, migration and regional security.",
    "The statement was released by the foreign ministry late in the evening.",
    "Analysts said the move could affect relations for months.",
    "Both sides described the meeting as constructive.",
    "No casualties were reported, according to local media.",
)


def wire_story(i: int) -> tuple[str, str]:
    """The ``i``-th generated wire story as (title, plain text); distinct for every ``i``."""
    rng = random.Random(i)
    a, b = rng.sample(_COUNTRIES, 2)
    fields = {
        "country_a": a[0],
        "country_b": b[0],
        "capital_a": a[2],
        "leader_a": f"{a[1]} {a[3]} {a[4]}",
        "leader_b": f"{b[1]} {b[3]} {b[4]}",
        "day": rng.choice(_DAYS),
    }
    first, second = rng.sample(_EVENT_TEMPLATES, 2)
    title = f"{a[0]} and {b[0]}: report number {i}"
    body = [
        f"{a[2].upper()} (Reuters) - " + first.format(**fields),
        second.format(**fields) + " " + rng.choice(_FILLERS),
        # The serial number makes every story's text (and content hash) distinct.
        f"This is dispatch {i} from the {a[1]} desk.",
    ]
    return title, title + "\n\n" + "\n\n".join(body) + "\n"


def write_wire_stories(folder: Path, count: int, start: int = 0) -> list[str]:
    """Write stories ``start..start+count-1`` as ``story_00042.txt``; return their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(start, start + count):
        article_id = f"story_{i:05d}"
        (folder / f"{article_id}.txt").write_text(wire_story(i)[1], encoding="utf-8")
        ids.append(article_id)
    return ids


@dataclass(frozen=True)
class BadInput:
    """One hostile file: its name in the corpus, what must happen, and how to recognise it."""

    name: str  # file name in the corpus folder (also what stderr must name)
    expect: Expectation
    what: str  # a few words for the report
    article_id: str | None = None  # id under which it is stored, when it is stored
    needle: str | None = None  # text the stored article must contain (decoding checks)


def _html_page(title: str, body_html: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
        f"<header><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav></header>"
        f"<article><h1>{title}</h1>{body_html}</article>"
        f"<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
    )


# The body of a decoding test page; "Café" and curly quotes are where encodings differ.
_CAFE_PARAS = (
    "<p>The Café de Flore hosted the foreign ministers of France and Germany on Tuesday, "
    "officials said. \u201cWe agreed on a common position,\u201d the French minister "
    "told reporters after the meeting.</p>"
    "<p>The two governments signed an agreement on energy cooperation, and the German "
    "chancellor praised the \u2018constructive\u2019 talks held in Paris this week.</p>"
    "<p>Both ministers said they would meet again in Berlin next month to review "
    "progress on the energy agreement and on border security.</p>"
)


def _warc_record_bytes(
    url: str,
    body: str | bytes,
    warc_type: str = "response",
    content_type: str = "text/html; charset=utf-8",
) -> bytes:
    """One gzipped WARC record (each record its own gzip member, as in Common Crawl);
    a response wraps ``body`` in an HTTP message with ``content_type``."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if warc_type == "response":
        payload = (
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(raw)}\r\n\r\n"
        ).encode() + raw
        record_type = "application/http; msgtype=response"
    else:
        payload, record_type = raw, content_type
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "WARC-Date: 2024-07-27T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url + warc_type)}>\r\n"
        f"Content-Type: {record_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + payload + b"\r\n\r\n")


def story_html(i: int) -> str:
    """The ``i``-th wire story as a news page."""
    title, text = wire_story(i)
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:] if p.strip())
    return _html_page(title, paras)


class _Corpus:
    """Writes hostile files into one folder and records what must happen to each."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.items: list[BadInput] = []

    def add(self, name: str, data: bytes, expect: Expectation, what: str, **stored: str) -> None:
        (self.folder / name).write_bytes(data)
        self.expect(name, expect, what, **stored)

    def expect(self, name: str, expect: Expectation, what: str, **stored: str) -> None:
        self.items.append(
            BadInput(name, expect, what, stored.get("article_id"), stored.get("needle"))
        )


def _add_undecodable(c: _Corpus) -> None:
    c.add("empty.txt", b"", "error", "empty .txt")
    c.add("blank.html", b"   \n\n  ", "error", "whitespace-only .html")
    rng = random.Random(7)
    binary = bytes(rng.randrange(256) for _ in range(4096))
    c.add("binary.txt", binary, "error", "random bytes as .txt")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + binary[:2000]
    c.add("image.html", png, "error", "PNG bytes as .html")
    c.add("gzip_not_html.html", gzip.compress(binary), "error", "gzip bytes as .html")
    # Mostly good UTF-8 with stray invalid bytes: decoded leniently or refused, never a crash.
    bad_utf8 = wire_story(9001)[1].encode().replace(b" met ", b" met \xff\xfe ", 1)
    bad_utf8 = bad_utf8.replace(b"dispatch", b"dis\xc3patch")
    c.add(
        "invalid_utf8.txt",
        bad_utf8,
        "either",
        "invalid UTF-8 in .txt",
        article_id="invalid_utf8",
        needle="from the",
    )


def _add_legacy_encodings(c: _Corpus) -> None:
    straight = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    for enc, meta in (
        ("cp1252", '<meta charset="windows-1252">'),
        ("cp1252", ""),
        ("latin-1", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        ("latin-1", ""),
    ):
        # Latin-1 has no curly quotes: its pages use straight ones and are checked on "é".
        paras = _CAFE_PARAS if enc == "cp1252" else _CAFE_PARAS.translate(straight)
        page = _html_page("Ministers meet at the Café", paras, meta)
        stem = f"{enc.replace('-', '')}_{'meta' if meta else 'nometa'}"
        needle = "\u201cWe agreed" if enc == "cp1252" else "Café de Flore"
        what = f"{enc} page {'with' if meta else 'without'} meta charset"
        c.add(f"{stem}.html", page.encode(enc), "stored", what, article_id=stem, needle=needle)
    text = (
        "Ministers meet at the Café\n\nPARIS (Reuters) - The Café de Flore hosted the "
        "ministers of France and Germany on Tuesday. \u201cWe agreed,\u201d the French "
        "minister said.\n"
    )
    c.add(
        "cp1252_plain.txt",
        text.encode("cp1252"),
        "stored",
        "cp1252 plain text",
        article_id="cp1252_plain",
        needle="\u201cWe agreed",
    )
    c.add(
        "utf16_bom.txt",
        text.encode("utf-16"),
        "stored",
        "UTF-16 text with a BOM",
        article_id="utf16_bom",
        needle="\u201cWe agreed",
    )
    lying = _html_page("Ministers meet", _CAFE_PARAS, '<meta charset="utf-8">')
    c.add(
        "lying_charset.html",
        lying.encode("cp1252"),
        "stored",
        "cp1252 page declaring utf-8",
        article_id="lying_charset",
        needle="Café de Flore",
    )
    bogus = _html_page("Ministers meet", _CAFE_PARAS, '<meta charset="x-no-such-charset">')
    c.add(
        "bogus_charset.html",
        bogus.encode(),
        "stored",
        "page declaring an unknown charset",
        article_id="bogus_charset",
        needle="\u201cWe agreed",
    )


def _add_truncated_containers(c: _Corpus) -> None:
    full_gz = gzip.compress(story_html(9002).encode())
    c.add("truncated.html.gz", full_gz[: len(full_gz) // 2], "error", "truncated .html.gz")
    # Two whole records, then half of a third: the first two must be kept.
    records = [
        _warc_record_bytes(f"https://news.example.com/warc/{i}", story_html(9100 + i))
        for i in range(3)
    ]
    cut = b"".join(records[:2]) + records[2][: len(records[2]) // 2]
    c.add("truncated.warc.gz", cut, "error", "truncated .warc.gz")
    for i in range(2):
        c.expect(
            "truncated.warc.gz",
            "stored",
            f"whole record {i + 1} of a truncated WARC",
            article_id=f"https://news.example.com/warc/{i}",
            needle=f"dispatch {9100 + i}",
        )
    _add_mixed_warc(c)
    _add_gzip_bomb(c)


def _add_mixed_warc(c: _Corpus) -> None:
    """A WARC whose records are mostly not news pages: only the HTML response is kept."""
    base = "https://news.example.com/mixed"
    records = [
        _warc_record_bytes(base, "software: test\r\n", "warcinfo", "application/warc-fields"),
        _warc_record_bytes(base, "GET /mixed HTTP/1.1\r\n\r\n", "request", "application/http"),
        _warc_record_bytes(
            base + "/doc.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, content_type="application/pdf"
        ),
        _warc_record_bytes(base + "/story", story_html(9500)),
        _warc_record_bytes(base, "fetchTimeMs: 12\r\n", "metadata", "application/warc-fields"),
        _warc_record_bytes(base + "/empty", ""),
    ]
    c.add("mixed_records.warc.gz", b"".join(records), "either", "WARC with non-HTML records")
    c.expect(
        "mixed_records.warc.gz",
        "stored",
        "the HTML record of a mixed WARC",
        article_id=base + "/story",
        needle="dispatch 9500",
    )


def _add_gzip_bomb(c: _Corpus) -> None:
    """A small .html.gz that inflates to 200 MB of markup: refused, not read whole."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as bomb:
        bomb.write(b"<html><body><p>")
        chunk = b" " * (1024 * 1024)
        for _ in range(200):
            bomb.write(chunk)
    c.add("bomb.html.gz", out.getvalue(), "error", "gzip bomb (200 MB inflated)")


def _add_bad_jsonl(c: _Corpus) -> None:
    lines = [
        json.dumps({"id": "jsonl-good-1", "text": wire_story(9200)[1], "date": "2024-07-27"}),
        '{"id": "broken", "text": "unterminated',  # line 2: malformed JSON
        json.dumps({"id": "no-text"}),  # line 3: neither text nor html
        json.dumps({"id": "wrong-type", "text": 12345}),  # line 4: text not a string
        json.dumps(["a", "list", "not", "an", "object"]),  # line 5
        json.dumps({"id": "bad-date", "text": wire_story(9202)[1], "date": "2024-13-45"}),
        "",  # line 7: a blank line is allowed
        json.dumps({"id": "jsonl-good-2", "text": wire_story(9201)[1]}),  # line 8
        json.dumps({"id": None, "html": None, "text": None}),  # line 9
    ]
    c.add("mixed.jsonl", ("\n".join(lines) + "\n").encode(), "error", "JSONL with bad lines")
    for line, what in (
        (2, "malformed JSON"),
        (3, "no text"),
        (4, "text not a string"),
        (5, "a list, not an object"),
        (9, "nulls everywhere"),
    ):
        c.expect(f"mixed.jsonl:{line}", "error", f"JSONL line: {what}")
    c.expect(
        "mixed.jsonl:6",
        "either",
        "JSONL line: bad date",
        article_id="bad-date",
        needle="dispatch 9202",
    )
    for n, (article_id, serial) in enumerate((("jsonl-good-1", 9200), ("jsonl-good-2", 9201))):
        c.expect(
            "mixed.jsonl",
            "stored",
            f"JSONL good record {n + 1}",
            article_id=article_id,
            needle=f"dispatch {serial}",
        )


# A login page: navigation, a form, a footer and no article at all.
NAV_ONLY_PAGE = (
    "<html><head><title>Login</title></head><body><nav><a href='/a'>Home</a>"
    "<a href='/b'>Sport</a></nav><form><input name='user'><input type='password'>"
    "<button>Sign in</button></form><footer>Cookies | Privacy</footer></body></html>"
)
# A story with a NUL and other C0 controls (PostgreSQL text cannot hold a NUL).
CONTROL_CHARS_TEXT = "Headline\x00\x07\n\n" + wire_story(9400)[1].replace(" ", "\x0b", 3)


def _add_odd_pages(c: _Corpus) -> None:
    # Strictly an error in test_page_without_article_is_a_read_error; here only "not lost".
    c.add(
        "no_article.html",
        NAV_ONLY_PAGE.encode(),
        "either",
        "HTML page with no article",
        article_id="no_article",
    )
    story = "<p>" + wire_story(9300)[1].replace("\n\n", "</p><p>") + "</p>"
    nested = "<html><body>" + "<div>" * 5000 + story + "</div>" * 5000 + "</body></html>"
    c.add(
        "deeply_nested.html",
        nested.encode(),
        "either",
        "5,000 nested divs",
        article_id="deeply_nested",
        needle="dispatch 9300",
    )
    french = (
        "Le président français rencontre le chancelier allemand\n\n"
        "PARIS (AFP) - Le président Emmanuel Macron a rencontré mardi le chancelier Olaf "
        "Scholz à l'Élysée pour discuter de la sécurité européenne et de l'énergie.\n\n"
        "Les deux dirigeants ont signé un accord de coopération, selon un communiqué.\n"
    )
    c.add(
        "french.txt",
        french.encode(),
        "either",
        "text in French",
        article_id="french",
        needle="Scholz",
    )
    chinese = (
        "中国外交部长会见老挝外长\n\n"
        "新华社北京7月27日电 中国外交部长王毅周六在万象会见老挝外长，双方签署了合作协议。\n"
    )
    c.add(
        "chinese.txt",
        chinese.encode(),
        "either",
        "text in Chinese",
        article_id="chinese",
        needle="王毅",
    )


def write_bad_corpus(folder: Path) -> list[BadInput]:
    """Write every hostile input (except the 20 MB file) into ``folder``; say what to expect."""
    corpus = _Corpus(folder)
    for add in (
        _add_undecodable,
        _add_legacy_encodings,
        _add_truncated_containers,
        _add_bad_jsonl,
        _add_odd_pages,
    ):
        add(corpus)
    return corpus.items


def write_unknown_extensions(folder: Path) -> list[str]:
    """Files whose extension is no news kind; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {
        "report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "notes.docx": b"PK\x03\x04" + b"\x00" * 64,
        "data.xyz": b"hello",
    }
    for name, data in names.items():
        (folder / name).write_bytes(data)
    return sorted(names)


def write_huge_text(path: Path, megabytes: int = 20) -> None:
    """A ``megabytes``-MB plain-text 'article': a headline, then a very long table of figures."""
    row = "| 2024-07-27 | Vientiane | 1234.56 | 7890.12 | 345.67 | minister met delegation |\n"
    out = io.StringIO()
    out.write("Quarterly figures released by the ministry\n\n")
    size = megabytes * 1024 * 1024
    out.write(row * (size // len(row) + 1))
    path.write_text(out.getvalue()[:size], encoding="utf-8")


# ---------------------------------------------------------------- running the real CLI


def newsevents_command() -> list[str]:
    """The installed ``newsevents`` console script of the interpreter running the tests."""
    return [str(Path(sys.executable).with_name("newsevents"))]


def cli_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment for a CLI subprocess: no user config file, given settings only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    env["NEWSEVENTS_CONFIG"] = str(tmp_path / "no-such-config.toml")
    env["PYTHONWARNINGS"] = "ignore"
    env.update({f"NEWSEVENTS_{k.upper()}": v for k, v in settings.items()})
    return env


def run_ingest(
    paths: Sequence[Path | str],
    db: str,
    tmp_path: Path,
    timeout: float = 300,
    settings: Mapping[str, str] | None = None,
    **more_settings: str,
) -> subprocess.CompletedProcess[str]:
    """``newsevents ingest PATH... --db DB`` to completion (raises on timeout)."""
    return subprocess.run(
        [*newsevents_command(), "ingest", *map(str, paths), "--db", db],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(tmp_path, **(settings or {}), **more_settings),
        cwd=tmp_path,
        check=False,
    )


def stderr_lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


# ---------------------------------------------------------------- reading a store back


@dataclass(frozen=True)
class StoredState:
    """What a store holds, read with plain SQL (not through the code under test)."""

    articles: dict[str, Article]
    event_ids: list[str]  # with repeats, if any
    counts: dict[str, int]  # rows per table

    def duplicated_events(self) -> int:
        return len(self.event_ids) - len(set(self.event_ids))


def read_store(db: str) -> StoredState:
    from sqlalchemy import func, select

    from newsevents.store import Store
    from newsevents.store.schema import articles, events, metadata

    with Store.open(db) as store, store.engine.connect() as conn:
        stored = {
            row.id: Article.from_dict(json.loads(row.json))
            for row in conn.execute(select(articles.c.id, articles.c.json))
        }
        event_ids = list(conn.scalars(select(events.c.event_id)))
        counts = {
            name: int(conn.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in metadata.tables.items()
        }
    return StoredState(stored, event_ids, counts)


def sqlite_integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of a SQLite file ("ok" when sound)."""
    import sqlite3

    with closing(sqlite3.connect(path)) as conn:
        return "; ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A throw-away schema in the test database; yields a URL whose search_path is it."""
    import psycopg

    name = f"reliability_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')
