"""Event clusters in the Spark job: per partition, then merged by key.

``write_cluster_table`` runs after the job has written the events. Per partition it
reads the input articles again (no coding: their date, outlet and MinHash signature),
and per event its cluster member (``keys.member_of``); band keys meet by key to give
the syndicated copies, whose families (few) are settled on the driver and broadcast;
members meet by block (``keys.block_key``) and each block is clustered at once
(``batch.cluster_records``: the same partition the store reaches at ingest). The
clusters are written as Parquet beside the events, in ``<output>-clusters``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..model import Actor, Attribution, Event, Location
from .batch import ClusterInput, cluster_records, record_month, representative_columns
from .keys import ArticleInfo, member_of
from .summary import MemberFacts, source_of
from .syndication import Signature, Syndication, families

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from ..config import Settings
    from ..spark.splits import InputSplit

CLUSTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("cluster_id", "string"), ("date", "date"), ("date_end", "date"),
    ("date_precision", "string"), ("plover", "string"), ("cameo", "string"),
    ("cameo_root", "string"), ("quad_class", "int"), ("goldstein", "double"),
    ("factual", "boolean"), ("source_code", "string"), ("source_country", "string"),
    ("target_code", "string"), ("target_country", "string"), ("location_name", "string"),
    ("location_country", "string"), ("lat", "double"), ("lon", "double"),
    ("location_precision", "string"), ("num_events", "int"), ("num_articles", "int"), ("num_sources", "int"),
    ("first_seen", "date"), ("last_seen", "date"), ("outlets", "array<string>"),
    ("representative_event_id", "string"), ("event_ids", "array<string>"),
    ("article_ids", "array<string>"), ("undated", "boolean"), ("cluster_month", "string"),
)  # fmt: skip
# (id, date, outlet, signature, publication date: ``Article.published_on``)
ArticleRow = tuple[str, dt.date | None, str | None, bytes | None, dt.date | None]


def clusters_path(output: str) -> str:
    return output.rstrip("/") + "-clusters"


def article_rows(
    splits: Iterable[list[InputSplit]], default_date: dt.date | None, threshold: float
) -> Iterator[ArticleRow]:
    """``ArticleRow`` of every article of the partition's splits."""
    from ..model import ReadError
    from ..read import Reader
    from ..spark.splits import read_split

    reader = Reader(default_date=default_date)
    syndication = Syndication(threshold)
    for group in splits:
        for split in group:
            for item in read_split(split, reader):
                if isinstance(item, ReadError):
                    continue
                sig = syndication.signature(item.text)
                yield (item.id, item.date, item.outlet, sig.to_bytes() if sig else None,
                       item.published_on)  # fmt: skip


def band_entries(article: ArticleRow, threshold: float) -> list[tuple[int, tuple[str, bytes]]]:
    """(band key, (article id, signature)) for each LSH band of an article's signature."""
    sig = article[3]
    if sig is None:
        return []
    keys = Syndication(threshold).band_keys(Signature.from_bytes(sig))
    return [(k, (article[0], sig)) for k in keys]


def copy_pairs(
    band_members: Iterable[tuple[str, bytes]], threshold: float
) -> Iterator[tuple[str, str]]:
    """Pairs of articles sharing one band key that are copies (checked by signature)."""
    syndication = Syndication(threshold)
    members = sorted(set(band_members))
    for i, (a, sig_a) in enumerate(members):
        for b, sig_b in members[i + 1 :]:
            if syndication.is_copy(Signature.from_bytes(sig_a), Signature.from_bytes(sig_b)):
                yield (a, b)


