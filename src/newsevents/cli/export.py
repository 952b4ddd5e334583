"""``newsevents export``: stored events in GDELT, ICEWS, POLECAT or newsevents columns."""

from __future__ import annotations

import datetime as dt
import sys
from typing import IO

import click

from ..export import EXPORT_FORMATS, SCHEMAS, export_events
from ..store import BadFilter, EventFilter, Store, StoreError
from .common import DATE, Fatal, db_option, refuse_binary_to_terminal
from .output import binary_stdout


@click.command("export")
@db_option()
@click.option(
    "--schema",
    type=click.Choice(tuple(SCHEMAS)),
    default="newsevents",
    show_default=True,
    help="the columns of GDELT 2.0 events, ICEWS, POLECAT, or newsevents' own (docs/EXPORTS.md)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="parquet",
    show_default=True,
    help="parquet (typed; codes stay strings) is binary: --output or a pipe",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="write to this file instead of stdout",
)
@click.option(
    "--no-header",
    is_flag=True,
    help="csv/tsv without the header line (GDELT's own files: --format tsv --no-header)",
)
@click.option(
    "--happenings",
    is_flag=True,
    help="one row per happening (event cluster): its representative event, with "
    "the cluster's article and source counts",
)
@click.option(
    "--all-modalities",
    is_flag=True,
    help="also export negated and not-yet events (default: only what happened)",
)
@click.option("--source", help="source actor country or code")
@click.option("--target", help="target actor country or code")
@click.option("--dyad", metavar="A:B", help="countries or codes acting on each other")
@click.option("--ordered", is_flag=True, help="with --dyad: only A acting on B")
@click.option("--plover", help="PLOVER type")
@click.option("--cameo-root", help="CAMEO root code, two digits")
@click.option("--since", type=DATE, help="events on or after this date")
@click.option("--until", type=DATE, help="events on or before this date")
@click.option("--country", help="country where the event took place (ISO alpha-3)")
def export_command(
    db: str | None, schema: str, fmt: str, output: str | None, no_header: bool,
    happenings: bool, all_modalities: bool, source: str | None, target: str | None,
    dyad: str | None, ordered: bool, plover: str | None, cameo_root: str | None,
    since: dt.date | None, until: dt.date | None, country: str | None,
) -> None:  # fmt: skip
    """Write stored events in the columns another dataset's users expect, for pandas,
    R, DuckDB or existing GDELT/ICEWS/POLECAT code. Progress goes to stderr."""
    event_filter = EventFilter(
        source=source, target=target, dyad=dyad, ordered_dyad=ordered, plover=plover,
        cameo_root=cameo_root, since=since, until=until, country=country,
        factual_only=not all_modalities,
    )  # fmt: skip
    try:
        event_filter.validated()
    except BadFilter as exc:
        raise click.UsageError(str(exc)) from exc
    refuse_binary_to_terminal(fmt, output)

    def progress(n: int) -> None:
        click.echo(f"exported {n:,} rows ...", err=True)

    try:
        with Store.open(db, create=False) as store:
            if fmt == "parquet":
                if output:
                    with open(output, "wb") as out_bytes:
                        n = export_events(store, schema, fmt, out_bytes, event_filter,
                                          happenings, on_progress=progress)  # fmt: skip
                else:
                    n = export_events(store, schema, fmt, binary_stdout(), event_filter,
                                      happenings, on_progress=progress)  # fmt: skip
                    binary_stdout().flush()
            else:
                out: IO[str] = (
                    open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
                )
                try:
                    n = export_events(store, schema, fmt, out, event_filter, happenings,
                                      header=not no_header, on_progress=progress)  # fmt: skip
                    out.flush()
                finally:
                    if output:
                        out.close()
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
    click.echo(f"exported {n:,} rows ({schema}, {fmt})", err=True)
