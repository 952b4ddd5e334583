"""Spark in local mode against the worker pool, on the same WARC file.

Usage: python bench/spark_throughput.py [WARC...] [--master local[2]] [--workers 2]
       [--partitions N] [--repeat 1] [--json FILE]
(default WARC: ../shared/corpora/warc/news_aeb_181.warc.gz, the 181 AEB pages)

Each measurement runs in a fresh process, in this order, --repeat times:
- pool: read the WARC and code it with ``parallel.code_parallel`` at ``--workers``
  (what ``newsevents code --workers 2`` does), pool start-up and model loading included;
- Spark, cold JVM: start a session, then time ``newsevents.spark.run_job`` writing its
  three tables: listing the inputs, cutting the WARC, starting the Python daemon and
  building its pipeline, coding, the writes (the counts: the summary rows it committed);
- Spark, warm JVM: the same, after one run of the job on the first 8 records of the
  first WARC (into a scratch output), so that the JVM has loaded and compiled the code
  the job runs, as a cluster's long-lived JVMs have; the pipeline is built again
  (a fresh daemon: the job's settings differ), so model loading is still timed.
Session start (and the warm-up job) is timed apart: "not counting the JVM start".
The Spark side runs with clustering off: the pool codes and nothing more, and the
clusters table is a stage of its own after the coding (docs/spark.md).
Articles/s counts coded articles (read or coding failures excluded) on every side.
Each side also reports the CPU seconds its processes used during the measured part (this
process and every process it started, sampled from /proc every 0.2 s, the sampling
itself left out; Spark's JVM counted from the job's start), in all and by role: on a
shared machine, where other jobs take a varying share of the cores, CPU seconds per
article compare more steadily than wall time.
``peak_mb`` gives, by role (driver, jvm, python daemon, python worker, pool worker),
each process's peak [resident, private] MB over the measured part, from
/proc/PID/smaps_rollup read once a second: a worker forked from the daemon shares the
daemon's pages until it writes them, so its private MB is what it adds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

_WARC = "shared/corpora/warc/news_aeb_181.warc.gz"
# ../shared beside the checkout (main) or beside the folder of worktrees.
DEFAULT_WARC = next(
    (p / _WARC for p in Path(__file__).resolve().parents if (p / _WARC).exists()),
    Path(__file__).resolve().parents[2] / _WARC,
)


_TICKS = os.sysconf("SC_CLK_TCK")


def _process_times() -> dict[int, tuple[int, float]]:
    """(parent pid, CPU seconds) of every process, from /proc."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS)
    return found


def _memory_mb(pid: int) -> tuple[float, float]:
    """(resident, private) MB of a process now: its RSS, and the part no other process
    shares (a forked worker shares its parent's pages until it writes them)."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                key, _, rest = line.partition(":")
                if key in ("Rss", "Private_Clean", "Private_Dirty"):
                    values[key] = int(rest.split()[0])
    except (OSError, ValueError):
        return 0.0, 0.0
    private = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    return values.get("Rss", 0) / 1024, private / 1024


def _role(pid: int, parent: int, root: int, roles: dict[int, str]) -> str:
    """What a process of the measured tree is, from its command line and its parent's role."""
    if pid == root:
        return "driver"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            argv = cmdline.read().split(b"\0")
    except OSError:
        return "other"
    if os.path.basename(argv[0]) == b"java":
        return "jvm"
    if any(a.endswith(b".daemon") for a in argv):  # -m newsevents.spark.daemon
        return "python worker" if roles.get(parent) in ("python daemon", "python worker") \
            else "python daemon"  # fmt: skip
    if any(b"resource_tracker" in a for a in argv):
        return "other"
    if roles.get(parent) == "pool forkserver":  # forked: the server's command line
        return "pool worker"
    if any(b"forkserver" in a for a in argv):
        return "pool forkserver"
    if b"python" in os.path.basename(argv[0]):
        return "pool worker" if roles.get(parent) == "driver" else "python"
    return "other"


