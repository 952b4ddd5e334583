"""``newsevents aggregate``: panels of counts and mean Goldstein, and edge lists."""

from __future__ import annotations

import datetime as dt
import sys
from typing import IO

import click

from ..analysis import BY, COUNTS, INTERVALS, POLICIES, ROLES, SCOPES, Panel, PanelSpec, panel
from ..analysis.writers import PANEL_FORMATS, write_csv, write_edges, write_json, write_parquet
from ..store import BadFilter, Store, StoreError
from .common import DATE, Fatal, db_option, one_line, refuse_binary_to_terminal
from .output import binary_stdout, print_table

SPLIT_CHOICES = {"quad": "quad", "plover": "plover", "cameo-root": "cameo_root"}


def _codes(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").replace(" ", ",").split(",") if v)


@click.command("aggregate")
@db_option()
@click.option(
    "--from-parquet",
    "from_parquet",
    metavar="DIR",
    default=None,
    help="compute the panel with Spark from a `newsevents spark` output (a path or any "
    "Hadoop URL) instead of a database",
)
@click.option(
    "--master",
    default=None,
    metavar="URL",
    help="with --from-parquet: the Spark master (default: spark-submit's, else local[*])",
)
@click.option(
    "--by",
    type=click.Choice(BY),
    default="country",
    show_default=True,
    help="one row per country, dyad (source, target), actor code, or one series (all)",
)
@click.option(
    "--interval",
    type=click.Choice(INTERVALS),
    default="month",
    show_default=True,
    help="periods: ISO weeks start on Monday",
)
@click.option(
    "--count",
    "count",
    type=click.Choice(COUNTS),
    default="clusters",
    show_default=True,
    help="happenings (event clusters: each once, however many articles report it) "
    "or every coded event",
)
@click.option(
    "--split",
    type=click.Choice(tuple(SPLIT_CHOICES)),
    default=None,
    help="also one row per quad class, PLOVER type or CAMEO root",
)
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="either",
    show_default=True,
    help="country/actor panels: either side (a domestic item counts once), the "
    "source, the target, or the place where it happened (countries)",
)
@click.option(
    "--undirected",
    is_flag=True,
    help="dyad panels and --dyad: A-B and B-A together (A before B alphabetically)",
)
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="all",
    show_default=True,
    help="domestic: both sides one country; international: two countries",
)
@click.option(
    "--only",
    callback=_codes,
    metavar="A,B,...",
    help="only these countries (dyad panels: pairs of them) or actor codes; "
    "they get zero rows even with no data",
)
@click.option(
    "--dyad",
    metavar="A:B",
    help="only items of this dyad (countries or codes), A on B unless --undirected",
)
@click.option("--plover", help="only this PLOVER type")
@click.option("--cameo-root", help="only this CAMEO root (two digits)")
@click.option(
    "--quad",
    "quad_class",
    type=click.IntRange(1, 4),
    help="only this quad class (1 verbal cooperation ... 4 material conflict)",
)
@click.option("--since", type=DATE, help="first day of the panel (its whole period is kept)")
@click.option("--until", type=DATE, help="last day of the panel (its whole period is kept)")
@click.option(
    "--all-modalities",
    is_flag=True,
    help="also count negated and not-yet events (default: only what happened)",
)
@click.option(
    "--min-sources",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="happenings reported by at least this many outlets",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="with --count events: leave out events coded with less confidence",
)
@click.option(
    "--normalize",
    is_flag=True,
    help="add the articles stored per period and count / articles (news volume)",
)
@click.option("--no-zero-fill", is_flag=True, help="leave out rows with nothing in them")
@click.option(
    "--imprecise",
    type=click.Choice(POLICIES),
    default="drop",
    show_default=True,
    help="items dated less precisely than a period (a month-precise event in a "
    "week panel): drop them (and say how many), or spread them over the periods "
    "they may fall in (fractional counts)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PANEL_FORMATS),
    default="table",
    show_default=True,
    help="edges: a network edge list (source, target, period, weight, mean "
    "Goldstein) of a dyad panel; parquet is binary (--output or a pipe)",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="write to this file instead of stdout",
)
def aggregate_command(
    db: str | None, from_parquet: str | None, master: str | None, by: str, interval: str, count: str, split: str | None, role: str,
    undirected: bool, scope: str, only: tuple[str, ...], dyad: str | None,
    plover: str | None, cameo_root: str | None, quad_class: int | None,
    since: dt.date | None, until: dt.date | None, all_modalities: bool, min_sources: int,
    min_confidence: float | None, normalize: bool, no_zero_fill: bool, imprecise: str,
    fmt: str, output: str | None,
) -> None:  # fmt: skip
    """Count happenings (or events) and their mean Goldstein score per period and country,
    dyad or actor: the panels forecasting and research work on. Zero-filled over the
    period asked for; --normalize divides by the articles stored per period."""
    spec = PanelSpec(
        by=by, interval=interval, count=count, split=SPLIT_CHOICES[split] if split else None,
        role=role, directed=not undirected, scope=scope, only=only, dyad=dyad, plover=plover,
        cameo_root=cameo_root, quad_class=quad_class, since=since, until=until,
        factual_only=not all_modalities, min_sources=min_sources,
        min_confidence=min_confidence, normalize=normalize,
        zero_fill=not no_zero_fill and fmt != "edges", imprecise=imprecise,
    )  # fmt: skip
    try:
        spec = spec.validated()
    except BadFilter as exc:
        raise click.UsageError(str(exc)) from exc
    if fmt == "edges" and by != "dyad":
        raise click.UsageError("--format edges needs --by dyad")
    refuse_binary_to_terminal(fmt, output)
    if from_parquet is not None and db is not None:
        raise click.UsageError("give --db or --from-parquet, not both")
    if from_parquet is None and master is not None:
        raise click.UsageError("--master goes with --from-parquet")
    result = _from_parquet(from_parquet, spec, master) if from_parquet else _from_store(db, spec)
    if fmt == "parquet":
        if output:
            with open(output, "wb") as out_bytes:
                write_parquet(result, out_bytes)
        else:
            write_parquet(result, binary_stdout())
            binary_stdout().flush()
    else:
        out: IO[str] = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            _write_text(result, fmt, out)
        finally:
            if output:
                out.close()
    _note_left_out(result.left_out, spec)


