"""``newsevents fetch URL...``: download article pages, code them and store them."""

from __future__ import annotations

import datetime as dt
import time

import click

from ..store import Store, StoreError
from .common import (
    Fatal,
    date_option,
    db_option,
    finish,
    make_settings,
    model_and_actors_options,
    print_error,
)


@click.command("fetch")
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@db_option()
@click.option(
    "--refresh", is_flag=True,
    help="fetch URLs whose article is stored already (a changed page replaces it)",
)  # fmt: skip
@date_option("publication date for pages that carry none (default: the day they are fetched)")
@model_and_actors_options()
def fetch_command(
    urls: tuple[str, ...],
    db: str | None,
    refresh: bool,
    date: dt.date | None,
    model: str | None,
    actors_files: tuple[str, ...],
) -> None:
    """Download article pages, code them like HTML files and store them with their URL,
    outlet and fetch time. A URL already stored is not fetched again unless --refresh.

    Politely: robots.txt is obeyed, one request at a time per host (fetch_delay
    apart), retries with back-off on 429 and 5xx. Each failure is one "error: URL: why"
    line on stderr; the summary goes to stdout.
    """
    from ..fetch import Fetcher

    settings = make_settings(model=model, actors_files=actors_files or None, db=db)
    try:
        store = Store.open(settings.db)
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
    started = time.monotonic()
    with store, Fetcher(store, settings, on_error=print_error) as fetcher:
        report = fetcher.fetch_urls(urls, refresh=refresh, date=date)
    click.echo(f"{report.summary()} ({time.monotonic() - started:.1f} s)")
    finish(report.problems)
