"""The Spark job: inputs listed through Hadoop, coded on the executors, three tables out.

The driver lists the inputs (:mod:`.inputs`) and plans which partition each piece goes
to (:mod:`.plan`). Spark's ``binaryFile`` source reads the files on the executors
through Hadoop; a first ``mapInArrow`` stage cuts large WARC and JSONL files on record
boundaries; the pieces are shuffled to their planned partitions; a second stage reads
and codes them with the command line's reader and pipeline (:mod:`.worker`). The
results are persisted and written as the articles, events and summary tables
(:mod:`.tables`), replacing only the partitions of this run's inputs; the counts the
job reports are the summary's rows as committed. With ``clustering`` on, the event
clusters of the whole output follow (:mod:`newsevents.cluster.spark`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings, load_settings
from .inputs import Listing, escape_glob, list_inputs
from .jvm_archive import class_archive_options
from .plan import InputPlan, partition_keys, plan_inputs
from .submit import Started, session_conf, start_action
from .tables import (
    JOB_SQL_CONF,
    Committed,
    OutputFolder,
    read_committed,
    remove_stale_partitions,
    write_tables,
)
from .worker import SETTINGS_ENV, code_pieces, cut_inputs, piece_schema, settings_to_json

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["WRITE_MODES", "JobCounts", "run_job", "spark_session"]

# Default partitions per core: Spark hands them out as cores free up, which evens out
# pieces that hold more text than their byte size suggests.
PARTITIONS_PER_CORE = 4
# ... and never more input bytes than this in one partition (a partition's pieces reach
# its Python worker as one Arrow batch; a task should take minutes, not hours).
MAX_PARTITION_BYTES = 64 * 1024 * 1024
# replace: this run's inputs replace their own partitions, nothing else is touched;
# overwrite: the whole output is replaced; error: refuse an output that exists.
WRITE_MODES = ("replace", "overwrite", "error")
DAEMON_MODULE = "newsevents.spark.daemon"
# Spark's binaryFile source reads a file into one byte array: 2 GiB at most.
MAX_INPUT_BYTES = 2**31 - 1


@dataclass(frozen=True, slots=True)
class JobCounts:
    """What a run read and wrote, counted from its committed summary."""

    records_read: int
    articles_coded: int
    failures: int  # read errors + coding errors + inputs that could not be read at all
    events: int
    partitions: int
    seconds: float
    inputs: int = 0
    errors: tuple[str, ...] = ()  # "origin: message" lines, the first ones
    clusters: int | None = None  # in the whole output, when clustering is on

    def summary(self) -> str:
        rate = self.articles_coded / self.seconds if self.seconds else 0.0
        clusters = "" if self.clusters is None else f", clusters in the output: {self.clusters}"
        return (
            f"inputs: {self.inputs}, records read: {self.records_read}, "
            f"articles coded: {self.articles_coded}, failures: {self.failures}, "
            f"events: {self.events}{clusters} ({self.partitions} partitions, "
            f"{self.seconds:.1f} s, {rate:.2f} articles/s)"
        )


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

    When pyspark starts Spark itself (no ``spark-submit``), Spark is bound to the
    loopback interface in local mode (``SPARK_LOCAL_IP``: it otherwise fails on hosts
    whose name does not resolve), its Python workers run this interpreter
    (``PYSPARK_PYTHON``, so they see the same packages), they are forked from
    :mod:`newsevents.spark.daemon` (the pipeline built once per executor) and, in local
    mode, :data:`LOCAL_MODE_CONF` applies and the driver JVM maps its classes from an
    archive in the snapshot cache (:mod:`.jvm_archive`); values already set, and
    ``conf``, win.
    Under ``spark-submit``, pass ``--conf spark.python.daemon.module=newsevents.spark.daemon``.
    """
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        # pyspark checks the pandas version once, on first import of this module, and
        # warns that pandas 3 is "not yet fully supported"; the job does not use pandas.
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        import pyspark.testing.utils  # noqa: F401

    settings: dict[str, str] = {"spark.ui.showConsoleProgress": "false"}
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not started by spark-submit
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        settings["spark.python.daemon.module"] = DAEMON_MODULE
        if master is None or master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            settings.update(LOCAL_MODE_CONF)
            archive = class_archive_options()  # the JVM's classes mapped, not loaded
            if archive:
                key = "spark.driver.extraJavaOptions"
                settings[key] = f"{settings[key]} {archive}"
    settings.update(conf or {})
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def default_partitions(spark: SparkSession, total_bytes: int) -> int:
    cores = spark.sparkContext.defaultParallelism
    return max(1, cores * PARTITIONS_PER_CORE, math.ceil(total_bytes / MAX_PARTITION_BYTES))


