"""Bytes to text, robustly: never crash on bad bytes, refuse binary files.

Order of trust: a byte-order mark, then strict UTF-8 (bytes that validate as UTF-8 are
UTF-8), then a charset declared by the transport (HTTP header) or the page (``<meta
charset>``), then charset detection, and last UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["BinaryContentError", "clean_text", "decode_bytes", "declared_charset"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (NUL and friends, not tab/newline/escape).
_BINARY_BYTES = bytes(range(0, 8)) + b"\x0e\x0f" + bytes(range(0x10, 0x1B))


# Control characters to drop from decoded text: C0 controls but tab, newline and carriage
# return, plus DEL. NUL in particular cannot be stored in PostgreSQL text columns.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text safe to parse and store: control characters dropped, lone surrogates (from
    undecodable file names) replaced by U+FFFD."""
    text = _CONTROL_CHARS.sub("", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


class BinaryContentError(ValueError):
    """The bytes are not text (an image, an archive, a compiled file)."""


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset named by an HTTP Content-Type or the page's first ``<meta>``."""
    for found in (
        _HEADER_CHARSET.search(content_type) if content_type else None,
        _META_CHARSET.search(data[:4096]),
    ):
        if found is None:
            continue
        name = found.group(1)
        name = name.decode("ascii", "ignore") if isinstance(name, bytes) else name
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in _BINARY_BYTES)
    return controls / len(sample) > 0.01


def decode_bytes(data: bytes, content_type: str | None = None) -> str:
    """Text from bytes, whatever their encoding; raises BinaryContentError for binaries."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if _looks_binary(data[:8192]):
        raise BinaryContentError("binary content, not text")
    try:
        # Valid UTF-8 is UTF-8 whatever the page declares: other encodings almost never
        # validate, while pages declaring latin-1 but served as UTF-8 are common.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = declared_charset(data, content_type)
    if charset and charset != "utf-8":
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common; fall through to detection
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is not None:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")
