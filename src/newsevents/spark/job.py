"""The Spark job: input pieces in, coded events out as Parquet partitioned by month.

The engine only drives pure per-record logic (as cc-pyspark does): each Python worker
builds one :class:`~newsevents.pipeline.Pipeline` (on its first partition), each
partition one reader, and :func:`code_splits` does what ``newsevents code`` does for the
same files. Spark accumulators count records read, articles coded, failures and events.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings, load_settings
from ..model import Article, ReadError
from .rows import event_row, spark_schema
from .splits import InputSplit, plan_partitions, read_split

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from ..pipeline import Pipeline
    from ..read import Reader

__all__ = ["COUNTER_NAMES", "JobCounts", "code_splits", "run_job", "spark_session"]

COUNTER_NAMES = ("records_read", "articles_coded", "failures", "events")
# Default partitions per core: Spark hands them out as cores free up, which evens out
# pieces that hold more text than their byte size suggests.
PARTITIONS_PER_CORE = 4
WRITE_MODES = ("error", "overwrite", "append")

Tally = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class JobCounts:
    """What a run read and wrote, from the Spark accumulators, and how long it took."""

    records_read: int
    articles_coded: int
    failures: int
    events: int
    partitions: int
    seconds: float

    def summary(self) -> str:
        rate = self.articles_coded / self.seconds if self.seconds else 0.0
        return (
            f"records read: {self.records_read}, articles coded: {self.articles_coded}, "
            f"failures: {self.failures}, events: {self.events} "
            f"({self.partitions} partitions, {self.seconds:.1f} s, {rate:.2f} articles/s)"
        )


def code_splits(
    splits: Iterable[InputSplit], pipeline: Pipeline, reader: Reader, tally: Tally
) -> Iterator[tuple[Any, ...]]:
    """Event rows of every article in ``splits``; ``tally(counter, n)`` counts as it goes.

    Read errors and articles that fail to code are counted as failures, reported on
    stderr (the executor's log) and skipped: one bad record never stops a partition.
    """

    def articles() -> Iterator[Article]:
        for split in splits:
            for item in read_split(split, reader):
                tally("records_read", 1)
                if isinstance(item, ReadError):
                    tally("failures", 1)
                    print(f"error: {item}", file=sys.stderr)
                    continue
                yield item

    for coded in pipeline.code_articles(articles()):
        if coded.error is not None:
            tally("failures", 1)
            print(f"error: {coded.article.origin or coded.article.id}: {coded.error}",
                  file=sys.stderr)  # fmt: skip
            continue
        tally("articles_coded", 1)
        tally("events", len(coded.events))
        for event in coded.events:
            yield event_row(event, coded.article)


class _Accumulators:
    """One Spark accumulator per counter; pickled into every task."""

    def __init__(self, spark: SparkSession) -> None:
        self.counters = {name: spark.sparkContext.accumulator(0) for name in COUNTER_NAMES}

    def add(self, name: str, n: int) -> None:
        self.counters[name].add(n)

    def value(self, name: str) -> int:
        return int(self.counters[name].value)


@functools.lru_cache(maxsize=1)
def _worker_pipeline(settings: Settings) -> Pipeline:
    """One pipeline per Python worker process, built by its first partition.

    Spark reuses Python workers across tasks (``spark.python.worker.reuse``, on by
    default), so later partitions in the same worker skip the model load; that is
    what makes several small partitions per core (for load balancing) cheap.
    """
    from ..pipeline import Pipeline

    return Pipeline(settings)


def _partition_runner(
    settings: Settings, default_date: dt.date | None, accumulators: _Accumulators
) -> Callable[[Iterable[list[InputSplit]]], Iterator[tuple[Any, ...]]]:
    def run(groups: Iterable[list[InputSplit]]) -> Iterator[tuple[Any, ...]]:
        from ..read import Reader

        pipeline = _worker_pipeline(settings)
        reader = Reader(default_date=default_date)
        for group in groups:
            yield from code_splits(group, pipeline, reader, accumulators.add)

    return run


# A JVM that pyspark starts on this machine (local mode) competes with the Python
# workers for the same cores: the client compiler and the serial collector halve the
# CPU time it takes (measured in bench/RESULTS.md, "Scale"); no web UI either.
LOCAL_MODE_CONF: dict[str, str] = {
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    "spark.ui.enabled": "false",
}


def spark_session(
    master: str | None = None, conf: dict[str, str] | None = None, app_name: str = "newsevents"
) -> SparkSession:
    """A session on ``master`` with ``conf``; under ``spark-submit`` its settings are kept.

    When pyspark starts Spark itself in local mode (no ``spark-submit``), Spark is bound
    to the loopback interface (``SPARK_LOCAL_IP``: it otherwise fails on hosts whose
    name does not resolve), its Python workers run this interpreter (``PYSPARK_PYTHON``,
    so they see the same packages) and :data:`LOCAL_MODE_CONF` applies; values already
    set, and ``conf``, win.
    """
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        # pyspark checks the pandas version once, on first import of this module, and
        # warns that pandas 3 is "not yet fully supported"; the job does not use pandas.
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        import pyspark.testing.utils  # noqa: F401

    settings: dict[str, str] = {"spark.ui.showConsoleProgress": "false"}
    started_by_submit = "PYSPARK_GATEWAY_PORT" in os.environ
    if not started_by_submit and (master is None or master.startswith("local")):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        settings.update(LOCAL_MODE_CONF)
    settings.update(conf or {})
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def run_job(
    inputs: Sequence[str | Path],
    output: str,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    conf: dict[str, str] | None = None,
    settings: Settings | None = None,
    default_date: dt.date | None = None,
    partitions: int | None = None,
    mode: str = "error",
) -> JobCounts:
    """Code every article under ``inputs`` with Spark, writing Parquet to ``output``.

    ``partitions`` defaults to :data:`PARTITIONS_PER_CORE` per core of Spark's default
    parallelism (each Python worker loads the pipeline once, whatever their number);
    ``mode`` is what to do when ``output`` exists: error, overwrite or append. A session
    made here is stopped at the end; one passed in is left running.
    """
    if mode not in WRITE_MODES:
        raise ValueError(f"mode must be one of {', '.join(WRITE_MODES)}, not {mode!r}")
    if mode == "error" and "://" not in output and os.path.exists(output):
        # Spark would find out only after coding everything; say so before.
        raise FileExistsError(f"{output} exists (choose another output, or a --mode)")
    settings = settings or load_settings()
    own_session = spark is None
    session = spark or spark_session(master, conf)
    try:
        started = time.perf_counter()
        wanted = partitions or session.sparkContext.defaultParallelism * PARTITIONS_PER_CORE
        groups = plan_partitions(inputs, wanted)
        accumulators = _Accumulators(session)
        runner = _partition_runner(settings, default_date, accumulators)
        rows = session.sparkContext.parallelize(groups, max(1, len(groups))).mapPartitions(runner)
        frame = session.createDataFrame(rows, spark_schema())
        frame.write.mode(mode).partitionBy("event_month").parquet(output)
        if settings.clustering:  # event clusters beside the events (newsevents.cluster.spark)
            from ..cluster.spark import write_cluster_table

            write_cluster_table(session, groups, default_date, output, settings, mode)
        return JobCounts(
            records_read=accumulators.value("records_read"),
            articles_coded=accumulators.value("articles_coded"),
            failures=accumulators.value("failures"),
            events=accumulators.value("events"),
            partitions=len(groups),
            seconds=time.perf_counter() - started,
        )
    finally:
        if own_session:
            session.stop()
