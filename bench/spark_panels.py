"""Panels on Spark: time ``newsevents aggregate --from-parquet`` on a ``newsevents spark``
output, next to ``aggregate`` on a store that ingested the same output.

    .venv/bin/python bench/spark_panels.py OUTPUT_DIR [--master 'local[2]'] [--runs 3]

OUTPUT_DIR is what ``newsevents spark INPUT... --output OUTPUT_DIR`` wrote (for example
from ``../shared/corpora/warc/news_aeb_181.warc.gz``). The output is first ingested
into a temporary SQLite store. Times, per panel: the command with ``--from-parquet``
as a user runs it (a new process: Python, the JVM and the Spark session start
included), then ``analysis.spark.spark_panel`` in one running session (best of
``--runs``), then ``analysis.panel`` on the store (best of ``--runs``); each Spark
panel is checked to equal the store's. Prints the machine's load average before and
after.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsevents.analysis import PanelSpec, panel
from newsevents.config import load_settings
from newsevents.store import Store

# (name, PanelSpec, the same as command-line options)
PANELS: list[tuple[str, PanelSpec, list[str]]] = [
    ("country-month happenings", PanelSpec(), []),
    ("country-month events by quad, normalised",
     PanelSpec(count="events", split="quad", normalize=True),
     ["--count", "events", "--split", "quad", "--normalize"]),
    ("dyad-week events, undirected", PanelSpec(by="dyad", interval="week", count="events",
                                               directed=False),
     ["--by", "dyad", "--interval", "week", "--count", "events", "--undirected"]),
]  # fmt: skip


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def best(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="a newsevents spark output folder")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"start: {load()}")
    from newsevents.analysis.spark import spark_panel
    from newsevents.spark import spark_session
    from newsevents.spark.load import ingest_parquet

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        with Store.open(db) as store:
            report = ingest_parquet(args.output, store, load_settings())
        print(f"store: {report.new} articles, {report.events} events")
        cold = {}
        for name, _, options in PANELS:
            command = [str(Path(sys.executable).parent / "newsevents"), "aggregate", "--from-parquet",
                       args.output, "--master", args.master, "--format", "csv", *options]  # fmt: skip
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            cold[name] = time.perf_counter() - started
        session = spark_session(args.master)
        try:
            spark_panel(session, args.output, PANELS[0][1])  # the JVM's first compilations
            print(f"{'panel':45} {'command':>9} {'Spark warm':>11} {'store':>8}  rows")
            for name, spec, _ in PANELS:
                warm, from_spark = best(
                    args.runs, lambda s=spec: spark_panel(session, args.output, s)
                )
                with Store.open(db, create=False) as store:
                    stored, from_store = best(args.runs, lambda s=spec: panel(store, s))
                same = "same" if from_spark.rows == from_store.rows else "DIFFERENT"
                print(f"{name:45} {cold[name]:8.2f}s {warm:10.3f}s {stored:7.3f}s  "
                      f"{len(from_spark.rows)} ({same})")  # fmt: skip
        finally:
            session.stop()
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
