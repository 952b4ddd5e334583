"""Time the actor knowledge base load and the resolver against spaCy parsing.

    .venv/bin/python bench/actors_load.py [--corpus ../shared/corpora/bbc_politics] [-n 20]

Prints: knowledge base load time (wall and CPU; best of --repeat runs, each in a fresh
object), then for n articles the spaCy parse time and the resolver time per article.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsevents.actors import ActorResolver, KnowledgeBase
from newsevents.model import Article
from newsevents.nlp import load_model, parse_texts

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/bbc_politics"


def time_load(repeat: int) -> KnowledgeBase:
    walls, cpus = [], []
    kb = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        kb = KnowledgeBase.load()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    assert kb is not None
    print(f"KnowledgeBase.load: best wall {min(walls):.3f} s, best CPU {min(cpus):.3f} s "
          f"({repeat} runs; {len(kb.entries)} actors, {len(kb.agents)} agent phrases, "
          f"{len(kb.trie)} token keys)")
    return kb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    kb = time_load(args.repeat)
    files = sorted(p for p in args.corpus.iterdir() if p.is_file())[: args.n]
    if not files:
        return
    articles = [Article(id=p.stem, paragraphs=tuple(x.strip() for x in
                p.read_text("utf-8", "replace").split("\n") if x.strip())) for p in files]  # fmt: skip
    nlp = load_model()
    resolver = ActorResolver(kb)
    t = time.perf_counter()
    parsed = list(parse_texts(nlp, (a.text for a in articles)))
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    mentions = sum(len(resolver.resolve(p, a)) for p, a in zip(parsed, articles, strict=True))
    resolve_s = time.perf_counter() - t
    n, tokens = len(articles), sum(len(p.tokens) for p in parsed)
    print(f"{n} articles, {tokens} tokens: spaCy parse {parse_s / n * 1000:.1f} ms/article, "
          f"resolver {resolve_s / n * 1000:.2f} ms/article "
          f"({resolve_s / parse_s * 100:.1f}% of parse), {mentions} mentions")


if __name__ == "__main__":
    main()
