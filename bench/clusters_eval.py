"""Pairwise same-happening precision and recall of event clustering.

    .venv/bin/python bench/clusters_eval.py PATH... --judgments FILE [--db DB] [--one-by-one]

Reads and codes the articles at PATH (files or folders), ingests them into a fresh store
(a temporary SQLite file unless --db names a throw-away one) with clustering on, then
scores every pair of judged events from two different articles: the pair is the same
happening in the judgments when both carry the same ``happening`` label, and for the
system when both events are in one cluster.

Judgment lines (others, such as ``{"syndicated": ...}``, are skipped):
``{"article", "happening", "plover"?, "source"?, "target"?, "sentence_index"?,
"sentence"? (words the event's sentence contains), "trigger"?}``: the article's factual
events matching the given fields (``plover``
compared with ``happening.happening_type``; ``source``/``target`` countries of the
event's actors, either way for mutual types) report that happening.

Prints P/R/F1 over the pairs of matched events; judgments that match no event (the
coder missed or changed it) are listed, and a second recall counts their pairs as missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsevents.config import load_settings
from newsevents.happening import RECIPROCAL_TYPES, happening_type
from newsevents.model import Article, Event
from newsevents.parallel import code_parallel
from newsevents.read import read_paths
from newsevents.store import Store


def matches(e: Event, j: dict[str, Any]) -> bool:
    if not e.factual:
        return False
    if "sentence_index" in j and e.sentence_index != j["sentence_index"]:
        return False
    if "trigger" in j and e.trigger != j["trigger"]:
        return False
    if "sentence" in j and j["sentence"] not in " ".join(e.sentence.split()):
        return False
    kind = happening_type(e)
    if "plover" in j and kind != j["plover"]:
        return False
    if "source" in j or "target" in j:
        src = {a.country for a in e.source}
        tgt = {a.country for a in e.target}
        want = (j.get("source"), j.get("target"))
        forward = want[0] in src and want[1] in tgt
        backward = want[0] in tgt | src and want[1] in src | tgt
        if not (forward or (kind in RECIPROCAL_TYPES and backward)):
            return False
    return True


def pair_scores(
    labelled: list[tuple[str, str, str]], missing: list[tuple[str, str]]
) -> dict[str, float]:
    """``labelled``: (article, happening, cluster) per matched event; ``missing``:
    (article, happening) of judgments no event matched."""
    tp = fp = fn = 0
    for (a1, h1, c1), (a2, h2, c2) in itertools.combinations(labelled, 2):
        if a1 == a2:
            continue
        same, together = h1 == h2, c1 == c2
        tp += same and together
        fp += together and not same
        fn += same and not together
    lost = sum(
        1
        for (a1, h1), (a2, h2, _) in itertools.product(missing, labelled)
        if a1 != a2 and h1 == h2
    ) + sum(1 for (a1, h1), (a2, h2) in itertools.combinations(missing, 2) if a1 != a2 and h1 == h2)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    r_all = tp / (tp + fn + lost) if tp + fn + lost else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "fn_missing_events": lost, "precision": p,
            "recall": r, "f1": f1, "recall_with_missing": r_all}  # fmt: skip


def load_judgments(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if "article" in r and "happening" in r]


def run(args: argparse.Namespace) -> dict[str, Any]:
    settings = load_settings()
    db = args.db or str(Path(tempfile.mkdtemp(prefix="newsevents-clusters-")) / "c.db")
    articles = [a for a in read_paths(args.paths) if isinstance(a, Article)]
    coded = list(code_parallel(articles, settings, args.workers))
    with Store.open(db) as store:
        if args.one_by_one:
            for c in coded:
                store.ingest([c])
        else:
            store.ingest(coded)
        with store.engine.connect() as conn:
            from sqlalchemy import text

            cluster_of = dict(conn.execute(text("SELECT event_id, cluster_id FROM events")).all())
            links = conn.execute(text("SELECT count(*) FROM article_links")).scalar()
            n_clusters = conn.execute(text("SELECT count(*) FROM clusters")).scalar()
    by_article: dict[str, list[Event]] = {}
    for c in coded:
        by_article[c.article.id] = list(c.events)
    labelled: list[tuple[str, str, str]] = []
    missing: list[tuple[str, str]] = []
    unmatched = []
    for j in load_judgments(args.judgments):
        found = [e for e in by_article.get(j["article"], []) if matches(e, j)]
        if not found:
            missing.append((j["article"], j["happening"]))
            unmatched.append(j)
        for e in found:
            labelled.append((j["article"], j["happening"], cluster_of[e.event_id]))
    scores = pair_scores(labelled, missing)
    scores.update(
        articles=len(articles), events=sum(len(v) for v in by_article.values()),
        judged_events=len(labelled), unmatched_judgments=len(unmatched), clusters=n_clusters,
        syndication_links=links,
    )  # fmt: skip
    for j in unmatched:
        print(f"unmatched judgment: {json.dumps(j)}")
    return scores


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", help="article files or folders")
    parser.add_argument("--judgments", type=Path, required=True)
    parser.add_argument("--db", default=None, help="a throw-away store (default: a temp file)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--one-by-one", action="store_true", help="ingest article by article")
    s = run(parser.parse_args(list(argv) if argv is not None else None))
    print(
        f"{s['articles']} articles, {s['events']} events ({s['judged_events']} judged), "
        f"{s['clusters']} clusters, {s['syndication_links']} syndicated copies linked"
    )
    print(
        f"pairs across articles: precision {s['precision']:.3f}, recall {s['recall']:.3f}, "
        f"F1 {s['f1']:.3f} (TP {s['tp']}, FP {s['fp']}, FN {s['fn']}); recall counting "
        f"pairs of events the coder missed: {s['recall_with_missing']:.3f} "
        f"({s['fn_missing_events']} such pairs)"
    )


if __name__ == "__main__":
    main()