class TreeCPU:
    """CPU seconds used by this process and its descendants between start and stop, and
    the peak memory of each (CPU sampled every 0.2 s, memory every second)."""

    def __init__(self) -> None:
        self.root = os.getpid()
        self.seen: dict[int, float] = {}
        self.before: dict[int, float] = {}
        self.roles: dict[int, str] = {}
        self.peaks: dict[int, tuple[float, float]] = {}  # pid -> (RSS, private) MB
        self.sampling_cpu = 0.0  # the sampler's own CPU seconds, left out of the totals
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _tree(self) -> dict[int, float]:
        times = _process_times()
        children: dict[int, list[int]] = {}
        for pid, (parent, _) in times.items():
            children.setdefault(parent, []).append(pid)
        tree, stack = {}, [self.root]
        while stack:
            pid = stack.pop()
            if pid in times:
                tree[pid] = times[pid][1]
                if pid not in self.roles:
                    self.roles[pid] = _role(pid, times[pid][0], self.root, self.roles)
            stack.extend(children.get(pid, ()))
        return tree

    def _record(self, memory: bool = True) -> None:
        for pid, cpu in self._tree().items():
            self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))
            if memory:
                rss, private = _memory_mb(pid)
                peak = self.peaks.get(pid, (0.0, 0.0))
                self.peaks[pid] = (max(rss, peak[0]), max(private, peak[1]))

    def _sample(self) -> None:
        ticks = 0
        while not self.done.wait(0.2):
            ticks += 1
            # Memory once a second: smaps_rollup walks a process's whole address space.
            self._record(memory=ticks % 5 == 0)
        self.sampling_cpu = time.thread_time()

    def start(self) -> TreeCPU:
        self.before = self._tree()
        self.seen = dict(self.before)
        self.thread.start()
        return self

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        self._record()
        used = sum(cpu - self.before.get(pid, 0.0) for pid, cpu in self.seen.items())
        return used - self.sampling_cpu

    def cpu_by_role(self) -> dict[str, float]:
        """CPU seconds between start and stop, summed by role."""
        totals: dict[str, float] = {}
        for pid, cpu in self.seen.items():
            role = self.roles.get(pid, "other")
            totals[role] = totals.get(role, 0.0) + cpu - self.before.get(pid, 0.0)
        totals["driver"] = totals.get("driver", 0.0) - self.sampling_cpu
        return {role: round(cpu, 1) for role, cpu in sorted(totals.items()) if cpu >= 0.05}

    def memory(self) -> dict[str, list[list[int]]]:
        """Peak [RSS, private] MB of each process seen, by role, largest first."""
        by_role: dict[str, list[list[int]]] = {}
        for pid, (rss, private) in self.peaks.items():
            if rss >= 1:
                by_role.setdefault(self.roles.get(pid, "other"), []).append(
                    [round(rss), round(private)]
                )
        return {role: sorted(peaks, reverse=True) for role, peaks in sorted(by_role.items())}


def measure_pool(paths: list[str], workers: int) -> dict[str, Any]:
    from newsevents.config import load_settings
    from newsevents.model import Article
    from newsevents.parallel import code_parallel
    from newsevents.read import read_paths

    settings = load_settings()
    cpu = TreeCPU().start()
    started = time.perf_counter()
    articles = (a for a in read_paths(paths) if isinstance(a, Article))
    coded = events = 0
    for result in code_parallel(articles, settings, workers):
        if result.error is None:
            coded += 1
            events += len(result.events)
    seconds = time.perf_counter() - started
    cpu_seconds = cpu.stop()
    return {"label": f"code_parallel, {workers} workers", "articles": coded,
            "events": events, "seconds": round(seconds, 2),
            "articles_per_s": round(coded / seconds, 3), "cpu_seconds": round(cpu_seconds, 1),
            "cpu_per_article": round(cpu_seconds / max(coded, 1), 3),
            "cpu_by_role": cpu.cpu_by_role(), "sampling_cpu_seconds": round(cpu.sampling_cpu, 1),
            "peak_mb": cpu.memory()}  # fmt: skip


def _first_records(path: str, records: int, target: str) -> str:
    """The first ``records`` records of a WARC, as a WARC of their own."""
    from newsevents.spark.plan import warc_record_offsets

    data = Path(path).read_bytes()
    offsets = warc_record_offsets(data, path.endswith(".gz")) + [len(data)]
    Path(target).write_bytes(data[: offsets[min(records, len(offsets) - 1)]])
    return target


