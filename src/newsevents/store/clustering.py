"""The store's clustering stage: what ``Store`` calls inside each ingest transaction.

Before a replaced article's rows go (``forget``): its events leave their clusters and
its syndication family is recomputed without it. After the batch's rows are built
(``plan``): new articles are linked to the copies they have, every new event becomes a
cluster member (its cluster id and unit are written into its row), and stored events
whose article changed family move. After the rows are inserted (``ClusterUpdate.write``)
the member rows and clusters are rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update

from ..cluster import ClusterConfig
from ..cluster.keys import NONE, ArticleInfo, Member, member_from_unit, member_of, unit_key
from ..cluster.summary import source_of
from ..cluster.syndication import Syndication
from ..happening import place_key
from ..model import Article, Event, Location
from .cluster_rows import FreshEvent, event_columns, rep_of_row
from .clusters import ClusterUpdate
from .engine import write_options
from .rows import ArticleRows
from .schema import (
    article_bands,
    article_links,
    article_signatures,
    articles,
    cluster_members,
    cluster_watch,
    clusters,
    events,
    store_info,
)
from .syndication import FamilyChanges, SyndicationIndex, chunks

if TYPE_CHECKING:
    from ..countries import CountryIndex

CONFIG_KEY = "clustering"


class ClusterMismatch(ValueError):
    """The store was clustered with other settings than this ingest's."""


@dataclass
class Removal:
    """Events of replaced articles, gone from their clusters, and family changes."""

    events: list[tuple[str, int, str]] = field(default_factory=list)  # unit, key, cluster
    families: FamilyChanges = field(default_factory=FamilyChanges)


