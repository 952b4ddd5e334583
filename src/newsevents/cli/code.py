"""``newsevents code``: code events and print them; nothing is stored."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator

import click

from ..model import Article, ReadError
from .common import (
    INPUT_PATHS,
    date_option,
    finish,
    make_settings,
    min_confidence_option,
    model_and_actors_options,
    print_error,
    print_read_error,
    warn_undated,
    workers_option,
)
from .output import EVENT_FORMATS, EventWriter


@click.command("code")
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATHS, metavar="PATH...|-")
@date_option()
@click.option(
    "--format", "fmt", type=click.Choice(EVENT_FORMATS), default="jsonl", show_default=True,
    help="jsonl: one CONTRACT event a line; csv/table: flat columns",
)  # fmt: skip
@workers_option()
@model_and_actors_options()
@min_confidence_option()
def code_command(
    paths: tuple[str, ...],
    date: dt.date | None,
    fmt: str,
    workers: int | None,
    model: str | None,
    actors_files: tuple[str, ...],
    min_confidence: float | None,
) -> None:
    """Code events in articles (files, folders, or - for stdin) and print them."""
    from ..parallel import code_parallel
    from ..read import read_paths

    settings = make_settings(
        model=model, actors_files=actors_files or None, min_confidence=min_confidence
    )
    read_errors = read_articles = 0

    def articles() -> Iterator[Article]:
        nonlocal read_errors, read_articles
        for item in read_paths(list(paths), date):
            if isinstance(item, ReadError):
                print_read_error(item)
                read_errors += 1
            else:
                read_articles += 1
                if item.date is None:
                    warn_undated(item)
                yield item

    writer = EventWriter(fmt, sys.stdout)
    failed = 0
    for coded in code_parallel(articles(), settings, workers):
        if coded.error is not None:
            print_error(f"{coded.article.origin or coded.article.id}: coding failed: {coded.error}")
            failed += 1
            continue
        for event in coded.events:
            writer.write(event)
    if read_articles:  # no input read at all: an error, not an empty table
        writer.close()
    finish(read_errors + failed, read_articles)
