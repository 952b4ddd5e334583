"""Reading event clusters: filters, pages, timelines and the members of a cluster.

A cluster belongs to the dyad of its representative event (its first source and target
countries and codes); country dyads are served by ``ix_clusters_pair``, which holds
everything a cluster timeline needs.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select, tuple_

from ..model import PLOVER_TYPES, ClusterArticle, EventCluster, Location, parse_date
from .query import ActorIds, matched_actor_event_ids
from .results import BadFilter, Dyad
from .rows import UNKNOWN_DATE, pair_key
from .schema import article_links, articles, clusters, events
from .syndication import rows_where_in

CLUSTER_FIELDS = (
    "cluster_id", "plover", "cameo", "quad_class", "goldstein", "factual", "date",
    "date_end", "date_precision", "source_code", "source_country", "target_code",
    "target_country", "location_name", "location_country", "lat", "lon",
    "location_precision", "num_events", "num_articles", "num_sources", "first_seen",
    "last_seen", "outlets", "representative", "sort_date", "unit",
)  # fmt: skip


@dataclass(frozen=True)
class ClusterFilter:
    """Which clusters to return (every given field must hold), newest first.

    - ``dyad``: ``"RUS:UKR"`` (countries) or ``"RUSMIL:UKR"`` (codes): the cluster's
      representative acts from one on the other, either way unless ``ordered_dyad``;
    - ``actor``: an actor of any of its events, either side, as ``EventFilter.actor``
      takes it (``store/actor_match.py``): a code by prefix (``RUS``: RUS, RUSGOV,
      RUSMIL), name words (``Putin``) or ``text:`` words;
    - ``source`` / ``target``: a country or code of that side;
    - ``plover``, ``cameo_root``; ``country``: where it happened;
    - ``since`` / ``until``: on the cluster's date (its first possible day; for an
      undated happening, the day it was first reported);
    - ``factual_only``: leave out happenings reported as not (yet) having happened;
    - ``min_articles`` / ``min_sources``: reported at least that widely.
    """

    actor: str | None = None
    dyad: str | None = None
    ordered_dyad: bool = False
    source: str | None = None
    target: str | None = None
    plover: str | None = None
    cameo_root: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    factual_only: bool = False
    min_articles: int = 1
    min_sources: int = 1
    limit: int = 50
    cursor: str | None = None

    def validated(self) -> ClusterFilter:
        if self.limit < 1:
            raise BadFilter("limit must be at least 1")
        if self.plover and self.plover.upper() not in PLOVER_TYPES:
            raise BadFilter(f"unknown PLOVER type {self.plover!r}")
        if self.cameo_root and not (len(self.cameo_root) == 2 and self.cameo_root.isdigit()):
            raise BadFilter(f"bad CAMEO root {self.cameo_root!r}: expected two digits like 04")
        if self.dyad:
            Dyad.parse(self.dyad)
        if self.actor:
            from .actor_match import ActorMatch

            ActorMatch.parse(self.actor)
        if self.cursor:
            decode_cluster_cursor(self.cursor)
        return self


@dataclass(frozen=True)
class ClusterPage:
    clusters: list[EventCluster]
    next_cursor: str | None


def encode_cluster_cursor(sort_date: dt.date, cluster_id: str) -> str:
    raw = f"{sort_date.isoformat()}|{cluster_id}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cluster_cursor(cursor: str) -> tuple[dt.date, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        day, cid = base64.urlsafe_b64decode(padded).decode().split("|", 1)
        date = parse_date(day)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadFilter(f"bad cursor {cursor!r}") from exc
    if date is None or not cid:
        raise BadFilter(f"bad cursor {cursor!r}")
    return date, cid


def _side(column_country: Any, column_code: Any, value: str) -> ColumnElement[bool]:
    value = value.strip().upper()
    return column_country == value if len(value) == 3 else column_code == value


def dyad_condition(dyad: Dyad, ordered: bool) -> ColumnElement[bool]:
    c = clusters.c
    if dyad.by_country and not ordered:
        return c.pair == pair_key(dyad.a, dyad.b)
    forward = and_(
        _side(c.source_country, c.source_code, dyad.a),
        _side(c.target_country, c.target_code, dyad.b),
    )
    if ordered:
        return forward
    return or_(
        forward,
        and_(
            _side(c.source_country, c.source_code, dyad.b),
            _side(c.target_country, c.target_code, dyad.a),
        ),
    )


def cluster_conditions(
    f: ClusterFilter, actor_ids: ActorIds | None = None
) -> list[ColumnElement[bool]]:
    """WHERE conditions for a filter (without the cursor). ``actor_ids``: the actors
    ``f.actor`` stands for (``actor_match.matching_actor_ids``)."""
    c = clusters.c
    conds: list[ColumnElement[bool]] = []
    if f.actor and actor_ids is None:
        raise BadFilter("the actor filter needs its matching actors (matching_actor_ids)")
    if actor_ids is not None:
        e = events.c
        members = select(e.cluster_id).where(
            e.event_key.in_(matched_actor_event_ids(actor_ids)), e.cluster_id.is_not(None)
        )
        conds.append(c.cluster_id.in_(members))
    if f.dyad:
        conds.append(dyad_condition(Dyad.parse(f.dyad), f.ordered_dyad))
    if f.source:
        conds.append(_side(c.source_country, c.source_code, f.source))
    if f.target:
        conds.append(_side(c.target_country, c.target_code, f.target))
    if f.plover:
        conds.append(c.plover == f.plover.upper())
    if f.cameo_root:
        conds.append(c.cameo_root == f.cameo_root)
    if f.since:
        conds.append(c.sort_date >= f.since)
    if f.until:
        conds.append(c.sort_date <= f.until)
    if f.country:
        conds.append(c.location_country == f.country.strip().upper())
    if f.factual_only:
        conds.append(c.factual.is_(True))
    if f.min_articles > 1:
        conds.append(c.num_articles >= f.min_articles)
    if f.min_sources > 1:
        conds.append(c.num_sources >= f.min_sources)
    return conds


def clusters_page_query(f: ClusterFilter, actor_ids: ActorIds | None = None) -> Select[Any]:
    conds = cluster_conditions(f, actor_ids)
    if f.cursor:
        conds.append(tuple_(clusters.c.sort_date, clusters.c.cluster_id) < tuple_(
            *decode_cluster_cursor(f.cursor)))  # fmt: skip
    return (
        select(*(clusters.c[name] for name in CLUSTER_FIELDS))
        .where(*conds)
        .order_by(clusters.c.sort_date.desc(), clusters.c.cluster_id.desc())
        .limit(f.limit + 1)
    )


def count_clusters_query(f: ClusterFilter, actor_ids: ActorIds | None = None) -> Select[Any]:
    return select(func.count()).select_from(clusters).where(*cluster_conditions(f, actor_ids))


def cluster_timeline_query(dyad: Dyad, factual_only: bool) -> Select[Any]:
    """Per day, quad class and date range: clusters and their Goldstein sum (as
    ``timeline_query``); ``timeline_rows`` turns the ranges into date precisions."""
    c = clusters.c
    conds = [dyad_condition(dyad, ordered=False), c.sort_date > UNKNOWN_DATE]
    if factual_only:
        conds.append(c.factual.is_(True))
    return (
        select(c.sort_date, c.quad_class, func.count(), func.sum(c.goldstein), func.count(c.goldstein),
               c.date, c.date_end)
        .where(*conds)
        .group_by(c.sort_date, c.quad_class, c.date, c.date_end)
        .order_by(c.sort_date)
    )  # fmt: skip


def drawn_precision(first: dt.date | None, last: dt.date | None) -> str:
    """The date precision (model.DATE_PRECISIONS) a timeline draws a cluster at, from
    the days its happening may fall on: a day, an ISO week, a month, a year; a short
    range that is none of these is a publication day in doubt (``keys.date_kind``),
    drawn as a day, on its first day; no date at all is ``unknown`` (never drawn)."""
    if first is None or last is None:
        return "unknown"
    if first == last:
        return "day"
    if first.day == 1 and last == (first.replace(day=28) + dt.timedelta(days=4)).replace(
        day=1
    ) - dt.timedelta(days=1):
        return "month"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return "year"
    if first.weekday() == 0 and (last - first).days == 6:
        return "week"
    return "day"


def timeline_rows(rows: Sequence[Any]) -> list[tuple[Any, ...]]:
    """``cluster_timeline_query`` rows as ``query.roll_up`` takes them: (day, quad class,
    count, Goldstein sum, Goldstein count, date precision)."""
    return [
        (day, quad, n, g_sum, g_count, drawn_precision(as_date(first), as_date(last)))
        for day, quad, n, g_sum, g_count, first, last in rows
    ]


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def cluster_from_row(row: Any) -> EventCluster:
    m = dict(zip(CLUSTER_FIELDS, row, strict=True))
    location = None
    if m["location_name"] or m["location_country"]:
        location = Location(
            m["location_name"] or "", m["location_country"], m["lat"], m["lon"], None,
            precision=m["location_precision"],
        )
    return EventCluster(
        cluster_id=m["cluster_id"], plover=m["plover"], cameo=m["cameo"],
        quad_class=m["quad_class"], goldstein=m["goldstein"], factual=bool(m["factual"]),
        date=as_date(m["date"]), date_end=as_date(m["date_end"]),
        date_precision=m["date_precision"], source_code=m["source_code"],
        source_country=m["source_country"], target_code=m["target_code"],
        target_country=m["target_country"], location=location,
        num_events=int(m["num_events"]), num_articles=int(m["num_articles"]),
        num_sources=int(m["num_sources"]), first_seen=as_date(m["first_seen"]),
        last_seen=as_date(m["last_seen"]), outlets=tuple(orjson.loads(m["outlets"] or "[]")),
    )  # fmt: skip


def cluster_rows(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    sql = f"SELECT {', '.join(CLUSTER_FIELDS)} FROM clusters WHERE cluster_id IN ({{}})"
    return {row[0]: row for row in rows_where_in(conn, sql, list(ids))}


def member_keys(conn: Connection, home_units: dict[str, str]) -> dict[str, list[tuple[int, str]]]:
    """(event key, article id) of each cluster's members: those in its unit and in the
    date-range units watching it."""
    units = set(home_units.values())
    if not units:
        return {}
    watch = "SELECT span_unit FROM cluster_watch WHERE unit IN ({})"
    units |= {row[0] for row in rows_where_in(conn, watch, sorted(units))}
    wanted = set(home_units)
    out: dict[str, list[tuple[int, str]]] = {cid: [] for cid in home_units}
    sql = "SELECT cluster_id, event_key, article_id FROM cluster_members WHERE unit IN ({})"
    for cid, key, article_id in rows_where_in(conn, sql, sorted(units)):
        if cid in wanted:
            out[cid].append((int(key), article_id))
    return out


def cluster_articles(
    conn: Connection, members: list[tuple[int, str]], event_ids: dict[int, str]
) -> tuple[ClusterArticle, ...]:
    """The articles of a cluster's members, first published first."""
    by_article: dict[str, list[str]] = {}
    for key, article_id in members:
        by_article.setdefault(article_id, []).append(event_ids.get(key, ""))
    if not by_article:
        return ()
    a, link = articles.c, article_links.c
    stmt = (
        select(a.id, a.title, a.outlet, a.date, a.url, link.original_id, a.published)
        .outerjoin(article_links, link.article_id == a.id)
        .where(a.id.in_(sorted(by_article)))
    )
    found = [
        (as_date(published) or dt.date.max, aid,
         ClusterArticle(aid, title, outlet, as_date(date), url, original,
                        tuple(sorted(filter(None, by_article[aid])))))
        for aid, title, outlet, date, url, original, published in conn.execute(stmt)
    ]  # fmt: skip
    return tuple(article for *_, article in sorted(found, key=lambda x: (x[0], x[1])))


def event_ids_of(conn: Connection, keys: Sequence[int]) -> dict[int, str]:
    sql = "SELECT event_key, event_id FROM events WHERE event_key IN ({})"
    return {int(k): eid for k, eid in rows_where_in(conn, sql, list(keys))}
