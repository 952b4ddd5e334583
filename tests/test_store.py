"""Store round-trip, idempotence, filters, pagination, timeline: SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.model import Actor, CodedArticle
from newsevents.store import BadFilter, EventFilter, Store, resolve_url
from test_store_helpers import (
    BACKENDS,
    backend_url,
    coded,
    fresh_store,
    make_event,
    sample_corpus,
)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(backend_url(request.param, tmp_path))


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest(sample_corpus(), commit_every=2)
    return store


def ids(store: Store, **filters: object) -> set[tuple[str, int]]:
    f = EventFilter(limit=1000, **filters)  # type: ignore[arg-type]
    return {(e.article_id, e.sentence_index) for e in store.query_events(f).events}


def test_events_in_equal_events_out_as_contract_json(filled: Store) -> None:
    corpus = sample_corpus()
    expected = {e.event_id: e.to_dict() for c in corpus for e in c.events}
    got = {e.event_id: e.to_dict() for e in filled.iter_events(EventFilter(limit=3))}
    assert got == expected
    for c in corpus:
        assert [e.to_dict() for e in filled.article_events(c.article.id)] == [
            e.to_dict() for e in c.events
        ]
        assert filled.get_article(c.article.id) == c.article
    assert filled.get_article("nope") is None


def test_ingest_twice_stores_nothing_twice(store: Store) -> None:
    first = store.ingest(sample_corpus(), commit_every=3)
    assert (first.articles, first.new, first.skipped_duplicate, first.events) == (5, 5, 0, 11)
    before = store.stats()
    second = store.ingest(sample_corpus(), commit_every=3)
    assert (second.new, second.replaced, second.skipped_duplicate, second.events) == (0, 0, 5, 0)
    assert store.stats() == before
    assert before.articles == 5 and before.events == 11


def test_same_id_new_content_replaces_events(filled: Store) -> None:
    new_events = [make_event("a1", 5, ["RUSMIL"], ["GBRGOV"], "111", dt.date(2024, 7, 28))]
    report = filled.ingest([coded("a1", dt.date(2024, 7, 27), new_events, body="Changed.")])
    assert (report.new, report.replaced, report.events) == (0, 1, 1)
    assert [e.to_dict() for e in filled.article_events("a1")] == [new_events[0].to_dict()]
    assert filled.stats().events == 11 - 3 + 1
    assert [u.name for u in filled.unresolved()] == ["Acme Corp", "Zhang Wei"]


def test_failed_codings_are_counted_not_stored(store: Store) -> None:
    bad = CodedArticle(sample_corpus()[0].article, (), "ValueError: boom")
    report = store.ingest([bad, *sample_corpus()[1:2]])
    assert (report.articles, report.failed, report.new) == (2, 1, 1)
    assert report.errors == ["/tmp/a1.txt: coding failed: ValueError: boom"]  # names the file
    assert store.get_article("a1") is None


def test_filters(filled: Store) -> None:
    assert ids(filled, dyad="USA:CHN") == {("a1", 0), ("a1", 1), ("a1", 2), ("a3", 1), ("a4", 0)}
    assert ids(filled, dyad="USA:CHN", ordered_dyad=True) == {("a1", 0), ("a1", 2), ("a4", 0)}
    # every actor of a side counts: Britain joins the USA as source in a3
    assert ids(filled, dyad="GBR:RUS") == {("a3", 0)}
    assert ids(filled, source="GBR") == {("a3", 0), ("a5", 0)}
    assert ids(filled, target="UKRGOV") == {("a2", 0), ("a3", 2), ("a4", 1)}
    assert ids(filled, actor="wang") == {("a1", 0), ("a1", 1), ("a1", 2), ("a3", 1), ("a4", 0), ("a5", 0)}
    assert ids(filled, actor="united nations") == {("a3", 2)}
    assert ids(filled, plover="assault") == {("a2", 0), ("a4", 1)}
    assert ids(filled, cameo_root="11") == {("a1", 1), ("a2", 1), ("a3", 0)}
    assert ids(filled, country="VIE") == {("a1", 0)}
    assert ids(filled, since=dt.date(2024, 9, 10), until=dt.date(2024, 9, 11)) == {
        ("a3", 1), ("a3", 2), ("a4", 0)
    }  # fmt: skip
    # the future event without a date sorts by its article's date
    assert ("a1", 2) in ids(filled, since=dt.date(2024, 7, 27), until=dt.date(2024, 7, 27))
    factual = ids(filled, factual_only=True)
    assert ("a1", 2) not in factual and ("a2", 1) not in factual and len(factual) == 9
    assert ids(filled, source="USA", plover="AGREE") == {("a4", 0)}
    assert filled.count_events(EventFilter(dyad="USA:CHN")) == 5


@pytest.mark.parametrize(
    "bad",
    [{"dyad": "USA"}, {"plover": "HUG"}, {"cameo_root": "4"}, {"cursor": "!!"}, {"limit": 0}],
)
def test_bad_filters_are_refused(store: Store, bad: dict[str, object]) -> None:
    with pytest.raises(BadFilter):
        store.query_events(EventFilter(**bad))  # type: ignore[arg-type]


def test_pages_cover_everything_once_newest_first(filled: Store) -> None:
    seen, cursor, pages = [], None, 0
    while True:
        page = filled.query_events(EventFilter(limit=4, cursor=cursor))
        seen.extend(page.events)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 11 and len({e.event_id for e in seen}) == 11
    assert seen[0].date == dt.date(2024, 9, 12)
    assert seen[-1].article_id == "a5"  # no date at all: last
    first_filtered = filled.query_events(EventFilter(limit=2, dyad="USA:CHN"))
    rest = filled.query_events(EventFilter(limit=10, dyad="USA:CHN", cursor=first_filtered.next_cursor))
    assert len(first_filtered.events) + len(rest.events) == 5 and rest.next_cursor is None


def test_dyad_timeline(filled: Store) -> None:
    months = filled.dyad_timeline("USA", "CHN", "month")
    assert [(p.period, p.events, p.by_quad_class) for p in months] == [
        (dt.date(2024, 7, 1), 2, {1: 1, 2: 0, 3: 1, 4: 0}),
        (dt.date(2024, 9, 1), 2, {1: 0, 2: 2, 3: 0, 4: 0}),
    ]
    assert months[0].mean_goldstein == pytest.approx((1.9 - 2.0) / 2)
    days = filled.dyad_timeline("CHN", "USA", "day", factual_only=False)
    assert sum(p.events for p in days) == 5
    weeks = filled.dyad_timeline("RUS", "UKR", "week")
    assert [(p.period, p.events) for p in weeks] == [
        (dt.date(2024, 7, 29), 1), (dt.date(2024, 9, 9), 1)
    ]  # fmt: skip
    with pytest.raises(BadFilter):
        filled.dyad_timeline("USA", "CHN", "year")


def test_actor_filter_matches_whole_codes_and_words(filled: Store) -> None:
    """A code matches codes by prefix, words match whole words: never a substring."""
    brussels = Actor("Brussels", "European Union", "IGOEEC", None, "IGO", None)
    kallas = Actor("EU foreign policy chief Kaja Kallas", "Kaja Kallas", "IGOEEC", None, "IGO", None)
    eu = dataclasses.replace(make_event("e1", 0, ["RUSMIL"], ["UKRGOV"], "111", dt.date(2024, 9, 1)),
                             source=(brussels,), target=(kallas,))  # fmt: skip
    filled.ingest([coded("e1", dt.date(2024, 9, 1), [eu])])
    russia = {("a2", 0), ("a2", 1), ("a3", 0), ("a4", 1)}
    assert ids(filled, actor="RUS") == ids(filled, actor="rus") == russia  # not "Brussels"
    assert ids(filled, actor="code:RUSMIL") == ids(filled, actor="RUSMIL") == russia
    assert ids(filled, actor="IGO") == {("a3", 2), ("e1", 0)}
    assert ids(filled, actor="text:Brussels") == {("e1", 0)}
    assert ids(filled, actor="text:russian troops") == russia
    assert ids(filled, actor="text:troops russian") == set()  # words in their order
    assert ids(filled, actor="Kallas") == ids(filled, actor="kaja kallas") == {("e1", 0)}
    assert ids(filled, actor="ain") == ids(filled, actor="Blink") == set()  # inside words
    assert ids(filled, actor="name:Yi") == ids(filled, actor="wang yi")
    for bad in ("code:RUS MIL", "text:", "  ", "name:--"):
        with pytest.raises(BadFilter):
            ids(filled, actor=bad)


def test_search_actors_unresolved_and_stats(filled: Store) -> None:
    found = filled.search_actors("blinken")
    assert [(a.code, a.name, a.events) for a in found] == [("USAGOV", "Antony Blinken", 6)]
    top = filled.unresolved()
    assert (top[0].name, top[0].count, top[0].articles, top[0].label) == ("Zhang Wei", 2, 2, "PERSON")
    assert top[0].example in {"Zhang Wei spoke.", "Zhang Wei again."}
    assert [u.name for u in filled.unresolved(min_count=2)] == ["Zhang Wei"]
    stats = filled.stats()
    assert (stats.articles, stats.events, stats.factual_events) == (5, 11, 9)
    assert stats.first_date == dt.date(2024, 7, 26) and stats.last_date == dt.date(2024, 9, 12)
    assert stats.events_by_plover["CONSULT"] == 4


def test_batches_are_atomic(store: Store) -> None:
    """A batch that fails mid-way leaves nothing behind; earlier batches stay."""
    corpus = sample_corpus()
    broken = dataclasses.replace(corpus[1], events=(*corpus[1].events, "not an event"))  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        store.ingest([corpus[0], broken, corpus[2]], commit_every=1)
    assert store.get_article("a1") is not None
    assert store.get_article("a2") is None and store.stats().articles == 1


def test_paths_and_urls_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_url(tmp_path / "x.db").render_as_string() == f"sqlite:///{tmp_path}/x.db"
    pg = resolve_url("postgresql://u:p@127.0.0.1:5432/db")
    assert pg.drivername == "postgresql+psycopg"
    monkeypatch.setenv("NEWSEVENTS_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).database == str(tmp_path / "env.db")
    monkeypatch.delenv("NEWSEVENTS_DB")
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None).database == str(tmp_path / "newsevents.db")


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    with Store.open(tmp_path / "w.db") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_row_columns_match_the_schema() -> None:
    from newsevents.store import rows, schema

    for table, columns in (
        (schema.articles, rows.ARTICLE_COLUMNS),
        (schema.events, rows.EVENT_COLUMNS),
        (schema.event_actors, rows.ACTOR_COLUMNS),
        (schema.event_dyads, rows.DYAD_COLUMNS),
    ):
        assert set(columns) == set(table.c.keys()), table.name
    assert set(rows.UNRESOLVED_COLUMNS) == set(schema.unresolved_names.c.keys()) - {"id"}


def test_an_event_with_both_countries_on_both_sides_counts_once(store: Store) -> None:
    day = dt.date(2024, 5, 6)
    both = make_event("m1", 0, ["USAGOV", "CHNGOV"], ["CHNGOV", "USAGOV"], "057", day)
    store.ingest([coded("m1", day, [both])])
    assert [p.events for p in store.dyad_timeline("USA", "CHN", "day")] == [1]
    assert len(store.query_events(EventFilter(dyad="CHN:USA")).events) == 1
    assert store.count_events(EventFilter(dyad="USA:CHN")) == 1
    for ordered in ("USA:CHN", "CHN:USA", "USA:USA"):
        assert len(store.query_events(EventFilter(dyad=ordered, ordered_dyad=True)).events) == 1


@pytest.mark.parametrize(
    "filters",
    [{"source": "USA"}, {"target": "UKRGOV", "plover": "ASSAULT"}, {"source": "GBR", "target": "RUS"},
     {"actor": "wang"}, {"actor": "text:troops", "target": "UKR"}, {"actor": "RUS"}],
)  # fmt: skip
def test_common_and_rare_actor_plans_agree(filled: Store, filters: dict[str, str]) -> None:
    """Both SQL forms of an actor filter (list of ids; per-event check) give one answer."""
    from newsevents.store import query
    from newsevents.store.actor_match import matching_actor_ids

    f = EventFilter(limit=100, **filters)  # type: ignore[arg-type]
    with filled.engine.connect() as conn:
        matched = matching_actor_ids(conn, f.actor) if f.actor else None
        rare = conn.execute(query.events_page_query(f, actor_ids=matched)).all()
        every = frozenset({"source", "target", "actor"})
        common = conn.execute(query.events_page_query(f, every, matched)).all()
    assert rare == common and len(rare) == len(ids(filled, **filters)) > 0
