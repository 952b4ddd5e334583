"""Throughput: bare spaCy against the full pipeline, in one process and in N workers.

Usage: python bench/throughput.py [CORPUS] [--workers 2] [--repeat 10] [--rounds 1]
       [--chunk-size N] [--json FILE] [--profile] [--skip-large]
       python bench/throughput.py [CORPUS] --whole-process 100 [--rounds 3]
(default CORPUS: ../shared/corpora/bbc_politics, 417 .txt articles)

Every measurement runs in a fresh process, so that its peak RSS is its own:
1. bare spaCy: ``nlp.pipe`` over the article texts (read beforehand, untimed), with
   the same model loaded the same way (``nlp.load_model(settings.model)``) and the same
   batch size as the pipeline;
2. the full pipeline in one process on the same files: read -> nlp -> actors -> coding
   (models and dictionaries loaded before the clock starts, as a long run amortises);
3. the same with ``parallel.code_parallel`` at ``--workers`` (pool start-up included);
4. the corpus repeated ``--repeat`` times (paths streamed, nothing held) at
   ``--workers``, to show that worker memory stays flat with corpus size.
Peak RSS is the kernel's high-water mark (VmHWM) of each process; workers are sampled
from /proc while they run, with their CPU time: "core share" is the CPU each worker
got per second of wall time (well under 1: other jobs took the cores). ``--rounds N``
measures 1-3 N times, alternating, and keeps the best of each. ``--profile`` prints
where one process spends its time (cProfile).

``--whole-process N`` measures instead as a user meets it: whole processes, model
loading included, over the first N articles: ``newsevents code DIR`` (default workers,
and ``--workers 1``) against a bare ``spacy.load`` + ``nlp.pipe`` over the same texts,
the snapshot cache filled by one untimed run first (as on any machine after the first
run); the ratio is the bare process's time over each command's (median of ``--rounds``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc_politics"
MB = 1024 * 1024


def _peak_rss_mb(pid: int | str = "self") -> float | None:
    """The kernel's peak resident set size of a process (VmHWM), in MiB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _descendants(root: int) -> dict[int, int]:
    """Every descendant process of ``root``, with its parent (walks /proc once)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                parent[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    found: dict[int, int] = {}
    frontier = {root}
    while frontier:
        frontier = {pid for pid, ppid in parent.items() if ppid in frontier} - found.keys()
        found.update((pid, parent[pid]) for pid in frontier)
    return found


def _is_fork_server(pid: int, ppid: int, me: int) -> bool:
    """multiprocessing's fork server: our child, whose children are the workers (which
    share its command line, being forked from it)."""
    if ppid != me:
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"forkserver" in cmdline.read()
    except OSError:
        return False


class ChildMemory:
    """Samples the peak RSS of this process's descendants (pool workers) while it runs."""

    def __init__(self, every: float = 0.5, enabled: bool = True) -> None:
        self.every = every
        self.enabled = enabled
        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}  # CPU seconds of each process, last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.every):
            for pid, ppid in _descendants(me).items():
                if _is_fork_server(pid, ppid, me):
                    continue
                peak = _peak_rss_mb(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0.0))
                cpu = _cpu_seconds(pid)
                if cpu is not None:
                    self.cpu[pid] = max(cpu, self.cpu.get(pid, 0.0))

    def __enter__(self) -> ChildMemory:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.enabled:
            self._thread.join()

    def largest(self, n: int) -> list[float]:
        return sorted(self.peaks.values(), reverse=True)[:n]


def corpus_paths(corpus: Path) -> list[Path]:
    """The corpus's article files (its README.TXT is no article)."""
    from newsevents.spark.splits import list_input_files

    files = [Path(p) for p in list_input_files([corpus])]
    return [p for p in files if not p.name.upper().startswith("README")]


def _articles(paths: Any) -> Iterator[Any]:
    from newsevents.model import Article
    from newsevents.read import read_paths

    return (a for a in read_paths(paths) if isinstance(a, Article))


def _words(text: str) -> int:
    return len(text.split())


