"""Fit the event confidence model (src/newsevents/data/coding/confidence.json).

Usage: python scripts/train_confidence.py [--gold tests/fixtures/realnews_team.jsonl ...]
       [--negatives ../shared/corpora/bbc_other/sport ../shared/corpora/bbc_other/entertainment]
       [--skip 100] [--check ../shared/gold/realnews_dev.jsonl] [--folds 5] [--seed 13]
       [--out src/newsevents/data/coding/confidence.json] [--report FILE.json]

Training data: every factual event the coder finds in the training gold, labelled right when
the gold has an event of its type that it pairs with (``evaluate_errors.match_events``: right
type, whatever the actors), wrong otherwise; and every factual event found in sport and
entertainment stories (after the first ``--skip`` of each folder, which the scope check
uses), all wrong. The model is an L2-regularised logistic regression (numpy, Newton steps).

Reported, never on data the fitted model saw: out-of-fold probabilities by 5-fold
cross-validation over articles (grouped, fixed seed), and the final model on ``--check``
(the dev gold, which is not trained on): reliability by confidence band and type precision
and recall at each threshold. Training data is not shipped; the model is a JSON of weights.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from newsevents import Pipeline, load_settings, read
from newsevents.coding.confidence import FEATURE_NAMES
from newsevents.evaluate import GoldItem, load_gold, score
from newsevents.evaluate_errors import match_events
from newsevents.model import Article, Event
from newsevents.nlp import parse_texts
from newsevents.read.dateline import DatelineParser

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RIGHT = frozenset({"right", "wrong_actors"})
BANDS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def coded(pipeline: Pipeline, articles: list[Article]) -> Iterable[tuple[Article, list[Event], dict[str, Any]]]:
    """Each article's events, with the topic the coder saw (for the features)."""
    coder = pipeline.coder
    for article, parsed in zip(articles, parse_texts(pipeline.nlp, (a.text for a in articles)), strict=True):
        mentions = pipeline.resolver.resolve(parsed, article)
        events = coder.code(article, parsed, mentions)
        topic = coder.topics.topic(parsed)
        yield article, events, {"topic": topic}


def rows_for_gold(pipeline: Pipeline, items: list[GoldItem]) -> list[tuple[str, dict[str, float], int, Event]]:
    by_id = {it.id: it for it in items}
    out = []
    for article, events, ctx in coded(pipeline, [it.article(DatelineParser.load()) for it in items]):
        item = by_id[article.id]
        gold = () if item.noevents else item.events
        for kind, _g, p in match_events(gold, events):
            if p is not None:
                out.append((article.id, pipeline.coder.features(p, ctx["topic"]), int(kind in RIGHT), p))
    return out


def rows_for_negatives(pipeline: Pipeline, folders: list[Path], skip: int) -> list[tuple[str, dict[str, float], int, Event]]:
    files = [str(f) for d in folders for f in sorted(d.glob("*.txt"))[skip:]]
    articles = read(files, date="2005-01-15", errors="skip")
    out = []
    for article, events, ctx in coded(pipeline, articles):
        for e in events:
            if e.factual and e.plover:
                out.append((f"neg:{article.id}", pipeline.coder.features(e, ctx["topic"]), 0, e))
    return out


def matrix(rows: list[tuple[str, dict[str, float], int, Event]]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[f.get(n, 0.0) for n in FEATURE_NAMES] for _, f, _, _ in rows], dtype=float)
    y = np.array([label for _, _, label, _ in rows], dtype=float)
    return x, y


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 30) -> tuple[float, np.ndarray]:
    """Logistic regression by Newton's method; the bias is not penalised."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg) + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return float(w[0]), w[1:]


def predict(bias: float, w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(bias + x @ w)))


def reliability(p: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    out = []
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        sel = (p >= lo) & (p < hi)
        if sel.any():
            out.append({"band": f"{lo:.1f}-{min(hi, 1.0):.1f}", "events": int(sel.sum()),
                        "mean_confidence": round(float(p[sel].mean()), 3),
                        "right": round(float(y[sel].mean()), 3)})  # fmt: skip
    return out


def cross_validate(rows: list[tuple[str, dict[str, float], int, Event]], folds: int, seed: int) -> np.ndarray:
    groups = sorted({r[0] for r in rows})
    random.Random(seed).shuffle(groups)
    fold_of = {g: n % folds for n, g in enumerate(groups)}
    x, y = matrix(rows)
    out = np.zeros(len(rows))
    for k in range(folds):
        test = np.array([fold_of[r[0]] == k for r in rows])
        bias, w = fit(x[~test], y[~test])
        out[test] = predict(bias, w, x[test])
    return out


def thresholds(pipeline: Pipeline, items: list[GoldItem], model: tuple[float, np.ndarray]) -> list[dict[str, Any]]:
    """Type and dyad scores on gold the model never saw, at each minimum confidence."""
    bias, w = model
    coded_items = []
    for article, events, ctx in coded(pipeline, [it.article(DatelineParser.load()) for it in items]):
        feats = [pipeline.coder.features(e, ctx["topic"]) for e in events]
        x = np.array([[f.get(n, 0.0) for n in FEATURE_NAMES] for f in feats]).reshape(len(feats), len(FEATURE_NAMES))
        probs = predict(bias, w, x)
        coded_items.append((article.id, list(zip(events, probs, strict=True))))
    by_id = {it.id: it for it in items}
    out = []
    for t in (0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        report = score((by_id[i], [e for e, p in evs if p >= t]) for i, evs in coded_items)
        out.append({"min_confidence": t, "type": report.type.to_dict(), "dyad": report.dyad.to_dict()})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", nargs="+", type=Path, default=[ROOT / "tests" / "fixtures" / "realnews_team.jsonl"])
    ap.add_argument("--negatives", nargs="+", type=Path,
                    default=[SHARED / "corpora" / "bbc_other" / "sport", SHARED / "corpora" / "bbc_other" / "entertainment"])
    ap.add_argument("--skip", type=int, default=100)
    ap.add_argument("--check", type=Path, default=SHARED / "gold" / "realnews_dev.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "newsevents" / "data" / "coding" / "confidence.json")
    ap.add_argument("--report", type=Path, default=None)
    args = ap.parse_args(argv)
    pipeline = Pipeline(load_settings())
    items = [it for path in args.gold for it in load_gold(path)]
    rows = rows_for_gold(pipeline, items) + rows_for_negatives(pipeline, args.negatives, args.skip)
    x, y = matrix(rows)
    print(f"training events: {len(rows)} ({int(y.sum())} right)", file=sys.stderr)
    oof = cross_validate(rows, args.folds, args.seed)
    bias, w = fit(x, y)
    weights = {n: round(float(v), 4) for n, v in zip(FEATURE_NAMES, w, strict=True) if abs(v) > 1e-4}
    args.out.write_text(json.dumps({"version": f"lr-{len(rows)}-seed{args.seed}", "bias": round(bias, 4),
                                    "weights": weights}, indent=1) + "\n", encoding="utf-8")  # fmt: skip
    report: dict[str, Any] = {
        "training_events": len(rows), "right": int(y.sum()),
        "cross_validated_reliability": reliability(oof, y),
    }
    if args.check.exists():
        check = load_gold(args.check)
        rows_check = rows_for_gold(pipeline, check)
        xc, yc = matrix(rows_check)
        report["check_reliability"] = reliability(predict(bias, w, xc), yc)
        report["check_thresholds"] = thresholds(pipeline, check, (bias, w))
    text = json.dumps(report, indent=1)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