def _from_store(db: str | None, spec: PanelSpec) -> Panel:
    try:
        with Store.open(db, create=False) as store:
            return panel(store, spec)
    except BadFilter as exc:
        raise click.UsageError(str(exc)) from exc
    except StoreError as exc:
        raise Fatal(str(exc)) from exc


def _from_parquet(folder: str, spec: PanelSpec, master: str | None) -> Panel:
    """The panel computed with Spark (``analysis.spark``); pyspark is imported here only."""
    try:
        from ..analysis.spark import panel_from_parquet
        from ..spark.load import NotSparkOutput
    except ImportError as exc:  # pragma: no cover - pyspark is an extra
        raise Fatal(
            f"--from-parquet needs pyspark: pip install 'newsevents[spark]' ({exc})"
        ) from exc
    try:
        return panel_from_parquet(folder, spec, master=master)
    except (NotSparkOutput, BadFilter) as exc:
        raise click.UsageError(str(exc)) from exc
    except Exception as exc:  # Spark's own (a file system it cannot reach, a lost executor)
        if type(exc).__module__.split(".")[0] not in ("pyspark", "py4j"):
            raise
        java = getattr(exc, "java_exception", None)  # py4j: the Java exception's own line
        lines = (str(java.toString()) if java is not None else str(exc)).strip().splitlines()
        raise Fatal(f"{folder}: {one_line(lines[0]) if lines else type(exc).__name__}") from exc


def _write_text(result: Panel, fmt: str, out: IO[str]) -> None:
    if fmt == "csv":
        write_csv(result, out)
    elif fmt == "json":
        write_json(result, out)
    elif fmt == "edges":
        write_edges(result, out)
    else:
        print_table(list(result.records()), out, result.columns)
    out.flush()


def _note_left_out(left_out: dict[str, int], spec: PanelSpec) -> None:
    """Say on stderr what fell in no period, so a panel is never silently short."""
    if not left_out:
        return
    n = sum(left_out.values())
    what = ("happening" if spec.count == "clusters" else "event") + ("s" if n != 1 else "")
    parts = ", ".join(f"{precision} {n}" for precision, n in left_out.items())
    hint = " (--imprecise spread counts them in part)" if spec.imprecise == "drop" else ""
    click.echo(
        f"note: {n} {what} {'falls' if n == 1 else 'fall'} in no {spec.interval}: dated to {parts}{hint}",
        err=True,
    )
