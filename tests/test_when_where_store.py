"""Date precision and place precision through the store, the REST API and the model:
a month-precise event is not drawn on a day; the new keys survive every round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.test_store_helpers import BACKENDS, backend_url, coded, fresh_store, make_event

from newsevents.model import Event, Location
from newsevents.store import Store

D = dt.date


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(backend_url(request.param, tmp_path))


def _dated(event: Event, precision: str, source: str = "text") -> Event:
    return dataclasses.replace(event, date_precision=precision, date_source=source, event_id="")


def _corpus() -> list:
    day = _dated(make_event("p1", 0, ["USAGOV"], ["CHNGOV"], "042", D(2024, 7, 3)), "day")
    week = _dated(make_event("p1", 1, ["USAGOV"], ["CHNGOV"], "111", D(2024, 7, 1)), "week")
    month = _dated(make_event("p1", 2, ["CHNGOV"], ["USAGOV"], "057", D(2024, 7, 1)), "month")
    before = _dated(make_event("p1", 3, ["CHNGOV"], ["USAGOV"], "111", D(2024, 7, 27)), "before",
                    "article")  # fmt: skip
    year = _dated(make_event("p1", 4, ["USAGOV"], ["CHNGOV"], "042", D(2019, 1, 1)), "year")
    return [coded("p1", D(2024, 7, 27), [day, week, month, before, year])]


def test_a_timeline_draws_an_event_only_as_precisely_as_it_is_dated(store: Store) -> None:
    store.ingest(_corpus())
    days = store.dyad_timeline("USA", "CHN", "day")
    assert [(p.period, p.events) for p in days] == [(D(2024, 7, 3), 1)]
    assert store.timeline_undrawn("USA", "CHN", "day") == {
        "week": 1,
        "month": 1,
        "before": 1,
        "year": 1,
    }
    weeks = store.dyad_timeline("USA", "CHN", "week")
    assert [(p.period, p.events) for p in weeks] == [(D(2024, 7, 1), 2)]
    months = store.dyad_timeline("USA", "CHN", "month")
    assert [(p.period, p.events) for p in months] == [(D(2024, 7, 1), 3)]
    assert store.timeline_undrawn("USA", "CHN", "month") == {"before": 1, "year": 1}


def test_left_out_lists_the_events_dated_too_coarsely_once_each(store: Store) -> None:
    denied = _dated(make_event("p2", 0, ["USAGOV"], ["CHNGOV"], "111", D(2024, 7, 1),
                               negated=True), "month")  # fmt: skip
    store.ingest([*_corpus(), coded("p2", D(2024, 7, 27), [denied])])
    precision = {e.event_id: e.date_precision for a in ("p1", "p2") for e in store.article_events(a)}
    left = store.dyad_left_out("USA", "CHN", interval="day")
    assert sorted(precision[i] for i in left.imprecise) == ["before", "month", "week", "year"]
    assert left.negated == (denied.event_id,)  # negated first: never counted twice
    assert left.counts["imprecise"] == 4 == sum(store.timeline_undrawn("USA", "CHN", "day").values())
    monthly = store.dyad_left_out("USA", "CHN", interval="month")
    assert sorted(precision[i] for i in monthly.imprecise) == ["before", "year"]
    # Counting every event, the denied one is too coarse for a day like the others.
    every = store.dyad_left_out("USA", "CHN", factual_only=False, interval="day")
    assert every.negated == () and len(every.imprecise) == every.counts["imprecise"] == 5
    assert store.dyad_left_out("USA", "CHN").imprecise == ()  # no interval, no such reason


def test_sources_and_place_precision_round_trip(store: Store) -> None:
    event = make_event("r1", 0, ["RUSMIL"], ["UKRGOV"], "190", D(2024, 2, 9))
    event = dataclasses.replace(
        event, date_precision="day", date_source="text", place_source="paragraph",
        location=Location("Donbas", "UKR", 48.2, 38.3, None, "region", None),
    )  # fmt: skip
    store.ingest([coded("r1", D(2024, 2, 10), [event])])
    (back,) = store.article_events("r1")
    assert back.to_dict() == event.to_dict()
    assert back.location is not None and back.location.precision == "region"
    assert (back.date_source, back.place_source) == ("text", "paragraph")


def test_api_timeline_says_what_it_leaves_out(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newsevents.api.app import create_app

    db = str(tmp_path / "t.db")
    with Store.open(db) as store:
        store.ingest(_corpus())
    client = TestClient(create_app(db=db))
    body = client.get("/api/dyads/USA/CHN/timeline?interval=day").json()
    assert [b["period"] for b in body["buckets"]] == ["2024-07-03"]
    assert body["undrawn"] == {"week": 1, "month": 1, "before": 1, "year": 1}
    assert body["left_out"]["imprecise"]["count"] == len(body["left_out"]["imprecise"]["event_ids"]) == 4
    event = client.get("/api/events?dyad=USA:CHN&limit=10").json()["events"][0]
    assert {"date_source", "place_source"} <= set(event)
