"""Where ingest spends its CPU: microseconds an event in each stage, best of N runs.

    .venv/bin/python bench/ingest_phases.py [--events 60000] [--warm 20000] [--runs 3] [--no-clusters]

Stores ``--warm`` synthetic events (``bench/store.py``'s), then times the next ones,
``--runs`` times in fresh SQLite files, and prints the smallest CPU time of each stage
(the store's functions are wrapped with a timer; stages nest, so they do not add up).
"SQL many" / "SQL one" are the driver's executemany / execute calls. On a shared
machine CPU times swing by a third between runs: compare stages within one run, or
alternate the versions compared.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import default

import newsevents.store.clustering as clustering
import newsevents.store.clusters as clusters
import newsevents.store.store as store_module
from newsevents.cluster import ClusterConfig
from newsevents.store import Store
from store import synthetic_articles

STAGES: list[tuple[Any, str, str]] = [
    (default.DefaultDialect, "do_executemany", "SQL many"),
    (default.DefaultDialect, "do_execute", "SQL one"),
    (store_module, "_insert_rows", "insert rows (events, actors, dyads, articles)"),
    (store_module.RowBuilder, "add", "build rows"),
    (clustering.ClusteringStage, "plan", "clustering: plan (members and update plan)"),
    (clustering, "member_of", "clustering: member_of"),
    (clusters.ClusterUpdate, "plan", "clustering: update plan"),
    (clusters.ClusterUpdate, "_singles", "clustering: new happenings on their own"),
    (clusters.ClusterUpdate, "_load", "clustering: load units"),
    (clusters.ClusterUpdate, "_place_ranges", "clustering: date ranges"),
    (clusters.ClusterUpdate, "write", "clustering: write"),
    (clusters.ClusterUpdate, "_rewrite_clusters", "clustering: cluster rows"),
    (clusters, "upsert", "clustering: cluster rows, SQL"),
    (clusters, "bulk_insert", "clustering: member rows, SQL"),
    (clusters.ClusterUpdate, "_write_watch", "clustering: watch rows"),
]


def timed(spent: Counter[str], label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--warm", type=int, default=20_000, help="events stored before timing")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-clusters", action="store_true")
    args = parser.parse_args()
    spent: Counter[str] = Counter()
    for owner, name, label in STAGES:
        if hasattr(owner, name):  # an older version may lack a stage
            setattr(owner, name, timed(spent, label, getattr(owner, name)))
    coded = list(synthetic_articles(args.events, 10, 1, [0.0, 0.0]))
    warm = args.warm // 10
    config = ClusterConfig(enabled=not args.no_clusters)
    best: dict[str, float] = {}
    for _ in range(args.runs):
        db = Store.open(Path(tempfile.mkdtemp(prefix="newsevents-phases-")) / "bench.db")
        db.ingest(coded[:warm], commit_every=2000, clustering=config)
        spent.clear()
        start = time.process_time()
        db.ingest(coded[warm:], commit_every=2000, clustering=config)
        spent["TOTAL (store, CPU)"] = time.process_time() - start
        db.close()
        for label, seconds in spent.items():
            best[label] = min(best.get(label, seconds), seconds)
    timed_events = args.events - warm * 10
    print(f"{timed_events:,} events after {warm * 10:,}, clustering "
          f"{'off' if args.no_clusters else 'on'}, best of {args.runs}:")  # fmt: skip
    for label, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{seconds * 1e6 / timed_events:8.1f} us/event  {label}")


if __name__ == "__main__":
    main()
