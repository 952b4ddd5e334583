"""The dashboard on the demo store (examples/ and demo/, as `make demo` builds it), in real
headless Chromium: where it opens, what it says about events that did not happen."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from conftest import Watched
from newsevents.api import create_app
from newsevents.api.server import serve_in_thread
from newsevents.model import Article
from newsevents.pipeline import Pipeline
from newsevents.read import read_paths
from newsevents.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.service]

ROOT = Path(__file__).resolve().parents[1]
# Whether the table's count line says (arg true) or does not say that events were left out.
COUNT_LINE_SAYS = """(leftOut) => {
  const line = document.querySelector("#event-table p.hint");
  return line !== null && /left out/.test(line.textContent) === leftOut;
}"""


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    paths = [str(ROOT / "examples"), str(ROOT / "demo")]
    articles = [a for a in read_paths(paths) if isinstance(a, Article)]
    assert len(articles) >= 70
    store = Store.open(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    report = store.ingest(pipeline.code_articles(articles))
    assert report.failed == 0 and report.events > 100, report
    with serve_in_thread(create_app(store=store, pipeline=pipeline)) as url:
        yield url
    store.close()


def chart_weeks(page: Any) -> dict[str, float]:
    """Events per period as the chart itself holds them (all bar traces added up)."""
    traces = page.evaluate(
        "Array.from(document.getElementById('timeline').data)"
        ".filter(t => t.type === 'bar').map(t => [t.x, t.y])"
    )
    totals: dict[str, float] = {}
    for xs, ys in traces:
        for x, y in zip(xs, ys, strict=True):
            totals[x] = totals.get(x, 0) + (y or 0)
    return totals


def table_count(page: Any) -> tuple[int, int]:
    """(rows shown, events that did not happen left out) from the table's count line."""
    text = page.locator("#event-table p.hint").inner_text()
    found = re.match(r"(\d+) of (\d+) events(?:; (\d+) that did not happen left out)?", text)
    assert found, text
    return int(found.group(2)), int(found.group(3) or 0)


