"""Spark actions run side by side from driver threads, submitted in a given order.

Spark's default scheduler (first in, first out) gives the tasks of an earlier job the
cores before those of a later one; an action started in a thread of its own becomes a
job only once the driver has planned it (on a fresh JVM that takes a second or more).
:func:`start_action` starts one action and returns once its first job is submitted, so
that the caller's next action comes after it; :func:`run_in_order` runs several so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["Started", "run_in_order", "session_conf", "start_action"]

# How often the driver looks whether an action has submitted its job, and whether one
# of the actions running side by side has failed.
SUBMIT_POLL_SECONDS = 0.02
FAILURE_POLL_SECONDS = 0.2


@dataclass
class Started:
    """An action running in a thread of its own, its jobs in ``group``; :meth:`join`
    waits for it."""

    thread: Any  # pyspark.InheritableThread
    group: str
    failures: list[BaseException] = field(default_factory=list)

    def join(self) -> BaseException | None:
        """Wait for the action to end; its exception, if it raised one."""
        self.thread.join()
        return self.failures[0] if self.failures else None


def start_action(spark: SparkSession, action: Callable[[], Any]) -> Started:
    """Run ``action`` in a new thread (with the caller's local properties); return once
    it has submitted its first Spark job, or ended."""
    from pyspark import InheritableThread

    context = spark.sparkContext
    group = f"newsevents-{uuid.uuid4().hex}"
    failures: list[BaseException] = []

    def run() -> None:
        try:
            context.setJobGroup(group, "newsevents")
            action()
        except BaseException as exc:  # handed to the caller by Started.join
            failures.append(exc)

    thread = InheritableThread(run, session=spark)
    thread.daemon = True
    thread.start()
    tracker = context.statusTracker()
    while thread.is_alive() and not tracker.getJobIdsForGroup(group):
        thread.join(SUBMIT_POLL_SECONDS)
    return Started(thread, group, failures)


def run_in_order(spark: SparkSession, actions: Sequence[Callable[[], Any]]) -> None:
    """Run ``actions`` side by side, submitted in their order (see :func:`start_action`).
    When one fails, the others' jobs are cancelled (a later write would otherwise set
    out to compute what the failed one could not); once all have ended, the failure
    that came first is raised (not the cancellations it caused)."""
    started = [start_action(spark, action) for action in actions]
    first: BaseException | None = None
    while running := [s for s in started if s.thread.is_alive()]:
        if first is None and (failed := [s.failures[0] for s in started if s.failures]):
            first = failed[0]
            for s in running:
                spark.sparkContext.cancelJobGroup(s.group)
        running[0].thread.join(FAILURE_POLL_SECONDS)
    failures = [failure for s in started if (failure := s.join()) is not None]
    if first is not None or failures:
        raise first or failures[0]


@contextmanager
def session_conf(spark: SparkSession, conf: dict[str, str]) -> Iterator[None]:
    """``conf`` set on the session for the block, the previous values restored after."""
    before = {key: spark.conf.get(key, None) for key in conf}
    for key, value in conf.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, old in before.items():
            if old is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, old)
