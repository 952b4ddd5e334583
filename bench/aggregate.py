"""Panel benchmark: time ``newsevents.analysis`` panels on a large store.

    .venv/bin/python bench/aggregate.py --db /tmp/bench1m.db [--events 1000000] [--runs 5]

A missing ``--db`` file is built first with bench/store.py's synthetic events (10 an
article over five years, 30 countries, clustering on), which takes minutes for a
million. Times: a country-month panel over all countries (happenings, then events), a
dyad-week panel for one dyad (happenings, then events; random dyads of the 12 commonest
countries), the same normalised by news volume, and a GDELT export of one month.
Targets (issue #13): country-month < 5 s, one dyad-week < 200 ms. Prints the machine's
load average before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsevents.analysis import PanelSpec, panel
from newsevents.analysis.panel import compute_panel
from newsevents.export import export_events
from newsevents.store import EventFilter, Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import store as bench_store  # noqa: E402  (bench/store.py: the synthetic events)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def build(db: str, n_events: int) -> None:
    print(f"building {db} with {n_events:,} synthetic events (clustering on) ...", flush=True)
    t0 = time.perf_counter()
    with Store.open(db) as s:
        report = s.ingest(bench_store.synthetic_articles(n_events, 10, 1, [0.0, 0.0]),
                          commit_every=2000)  # fmt: skip
    print(f"built: {report.events:,} events in {report.new:,} articles, "
          f"{time.perf_counter() - t0:.0f} s", flush=True)  # fmt: skip


def timed(label: str, runs: int, call: Callable[[random.Random], object]) -> list[float]:
    """p50/p95/max wall clock, and the median CPU time of this process (the machine is
    shared: CPU time is what the call itself costs)."""
    rng = random.Random(13)
    samples, cpu = [], []
    result: object = None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = call(rng)
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    rows = len(result.rows) if hasattr(result, "rows") else result
    print(f"{label:<50} p50 {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"
          f"  max {ordered[-1] * 1000:7.1f} ms  CPU p50 {statistics.median(cpu) * 1000:7.1f} ms"
          f"  ({runs} runs, {rows:,} rows)", flush=True)  # fmt: skip
    return samples


def dyad(rng: random.Random) -> str:
    a, b = rng.sample(bench_store.COUNTRIES[:12], 2)
    return f"{a}:{b}"


def run(args: argparse.Namespace) -> None:
    if not Path(args.db).exists():
        build(args.db, args.events)
    print(load(), flush=True)
    store = Store.open(args.db, create=False)
    n_events = store.count_events()
    print(f"store: {args.db}, {n_events:,} events, {store.count_clusters():,} clusters", flush=True)
    runs = args.runs
    for count in ("clusters", "events"):
        timed(f"country-month, all countries ({count})", runs,
              lambda rng, c=count: panel(store, PanelSpec(by="country", interval="month", count=c)))  # fmt: skip
        timed(f"dyad-week, one dyad ({count})", runs * 10,
              lambda rng, c=count: panel(store, PanelSpec(by="dyad", interval="week", count=c,
                                                          dyad=dyad(rng), directed=False)))  # fmt: skip

    def grouped_in_sql(rng: random.Random) -> object:
        with store.engine.connect() as conn:
            return compute_panel(conn, PanelSpec(by="country", interval="month"), stream=False)

    timed("country-month (clusters), grouped in SQL instead", runs, grouped_in_sql)
    timed("country-month by quad, normalised (clusters)", runs,
          lambda rng: panel(store, PanelSpec(by="country", interval="month", split="quad",
                                             normalize=True)))  # fmt: skip
    timed(
        "dyad-month, all dyads, directed (clusters)",
        runs,
        lambda rng: panel(store, PanelSpec(by="dyad", interval="month", zero_fill=False)),
    )

    def export_month(rng: random.Random) -> int:
        out = io.BytesIO()
        return export_events(
            store,
            "gdelt",
            "parquet",
            out,
            EventFilter(since=dt.date(2022, 3, 1), until=dt.date(2022, 3, 31), factual_only=True),
        )

    timed("GDELT export, one month of events (parquet)", 1, export_month)
    store.close()
    print(load(), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a store (built first if missing)")
    parser.add_argument("--events", type=int, default=1_000_000, help="events of a new store")
    parser.add_argument("--runs", type=int, default=5)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
