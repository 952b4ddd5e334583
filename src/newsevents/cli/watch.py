"""``newsevents watch FEEDS.txt|FEED_URL...``: follow RSS/Atom feeds into the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..config import ConfigError, parse_duration
from ..store import Store, StoreError
from .common import (
    F,
    Fatal,
    db_option,
    finish,
    make_settings,
    model_and_actors_options,
    print_error,
)

if TYPE_CHECKING:  # importing newsevents.fetch loads httpx: only when a command runs
    from ..fetch import FeedSpec, FetchReport


def feed_sources(sources: Sequence[str]) -> Callable[[], list[FeedSpec]]:
    """Feeds from URLs and feeds files, checked now (a usage error if bad) and read
    anew before each poll; a file that breaks later keeps its last good list."""
    from ..fetch import FeedSpec, read_feed_list

    files = [s for s in sources if not s.lower().startswith(("http://", "https://"))]
    last_good: dict[str, list[FeedSpec]] = {}
    for name in files:
        if not Path(name).is_file():
            raise click.UsageError(f"{name}: no such feeds file")
        try:
            last_good[name] = read_feed_list(name)
        except (OSError, ValueError) as exc:
            raise click.UsageError(str(exc)) from exc

    def current() -> list[FeedSpec]:
        specs: list[FeedSpec] = []
        for source in sources:
            if source not in files:
                specs.append(FeedSpec(source))
                continue
            try:
                last_good[source] = read_feed_list(source)
            except (OSError, ValueError) as exc:
                print_error(f"{exc} (keeping the feeds read before)")
            specs.extend(last_good[source])
        return list({s.url: s for s in specs}.values())

    return current


class DurationType(click.ParamType):
    """``90s``, ``15m``, ``1h30m`` or seconds; anything else is a usage error."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            parse_duration(str(value))
        except ConfigError as exc:
            self.fail(str(exc), param, ctx)
        return str(value)


def every_option() -> Callable[[F], F]:
    return click.option(
        "--every", default=None, metavar="DURATION", type=DurationType(),
        help="pause between polls: 90s, 15m, 1h30m (default: the watch_every setting, 15m)",
    )  # fmt: skip


def poll_line(report: FetchReport) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{now} {report.summary()}"


@click.command("watch")
@click.argument("sources", nargs=-1, required=True, metavar="FEEDS.txt|FEED_URL...")
@db_option()
@every_option()
@click.option("--once", is_flag=True, help="poll once and exit (for cron)")
@model_and_actors_options()
def watch_command(
    sources: tuple[str, ...],
    db: str | None,
    every: str | None,
    once: bool,
    model: str | None,
    actors_files: tuple[str, ...],
) -> None:
    """Follow RSS and Atom feeds: queue new items, fetch, code and store them, repeat.

    A feeds file lists one feed a line, with an optional outlet name after the URL
    ("https://example.org/world.rss Example News"); # starts a comment line. The entry's
    publication date is the article's date. What was seen, what failed and when to retry
    it are kept in the store: a watcher stopped at any moment resumes where it was.
    One line per poll on stdout; each failure is one "error: URL: why" line on stderr.
    Exit status with --once: 0, or 3 when some feeds or pages failed.
    """
    from ..fetch import watch

    settings = make_settings(
        model=model, actors_files=actors_files or None, db=db, watch_every=every
    )
    feeds = feed_sources(sources)
    try:
        store = Store.open(settings.db)
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
    with store:
        try:
            total = watch(store, settings, feeds, once=once,
                          on_poll=lambda r: click.echo(poll_line(r)), on_error=print_error)  # fmt: skip
        except KeyboardInterrupt:
            click.echo("watch: stopped", err=True)  # Ctrl-C is how a watcher ends
            return
    finish(total.problems if once else 0)
