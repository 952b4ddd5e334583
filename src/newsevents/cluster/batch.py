"""Clusters of a whole collection at once (the Spark job's reduce step), pure.

``cluster_records(inputs)`` takes every member of one block (or of many) with its facts
and representative columns, partitions them with ``partition.cluster_all`` (the same
partition the store reaches incrementally) and returns one flat record per cluster.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Event
from .keys import DAY, NONE, Member, parse_unit
from .partition import cluster_all
from .summary import MemberFacts, count

PRECISION_OF_LETTER = {"d": "day", "r": "range", "m": "month", "y": "year", "u": None}


def representative_columns(e: Event) -> dict[str, Any]:
    """What a cluster takes from its representative event."""
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
        "location_precision": loc.precision if loc else None,
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClusterInput:
    member: Member
    facts: MemberFacts
    representative: dict[str, Any]


def _home_unit(members: list[Member]) -> str:
    """The unit a cluster belongs to: its day members', else its members' own."""
    days = sorted(m.unit for m in members if m.kind == DAY)
    return days[0] if days else sorted(m.unit for m in members)[0]


def cluster_records(inputs: Iterable[ClusterInput]) -> list[dict[str, Any]]:
    """One record per cluster: dates, type, dyad, place, counts, outlets, member ids."""
    by_key = {i.member.event_key: i for i in inputs}
    assigned = cluster_all(i.member for i in by_key.values())
    groups: dict[str, list[ClusterInput]] = defaultdict(list)
    for key, cid in assigned.items():
        groups[cid].append(by_key[key])
    records = []
    for cid, members in sorted(groups.items()):
        counted = count([m.facts for m in members])
        rep = by_key[counted.representative].representative
        unit = _home_unit([m.member for m in members])
        _, letter, lo, hi = parse_unit(unit)
        records.append(
            {
                "cluster_id": cid,
                "date": lo,
                "date_end": hi,
                "date_precision": PRECISION_OF_LETTER.get(letter),
                **rep,
                "num_events": counted.num_events,
                "num_articles": counted.num_articles,
                "num_sources": counted.num_sources,
                "first_seen": counted.first_seen,
                "last_seen": counted.last_seen,
                "outlets": list(counted.outlets),
                "representative_event_id": counted.representative_id,
                "event_ids": sorted(m.member.event_id for m in members),
                "article_ids": sorted({m.member.article_id for m in members}),
                "undated": letter == "u" or members[0].member.kind == NONE,
            }
        )
    return records


def record_month(record: dict[str, Any]) -> str | None:
    day: dt.date | None = record["date"] or record["first_seen"]
    return day.strftime("%Y-%m") if day else None
