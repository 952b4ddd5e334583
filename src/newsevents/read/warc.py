"""WARC archives: every HTML response record is one article (streamed with fastwarc).

The article id is the record's target URI; its origin is ``path#<WARC-Record-ID>``. A
record that cannot be read becomes a ReadError for that record; a truncated archive
ends with one ReadError for the file, after the records read before the damage.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..model import Article, ReadError
from .decode import BinaryContentError
from .html import EmptyPageError

if TYPE_CHECKING:
    from .sources import Reader

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Records larger than this are not news pages (videos, archives).
MAX_RECORD_BYTES = 16 * 1024 * 1024


def read_warc(path: Path, reader: Reader) -> Iterator[Article | ReadError]:
    from fastwarc import ArchiveIterator, WarcRecordType

    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    records = ArchiveIterator(
        str(path),
        record_types=WarcRecordType.any_type,
        parse_http=True,
        auto_decode="all",  # undo Content-/Transfer-Encoding (gzip, chunked)
        fsspec_args=False,  # a local file only: never open URLs
    )
    seen = 0
    last: tuple[int, int] | None = None  # (stream offset, content length) of the last record
    for record in records:
        seen += 1
        # The WARC block length (HTTP headers included), to find where the record ends.
        last = (record.stream_pos, int(record.headers.get("Content-Length") or 0))
        if record.record_type != WarcRecordType.response:
            continue
        record_id = (record.record_id or f"record-{seen}").strip("<>")
        origin = f"{path}#{record_id}"
        status = record.http_headers.status_code if record.http_headers else None
        content_type = (record.http_content_type or "").lower()
        if status != 200 or not content_type.startswith(_HTML_TYPES):
            continue
        if last[1] > MAX_RECORD_BYTES:
            yield ReadError(origin, "record too large to be a news page")
            continue
        url = record.headers.get("WARC-Target-URI") or None
        try:
            body = record.reader.read()
            header = record.http_headers.get("Content-Type") if record.http_headers else None
            yield reader.html(body, id=url, url=url, origin=origin, fallback_id=record_id,
                              content_type=header)  # fmt: skip
        except (ValueError, BinaryContentError, EmptyPageError, OSError) as exc:
            yield ReadError(origin, str(exc) or type(exc).__name__)
    if last is None:
        if path.stat().st_size > 0:
            raise ValueError("not a WARC file")
    elif not _ends_cleanly(path, *last):
        raise EOFError(f"archive truncated after record {seen}")


def _ends_cleanly(path: Path, offset: int, content_length: int) -> bool:
    """True when nothing but the last record (whole) follows ``offset``: fastwarc stops
    silently at a truncated record, so the tail is checked here."""
    with path.open("rb") as stream:
        stream.seek(offset)
        if stream.read(2) == b"\x1f\x8b":
            stream.seek(offset)
            return _gzip_members_complete(stream)
        stream.seek(offset)
        head = stream.read(65536)
        end_of_headers = head.find(b"\r\n\r\n")
        if end_of_headers < 0:
            return False
        record_end = offset + end_of_headers + 4 + content_length
        stream.seek(record_end)
        return stream.read(64).strip() == b"" and path.stat().st_size >= record_end


def _gzip_members_complete(stream: BinaryIO) -> bool:
    """Every gzip member from the stream's position to its end decompresses fully."""
    pending = b""
    while True:
        decompressor = zlib.decompressobj(wbits=31)
        data = pending or stream.read(1 << 16)
        while True:
            if not data:
                return decompressor.eof
            try:
                decompressor.decompress(data)
            except zlib.error:
                return False
            if decompressor.eof:
                break
            data = stream.read(1 << 16)
        pending = decompressor.unused_data
        if not pending.strip(b"\x00"):
            pending = b""
            if not stream.read(1):
                return True
            stream.seek(-1, 1)
