"""Regenerate tests/golden/*.jsonl: the events coded from every article in examples/.

Usage: python scripts/update_golden.py
Review the diff before committing: each changed line is a changed event. The test
tests/test_coding_golden.py codes the examples again and compares with these files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"


def event_view(e: Any) -> dict[str, Any]:
    """The parts of an event a reviewer checks (no scores, ids or coordinates)."""
    return {
        "article_id": e.article_id,
        "sentence_index": e.sentence_index,
        "trigger": e.trigger,
        "cameo": e.cameo,
        "plover": e.plover,
        "source": [a.code or a.text for a in e.source],
        "target": [a.code or a.text for a in e.target],
        "negated": e.negated,
        "modality": e.modality,
        "date": e.date.isoformat() if e.date else None,
        "location": e.location.country if e.location else None,
        "mentions": e.mentions,
    }


def golden_name(origin: str | None, article_id: str) -> str:
    """One golden file per example file: "examples/x.txt" -> "x.jsonl"."""
    name = Path((origin or article_id).split("#")[0].split(":")[0]).name
    for suffix in (".gz", ".html", ".htm", ".txt", ".jsonl", ".warc"):
        name = name.removesuffix(suffix)
    return f"{name}.jsonl"


def code_examples() -> dict[str, list[str]]:
    """Golden file name -> its JSON lines, coding examples/ with the default settings."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsevents.config import load_settings
    from newsevents.model import Article
    from newsevents.pipeline import Pipeline
    from newsevents.read import read_paths

    articles = [a for a in read_paths([EXAMPLES]) if isinstance(a, Article)]
    files: dict[str, list[str]] = {}
    for coded in Pipeline(load_settings(env={})).code_articles(articles):
        lines = files.setdefault(golden_name(coded.article.origin, coded.article.id), [])
        lines.extend(json.dumps(event_view(e), ensure_ascii=False) for e in coded.events)
    return files


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    files = code_examples()
    for old in GOLDEN.glob("*.jsonl"):
        if old.name not in files:
            old.unlink()
    for name, lines in sorted(files.items()):
        (GOLDEN / name).write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
    print(f"wrote {len(files)} golden files to {GOLDEN}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
