"""Input files to a stream of articles: dispatch by extension, errors as records.

Nothing raises out of :func:`read_paths`: a missing file, a binary file, a bad JSONL
line, a truncated archive or an unknown extension becomes one :class:`ReadError`
naming the file (and line or record) and the stream goes on. Memory stays bounded:
JSONL and WARC are streamed record by record, folders are walked lazily, and a single
page or text file larger than :data:`MAX_DOCUMENT_BYTES` is refused.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..article import TextStructurer
from ..model import Article, ReadError, parse_date
from .decode import BinaryContentError, clean_text, decode_bytes
from .html import EmptyPageError, read_html

__all__ = ["MAX_DOCUMENT_BYTES", "Reader", "kind_of", "read_paths"]

# One article is never this big; larger inputs are refused rather than read whole.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
# Extensions, longest first so that ".html.gz" wins over ".gz".
KINDS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".jsonl.gz", "jsonl"),
    (".warc", "warc"),
    (".html", "html"),
    (".htm", "html"),
    (".jsonl", "jsonl"),
    (".txt", "txt"),
)
_READ_ERRORS = (OSError, EOFError, zlib.error, BinaryContentError, EmptyPageError, ValueError)


def kind_of(path: str | Path) -> tuple[str, str] | None:
    """``(kind, stem)`` for a file name: ``"a.html.gz"`` -> ``("html", "a")``."""
    name = Path(path).name
    for suffix, kind in KINDS:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return kind, name[: -len(suffix)]
    return None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError | PermissionError):
        return exc.strerror or type(exc).__name__
    if isinstance(exc, EOFError | zlib.error | gzip.BadGzipFile):
        return f"truncated or corrupt compressed data ({exc})"
    return str(exc) or type(exc).__name__


def _nothing_in(path: Path) -> str:
    if path.is_dir():
        known = ", ".join(suffix for suffix, _ in reversed(KINDS))
        return f"no articles: the folder holds no files of a known kind ({known})"
    return "no articles: the file holds no records"


def _read_limited(stream: BinaryIO) -> bytes:
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(f"larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB, not one article")
    return data


def _open_binary(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


class Reader:
    """Reads inputs of every kind with one structurer and a fallback date."""

    def __init__(
        self, structurer: TextStructurer | None = None, default_date: dt.date | None = None
    ) -> None:
        self.structurer = structurer or TextStructurer.default()
        self.default_date = default_date
        self._file_ids: set[str] = set()  # ids taken from file names in this run

    def read_paths(
        self, paths: Iterable[str | Path], report_empty: bool = True
    ) -> Iterator[Article | ReadError]:
        """Every input's articles and errors; an input that gives neither (an empty
        folder or file) is reported as an error too: nothing is silently empty. A
        piece of a file (Spark splits) may hold no record: ``report_empty=False``."""
        for path in paths:
            if str(path) == "-":
                yield from self._guard("-", self._read_stdin)
                continue
            path = Path(path)
            empty = True
            if path.is_dir():
                items = self._read_folder(path, visited=set())
            else:
                items = self._read_file(path, explicit=True)
            for item in items:
                empty = False
                yield item
            if empty and report_empty:
                yield ReadError(str(path), _nothing_in(path))

    def _guard(self, origin: str, produce: Any, *args: Any) -> Iterator[Article | ReadError]:
        """Run one reader, turning any failure into a ReadError for ``origin``; every
        article leaves with clean text and an id unique within this run."""
        origin = clean_text(origin)
        try:
            for item in produce(*args):
                yield self._unique(_cleaned(item)) if isinstance(item, Article) else item
        except _READ_ERRORS as exc:
            yield ReadError(origin, _describe(exc))
        except Exception as exc:  # a bug must not end the batch; report it on its input
            yield ReadError(origin, f"unexpected {type(exc).__name__}: {exc}")

    def _unique(self, article: Article) -> Article:
        # Archives sorted by day reuse file names (day1/a.txt, day2/a.txt): a second
        # file-named article with a taken id gets its path as id instead of silently
        # replacing the first in the store. JSONL ids and URLs are kept as given.
        if article.origin is None or article.id != _file_stem(article.origin):
            return article
        if article.id in self._file_ids:
            return _with_id(article, _path_id(article.origin))
        self._file_ids.add(article.id)
        return article

    def _read_folder(self, folder: Path, visited: set[str]) -> Iterator[Article | ReadError]:
        # Sorted, recursive, lazy: one directory listing in memory at a time. Files of
        # other kinds (notes, gold files) inside a folder are skipped, not errors.
        real = os.path.realpath(folder)
        if real in visited:  # a symbolic link back up the tree
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield ReadError(str(folder), _describe(exc))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir():
                yield from self._read_folder(path, visited)
            elif kind_of(path) is not None:
                yield from self._read_file(path, explicit=False)

    def _read_file(self, path: Path, explicit: bool) -> Iterator[Article | ReadError]:
        found = kind_of(path)
        if found is None:
            if explicit:
                known = ", ".join(suffix for suffix, _ in KINDS)
                message = "no such file" if not path.exists() else f"unknown kind (use {known})"
                yield ReadError(str(path), message)
            return
        kind, stem = found
        if kind == "jsonl":
            yield from self._guard(str(path), self._read_jsonl, path)
        elif kind == "warc":
            from .warc import read_warc

            yield from self._guard(str(path), read_warc, path, self)
        else:
            yield from self._guard(str(path), self._read_document, path, kind, stem)

    def _read_document(self, path: Path, kind: str, stem: str) -> Iterator[Article]:
        with _open_binary(path) as stream:
            data = _read_limited(stream)
        if kind == "html":
            yield self.html(data, id=None, url=None, origin=str(path), fallback_id=stem)
            return
        text = decode_bytes(data)
        if not text.strip():
            raise ValueError("empty file")
        yield self.structurer.structure(
            text, stem, None, origin=str(path), fallback_date=self.default_date
        )

    def _read_stdin(self) -> Iterator[Article]:
        text = decode_bytes(_read_limited(sys.stdin.buffer))
        if not text.strip():
            raise ValueError("no text on standard input")
        yield self.structurer.structure(
            text, "stdin", None, origin="-", fallback_date=self.default_date
        )

    def html(
        self,
        data: str | bytes,
        id: str | None,
        url: str | None,
        origin: str,
        fallback_id: str,
        date: dt.date | None = None,
        content_type: str | None = None,
    ) -> Article:
        """One page; ``date`` (from the record itself) beats the page's own date."""
        article = read_html(
            data,
            id=id or url,
            url=url,
            date=date or self.default_date,
            origin=origin,
            content_type=content_type,
            date_from_page=date is None,
            structurer=self.structurer,
        )
        if id is None and url is None and article.url is None:
            article = _with_id(article, fallback_id)
        return article

    def _read_jsonl(self, path: Path) -> Iterator[Article | ReadError]:
        with _open_binary(path) as stream:
            for number, raw in enumerate(stream, start=1):
                if not raw.strip():
                    continue
                origin = f"{path}:{number}"
                try:
                    yield self._jsonl_article(raw, origin)
                except (ValueError, TypeError, BinaryContentError, EmptyPageError) as exc:
                    yield ReadError(origin, str(exc))

    def _jsonl_article(self, raw: bytes, origin: str) -> Article:
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-8 ({exc.reason})") from exc
        except json.JSONDecodeError as exc:
            raise ValueError(f"bad JSON: {exc.msg} at column {exc.colno}") from exc
        if not isinstance(record, dict):
            raise ValueError(f"expected a JSON object, got {type(record).__name__}")
        fields = _jsonl_fields(record)
        if fields["html"] is not None:
            article = self.html(fields["html"], id=fields["id"], url=fields["url"],
                                origin=origin, fallback_id=fields["id"],
                                date=fields["date"])  # fmt: skip
            return _with_title(article, fields["title"])
        return self.structurer.structure(
            fields["text"], fields["id"], fields["date"], url=fields["url"], origin=origin,
            title=fields["title"], fallback_date=self.default_date,
        )  # fmt: skip


