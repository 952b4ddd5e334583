"""``newsevents eval GOLD.jsonl``: score the coder against a gold file (CONTRACT.md).

The scoring is ``evaluate.py``'s; this file codes the items, shows progress on stderr
and prints the report (a table, or ``--format json``) on stdout. Exit status 3 when
some items failed to code (they are scored as having no events).
"""

from __future__ import annotations

import io
import json
import sys
import time
from typing import Any

import click

from ..evaluate import (
    NONE,
    PRF,
    GoldFormatError,
    GoldItem,
    Report,
    code_gold,
    load_gold,
    score,
    score_item,
)
from ..evaluate_errors import write_errors
from ..evaluate_when_where import WhenWhereReport, score_when_where
from ..model import PLOVER_TYPES, Event
from .common import (
    Fatal,
    finish,
    make_settings,
    min_confidence_option,
    model_and_actors_options,
    print_error,
)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
    help="table: readable tables; json: one JSON object",
)  # fmt: skip
@click.option(
    "--details", type=click.Path(dir_okay=False, writable=True), default=None, metavar="FILE",
    help="also write one JSON line per item: its gold and predicted events and counts",
)  # fmt: skip
@click.option(
    "--errors", "errors_file", type=click.Path(dir_okay=False, writable=True), default=None,
    metavar="FILE",
    help="also write the false positives and misses, with their sentences, as JSONL",
)  # fmt: skip
@model_and_actors_options()
@min_confidence_option()
def eval_command(
    gold: str,
    fmt: str,
    details: str | None,
    errors_file: str | None,
    model: str | None,
    actors_files: tuple[str, ...],
    min_confidence: float | None,
) -> None:
    """Code every item of GOLD.jsonl and score the events (type, dyad, CAMEO root)."""
    from rich.console import Console
    from rich.progress import Progress

    from ..pipeline import Pipeline

    try:
        items = load_gold(gold)
    except (GoldFormatError, UnicodeDecodeError) as exc:
        raise Fatal(str(exc)) from exc
    settings = make_settings(
        model=model, actors_files=actors_files or None, min_confidence=min_confidence
    )
    pipeline = Pipeline(settings)
    started = time.perf_counter()
    try:  # load model and dictionaries now: a bad actor file is one error, not one per item
        _ = pipeline.nlp, pipeline.resolver, pipeline.coder
    except Exception as exc:
        raise Fatal(f"cannot load the coder: {type(exc).__name__}: {exc}") from exc
    scored: list[tuple[GoldItem, tuple[Event, ...]]] = []
    errors = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("coding gold items", total=len(items))
        for item, coded in code_gold(items, pipeline):
            if coded.error is not None:
                print_error(f"{item.id}: coding failed: {coded.error}")
                errors.append(f"{item.id}: {coded.error}")
            scored.append((item, coded.events))
            progress.advance(task)
    report = score(scored)
    report.errors = errors
    when_where = score_when_where(gold, scored)
    if details:
        _write_details(details, scored)
    if errors_file:
        counts = write_errors(errors_file, scored)
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        click.echo(f"{errors_file}: {summary}", err=True)
    seconds = time.perf_counter() - started
    if fmt == "json":
        out: dict[str, Any] = {"gold": gold, **report.to_dict(),
                               "when_where": when_where.to_dict(), "seconds": round(seconds, 2)}  # fmt: skip
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        _print_tables(report, gold, seconds, when_where)
    finish(len(errors))  # exit 3 when some items failed to code (scored with no events)


def _prf_row(name: str, prf: PRF) -> list[str]:
    return [name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}",
            str(prf.tp), str(prf.fp), str(prf.fn)]  # fmt: skip


