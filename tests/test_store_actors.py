"""The store's actor table: search, LIKE wildcards, actor-code dyads; SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.model import Actor
from newsevents.store import BadFilter, Dyad, EventFilter, Store, StoreError
from newsevents.store.schema import store_info
from test_store_helpers import BACKENDS, backend_url, coded, fresh_store, make_event, sample_corpus


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


def test_like_wildcards_are_plain_characters(filled: Store) -> None:
    for wildcard in ("%", "_"):  # no words to match: a bad filter, not "everything"
        with pytest.raises(BadFilter):
            ids(filled, actor=wildcard)
    assert ids(filled, actor="w_ng") == ids(filled, actor="wa%") == set()
    assert filled.search_actors("%") == [] and filled.search_actors("w_ng") == []
    percent = Actor("the 100% Party", "100% Party", None, "LAO", None)
    event = dataclasses.replace(
        make_event("p1", 0, ["USAGOV"], ["CHNGOV"], "042", dt.date(2024, 1, 2)), target=(percent,)
    )
    filled.ingest([coded("p1", dt.date(2024, 1, 2), [event])])
    assert ids(filled, actor="100%") == {("p1", 0)}  # the word "100"
    assert ids(filled, actor="0%") == set()  # never inside a word
    assert [a.name for a in filled.search_actors("0% p")] == ["100% Party"]
    assert ids(filled, actor="wang") == {("a1", 0), ("a1", 1), ("a1", 2), ("a3", 1), ("a4", 0), ("a5", 0)}


def test_actor_search_counts_follow_replacements(filled: Store) -> None:
    assert [(a.code, a.events) for a in filled.search_actors("blinken")] == [("USAGOV", 6)]
    # an exact code or country comes first, then substrings (RUS is in "Russian troops")
    found = filled.search_actors("usa")
    assert (found[0].code, found[0].country, found[0].sector) == ("USAGOV", "USA", "GOV")
    assert filled.search_actors("", limit=2)[0].code in {"USAGOV", "CHNGOV"}
    replacement = [make_event("a1", 5, ["RUSMIL"], ["GBRGOV"], "111", dt.date(2024, 7, 28))]
    filled.ingest([coded("a1", dt.date(2024, 7, 27), replacement, body="Changed.")])
    assert [(a.code, a.events) for a in filled.search_actors("blinken")] == [("USAGOV", 3)]
    assert [(a.code, a.events) for a in filled.search_actors("RUSMIL")] == [("RUSMIL", 5)]
    assert filled.stats().actors == 6


def test_actor_code_dyads_match_country_dyads_where_they_agree(filled: Store) -> None:
    for interval in ("day", "week", "month"):
        for factual in (True, False):
            by_country = filled.dyad_timeline("USA", "CHN", interval, factual_only=factual)
            assert filled.dyad_timeline("usagov", "CHNGOV", interval, factual_only=factual) == by_country
            assert filled.dyad_timeline("CHN", "USAGOV", interval, factual_only=factual) == by_country
    # the undated future event counts at its article's date (July), as for countries
    july = filled.dyad_timeline("USAGOV", "CHNGOV", "month", factual_only=False)[0]
    assert (july.period, july.events) == (dt.date(2024, 7, 1), 3)
    usa_chn = {("a1", 0), ("a1", 1), ("a1", 2), ("a3", 1), ("a4", 0)}
    assert ids(filled, dyad="USAGOV:CHNGOV") == usa_chn
    assert ids(filled, dyad="USAGOV:CHNGOV", ordered_dyad=True) == {("a1", 0), ("a1", 2), ("a4", 0)}
    assert filled.count_events(EventFilter(dyad="CHNGOV:USA")) == 5


def test_actor_code_dyads_tell_sectors_apart(filled: Store) -> None:
    # a3/0: USAGOV and GBRGOV accuse RUSMIL
    assert ids(filled, dyad="GBRGOV:RUSMIL") == {("a3", 0)}
    assert ids(filled, dyad="USAGOV:RUS", plover="ACCUSE") == {("a3", 0)}
    assert ids(filled, dyad="USAMIL:RUS") == set()
    assert [(p.period, p.events) for p in filled.dyad_timeline("RUSMIL", "GBRGOV", "day")] == [
        (dt.date(2024, 9, 9), 1)
    ]
    # a5/0 has no date at all: on pages, not on timelines
    assert ids(filled, dyad="GBRGOV:CHNGOV") == {("a5", 0)}
    assert filled.dyad_timeline("GBRGOV", "CHNGOV") == []
    pages = filled.query_events(EventFilter(dyad="USAGOV:CHNGOV", limit=2))
    rest = filled.query_events(EventFilter(dyad="USAGOV:CHNGOV", limit=10, cursor=pages.next_cursor))
    assert len({e.event_id for e in pages.events + rest.events}) == 5


def test_dyad_parsing() -> None:
    assert Dyad.parse("usa:chn").by_country
    assert not Dyad.parse("USAGOV:CHN").by_country
    for bad in ("USA", "USA:", "US A:CHN", "USA:%", "USA:CHN:RUS"):
        with pytest.raises(BadFilter):
            Dyad.parse(bad)


def test_a_store_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as store, store.engine.begin() as conn:
        conn.execute(store_info.update().values(value="2"))
    with pytest.raises(StoreError, match="schema version 2"):
        Store.open(path)
