"""The event store: SQL schema and library functions over SQLite or PostgreSQL.

``Store.open(url_or_path)``, ``.ingest(coded_articles)``, ``.query_events(EventFilter)``,
``.iter_events``, ``.get_article``, ``.article_events``, ``.dyad_timeline``,
``.dyad_left_out``, ``.busiest_dyads``, ``.search_actors``, ``.unresolved``, ``.stats``;
event clusters: ``.query_clusters(ClusterFilter)``, ``.iter_clusters``,
``.count_clusters``, ``.get_cluster``, ``.article_clusters``, ``.cluster_timeline``,
``.rebuild_clusters``. ``ingest_paths`` reads, codes and stores files in one call;
``ingest_articles`` codes and stores articles read elsewhere.
"""

from .cluster_query import ClusterFilter, ClusterPage
from .engine import DEFAULT_DB, resolve_url
from .loader import ingest_articles, ingest_paths
from .results import (
    ActorSummary,
    BadFilter,
    Dyad,
    DyadSummary,
    EventFilter,
    EventPage,
    IngestReport,
    LeftOut,
    StoreError,
    StoreStats,
    TimelinePoint,
    UnresolvedSummary,
)
from .store import Store

__all__ = [
    "DEFAULT_DB",
    "ActorSummary",
    "BadFilter",
    "ClusterFilter",
    "ClusterPage",
    "Dyad",
    "DyadSummary",
    "EventFilter",
    "EventPage",
    "IngestReport",
    "LeftOut",
    "Store",
    "StoreError",
    "StoreStats",
    "TimelinePoint",
    "UnresolvedSummary",
    "ingest_articles",
    "ingest_paths",
    "resolve_url",
]