def event_of(row: Any) -> Event:
    """An event back from its Parquet row (``spark.rows.event_row``)."""

    def actors(items: Any) -> tuple[Actor, ...]:
        return tuple(Actor(*item) for item in items or ())

    loc = row["location"]
    att = row["attribution"]
    span = row["span"] or [0, 0]
    return Event(
        event_id=row["event_id"], article_id=row["article_id"],
        sentence_index=row["sentence_index"] or 0, sentence=row["sentence"] or "",
        trigger=row["trigger"] or "", span=(int(span[0]), int(span[1])),
        source=actors(row["source"]), target=actors(row["target"]), cameo=row["cameo"],
        plover=row["plover"], plover_mode=row["plover_mode"], quad_class=row["quad_class"],
        goldstein=row["goldstein"], date=row["date"], date_precision=row["date_precision"],
        date_source=row["date_source"], negated=bool(row["negated"]),
        modality=row["modality"] or "asserted",
        location=Location(loc[0], loc[1], loc[2], loc[3], loc[4], row["location_precision"],
                          row["location_admin1"]) if loc else None,
        place_source=row["place_source"], attribution=Attribution(*att) if att else None,
        confidence=row["confidence"] or 0.0, mentions=row["mentions"] or 1,
        rules_version=row["rules_version"] or "",
    )  # fmt: skip


def cluster_input(
    row: Any,
    article: ArticleRow | None,
    original: str | None,
    original_outlet: str | None,
    window_days: int,
) -> tuple[str, ClusterInput]:
    """(block, input) of one event, given its article and the article's original."""
    e = event_of(row)
    aid, date, outlet, published = (
        (article[0], article[1], article[2], article[4]) if article
        else (e.article_id, row["article_date"], None, row["article_date"])
    )  # fmt: skip
    root = original or aid
    member = member_of(
        e, int(e.event_id, 16), ArticleInfo(aid, date, outlet, root), window_days=window_days
    )
    source = source_of(aid, outlet, original_outlet, original if original != aid else None)
    facts = MemberFacts(member.event_key, e.event_id, aid, member.rank, published, outlet, source)
    return member.block, ClusterInput(member, facts, representative_columns(e))


def write_cluster_table(
    session: SparkSession,
    groups: list[list[InputSplit]],
    default_date: dt.date | None,
    events_path: str,
    settings: Settings,
    mode: str = "error",
) -> int:
    """Cluster the events written at ``events_path``; returns the number of clusters."""
    sc = session.sparkContext
    threshold, window = settings.syndication_threshold, settings.cluster_window_days
    arts = sc.parallelize(groups, max(1, len(groups))).mapPartitions(
        lambda part: article_rows(part, default_date, threshold)
    )
    arts.cache()
    pairs = (
        arts.flatMap(lambda a: band_entries(a, threshold))
        .groupByKey()
        .flatMap(lambda kv: copy_pairs(kv[1], threshold))
        .distinct()
        .collect()
    )
    involved = {a for pair in pairs for a in pair}
    info = dict(arts.filter(lambda a: a[0] in involved).map(lambda a: (a[0], a[4])).collect())
    original = sc.broadcast(families(info, pairs))
    outlets = sc.broadcast(
        dict(arts.filter(lambda a: a[0] in set(original.value.values()))
             .map(lambda a: (a[0], a[2])).collect())
    )  # fmt: skip
    events = session.read.parquet(events_path).rdd.map(lambda r: (r["article_id"], r))
    by_article = arts.map(lambda a: (a[0], a))
    inputs = events.leftOuterJoin(by_article).map(
        lambda kv: cluster_input(
            kv[1][0].asDict(recursive=False), kv[1][1], original.value.get(kv[0]),
            outlets.value.get(original.value.get(kv[0], "")), window,
        )
    )  # fmt: skip
    records = inputs.groupByKey().flatMap(lambda kv: cluster_records(kv[1]))
    rows = records.map(lambda r: tuple({**r, "cluster_month": record_month(r)}[name]
                                       for name, _ in CLUSTER_COLUMNS))  # fmt: skip
    from pyspark.sql.types import StructType

    schema = StructType.fromDDL(", ".join(f"{n} {t}" for n, t in CLUSTER_COLUMNS))
    assert isinstance(schema, StructType)
    frame = session.createDataFrame(rows, schema)
    frame.write.mode(mode).parquet(clusters_path(events_path))
    arts.unpersist()
    return int(session.read.parquet(clusters_path(events_path)).count())
