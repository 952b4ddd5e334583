"""Event clusters: one happening, counted once, across articles and outlets.

Events from different articles that report the same happening (``happening.py``: the
same type family and dyad, dates that can be the same day, places that fit) form an
**event cluster**; near-duplicate articles (syndicated copies of one wire story) are
linked to their original and count as one source. The store keeps clusters up to date
at ingest (``store/clusters.py``); ``Store.query_clusters`` and ``newsevents.clusters``
read them, and ``cluster_all`` is the same partition computed at once (the Spark job
uses it per block).

- ``keys``: events as members: blocks, units, date kinds, representative rank;
- ``partition``: which cluster each member joins (pure, order-free);
- ``summary``: a cluster's counts and representative;
- ``syndication``: MinHash signatures, LSH band keys, families of copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..happening import DEFAULT_WINDOW_DAYS
from .keys import ArticleInfo, Member, block_key, member_of
from .partition import cluster_all, cluster_id
from .syndication import DEFAULT_THRESHOLD, Signature, Syndication

__all__ = [
    "ArticleInfo",
    "ClusterConfig",
    "Member",
    "Signature",
    "Syndication",
    "block_key",
    "cluster_all",
    "cluster_id",
    "member_of",
]

MAX_WINDOW_DAYS = 27  # longer windows would make a publication day's range a month's


@dataclass(frozen=True)
class ClusterConfig:
    """How the store clusters events at ingest.

    ``window_days``: how many days before its publication day an event whose sentence
    states no date may have happened; ``syndication_threshold``: the estimated Jaccard
    similarity of word 3-shingles from which two articles are copies of one story."""

    enabled: bool = True
    window_days: int = DEFAULT_WINDOW_DAYS
    syndication_threshold: float = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        if not 0 <= self.window_days <= MAX_WINDOW_DAYS:
            raise ValueError(f"cluster_window_days must be 0 to {MAX_WINDOW_DAYS}")
        if not 0.0 < self.syndication_threshold <= 1.0:
            raise ValueError("syndication_threshold must be above 0 and at most 1")

    def fingerprint(self) -> str:
        """What must stay the same for incremental clustering to stay consistent."""
        return f"window={self.window_days};syndication={self.syndication_threshold}"
