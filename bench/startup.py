"""Start-up: how long whole processes take to code one article, against spaCy's own load.

Usage: python bench/startup.py [FILE] [--runs 7] [--cold-runs 3] [--json OUT]
(default FILE: examples/rubio-lavrov-riyadh-talks.txt)

Every figure is a whole process, started fresh and timed from spawn to exit (wall
clock, and its CPU time from the kernel), run ``--runs`` times, alternating, with the
median reported (min and max beside it):

1. ``spacy``: ``import spacy; spacy.load(model)``, the floor no newsevents command can
   go under;
2. ``code FILE``: ``newsevents code FILE`` with the snapshot cache filled (any run after
   the first on a machine: ``newsevents.cache``);
3. ``code FILE, empty cache``: the same with an empty cache folder each time, as the very
   first run after installing (it builds and stores the snapshots);
4. ``python snippet``: the README's ``newsevents.code(open(FILE).read(), date=...)``;
5. ``serve: page``: ``newsevents serve`` from spawn to the first answer of ``GET /``, and
   ``serve: first code``: the first ``POST /api/code`` after it (the model loads then).

The load average before and after is printed: on a shared machine the wall clock moves
with other jobs, the CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "examples" / "rubio-lavrov-riyadh-talks.txt"
BIN = Path(sys.executable).parent
TARGET_S = 3.0


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process; output discarded."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        raise RuntimeError(f"{' '.join(argv)} failed: {stderr[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def _serve_times(env: dict[str, str], text: str) -> tuple[float, float]:
    """(seconds from spawn to the first page, seconds of the first POST /api/code)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "empty.db")
        argv = [str(BIN / "newsevents"), "serve", "--db", db, "--port", "0"]
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)  # fmt: skip
        try:
            url = _announced_url(proc)
            with urllib.request.urlopen(url + "/", timeout=60) as page:
                page.read()
            to_page = time.perf_counter() - started
            body = json.dumps({"text": text}).encode()
            request = urllib.request.Request(
                url + "/api/code", data=body, headers={"Content-Type": "application/json"}
            )
            code_started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120) as answer:
                json.loads(answer.read())
            return to_page, time.perf_counter() - code_started
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _announced_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"dashboard: (http://\S+?)/\s", line)
        if found:
            return found.group(1)
    stderr = proc.stderr.read() if proc.stderr else ""
    raise RuntimeError(f"serve did not start: {stderr[-500:]}")


def _summary(label: str, walls: list[float], cpus: list[float]) -> dict[str, Any]:
    return {
        "label": label,
        "runs": len(walls),
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "median_cpu_s": round(statistics.median(cpus), 3) if cpus else None,
    }


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true", help="skip the serve figures")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"no file {args.file}")
    from newsevents.config import load_settings

    model = load_settings().model
    text = args.file.read_text(encoding="utf-8")
    print(f"file {args.file}; model {model}; cpus {os.cpu_count()}; load average {_load()}",
          flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as warm_cache:
        env = {**os.environ, "NEWSEVENTS_CACHE_DIR": warm_cache}
        code = [str(BIN / "newsevents"), "code", str(args.file)]
        _timed(code, env)  # fills the cache: every later run reads it
        commands: dict[str, Callable[[], tuple[float, float]]] = {
            "spacy": lambda: _timed(
                [sys.executable, "-c",
                 f"import spacy; spacy.load({model!r}, exclude=['textcat'])"], env),  # fmt: skip
            "code FILE": lambda: _timed(code, env),
            "python snippet": lambda: _timed(
                [sys.executable, "-c",
                 "import newsevents, sys; newsevents.code(open(sys.argv[1]).read(), "
                 "date='2025-02-18')", str(args.file)], env),  # fmt: skip
        }
        walls: dict[str, list[float]] = {k: [] for k in commands}
        cpus: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):  # alternate, so that load changes hit every command
            for label, run in commands.items():
                wall, cpu = run()
                walls[label].append(wall)
                cpus[label].append(cpu)
        results = [_summary(k, walls[k], cpus[k]) for k in commands]
        cold_walls, cold_cpus = [], []
        for _ in range(args.cold_runs):
            with tempfile.TemporaryDirectory() as empty:
                wall, cpu = _timed(code, {**env, "NEWSEVENTS_CACHE_DIR": empty})
            cold_walls.append(wall)
            cold_cpus.append(cpu)
        if cold_walls:
            results.append(_summary("code FILE, empty cache", cold_walls, cold_cpus))
        if not args.no_serve:
            pages, firsts = [], []
            for _ in range(max(1, args.runs // 2)):
                to_page, first_code = _serve_times(env, text)
                pages.append(to_page)
                firsts.append(first_code)
            results.append(_summary("serve: spawn to first page", pages, []))
            results.append(_summary("serve: first POST /api/code", firsts, []))
    print(f"{'command':<30} {'runs':>4} {'median':>8} {'min':>7} {'max':>7} {'CPU (median)':>13}")
    for r in results:
        cpu = f"{r['median_cpu_s']:.2f} s" if r["median_cpu_s"] is not None else "-"
        print(f"{r['label']:<30} {r['runs']:>4} {r['median_s']:>7.2f}s {r['min_s']:>6.2f}s "
              f"{r['max_s']:>6.2f}s {cpu:>13}")  # fmt: skip
    code_median = results[1]["median_s"]
    verdict = "met" if code_median < TARGET_S else "NOT met"
    print(f"newsevents code FILE: median {code_median:.2f} s (target < {TARGET_S:.0f} s: {verdict}); "
          f"{code_median - results[0]['median_s']:+.2f} s over spaCy's own load")  # fmt: skip
    print(f"load average after: {_load()}")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "load_after": _load()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
