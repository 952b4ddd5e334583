"""The input stage: files, folders, archives and stdin to a stream of Articles.

Public API: :func:`read_paths`, :func:`read_text`, :func:`read_html`, :class:`Reader`.
Imports are lazy (PEP 562) because :mod:`newsevents.article` uses
:mod:`newsevents.read.dateline`, and this package in turn builds on ``article``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Article
    from .html import read_html
    from .sources import Reader, read_paths

__all__ = ["Reader", "read_html", "read_paths", "read_text"]


def read_text(text: str, id: str, date: dt.date | None = None) -> Article:
    """One plain-text article (headline first, then dek, dateline, body)."""
    from ..article import structure_text

    return structure_text(text, id, date)


def __getattr__(name: str) -> Any:
    if name in {"read_paths", "Reader"}:
        from . import sources

        return getattr(sources, name)
    if name == "read_html":
        from .html import read_html

        return read_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