def measure_spacy(corpus: Path) -> dict[str, Any]:
    from newsevents.config import load_settings
    from newsevents.nlp import load_model

    settings = load_settings()
    texts = [a.text for a in _articles(corpus_paths(corpus))]
    nlp = load_model(settings.model)
    for _ in nlp.pipe(texts[:4]):
        pass  # warm up, as the pipeline's warm-up article does
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    words = sum(_words(t) for t in texts)
    return _rates("bare spaCy nlp.pipe, 1 process", len(texts), words, seconds,
                  rss=[_peak_rss_mb()], cpu_seconds=round(cpu, 2),
                  components=list(nlp.pipe_names))  # fmt: skip


class _Counting:
    """Counts articles and words of a stream as it flows past."""

    def __init__(self, articles: Iterator[Any]) -> None:
        self.articles, self.words, self._source = 0, 0, articles

    def __iter__(self) -> Iterator[Any]:
        for article in self._source:
            self.articles += 1
            self.words += _words(article.text)
            yield article


def measure_pipeline(
    corpus: Path, workers: int, repeat: int, profile: bool, chunk_size: int | None = None
) -> dict[str, Any]:
    from newsevents.config import load_settings
    from newsevents.model import Article
    from newsevents.parallel import code_parallel
    from newsevents.pipeline import Pipeline

    settings = load_settings()
    paths = corpus_paths(corpus)
    stream = itertools.chain.from_iterable(itertools.repeat(paths, repeat))
    counting = _Counting(_articles(stream))
    events = errors = 0
    load_seconds = 0.0
    if workers <= 1:
        started = time.perf_counter()
        pipeline = Pipeline(settings)
        warm = Article("warm-up", "Warm up", paragraphs=("Russia and China signed a deal.",))
        list(pipeline.code_articles([warm]))  # loads the model and every dictionary
        load_seconds = time.perf_counter() - started
        run: Callable[[], Iterator[Any]] = lambda: pipeline.code_articles(counting)  # noqa: E731
    else:
        run = lambda: code_parallel(counting, settings, workers, chunk_size)  # noqa: E731
    profiler = _start_profile() if profile else None
    # Workers are sampled from a thread; one process needs no sampling (VmHWM suffices).
    with ChildMemory(enabled=workers > 1) as children:
        started, cpu = time.perf_counter(), time.process_time()
        for coded in run():
            events += len(coded.events)
            errors += coded.error is not None
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        _print_profile(profiler)
    label = f"full pipeline, {'1 process' if workers <= 1 else f'{workers} workers'}"
    if repeat > 1:
        label += f", corpus x{repeat} (streamed)"
    rss = [_peak_rss_mb()] if workers <= 1 else children.largest(workers)
    # How much of a core each worker got: well under 1 means other jobs took the CPU.
    worker_cpu = sum(sorted(children.cpu.values(), reverse=True)[:workers])
    cpu_share = cpu / seconds if workers <= 1 else worker_cpu / (workers * seconds)
    # cpu_seconds: this process only (with workers, their CPU time is not in it).
    return _rates(label, counting.articles, counting.words, seconds, rss=rss,
                  main_rss=_peak_rss_mb(), events=events, errors=errors,
                  cpu_seconds=round(cpu, 2), load_seconds=round(load_seconds, 2),
                  core_share=round(cpu_share, 3))  # fmt: skip


def _start_profile() -> Any:
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _print_profile(profiler: Any, top: int = 30) -> None:
    import pstats

    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    print("\n== where one process spends its time (cProfile, own time) ==", file=sys.stderr)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats("newsevents", top)


def _rates(label: str, articles: int, words: int, seconds: float, **extra: Any) -> dict[str, Any]:
    return {
        "label": label,
        "articles": articles,
        "words": words,
        "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 2) if seconds else None,
        "words_per_s": round(words / seconds) if seconds else None,
        **extra,
    }


