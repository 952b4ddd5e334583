"""``newsevents read``: parse articles and print their structure."""

from __future__ import annotations

import datetime as dt
import json

import click

from ..model import ReadError
from .common import INPUT_PATHS, date_option, finish, print_read_error


@click.command("read")
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATHS, metavar="PATH...")
@date_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one article a line; json: one indented JSON array",
)
def read_command(paths: tuple[str, ...], date: dt.date | None, fmt: str) -> None:
    """Parse articles (files, folders, or - for stdin) and print their structure."""
    from ..read import read_paths

    problems = articles = 0
    first = True
    if fmt == "json":
        click.echo("[", nl=False)
    for item in read_paths(list(paths), date):
        if isinstance(item, ReadError):
            print_read_error(item)
            problems += 1
            continue
        articles += 1
        if fmt == "jsonl":
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            text = json.dumps(item.to_dict(), ensure_ascii=False, indent=2)
            click.echo(("\n" if first else ",\n") + text, nl=False)
            first = False
    if fmt == "json":
        click.echo("\n]" if not first else "]")
    finish(problems, articles)