class ClusteringStage:
    def __init__(self, config: ClusterConfig) -> None:
        self.config = config
        self.syndication = SyndicationIndex(Syndication(config.syndication_threshold))
        # Place keys of the places seen (bounded by the gazetteer, not by the store).
        self._places: dict[Location | None, str] = {}

    def place_key(self, where: Location | None) -> str:
        found = self._places.get(where)
        if found is None:
            found = self._places[where] = place_key(where, self.countries)
        return found

    @cached_property
    def countries(self) -> CountryIndex:
        from ..countries import CountryIndex

        return CountryIndex.load()

    def check_config(self, conn: Connection) -> None:
        """The first clustering ingest records its settings; later ones must match."""
        found = conn.scalar(select(store_info.c.value).where(store_info.c.key == CONFIG_KEY))
        wanted = self.config.fingerprint()
        if found is None:
            conn.execute(store_info.insert(), [{"key": CONFIG_KEY, "value": wanted}])
        elif found != wanted:
            raise ClusterMismatch(
                f"the store's clusters were built with {found}, this ingest uses {wanted}: "
                "use the same settings, or rebuild them with 'newsevents cluster --rebuild'"
            )

    def forget(self, conn: Connection, article_ids: Sequence[str]) -> Removal:
        removal = Removal()
        for part in chunks(list(article_ids)):
            rows = conn.execute(
                select(events.c.cluster_unit, events.c.event_key, events.c.cluster_id).where(
                    events.c.article_id.in_(part), events.c.cluster_id.is_not(None)
                )
            )
            removal.events.extend((u, k, c) for u, k, c in rows)
        if removal.events:
            conn.execute(
                delete(cluster_members).where(
                    cluster_members.c.unit == bindparam("u"),
                    cluster_members.c.event_key == bindparam("k"),
                ),
                [{"u": u, "k": k} for u, k, _ in removal.events],
            )
        removal.families = self.syndication.forget(conn, article_ids)
        return removal

    def plan(
        self,
        conn: Connection,
        new_articles: Sequence[Article],
        fresh: ArticleRows,
        removal: Removal,
    ) -> ClusterUpdate:
        """Link the batch's articles to their copies and cluster their events; fills in
        the cluster columns of the batch's event rows."""
        family = self.syndication.link(conn, new_articles)
        original = family.original
        changed = (removal.families.changed | family.changed) - original.keys()
        outlets = {a.id: a.outlet for a in new_articles}
        outlets.update(self._outlets(conn, set(original.values()) - outlets.keys()))
        window = self.config.window_days
        members = []
        infos: dict[str, tuple[ArticleInfo, dt.date | None, str | None, str]] = {}
        place_of = self._places
        # The events' rows give a new happening's columns (a rebuild has no rows).
        reps = map(rep_of_row, fresh.events) if fresh.events else None
        for key, event, article in fresh.keyed:
            found = infos.get(article.id)
            if found is None:
                root = original.get(article.id, article.id)
                info = ArticleInfo(article.id, article.date, article.outlet, root)
                source = source_of(article.id, article.outlet, outlets.get(root),
                                   root if root != article.id else None)  # fmt: skip
                found = infos[article.id] = (info, article.published_on, article.outlet, source)
            info, published, outlet, source = found
            place = place_of.get(event.location)
            if place is None:
                place = self.place_key(event.location)
            member = member_of(event, key, info, None, window, place)
            rep = next(reps) if reps is not None else event_columns(key, event)
            members.append(FreshEvent(member, rep, published, outlet, source))
        moved, recount = self._refamilied(conn, changed)
        update = ClusterUpdate(conn, window)
        changes = update.plan(members, removal.events, moved, recount)
        decided = changes.fresh.get
        # fresh.events and members are in the same order (that of fresh.keyed)
        fresh.events = [
            (*row[:-2], decided(f.member.event_key), f.member.unit)
            for row, f in zip(fresh.events, members, strict=False)
        ]
        return update

    def _outlets(self, conn: Connection, ids: set[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for part in chunks(sorted(ids)):
            rows = conn.execute(
                select(articles.c.id, articles.c.outlet).where(articles.c.id.in_(part))
            )
            out.update({k: v for k, v in rows})
        return out

    def _refamilied(
        self, conn: Connection, article_ids: set[str]
    ) -> tuple[list[tuple[str, Member]], set[str]]:
        """Stored events of articles whose family original changed: undated ones move
        to their new family's unit; all their clusters are recounted (sources)."""
        if not article_ids:
            return [], set()
        originals = self.syndication.originals(conn, sorted(article_ids))
        moved: list[tuple[str, Member]] = []
        recount: set[str] = set()
        for part in chunks(sorted(article_ids)):
            rows = conn.execute(
                select(
                    cluster_members.c.unit, cluster_members.c.event_key,
                    cluster_members.c.cluster_id, cluster_members.c.event_id,
                    cluster_members.c.article_id, cluster_members.c.place, cluster_members.c.rank,
                )
                .join(
                    events,
                    (events.c.cluster_unit == cluster_members.c.unit)
                    & (events.c.event_key == cluster_members.c.event_key),
                )
                .where(events.c.article_id.in_(part))
            )  # fmt: skip
            for unit, key, cid, event_id, article_id, place, rank in rows:
                recount.add(cid)
                member = member_from_unit(unit, key, event_id, article_id, place, rank)
                if member.kind == NONE:
                    family = originals[article_id]
                    now = member._replace(family=family, unit=unit_key(
                        member.block, member.kind, member.lo, member.hi, family))  # fmt: skip
                    if now.unit != unit:
                        moved.append((unit, now))
        return moved, recount


def rebuild_clusters(
    engine: Engine,
    stage: ClusteringStage,
    batch_articles: int,
    on_progress: Callable[[int, int], None] | None,
) -> int:
    """Drop every cluster and link, then cluster the stored articles again, a batch of
    articles per transaction (memory holds one batch)."""
    with engine.connect().execution_options(**write_options()) as conn, conn.begin():
        for table in (clusters, cluster_members, cluster_watch, article_links,
                      article_signatures, article_bands):  # fmt: skip
            conn.execute(delete(table))
        conn.execute(delete(store_info).where(store_info.c.key == CONFIG_KEY))
        conn.execute(update(events).values(cluster_id=None, cluster_unit=None))
        stage.check_config(conn)
    done_articles = done_events = 0
    after: str | None = None
    while True:
        with engine.connect().execution_options(**write_options()) as conn, conn.begin():
            stmt = select(articles.c.id, articles.c.json).order_by(articles.c.id)
            if after is not None:
                stmt = stmt.where(articles.c.id > after)
            batch = conn.execute(stmt.limit(batch_articles)).all()
            if not batch:
                break
            after = batch[-1][0]
            stored = [Article.from_dict(json.loads(text)) for _, text in batch]
            by_id = {a.id: a for a in stored}
            fresh = ArticleRows()
            rows = conn.execute(
                select(events.c.event_key, events.c.article_id, events.c.json)
                .where(events.c.article_id.in_(list(by_id)))
                .order_by(events.c.event_key)
            )
            for key, article_id, text in rows:
                fresh.keyed.append((int(key), Event.from_dict(json.loads(text)), by_id[article_id]))
            update_ = stage.plan(conn, stored, fresh, Removal())
            if update_.changes.fresh:
                conn.execute(
                    update(events)
                    .where(events.c.event_key == bindparam("k"))
                    .values(cluster_id=bindparam("c"), cluster_unit=bindparam("u")),
                    [
                        {"k": k, "c": cid, "u": update_.fresh[k].member.unit}
                        for k, cid in update_.changes.fresh.items()
                    ],
                )
            update_.write()
            done_articles += len(stored)
            done_events += len(fresh.keyed)
        if on_progress:
            on_progress(done_articles, done_events)
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(clusters)) or 0)
