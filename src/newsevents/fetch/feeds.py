"""Feeds: the feeds file, RSS/Atom parsing (feedparser) and article URLs as keys.

A feeds file lists one feed a line: its URL, then optionally the outlet's name
(``https://example.org/world.rss  Example News``); blank lines and ``#`` comments are
ignored. An article URL is normalised before it becomes a key (no ``#fragment``, no
``utm_*``/click-tracking parameters, lower-case scheme and host), so an item listed by
two feeds, or twice with different tracking tags, is fetched once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .errors import FetchFailure

__all__ = ["FeedEntry", "FeedSpec", "ParsedFeed", "normalize_url", "parse_feed", "read_feed_list"]

# Query parameters that only track the click, never select the article.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ocid",
                             "cmpid", "ito", "at_medium", "at_campaign", "smid", "igshid"})  # fmt: skip


# Longer URLs are not article links (and would not fit a PostgreSQL index entry).
MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class FeedSpec:
    """A feed to follow, and the outlet its articles are credited to (None: domain)."""

    url: str
    outlet: str | None = None


@dataclass(frozen=True)
class FeedEntry:
    url: str  # normalised, absolute
    title: str | None
    published: dt.date | None  # in the feed's own time zone when it gives one


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def normalize_url(url: str) -> str:
    """``url`` as a key: fragment and tracking parameters dropped, scheme and host in
    lower case, an empty path as ``/``. Raises ValueError for anything but http(s)."""
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"URL longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def read_feed_list(path: str | Path) -> list[FeedSpec]:
    """Feeds from a feeds file; raises ValueError naming the line of a bad entry."""
    found: list[FeedSpec] = []
    text = Path(path).read_text(encoding="utf-8-sig")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        url, *outlet = line.split(None, 1)
        try:
            normalize_url(url)
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from None
        found.append(FeedSpec(url, outlet[0].strip() if outlet else None))
    return found


def parse_feed(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    """The entries of an RSS or Atom document; raises FetchFailure (not transient) when
    the document is not a feed."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FetchFailure(f"not an RSS or Atom feed ({problem or 'no entries'})", transient=False)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            continue
        try:
            key = normalize_url(urljoin(url, link))
        except ValueError:
            continue  # a mailto: or javascript: link is no article
        if key in seen:
            continue
        seen.add(key)
        title = (entry.get("title") or "").strip() or None
        entries.append(FeedEntry(key, title, _entry_date(entry)))
    title = (parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(title, tuple(entries))


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if link:
        return str(link)
    for candidate in entry.get("links") or ():
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    guid = entry.get("id") or ""
    return guid if entry.get("guidislink") or str(guid).startswith("http") else None


def _entry_date(entry: Any) -> dt.date | None:
    """The entry's publication date as the outlet wrote it: the date in the time zone
    of its own timestamp ("Sat, 27 Jul 2024 23:30:00 +0700" is the 27th, not the 28th
    UTC gives). Falls back to feedparser's UTC reading, then to the updated date."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        # dict.get: FeedParserDict.get maps a missing "published" to "updated", warning.
        raw = dict.get(entry, raw_key)
        if raw:
            local = _own_zone_date(str(raw))
            if local is not None:
                return local
        struct = dict.get(entry, parsed_key)
        if isinstance(struct, time.struct_time):
            return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)
    return None


def _own_zone_date(raw: str) -> dt.date | None:
    raw = raw.strip()
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()  # Atom, RFC 3339
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(raw).date()  # RSS, RFC 822
    except (TypeError, ValueError, IndexError):
        return None