def _jsonl_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Validated fields of one JSONL record (raises ValueError naming the field)."""
    article_id = record.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, str | int) or article_id == "":
        raise ValueError("field 'id' must be a non-empty string")
    out: dict[str, Any] = {"id": str(article_id)}
    for name in ("text", "html", "title", "url", "date"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field {name!r} must be a string, got {type(value).__name__}")
        out[name] = value
    if not (out["text"] or "").strip() and not (out["html"] or "").strip():
        raise ValueError("needs a non-empty 'text' or 'html' field")
    if out["html"] is not None and not out["html"].strip():
        out["html"] = None
    try:
        out["date"] = parse_date(out["date"])
    except ValueError as exc:
        raise ValueError(f"bad date {record.get('date')!r} (want YYYY-MM-DD)") from exc
    return out


def _cleaned(article: Article) -> Article:
    from dataclasses import replace

    def opt(value: str | None) -> str | None:
        return clean_text(value) if value is not None else None

    return replace(
        article,
        id=clean_text(article.id),
        title=opt(article.title),
        dek=opt(article.dek),
        url=opt(article.url),
        origin=opt(article.origin),
        paragraphs=tuple(clean_text(p) for p in article.paragraphs),
        boilerplate=tuple(clean_text(b) for b in article.boilerplate),
        related_headlines=tuple(clean_text(h) for h in article.related_headlines),
    )


def _file_stem(origin: str) -> str | None:
    found = kind_of(origin)
    return found[1] if found else None


def _path_id(origin: str) -> str:
    """The file's path without its extension ("in/day2/article1"), as an id."""
    stem = _file_stem(origin) or Path(origin).name
    return (Path(origin).parent / stem).as_posix()


def _with_id(article: Article, id: str) -> Article:
    from dataclasses import replace

    return replace(article, id=id)


def _with_title(article: Article, title: str | None) -> Article:
    from dataclasses import replace

    return replace(article, title=title) if title else article


def read_paths(
    paths: Iterable[str | Path],
    default_date: dt.date | None = None,
    *,
    structurer: TextStructurer | None = None,
) -> Iterator[Article | ReadError]:
    """Articles from files, folders (recursive, sorted) and ``-`` (stdin), in order.

    ``default_date`` is the publication date for inputs that carry none. Failures come
    back as :class:`ReadError` items; the stream always goes on.
    """
    return Reader(structurer, default_date).read_paths(paths)
