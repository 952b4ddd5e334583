"""The Spark job and its input planning.

The planner and the piece reader need neither Java nor the model: a file cut into
pieces must read exactly as the whole file does. The job itself runs in local mode on a
WARC and a JSONL file written here, and must write what the command line's pipeline
codes from the same files, partitioned by event month, with the right counts.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import require_service
from newsevents.model import Article, ReadError
from newsevents.read import Reader, read_paths
from newsevents.spark.rows import EVENT_COLUMNS
from newsevents.spark.splits import InputSplit, plan_partitions, read_split, split_file

PAGES = [
    (
        "https://news.example.org/2024/03/12/putin-xi-gas-deal",
        "2024-03-12",
        "Putin and Xi sign gas supply agreement in Moscow",
        [
            "MOSCOW (Reuters) - Russian President Vladimir Putin met Chinese President "
            "Xi Jinping in Moscow on Tuesday, and the two leaders signed an agreement on "
            "natural gas supplies through a new pipeline.",
            "Putin praised China as a reliable partner. The Kremlin said Russia would "
            "increase deliveries of gas to China over the next five years.",
            "Officials from both governments said further talks on trade were planned "
            "for the summer, when ministers are due to meet again in Beijing.",
        ],
    ),
    (
        "https://news.example.org/2024/05/02/israel-strikes-gaza",
        "2024-05-02",
        "Israeli aircraft strike Hamas positions in Gaza",
        [
            "JERUSALEM (AP) - Israeli warplanes bombed Hamas positions in the Gaza Strip "
            "on Thursday, the Israeli military said, after rockets were fired at towns "
            "in southern Israel overnight.",
            "Hamas accused Israel of targeting civilians and vowed to respond. Egypt "
            "urged both sides to show restraint and offered to mediate a ceasefire.",
            "The United Nations called for an immediate halt to the fighting and for "
            "humanitarian aid to be allowed into the territory.",
        ],
    ),
    (
        "https://news.example.org/2024/06/20/france-iran",
        "2024-06-20",
        "France accuses Iran of holding its citizens hostage",
        [
            "PARIS (AFP) - France on Thursday accused Iran of holding three French "
            "citizens as hostages and demanded their immediate release, the foreign "
            "ministry said in a statement.",
            "French Foreign Minister Stephane Sejourne summoned the Iranian ambassador "
            "in Paris to protest against the detentions.",
            "Iran rejected the accusation and said the three had been arrested for "
            "spying, according to the state news agency IRNA.",
        ],
    ),
]


def _page_html(title: str, date: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='article:published_time' content='{date}T09:00:00Z'>"
        "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{body}</article>"
        "<footer>Copyright News Example</footer></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, str, str, list[str]]]) -> Path:
    """A gzipped WARC: one response per page, plus a 404 and an image, which are skipped."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))

        def response(url: str, status: str, content_type: str, payload: bytes) -> None:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
            writer.write_record(record)

        for n, (url, date, title, paragraphs) in enumerate(pages):
            response(url, "200 OK", "text/html; charset=utf-8", _page_html(title, date, paragraphs))
            if n == 0:
                response(url + "/missing", "404 Not Found", "text/html", b"<html>gone</html>")
                response(url + ".png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    return path


def write_jsonl(path: Path) -> Path:
    lines: list[dict[str, str] | str] = [
        {"id": "a1", "date": "2024-07-01", "text": "Germany sends tanks to Ukraine\n\n"
         "BERLIN - Germany said on Monday it would send more tanks to Ukraine."},
        "this line is not JSON",
        {"id": "a2", "date": "2024-07-02", "text": "Kenya protests\n\nNAIROBI - Police "
         "in Kenya fired tear gas at protesters demonstrating against new taxes."},
        {"id": "a3", "text": "   "},
    ]  # fmt: skip
    path.write_text("".join((json.dumps(x) if isinstance(x, dict) else x) + "\n" for x in lines))
    return path


def _items(items: list[Article | ReadError]) -> list[tuple[str, str | None]]:
    return [
        (i.id, i.origin) if isinstance(i, Article) else (f"error:{i.message}", i.origin)
        for i in items
    ]


def test_warc_pieces_read_exactly_like_the_whole_file(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "pages.warc.gz", PAGES)
    pieces = split_file(str(warc), piece_bytes=1)  # one record a piece
    assert len(pieces) >= len(PAGES) and all(p.is_range for p in pieces)
    assert pieces[0].start == 0 and pieces[-1].end == warc.stat().st_size
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:], strict=False))
    whole = list(read_paths([warc]))
    reader = Reader()
    pieced = [item for piece in pieces for item in read_split(piece, reader)]
    assert _items(pieced) == _items(whole)
    assert [a.id for a in pieced if isinstance(a, Article)] == [url for url, *_ in PAGES]
    assert pieced == whole


def test_jsonl_pieces_keep_line_numbers_and_errors(tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "articles.jsonl")
    pieces = split_file(str(jsonl), piece_bytes=60)
    assert len(pieces) >= 3
    whole = list(read_paths([jsonl]))
    pieced = [item for piece in pieces for item in read_split(piece, Reader())]
    assert _items(pieced) == _items(whole)
    errors = [i.origin for i in pieced if isinstance(i, ReadError)]
    assert errors == [f"{jsonl}:2", f"{jsonl}:4"]