def _print_tables(report: Report, gold: str, seconds: float, when_where: WhenWhereReport) -> None:
    from rich.console import Console
    from rich.table import Table

    # Rendered into a buffer and echoed by click: rich exits 1 on a broken pipe
    # (`| head`), while the command group ends quietly with 0.
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(200, Console(file=sys.stdout).width),
        force_terminal=sys.stdout.isatty(),
    )
    console.print(f"{gold}: {report.items} items coded and scored in {seconds:.1f} s")
    scores = Table()
    for col in ("metric", "P", "R", "F1", "TP", "FP", "FN"):
        scores.add_column(col, justify="left" if col == "metric" else "right")
    scores.add_row(*_prf_row("type", report.type))
    scores.add_row(*_prf_row("dyad", report.dyad))
    if report.cameo_items:
        scores.add_row(*_prf_row(f"cameo_root ({report.cameo_items} items)", report.cameo_root))
    console.print(scores)

    per_type = Table(title="per PLOVER type")
    for col in ("type", "P", "R", "F1", "TP", "FP", "FN"):
        per_type.add_column(col, justify="left" if col == "type" else "right")
    for t in PLOVER_TYPES:
        if t in report.by_type:
            per_type.add_row(*_prf_row(t, report.by_type[t]))
    console.print(per_type)

    actors = report.actors
    table = Table(title=f"actor accuracy on {actors.matched} aligned events")
    for col in ("field", "accuracy", "correct", "total"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, acc in (("source country", actors.source), ("target country", actors.target),
                      ("sector", actors.sector)):  # fmt: skip
        d = acc.to_dict()
        table.add_row(name, f"{d['accuracy']:.3f}", str(acc.correct), str(acc.total))
    console.print(table)

    confusion = report.confusion_table()
    predicted = sorted({p for row in confusion.values() for p in row}, key=_type_order)
    matrix = Table(title="confusion: gold type (rows) x predicted type (columns)")
    matrix.add_column("gold", no_wrap=True)
    for p in predicted:
        matrix.add_column(p[:7], justify="right", no_wrap=True)
    for g, row in confusion.items():
        matrix.add_row(g, *(str(row.get(p, "")) for p in predicted))
    console.print(matrix)
    console.print(_when_where_table(when_where))
    click.echo(buffer.getvalue(), nl=False)
    if report.errors:
        print_error(f"{len(report.errors)} items failed to code (counted with no events)")


def _when_where_table(report: WhenWhereReport) -> Any:
    """Event dates and places (``evaluate_when_where``): on gold events paired by type
    and dyad, and (to see more) by sentence."""
    from rich.table import Table

    table = Table(
        title=f"dates and places ({report.gold_with_date} gold events with a date, "
        f"{report.gold_with_place} with a place)"
    )
    for col in ("metric", "paired by", "accuracy", "correct", "total"):
        table.add_column(col, justify="left" if col in ("metric", "paired by") else "right")
    for label, scores in (("type+dyad", report.matched),
                          ("type+dyad, gold sentence", report.matched_in_sentence),
                          ("sentence", report.by_sentence)):  # fmt: skip
        for name, acc in (("event date", scores.date), ("place country", scores.place_country),
                          ("place coverage", scores.place_coverage)):  # fmt: skip
            d = acc.to_dict()
            table.add_row(name, label, f"{d['accuracy']:.3f}", str(acc.correct), str(acc.total))
    return table


def _type_order(t: str) -> tuple[int, str]:
    return (1, t) if t == NONE else (0, t)


def _write_details(path: str, scored: list[tuple[GoldItem, tuple[Event, ...]]]) -> None:
    """Per item: what the gold says, what was predicted, and the item's counts."""

    def side(actors: Any) -> list[str | None]:
        return [a.country for a in actors]

    with open(path, "w", encoding="utf-8") as out:
        for item, events in scored:
            s = score_item(item, events)
            row = {
                "id": item.id, "text": item.text, "noevents": item.noevents,
                "gold": [{"plover": e.plover, "cameo": e.cameo, "source": side(e.source),
                          "target": side(e.target), "reciprocal": e.reciprocal}
                         for e in item.events],
                "predicted": [{"plover": e.plover, "cameo": e.cameo, "source": side(e.source),
                               "target": side(e.target), "trigger": e.trigger,
                               "factual": e.factual} for e in events],
                "type": s.type.to_dict(), "dyad": s.dyad.to_dict(),
            }  # fmt: skip
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
