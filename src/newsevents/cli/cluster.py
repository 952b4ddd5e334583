"""``newsevents cluster``: build the event clusters of a store again from scratch."""

from __future__ import annotations

import sys
import time

import click

from ..config import ConfigError, cluster_config, load_settings
from ..store import Store, StoreError
from .common import Fatal, db_option


@click.command("cluster")
@db_option()
@click.option(
    "--window-days", type=click.IntRange(0, 27), default=None,
    help="days before its publication day an undated event may have happened "
    "(default: the cluster_window_days setting)",
)  # fmt: skip
@click.option(
    "--syndication-threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=None,
    help="similarity from which two articles are copies (default: the setting)",
)  # fmt: skip
@click.option("--batch", type=click.IntRange(min=1), default=2000, show_default=True,
              help="articles per transaction")  # fmt: skip
def cluster_command(
    db: str | None, window_days: int | None, syndication_threshold: float | None, batch: int
) -> None:
    """Rebuild the event clusters and syndication links of every stored article.

    Ingest keeps clusters up to date by itself; rebuild after changing the clustering
    settings, or for articles ingested with clustering off. Prints the number of
    clusters; progress goes to stderr."""
    try:
        settings = load_settings(
            cluster_window_days=window_days, syndication_threshold=syndication_threshold
        )
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    config = cluster_config(settings)
    if not config.enabled:
        config = type(config)(True, config.window_days, config.syndication_threshold)
    started = time.perf_counter()

    def progress(articles: int, events: int) -> None:
        rate = events / max(time.perf_counter() - started, 1e-9)
        print(f"\r{articles:,} articles, {events:,} events ({rate:,.0f} events/s)",
              end="", file=sys.stderr, flush=True)  # fmt: skip

    try:
        with Store.open(db, create=False) as store:
            found = store.rebuild_clusters(config, batch_articles=batch, on_progress=progress)
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
    print(file=sys.stderr)
    click.echo(f"{found} clusters ({time.perf_counter() - started:.1f} s)")
