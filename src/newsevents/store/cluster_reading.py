"""``Store`` methods that read event clusters (mixed into ``Store``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from sqlalchemy import Engine, select

from ..model import Event, EventCluster
from . import query
from .actor_match import matching_actor_ids
from .cluster_query import (
    ClusterFilter,
    ClusterPage,
    as_date,
    cluster_articles,
    cluster_from_row,
    cluster_rows,
    cluster_timeline_query,
    clusters_page_query,
    count_clusters_query,
    encode_cluster_cursor,
    event_ids_of,
    member_keys,
    timeline_rows,
)
from .results import BadFilter, Dyad, TimelinePoint
from .schema import events


class ClusterReading:
    """Reading clusters: pages, single clusters with their articles, timelines."""

    engine: Engine

    def query_clusters(self, cluster_filter: ClusterFilter | None = None) -> ClusterPage:
        """One page of clusters, newest first; pass ``next_cursor`` back as the filter's
        ``cursor`` for the next one."""
        f = (cluster_filter or ClusterFilter()).validated()
        with self.engine.connect() as conn:
            actor_ids = matching_actor_ids(conn, f.actor) if f.actor else None
            rows = conn.execute(clusters_page_query(f, actor_ids)).all()
        more = len(rows) > f.limit
        rows = rows[: f.limit]
        found = [cluster_from_row(r) for r in rows]
        reps = self._events_by_key([int(r[-3]) for r in rows])
        found = [
            replace(c, representative_event_id=reps[int(r[-3])].event_id if int(r[-3]) in reps
                    else None)
            for c, r in zip(found, rows, strict=True)
        ]  # fmt: skip
        cursor = None
        if more and rows:
            last = as_date(rows[-1][-2])
            assert last is not None
            cursor = encode_cluster_cursor(last, rows[-1][0])
        return ClusterPage(found, cursor)

    def iter_clusters(
        self, cluster_filter: ClusterFilter | None = None, max_clusters: int | None = None
    ) -> Iterator[EventCluster]:
        """Every matching cluster (up to ``max_clusters``), page by page, newest first."""
        f = (cluster_filter or ClusterFilter(limit=500)).validated()
        sent = 0
        while True:
            page = self.query_clusters(f)
            for c in page.clusters:
                if max_clusters is not None and sent >= max_clusters:
                    return
                yield c
                sent += 1
            if page.next_cursor is None:
                return
            f = replace(f, cursor=page.next_cursor)

    def count_clusters(self, cluster_filter: ClusterFilter | None = None) -> int:
        f = (cluster_filter or ClusterFilter()).validated()
        with self.engine.connect() as conn:
            actor_ids = matching_actor_ids(conn, f.actor) if f.actor else None
            return int(conn.scalar(count_clusters_query(f, actor_ids)) or 0)

    def get_cluster(self, cluster_id: str) -> EventCluster | None:
        """One cluster with its representative event and its articles."""
        return self._detailed([cluster_id]).get(cluster_id)

    def article_clusters(self, article_id: str) -> dict[str, EventCluster]:
        """The cluster of each event of an article (by event id), with all its articles."""
        with self.engine.connect() as conn:
            pairs = conn.execute(
                select(events.c.event_id, events.c.cluster_id).where(
                    events.c.article_id == article_id, events.c.cluster_id.is_not(None)
                )
            ).all()
        detailed = self._detailed(sorted({cid for _, cid in pairs}))
        return {eid: detailed[cid] for eid, cid in pairs if cid in detailed}

    def cluster_timeline(
        self, a: str, b: str, interval: str = "month", factual_only: bool = True
    ) -> list[TimelinePoint]:
        """As ``dyad_timeline``, counting each happening once (its clusters). Clusters
        dated less precisely than the interval (a month in a daily timeline, no date in
        any) are left out: ``cluster_timeline_undrawn`` counts them."""
        return self._cluster_timeline(a, b, interval, factual_only, None)

    def cluster_timeline_undrawn(
        self, a: str, b: str, interval: str = "month", factual_only: bool = True
    ) -> dict[str, int]:
        """How many clusters ``cluster_timeline`` leaves out for their date's precision,
        by precision (``month``, ``year``, ``unknown`` ...)."""
        undrawn: Counter[str] = Counter()
        self._cluster_timeline(a, b, interval, factual_only, undrawn)
        return dict(undrawn)

    def _cluster_timeline(
        self, a: str, b: str, interval: str, factual_only: bool, undrawn: Counter[str] | None
    ) -> list[TimelinePoint]:
        if interval not in query.INTERVALS:
            raise BadFilter(f"bad interval {interval!r}: expected one of day, week, month")
        dyad = Dyad.parse(f"{a}:{b}")
        with self.engine.connect() as conn:
            rows = conn.execute(cluster_timeline_query(dyad, factual_only)).all()
        return query.roll_up(timeline_rows(rows), interval, undrawn)

    def _detailed(self, ids: list[str]) -> dict[str, EventCluster]:
        with self.engine.connect() as conn:
            rows = cluster_rows(conn, ids)
            members = member_keys(conn, {cid: row[-1] for cid, row in rows.items()})
            keys = [k for ms in members.values() for k, _ in ms]
            ids_of = event_ids_of(conn, keys)
            out = {}
            for cid, row in rows.items():
                out[cid] = replace(
                    cluster_from_row(row),
                    articles=cluster_articles(conn, members.get(cid, []), ids_of),
                )
        reps = self._events_by_key([int(rows[cid][-3]) for cid in out])
        return {
            cid: replace(c, representative=reps.get(int(rows[cid][-3])),
                         representative_event_id=ids_of.get(int(rows[cid][-3])))
            for cid, c in out.items()
        }  # fmt: skip

    def _events_by_key(self, keys: list[int]) -> dict[int, Event]:
        if not keys:
            return {}
        with self.engine.connect() as conn:
            found = conn.execute(query.events_by_key(keys)).all()
        return {int(k): Event.from_dict(json.loads(text)) for k, text in found}
