"""The ``actors`` table at ingest: actor ids for new actor keys, event counts.

Each distinct actor (code, country, sector, name, text) gets an integer id once; event
rows refer to it. Ids never change once committed, so a ``Store`` keeps the ones it has
seen (``ActorIds``) and asks the database only about new keys. New keys are inserted
with ``ON CONFLICT DO NOTHING`` and read back, which also works when another process
inserts the same key at the same time (PostgreSQL waits for that writer's commit; SQLite
writers take turns).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, distinct, func, select, tuple_

from .rows import ACTOR_KEY_COLUMNS, ActorKey, stored_key
from .schema import actors, event_actors

# Keys per SELECT: five parameters each, well under every driver's parameter limit.
KEYS_PER_QUERY = 200


class ActorIds:
    """Actor key → ``actor_id`` for the keys this store has written or read."""

    def __init__(self) -> None:
        self.known: dict[ActorKey, int] = {}

    def new_ids(self, conn: Connection, keys: Iterable[ActorKey]) -> dict[ActorKey, int]:
        """Ids of the keys not known yet, inserting the missing ones. They become known
        (``remember``) only after the transaction commits: a rolled-back insert's id is
        gone."""
        wanted: dict[ActorKey, list[ActorKey]] = {}  # stored form → keys as given
        for key in {k for k in keys if k not in self.known}:
            wanted.setdefault(stored_key(key), []).append(key)
        if not wanted:
            return {}
        missing = sorted(wanted)
        marker = "?" if conn.dialect.name == "sqlite" else "%s"
        columns = ", ".join(ACTOR_KEY_COLUMNS)
        conn.exec_driver_sql(
            f"INSERT INTO actors ({columns}, events) "
            f"VALUES ({', '.join([marker] * len(ACTOR_KEY_COLUMNS))}, 0) ON CONFLICT DO NOTHING",
            list(missing),
        )
        key_columns = [actors.c[name] for name in ACTOR_KEY_COLUMNS]
        found: dict[ActorKey, int] = {}
        for start in range(0, len(missing), KEYS_PER_QUERY):
            chunk = missing[start : start + KEYS_PER_QUERY]
            rows = conn.execute(
                select(actors.c.actor_id, *key_columns).where(tuple_(*key_columns).in_(chunk))
            )
            for actor_id, *parts in rows:
                stored = (parts[0], parts[1], parts[2], parts[3], parts[4])
                for key in wanted.get(stored, ()):
                    found[key] = int(actor_id)
        return found

    def remember(self, ids: Mapping[ActorKey, int]) -> None:
        self.known.update(ids)

    def forget(self) -> None:
        self.known.clear()


def add_event_counts(conn: Connection, counts: Mapping[int, int], sign: int = 1) -> None:
    """``actors.events += sign * n`` per actor id, in id order (so that two PostgreSQL
    writers lock shared rows in one order and wait instead of deadlocking)."""
    if not counts:
        return
    marker = "?" if conn.dialect.name == "sqlite" else "%s"
    conn.exec_driver_sql(
        f"UPDATE actors SET events = events + {marker} WHERE actor_id = {marker}",
        [(sign * n, actor_id) for actor_id, n in sorted(counts.items())],
    )


def event_counts_of(conn: Connection, event_keys: Iterable[int]) -> dict[int, int]:
    """Per actor id, how many of ``event_keys`` it takes part in (before deleting them)."""
    ea = event_actors.c
    ids = list(event_keys)
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(ea.actor_id, func.count(distinct(ea.event_key)))
            .where(ea.event_key.in_(ids[start : start + 500]))
            .group_by(ea.actor_id)
        )
        for actor_id, n in rows:
            counts[int(actor_id)] = counts.get(int(actor_id), 0) + int(n)
    return counts
