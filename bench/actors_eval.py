"""Show the actor mentions of a text file (default: the seed article) and check them
against a gold file's ``actors`` list when given.

    .venv/bin/python bench/actors_eval.py [--text F] [--gold G] [--date 2024-07-27]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

from newsevents.actors import ActorResolver, KnowledgeBase
from newsevents.model import Article
from newsevents.nlp import load_model, parse_texts

SEED = Path(__file__).resolve().parents[2] / "shared/seed/us-china-laos-talks.txt"


def article_from_text(raw: str, date: dt.date | None) -> Article:
    """Until newsevents.article lands: paragraphs split on blank lines; a leading
    "Place, Country:" dateline is left in the text."""
    try:
        from newsevents.article import structure_text  # type: ignore[attr-defined]

        return structure_text(raw, "seed", date)  # type: ignore[no-any-return]
    except ImportError:
        paras = tuple(p.strip() for p in raw.split("\n\n") if p.strip())
        return Article(id="seed", title=paras[0], date=date, paragraphs=paras[1:])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", type=Path, default=SEED)
    ap.add_argument("--gold", type=Path, default=None)
    ap.add_argument("--date", default="2024-07-27")
    args = ap.parse_args()
    gold_path = args.gold or args.text.with_suffix(".gold.json")
    kb = KnowledgeBase.load()
    nlp = load_model()
    article = article_from_text(args.text.read_text("utf-8"), dt.date.fromisoformat(args.date))
    parsed = next(parse_texts(nlp, [article.text]))
    t = time.perf_counter()
    mentions = ActorResolver(kb).resolve(parsed, article)
    took = time.perf_counter() - t
    found: dict[str, list[tuple[str | None, str | None]]] = {}
    for m in mentions:
        text = parsed.span_text(m.start, m.end)
        print(f"{m.how:20} {text!r:45} head={parsed.tokens[m.head].text!r:14} "
              + "; ".join(f"{a.code} {a.name or ''} {a.role or ''}".strip() for a in m.actors))
        for a in m.actors:
            found.setdefault(text, []).append((a.country, a.sector))
    print(f"resolve: {took * 1000:.1f} ms for {len(parsed.tokens)} tokens")
    if gold_path.is_file():
        gold = json.loads(gold_path.read_text("utf-8"))
        ok = 0
        for g in gold.get("actors", []):
            texts = [g["text"], *g.get("also_as", [])]
            hits = [v for t in texts for k, vs in found.items() if t in k or k in t for v in vs]
            good = all(
                any(c == g["country"] and (g.get("sector") is None or s == g["sector"])
                    for k, vs in found.items() if t in k for c, s in vs)
                for t in texts
            )
            ok += good
            print(f"{'OK ' if good else 'BAD'} {g['text']!r}: want {g['country']} "
                  f"{g.get('sector')}, got {hits}")
        print(f"gold actors right: {ok}/{len(gold.get('actors', []))}")


if __name__ == "__main__":
    main()