def coded_results(
    spark: SparkSession,
    plans: dict[str, InputPlan],
    partitions: int,
    settings: Settings,
    default_date: dt.date | None,
) -> DataFrame:
    """The result rows (:data:`~newsevents.spark.rows.RESULT_FIELDS`) of every input."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from .rows import result_schema

    keys = partition_keys(partitions)
    files = (
        spark.read.format("binaryFile")
        .option("ignoreMissingFiles", "true")  # gone since listing: reported from the summary
        .load([escape_glob(uri) for uri in plans])
        .select("path", "content")
    )

    def cut(batches: Iterator[Any]) -> Iterator[Any]:
        return cut_inputs(batches, plans, keys)

    def code(batches: Iterator[Any]) -> Iterator[Any]:
        return code_pieces(batches, settings, default_date)

    with warnings.catch_warnings():
        # pyspark warns on every mapInArrow that pandas 3 is "not yet fully supported";
        # mapInArrow does not use pandas.
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        # Cut by workers of another daemon (no settings in their environment: no
        # pipeline), so that the cutting runs while the coding daemon builds its own.
        pieces = files.mapInArrow(cut, from_arrow_schema(piece_schema()))
        placed = pieces.repartition(partitions, "part_key").drop("part_key")
        with worker_settings(spark, settings):
            return placed.mapInArrow(code, from_arrow_schema(result_schema()))


@contextmanager
def worker_settings(spark: SparkSession, settings: Settings) -> Iterator[None]:
    """The job's settings in the environment of the Python functions made in the block
    (pyspark takes the environment when a function is made), for the daemon that forks
    their workers to build the pipeline before it forks (:mod:`newsevents.spark.daemon`)."""
    environment = spark.sparkContext.environment
    previous = environment.get(SETTINGS_ENV)
    environment[SETTINGS_ENV] = settings_to_json(settings)
    try:
        yield
    finally:
        if previous is None:
            environment.pop(SETTINGS_ENV, None)
        else:
            environment[SETTINGS_ENV] = previous


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
    mode: str = "replace",
    manifests: Sequence[str] = (),
    input_base: str | None = None,
) -> JobCounts:
    """Code every article under ``inputs`` (paths, folders, globs, URIs of any Hadoop
    file system) and the entries of ``manifests`` with Spark, into the tables of
    ``output``.

    ``partitions`` defaults to :data:`PARTITIONS_PER_CORE` per core (more for corpora
    over :data:`MAX_PARTITION_BYTES` a partition); ``mode`` is one of
    :data:`WRITE_MODES`. An input that does not exist raises
    :class:`~newsevents.spark.inputs.InputNotFound`. A session made here is stopped at
    the end; one passed in is left running.
    """
    if mode not in WRITE_MODES:
        raise ValueError(f"mode must be one of {', '.join(WRITE_MODES)}, not {mode!r}")
    settings = settings or load_settings()
    own_session = spark is None
    session = spark or spark_session(master, conf)
    try:
        started = time.perf_counter()
        folder = OutputFolder(session, output)
        if mode == "error" and folder.exists():
            raise FileExistsError(f"{output} exists (choose another output, or a --mode)")
        listing = list_inputs(session, [str(p) for p in inputs], manifests, input_base)
        too_large = [f for f in listing.files if f.size > MAX_INPUT_BYTES]
        listing.files = [f for f in listing.files if f.size <= MAX_INPUT_BYTES]
        n = partitions or default_partitions(session, listing.total_bytes)
        committed = _run(session, listing, folder, n, settings, default_date, mode)
        counts = _counts(listing, committed, n, time.perf_counter() - started)
        if not too_large:
            return counts
        errors = [f"{f.origin}: over 2 GiB, more than Spark reads as one file (cut it first)"
                  for f in too_large]  # fmt: skip
        return replace(counts, failures=counts.failures + len(too_large),
                       inputs=counts.inputs + len(too_large),
                       errors=tuple(errors) + counts.errors)  # fmt: skip
    finally:
        if own_session:
            session.stop()


def _no_batches(batches: Iterator[Any]) -> Iterator[Any]:
    return iter(())


def _start_python_daemon(spark: SparkSession) -> Started:
    """Start the job's Python daemon, which builds the pipeline (seconds of work), while
    the driver plans the job: a one-task ``mapInArrow`` of nothing, run from a thread,
    whose only effect is that Spark starts the daemon the coding stage will use (the
    same kind of Python function in the same environment: the same daemon; an RDD
    function would get one of its own). Returns once that job is submitted: the
    driver's planning of the job itself would otherwise hold it back by seconds on a
    fresh JVM. In local mode this hides the planning behind the model loading; on a
    cluster it is one tiny task.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
        nothing = spark.range(1, numPartitions=1).mapInArrow(_no_batches, "id long")

    def run() -> None:
        try:
            nothing.collect()
        except Exception:  # only a head start: the job meets any real problem itself
            pass

    return start_action(spark, run)


