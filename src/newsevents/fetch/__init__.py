"""Live news: fetch article pages and follow RSS/Atom feeds, politely, into the store.

``Fetcher(store, settings).fetch_urls(urls)`` fetches, codes and stores pages;
``watch(store, settings, feeds)`` polls feeds (``read_feed_list("FEEDS.txt")``) every
``watch_every`` and fetches their new items. Both go through the same reading, coding
and storing as files (:func:`newsevents.store.ingest_articles`). The watcher's state
(feeds read, items seen, failures and when to retry them) lives in the store's
``feeds`` and ``fetch_items`` tables. Politeness: :mod:`newsevents.fetch.client`.
"""

from .client import FetchPolicy, Page, PoliteClient, user_agent
from .errors import FetchFailure
from .feeds import FeedEntry, FeedSpec, ParsedFeed, normalize_url, parse_feed, read_feed_list
from .runner import Fetcher, FetchReport
from .state import FetchState
from .watch import watch, watch_in_thread

__all__ = [
    "FeedEntry",
    "FeedSpec",
    "FetchFailure",
    "FetchPolicy",
    "FetchReport",
    "FetchState",
    "Fetcher",
    "Page",
    "ParsedFeed",
    "PoliteClient",
    "normalize_url",
    "parse_feed",
    "read_feed_list",
    "user_agent",
    "watch",
    "watch_in_thread",
]
