"""A bounded load test of the REST API on loopback.

Starts ``newsevents serve`` on 127.0.0.1 (a free port) over a store, sends a fixed
number of GET requests from concurrent httpx clients over a mix of endpoints, stops the
server and prints requests/s, latency percentiles and the error count.

    .venv/bin/python bench/load_api.py [--db DB] [--requests 2000] [--clients 8]

Without ``--db`` it first ingests ``examples/`` into a temporary store (this loads the
spaCy model once). Request parameters (article ids, dyads, actors, a second-page
cursor) are taken from the store itself, so every request hits real data.
"""

from __future__ import annotations

import argparse
import itertools
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
NEWSEVENTS = Path(sys.executable).with_name("newsevents")
STARTUP_TIMEOUT_S = 60.0


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: list[str] = field(default_factory=list)
    by_endpoint: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, endpoint: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)
                self.by_endpoint.setdefault(endpoint, []).append(seconds)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_example_store(folder: Path) -> str:
    db = str(folder / "examples.db")
    subprocess.run(
        [str(NEWSEVENTS), "ingest", str(ROOT / "examples"), "--db", db],
        check=False,  # exit 3 (an example skipped) still leaves a usable store
        stdout=subprocess.DEVNULL,
    )
    return db


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"error: the server exited with status {server.returncode}")
        try:
            if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("error: the server did not start")


def request_mix(client: httpx.Client) -> list[tuple[str, str]]:
    """(endpoint name, path) pairs built from what the store holds."""
    first = client.get("/api/events", params={"limit": 50}).json()
    events = first["events"]
    if not events:
        raise SystemExit("error: the store has no events to query")
    mix = [("events page", "/api/events?limit=50"), ("stats", "/api/stats")]
    if first["next_cursor"]:
        mix.append(("events next page", f"/api/events?limit=50&cursor={first['next_cursor']}"))
    for event in events[:5]:
        mix.append(("article", f"/api/articles/{quote(event['article_id'], safe='')}"))
        sources = [a["country"] for a in event["source"] if a["country"]]
        targets = [a["country"] for a in event["target"] if a["country"]]
        if sources and targets:
            a, b = sources[0], targets[0]
            mix.append(("events dyad", f"/api/events?dyad={a}:{b}&limit=50"))
            mix.append(("dyad timeline", f"/api/dyads/{a}/{b}/timeline?interval=week"))
        if event["plover"]:
            mix.append(("events plover", f"/api/events?plover={event['plover']}&factual=true"))
    for actor in ("gov", "minister", "united"):
        mix.append(("events actor", f"/api/events?actor={actor}&limit=20"))
        mix.append(("actor search", f"/api/actors?q={actor}"))
    return mix


def run_clients(base: str, mix: list[tuple[str, str]], total: int, clients: int) -> Results:
    results = Results()
    counter = itertools.count()

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while (n := next(counter)) < total:
                name, path = mix[n % len(mix)]
                started = time.perf_counter()
                try:
                    response = client.get(path)
                    error = (
                        None if response.status_code == 200 else f"{response.status_code} {path}"
                    )
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__} {path}"
                results.record(name, time.perf_counter() - started, error)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], q: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def report(results: Results, seconds: float, total: int, clients: int, as_json: bool) -> None:
    lat = sorted(results.latencies) or [0.0]
    summary = {
        "requests": total,
        "clients": clients,
        "seconds": round(seconds, 2),
        "requests_per_s": round(total / seconds, 1),
        "p50_ms": round(percentile(lat, 50) * 1000, 1),
        "p95_ms": round(percentile(lat, 95) * 1000, 1),
        "p99_ms": round(percentile(lat, 99) * 1000, 1),
        "errors": len(results.errors),
    }
    if as_json:
        print(json.dumps(summary))
        return
    print(" ".join(f"{k}={v}" for k, v in summary.items()))
    for name, values in sorted(results.by_endpoint.items()):
        print(f"  {name:18s} n={len(values):5d}  p50={percentile(sorted(values), 50) * 1000:7.1f} ms"
              f"  p95={percentile(sorted(values), 95) * 1000:7.1f} ms")  # fmt: skip
    for error in results.errors[:10]:
        print(f"  error: {error}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="store to serve (default: examples/ ingested into a temp file)")
    ap.add_argument("--requests", type=int, default=2000, help="total requests (default 2000)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--json", action="store_true", help="print the summary as one JSON line")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_example_store(Path(tmp))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(NEWSEVENTS), "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_up(base, server)
            with httpx.Client(base_url=base, timeout=30) as client:
                mix = request_mix(client)
            started = time.perf_counter()
            results = run_clients(base, mix, args.requests, args.clients)
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(results, seconds, args.requests, args.clients, args.json)
    if results.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
