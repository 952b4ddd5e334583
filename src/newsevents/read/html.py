"""One news page (HTML) to an :class:`Article`.

trafilatura finds the body (paragraph structure kept), the title and the canonical URL;
its metadata step runs htmldate for the publication date. The paragraphs then go
through the same junk filter and dateline rules as plain text.

Extraction options were chosen on the Article Extraction Benchmark
(``bench/extraction_aeb.py``): ``favor_precision`` raises precision by more than it
costs recall, and comments are never article text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..article import TextStructurer, outlet_of
from ..model import Article, parse_date
from .decode import decode_bytes

__all__ = ["EmptyPageError", "outlet_of", "read_html"]

# Options handed to trafilatura.bare_extraction; tuned on the AEB (see module docstring).
EXTRACTION_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "with_metadata": True,
    # Dates from the page's markup only: htmldate's extensive search takes any year in
    # the text ("© 2024" in a footer) for a publication date.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}


# Fewer words than this is site furniture, not an article (the shortest news briefs are
# a sentence of a dozen words or more).
MIN_ARTICLE_WORDS = 8


class EmptyPageError(ValueError):
    """The page has no extractable article text."""


def read_html(
    html: str | bytes,
    id: str | None,
    url: str | None = None,
    date: dt.date | None = None,
    *,
    origin: str | None = None,
    content_type: str | None = None,
    date_from_page: bool = True,
    structurer: TextStructurer | None = None,
) -> Article:
    """Extract the article from one page.

    ``date`` is the fallback publication date, used when neither the page's markup
    (htmldate) nor a date line in its text gives one; with ``date_from_page=False`` it
    wins over both. ``id`` None means: the URL, else ``"page"``.
    Raises EmptyPageError when the page holds no article text.
    """
    import trafilatura

    text = decode_bytes(html, content_type) if isinstance(html, bytes) else html
    document = trafilatura.bare_extraction(text, url=url, **EXTRACTION_OPTIONS)
    body = getattr(document, "text", None)
    if not isinstance(body, str) or not body.strip():
        raise EmptyPageError("no article text found in the page")
    if len(body.split()) < MIN_ARTICLE_WORDS:
        # What is left of a login or index page is menu labels ("Home Sport"), not news.
        raise EmptyPageError(f"no article text found in the page (only {len(body.split())} words)")
    page_url = url or getattr(document, "url", None) or None
    page_date = _page_date(getattr(document, "date", None)) if date_from_page else date
    title = (getattr(document, "title", None) or "").strip() or None
    structurer = structurer or TextStructurer.default()
    article = structurer.from_paragraphs(
        body.split("\n"),
        id=id or page_url or "page",
        title=title,
        date=page_date,
        fallback_date=date,
        date_source="page" if date_from_page else "record",
        url=page_url,
        origin=origin,
        outlet=outlet_of(page_url),
    )
    if not article.paragraphs:
        raise EmptyPageError("no article text found in the page (only site furniture)")
    return article


def _page_date(value: object) -> dt.date | None:
    try:
        return parse_date(str(value)) if value else None
    except ValueError:
        return None
