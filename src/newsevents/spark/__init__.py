"""Code articles with Apache Spark, from inputs on any Hadoop file system.

``newsevents spark INPUT... --output DIR`` (or ``spark-submit`` on
``newsevents/spark/__main__.py``, or ``python -m newsevents.spark``) reads WARC, JSONL,
HTML and text inputs through Spark's own I/O, codes them with the same
``Pipeline.code_articles`` as the command line, and writes the articles, events and
summary tables of :mod:`newsevents.spark.tables`; ``newsevents ingest --from-parquet
DIR`` stores them (:mod:`newsevents.spark.load`). pyspark is imported only when a job
runs (``pip install 'newsevents[spark]'``); the runbook is ``docs/spark.md``.
"""

from __future__ import annotations

from .inputs import InputNotFound, list_inputs
from .job import JobCounts, run_job, spark_session
from .load import coded_from_parquet
from .plan import InputFile, InputPlan, plan_inputs
from .rows import EVENT_COLUMNS, EVENT_FIELDS

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_FIELDS",
    "InputFile",
    "InputNotFound",
    "InputPlan",
    "JobCounts",
    "coded_from_parquet",
    "list_inputs",
    "plan_inputs",
    "run_job",
    "spark_session",
]
