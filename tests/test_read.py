"""Every input kind, and every failure as one ReadError while the batch goes on."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.model import Article, ReadError
from newsevents.read import read_html, read_paths, read_text
from newsevents.read.decode import BinaryContentError, decode_bytes

DAY = dt.date(2025, 5, 10)
BODY_1 = (
    "Britain and France agreed on Monday to expand cooperation on migration in the "
    "English Channel, officials said in a joint statement after talks in London."
)
BODY_2 = (
    "The agreement follows months of negotiations between the two governments about "
    "small boat crossings and the return of asylum seekers to France."
)
BODY_3 = (
    "Opposition parties criticised the deal, saying it would do little to reduce the "
    "number of crossings, and demanded a vote in parliament on the arrangement."
)
TEXT = f"Britain and France Agree Migration Deal\n\nLONDON (Reuters) - {BODY_1}\n\n{BODY_2}\n\nAdvertisement\n"


def page(title: str, *paragraphs: str, published: str | None = "2024-12-01") -> str:
    meta = (
        f'<meta property="article:published_time" content="{published}T08:00:00Z">'
        if published
        else ""
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer><p>Subscribe to our newsletter</p><p>© 2024 Example News</p></footer>"
        f"</body></html>"
    )


HTML = page(
    "Britain and France Agree Migration Deal", f"LONDON (Reuters) - {BODY_1}", BODY_2, BODY_3
)


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def errors(items: list[Article | ReadError]) -> list[ReadError]:
    return [item for item in items if isinstance(item, ReadError)]


def test_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "uk-france.deal.txt"
    path.write_text(TEXT, encoding="utf-8")
    [article] = list(read_paths([path], default_date=DAY))
    assert isinstance(article, Article)
    assert article.id == "uk-france.deal"
    assert article.date == DAY and article.origin == str(path)
    assert article.dateline is not None and article.dateline.country == "GBR"
    assert article.paragraphs == (BODY_1, BODY_2)
    assert article.boilerplate == ("Advertisement",)


def test_txt_in_latin1_and_cp1252(tmp_path: Path) -> None:
    text = "Minister’s visit to Bogotá\n\nBOGOTA, Colombia (AP) — The minister’s visit to Bogotá went ahead on Monday, officials said."
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    [article] = list(read_paths([tmp_path / "a.txt"]))
    assert isinstance(article, Article)
    assert article.title == "Minister’s visit to Bogotá"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.html.gz", "page.htm.gz"])
def test_html_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    data = HTML.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    [article] = list(read_paths([path], default_date=DAY))
    assert isinstance(article, Article)
    assert article.id == "page"
    assert article.title == "Britain and France Agree Migration Deal"
    assert article.date == dt.date(2024, 12, 1)  # the page's own date beats the default
    assert article.paragraphs == (BODY_1, BODY_2, BODY_3)
    assert article.dateline is not None and article.dateline.city == "London"
    assert not any("Subscribe" in p or "Home" in p for p in article.paragraphs)


def test_html_without_date_uses_default_and_meta_charset(tmp_path: Path) -> None:
    html = page(
        "Москва и Пекин подписали соглашение",
        "Россия и Китай подписали соглашение о сотрудничестве в области энергетики в понедельник, сообщили официальные лица.",
        "Стороны также обсудили торговлю и безопасность в регионе, говорится в заявлении министерства.",
        published=None,
    )
    html = html.replace("charset='utf-8'", "charset='windows-1251'")
    path = tmp_path / "ru.html"
    path.write_bytes(html.encode("cp1251"))
    [article] = list(read_paths([path], default_date=DAY))
    assert isinstance(article, Article)
    assert article.title == "Москва и Пекин подписали соглашение"
    assert article.date == DAY


def test_read_html_with_url_gives_id_and_outlet() -> None:
    article = read_html(HTML, None, url="https://www.example.co.uk/world/deal", date=DAY)
    assert article.id == "https://www.example.co.uk/world/deal"
    assert article.outlet == "example.co.uk"


def test_read_text() -> None:
    article = read_text(TEXT, "x", DAY)
    assert article.title == "Britain and France Agree Migration Deal"
    assert article.id == "x" and article.date == DAY


def jsonl_lines() -> list[str]:
    return [
        json.dumps(
            {"id": "t1", "text": TEXT, "date": "2025-01-02", "url": "https://www.wire.example/t1"}
        ),
        json.dumps({"id": "t2", "title": "Given Title", "text": f"LONDON — {BODY_1}"}),
        json.dumps({"id": 7, "html": HTML, "url": "https://news.example.com/deal"}),
        "",
    ]


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(jsonl_lines()), encoding="utf-8")
    items = list(read_paths([path], default_date=DAY))
    assert errors(items) == []
    t1, t2, t3 = articles(items)
    assert (t1.id, t1.date, t1.outlet, t1.origin) == (
        "t1",
        dt.date(2025, 1, 2),
        "wire.example",
        f"{path}:1",
    )
    assert t1.title == "Britain and France Agree Migration Deal"
    assert (t2.id, t2.title, t2.date) == ("t2", "Given Title", DAY)
    assert t2.paragraphs == (BODY_1,)
    assert (t3.id, t3.url, t3.date) == ("7", "https://news.example.com/deal", dt.date(2024, 12, 1))
    assert t3.paragraphs == (BODY_1, BODY_2, BODY_3)


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(jsonl_lines()).encode("utf-8")))
    assert [a.id for a in articles(list(read_paths([path])))] == ["t1", "t2", "7"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "text": ', "bad JSON"),
        ('["id", "text"]', "expected a JSON object"),
        ('{"text": "Some text here."}', "field 'id'"),
        ('{"id": "", "text": "Some text here."}', "field 'id'"),
        ('{"id": "a"}', "needs a non-empty 'text' or 'html'"),
        ('{"id": "a", "text": 42}', "field 'text' must be a string"),
        ('{"id": "a", "text": "x", "title": ["t"]}', "field 'title' must be a string"),
        ('{"id": "a", "text": "Some text.", "date": "27/07/2024"}', "bad date"),
        ('{"id": "a", "text": "Some text.", "date": "2024-02-30"}', "bad date"),
    ],
)
def test_bad_jsonl_line_is_one_error(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps({"id": "good", "text": TEXT})
    path = tmp_path / "b.jsonl"
    path.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "Article"]
    [error] = errors(items)
    assert error.origin == f"{path}:2"
    assert message in error.message
    assert "\n" not in str(error)


def test_jsonl_bad_bytes_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "\xff\xfe bad"}\n' + json.dumps({"id": "b", "text": TEXT}).encode()
    )
    items = list(read_paths([path]))
    assert isinstance(items[0], ReadError) and "not UTF-8" in items[0].message
    assert isinstance(items[1], Article)


def write_warc(path: Path, pages: list[tuple[str, str, str]], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, content_type, body in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            data = body.encode("utf-8")
            # A known length keeps warcio from buffering the payload in a temp file.
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(data), length=len(data), http_headers=headers
            )
            writer.write_record(record)


WARC_PAGES = [
    ("https://news.example.com/one", "text/html; charset=utf-8", HTML),
    ("https://news.example.com/logo.png", "image/png", "not html"),
    (
        "https://news.example.com/two",
        "text/html",
        page("Second Story Headline Here", BODY_2, BODY_3),
    ),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, WARC_PAGES, gz=name.endswith(".gz"))
    items = list(read_paths([path], default_date=DAY))
    assert errors(items) == []
    one, two = articles(items)
    assert one.id == "https://news.example.com/one" and one.outlet == "news.example.com"
    assert one.origin is not None and one.origin.startswith(f"{path}#urn:uuid:")
    assert one.paragraphs == (BODY_1, BODY_2, BODY_3)
    assert two.title == "Second Story Headline Here"


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_warc(tmp_path: Path, name: str) -> None:
    whole = tmp_path / f"whole-{name}"
    write_warc(whole, WARC_PAGES, gz=name.endswith(".gz"))
    data = whole.read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[: len(data) - 200])
    items = list(read_paths([cut, tmp_path / f"whole-{name}"]))
    kinds = [type(i).__name__ for i in items]
    assert kinds[0] == "Article"
    assert kinds.count("ReadError") == 1 and kinds[-2:] == ["Article", "Article"]
    [error] = errors(items)
    assert error.origin == str(cut) and "truncated" in error.message


def test_folder_recursive_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "a.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "j", "text": TEXT}) + "\n", encoding="utf-8"
    )
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [i.id for i in articles(items)] == ["j", "a", "z", "c"]
    assert errors(items) == []


def test_folder_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [i.id for i in articles(list(read_paths([tmp_path])))] == ["story"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [article] = list(read_paths(["-"], default_date=DAY))
    assert isinstance(article, Article)
    assert article.id == "stdin" and article.date == DAY
    assert article.paragraphs == (BODY_1, BODY_2)


def test_every_error_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    cut_gz = tmp_path / "cut.html.gz"
    cut_gz.write_bytes(gzip.compress(HTML.encode())[:-30])
    not_gz = tmp_path / "fake.html.gz"
    not_gz.write_text("plain text, not gzip", encoding="utf-8")
    unknown = tmp_path / "data.csv"
    unknown.write_text("a,b\n", encoding="utf-8")
    not_warc = tmp_path / "x.warc"
    not_warc.write_text("hello, this is no archive\n" * 5, encoding="utf-8")
    no_text = tmp_path / "blank.html"
    no_text.write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    missing = tmp_path / "missing.txt"
    inputs = [good, binary, empty, cut_gz, not_gz, unknown, not_warc, no_text, missing, good]
    items = list(read_paths(inputs))
    assert [type(i).__name__ for i in items] == ["Article"] + ["ReadError"] * 8 + ["Article"]
    found = {Path(e.origin).name: e.message for e in errors(items)}
    assert "binary" in found["image.txt"]
    assert "empty" in found["empty.txt"]
    assert "truncated" in found["cut.html.gz"] or "corrupt" in found["cut.html.gz"]
    assert found["fake.html.gz"]
    assert "unknown kind" in found["data.csv"]
    assert found["x.warc"]
    assert "no article text" in found["blank.html"]
    assert found["missing.txt"] == "no such file"
    assert all("\n" not in str(e) for e in errors(items))


def test_decode_bytes() -> None:
    assert decode_bytes("naïve".encode()) == "naïve"
    assert decode_bytes("\ufeffBOM".encode("utf-8")) == "BOM"
    assert decode_bytes("Zürich".encode("utf-16")) == "Zürich"
    assert decode_bytes(b"<meta charset='iso-8859-1'>caf\xe9") == "<meta charset='iso-8859-1'>café"
    assert decode_bytes("Привет".encode("koi8-r"), "text/html; charset=koi8-r") == "Привет"
    assert decode_bytes(b"Total nonsense \x81\x8d\x8f\x90\x9d only").startswith("Total nonsense")
    with pytest.raises(BinaryContentError):
        decode_bytes(b"\x00\x01\x02\x03" * 100)


@settings(max_examples=40, deadline=None)
@given(
    data=st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
    suffix=st.sampled_from([".txt", ".html", ".html.gz", ".jsonl", ".warc", ".warc.gz"]),
)
def test_any_bytes_never_raise(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        items = list(read_paths([path, path]))
    assert all(isinstance(i, Article | ReadError) for i in items)
    assert len(items) % 2 == 0  # the same input gives the same items twice


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=1500))
def test_structure_never_raises_and_keeps_text(text: str) -> None:
    article = read_text(text, "fuzz", None)
    for paragraph in article.paragraphs:
        assert paragraph == paragraph.strip() and paragraph
