"""The dashboard end to end in real headless Chromium (Debian's), driven by Playwright.

The app serves a store the real pipeline built from test articles; every request the
browser makes is logged, and any leaving 127.0.0.1 is blocked and fails the test.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Watched
from newsevents.api import create_app
from newsevents.api.server import serve_in_thread
from newsevents.model import Article
from newsevents.pipeline import Pipeline
from newsevents.read import read_paths
from newsevents.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.service]

FIXTURES = Path(__file__).parent / "fixtures" / "serve" / "articles.jsonl"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    articles = [a for a in read_paths([str(FIXTURES)]) if isinstance(a, Article)]
    store = Store.open(str(tmp_path_factory.mktemp("browser") / "events.db"))
    report = store.ingest(pipeline.code_articles(articles))
    assert report.failed == 0 and report.events > 0, report
    with serve_in_thread(create_app(store=store, pipeline=pipeline)) as url:
        yield url
    store.close()


def test_dyad_explorer_takes_sector_codes(base_url: str, watched: Watched) -> None:
    """A country+sector dyad goes through the same timeline and event filter as countries."""
    page = watched.page
    page.goto(base_url + "/?a=usagov&b=CHN&interval=month")
    page.wait_for_selector("#timeline .main-svg .barlayer .point")
    rows = page.locator("#event-table tbody tr")
    rows.first.wait_for()
    sides = list(
        zip(
            rows.locator("td:nth-child(2)").all_inner_texts(),
            rows.locator("td:nth-child(4)").all_inner_texts(),
            strict=True,
        )
    )
    assert sides
    for source, target in sides:
        assert ("USAGOV" in source and "CHN" in target) or (
            "CHN" in source and "USAGOV" in target
        ), (source, target)
    # the timeline counts happenings (event clusters) unless told to count events
    assert page.locator("#count").input_value() == "clusters"
    assert page.locator("#timeline-title").inner_text() == "USAGOV \u2194 CHN: happenings per month"


def test_dyad_explorer_chart_table_and_article(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    page.fill("#actor-a", "US")  # the picker offers actor codes from /api/actors
    page.wait_for_selector("#actor-options option[value='USA']", state="attached")
    page.fill("#actor-a", "USA")
    page.fill("#actor-b", "CHN")
    page.select_option("#interval", "month")
    page.click("#show-dyad")
    # The chart: stacked bars by quad class and the Goldstein line.
    page.wait_for_selector("#timeline .main-svg .barlayer .point")
    assert page.locator("#timeline .barlayer .point").count() >= 2
    assert page.locator("#timeline .scatterlayer .trace").count() == 1
    legend = page.locator("#timeline .legendtext").all_text_contents()
    assert "Mean Goldstein" in legend and "Verbal conflict" in legend
    # The table: every row a USA-CHN event, sortable and filterable.
    rows = page.locator("#event-table tbody tr")
    rows.first.wait_for()
    n_rows = rows.count()
    assert n_rows >= 3
    for text in (
        rows.locator("td:nth-child(2)").all_inner_texts()
        + rows.locator("td:nth-child(4)").all_inner_texts()
    ):
        assert text.startswith(("USA", "CHN")), text
    page.click("#event-table th[data-key='goldstein']")
    values = [float(v) for v in rows.locator("td.num").all_inner_texts() if v]
    assert values == sorted(values)
    page.fill("#table-filter", "accused")
    assert 0 < rows.count() < n_rows
    assert all("accused" in t.lower() for t in rows.all_inner_texts())
    # A row links to its article, where the event's trigger is highlighted.
    link = rows.first.locator("a.article-link")
    assert link.inner_text() in (link.get_attribute("title") or "")  # full id in the tooltip
    event_id = rows.first.get_attribute("data-event")
    link.click()
    page.wait_for_url("**/articles/**")
    trigger = page.locator(f"mark.trigger[data-event='{event_id}']").first
    trigger.wait_for()
    assert trigger.inner_text().strip()
    assert page.locator(f"#ev-{event_id}").is_visible()
    assert page.locator("h1.article-title").inner_text()


def csv_counts(path: str) -> tuple[list[str], float]:
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], sum(float(r[rows[0].index("count")]) for r in rows[1:])


def test_dyad_explorer_downloads_its_panel_as_csv(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/?a=USA&b=CHN&interval=month&count=clusters")
    page.wait_for_selector("#timeline .main-svg .barlayer .point")
    timeline = page.request.get(base_url + "/api/dyads/USA/CHN/timeline?interval=month"
                                "&count=clusters").json()  # fmt: skip
    with page.expect_download() as download:
        page.click("#timeline-csv")
    header, total = csv_counts(download.value.path())
    assert header == ["period", "quad_class", "count", "goldstein_mean"]
    assert total == sum(b["events"] for b in timeline["buckets"]) > 0


def test_country_view_timeline_partners_and_csv(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/")
    page.click(".topbar nav a[href='/countries']")
    page.fill("#country", "usa")
    page.select_option("#country-interval", "month")
    page.click("#show-country")
    page.wait_for_selector("#country-timeline .main-svg .barlayer .point")
    assert "United States (USA)" in page.locator("#country-title").inner_text()
    legend = page.locator("#country-timeline .legendtext").all_text_contents()
    assert "Mean Goldstein" in legend
    summary = page.request.get(base_url + "/api/countries/USA/summary?interval=month").json()
    partners = page.locator("#partners-table tbody tr")
    partners.first.wait_for()
    assert partners.count() == len(summary["partners"]) > 0
    assert partners.first.get_attribute("data-partner") == summary["partners"][0]["partner"]
    with page.expect_download() as download:
        page.click("#country-csv")
    header, total = csv_counts(download.value.path())
    assert header == ["period", "quad_class", "count", "goldstein_mean"]
    assert total == sum(b["events"] for b in summary["buckets"]) > 0
    # a partner leads to the dyad explorer for the two countries
    partner = summary["partners"][0]["partner"]
    partners.first.locator("a.partner-link").click()
    page.wait_for_selector("#timeline .main-svg .barlayer .point")
    assert page.locator("#actor-a").input_value() == "USA"
    assert page.locator("#actor-b").input_value() == partner


def test_article_view_highlights_and_collapses_junk(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/articles/wire/2024/blinken-wang-beijing")
    page.wait_for_selector("mark.trigger")
    assert page.locator("h1.article-title").inner_text() == "Blinken and Wang Hold Talks in Beijing"
    assert page.locator("mark.actor-source").count() >= 1
    assert page.locator("mark.actor-target").count() >= 1
    assert page.locator(".event-card").count() >= 1
    junk = page.locator("details.junk")
    assert "Removed junk lines" in junk.first.inner_text()
    assert not junk.first.locator("li").first.is_visible()  # collapsed until opened
    junk.first.locator("summary").click()
    assert junk.first.locator("li").first.is_visible()


def test_hostile_article_renders_as_inert_text(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/articles/hostile-article")
    page.wait_for_selector(".event-card")
    title = page.locator("h1.article-title").inner_text()
    assert "<script>" in title and "onerror=" in title
    body = page.locator(".article-body").inner_text()
    assert "onerror=" in body and "<script>" in body
    page.wait_for_timeout(300)  # give an injected onerror a chance to fire
    assert watched.dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.locator("#article img").count() == 0
    assert page.locator("#article script").count() == 0
    assert page.title().startswith("<script>")


def test_map_draws_the_offline_world_and_event_places(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/map")
    page.wait_for_selector("#worldmap .geo .layer.land path")
    assert page.locator("#worldmap .layer.countries path").count() == 1
    page.wait_for_selector("#worldmap .scattergeo .point")
    assert page.locator("#worldmap .scattergeo .point").count() >= 2
    assert any(u.endswith("/static/topojson/world_110m.json") for u in watched.requests)


def test_code_an_article_page_shows_events(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/code")
    page.fill(
        "#code-text",
        "Modi Meets Albanese in Sydney\n\nSYDNEY (Wire) - Indian Prime Minister Narendra Modi "
        "met Australian Prime Minister Anthony Albanese in Sydney on Wednesday.",
    )
    page.fill("#code-date", "2023-05-24")
    page.click("#code-submit")
    page.wait_for_selector("#code-result .event-card")
    assert (
        page.locator("#code-result h1.article-title").inner_text()
        == "Modi Meets Albanese in Sydney"
    )
    assert page.locator("#code-result mark.trigger").count() >= 1


def test_api_docs_load_offline(base_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base_url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert "/api/events" in page.locator(".swagger-ui").inner_text()
