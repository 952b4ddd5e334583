"""Panels of a store of the team's example articles (coded by the real pipeline): sums
equal counts, zero-filled periods, news-volume normalisation, pandas frames, the
command's outputs."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from collections import Counter

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import newsevents
from newsevents.cli import main
from newsevents.store import ClusterFilter, EventFilter, Store

pytestmark = pytest.mark.slow


def stored_counts(db: str) -> tuple[int, int]:
    with Store.open(db) as store:
        return (store.count_clusters(ClusterFilter(factual_only=True)),
                store.count_events(EventFilter(factual_only=True)))  # fmt: skip


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
@pytest.mark.parametrize("count", ["clusters", "events"])
def test_panel_sums_equal_the_stored_counts(examples_db: str, interval: str, count: str) -> None:
    """Every happening (event) is in the panel or among those left out, once."""
    clusters, events = stored_counts(examples_db)
    p = newsevents.aggregate(examples_db, by="all", interval=interval, count=count)
    expected = clusters if count == "clusters" else events
    assert p.total() + sum(p.left_out.values()) == expected > 0
    spread = newsevents.aggregate(examples_db, by="all", interval=interval, count=count,
                                  imprecise="spread")  # fmt: skip
    unbounded = sum(n for k, n in spread.left_out.items() if k in ("before", "unknown"))
    assert spread.total() + sum(spread.left_out.values()) == pytest.approx(expected, abs=1e-5)
    assert sum(spread.left_out.values()) == unbounded


def test_source_country_panel_sums_to_events_with_a_source_country(examples_db: str) -> None:
    with Store.open(examples_db) as store:
        events = list(store.iter_events(EventFilter(factual_only=True, limit=500)))
    p = newsevents.aggregate(examples_db, by="country", role="source", count="events",
                             interval="year")  # fmt: skip
    with_source = [e for e in events if e.source and e.source[0].country]
    assert p.total() + sum(p.left_out.values()) == len(with_source)


def test_month_panel_is_zero_filled_over_its_period(examples_db: str) -> None:
    p = newsevents.aggregate(examples_db, by="country", interval="month", split="quad")
    countries = {r["country"] for r in p.records()}
    assert len(p.rows) == len(p.periods) * len(countries) * 4
    months = [r["period"] for r in p.records()]
    assert set(months) == set(p.periods)
    assert all(m.day == 1 for m in months)
    assert sum(r["count"] == 0 for r in p.records()) > len(p.rows) / 2
    first, last = p.periods[0], p.periods[-1]
    n_months = (last.year - first.year) * 12 + last.month - first.month + 1
    assert len(p.periods) == n_months


def test_normalised_values_are_counts_per_stored_article(examples_db: str) -> None:
    with sqlite3.connect(examples_db) as conn:
        dates = [dt.date.fromisoformat(d) for (d,) in
                 conn.execute("SELECT date FROM articles WHERE date IS NOT NULL")]  # fmt: skip
    per_month = Counter(d.replace(day=1) for d in dates)
    p = newsevents.aggregate(examples_db, by="all", interval="month", normalize=True)
    assert p.columns[-2:] == ("articles", "normalized")
    for row in p.records():
        assert row["articles"] == per_month.get(row["period"], 0)
        expected = row["count"] / row["articles"] if row["articles"] else None
        assert row["normalized"] == (pytest.approx(expected) if expected is not None else None)
    assert sum(r["articles"] for r in p.records()) == sum(
        n for month, n in per_month.items() if p.periods[0] <= month <= p.periods[-1]
    )


def test_as_frame_returns_a_dataframe(examples_db: str) -> None:
    frame = newsevents.aggregate(examples_db, by="dyad", interval="week", as_frame=True)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["period", "source", "target", "count", "goldstein_mean"]
    assert str(frame["period"].dtype).startswith("datetime64")
    assert frame["count"].dtype.kind == "i" and frame["goldstein_mean"].dtype.kind == "f"
    assert (frame["period"].dt.day_of_week == 0).all()
    assert "left_out" in frame.attrs


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_aggregate_command_csv_json_parquet_and_edges(examples_db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("aggregate", "--db", examples_db, "--by", "dyad", "--format", "csv",
                       "--interval", "month", "--undirected")  # fmt: skip
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == ["period", "source", "target", "count", "goldstein_mean"]
    assert (frame["source"] <= frame["target"]).all()
    code, out, _ = run("aggregate", "--db", examples_db, "--format", "json", "--split", "plover")
    data = json.loads(out)
    assert data["columns"] == ["period", "country", "plover", "count", "goldstein_mean"]
    assert data["spec"]["split"] == "plover"
    parquet = tmp_path / "panel.parquet"
    code, _, _ = run("aggregate", "--db", examples_db, "--format", "parquet", "-o", str(parquet))
    assert code == 0 and pq.read_table(parquet).column("count").type == "int64"
    code, out, _ = run("aggregate", "--db", examples_db, "--by", "dyad", "--format", "edges")
    edges = pd.read_csv(io.StringIO(out))
    assert list(edges.columns) == ["source", "target", "period", "weight", "goldstein_mean"]
    assert (edges["weight"] > 0).all()
    panel = newsevents.aggregate(examples_db, by="dyad")
    assert edges["weight"].sum() == panel.total()
    code, _, err = run("aggregate", "--db", examples_db, "--format", "edges")
    assert code == 2 and "--by dyad" in err


def test_aggregate_command_says_what_it_left_out(examples_db: str) -> None:
    p = newsevents.aggregate(examples_db, by="all", interval="day")
    code, _, err = run("aggregate", "--db", examples_db, "--by", "all", "--interval", "day")
    assert code == 0
    if p.left_out:
        assert f"note: {sum(p.left_out.values())} happening" in err
    code, _, err = run("aggregate", "--db", examples_db, "--interval", "fortnight")
    assert code == 2 and err.startswith("error:")
