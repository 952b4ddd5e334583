"""Score our HTML reader on the Article Extraction Benchmark (AEB), beside peer tools.

Usage: python bench/extraction_aeb.py [AEB_DIR] [--json]
(default AEB_DIR: ../shared/extraction/aeb, with html/*.html.gz, ground-truth.json and
peer-output/*.json).

The measure is the benchmark's own (its evaluate.py): per page, the 4-gram shingles of
the predicted and the gold body give TP/FP/FN normalised by their sum; precision is
the mean over pages with any prediction, recall the mean over pages with any gold, and
F1 comes from the two means. Our body is ``Article.text`` (the dek, if one is found,
is put back in front since the benchmark counts it as body).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from newsevents.article import TextStructurer
from newsevents.read.html import read_html

_TOKEN = re.compile(r"\w+")
Shingles = Counter[tuple[str, ...]]


def shingles(text: str, n: int = 4) -> Shingles:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def tp_fp_fn(gold: str, predicted: str) -> tuple[float, float, float]:
    true, pred = shingles(gold), shingles(predicted)
    tp = fp = fn = 0.0
    for key in true.keys() | pred.keys():
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    counts = [tp_fp_fn(gold[key], predicted.get(key) or "") for key in gold]
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def our_bodies(aeb: Path, urls: dict[str, str]) -> dict[str, str]:
    structurer = TextStructurer.load()
    bodies: dict[str, str] = {}
    for path in sorted((aeb / "html").glob("*.html.gz")):
        key = path.name.split(".")[0]
        with gzip.open(path, "rb") as stream:
            data = stream.read()
        try:
            article = read_html(data, id=key, url=urls.get(key), structurer=structurer)
        except ValueError:
            bodies[key] = ""
            continue
        bodies[key] = "\n\n".join(p for p in (article.dek, article.text) if p)
    return bodies


def peer_bodies(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if "output" in data and isinstance(data["output"], dict):
        data = data["output"]
    return {key: (value or {}).get("articleBody") or "" for key, value in data.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("aeb_dir", nargs="?", default="../shared/extraction/aeb")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    args = parser.parse_args(argv)
    aeb = Path(args.aeb_dir)
    if not (aeb / "ground-truth.json").is_file():
        print(f"error: no ground-truth.json in {aeb}", file=sys.stderr)
        return 2
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {key: value.get("articleBody") or "" for key, value in truth.items()}
    urls = {key: value.get("url") or "" for key, value in truth.items()}
    started = time.perf_counter()
    results = {"newsevents": score(gold, our_bodies(aeb, urls))}
    seconds = time.perf_counter() - started
    for peer in sorted((aeb / "peer-output").glob("*.json")):
        results[peer.stem] = score(gold, peer_bodies(peer))
    if args.json:
        print(
            json.dumps(
                {
                    k: dict(zip(("precision", "recall", "f1"), v, strict=True))
                    for k, v in results.items()
                }
            )
        )
        return 0
    print(f"{'tool':<16} {'P':>6} {'R':>6} {'F1':>6}   ({len(gold)} pages; ours in {seconds:.1f}s)")
    for name, (p, r, f1) in sorted(results.items(), key=lambda item: -item[1][2]):
        print(f"{name:<16} {p:6.3f} {r:6.3f} {f1:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
