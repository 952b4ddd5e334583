"""newsevents: news articles in, dated and geolocated CAMEO/PLOVER events out.

The library is the product; the ``newsevents`` command is a thin layer over it::

    import newsevents
    events = newsevents.code("Blinken met Wang Yi in Vientiane on Saturday.", date="2024-07-27")
    report = newsevents.ingest(["articles/"], db="events.db")
    with newsevents.Store.open("events.db") as store:
        page = store.query_events(newsevents.EventFilter(dyad="USA:CHN"))
    happenings = newsevents.clusters("events.db", dyad="RUS:UKR", since="2024-07-01")

Importing is cheap: spaCy loads when the first article is coded, SQLAlchemy when the
store is first used. Everything public is listed in ``__all__``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

# ``newsevents.read`` is both this package's function and the subpackage it calls.
# Importing the (lazy, cheap) subpackage first puts it in sys.modules, so a later
# ``from newsevents.read import read_paths`` finds it there and does not overwrite the
# function below with the module.
from . import read as _read_package
from .config import ConfigError, Settings, load_settings
from .model import (
    Actor,
    Article,
    Attribution,
    ClusterArticle,
    CodedArticle,
    Dateline,
    Event,
    EventCluster,
    Location,
    ReadError,
    UnresolvedName,
    parse_date,
)
from .pipeline import Pipeline

if TYPE_CHECKING:
    from .analysis import Panel
    from .store import (
        ClusterFilter,
        ClusterPage,
        EventFilter,
        EventPage,
        IngestReport,
        Store,
        StoreError,
        TimelinePoint,
    )

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Attribution",
    "ClusterArticle",
    "ClusterFilter",
    "ClusterPage",
    "CodedArticle",
    "CodingError",
    "ConfigError",
    "Dateline",
    "Event",
    "EventCluster",
    "EventFilter",
    "EventPage",
    "IngestReport",
    "InputError",
    "Location",
    "NewsEventsError",
    "Pipeline",
    "ReadError",
    "Settings",
    "Store",
    "StoreError",
    "TimelinePoint",
    "UnresolvedName",
    "__version__",
    "aggregate",
    "clusters",
    "code",
    "code_articles",
    "ingest",
    "load_settings",
    "read",
]

# Re-exported from newsevents.store on first use (keeps SQLAlchemy out of the import).
_STORE_NAMES = frozenset(
    {"ClusterFilter", "ClusterPage", "EventFilter", "EventPage", "IngestReport", "Store",
     "StoreError", "TimelinePoint"}
)  # fmt: skip


class NewsEventsError(Exception):
    """Base of the errors raised by the functions of this module."""


class InputError(NewsEventsError, ValueError):
    """An input could not be read (``read(..., errors="raise")``)."""


class CodingError(NewsEventsError, RuntimeError):
    """The pipeline failed on an article (``code``)."""


def __getattr__(name: str) -> Any:
    if name in _STORE_NAMES:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")


def _as_paths(
    path_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
) -> list[str]:
    if isinstance(path_or_paths, str | os.PathLike):
        return [os.fspath(path_or_paths)]
    return [os.fspath(p) for p in path_or_paths]


def read(
    path_or_paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    date: str | dt.date | None = None,
    errors: str = "raise",
) -> list[Article]:
    """Read articles from files or folders (``-``: stdin), as ``newsevents read`` does.

    ``date``: publication date for inputs that carry none. ``errors``: ``"raise"`` an
    ``InputError`` at the first unreadable input, or ``"skip"`` it.
    """
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    found: list[Article] = []
    for item in _read_package.read_paths(_as_paths(path_or_paths), parse_date(date)):
        if isinstance(item, ReadError):
            if errors == "raise":
                raise InputError(str(item))
            continue
        found.append(item)
    return found


def code(
    text: str,
    date: str | dt.date | None = None,
    id: str = "text",
    pipeline: Pipeline | None = None,
) -> list[Event]:
    """Code one plain-text article (headline first, as ``newsevents code -`` reads it).

    Building a ``Pipeline`` loads spaCy (about a second): for many texts, make one and
    pass it as ``pipeline``, or use ``code_articles``.
    """
    article = _read_package.read_text(text, id, parse_date(date))
    coded = next(iter((pipeline or Pipeline(load_settings())).code_articles([article])))
    if coded.error is not None:
        raise CodingError(f"{id}: {coded.error}")
    return list(coded.events)


def code_articles(
    articles: Iterable[Article], settings: Settings | None = None, workers: int = 1
) -> Iterator[CodedArticle]:
    """Code a stream of articles in input order, with ``workers`` processes (0: one per
    core). A failure is recorded on its ``CodedArticle.error``; the stream goes on."""
    from .parallel import code_parallel

    return code_parallel(articles, settings or load_settings(), workers)


def ingest(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    db: str | os.PathLike[str] | None = None,
    date: str | dt.date | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Read, code and store articles, as ``newsevents ingest`` does; returns the counts.

    ``db``: a path or SQLAlchemy URL (default ``$NEWSEVENTS_DB``, else newsevents.db).
    Unreadable inputs are counted in ``report.read_errors`` and skipped.
    """
    from .store import Store, ingest_paths

    settings = settings or load_settings()
    with Store.open(db) as store:
        return ingest_paths(_as_paths(paths), store, settings, parse_date(date), workers)


