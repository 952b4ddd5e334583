"""Screenshots of every dashboard page, for docs/screenshots/ (headless Chromium).

    .venv/bin/python scripts/screenshots.py                 # codes examples/ and demo/ (the demo store)
    .venv/bin/python scripts/screenshots.py --db newsevents.db --dyad USA:RUS

Needs Debian's chromium (apt-get install chromium); Playwright drives it, nothing is
downloaded. Every request leaving 127.0.0.1 is blocked and reported.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from newsevents.api import create_app
from newsevents.api.server import serve_in_thread
from newsevents.config import load_settings
from newsevents.store import EventFilter, Store, ingest_paths

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
CODE_SAMPLE = ROOT / "demo" / "wire-2024" / "2024-07-27-blinken-wang-yi-vientiane.txt"


def busiest_dyad(store: Store) -> tuple[str, str]:
    """The pair of countries the dashboard opens on: the one with most dated events."""
    found = store.busiest_dyads(limit=1)
    if not found:
        raise SystemExit("the store has no dated event between two countries")
    return found[0].a, found[0].b


def busiest_article(store: Store) -> str:
    counts = Counter(
        e.article_id for e in store.iter_events(EventFilter(limit=500), max_events=50_000)
    )
    return counts.most_common(1)[0][0]


def click_biggest_place(page: Any) -> None:
    """Click the largest mark on the map so its happenings are listed below it. Rings
    (regions) are drawn bigger than dots, and a ring's middle may lie under another
    mark: the next largest is tried until one lists something."""
    boxes = [p.bounding_box() for p in page.locator("#worldmap .scattergeo .point").all()]
    for box in sorted((b for b in boxes if b), key=lambda b: -b["width"]):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            page.wait_for_selector("#place-events tbody tr", timeout=2_000)
            return
        except Exception:  # nothing listed: try the next mark
            continue
    raise SystemExit("no place on the map lists anything when clicked")


def shoot(
    page: Any, url: str, ready: str, out: Path, settle_ms: int = 800, reload: bool = True
) -> None:
    if reload:
        page.goto(url)
    page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_timeout(settle_ms)
    page.screenshot(path=str(out), full_page=True)
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def take_screenshots(store: Store, out_dir: Path, dyad: tuple[str, str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname != "127.0.0.1":
            outside.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    article_id = busiest_article(store)
    a, b = dyad
    with serve_in_thread(create_app(store=store)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 860}, device_scale_factor=1
        )
        context.route("**/*", route)
        page = context.new_page()
        shoot(
            page,
            f"{base}/?a={a}&b={b}&interval=week",
            "#event-table tbody tr",
            out_dir / "dyad-explorer.png",
        )
        shoot(
            page,
            f"{base}/countries?c={a}&interval=month",
            "#partners-table tbody tr",
            out_dir / "country-view.png",
        )
        page.goto(f"{base}/map")
        page.wait_for_selector("#worldmap .scattergeo .point", timeout=30_000)
        click_biggest_place(page)
        shoot(page, page.url, "#place-events tbody tr", out_dir / "event-map.png", reload=False)
        shoot(
            page,
            f"{base}/articles/{quote(article_id, safe='')}",
            "mark.trigger",
            out_dir / "article.png",
        )
        page.goto(f"{base}/code")
        page.fill("#code-text", CODE_SAMPLE.read_text(encoding="utf-8"))
        page.click("#code-submit")
        page.evaluate("document.getElementById('code-text').scrollTop = 0")
        page.wait_for_selector("#code-result .event-card", timeout=60_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(out_dir / "code-an-article.png"), full_page=True)
        print(f"wrote {out_dir / 'code-an-article.png'}")
        shoot(page, f"{base}/docs", ".swagger-ui .opblock", out_dir / "api-docs.png")
        browser.close()
    return outside


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", help="an existing store (default: code examples/ and demo/ into a temporary one)"
    )
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="output folder")
    parser.add_argument(
        "--dyad", help="two countries A:B for the dyad explorer (default: the busiest pair)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            store = Store.open(args.db)
        else:
            store = Store.open(str(Path(tmp) / "demo.db"))
            inputs = [str(ROOT / "examples"), str(ROOT / "demo")]
            report = ingest_paths(inputs, store, load_settings(), workers=1)
            print(
                f"coded examples/ and demo/: {report.stored} articles, {report.events} events",
                file=sys.stderr,
            )
        dyad = tuple(args.dyad.upper().split(":")) if args.dyad else busiest_dyad(store)
        outside = take_screenshots(store, Path(args.out), (dyad[0], dyad[1]))
        store.close()
    if outside:
        print(f"error: requests left 127.0.0.1: {outside}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
