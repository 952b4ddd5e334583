"""Code articles with Apache Spark: files (or pieces of big ones) across partitions.

``newsevents spark INPUT... --output DIR`` (or ``spark-submit`` on
``newsevents/spark/__main__.py``, or ``python -m newsevents.spark``) reads WARC, JSONL,
HTML and text inputs, codes them with the same ``Pipeline.code_articles`` as the command
line (one pipeline per partition) and writes Parquet partitioned by ``event_month``.
pyspark is imported only when a job runs (``pip install 'newsevents[spark]'``).
"""

from __future__ import annotations

from .job import JobCounts, code_splits, run_job, spark_session
from .rows import EVENT_COLUMNS, event_row
from .splits import InputSplit, plan_partitions, read_split

__all__ = [
    "EVENT_COLUMNS",
    "InputSplit",
    "JobCounts",
    "code_splits",
    "event_row",
    "plan_partitions",
    "read_split",
    "run_job",
    "spark_session",
]
