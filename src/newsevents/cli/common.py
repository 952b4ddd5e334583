"""What the commands share: exit statuses, the one-line error, option types, settings."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..config import ConfigError, Settings, load_settings
from ..model import Article, ReadError, parse_date

# Exit statuses (README "Exit status"): 0 all went well; 1 fatal error; 2 usage error
# (bad option, missing file, bad --date) or no input readable at all; 3 finished, but
# some items were skipped (an empty folder among them).
EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3

F = TypeVar("F", bound=Callable[..., Any])


class Fatal(click.ClickException):
    """An error that ends a command (exit 1) with one ``error: ...`` line."""

    exit_code = EXIT_FATAL


def one_line(message: str) -> str:
    return " ".join(str(message).split())


def print_error(message: str) -> None:
    click.echo(f"error: {one_line(message)}", err=True)


def print_read_error(error: ReadError) -> None:
    print_error(str(error))


def print_warning(message: str) -> None:
    click.echo(f"warning: {one_line(message)}", err=True)


def warn_undated(article: Article) -> None:
    """An article with no date anywhere (no dateline date, no date field or page date,
    no ``--date``): said once, since every event of it is undated."""
    print_warning(f"{article.origin or article.id}: no date; events are undated")


class DateType(click.ParamType):
    """``YYYY-MM-DD``; anything else is a usage error."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            parsed = parse_date(str(value).strip()) if len(str(value).strip()) == 10 else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail(f"{value!r} is not a date in YYYY-MM-DD form", param, ctx)
        return parsed


DATE = DateType()

# Existing, readable files or folders; "-" is stdin.
INPUT_PATHS = click.Path(exists=True, readable=True, allow_dash=True, path_type=str)


def date_option(help_text: str = "publication date for inputs that carry none") -> Callable[[F], F]:
    return click.option("--date", "date", type=DATE, default=None, help=help_text)


def db_option() -> Callable[[F], F]:
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="DB",
        help="database: a file path or a SQLAlchemy URL (sqlite:///x.db, postgresql://...); "
        "default $NEWSEVENTS_DB, else newsevents.db",
    )


def workers_option() -> Callable[[F], F]:
    return click.option(
        "--workers",
        type=click.IntRange(min=0),
        default=None,
        help="worker processes (0: one per core; 1: in this process); default from settings",
    )


def model_and_actors_options() -> Callable[[F], F]:
    """``--model NAME`` and ``--actors FILE`` (repeatable), shared by the coding commands."""
    model = click.option(
        "--model", default=None, metavar="NAME", help="spaCy pipeline to load by name"
    )
    actors = click.option(
        "--actors",
        "actors_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        metavar="FILE",
        help="extra actor file (JSONL/TSV) added to the knowledge base; repeatable",
    )

    def apply(f: F) -> F:
        return model(actors(f))

    return apply


CONFIDENCE = click.FloatRange(0.0, 1.0)


def min_confidence_option(help_text: str | None = None) -> Callable[[F], F]:
    return click.option(
        "--min-confidence",
        "min_confidence",
        type=CONFIDENCE,
        default=None,
        metavar="P",
        help=help_text
        or "leave out events below this confidence (0-1; default: the min_confidence setting)",
    )


def make_settings(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as exc:
        raise Fatal(str(exc)) from exc


def finish(problems: int, articles: int | None = None) -> None:
    """Exit 3 when some items were skipped, 2 when nothing at all could be read
    (``articles`` 0: every input was missing, empty or unreadable), else return (0)."""
    if problems and articles == 0:
        click.get_current_context().exit(EXIT_USAGE)
    if problems:
        click.get_current_context().exit(EXIT_SKIPPED)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def refuse_binary_to_terminal(fmt: str, output: str | None) -> None:
    """Parquet is binary: it goes to ``--output`` or a pipe, never onto a terminal."""
    if fmt == "parquet" and output is None and stdout_is_terminal():
        raise click.UsageError("parquet is binary: give --output FILE or redirect stdout")