def _run(
    spark: SparkSession,
    listing: Listing,
    folder: OutputFolder,
    partitions: int,
    settings: Settings,
    default_date: dt.date | None,
    mode: str,
) -> Committed:
    if not listing.files:
        return Committed()
    plans = plan_inputs(listing.files, partitions)
    with session_conf(spark, JOB_SQL_CONF):
        with worker_settings(spark, settings):
            starter = _start_python_daemon(spark)
        results = coded_results(spark, plans, partitions, settings, default_date).persist()
        try:
            summary = write_tables(results, folder, mode, partitions)
        finally:
            starter.join()
            results.unpersist()
    committed = read_committed(spark, folder, [f.key for f in listing.files], summary)
    remove_stale_partitions(folder, committed)
    if settings.clustering:
        committed.clusters = _write_clusters(spark, folder, settings)
    return committed


def _write_clusters(spark: SparkSession, folder: OutputFolder, settings: Settings) -> int:
    """The clusters table, from every event of the output (a cluster may join events of
    inputs coded in different runs): per partition, then merged by key
    (:mod:`newsevents.cluster.spark`)."""
    from ..cluster.spark import write_cluster_table

    if not folder.partitions("events/event_month=*/input_key=*"):
        folder.delete(["clusters"])  # no event left: no cluster either
        return 0
    return write_cluster_table(spark, folder.uri, settings)


def _counts(listing: Listing, committed: Committed, partitions: int, seconds: float) -> JobCounts:
    errors = [f"{entry}: no such file (listed in a manifest)" for entry in listing.missing]
    unread = [f for f in listing.files if f.key not in committed.rows]
    errors.extend(f"{f.origin}: not read (gone, or unreadable, when the job ran)" for f in unread)
    errors.extend(committed.errors)
    return JobCounts(
        records_read=committed.total("records_read"),
        articles_coded=committed.total("articles_coded"),
        failures=committed.total("failures") + len(listing.missing) + len(unread),
        events=committed.total("events"),
        partitions=partitions,
        seconds=seconds,
        inputs=len(listing.files),
        errors=tuple(errors),
        clusters=committed.clusters,
    )