def clusters(
    db: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    **filters: Any,
) -> list[EventCluster]:
    """Happenings, each counted once: the event clusters of a store, newest first.

    ``filters`` are the fields of ``ClusterFilter``: ``dyad="RUS:UKR"`` (countries or
    codes, either direction unless ``ordered_dyad=True``), ``source``, ``target``,
    ``plover``, ``cameo_root``, ``since``/``until`` (dates or ISO strings, on the
    happening's date), ``country`` (where), ``factual_only``, ``min_articles``,
    ``min_sources``. Each ``EventCluster`` carries its date range and precision, dyad,
    type, place, the number of events, articles and sources reporting it, and its
    outlets; ``Store.get_cluster(id)`` adds its articles and representative event.
    For counts over time use ``Store.cluster_timeline`` or group these yourself.
    """
    from .store import ClusterFilter, Store

    for key in ("since", "until"):
        if key in filters:
            filters[key] = parse_date(filters[key])
    cluster_filter = ClusterFilter(**{**filters, "limit": 500})
    with Store.open(db, create=False) as store:
        return list(store.iter_clusters(cluster_filter, max_clusters=limit))


def aggregate(
    db: str | os.PathLike[str] | None = None,
    as_frame: bool = False,
    from_parquet: str | None = None,
    **spec: Any,
) -> Any:
    """A panel of counts and mean Goldstein, as ``newsevents aggregate`` prints it.

    ``spec`` holds the fields of ``newsevents.analysis.PanelSpec``: ``by`` ("country",
    "dyad", "actor", "all"), ``interval`` ("day", "week", "month", "year"), ``count``
    ("clusters": happenings, the default; "events"), ``split`` ("quad", "plover",
    "cameo_root"), ``role``, ``directed``, ``scope``, ``only``, ``dyad``, ``plover``,
    ``cameo_root``, ``quad_class``, ``since``/``until`` (dates or ISO strings),
    ``factual_only``, ``min_sources``, ``min_confidence``, ``normalize``, ``zero_fill``,
    ``imprecise`` ("drop" or "spread"). Returns a ``Panel`` (rows, periods, and
    ``left_out``: what fell in no period, by date precision), or with ``as_frame=True``
    a pandas DataFrame (needs pandas: ``pip install 'newsevents[analysis]'``).

    ``from_parquet``: instead of the store ``db``, a ``newsevents spark`` output (a path
    or any Hadoop URI), grouped with Spark (``newsevents.analysis.spark``; needs
    ``pip install 'newsevents[spark]'``): the same panel as a store that ingested it."""
    from .analysis import PanelSpec, panel
    from .store import Store

    for key in ("since", "until"):
        if key in spec:
            spec[key] = parse_date(spec[key])
    if isinstance(spec.get("only"), str):
        spec["only"] = (spec["only"],)
    elif "only" in spec:
        spec["only"] = tuple(spec["only"])
    if as_frame:
        from .analysis.frame import require_pandas

        require_pandas()  # before the work, not after it
    result: Panel
    if from_parquet is not None:
        if db is not None:
            raise ValueError("give db or from_parquet, not both")
        from .analysis.spark import panel_from_parquet

        result = panel_from_parquet(str(from_parquet), PanelSpec(**spec))
    else:
        with Store.open(db, create=False) as store:
            result = panel(store, PanelSpec(**spec))
    return result.to_frame() if as_frame else result