def open_dashboard(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#timeline .main-svg .barlayer .point", state="attached")
    page.locator("#event-table tbody tr").first.wait_for()


def test_dashboard_opens_on_the_busiest_pair_with_weeks_of_it(
    demo_url: str, watched: Watched
) -> None:
    page = watched.page
    open_dashboard(page, demo_url + "/")
    busiest = page.locator("#busiest-dyads button")
    assert busiest.count() >= 5
    first = busiest.first
    a, b = first.get_attribute("data-pair").split(":")  # type: ignore[union-attr]
    assert {page.input_value("#actor-a"), page.input_value("#actor-b")} == {a, b}
    assert "current" in (first.get_attribute("class") or "")
    assert page.input_value("#interval") == "week"
    weeks = {period for period, n in chart_weeks(page).items() if n > 0}
    assert len(weeks) >= 4, weeks
    # Another pair of the list is one click away, and has weeks of its own.
    busiest.nth(1).click()
    page.wait_for_function(
        "(pair) => document.getElementById('timeline-title').textContent.startsWith(pair)",
        arg=busiest.nth(1).get_attribute("data-pair").replace(":", " \u2194 "),  # type: ignore[union-attr]
    )
    page.wait_for_selector("#timeline .main-svg .barlayer .point", state="attached")
    assert len([n for n in chart_weeks(page).values() if n > 0]) >= 4


def denied_event(url: str) -> dict[str, Any]:
    """An event of the demo store whose text denies it ("... denied targeting
    civilians"), between two countries, found through the API as a user would."""
    cursor = None
    while True:
        query = {"limit": "500", **({"cursor": cursor} if cursor else {})}
        with urllib.request.urlopen(f"{url}/api/events?{urlencode(query)}") as answer:
            page = json.loads(answer.read())
        for event in page["events"]:
            sides = [[a["country"] for a in event[side] if a["country"]]
                     for side in ("source", "target")]  # fmt: skip
            if event["negated"] and "denied" in event["sentence"] and all(sides):
                return event | {"pair": (sides[0][0], sides[1][0])}
        cursor = page["next_cursor"]
        if cursor is None:
            pytest.fail("the demo store has no denied event between two countries")


def test_a_denied_event_shows_its_badge(demo_url: str, watched: Watched) -> None:
    page = watched.page
    event = denied_event(demo_url)
    a, b = event["pair"]
    open_dashboard(page, demo_url + f"/?a={a}&b={b}&interval=week&all=1")
    assert page.is_checked("#include-not-happened")
    row = page.locator(f"#event-table tbody tr[data-event='{event['event_id']}']")
    assert "denied" in row.inner_text()
    assert row.locator(".badge.status").inner_text().strip().lower() == "negated"
    assert "not-happened" in (row.get_attribute("class") or "")
    # Left out (the default), the same event is listed under the chart with its badge.
    open_dashboard(page, demo_url + f"/?a={a}&b={b}&interval=week")
    assert page.locator(f"#event-table tbody tr[data-event='{event['event_id']}']").count() == 0
    note = page.locator("#timeline-note [data-reason='negated']")
    assert "negated" in note.inner_text()
    listed = note.locator(f"li[data-event='{event['event_id']}']")
    assert "denied" in (listed.locator(".sentence").get_attribute("title") or "")
    assert listed.locator(".badge.status.negated").count() == 1
    assert listed.locator("a").first.get_attribute("href").startswith("/articles/")  # type: ignore[union-attr]


def test_the_exclude_toggle_changes_the_counts(demo_url: str, watched: Watched) -> None:
    page = watched.page
    open_dashboard(page, demo_url + "/")
    rows_left_out, hidden = table_count(page)
    chart_left_out = sum(chart_weeks(page).values())
    assert hidden > 0, "the opening pair has events that did not happen"
    note = page.locator("#timeline-note").inner_text()
    assert f"{int(chart_left_out)} of" in note and "left out" in note

    page.check("#include-not-happened")
    page.wait_for_function(COUNT_LINE_SAYS, arg=False)
    page.wait_for_selector("#timeline .main-svg .barlayer .point", state="attached")
    rows_included, none_hidden = table_count(page)
    assert none_hidden == 0 and rows_included == rows_left_out + hidden
    assert sum(chart_weeks(page).values()) > chart_left_out
    assert "all=1" in page.url
    assert page.locator("#event-table .badge.status").count() >= hidden

    page.uncheck("#include-not-happened")
    page.wait_for_function(COUNT_LINE_SAYS, arg=True)
    assert table_count(page) == (rows_left_out, hidden)


def api_events(url: str, **query: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": "500", **query, **({"cursor": cursor} if cursor else {})}
        with urllib.request.urlopen(f"{url}/api/events?{urlencode(params)}") as answer:
            page = json.loads(answer.read())
        found += page["events"]
        cursor = page["next_cursor"]
        if cursor is None:
            return found


def test_the_note_lists_events_dated_too_coarsely_for_the_chart(
    demo_url: str, watched: Watched
) -> None:
    page = watched.page
    open_dashboard(page, demo_url + "/?a=CHN&b=USA&interval=week")
    page.wait_for_selector("#timeline-note")
    listed = page.locator("#timeline-note [data-reason='imprecise'] li[data-event]")
    assert listed.count() >= 1, "the demo's CHN-USA pair has month-precise events"
    by_id = {e["event_id"]: e for e in api_events(demo_url, dyad="CHN:USA")}
    for n in range(listed.count()):
        event = by_id[listed.nth(n).get_attribute("data-event") or ""]
        assert event["date_precision"] not in ("day", "week", None), event
        assert f"dated {'only to the ' + event['date_precision']}" in listed.nth(n).inner_text()
    assert "Not drawn per week" in page.locator("#timeline-note").inner_text()


def test_min_confidence_narrows_the_table(demo_url: str, watched: Watched) -> None:
    page = watched.page
    open_dashboard(page, demo_url + "/")
    a, b = page.input_value("#actor-a"), page.input_value("#actor-b")
    shown, _ = table_count(page)
    happened = api_events(demo_url, dyad=f"{a}:{b}", factual="true")
    floor = sorted(e["confidence"] for e in happened)[len(happened) // 2]
    page.fill("#min-confidence", str(floor))
    page.dispatch_event("#min-confidence", "change")
    page.wait_for_function(
        "(floor) => (document.querySelector('#event-table p.hint') || {}).textContent"
        "?.includes('confidence at least ' + floor)",
        arg=str(floor),
    )
    narrowed, _ = table_count(page)
    expected = [e for e in happened if e["confidence"] >= floor]
    assert 0 < narrowed == len(expected) < shown
    assert f"min_confidence={floor}" in page.url
