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

Most new events are a new happening on their own (the only member of a new unit that
no date range can attach to): ``_singles`` finds them with two batched key probes and
they skip the partition machinery; their cluster rows come from their event rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, update

from ..cluster.keys import (
    DAY,
    NONE,
    SPAN,
    YEAR_RANGE,
    Member,
    member_from_unit,
    parse_unit,
    range_letter,
)
from ..cluster.partition import Anchor, attach, cluster_id, place_groups
from ..cluster.summary import MemberFacts, count, source_of
from .cluster_rows import (
    CLUSTER_COLUMNS,
    REP_COLUMNS,
    FreshEvent,
    cluster_row,
    single_row,
)
from .engine import bulk_insert, insert_ignoring, upsert
from .schema import cluster_members, cluster_watch, clusters, events
from .syndication import chunks, rows_where_in

MEMBER_COLUMNS = ("unit", "event_key", "cluster_id", "event_id", "article_id", "place", "rank")


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
        self.dates_as_text = conn.dialect.name == "sqlite"
        self.window_days = window_days
        self.units: dict[str, dict[int, Member]] = {}
        self.stored_cid: dict[int, str] = {}  # as the database has it
        self.stored_unit_cids: dict[str, set[str]] = {}
        self.cid: dict[int, str] = {}  # as decided now
        self.home: dict[str, tuple[str, str]] = {}  # cluster id -> (unit, place)
        self.fresh: dict[int, FreshEvent] = {}
        self.moved_from: dict[int, str] = {}  # event key -> its unit before this batch
        self.stored_ids: set[str] = set()  # clusters that may have stored members
        self.changes = ClusterChanges()
        self.watched: dict[str, list[str]] = {}  # range unit -> the day units it watches
        self.singles: dict[int, str] = {}  # new events that are new happenings on their own

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
        others = {u for u, _, _ in removed} | {u for u, _ in moved} | {m.unit for _, m in moved}
        touched = {f.member.unit for f in fresh} | others
        self._load(touched)
        self.singles = self._singles(fresh, others)
        for unit, key, cid in removed:
            self.units.get(unit, {}).pop(key, None)
            self.changes.affected.add(cid)
        for old_unit, member in moved:
            self.units[old_unit].pop(member.event_key, None)
            self.units[member.unit][member.event_key] = member
        singles = self.singles
        for f in fresh:
            if f.member.event_key in singles:
                touched.discard(f.member.unit)
            else:
                self.units[f.member.unit][f.member.event_key] = f.member
        by_letter: dict[str, list[str]] = {"d": [], "u": []}
        ranges = set()
        for unit in touched:
            letter = _letter(unit)
            if letter in by_letter:
                by_letter[letter].append(unit)
            else:
                ranges.add(unit)
        changed_days = self._repartition(sorted(by_letter["d"]))
        self._repartition(sorted(by_letter["u"]))
        self._place_ranges(ranges, changed_days)
        self.changes.affected.update(recount)
        self.stored_ids = set(recount) | {cid for _, _, cid in removed}
        self.changes.fresh.update(singles)
        return self.changes

    def _singles(self, fresh: Sequence[FreshEvent], others: set[str]) -> dict[int, str]:
        """event key -> cluster id of the new events that are a new happening on their
        own, decided without the partition machinery: the only member of a unit that
        nothing stored or removed shares, which no date-range member can attach to (a
        day no stored or new range watches) or which can attach to nothing (a range
        over days without members, stored or new). Most events, in a large store."""
        per_unit = Counter(f.member.unit for f in fresh)
        units = self.units
        alone = [
            f.member
            for f in fresh
            if per_unit[f.member.unit] == 1
            and not units[f.member.unit]
            and f.member.unit not in others
        ]
        new_days = {f.member.unit for f in fresh if f.member.kind == DAY}
        watched = {d for f in fresh if f.member.kind == SPAN for d in self._watched(f.member)}
        days = sorted(m.unit for m in alone if m.kind == DAY and m.unit not in watched)
        sql = "SELECT DISTINCT unit FROM cluster_watch WHERE unit IN ({})"
        unwatched = set(days).difference(row[0] for row in rows_where_in(self.conn, sql, days))
        spans = [m for m in alone if m.kind == SPAN and new_days.isdisjoint(self._watched(m))]
        covered = sorted({d for m in spans for d in self._watched(m)})
        sql = "SELECT DISTINCT unit FROM cluster_members WHERE unit IN ({})"
        stored_days = {row[0] for row in rows_where_in(self.conn, sql, covered)}
        loose = {m.unit for m in spans if stored_days.isdisjoint(self._watched(m))}
        out = {}
        for m in alone:
            if m.kind == NONE or m.unit in unwatched or m.unit in loose:
                out[m.event_key] = cluster_id(m.unit, m.place)
        return out

    def _load(self, units: Iterable[str]) -> None:
        wanted = sorted(set(units) - self.units.keys())
        for unit in wanted:
            self.units[unit] = {}
            self.stored_unit_cids[unit] = set()
        sql = f"SELECT {', '.join(MEMBER_COLUMNS)} FROM cluster_members WHERE unit IN ({{}})"
        if wanted:
            for unit, key, cid, event_id, article_id, place, rank in rows_where_in(
                self.conn, sql, wanted
            ):
                member = member_from_unit(unit, key, event_id, article_id, place, rank)
                self.units[unit][key] = member
                self.stored_cid[key] = cid
                self.cid[key] = cid
                self.stored_unit_cids[unit].add(cid)
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
        ids = {place: cluster_id(unit, place) for place in set(home.values())}
        for place, cid in ids.items():
            self.home[cid] = (unit, place)
        for m in members:
            self._assign(m, ids[home[m.place]])

    def _repartition(self, units: list[str]) -> set[str]:
        """Partition whole units; returns the day units whose set of happenings (their
        ids hash their places) changed."""
        changed: set[str] = set()
        fresh, decided, affected = self.fresh, self.changes.fresh, self.changes.affected
        for unit in units:
            members = list(self.units[unit].values())
            stored = self.stored_unit_cids.get(unit)
            if len(members) == 1 and not stored and members[0].event_key in fresh:
                # the common case, made cheap: a new unit with one new event
                m = members[0]
                cid = cluster_id(unit, m.place)
                self.home[cid] = (unit, m.place)
                decided[m.event_key] = self.cid[m.event_key] = cid
                affected.add(cid)
                if m.kind == DAY:
                    changed.add(unit)
                continue
            if members:
                self._partition(unit, members)
            after = {self.cid[m.event_key] for m in members}
            if after != (stored or set()) and _letter(unit) == "d":
                changed.add(unit)
        return changed

    def _place_ranges(self, units: set[str], changed_days: set[str]) -> None:
        """Date-range members of touched range units, and of stored range units that
        watch a day whose happenings changed, choose again."""
        if changed_days:
            sql = "SELECT DISTINCT span_unit FROM cluster_watch WHERE unit IN ({})"
            units = units | {row[0] for row in rows_where_in(self.conn, sql, sorted(changed_days))}
        if not units:
            return
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

    def _watched(self, m: Member) -> list[str]:
        """``watched_days`` of a member's unit, once per unit."""
        found = self.watched.get(m.unit)
        if found is None:
            found = self.watched[m.unit] = watched_days(m)
        return found

    def _existing(self, keys: set[str]) -> set[str]:
        """Those of ``keys`` that are loaded units with members or stored units."""
        found = {k for k in keys if self.units.get(k)}
        unknown = sorted(keys - self.units.keys())
        if unknown:
            sql = "SELECT DISTINCT unit FROM cluster_members WHERE unit IN ({})"
            found.update(row[0] for row in rows_where_in(self.conn, sql, unknown))
        return found

    def _anchors(self, spans: list[Member]) -> dict[str, list[Anchor]]:
        """The day happenings of each block over the days the range members cover."""
        keys = {day for m in spans for day in self._watched(m)}
        day_units = self._existing(keys)
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
        self._write_watch()
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

    def _write_watch(self) -> None:
        """Watch rows for the range units that gained members; none for emptied ones."""
        spans = {f.member.unit: f.member for f in self.fresh.values() if f.member.kind == SPAN}
        rows = sorted({(day, unit) for unit, m in spans.items() for day in self._watched(m)})
        if rows:
            insert_ignoring(self.conn, cluster_watch.name, ("unit", "span_unit"), rows)
        emptied = [
            (day, unit)
            for unit, members in self.units.items()
            if not members and self.stored_unit_cids.get(unit) and _letter(unit) in "rm"
            for day in watched_days(member_from_unit(unit, 0, "", "", "", 0))
        ]
        if emptied:
            self.conn.execute(
                delete(cluster_watch).where(
                    cluster_watch.c.unit == bindparam("d"),
                    cluster_watch.c.span_unit == bindparam("s"),
                ),
                [{"d": d, "s": u} for d, u in emptied],
            )

    def _rewrite_clusters(self, ids: list[str]) -> None:
        in_store = self._maybe_stored(ids)
        homes = self._stored_homes(in_store)  # then this batch's homes over them
        homes.update((cid, self.home[cid]) for cid in in_store if cid in self.home)
        new = set(ids).difference(in_store)
        decided = self.changes.fresh
        reports = Counter(decided.values())
        fresh_of: dict[str, list[int]] = defaultdict(list)
        rows = []
        singles, as_text = self.singles, self.dates_as_text
        for key, cid in singles.items():
            f = self.fresh[key]
            rows.append(single_row(cid, (f.member.unit, f.member.place), f, as_text))
        for key, cid in decided.items():
            if cid not in new or key in singles:
                continue
            if reports[cid] == 1:  # the common case, made cheap: a new happening, one report
                rows.append(single_row(cid, self.home[cid], self.fresh[key], as_text))
            else:
                fresh_of[cid].append(key)
        facts = {cid: [self._fresh_facts(k) for k in keys] for cid, keys in fresh_of.items()}
        homes.update((cid, self.home[cid]) for cid in fresh_of)
        facts.update(self._facts_stored(in_store, homes))
        gone = [cid for cid in in_store if cid not in facts]
        for part in chunks(gone):
            self.conn.execute(delete(clusters).where(clusters.c.cluster_id.in_(part)))
        counted = {cid: count(f) for cid, f in facts.items()}
        reps = self._representatives({c.representative for c in counted.values()})
        for cid, c in counted.items():
            values = (c.num_events, c.num_articles, c.num_sources, c.first_seen, c.last_seen,
                      c.outlets, c.representative)  # fmt: skip
            rows.append(cluster_row(cid, homes[cid], values, reps[c.representative], as_text))
        if rows:
            rows.sort()
            upsert(self.conn, clusters.name, CLUSTER_COLUMNS, rows, "cluster_id")

    def _fresh_facts(self, key: int) -> MemberFacts:
        f = self.fresh[key]
        m = f.member
        return MemberFacts(key, m.event_id, m.article_id, m.rank, f.published, f.outlet, f.source)

    def _maybe_stored(self, ids: list[str]) -> list[str]:
        """Clusters that may hold members stored before this batch: those of a unit that
        had members, those stored members had or have now, and those of removed or
        recounted events. The others are new and all their members are in memory."""
        # every member not of this batch was loaded from the store (``_load``)
        known = self.stored_ids | set(self.stored_cid.values())
        known |= {self.cid[k] for k in self.stored_cid}
        return [
            cid
            for cid in ids
            if cid in known or cid not in self.home or self.stored_unit_cids.get(self.home[cid][0])
        ]

    def _stored_homes(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        sql = "SELECT cluster_id, unit, place FROM clusters WHERE cluster_id IN ({})"
        return {cid: (unit, place) for cid, unit, place in rows_where_in(self.conn, sql, ids)}

    def _facts_stored(
        self, ids: list[str], homes: dict[str, tuple[str, str]]
    ) -> dict[str, list[MemberFacts]]:
        """Members of clusters from the store (which has this batch's rows by now): those
        in the cluster's own unit and in the range units watching it."""
        units = {homes[cid][0] for cid in ids if cid in homes}
        if not units:
            return {}
        watch = "SELECT span_unit FROM cluster_watch WHERE unit IN ({})"
        units |= {row[0] for row in rows_where_in(self.conn, watch, sorted(units))}
        wanted = set(ids)
        out: dict[str, list[MemberFacts]] = defaultdict(list)
        sql = (
            "SELECT m.cluster_id, m.event_key, m.event_id, m.article_id, m.rank, a.published, "
            "a.outlet, l.original_id, o.outlet FROM cluster_members m "
            "JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN article_links l ON l.article_id = m.article_id "
            "LEFT JOIN articles o ON o.id = l.original_id WHERE m.unit IN ({})"
        )
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
        ) in rows_where_in(self.conn, sql, sorted(units)):
            if cid in wanted:
                out[cid].append(
                    MemberFacts(key, event_id, article_id, rank, _as_date(date), outlet,
                                source_of(article_id, outlet, orig_outlet, orig_id))
                )  # fmt: skip
        return out

    def _representatives(self, keys: set[int]) -> dict[int, tuple[Any, ...]]:
        """REP_COLUMNS of each representative event."""
        out = {k: self.fresh[k].rep for k in keys if k in self.fresh}
        stored = sorted(keys - out.keys())
        if stored:
            sql = f"SELECT {', '.join(REP_COLUMNS)} FROM events WHERE event_key IN ({{}})"
            out.update((row[0], row) for row in rows_where_in(self.conn, sql, stored))
        return out


def watched_days(m: Member) -> list[str]:
    """The day units a date-range member can attach to (none for a year)."""
    if m.lo is None or m.hi is None or range_letter(m.lo, m.hi) == YEAR_RANGE:
        return []
    return [
        f"{m.block}|d|{(m.lo + dt.timedelta(days=i)).isoformat()}"
        for i in range((m.hi - m.lo).days + 1)
    ]


def _letter(unit: str) -> str:
    return unit.split("|", 4)[3]


def _member_row(m: Member, cid: str) -> tuple[Any, ...]:
    return (m.unit, m.event_key, cid, m.event_id, m.article_id, m.place, m.rank)


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
