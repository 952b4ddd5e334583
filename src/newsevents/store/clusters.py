"""Keeping event clusters up to date inside an ingest transaction.

``ClusterUpdate`` takes one batch: the new events (as ``cluster.keys.Member``), the
events of replaced articles that are gone, and the stored events whose article joined
another syndication family. It reloads only the **units** they touch (one block on one
day, one date range, or one undated family: ``cluster_members`` rows, a key range each),
repartitions them with the pure functions of ``cluster.partition``, lets the date-range
members of blocks whose day happenings changed choose again, and rewrites the clusters
whose members changed. The result is the partition ``cluster_all`` gives for the whole
store, whatever the order or batching of arrivals; memory holds one batch's units,
never the store.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from ..cluster.keys import SPAN, YEAR_RANGE, Member, member_from_unit, parse_unit, range_letter
from ..cluster.partition import Anchor, attach, cluster_id, partition_unit, place_groups
from ..cluster.summary import ClusterCounts, MemberFacts, count, source_of
from ..model import Event
from .engine import bulk_insert
from .rows import UNKNOWN_DATE, pair_key
from .schema import article_links, articles, cluster_members, clusters, events
from .syndication import chunks

MEMBER_COLUMNS = ("unit", "event_key", "cluster_id", "event_id", "article_id", "place", "rank")
CLUSTER_COLUMNS = (
    "cluster_id", "unit", "block", "date", "date_end", "date_precision", "sort_date",
    "plover", "cameo", "cameo_root", "quad_class", "goldstein", "factual", "source_code",
    "source_country", "target_code", "target_country", "pair", "location_name",
    "location_country", "lat", "lon", "place", "representative", "num_events",
    "num_articles", "num_sources", "first_seen", "last_seen", "outlets",
)  # fmt: skip
REP_COLUMNS = (
    "event_key", "plover", "cameo", "cameo_root", "quad_class", "goldstein", "factual",
    "source_code", "source_country", "target_code", "target_country", "location_name",
    "location_country", "lat", "lon",
)  # fmt: skip
PRECISION_OF_LETTER = {"d": "day", "r": "range", "m": "month", "y": "year", "u": None}
SHORT_RANGE_DAYS = 7
MONTH_RANGE_DAYS = 31


@dataclass(frozen=True, slots=True)
class FreshEvent:
    """A new event of this batch, with what its cluster row may need."""

    member: Member
    event: Event
    published: dt.date | None
    outlet: str | None
    source: str


@dataclass
class ClusterChanges:
    """What a batch decided: each new event's cluster, stored members that change
    cluster or unit, and every cluster to rewrite."""

    fresh: dict[int, str] = field(default_factory=dict)  # event key -> cluster id
    reassigned: dict[int, tuple[Member, str, str | None]] = field(default_factory=dict)
    affected: set[str] = field(default_factory=set)


class ClusterUpdate:
    """The cluster work of one batch: ``plan`` before the event rows are written (it
    gives each new event its cluster), ``write`` after them."""

    def __init__(self, conn: Connection, window_days: int) -> None:
        self.conn = conn
        self.window_days = window_days
        self.units: dict[str, dict[int, Member]] = {}
        self.stored_cid: dict[int, str] = {}  # as the database has it
        self.stored_unit_cids: dict[str, set[str]] = {}
        self.cid: dict[int, str] = {}  # as decided now
        self.home: dict[str, tuple[str, str]] = {}  # cluster id -> (unit, place)
        self.fresh: dict[int, FreshEvent] = {}
        self.moved_from: dict[int, str] = {}  # event key -> its unit before this batch
        self.changes = ClusterChanges()

    # ------------------------------------------------------------------ planning

    def plan(
        self,
        fresh: Sequence[FreshEvent],
        removed: Sequence[tuple[str, int, str]] = (),
        moved: Sequence[tuple[str, Member]] = (),
        recount: Iterable[str] = (),
    ) -> ClusterChanges:
        """``removed``: (unit, event key, cluster id) of deleted events; ``moved``: (old
        unit, member now) of stored events whose unit changed; ``recount``: clusters to
        rewrite anyway (their articles' sources changed)."""
        self.fresh = {f.member.event_key: f for f in fresh}
        self.moved_from = {m.event_key: old for old, m in moved}
        touched = {f.member.unit for f in fresh} | {u for u, _, _ in removed}
        touched |= {u for u, _ in moved} | {m.unit for _, m in moved}
        self._load(touched)
        for unit, key, cid in removed:
            self.units.get(unit, {}).pop(key, None)
            self.changes.affected.add(cid)
        for old_unit, member in moved:
            self.units[old_unit].pop(member.event_key, None)
            self.units[member.unit][member.event_key] = member
        for f in fresh:
            self.units[f.member.unit][f.member.event_key] = f.member
        changed_days = self._repartition(sorted(u for u in touched if _letter(u) == "d"))
        self._repartition(sorted(u for u in touched if _letter(u) == "u"))
        self._place_ranges({u for u in touched if _letter(u) not in ("d", "u")}, changed_days)
        self.changes.affected.update(recount)
        return self.changes

    def _load(self, units: Iterable[str]) -> None:
        wanted = sorted(set(units) - self.units.keys())
        for unit in wanted:
            self.units[unit] = {}
            self.stored_unit_cids[unit] = set()
        for part in chunks(wanted):
            rows = self.conn.execute(
                select(*(cluster_members.c[c] for c in MEMBER_COLUMNS)).where(
                    cluster_members.c.unit.in_(part)
                )
            )
            for unit, key, cid, event_id, article_id, place, rank in rows:
                member = member_from_unit(unit, key, event_id, article_id, place, rank)
                self.units[unit][key] = member
                self.stored_cid[key] = cid
                self.cid[key] = cid
                self.stored_unit_cids[unit].add(cid)

    def _assign(self, member: Member, cid: str) -> None:
        key = member.event_key
        if key in self.fresh:
            self.changes.fresh[key] = cid
            self.changes.affected.add(cid)
        elif key in self.moved_from or self.cid.get(key) != cid:
            self.changes.affected.update((self.stored_cid.get(key, cid), cid))
            self.changes.reassigned[key] = (member, cid, self.moved_from.get(key))
        self.cid[key] = cid

    def _partition(self, unit: str, members: list[Member]) -> None:
        home = place_groups(m.place for m in members)
        for place in set(home.values()):
            self.home[cluster_id(unit, place)] = (unit, place)
        decided = partition_unit(unit, members)
        for m in members:
            self._assign(m, decided[m.event_key])

    def _repartition(self, units: list[str]) -> set[tuple[str, dt.date]]:
        """Partition whole units; returns the (block, day) of day units whose set of
        happenings (their ids hash their places) changed."""
        changed: set[tuple[str, dt.date]] = set()
        for unit in units:
            members = list(self.units[unit].values())
            self._partition(unit, members)
            after = {self.cid[m.event_key] for m in members}
            if _letter(unit) == "d" and after != self.stored_unit_cids.get(unit, set()):
                block, _, day, _ = parse_unit(unit)
                assert day is not None
                changed.add((block, day))
        return changed

    def _place_ranges(self, units: set[str], changed_days: set[tuple[str, dt.date]]) -> None:
        """Date-range members of touched range units, and of stored range units holding
        a day whose happenings changed, choose again."""
        units = units | self._ranges_over(changed_days)
        self._load(units)
        spans = [m for u in units for m in self.units[u].values() if m.kind == SPAN]
        anchors = self._anchors(spans)
        for unit in sorted(units):
            loose = []
            for m in self.units[unit].values():
                found = attach(m, anchors.get(m.block, ()))
                if found is None:
                    loose.append(m)
                else:
                    self._assign(m, found)
            if loose:
                self._partition(unit, loose)

    def _ranges_over(self, days: set[tuple[str, dt.date]]) -> set[str]:
        """Stored range units of those blocks that hold one of those days."""
        if not days:
            return set()
        longest = {"r": max(SHORT_RANGE_DAYS, self.window_days), "m": MONTH_RANGE_DAYS}
        probes = [
            (f"{block}|{letter}|{day.isoformat()}",
             f"{block}|{letter}|{(day + dt.timedelta(days=span)).isoformat()}|~")
            for block, day in days
            for letter, span in longest.items()
        ]  # fmt: skip
        by_block: dict[str, list[dt.date]] = defaultdict(list)
        for block, day in days:
            by_block[block].append(day)
        found = set()
        for unit in self._units_in(probes):
            block, _, lo, hi = parse_unit(unit)
            if lo and hi and any(lo <= d <= hi for d in by_block[block]):
                found.add(unit)
        return found

    def _units_in(self, probes: Sequence[tuple[str, str]]) -> set[str]:
        """Units with members whose key falls in one of the (low, high) ranges."""
        out: set[str] = set()
        for part in chunks(list(probes), 400):
            values = ", ".join(f"(:lo{i}, :hi{i})" for i in range(len(part)))
            params: dict[str, str] = {}
            for i, (lo, hi) in enumerate(part):
                params[f"lo{i}"], params[f"hi{i}"] = lo, hi
            sql = (
                f"WITH r(lo, hi) AS (VALUES {values}) SELECT DISTINCT m.unit FROM r "
                "JOIN cluster_members m ON m.unit >= r.lo AND m.unit <= r.hi"
            )
            statement, bound = _driver_sql(self.conn, sql, params)
            out.update(self.conn.exec_driver_sql(statement, bound).scalars())
        return out

    def _anchors(self, spans: list[Member]) -> dict[str, list[Anchor]]:
        """The day happenings of each block over the days the range members cover."""
        probes = sorted(
            {
                (f"{m.block}|d|{m.lo.isoformat()}", f"{m.block}|d|{m.hi.isoformat()}")
                for m in spans
                if m.lo and m.hi and range_letter(m.lo, m.hi) != YEAR_RANGE
            }
        )
        if not probes:
            return {}
        loaded = sorted(u for u in self.units if _letter(u) == "d")
        day_units = self._units_in(probes)
        for lo, hi in probes:
            day_units.update(
                loaded[bisect.bisect_left(loaded, lo) : bisect.bisect_right(loaded, hi)]
            )
        self._load(day_units)
        out: dict[str, list[Anchor]] = defaultdict(list)
        for unit in sorted(day_units):
            members = self.units[unit]
            if not members:
                continue
            block, _, day, _ = parse_unit(unit)
            assert day is not None
            home = place_groups(m.place for m in members.values())
            for place in sorted(set(home.values())):
                cid = cluster_id(unit, place)
                self.home[cid] = (unit, place)
                out[block].append(Anchor(cid, day, place))
        return out

    # ------------------------------------------------------------------ writing

    def write(self) -> None:
        """After the batch's event rows are in: member rows, moved events, clusters."""
        conn = self.conn
        moved = [(old, m, cid) for m, cid, old in self.changes.reassigned.values() if old]
        for old_unit, member, _ in moved:
            conn.execute(
                delete(cluster_members).where(
                    cluster_members.c.unit == old_unit,
                    cluster_members.c.event_key == member.event_key,
                )
            )
        rows = [_member_row(f.member, self.changes.fresh[k]) for k, f in self.fresh.items()]
        rows += [_member_row(m, cid) for _, m, cid in moved]
        if rows:
            bulk_insert(conn, cluster_members.name, MEMBER_COLUMNS, rows)
        same_unit = [(m, cid) for m, cid, old in self.changes.reassigned.values() if not old]
        if same_unit:
            conn.execute(
                update(cluster_members)
                .where(
                    cluster_members.c.unit == bindparam("u"),
                    cluster_members.c.event_key == bindparam("k"),
                )
                .values(cluster_id=bindparam("c")),
                [{"u": m.unit, "k": m.event_key, "c": cid} for m, cid in same_unit],
            )
        if self.changes.reassigned:
            conn.execute(
                update(events)
                .where(events.c.event_key == bindparam("k"))
                .values(cluster_id=bindparam("c"), cluster_unit=bindparam("u")),
                [
                    {"k": m.event_key, "c": cid, "u": m.unit}
                    for m, cid, _ in self.changes.reassigned.values()
                ],
            )
        self._rewrite_clusters(sorted(self.changes.affected))

    def _rewrite_clusters(self, ids: list[str]) -> None:
        stored = self._stored_homes(ids)
        facts = self._facts(ids, stored)
        gone = [cid for cid in ids if cid not in facts]
        for part in chunks(gone):
            self.conn.execute(delete(clusters).where(clusters.c.cluster_id.in_(part)))
        counted = {cid: count(f) for cid, f in facts.items()}
        reps = self._representatives({c.representative for c in counted.values()})
        homes = {**stored, **self.home}
        rows = [
            self._cluster_row(cid, homes[cid], c, reps[c.representative])
            for cid, c in sorted(counted.items())
        ]
        if rows:
            upsert(self.conn, clusters.name, CLUSTER_COLUMNS, rows, "cluster_id")

    def _stored_homes(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for part in chunks(ids):
            rows = self.conn.execute(
                select(clusters.c.cluster_id, clusters.c.unit, clusters.c.place).where(
                    clusters.c.cluster_id.in_(part)
                )
            )
            out.update({cid: (unit, place) for cid, unit, place in rows})
        return out

    def _facts(
        self, ids: list[str], stored: dict[str, tuple[str, str]]
    ) -> dict[str, list[MemberFacts]]:
        """Each cluster's members: from memory when the cluster is new and all its
        members are new, else from the store (which has this batch's rows by now)."""
        with_stored = {cid for k, cid in self.cid.items() if k not in self.fresh}
        from_store = [cid for cid in ids if cid in stored or cid in with_stored]
        out: dict[str, list[MemberFacts]] = defaultdict(list)
        wanted = set(ids) - set(from_store)
        for key, cid in self.changes.fresh.items():
            if cid in wanted:
                f = self.fresh[key]
                out[cid].append(
                    MemberFacts(key, f.member.event_id, f.member.article_id, f.member.rank,
                                f.published, f.outlet, f.source)
                )  # fmt: skip
        e, m, a, link = events.c, cluster_members.c, articles.c, article_links.c
        original = articles.alias("o")
        for part in chunks(from_store):
            stmt = (
                select(e.cluster_id, e.event_key, e.event_id, e.article_id, m.rank, a.date,
                       a.outlet, link.original_id, original.c.outlet)
                .join(cluster_members, (m.unit == e.cluster_unit) & (m.event_key == e.event_key))
                .join(articles, a.id == e.article_id)
                .outerjoin(article_links, link.article_id == e.article_id)
                .outerjoin(original, original.c.id == link.original_id)
                .where(e.cluster_id.in_(part))
            )  # fmt: skip
            for (
                cid,
                key,
                event_id,
                article_id,
                rank,
                date,
                outlet,
                orig_id,
                orig_outlet,
            ) in self.conn.execute(stmt):
                out[cid].append(
                    MemberFacts(key, event_id, article_id, rank, _as_date(date), outlet,
                                source_of(article_id, outlet, orig_outlet, orig_id))
                )  # fmt: skip
        return out

    def _representatives(self, keys: set[int]) -> dict[int, dict[str, Any]]:
        out = {k: _event_columns(self.fresh[k].event) for k in keys if k in self.fresh}
        for part in chunks(sorted(keys - out.keys())):
            rows = self.conn.execute(
                select(*(events.c[c] for c in REP_COLUMNS)).where(events.c.event_key.in_(part))
            )
            for row in rows:
                out[row[0]] = dict(zip(REP_COLUMNS, row, strict=True))
        return out

    def _cluster_row(
        self, cid: str, home: tuple[str, str], c: ClusterCounts, rep: dict[str, Any]
    ) -> tuple[Any, ...]:
        unit, place = home
        block, letter, lo, hi = parse_unit(unit)
        src, tgt = rep["source_country"], rep["target_country"]
        day = self._day
        return (
            cid, unit, block, day(lo), day(hi), PRECISION_OF_LETTER.get(letter),
            day(lo or c.first_seen or UNKNOWN_DATE), rep["plover"], rep["cameo"],
            rep["cameo_root"], rep["quad_class"], rep["goldstein"], bool(rep["factual"]),
            rep["source_code"], src, rep["target_code"], tgt,
            pair_key(src, tgt) if src and tgt else None, rep["location_name"],
            rep["location_country"], rep["lat"], rep["lon"], place, c.representative,
            c.num_events, c.num_articles, c.num_sources, day(c.first_seen), day(c.last_seen),
            json.dumps(list(c.outlets)),
        )  # fmt: skip

    def _day(self, value: dt.date | None) -> Any:
        if value is None:
            return None
        return value.isoformat() if self.conn.dialect.name == "sqlite" else value


def _letter(unit: str) -> str:
    return unit.split("|", 4)[3]


def _member_row(m: Member, cid: str) -> tuple[Any, ...]:
    return (m.unit, m.event_key, cid, m.event_id, m.article_id, m.place, m.rank)


def _event_columns(e: Event) -> dict[str, Any]:
    src = e.source[0] if e.source else None
    tgt = e.target[0] if e.target else None
    loc = e.location
    return {
        "plover": e.plover, "cameo": e.cameo, "cameo_root": e.cameo_root,
        "quad_class": e.quad_class, "goldstein": e.goldstein, "factual": e.factual,
        "source_code": src.code if src else None, "source_country": src.country if src else None,
        "target_code": tgt.code if tgt else None, "target_country": tgt.country if tgt else None,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
    }  # fmt: skip


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _driver_sql(conn: Connection, sql: str, params: dict[str, Any]) -> tuple[str, Any]:
    """Named ``:x`` parameters in the driver's own style (named for sqlite3, pyformat
    for psycopg), for statements Core cannot build (a VALUES list in a CTE)."""
    if conn.dialect.name == "sqlite":
        return sql, params
    return re.sub(r":(\w+)", r"%(\1)s", sql), params


def upsert(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]], key: str
) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE: the same text on SQLite and PostgreSQL."""
    marker = "?" if conn.dialect.name == "sqlite" else "%s"
    quote = conn.dialect.identifier_preparer.quote
    sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c != key)
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))}) "
        f"ON CONFLICT ({quote(key)}) DO UPDATE SET {sets}"
    )
    conn.exec_driver_sql(sql, rows)
