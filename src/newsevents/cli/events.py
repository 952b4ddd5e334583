"""``newsevents events``: query stored events."""

from __future__ import annotations

import datetime as dt
import sys

import click

from ..store import BadFilter, ClusterFilter, EventFilter, Store, StoreError
from .cluster_output import write_clusters, write_clusters_parquet
from .common import DATE, Fatal, db_option, min_confidence_option, refuse_binary_to_terminal
from .output import EVENT_FORMATS, EventWriter, binary_stdout, write_parquet


@click.command("events")
@db_option()
@click.option(
    "--actor",
    help="any actor, either side: a code, by prefix (RUS: RUS, RUSGOV, RUSMIL), name "
    "words (Putin, 'wang yi') or text:WORDS as the article wrote it (text:Brussels); "
    "whole words and codes, never inside a word",
)
@click.option("--source", help="source actor country (USA) or code (USAGOV)")
@click.option("--target", help="target actor country (CHN) or code (CHNGOV)")
@click.option(
    "--dyad",
    metavar="A:B",
    help="countries or actor codes A and B acting on each other, either direction "
    "(USA:CHN or USAGOV:CHN)",
)
@click.option("--ordered", is_flag=True, help="with --dyad: only A acting on B")
@click.option("--plover", help="PLOVER type (CONSULT, ASSAULT, ...)")
@click.option("--cameo-root", help="CAMEO root code, two digits (04, 19, ...)")
@click.option("--since", type=DATE, help="events on or after this date")
@click.option("--until", type=DATE, help="events on or before this date")
@click.option("--country", help="country where the event took place (ISO alpha-3)")
@click.option("--factual", is_flag=True, help="leave out negated and not-yet-happened events")
@min_confidence_option("leave out stored events below this confidence (0-1)")
@click.option(
    "--limit", type=click.IntRange(min=0), default=100, show_default=True,
    help="at most this many events, newest first (0: all)",
)  # fmt: skip
@click.option(
    "--format", "fmt", type=click.Choice((*EVENT_FORMATS, "parquet")), default="table",
    show_default=True,
    help="parquet is binary: written to --output, or to stdout when it is not a terminal",
)  # fmt: skip
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
    help="write to this file instead of stdout",
)  # fmt: skip
@click.option(
    "--clusters", "as_clusters", is_flag=True,
    help="one row per happening (event cluster: its events from every article and outlet) "
    "instead of one per event",
)  # fmt: skip
@click.option(
    "--min-sources", type=click.IntRange(min=1), default=1, show_default=True,
    help="with --clusters: happenings reported by at least this many sources",
)  # fmt: skip
def events_command(
    db: str | None,
    actor: str | None,
    source: str | None,
    target: str | None,
    dyad: str | None,
    ordered: bool,
    plover: str | None,
    cameo_root: str | None,
    since: dt.date | None,
    until: dt.date | None,
    country: str | None,
    factual: bool,
    min_confidence: float | None,
    limit: int,
    fmt: str,
    output: str | None,
    as_clusters: bool,
    min_sources: int,
) -> None:
    """Print stored events, newest first, filtered by the given options (all must hold).
    With --clusters, print happenings instead: each event cluster once."""
    if as_clusters:
        if actor:
            raise click.UsageError("--actor does not apply to --clusters (use --source/--target)")
        if min_confidence is not None:
            raise click.UsageError(
                "--min-confidence does not apply to --clusters (a happening has no confidence)"
            )
        cluster_filter = ClusterFilter(
            dyad=dyad, ordered_dyad=ordered, source=source, target=target, plover=plover,
            cameo_root=cameo_root, since=since, until=until, country=country,
            factual_only=factual, min_sources=min_sources, limit=500,
        )  # fmt: skip
        _print_clusters(db, cluster_filter, limit, fmt, output)
        return
    event_filter = EventFilter(
        actor=actor, source=source, target=target, dyad=dyad, ordered_dyad=ordered,
        plover=plover, cameo_root=cameo_root, since=since, until=until, country=country,
        factual_only=factual, min_confidence=min_confidence, limit=500,
    )  # fmt: skip
    try:
        event_filter.validated()
    except BadFilter as exc:
        raise click.UsageError(str(exc)) from exc
    refuse_binary_to_terminal(fmt, output)
    try:
        with Store.open(db, create=False) as store:
            found = store.iter_events(event_filter, max_events=limit or None)
            if fmt == "parquet":
                if output:
                    with open(output, "wb") as out_bytes:
                        write_parquet(found, out_bytes)
                else:
                    write_parquet(found, binary_stdout())
                    binary_stdout().flush()
                return
            out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                writer = EventWriter(fmt, out)
                for event in found:
                    writer.write(event)
                writer.close()
            finally:
                if output:
                    out.close()
    except StoreError as exc:
        raise Fatal(str(exc)) from exc


def _print_clusters(
    db: str | None, cluster_filter: ClusterFilter, limit: int, fmt: str, output: str | None
) -> None:
    try:
        cluster_filter.validated()
    except BadFilter as exc:
        raise click.UsageError(str(exc)) from exc
    refuse_binary_to_terminal(fmt, output)
    try:
        with Store.open(db, create=False) as store:
            found = store.iter_clusters(cluster_filter, max_clusters=limit or None)
            if fmt == "parquet":
                if output:
                    with open(output, "wb") as out_bytes:
                        write_clusters_parquet(found, out_bytes)
                else:
                    write_clusters_parquet(found, binary_stdout())
                    binary_stdout().flush()
                return
            out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                write_clusters(found, fmt, out)
            finally:
                if output:
                    out.close()
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
