"""Panels on Spark (``newsevents aggregate --from-parquet``): the same panel as a store
that ingested the same output.

The output is written by the job's own writers (``spark.tables.write_tables`` and the
clusters stage) from coded articles made here: events between several countries, with
several actors a side, every date precision, negated and not-yet events, an undated
article, a failed coding, a read error and one article read from two inputs. It is
loaded into a SQLite store with ``newsevents ingest --from-parquet``; every panel below
must come out the same from both, row for row.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import require_service
from newsevents.analysis import PanelSpec, panel
from newsevents.cli import main
from newsevents.model import Actor, Article, CodedArticle, Event, Location, ReadError
from newsevents.spark.rows import PieceRef, ResultBatch

pytestmark = [pytest.mark.slow, pytest.mark.service]

USA = Actor("Washington", "United States government", "USAGOV", "USA", "GOV")
CHN = Actor("Beijing", "Chinese government", "CHNGOV", "CHN", "GOV")
RUS = Actor("Russian forces", None, "RUSMIL", "RUS", "MIL")
BLR = Actor("Belarusian troops", None, "BLRMIL", "BLR", "MIL")
UKR = Actor("Ukraine", None, "UKR", "UKR", None)
IRN = Actor("Iran", None, "IRNGOV", "IRN", "GOV")
UNO = Actor("the United Nations", None, "IGOUNO", None, "IGO")
USA_POLICE = Actor("police", None, "USACOP", "USA", "COP")
KYIV = Location("Kyiv", "UKR", 50.45, 30.52, 703448, "city", "Kyiv City")


def _event(article: Article, n: int, source: tuple[Actor, ...], target: tuple[Actor, ...],
           cameo: str, plover: str | None, quad: int, goldstein: float | None,
           date: dt.date | None, precision: str | None = "day", **extra: Any) -> Event:  # fmt: skip
    sentence = f"Sentence {n} of {article.id}."
    return Event(
        article_id=article.id, sentence_index=n, sentence=sentence, trigger="did",
        span=(0, len(sentence)), source=source, target=target, cameo=cameo, plover=plover,
        quad_class=quad, goldstein=goldstein, date=date, date_precision=precision,
        date_source="text" if date else None, confidence=extra.pop("confidence", 0.8), **extra,
    )  # fmt: skip


def _article(n: int, day: dt.date | None, outlet: str, text: str) -> Article:
    url = f"https://{outlet}/story/{n}"
    return Article(id=url, title=f"Story {n}", date=day, url=url, paragraphs=(text,),
                   origin=f"/in/{n}.html", outlet=outlet)  # fmt: skip


def coded_articles() -> list[CodedArticle]:
    """Articles and events covering what panels tell apart (see the module's doc)."""
    d = dt.date
    talks = "Officials of the United States met Chinese officials in Beijing for talks on trade."
    a1 = _article(1, d(2024, 3, 4), "wire.example.com", talks)
    a2 = _article(2, d(2024, 3, 5), "daily.example.org", talks + " They will meet again.")
    a3 = _article(3, d(2024, 3, 20), "wire.example.com", "Russian and Belarusian troops "
                  "attacked Ukrainian positions; Iran was warned; the UN spoke.")  # fmt: skip
    a4 = _article(4, None, "blog.example.net", "Undated piece about Ukraine and Russia.")
    a5 = _article(5, d(2024, 4, 10), "daily.example.org", "Police in the United States "
                  "arrested protesters; the United States may sanction Iran.")  # fmt: skip
    quiet = [_article(10 + n, d(2024, 4, 1 + n), "wire.example.com", f"Nothing happened {n}.")
             for n in range(4)]  # fmt: skip
    failed = _article(20, d(2024, 4, 2), "wire.example.com", "This one failed to code.")
    events = {
        a1.id: [
            _event(a1, 0, (USA,), (CHN,), "042", "CONSULT", 1, 1.9, d(2024, 3, 4)),
            _event(a1, 1, (RUS, BLR), (UKR,), "190", "ASSAULT", 4, -10.0, d(2024, 3, 3),
                   location=KYIV),
            _event(a1, 2, (USA,), (IRN,), "172", "COERCE", 4, -5.0, d(2024, 3, 4), negated=True),
        ],
        a2.id: [_event(a2, 0, (USA,), (CHN,), "042", "CONSULT", 1, 1.9, d(2024, 3, 4))],
        a3.id: [
            _event(a3, 0, (RUS,), (UKR,), "190", "ASSAULT", 4, -10.0, d(2024, 3, 1), "month"),
            _event(a3, 1, (UKR,), (RUS, BLR), "190", "ASSAULT", 4, -10.0, d(2024, 3, 18),
                   "week", location=KYIV, confidence=0.5),
            _event(a3, 2, (CHN,), (IRN,), "130", "THREATEN", 3, -4.4, d(2024, 1, 1), "year"),
            _event(a3, 3, (UNO,), (RUS,), "010", None, 1, None, d(2024, 3, 20)),
            _event(a3, 4, (IRN,), (USA,), "111", "REJECT", 2, -2.0, d(2024, 2, 29), "before"),
        ],
        a4.id: [_event(a4, 0, (UKR,), (RUS,), "112", "ACCUSE", 2, -2.0, None, None)],
        a5.id: [
            _event(a5, 0, (USA_POLICE,), (USA,), "173", "SEIZE", 4, -5.0, d(2024, 4, 9)),
            _event(a5, 1, (USA,), (IRN,), "163", "SANCTION", 4, -8.0, d(2024, 4, 10),
                   modality="future"),
            _event(a5, 2, (USA,), (CHN, IRN), "036", "CONSULT", 1, 4.0, d(2024, 4, 8),
                   confidence=0.6),
            # a week across two months: in no month (event) or counted whole (happening)
            _event(a5, 3, (CHN,), (USA,), "036", "CONSULT", 1, 4.0, d(2024, 4, 30), "week"),
        ],
    }  # fmt: skip
    coded = [CodedArticle(a, tuple(events.get(a.id, ()))) for a in (a1, a2, a3, a4, a5, *quiet)]
    return [*coded, CodedArticle(failed, (), "ValueError: boom")]


def write_output(spark: Any, folder: Path) -> None:
    """The coded articles as a ``newsevents spark`` output, written by the job's own
    writers: three inputs, the first article in two of them, a read error in one."""
    import pyarrow as pa

    from newsevents.cluster.spark import write_cluster_table
    from newsevents.config import load_settings
    from newsevents.spark.tables import OutputFolder, write_tables

    coded = coded_articles()
    inputs = {"k0": coded[:3], "k1": coded[3:6] + coded[:1], "k2": coded[6:]}
    batch = ResultBatch()
    for key, items in inputs.items():
        ref = PieceRef(key, f"file:/in/{key}.warc.gz", 0)
        batch.add_piece(ref, 1000)
        for c in items:
            batch.add_coded(ref, c, json.dumps(c.article.to_dict()))
        if key == "k2":
            batch.add_read_error(ref, ReadError("/in/k2.warc.gz#r9", "record too large"))
    results = spark.createDataFrame(pa.Table.from_batches([batch.flush()]))
    output = OutputFolder(spark, str(folder))
    write_tables(results, output, "replace", partitions=4)
    write_cluster_table(spark, output.uri, load_settings(env={}))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    require_service(shutil.which("java") is not None, "Spark needs Java (java not on PATH)")
    pytest.importorskip("pyspark")
    from newsevents.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def output_and_store(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Spark output, and a SQLite store that ingested it through the command line."""
    folder = tmp_path_factory.mktemp("spark_panels")
    output, db = folder / "out", folder / "store.db"
    write_output(spark, output)
    result = CliRunner().invoke(main, ["ingest", "--from-parquet", str(output), "--db", str(db)])
    assert result.exit_code == 3, result.output  # the read error is reported again
    return output, db


SPECS = {
    "country-month happenings": PanelSpec(),
    "country-month events, normalised": PanelSpec(count="events", normalize=True),
    "dyad-week events, RUS:UKR either way": PanelSpec(
        by="dyad", interval="week", count="events", dyad="RUS:UKR", directed=False),
    "dyad-week events, UKR:BLR directed": PanelSpec(
        by="dyad", interval="week", count="events", dyad="UKR:BLR"),
    "dyad-month events, code dyad USAGOV:IRN, all modalities": PanelSpec(
        by="dyad", count="events", dyad="USAGOV:IRN", factual_only=False),
    "dyad-month happenings undirected, by quad": PanelSpec(
        by="dyad", count="clusters", directed=False, split="quad"),
    "country-week events spread, by PLOVER": PanelSpec(
        interval="week", count="events", imprecise="spread", split="plover"),
    "country-year events, all modalities, normalised": PanelSpec(
        interval="year", count="events", factual_only=False, normalize=True),
    "actor-day sources": PanelSpec(by="actor", interval="day", count="events", role="source"),
    "place-month": PanelSpec(count="events", role="place", factual_only=False),
    "country-month events, only listed, min confidence": PanelSpec(
        count="events", only=("UKR", "USA", "FRA"), min_confidence=0.7),
    "international happenings involving RUS, since/until": PanelSpec(
        scope="international", involving="RUS", since=dt.date(2024, 3, 10),
        until=dt.date(2024, 5, 1)),
    "domestic, all, by CAMEO root": PanelSpec(
        by="all", count="events", scope="domestic", split="cameo_root"),
    "happenings RUS:UKR either way, week": PanelSpec(
        by="dyad", interval="week", dyad="RUS:UKR", directed=False),
    # a publication day in doubt across two weeks (Sunday and Monday), a week, a year
    "country-week happenings, all modalities": PanelSpec(interval="week", factual_only=False),
    "all-week happenings spread, normalised": PanelSpec(
        by="all", interval="week", imprecise="spread", normalize=True),
}  # fmt: skip


@pytest.mark.parametrize("name", list(SPECS))
def test_spark_panel_equals_the_store_panel(
    name: str, spark: Any, output_and_store: tuple[Path, Path]
) -> None:
    from newsevents.analysis.spark import spark_panel
    from newsevents.store import Store

    output, db = output_and_store
    spec = SPECS[name]
    from_spark = spark_panel(spark, str(output), spec)
    with Store.open(db, create=False) as store:
        from_store = panel(store, spec)
    assert from_store.rows, "the fixture should give this panel some rows"
    assert from_spark.columns == from_store.columns
    assert from_spark.rows == from_store.rows
    assert from_spark.periods == from_store.periods
    assert from_spark.left_out == from_store.left_out


def test_the_fixture_tells_what_the_panels_tell_apart(
    spark: Any, output_and_store: tuple[Path, Path]
) -> None:
    """The equalities above mean something: happenings are fewer than events, the
    volume and the left-out counts are not empty, the duplicate input counts once."""
    from newsevents.analysis.spark import spark_panel

    output = str(output_and_store[0])
    events = spark_panel(spark, output, PanelSpec(by="all", count="events", normalize=True))
    happenings = spark_panel(spark, output, PanelSpec(by="all"))
    assert 0 < happenings.total() < events.total()
    march = events.rows[0]
    # March: 2 + 1 factual events of a1 and a2 (a1 read twice, counted once), 3 of a3 that
    # fall in March (not the year-dated or the "before" one); articles a1, a2, a3.
    assert march[0] == dt.date(2024, 3, 1) and march[1] == 6 and march[3] == 3
    week = spark_panel(spark, output, PanelSpec(by="all", count="events", interval="week"))
    assert week.left_out == {"before": 1, "month": 1, "unknown": 1, "year": 1}


def test_aggregate_from_parquet_writes_what_aggregate_on_the_store_writes(
    spark: Any, output_and_store: tuple[Path, Path], tmp_path: Path
) -> None:
    output, db = output_and_store
    runner = CliRunner()
    args = ["aggregate", "--by", "dyad", "--interval", "week", "--count", "events",
            "--undirected", "--normalize", "--format", "csv"]  # fmt: skip
    on_store = runner.invoke(main, [*args, "--db", str(db)])
    on_spark = runner.invoke(main, [*args, "--from-parquet", str(output)])
    assert on_store.exit_code == 0 and on_spark.exit_code == 0, on_spark.output
    assert on_spark.stdout == on_store.stdout and on_spark.stdout.count("\n") > 5
    assert "fall in no week" in on_spark.stderr
    assert spark.sparkContext._jsc is not None  # the running session was left running

    for fmt in ("json", "edges"):
        fmt_args = ["aggregate", "--by", "dyad", "--format", fmt]
        assert (runner.invoke(main, [*fmt_args, "--from-parquet", str(output)]).stdout
                == runner.invoke(main, [*fmt_args, "--db", str(db)]).stdout)  # fmt: skip
    import newsevents

    spec = {"by": "dyad", "dyad": "RUS:UKR", "directed": False, "interval": "week"}
    in_python = newsevents.aggregate(from_parquet=str(output), count="events", **spec)
    assert in_python.rows == newsevents.aggregate(db, count="events", **spec).rows
    parquet = tmp_path / "p.parquet"
    result = runner.invoke(main, ["aggregate", "--from-parquet", str(output), "--format",
                                  "parquet", "-o", str(parquet)])  # fmt: skip
    assert result.exit_code == 0 and parquet.stat().st_size > 0


def test_aggregate_from_parquet_usage_errors(
    spark: Any, output_and_store: tuple[Path, Path], tmp_path: Path
) -> None:
    output, db = output_and_store
    runner = CliRunner()
    both = runner.invoke(main, ["aggregate", "--from-parquet", str(output), "--db", str(db)])
    assert both.exit_code == 2 and "not both" in both.output
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = runner.invoke(main, ["aggregate", "--from-parquet", str(empty)])
    assert missing.exit_code == 2 and "no articles table" in missing.output
    bad = runner.invoke(main, ["aggregate", "--from-parquet", str(output), "--dyad", "U:"])
    assert bad.exit_code == 2 and "bad dyad" in bad.output
    # An output with articles but no events: empty panels. With events but no clusters
    # (clustering off): happenings cannot be counted, events can.
    shutil.copytree(output / "articles", tmp_path / "no_events" / "articles")
    for count in ("events", "clusters"):
        nothing = runner.invoke(main, ["aggregate", "--from-parquet", str(tmp_path / "no_events"),
                                       "--count", count, "--format", "json"])  # fmt: skip
        assert nothing.exit_code == 0 and json.loads(nothing.stdout)["rows"] == []
    shutil.copytree(output / "events", tmp_path / "no_events" / "events")
    events = runner.invoke(main, ["aggregate", "--from-parquet", str(tmp_path / "no_events"),
                                  "--count", "events", "--format", "json"])  # fmt: skip
    assert events.exit_code == 0 and json.loads(events.stdout)["rows"]
    clusters = runner.invoke(main, ["aggregate", "--from-parquet", str(tmp_path / "no_events")])
    assert clusters.exit_code == 2 and "no clusters table" in clusters.output
    unreachable = runner.invoke(main, ["aggregate", "--from-parquet", "nosuchfs://x/out"])
    assert unreachable.exit_code == 1 and unreachable.output.startswith("error: nosuchfs://")
