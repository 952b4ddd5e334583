"""Actor recognition on gold event sentences: does every gold source/target actor come
back as a mention with its country (and sector)? Default: ../shared/gold/plover_gsr_dev.jsonl

    .venv/bin/python bench/actors_gold.py [--gold FILE] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsevents.actors import ActorResolver, KnowledgeBase
from newsevents.model import Article, parse_date
from newsevents.nlp import load_model, parse_texts

GOLD = Path(__file__).resolve().parents[2] / "shared/gold/plover_gsr_dev.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show-misses", choices=["country", "sector"], default=None)
    args = ap.parse_args()
    items = [json.loads(line) for line in args.gold.read_text("utf-8").splitlines() if line.strip()]
    kb = KnowledgeBase.load()
    resolver = ActorResolver(kb)
    nlp = load_model()
    total = country_ok = sector_total = sector_ok = 0
    resolve_s = 0.0
    for item, parsed in zip(items, parse_texts(nlp, (i["text"] for i in items)), strict=True):
        article = Article(id=item["id"], date=parse_date(item.get("date")),
                          paragraphs=(item["text"],))  # fmt: skip
        t = time.perf_counter()
        mentions = resolver.resolve(parsed, article)
        resolve_s += time.perf_counter() - t
        for event in item["events"]:
            for gold in event["source"] + event["target"]:
                if not gold.get("country"):
                    continue
                total += 1
                text = gold.get("text", "").replace("...", " ").replace("'s", "").replace("’s", "")
                words = [w for w in text.split() if len(w) > 1]
                spans = [m for m in mentions
                         if any(w in parsed.span_text(m.start, m.end) for w in words)]  # fmt: skip
                countries = {a.country for m in spans for a in m.actors}
                hit = gold["country"] in countries
                country_ok += hit
                if gold.get("sector") and gold["sector"] != "---":
                    sector_total += 1
                    sector_ok += any(a.country == gold["country"] and a.sector == gold["sector"]
                                     for m in spans for a in m.actors)  # fmt: skip
                if args.show_misses == "sector" and gold.get("sector") and hit and not any(
                    a.sector == gold["sector"] for m in spans for a in m.actors):
                    print(f"SECTOR {gold['country']}{gold['sector']} {gold.get('text')!r} got "
                          f"{[(parsed.span_text(m.start, m.end), [a.code for a in m.actors]) for m in spans]}")
                if not hit and args.show_misses == "country":
                    got = [(parsed.span_text(m.start, m.end), m.how,
                            [a.code for a in m.actors]) for m in spans]  # fmt: skip
                    print(f"MISS {gold['country']} {gold.get('text')!r} got {got}\n     "
                          f"{item['text'][:160]}")
    print(f"gold actors with a country: {total}; country found: {country_ok} "
          f"({country_ok / max(total, 1):.3f}); sector found: {sector_ok}/{sector_total}")
    print(f"resolver: {resolve_s / len(items) * 1000:.2f} ms per item over {len(items)} items")


if __name__ == "__main__":
    main()