def measure_spark(
    paths: list[str], master: str, partitions: int | None, warm: bool
) -> dict[str, Any]:
    from newsevents.config import load_settings
    from newsevents.spark import run_job, spark_session

    settings = replace(load_settings(), clustering=False)
    started = time.perf_counter()
    spark = spark_session(master)
    with tempfile.TemporaryDirectory(prefix="spark-bench-") as scratch:
        if warm:
            # Another batch size: the measured job gets a daemon of its own, which
            # builds its pipeline again, as on a cold JVM.
            warm_up = replace(settings, batch_size=settings.batch_size + 1)
            sample = _first_records(paths[0], 8, os.path.join(scratch, "sample.warc.gz"))
            run_job([sample], os.path.join(scratch, "warm-up"), spark=spark, settings=warm_up)
        session_seconds = time.perf_counter() - started
        cpu = TreeCPU().start()
        try:
            counts = run_job(paths, os.path.join(scratch, "out"), spark=spark,
                             settings=settings, partitions=partitions)  # fmt: skip
            cpu_seconds = cpu.stop()
        finally:
            spark.stop()
    total = session_seconds + counts.seconds
    return {"label": f"Spark {master}, {'warm' if warm else 'cold'} JVM",
            "articles": counts.articles_coded, "events": counts.events,
            "records_read": counts.records_read, "inputs": counts.inputs,
            "failures": counts.failures, "partitions": counts.partitions,
            "seconds": round(counts.seconds, 2), "session_seconds": round(session_seconds, 2),
            "articles_per_s": round(counts.articles_coded / counts.seconds, 3),
            "articles_per_s_with_startup": round(counts.articles_coded / total, 3),
            "cpu_seconds": round(cpu_seconds, 1),
            "cpu_per_article": round(cpu_seconds / max(counts.articles_coded, 1), 3),
            "cpu_by_role": cpu.cpu_by_role(), "sampling_cpu_seconds": round(cpu.sampling_cpu, 1),
            "peak_mb": cpu.memory()}  # fmt: skip


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
    runs: dict[str, list[dict[str, Any]]] = {"pool": [], "spark_cold": [], "spark_warm": []}
    for _ in range(args.repeat):
        runs["pool"].append(in_fresh_process(measure_pool, paths, args.workers))
        print(json.dumps(runs["pool"][-1]), flush=True)
        for side, warm in (("spark_cold", False), ("spark_warm", True)):
            result = in_fresh_process(measure_spark, paths, args.master, args.partitions, warm)
            runs[side].append(result)
            print(json.dumps(result), flush=True)
    best = {side: max(r["articles_per_s"] for r in results) for side, results in runs.items()}
    if not all(best.values()):
        print("error: a side coded no article (see the errors above)", file=sys.stderr)
        return 1
    cpu = {side: min(r["cpu_per_article"] for r in results) for side, results in runs.items()}
    ratios = {side: round(best[side] / best["pool"], 3) for side in ("spark_cold", "spark_warm")}
    startup = max(r["articles_per_s_with_startup"] for r in runs["spark_cold"])
    print(f"best articles/s: pool {best['pool']:.3f}; Spark job, cold JVM "
          f"{best['spark_cold']:.3f}, warm JVM {best['spark_warm']:.3f}; cold with the "
          f"JVM/session start {startup:.3f}\n"
          f"Spark / pool (target >= 0.85): cold JVM {ratios['spark_cold']:.3f}x, warm JVM "
          f"{ratios['spark_warm']:.3f}x; cold with start-up {startup / best['pool']:.3f}x\n"
          f"CPU seconds per article (least): pool {cpu['pool']:.3f}, Spark cold "
          f"{cpu['spark_cold']:.3f}, warm {cpu['spark_warm']:.3f}\n"
          f"load average after: {_load()}")  # fmt: skip
    if args.json:
        summary = {"runs": runs, "best": best, "ratios": ratios, "cpu_per_article": cpu,
                   "load": _load()}  # fmt: skip
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