def in_fresh_process(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


BARE_SCRIPT = """
import json, sys
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.load(sys.argv[2], exclude=["textcat"])
for _ in nlp.pipe(texts, batch_size=int(sys.argv[3])):
    pass
"""


def _whole_process_seconds(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process and all its children (pool workers)."""
    import subprocess

    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # the usage includes its reaped workers
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} ... failed with status {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def whole_process(corpus: Path, articles: int, rounds: int) -> dict[str, Any]:
    """Issue #10's measure: whole processes, model loading included, over the first
    ``articles`` stories: ``newsevents code DIR`` (default workers, and ``--workers 1``)
    against a bare ``spacy.load`` + ``nlp.pipe`` over the same texts (the article texts
    the pipeline parses, extracted beforehand, untimed). Rounds alternate; medians."""
    import shutil
    import statistics
    import tempfile

    from newsevents.config import load_settings

    settings = load_settings()
    paths = corpus_paths(corpus)[:articles]
    texts = [a.text for a in _articles(paths)]
    newsevents = str(Path(sys.executable).parent / "newsevents")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for path in paths:
            shutil.copy(path, folder / path.name)
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        env = {**os.environ, "NEWSEVENTS_CACHE_DIR": str(Path(tmp) / "cache")}
        runs = {
            "bare spaCy (spacy.load + nlp.pipe)": [
                sys.executable, "-c", BARE_SCRIPT, str(texts_file), settings.model,
                str(settings.batch_size),
            ],
            "newsevents code DIR": [newsevents, "code", str(folder)],
            "newsevents code DIR --workers 1": [newsevents, "code", str(folder), "--workers", "1"],
        }  # fmt: skip
        first, _ = _whole_process_seconds(runs["newsevents code DIR --workers 1"], env)
        seconds: dict[str, list[float]] = {label: [] for label in runs}
        cpu: dict[str, list[float]] = {label: [] for label in runs}
        for _ in range(rounds):
            for label, argv in runs.items():
                wall, cpu_seconds = _whole_process_seconds(argv, env)
                seconds[label].append(wall)
                cpu[label].append(cpu_seconds)
    medians = {label: statistics.median(s) for label, s in seconds.items()}
    cpu_medians = {label: statistics.median(s) for label, s in cpu.items()}
    bare = medians["bare spaCy (spacy.load + nlp.pipe)"]
    return {
        "articles": len(texts),
        "rounds": rounds,
        "seconds": {label: [round(x, 2) for x in s] for label, s in seconds.items()},
        "median_s": {label: round(m, 2) for label, m in medians.items()},
        "ratio": {label: round(bare / m, 3) for label, m in medians.items()},
        "median_cpu_s": {label: round(m, 2) for label, m in cpu_medians.items()},
        "cpu_ratio": {
            label: round(cpu_medians["bare spaCy (spacy.load + nlp.pipe)"] / m, 3)
            for label, m in cpu_medians.items()
        },
        "first_run_empty_cache_workers_1_s": round(first, 2),
    }


def _print_whole_process(result: dict[str, Any]) -> None:
    print(f"whole processes over {result['articles']} articles, {result['rounds']} rounds "
          "(median; ratio = bare spaCy time / this time; target >= 0.85):")  # fmt: skip
    for label, median in result["median_s"].items():
        runs = ", ".join(f"{s:.1f}" for s in result["seconds"][label])
        # The pool's workers are the fork server's children, not ours: their CPU time
        # never reaches this process, so only one-process runs get a CPU figure.
        cpu = "" if label == "newsevents code DIR" else (
            f"; CPU {result['median_cpu_s'][label]:.1f} s, ratio by CPU "
            f"{result['cpu_ratio'][label]:.3f}")  # fmt: skip
        print(f"  {label:<40} {median:7.2f} s  ratio {result['ratio'][label]:.3f}  ({runs}){cpu}")
    print(f"  first run of `code DIR --workers 1` with an empty snapshot cache: "
          f"{result['first_run_empty_cache_workers_1_s']:.2f} s")  # fmt: skip
    print(f"load average after: {_load()}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _print(result: dict[str, Any]) -> None:
    rss = ", ".join(f"{r:.0f}" for r in result.get("rss") or [] if r)
    print(f"{result['label']:<55} {result['articles']:>6} articles {result['seconds']:>8.1f} s "
          f"{result['articles_per_s']:>7.2f} art/s {result['words_per_s']:>7} words/s  "
          f"peak RSS/process MB: {rss}; core share {result.get('core_share', '-')}",
          flush=True)  # fmt: skip
    if result.get("errors"):
        print(f"  ({result['errors']} articles failed to code: the figures above are void)")


def _summarise(results: dict[str, Any], workers: int) -> None:
    lines = [
        f"full pipeline / bare spaCy, 1 process: {results['pipeline_vs_spacy']:.3f}x "
        f"(by CPU time {results['pipeline_vs_spacy_cpu']:.3f}x; target >= 0.85)",
        f"speed-up at {workers} workers, loading included on both sides: "
        f"{results['speedup']:.3f}x (against the warm process: "
        f"{results['speedup_vs_warm']:.3f}x; target >= 1.7)",
    ]
    if "large" in results:
        lines.append(f"speed-up at {workers} workers on the large corpus, against the warm "
                     f"process: {results['speedup_large_vs_warm']:.3f}x")  # fmt: skip
    lines.append(f"load average after: {results['load_after']}")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=10, help="size of the large corpus")
    parser.add_argument("--skip-large", action="store_true", help="no repeated-corpus run")
    parser.add_argument("--profile", action="store_true", help="cProfile the 1-process run")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure the 1x corpus N times, keep the best"
    )
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=None,
        help="articles per worker task (default: the pool's)",
    )
    parser.add_argument(
        "--whole-process",
        type=int,
        metavar="N",
        default=None,
        help="only the whole-process measure over the first N articles (issue #10: "
        "`newsevents code DIR` against bare spacy.load + nlp.pipe, loading included)",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder at {args.corpus}")
    if args.whole_process:
        print(f"corpus {args.corpus}; cpus {os.cpu_count()}; load average {_load()}", flush=True)
        result = whole_process(args.corpus, args.whole_process, max(args.rounds, 1))
        _print_whole_process(result)
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n")
        return 0
    print(f"corpus {args.corpus} ({len(corpus_paths(args.corpus))} files); "
          f"cpus {os.cpu_count()}; load average {_load()}", flush=True)  # fmt: skip
    results: dict[str, Any] = {"load_before": _load()}
    for _ in range(args.rounds):  # alternate, keep the best: other jobs come and go
        bare = in_fresh_process(measure_spacy, args.corpus)
        _print(bare)
        one = in_fresh_process(measure_pipeline, args.corpus, 1, 1, args.profile)
        _print(one)
        many = in_fresh_process(
            measure_pipeline, args.corpus, args.workers, 1, False, args.chunk_size
        )
        _print(many)
        for key, result in (("spacy", bare), ("pipeline", one), ("parallel", many)):
            if key not in results or result["articles_per_s"] > results[key]["articles_per_s"]:
                results[key] = result
    if not args.skip_large:
        results["large"] = in_fresh_process(
            measure_pipeline, args.corpus, args.workers, args.repeat, False, args.chunk_size
        )
        _print(results["large"])
    spacy, one, many = results["spacy"], results["pipeline"], results["parallel"]
    if any(r.get("errors") for r in (one, many)):
        print("error: articles failed to code (see above); no ratios", file=sys.stderr)
        return 1
    results["pipeline_vs_spacy"] = round(one["articles_per_s"] / spacy["articles_per_s"], 3)
    # CPU seconds per article: less sensitive than wall time to other jobs on the machine.
    results["pipeline_vs_spacy_cpu"] = round(
        (spacy["cpu_seconds"] / spacy["articles"]) / (one["cpu_seconds"] / one["articles"]), 3
    )
    # The pool's time includes starting the workers and loading their models, so the
    # one-process side is counted with its loading too: the same work on both sides.
    one_cold = one["articles"] / (one["seconds"] + one["load_seconds"])
    results["speedup"] = round(many["articles_per_s"] / one_cold, 3)
    results["speedup_vs_warm"] = round(many["articles_per_s"] / one["articles_per_s"], 3)
    if "large" in results:
        results["speedup_large_vs_warm"] = round(
            results["large"]["articles_per_s"] / one["articles_per_s"], 3
        )
    results["load_after"] = _load()
    _summarise(results, args.workers)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