def test_plan_partitions_covers_every_byte_once_and_balances(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text(
        "".join(json.dumps({"id": str(n), "text": "x" * 900}) + "\n" for n in range(4000))
    )
    small = [tmp_path / f"s{n}.txt" for n in range(3)]
    for n, path in enumerate(small):
        path.write_text(f"Title {n}\n\nBody {n}.")
    (tmp_path / "notes.md").write_text("not an input")  # skipped inside folders
    groups = plan_partitions([tmp_path], partitions=2)
    assert len(groups) == 2
    pieces = [p for g in groups for p in g]
    assert {p.path for p in pieces} == {str(big)} | {str(p) for p in small}
    ranges = sorted((p.start, p.end) for p in pieces if p.path == str(big))
    assert len(ranges) > 2 and ranges[0][0] == 0 and ranges[-1][1] == big.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    loads = [sum(p.size for p in g) for g in groups]
    assert max(loads) <= 1.3 * min(loads)


def test_whole_file_split_reports_missing_file(tmp_path: Path) -> None:
    items = list(read_split(InputSplit(str(tmp_path / "gone.txt"), 0), Reader()))
    assert len(items) == 1 and isinstance(items[0], ReadError)


@pytest.mark.slow
def test_spark_job_writes_what_the_pipeline_codes(tmp_path: Path, pipeline: object) -> None:
    require_service(shutil.which("java") is not None, "Spark needs Java (java not on PATH)")
    pq = pytest.importorskip("pyarrow.parquet")
    from newsevents.config import load_settings
    from newsevents.pipeline import Pipeline
    from newsevents.spark import run_job

    inputs = tmp_path / "in"
    inputs.mkdir()
    write_warc(inputs / "a.warc.gz", PAGES[:2])
    write_warc(inputs / "b.warc.gz", PAGES[2:])
    write_jsonl(inputs / "c.jsonl")
    output = tmp_path / "events"
    counts = run_job([str(inputs)], str(output), master="local[2]",
                     settings=load_settings(env={}), partitions=2)  # fmt: skip

    assert isinstance(pipeline, Pipeline)
    items = list(read_paths([inputs]))
    articles = [i for i in items if isinstance(i, Article)]
    coded = list(pipeline.code_articles(articles))
    expected = {e.event_id: e for c in coded for e in c.events}
    assert expected, "the fixture pages should yield events"
    assert counts.records_read == len(items) == 7
    assert counts.failures == 2 + sum(c.error is not None for c in coded)
    assert counts.articles_coded == len(articles) - sum(c.error is not None for c in coded)
    assert counts.events == len(expected) and counts.partitions == 2

    table = pq.read_table(output)  # hive partitions: event_month=YYYY-MM/
    assert table.num_rows == len(expected)
    assert set(table.column_names) == {name for name, _ in EVENT_COLUMNS}
    for row in table.to_pylist():
        event = expected[row["event_id"]]
        assert row["cameo"] == event.cameo and row["plover"] == event.plover
        assert row["source_codes"] == [a.code for a in event.source]
        assert [a["country"] for a in row["target"]] == [a.country for a in event.target]
        assert row["date"] == event.date
        month = event.date or next(a.date for a in articles if a.id == event.article_id)
        assert row["event_month"] == (month.strftime("%Y-%m") if month else None)
    months = {p.name for p in output.iterdir() if p.is_dir()}
    assert months and all(m.startswith("event_month=") for m in months)


def test_spark_job_writes_the_clusters_the_store_makes(tmp_path: Path, pipeline: object) -> None:
    """The clusters table beside the events: the same clusters as ingesting the same
    articles into a store (per partition, then merged by key)."""
    require_service(shutil.which("java") is not None, "Spark needs Java (java not on PATH)")
    pq = pytest.importorskip("pyarrow.parquet")
    from newsevents.cluster.spark import clusters_path
    from newsevents.config import load_settings
    from newsevents.pipeline import Pipeline
    from newsevents.spark import run_job
    from newsevents.store import Store

    corpus = Path(__file__).parent / "fixtures" / "clusters" / "corpus.jsonl"
    output = tmp_path / "events"
    run_job([str(corpus)], str(output), master="local[2]", settings=load_settings(env={}),
            partitions=3)  # fmt: skip
    table = pq.read_table(clusters_path(str(output)))
    spark_clusters = {r["cluster_id"]: (sorted(r["event_ids"]), r["num_articles"], r["num_sources"])
                      for r in table.to_pylist()}  # fmt: skip

    assert isinstance(pipeline, Pipeline)
    with Store.open(str(tmp_path / "s.db")) as store:
        store.ingest(pipeline.code_articles(list(read_paths([corpus]))))
        stored = {}
        for c in store.iter_clusters():
            detail = store.get_cluster(c.cluster_id)
            assert detail is not None
            ids = sorted(e for a in detail.articles for e in a.event_ids)
            stored[c.cluster_id] = (ids, c.num_articles, c.num_sources)
    assert spark_clusters == stored
