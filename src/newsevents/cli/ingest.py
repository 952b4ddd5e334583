"""``newsevents ingest``: read, code and store; running it twice stores nothing twice."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from ..config import Settings
from ..store import IngestReport, Store, StoreError, ingest_paths
from .common import (
    INPUT_PATHS,
    Fatal,
    date_option,
    db_option,
    finish,
    make_settings,
    min_confidence_option,
    model_and_actors_options,
    print_error,
    print_read_error,
    warn_undated,
    workers_option,
)


@contextmanager
def progress_display() -> Iterator[Callable[[IngestReport], None]]:
    """A rich progress line on stderr (only on a terminal): articles/s and counts."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=False,
    )
    task = progress.add_task("loading the model and knowledge base", total=None)
    started = time.monotonic()

    def update(report: IngestReport) -> None:
        rate = report.articles / max(time.monotonic() - started, 1e-9)
        progress.update(
            task,
            description=(
                f"{report.articles} articles ({rate:.1f}/s): {report.new} new, "
                f"{report.replaced} replaced, {report.skipped_duplicate} duplicate, "
                f"{report.failed + report.read_errors} failed; {report.events} events"
            ),
        )

    with progress:
        yield update


def summary_lines(report: IngestReport, seconds: float) -> list[str]:
    rate = report.articles / seconds if seconds > 0 else 0.0
    return [
        f"articles read:        {report.articles + report.read_errors}",
        f"  new:                {report.new}",
        f"  replaced (changed): {report.replaced}",
        f"  skipped duplicate:  {report.skipped_duplicate}",
        f"  failed:             {report.failed + report.read_errors}",
        f"events stored:        {report.events}",
        f"time:                 {seconds:.1f} s ({rate:.1f} articles/s)",
    ]


def _ingest_parquet(
    folder: str, store: Store, settings: Settings, update: Callable[[IngestReport], None]
) -> IngestReport:
    from ..spark.load import NotSparkOutput, ingest_parquet

    try:
        return ingest_parquet(folder, store, settings, print_read_error, update)
    except NotSparkOutput as exc:
        raise click.UsageError(str(exc)) from exc


@click.command("ingest")
@click.argument("paths", nargs=-1, type=INPUT_PATHS, metavar="PATH...")
@click.option(
    "--from-parquet", "from_parquet", default=None, metavar="DIR",
    help="store the output of `newsevents spark` (its folder) instead of coding PATHs",
)  # fmt: skip
@db_option()
@date_option()
@workers_option()
@model_and_actors_options()
@min_confidence_option()
def ingest_command(
    paths: tuple[str, ...],
    from_parquet: str | None,
    db: str | None,
    date: dt.date | None,
    workers: int | None,
    model: str | None,
    actors_files: tuple[str, ...],
    min_confidence: float | None,
) -> None:
    """Code articles and store their events in the database.

    Articles already stored with the same content are skipped; an article whose content
    changed replaces its old events. Progress goes to stderr; the summary to stdout.
    With --from-parquet DIR the events coded by `newsevents spark` are stored as they
    are (same ids as ingest gives; nothing is coded again; --min-confidence applies).
    """
    if bool(paths) == bool(from_parquet):
        raise click.UsageError("give PATHs to code, or --from-parquet DIR (not both)")
    settings = make_settings(
        model=model, actors_files=actors_files or None, min_confidence=min_confidence
    )
    try:
        store = Store.open(db)
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
    started = time.monotonic()
    with store, progress_display() as update:
        if from_parquet:
            report = _ingest_parquet(from_parquet, store, settings, update)
        else:
            report = ingest_paths(
                list(paths), store, settings, date, workers,
                on_read_error=print_read_error, on_progress=update, on_undated=warn_undated,
            )  # fmt: skip
    for error in report.errors:  # "article id: what went wrong" (first 100)
        print_error(error)
    for line in summary_lines(report, time.monotonic() - started):
        click.echo(line)
    finish(report.problems, report.articles)
