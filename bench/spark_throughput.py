"""Spark in local mode against the worker pool, on the same WARC file.

Usage: python bench/spark_throughput.py [WARC...] [--master local[2]] [--workers 2]
       [--repeat 1] [--json FILE]
(default WARC: ../shared/corpora/warc/news_aeb_181.warc.gz, the 181 AEB pages)

Each side runs in a fresh process:
- pool: read the WARC and code it with ``parallel.code_parallel`` at ``--workers``
  (what ``newsevents code --workers 2`` does), pool start-up and model loading included;
- Spark: ``newsevents.spark.run_job`` at ``--master`` writing its three Parquet tables;
  the job time includes listing the inputs, cutting the WARC, starting the Python
  daemon and loading its pipeline, coding, the writes and reading the counts back;
  starting the JVM and the session (a fixed cost a cluster pays once) is timed apart.
Articles/s counts coded articles (read or coding failures excluded) on both sides.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

_WARC = "shared/corpora/warc/news_aeb_181.warc.gz"
# ../shared beside the checkout (main) or beside the folder of worktrees.
DEFAULT_WARC = next(
    (p / _WARC for p in Path(__file__).resolve().parents if (p / _WARC).exists()),
    Path(__file__).resolve().parents[2] / _WARC,
)


def measure_pool(paths: list[str], workers: int) -> dict[str, Any]:
    from newsevents.config import load_settings
    from newsevents.model import Article
    from newsevents.parallel import code_parallel
    from newsevents.read import read_paths

    settings = load_settings()
    started = time.perf_counter()
    articles = (a for a in read_paths(paths) if isinstance(a, Article))
    coded = events = 0
    for result in code_parallel(articles, settings, workers):
        if result.error is None:
            coded += 1
            events += len(result.events)
    seconds = time.perf_counter() - started
    return {"label": f"code_parallel, {workers} workers", "articles": coded,
            "events": events, "seconds": round(seconds, 2),
            "articles_per_s": round(coded / seconds, 3)}  # fmt: skip


def measure_spark(paths: list[str], master: str, partitions: int | None) -> dict[str, Any]:
    from newsevents.config import load_settings
    from newsevents.spark import run_job, spark_session

    settings = load_settings()
    started = time.perf_counter()
    spark = spark_session(master)
    session_seconds = time.perf_counter() - started
    try:
        with tempfile.TemporaryDirectory(prefix="spark-bench-") as scratch:
            counts = run_job(paths, os.path.join(scratch, "events"), spark=spark,
                             settings=settings, partitions=partitions)  # fmt: skip
    finally:
        spark.stop()
    total = session_seconds + counts.seconds
    return {"label": f"Spark {master}", "articles": counts.articles_coded,
            "events": counts.events, "records_read": counts.records_read,
            "inputs": counts.inputs,
            "failures": counts.failures, "partitions": counts.partitions,
            "seconds": round(counts.seconds, 2), "session_seconds": round(session_seconds, 2),
            "articles_per_s": round(counts.articles_coded / counts.seconds, 3),
            "articles_per_s_with_startup": round(counts.articles_coded / total, 3)}  # fmt: skip


def in_fresh_process(function: Any, *args: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        result: dict[str, Any] = pool.submit(function, *args).result()
        return result


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("warc", nargs="*", type=Path, default=[DEFAULT_WARC])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="measure each side N times")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    paths = [str(p) for p in args.warc]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        parser.error(f"no such file: {missing[0]}")
    print(f"inputs {paths}; cpus {os.cpu_count()}; load average {_load()}", flush=True)
    runs: dict[str, list[dict[str, Any]]] = {"pool": [], "spark": []}
    for _ in range(args.repeat):
        runs["pool"].append(in_fresh_process(measure_pool, paths, args.workers))
        print(json.dumps(runs["pool"][-1]), flush=True)
        runs["spark"].append(in_fresh_process(measure_spark, paths, args.master, args.partitions))
        print(json.dumps(runs["spark"][-1]), flush=True)
    best = {side: max(r["articles_per_s"] for r in results) for side, results in runs.items()}
    if not best["pool"] or not best["spark"]:
        print("error: a side coded no article (see the errors above)", file=sys.stderr)
        return 1
    best_startup = max(r["articles_per_s_with_startup"] for r in runs["spark"])
    ratio = best["spark"] / best["pool"]
    print(f"best articles/s: pool {best['pool']:.3f}, Spark job {best['spark']:.3f} "
          f"(with JVM/session start {best_startup:.3f})\n"
          f"Spark / pool: {ratio:.3f}x (target >= 0.85); with start-up "
          f"{best_startup / best['pool']:.3f}x\nload average after: {_load()}")  # fmt: skip
    if args.json:
        summary = {"runs": runs, "best": best, "ratio": round(ratio, 3), "load": _load()}
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
