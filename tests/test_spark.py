"""The Spark job: planning, cutting, the tables it writes, and loading them into a store.

Planning, cutting and the Arrow rows need neither Java nor the model: a file cut into
pieces must read exactly as the whole file does, and the articles table must load back
into the very coded articles that were written. The job itself runs in local mode over
``file://`` inputs given as a glob and a manifest, and must write what the command
line's pipeline codes from the same files, with the ids ``ingest`` gives, exact counts
when a task fails and is retried, and no duplicates when it runs again.
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
from newsevents.cli import main
from newsevents.model import (
    Actor,
    Article,
    CodedArticle,
    Event,
    Location,
    ReadError,
    UnresolvedName,
)
from newsevents.read import Reader, read_paths
from newsevents.spark.load import coded_from_parquet
from newsevents.spark.plan import (
    MIN_PIECE_BYTES,
    InputFile,
    cut_points,
    partition_keys,
    plan_inputs,
    spark_hash_long,
)
from newsevents.spark.rows import EVENT_COLUMNS, PieceRef, ResultBatch
from newsevents.spark.worker import Piece, read_piece
from spark_fixtures import PAGES, write_jsonl, write_warc

HOOKS = Path(__file__).parent / "fixtures" / "spark_hooks"


def _items(items: list[Article | ReadError]) -> list[tuple[str, str | None]]:
    return [
        (i.id, i.origin) if isinstance(i, Article) else (f"error:{i.message}", i.origin)
        for i in items
    ]


def _read_cut(path: Path, kind: str, pieces: int) -> list[Article | ReadError]:
    data = path.read_bytes()
    cuts = cut_points(data, kind, pieces, compressed=path.name.endswith(".gz"))
    assert len(cuts) > 1, "the fixture should be cut"
    ends = [start for _, start in cuts[1:]] + [len(data)]
    items: list[Article | ReadError] = []
    for (index, start), end in zip(cuts, ends, strict=True):
        lines = data.count(b"\n", 0, start) if kind == "jsonl" else 0
        piece = Piece(PieceRef("k", path.as_uri(), index), str(path), path.name, kind, start,
                      lines, False, data[start:end])  # fmt: skip
        items.extend(read_piece(piece, Reader()))
    return items


def test_warc_pieces_read_exactly_like_the_whole_file(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "pages.warc.gz", PAGES)
    whole = list(read_paths([warc]))
    pieced = _read_cut(warc, "warc", pieces=50)  # more pieces than records: some dropped
    assert _items(pieced) == _items(whole)
    assert [a.id for a in pieced if isinstance(a, Article)] == [url for url, *_ in PAGES]
    assert pieced == whole


def test_cut_points_start_on_records_and_keep_their_index(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "pages.warc.gz", PAGES).read_bytes()
    cuts = cut_points(warc, "warc", 4, compressed=True)
    assert cuts[0] == (0, 0) and all(warc[s : s + 2] == b"\x1f\x8b" for _, s in cuts)
    assert [i for i, _ in cuts] == sorted({i for i, _ in cuts})
    assert cut_points(warc, None, 4) == [(0, 0)]
    assert cut_points(b"not a warc at all", "warc", 4) == [(0, 0)]


def test_jsonl_pieces_keep_line_numbers_and_errors(tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "articles.jsonl")
    whole = list(read_paths([jsonl]))
    pieced = _read_cut(jsonl, "jsonl", pieces=6)
    assert _items(pieced) == _items(whole)
    errors = [i.origin for i in pieced if isinstance(i, ReadError)]
    assert errors == [f"{jsonl}:2", f"{jsonl}:4"]


def test_plan_cuts_few_big_inputs_and_balances_partitions() -> None:
    big = InputFile("file:/data/big.jsonl", 40 * MIN_PIECE_BYTES, "/data/big.jsonl")
    gz = InputFile("file:/data/one.jsonl.gz", 3 * MIN_PIECE_BYTES, "/data/one.jsonl.gz")
    small = [InputFile(f"file:/data/s{n}.txt", 1000, f"/data/s{n}.txt") for n in range(3)]
    plans = plan_inputs([big, gz, *small], partitions=4)
    assert plans[big.uri].pieces > 4 and plans[big.uri].kind == "jsonl"
    assert plans[gz.uri].pieces == 1 and plans[gz.uri].kind is None  # gzip: not cut
    loads = [0] * 4
    for f in (big, gz, *small):
        plan = plans[f.uri]
        for i, partition in enumerate(plan.partitions):
            loads[partition] += f.size * (i + 1) // plan.pieces - f.size * i // plan.pieces
    assert sum(loads) == sum(f.size for f in (big, gz, *small))
    assert max(loads) <= 1.25 * min(loads)
    many = [InputFile(f"file:/d/{n}.warc.gz", 10**7, f"/d/{n}.warc.gz") for n in range(40)]
    assert all(p.pieces == 1 for p in plan_inputs(many, partitions=4).values())


def test_partition_keys_hit_every_partition_once() -> None:
    for n in (1, 2, 7, 64):
        keys = partition_keys(n)
        assert [spark_hash_long(k) % n for k in keys] == list(range(n))


def _hand_made_coded() -> list[CodedArticle]:
    article = Article(
        id="https://news.example.org/a", title="Kenya police", date=dt.date(2024, 7, 2),
        url="https://news.example.org/a", paragraphs=("NAIROBI - Police fired tear gas.",),
        boilerplate=("Also Read | x",), origin="/data/c.warc.gz#urn:uuid:1", outlet="example.org",
    )  # fmt: skip
    police = Actor("Police", None, "KENCOP", "KEN", "COP", None)
    event = Event(
        article_id=article.id, sentence_index=0, sentence=article.text, trigger="fired",
        span=(10, 31), source=(police,), target=(Actor("protesters", sector="CVL"),),
        cameo="180", plover="ASSAULT", quad_class=4, goldstein=-9.0, date=dt.date(2024, 7, 1),
        date_precision="day", date_source="text", modality="reported",
        location=Location("Nairobi", "KEN", -1.28, 36.81, 184745, "city", "Nairobi Area"),
        place_source="dateline", confidence=0.7, mentions=2, spans=((10, 31), (40, 45)),
        rules_version="r1", pattern="verbs.txt:12",
    )  # fmt: skip
    failed = Article(id="b", paragraphs=("Text.",), origin="/data/b.txt")
    return [
        CodedArticle(article, (event,), None, (UnresolvedName("Odinga", "PERSON", "s."),)),
        CodedArticle(failed, (), "ValueError: boom"),
    ]


def test_articles_table_loads_back_into_the_same_coded_articles(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    coded = _hand_made_coded()
    rows = ResultBatch()
    ref = PieceRef("k0123", "file:/data/c.warc.gz", 0)
    rows.add_coded(ref, coded[0], json.dumps(coded[0].article.to_dict()))
    rows.add_read_error(ref, ReadError("/data/c.warc.gz#r2", "record too large"))
    rows.add_piece(ref, 1234)
    rows.add_coded(ref, coded[1], json.dumps(coded[1].article.to_dict()))
    table = pa.Table.from_batches([rows.flush()])
    assert len(rows) == 0  # flushed
    articles = table.filter(pc.not_equal(table["kind"], "piece"))
    folder = tmp_path / "out" / "articles" / "input_key=k0123"
    folder.mkdir(parents=True)
    pq.write_table(articles.drop(["input_key", "piece_bytes"]), folder / "part-0.parquet")
    loaded = list(coded_from_parquet(str(tmp_path / "out")))
    assert loaded == [coded[0], ReadError("/data/c.warc.gz#r2", "record too large"), coded[1]]


def test_settings_reach_the_daemon_unchanged() -> None:
    # The daemon builds the pipeline for the settings it reads from its environment;
    # the tasks find it only if those settings equal theirs.
    from newsevents.config import load_settings
    from newsevents.spark.worker import settings_from_json, settings_to_json

    settings = load_settings(env={}, actors_files=("a.jsonl", "b.tsv"), min_confidence=0.3)
    assert settings_from_json(settings_to_json(settings)) == settings


def test_cli_usage_errors_need_no_spark(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["spark", "--output", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--manifest" in result.output
    result = runner.invoke(main, ["ingest", "--from-parquet", str(tmp_path), "--db",
                                  str(tmp_path / "x.db")])  # fmt: skip
    assert result.exit_code == 2 and "no articles table" in result.output
    (tmp_path / "a.txt").write_text("Title\n\nBody.")
    result = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--from-parquet",
                                  str(tmp_path)])  # fmt: skip
    assert result.exit_code == 2 and "not both" in result.output


# ---------------------------------------------------------------- with Spark (Java)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    require_service(shutil.which("java") is not None, "Spark needs Java (java not on PATH)")
    pytest.importorskip("pyspark")
    from newsevents.spark import spark_session

    # local[2,2]: two cores, a failed task is tried twice; the hooks folder lets a test
    # make one task fail (see its sitecustomize.py).
    session = spark_session("local[2,2]", {"spark.executorEnv.PYTHONPATH": str(HOOKS)})
    yield session
    session.stop()


def _write_inputs(folder: Path) -> Path:
    folder.mkdir()
    write_warc(folder / "a.warc.gz", PAGES[:2])
    write_warc(folder / "b.warc.gz", PAGES[2:])
    write_jsonl(folder / "c.jsonl")
    (folder / "sub").mkdir()
    (folder / "c.txt").write_text("Kenya police\n\nNAIROBI - Police in Kenya fired tear gas "
                                  "at protesters demonstrating against new taxes.")  # fmt: skip
    (folder / "sub" / "c.txt").write_text("Tanks\n\nBERLIN - Germany said on Monday it "
                                          "would send more tanks to Ukraine.")  # fmt: skip
    (folder / "odd [1].txt").write_text("Odd\n\nPARIS - France accused Iran of holding "
                                        "French citizens hostage.")  # fmt: skip
    (folder / ".hidden.txt").write_text("Hidden\n\nNot an input.")
    (folder / "notes.md").write_text("not an input")
    return folder


def _expected(folder: Path, pipeline: Any) -> tuple[list[Article | ReadError], list[CodedArticle]]:
    items = list(read_paths([folder]))
    coded = list(pipeline.code_articles(i for i in items if isinstance(i, Article)))
    return items, coded


def _events_table(output: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(output / "events").to_pylist()
    return rows


@pytest.mark.slow
@pytest.mark.service
def test_spark_hash_partitioning_is_what_the_keys_assume(spark: Any) -> None:
    n = 13
    rows = spark.range(0, 500).selectExpr("id", f"pmod(hash(id), {n}) AS p").collect()
    assert all(spark_hash_long(r.id) % n == r.p for r in rows)
    keys = partition_keys(n)
    frame = spark.createDataFrame([(keys[p], p) for p in range(n)], "k bigint, want int")
    placed = frame.repartition(n, "k").selectExpr("want", "spark_partition_id() AS got")
    assert all(r.want == r.got for r in placed.collect())


@pytest.mark.slow
@pytest.mark.service
def test_writes_side_by_side_cancel_the_others_when_one_fails(spark: Any) -> None:
    """The job's writes run side by side (spark/submit.py): when one fails, the others'
    jobs are cancelled rather than left to compute what the failed one could not, and
    the failure that came first is raised, not the cancellations."""
    from newsevents.spark.submit import run_in_order

    outcome: list[str] = []

    def long_job() -> None:  # seconds of work for two cores, unless cancelled
        try:
            spark.range(0, 10**10, numPartitions=2).where("id % 7 = 3").count()
        except Exception as exc:
            outcome.append(f"{type(exc).__name__}: {exc}")
            raise
        outcome.append("finished")

    def failing() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        run_in_order(spark, [long_job, failing])
    assert len(outcome) == 1 and "cancel" in outcome[0].lower(), outcome
    assert not spark.sparkContext.statusTracker().getActiveJobsIds()

@pytest.mark.slow
@pytest.mark.service
def test_job_codes_like_ingest_and_loads_without_duplicates(
    tmp_path: Path, spark: Any, pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    import newsevents.spark.plan
    from newsevents.config import load_settings
    from newsevents.spark import InputNotFound, run_job
    from newsevents.store import Store

    # Pieces of a few dozen bytes: the WARC and JSONL inputs are cut by the executors
    # on every record, and everything below must come out as if each file was read whole.
    monkeypatch.setattr(newsevents.spark.plan, "MIN_PIECE_BYTES", 1)
    monkeypatch.setattr(newsevents.spark.plan, "PIECES_PER_PARTITION", 100)

    inputs = _write_inputs(tmp_path / "in")
    items, coded = _expected(inputs, pipeline)
    events = {e.event_id: e for c in coded for e in c.events}
    assert len(events) > 10 and any(c.events for c in coded)
    manifest = tmp_path / "inputs.txt"
    manifest.write_text("# the rest of the corpus\nc.jsonl\nc.txt\n\nodd [1].txt\nsub\ngone.txt\n")
    output = tmp_path / "out"
    counts = run_job([f"{inputs}/*.warc.gz"], str(output), spark=spark, partitions=3,
                     settings=load_settings(env={}), manifests=[str(manifest)],
                     input_base=inputs.as_uri())  # fmt: skip

    failed = sum(c.error is not None for c in coded)
    read_errors = [i for i in items if isinstance(i, ReadError)]
    assert counts.inputs == 6 and counts.records_read == len(items)
    assert counts.articles_coded == len(coded) - failed and counts.events == len(events)
    assert counts.failures == len(read_errors) + failed + 1  # gone.txt, listed but missing
    assert any("gone.txt: no such file" in e for e in counts.errors)
    assert {f"{e.origin}: {e.message}" for e in read_errors} <= set(counts.errors)
    summary = pq.read_table(output / "summary").to_pylist()
    pieces = {Path(r["input"]).name: r["pieces"] for r in summary}
    assert pieces["a.warc.gz"] == 5 and pieces["b.warc.gz"] == 4  # a piece per record
    assert pieces["c.jsonl"] == 4  # a piece per line
    assert pieces["c.txt"] == 1

    table = _events_table(output)
    assert sorted(r["event_id"] for r in table) == sorted(events)
    assert set(table[0]) == {*EVENT_COLUMNS, "input_key"}
    for row in table:
        event = events[row["event_id"]]
        assert Event.from_dict(row) == event
        article = next(c.article for c in coded if c.article.id == event.article_id)
        month = event.date or article.date
        assert row["event_month"] == (month.strftime("%Y-%m") if month else None)
        assert row["article_url"] == article.url
    assert (output / "events" / "event_month=2024-03").is_dir()

    direct, loaded = Store.open(tmp_path / "direct.db"), Store.open(tmp_path / "loaded.db")
    direct.ingest(iter(coded))
    runner = CliRunner()
    args = ["ingest", "--from-parquet", str(output), "--db", str(tmp_path / "loaded.db")]
    first, second = runner.invoke(main, args), runner.invoke(main, args)
    assert first.exit_code == 3, first.output  # the read errors are reported again
    assert f"new:                {len(coded) - failed}" in first.output
    assert "new:                0" in second.output
    assert f"skipped duplicate:  {len(coded) - failed}" in second.output
    for c in coded:
        assert loaded.get_article(c.article.id) == direct.get_article(c.article.id)
        assert loaded.article_events(c.article.id) == direct.article_events(c.article.id)
    assert loaded.unresolved(limit=500) == direct.unresolved(limit=500)
    assert loaded.stats() == direct.stats()
    direct.close()
    loaded.close()

    with pytest.raises(InputNotFound):
        run_job([str(tmp_path / "nothing-here")], str(output), spark=spark)


@pytest.mark.slow
@pytest.mark.service
def test_retried_task_and_reruns_keep_counts_exact_and_tables_unique(
    tmp_path: Path, spark: Any, pipeline: Any
) -> None:
    from newsevents.config import load_settings
    from newsevents.spark import run_job

    inputs = _write_inputs(tmp_path / "in")
    output = tmp_path / "out"
    marker = tmp_path / "failed-once"
    settings = load_settings(env={})
    environment = spark.sparkContext.environment
    environment["NEWSEVENTS_TEST_FAIL_ONCE"] = str(marker)
    try:
        counts = run_job([str(inputs)], str(output), spark=spark, settings=settings,
                         partitions=2)  # fmt: skip
    finally:
        del environment["NEWSEVENTS_TEST_FAIL_ONCE"]
    assert marker.exists(), "a coding task should have failed once"

    items, coded = _expected(inputs, pipeline)
    events = sorted(e.event_id for c in coded for e in c.events)
    import pyarrow.parquet as pq

    def check(counts: Any, events: list[str], records: int) -> None:
        assert counts.records_read == records and counts.events == len(events)
        assert sorted(r["event_id"] for r in _events_table(output)) == events
        articles = pq.read_table(output / "articles").to_pylist()
        assert len(articles) == records
        summary = pq.read_table(output / "summary").to_pylist()
        assert len({r["input_key"] for r in summary}) == len(summary)

    check(counts, events, len(items))
    again = run_job([str(inputs)], str(output), spark=spark, settings=settings, partitions=3)
    check(again, events, len(items))

    # a.warc.gz loses its March page: its March partition goes, nothing is duplicated.
    write_warc(inputs / "a.warc.gz", PAGES[1:2])
    items, coded = _expected(inputs, pipeline)
    events = sorted(e.event_id for c in coded for e in c.events)
    third = run_job([str(inputs)], str(output), spark=spark, settings=settings, partitions=2)
    check(third, events, len(items))
    assert not list((output / "events").glob("event_month=2024-03/*"))
    # Another run over one input leaves the others' partitions alone.
    run_job([str(inputs / "b.warc.gz")], str(output), spark=spark, settings=settings)
    assert sorted(r["event_id"] for r in _events_table(output)) == events
    with pytest.raises(FileExistsError):
        run_job([str(inputs)], str(output), spark=spark, settings=settings, mode="error")
    # overwrite: what other inputs wrote goes too.
    only_b = run_job([str(inputs / "b.warc.gz")], str(output), spark=spark,
                     settings=settings, mode="overwrite")  # fmt: skip
    assert len(_events_table(output)) == only_b.events > 0
    assert len(pq.read_table(output / "summary")) == 1


@pytest.mark.slow
@pytest.mark.service
def test_spark_job_writes_the_clusters_the_store_makes(
    tmp_path: Path, spark: Any, pipeline: Any
) -> None:
    """The clusters table beside the events: the same clusters as ingesting the same
    articles into a store (per partition, then merged by key)."""
    import pyarrow.parquet as pq

    from newsevents.cluster.spark import clusters_path
    from newsevents.config import load_settings
    from newsevents.spark import run_job
    from newsevents.store import Store

    corpus = Path(__file__).parent / "fixtures" / "clusters" / "corpus.jsonl"
    output = tmp_path / "out"
    counts = run_job([str(corpus)], str(output), spark=spark, settings=load_settings(env={}),
                     partitions=3)  # fmt: skip
    table = pq.read_table(clusters_path(str(output)))
    spark_clusters = {r["cluster_id"]: (sorted(r["event_ids"]), r["num_articles"], r["num_sources"])
                      for r in table.to_pylist()}  # fmt: skip
    assert counts.clusters == len(spark_clusters) > 0

    with Store.open(str(tmp_path / "s.db")) as store:
        store.ingest(pipeline.code_articles(list(read_paths([corpus]))))
        stored = {}
        for c in store.iter_clusters():
            detail = store.get_cluster(c.cluster_id)
            assert detail is not None
            ids = sorted(e for a in detail.articles for e in a.event_ids)
            stored[c.cluster_id] = (ids, c.num_articles, c.num_sources)
        # Panels of the coded output, grouped by Spark, equal the store's
        # (tests/test_spark_panels.py checks many more on hand-made events).
        from newsevents.analysis import PanelSpec, panel
        from newsevents.analysis.spark import spark_panel

        for spec in (PanelSpec(interval="week", split="quad"),
                     PanelSpec(by="dyad", count="events", directed=False, normalize=True)):  # fmt: skip
            from_spark = spark_panel(spark, str(output), spec)
            assert from_spark.total() > 0 and from_spark.rows == panel(store, spec).rows
            assert from_spark.left_out == panel(store, spec).left_out
    assert spark_clusters == stored
