"""The output of a run: three Parquet tables under one folder, replaced input by input.

``DIR/articles/input_key=K/``
    one row per record read from input K: an article (coded, or with the reason its
    coding failed) with its events and unresolved names, or a read error;
``DIR/events/event_month=YYYY-MM/input_key=K/``
    one row per event (:data:`~newsevents.spark.rows.EVENT_COLUMNS`);
``DIR/summary/input_key=K/``
    one row per input: bytes, pieces, records read, articles coded, read and coding
    errors, events, and the months its events fall in.

K (:attr:`~newsevents.spark.plan.InputFile.key`) stands for one input file, so a run
replaces exactly the partitions of its own inputs (Spark's dynamic partition
overwrite: each partition is swapped in whole when the job commits) and leaves the
other inputs' alone; partitions of its inputs that the run no longer produces (a month
without events since the coder changed) are deleted after the commit. The summary is
written last: its rows are the counts of what was committed, whatever tasks Spark had
to retry on the way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .submit import run_in_order, session_conf

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["TABLES", "Committed", "OutputFolder", "read_committed", "write_tables"]

TABLES = ("articles", "events", "summary")
# Hive's name for the partition of null values (events with no date at all).
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
# Error lines the driver prints, at most (each is also in the articles table).
MAX_ERRORS_SHOWN = 100


class OutputFolder:
    """The output folder as a qualified Hadoop URI, with the few file operations needed."""

    def __init__(self, spark: SparkSession, uri: str) -> None:
        from .inputs import jvm_and_hadoop_conf

        self.jvm, self.conf = jvm_and_hadoop_conf(spark)
        path = self.jvm.org.apache.hadoop.fs.Path(uri)
        self.fs = path.getFileSystem(self.conf)
        self.uri = str(self.fs.makeQualified(path).toString()).rstrip("/")

    def table(self, name: str) -> str:
        return f"{self.uri}/{name}"

    def exists(self) -> bool:
        return bool(self.fs.exists(self.jvm.org.apache.hadoop.fs.Path(self.uri)))

    def partitions(self, pattern: str) -> list[list[str]]:
        """The partition folders matching ``pattern`` (a glob under the output), each as
        its ``name=value`` parts."""
        statuses = self.fs.globStatus(self.jvm.org.apache.hadoop.fs.Path(f"{self.uri}/{pattern}"))
        found = []
        for status in statuses or []:
            relative = str(status.getPath().toString())[len(self.uri) + 1 :]
            found.append(relative.split("/"))
        return found

    def delete(self, relative: Sequence[str]) -> None:
        path = self.jvm.org.apache.hadoop.fs.Path("/".join([self.uri, *relative]))
        self.fs.delete(path, True)


def _writer(frame: DataFrame, mode: str, *partition_by: str) -> Any:
    overwrite = "static" if mode == "overwrite" else "dynamic"
    return (
        frame.write.mode("overwrite")
        .option("partitionOverwriteMode", overwrite)
        .partitionBy(*partition_by)
    )


def events_frame(results: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    from .rows import EVENT_FIELDS

    exploded = results.where(F.col("kind") == "article").select(
        F.explode("events").alias("e"), "article_url", "article_date", "input_key"
    )
    return exploded.select(
        *(F.col(f"e.{name}").alias(name) for name, _ in EVENT_FIELDS),
        "article_url", "article_date", "input_key",
    )  # fmt: skip


def summary_frame(results: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    kind, error = F.col("kind"), F.col("error")

    def rows(condition: Any) -> Any:
        return F.count(F.when(condition, 1))

    def total(column: Any) -> Any:
        return F.coalesce(F.sum(column), F.lit(0))

    read_errors, coding_errors = rows(kind == "error"), rows((kind == "article") & error.isNotNull())
    return results.groupBy("input_key").agg(
        F.first("input").alias("input"),
        total(F.when(kind == "piece", F.col("piece_bytes"))).alias("bytes"),
        rows(kind == "piece").alias("pieces"),
        rows(kind != "piece").alias("records_read"),
        rows((kind == "article") & error.isNull()).alias("articles_coded"),
        read_errors.alias("read_errors"),
        coding_errors.alias("coding_errors"),
        (read_errors + coding_errors).alias("failures"),
        total(F.size("events")).alias("events"),
        total(F.col("undated_events")).alias("undated_events"),
        F.array_sort(F.array_distinct(F.flatten(F.collect_list("event_months")))).alias(
            "event_months"
        ),
        F.current_timestamp().alias("written_at"),
    )


# The session's SQL settings while a job codes and writes (restored after):
# - no adaptive planning: with it, each write over the persisted results first runs a
#   job of its own over them, which waits for the coding to end, so the events write
#   and the summary could not overlap the last coding tasks;
# - one shuffle partition: the summary's aggregation has a row per input (the coding
#   stage's repartition names its own number);
# - expressions interpreted, not compiled: the rows are one per record, few next to the
#   work that made them, and generating and compiling code for each plan is much of
#   what a fresh JVM spends on the job (bench/RESULTS.md, issue 16).
JOB_SQL_CONF = {
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.shuffle.partitions": "1",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}
# Coding partitions per writing task of the events table: the rows are few next to the
# work that made them, and fewer tasks write fewer, larger files.
PARTITIONS_PER_EVENT_WRITER = 4


def write_tables(
    results: DataFrame, output: OutputFolder, mode: str, partitions: int
) -> list[dict[str, Any]]:
    """Write the three tables from the (persisted) results in ``partitions``, the
    summary last; returns the summary's rows, as committed.

    The articles write runs the coding, partition by partition (no coalesce there: it
    would merge the coding tasks too). The events write and the summary's aggregation
    are submitted while it runs: Spark runs a job's tasks before a later job's, and a
    task that needs a partition being coded waits for it and reads it from the
    persisted results (each partition is coded once), so their planning and the tasks
    of the partitions coded already fill the cores the last coding tasks leave idle
    (:data:`JOB_SQL_CONF` applies). The summary is written once both tables have
    committed, from the aggregated rows.
    """
    from pyspark.sql import functions as F

    spark = results.sparkSession
    articles = results.where(F.col("kind") != "piece").drop("piece_bytes")
    writers = max(1, partitions // PARTITIONS_PER_EVENT_WRITER)
    events = events_frame(results).coalesce(writers)
    summary = summary_frame(results)
    aggregated: list[pa.Table] = []
    with session_conf(spark, JOB_SQL_CONF):
        run_in_order(spark, [
            lambda: _writer(articles, mode, "input_key").parquet(output.table("articles")),
            lambda: _writer(events, mode, "event_month", "input_key").parquet(
                output.table("events")),
            lambda: aggregated.append(summary.toArrow()),
        ])  # fmt: skip
        # As Arrow both ways: no Python worker needed (Python rows would start one).
        written = spark.createDataFrame(aggregated[0], summary.schema).coalesce(1)
        _writer(written, mode, "input_key").parquet(output.table("summary"))
    rows: list[dict[str, Any]] = aggregated[0].to_pylist()
    return rows


@dataclass
class Committed:
    """This run's inputs as the committed summary counts them."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # by input key
    errors: list[str] = field(default_factory=list)  # "origin: message", first ones
    clusters: int | None = None  # event clusters in the output, when made

    def total(self, column: str) -> int:
        return sum(int(row[column] or 0) for row in self.rows.values())


