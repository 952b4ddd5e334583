"""Panels on a store of hand-made events: sums, zero-filling, date precision, news
volume, roles, dyads and splits (no model needed)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require_service
from newsevents.analysis import PanelError, PanelSpec, date_span, panel, placements
from newsevents.model import Actor, Article, CodedArticle, Event
from newsevents.store import ClusterFilter, EventFilter, Store, resolve_url
from newsevents.store.engine import create_store_engine
from newsevents.store.schema import metadata

D = dt.date

# (article id, article date, [(source, target, cameo, plover, quad, goldstein, date,
#   precision, negated)])
STORIES = [
    ("a1", D(2024, 1, 10), [
        ("USA", "CHN", "042", "CONSULT", 1, 1.9, D(2024, 1, 10), "day", False),
        ("RUS", "UKR", "190", "ASSAULT", 4, -10.0, D(2024, 1, 9), "day", False),
        ("RUS", "UKR", "130", "THREATEN", 3, -4.4, D(2024, 1, 10), "day", True),
    ]),
    ("a2", D(2024, 1, 31), [
        ("UKR", "UKR", "141", "PROTEST", 3, -6.5, D(2024, 1, 31), "day", False),
        ("CHN", "USA", "111", "ACCUSE", 3, -2.0, D(2024, 1, 30), "day", False),
    ]),
    ("a3", D(2024, 3, 5), [
        ("RUS", "UKR", "190", "ASSAULT", 4, -10.0, D(2024, 2, 1), "month", False),
        ("USA", None, "071", "AID", 2, 7.4, D(2024, 3, 4), "day", False),
    ]),
    ("a4", D(2024, 3, 6), []),
]  # fmt: skip


def make_event(article_id: str, k: int, spec: tuple) -> Event:  # type: ignore[type-arg]
    src, tgt, cameo, plover, quad, goldstein, date, precision, negated = spec
    target = (Actor(f"{tgt} gov", None, f"{tgt}GOV", tgt, "GOV"),) if tgt else ()
    return Event(
        article_id=article_id, sentence_index=k, sentence=f"Sentence {k}.", trigger="did",
        span=(k * 20, k * 20 + 10), source=(Actor(f"{src} gov", None, f"{src}GOV", src, "GOV"),),
        target=target, cameo=cameo, plover=plover, quad_class=quad, goldstein=goldstein,
        date=date, date_precision=precision, negated=negated,
    )  # fmt: skip


def coded_stories() -> list[CodedArticle]:
    out = []
    for article_id, day, specs in STORIES:
        article = Article(id=article_id, title=article_id, date=day,
                          paragraphs=(f"Body of {article_id} about many things.",),
                          outlet=f"{article_id}.example")  # fmt: skip
        events = tuple(make_event(article_id, k, s) for k, s in enumerate(specs))
        out.append(CodedArticle(article, events))
    return out


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The same stories in SQLite and PostgreSQL: periods are computed in SQL."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("agg") / "events.db")
    else:
        found = os.environ.get("NEWSEVENTS_TEST_PG")
        require_service(bool(found), "set NEWSEVENTS_TEST_PG to a PostgreSQL database URL")
        assert found is not None
        url = found
        engine = create_store_engine(resolve_url(url))
        metadata.drop_all(engine)
        engine.dispose()
    s = Store.open(url)
    s.ingest(coded_stories())
    yield s
    s.close()


def factual_events(store: Store) -> list[Event]:
    return list(store.iter_events(EventFilter(factual_only=True, limit=500)))


def test_date_spans_follow_the_precision() -> None:
    assert date_span(D(2024, 2, 14), "day") == (D(2024, 2, 14), D(2024, 2, 14))
    assert date_span(D(2024, 2, 14), "week") == (D(2024, 2, 12), D(2024, 2, 18))
    assert date_span(D(2024, 2, 1), "month") == (D(2024, 2, 1), D(2024, 2, 29))
    assert date_span(D(2024, 1, 1), "year") == (D(2024, 1, 1), D(2024, 12, 31))
    assert date_span(D(2024, 1, 1), "before") is None
    assert date_span(None, "day") is None
    assert date_span(D(2024, 1, 9), "range", D(2024, 1, 10)) == (D(2024, 1, 9), D(2024, 1, 10))


def test_placements_drop_what_straddles_and_spread_keeps_every_item_once() -> None:
    month = date_span(D(2024, 2, 1), "month")
    assert month is not None
    assert placements(month, "month") == [(D(2024, 2, 1), 1.0)]
    assert placements(month, "week") == []
    assert placements(month, "year") == [(D(2024, 1, 1), 1.0)]
    spread = placements(month, "week", "spread")
    assert [p.weekday() for p, _ in spread] == [0] * len(spread)
    assert spread[0][0] == D(2024, 1, 29) and spread[-1][0] == D(2024, 2, 26)
    assert sum(w for _, w in spread) == pytest.approx(1.0)
    assert dict(spread)[D(2024, 2, 5)] == pytest.approx(7 / 29)
    # a week from Monday 29 January straddles two months: no month holds it
    week = date_span(D(2024, 1, 31), "week")
    assert week is not None and placements(week, "month") == []
    assert placements(week, "month", "spread") == [(D(2024, 1, 1), 3 / 7), (D(2024, 2, 1), 4 / 7)]


def test_source_country_panel_sums_to_the_factual_events(store: Store) -> None:
    events = factual_events(store)
    p = panel(store, PanelSpec(by="country", role="source", count="events", interval="year"))
    assert p.columns == ("period", "country", "count", "goldstein_mean")
    assert p.total() == len(events)
    by_country = Counter(e.source[0].country for e in events)
    assert {r["country"]: r["count"] for r in p.records()} == dict(by_country)


def test_cluster_panel_counts_each_happening_once(store: Store) -> None:
    p = panel(store, PanelSpec(by="all", interval="year"))
    assert p.total() == store.count_clusters(ClusterFilter(factual_only=True))
    for row in p.records():
        assert row["count"] <= len(factual_events(store))


def test_months_are_zero_filled_for_every_country_and_quad_class(store: Store) -> None:
    p = panel(store, PanelSpec(by="country", role="source", count="events", split="quad",
                               since=D(2024, 1, 1), until=D(2024, 4, 30)))  # fmt: skip
    countries = {e.source[0].country for e in factual_events(store)}
    assert p.periods == [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1)]
    assert len(p.rows) == 4 * len(countries) * 4
    keys = {(r["period"], r["country"], r["quad_class"]) for r in p.records()}
    assert len(keys) == len(p.rows)
    april = [r for r in p.records() if r["period"] == D(2024, 4, 1)]
    assert april and all(r["count"] == 0 and r["goldstein_mean"] is None for r in april)
    no_fill = panel(
        store,
        PanelSpec(
            by="country",
            role="source",
            count="events",
            split="quad",
            since=D(2024, 1, 1),
            until=D(2024, 4, 30),
            zero_fill=False,
        ),
    )
    assert all(r["count"] > 0 for r in no_fill.records())
    assert no_fill.total() == p.total()


def test_a_month_precise_happening_is_left_out_of_weeks_and_counted_in_its_month(
    store: Store,
) -> None:
    spec = PanelSpec(by="dyad", dyad="RUS:UKR", since=D(2024, 1, 1), until=D(2024, 3, 31))
    months = panel(store, spec)
    assert {r["period"]: r["count"] for r in months.records()}[D(2024, 2, 1)] == 1
    assert "month" not in months.left_out
    weeks = panel(store, PanelSpec(**{**spec.__dict__, "interval": "week"}))
    assert weeks.left_out.get("month") == 1
    assert weeks.total() == months.total() - 1
    spread = panel(store, PanelSpec(**{**spec.__dict__, "interval": "week", "imprecise": "spread"}))
    assert spread.total() == pytest.approx(months.total())
    assert any(0 < r["count"] < 1 for r in spread.records())


def test_a_month_precise_event_is_left_out_of_weeks_and_counted_in_its_month(
    store: Store,
) -> None:
    spec = PanelSpec(by="dyad", dyad="RUS:UKR", count="events", since=D(2024, 1, 1),
                     until=D(2024, 3, 31))  # fmt: skip
    months = panel(store, spec)
    assert {r["period"]: r["count"] for r in months.records()}[D(2024, 2, 1)] == 1
    weeks = panel(store, PanelSpec(**{**spec.__dict__, "interval": "week"}))
    assert weeks.left_out == {"month": 1}
    assert weeks.total() == months.total() - 1
    days = panel(store, PanelSpec(**{**spec.__dict__, "interval": "day", "imprecise": "spread"}))
    feb = [r["count"] for r in days.records() if r["period"].month == 2]
    assert len(feb) == 29 and all(c == pytest.approx(1 / 29) for c in feb)


def test_normalised_counts_are_counts_per_article_stored_in_the_period(store: Store) -> None:
    p = panel(store, PanelSpec(by="all", count="events", normalize=True,
                               since=D(2024, 1, 1), until=D(2024, 3, 31)))  # fmt: skip
    per_month = Counter(day.replace(day=1) for _, day, _ in STORIES)
    for row in p.records():
        assert row["articles"] == per_month.get(row["period"], 0)
        if row["articles"]:
            assert row["normalized"] == pytest.approx(row["count"] / row["articles"])
        else:
            assert row["normalized"] is None
    assert any(row["articles"] == 0 for row in p.records())  # February: no article


def test_either_role_counts_an_international_event_for_both_and_a_domestic_once(
    store: Store,
) -> None:
    events = factual_events(store)
    p = panel(store, PanelSpec(by="country", count="events", interval="year"))
    expected: Counter[str] = Counter()
    for e in events:
        sides = {a.country for a in (e.source[:1] + e.target[:1]) if a.country}
        expected.update(sides)
    assert {r["country"]: r["count"] for r in p.records()} == dict(expected)


def test_dyads_directed_undirected_and_scope(store: Store) -> None:
    events = [e for e in factual_events(store) if e.target]
    directed = panel(store, PanelSpec(by="dyad", count="events", interval="year"))
    got = {(r["source"], r["target"]): r["count"] for r in directed.records()}
    assert got == dict(Counter((e.source[0].country, e.target[0].country) for e in events))
    undirected = panel(store, PanelSpec(by="dyad", count="events", interval="year",
                                        directed=False))  # fmt: skip
    got = {(r["source"], r["target"]): r["count"] for r in undirected.records()}
    pairs = Counter(tuple(sorted((e.source[0].country, e.target[0].country))) for e in events)
    assert got == dict(pairs)
    domestic = panel(store, PanelSpec(by="dyad", count="events", interval="year", scope="domestic"))
    assert all(r["source"] == r["target"] for r in domestic.records())
    international = panel(store, PanelSpec(by="dyad", count="events", interval="year",
                                           scope="international"))  # fmt: skip
    assert international.total() + domestic.total() == directed.total()


def test_dyad_filter_matches_the_events_command(store: Store) -> None:
    for dyad in ("USA:CHN", "CHN:USA", "RUSGOV:UKR"):
        expected = store.count_events(EventFilter(dyad=dyad, factual_only=True))
        p = panel(store, PanelSpec(by="all", count="events", dyad=dyad, directed=False,
                                   interval="year"))  # fmt: skip
        assert p.total() == expected > 0
    ordered = store.count_events(EventFilter(dyad="CHN:USA", ordered_dyad=True, factual_only=True))
    p = panel(store, PanelSpec(by="all", count="events", dyad="CHN:USA", interval="year"))
    assert p.total() == ordered


def test_splits_and_filters(store: Store) -> None:
    events = factual_events(store)
    p = panel(store, PanelSpec(by="all", count="events", split="plover", interval="year"))
    counts = {r["plover"]: r["count"] for r in p.records()}
    assert counts["ASSAULT"] == sum(e.plover == "ASSAULT" for e in events)
    assert set(counts) >= {"AGREE", "COERCE"}  # zero-filled types
    roots = panel(store, PanelSpec(by="all", count="events", split="cameo_root", interval="year"))
    assert {r["cameo_root"] for r in roots.records()} >= {f"{n:02d}" for n in range(1, 21)}
    only = panel(store, PanelSpec(by="country", count="events", only=("ukr", "FRA"),
                                  interval="year"))  # fmt: skip
    assert {r["country"] for r in only.records()} == {"UKR", "FRA"}
    assert {r["country"]: r["count"] for r in only.records()}["FRA"] == 0
    conflict = panel(store, PanelSpec(by="all", count="events", quad_class=4, interval="year"))
    assert conflict.total() == sum(e.quad_class == 4 for e in events)
    everything = panel(store, PanelSpec(by="all", count="events", factual_only=False,
                                        interval="year"))  # fmt: skip
    assert everything.total() == len(events) + 1  # the negated threat


def test_actor_panel_and_goldstein_means(store: Store) -> None:
    events = factual_events(store)
    p = panel(store, PanelSpec(by="actor", role="source", count="events", interval="year"))
    for row in p.records():
        mine = [e.goldstein for e in events if e.source[0].code == row["actor"]]
        assert row["count"] == len(mine)
        assert row["goldstein_mean"] == pytest.approx(sum(mine) / len(mine), abs=1e-4)


@pytest.mark.parametrize(
    "fields",
    [
        {"by": "nation"}, {"interval": "decade"}, {"split": "sector"}, {"role": "place", "by": "dyad"},
        {"dyad": "USA-CHN"}, {"plover": "HUG"}, {"cameo_root": "4"}, {"quad_class": 5},
        {"min_sources": 2, "count": "events"}, {"min_confidence": 0.5},
        {"since": D(2024, 2, 1), "until": D(2024, 1, 1)}, {"imprecise": "guess"},
        {"by": "all", "only": ("USA",)},
    ],
)  # fmt: skip
def test_bad_specs_say_what_is_wrong(store: Store, fields: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(PanelError):
        panel(store, PanelSpec(**fields))


def test_an_empty_store_gives_an_empty_panel(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "empty.db")) as empty:
        p = panel(empty, PanelSpec())
        assert p.rows == [] and p.periods == []
        filled = panel(empty, PanelSpec(by="all", since=D(2024, 1, 1), until=D(2024, 2, 1)))
        assert [r["count"] for r in filled.records()] == [0, 0]


def test_involving_keeps_items_with_the_country_on_either_side(store: Store) -> None:
    events = factual_events(store)
    p = panel(store, PanelSpec(by="dyad", count="events", involving="usa", interval="year"))
    expected = [e for e in events if e.target and "USA" in (e.source[0].country,
                                                             e.target[0].country)]  # fmt: skip
    assert p.total() == len(expected) > 0
    assert all("USA" in (r["source"], r["target"]) for r in p.records())


@pytest.mark.parametrize(
    "fields",
    [
        {}, {"count": "events"}, {"role": "target", "split": "quad"},
        {"by": "actor", "interval": "week"}, {"by": "dyad", "directed": False},
        {"by": "dyad", "dyad": "RUS:UKR", "interval": "day"}, {"by": "all", "imprecise": "spread"},
        {"only": ("UKR", "USA"), "interval": "week", "imprecise": "spread", "count": "events"},
        {"by": "country", "role": "place", "factual_only": False}, {"involving": "USA"},
    ],
)  # fmt: skip
def test_grouping_in_sql_and_adding_up_in_python_agree(store: Store, fields: dict) -> None:  # type: ignore[type-arg]
    from newsevents.analysis.panel import compute_panel

    spec = PanelSpec(**fields)
    with store.engine.connect() as conn:
        grouped = compute_panel(conn, spec, stream=False)
        streamed = compute_panel(conn, spec, stream=True)
    assert streamed.left_out == grouped.left_out
    assert len(streamed.rows) == len(grouped.rows)
    at = grouped.columns.index("goldstein_mean")
    for mine, theirs in zip(streamed.rows, grouped.rows, strict=True):
        # sums in another order: a mean may differ in its last (fourth) decimal
        assert mine[:at] == theirs[:at] and mine[at + 1 :] == theirs[at + 1 :]
        assert mine[at] == (None if theirs[at] is None else pytest.approx(theirs[at], abs=1e-4))


def test_as_frame_without_pandas_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents

    db = str(tmp_path / "events.db")
    Store.open(db).close()
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
        with pytest.raises(ImportError, match=r"newsevents\[analysis\]"):
            newsevents.aggregate(db, as_frame=True)


def test_means_do_not_depend_on_the_order_the_sums_were_added_in() -> None:
    # SQL, Arrow and Spark add the same scores in different orders: 91.8 / 32 is on a
    # rounding boundary, and a sum one bit off must not move the mean.
    import math

    from newsevents.analysis.panel import finish_panel

    spec = PanelSpec(by="all", interval="month", normalize=True).validated()
    march = dt.date(2024, 3, 1)
    rows = []
    for g_sum in (91.8, math.nextafter(91.8, 100.0), math.nextafter(91.8, 0.0)):
        cells = {(march,): [32.0, g_sum, 32.0]}
        done = finish_panel(spec, cells, Counter(), lambda first, last: [(march, 7)])
        rows.append(done.rows)
    assert rows[0] == rows[1] == rows[2] == [(march, 32, round(91.8 / 32, 4), 7, round(32 / 7, 6))]
