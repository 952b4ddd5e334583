"""Inputs for the Spark tests, written by the tests themselves: a WARC of three news
pages (plus a 404 and an image, which the reader skips) and a JSONL file with a bad line
and an empty article."""

from __future__ import annotations

import io
import json
from pathlib import Path

PAGES = [
    (
        "https://news.example.org/2024/03/12/putin-xi-gas-deal",
        "2024-03-12",
        "Putin and Xi sign gas supply agreement in Moscow",
        [
            "MOSCOW (Reuters) - Russian President Vladimir Putin met Chinese President "
            "Xi Jinping in Moscow on Tuesday, and the two leaders signed an agreement on "
            "natural gas supplies through a new pipeline.",
            "Putin praised China as a reliable partner. The Kremlin said Russia would "
            "increase deliveries of gas to China over the next five years.",
            "Officials from both governments said further talks on trade were planned "
            "for the summer, when ministers are due to meet again in Beijing.",
        ],
    ),
    (
        "https://news.example.org/2024/05/02/israel-strikes-gaza",
        "2024-05-02",
        "Israeli aircraft strike Hamas positions in Gaza",
        [
            "JERUSALEM (AP) - Israeli warplanes bombed Hamas positions in the Gaza Strip "
            "on Thursday, the Israeli military said, after rockets were fired at towns "
            "in southern Israel overnight.",
            "Hamas accused Israel of targeting civilians and vowed to respond. Egypt "
            "urged both sides to show restraint and offered to mediate a ceasefire.",
            "The United Nations called for an immediate halt to the fighting and for "
            "humanitarian aid to be allowed into the territory.",
        ],
    ),
    (
        "https://news.example.org/2024/06/20/france-iran",
        "2024-06-20",
        "France accuses Iran of holding its citizens hostage",
        [
            "PARIS (AFP) - France on Thursday accused Iran of holding three French "
            "citizens as hostages and demanded their immediate release, the foreign "
            "ministry said in a statement.",
            "French Foreign Minister Stephane Sejourne summoned the Iranian ambassador "
            "in Paris to protest against the detentions.",
            "Iran rejected the accusation and said the three had been arrested for "
            "spying, according to the state news agency IRNA.",
        ],
    ),
]


def _page_html(title: str, date: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='article:published_time' content='{date}T09:00:00Z'>"
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{body}</article>"
        "<footer>Copyright News Example</footer></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, str, str, list[str]]]) -> Path:
    """A gzipped WARC: one response per page, plus a 404 and an image, which are skipped."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))

        def response(url: str, status: str, content_type: str, payload: bytes) -> None:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
            writer.write_record(record)

        for n, (url, date, title, paragraphs) in enumerate(pages):
            response(url, "200 OK", "text/html; charset=utf-8", _page_html(title, date, paragraphs))
            if n == 0:
                response(url + "/missing", "404 Not Found", "text/html", b"<html>gone</html>")
                response(url + ".png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    return path


def write_jsonl(path: Path) -> Path:
    lines: list[dict[str, str] | str] = [
        {"id": "a1", "date": "2024-07-01", "text": "Germany sends tanks to Ukraine\n\n"
         "BERLIN - Germany said on Monday it would send more tanks to Ukraine."},
        "this line is not JSON",
        {"id": "a2", "date": "2024-07-02", "text": "Kenya protests\n\nNAIROBI - Police "
         "in Kenya fired tear gas at protesters demonstrating against new taxes."},
        {"id": "a3", "text": "   "},
    ]  # fmt: skip
    path.write_text("".join((json.dumps(x) if isinstance(x, dict) else x) + "\n" for x in lines))
    return path