def read_committed(
    spark: SparkSession,
    output: OutputFolder,
    keys: Sequence[str],
    summary: Sequence[dict[str, Any]],
) -> Committed:
    """The committed ``summary`` rows of ``keys`` (as :func:`write_tables` returned them)
    and, when something failed, the first error lines, read back from the articles."""
    from pyspark.sql import functions as F

    wanted_keys = set(keys)
    committed = Committed()
    for values in summary:
        if values["input_key"] in wanted_keys:
            committed.rows[values["input_key"]] = dict(values)
    if not committed.total("failures"):
        return committed
    # An IN list: no Python worker needed (a DataFrame of keys would start one).
    wanted = F.col("input_key").isin(list(keys))
    articles = spark.read.parquet(output.table("articles")).where(wanted)
    failed = articles.where(F.col("error").isNotNull()).select("kind", "origin", "article_id", "error")
    for row in failed.limit(MAX_ERRORS_SHOWN).collect():
        where = row["origin"] or row["article_id"]
        what = row["error"] if row["kind"] == "error" else f"coding failed: {row['error']}"
        committed.errors.append(f"{where}: {what}")
    return committed


def remove_stale_partitions(output: OutputFolder, committed: Committed) -> int:
    """Delete partitions of this run's inputs that the run did not write (their events
    moved to other months, or they have no records any more); returns how many."""
    removed = 0
    for parts in output.partitions("events/event_month=*/input_key=*"):
        key = parts[-1].removeprefix("input_key=")
        row = committed.rows.get(key)
        if row is None:
            continue
        months = set(row["event_months"] or ())
        if row["undated_events"]:
            months.add(NULL_PARTITION)
        if parts[-2].removeprefix("event_month=") not in months:
            output.delete(parts)
            removed += 1
    for parts in output.partitions("articles/input_key=*"):
        row = committed.rows.get(parts[-1].removeprefix("input_key="))
        if row is not None and row["records_read"] == 0:
            output.delete(parts)
            removed += 1
    return removed
