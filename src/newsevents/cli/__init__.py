"""The ``newsevents`` command: one file per command, each a thin layer over the library.

Every error, click's usage errors included, comes out as one ``error: ...`` line on
stderr, never a traceback (set ``NEWSEVENTS_DEBUG=1`` to see one). Exit statuses are in
``cli/common.py``: 0 ok, 1 fatal, 2 usage, 3 finished with skipped items.

To add a command: write ``cli/<name>.py`` with a ``click.Command`` and name it in
``main.lazy_commands`` at the bottom of this file.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from .common import EXIT_FATAL, EXIT_OK, EXIT_USAGE, print_error


class CommandGroup(click.Group):
    """A click group whose errors are one line each (``error: ...``) and whose commands
    are imported on first use (``lazy_commands``: name -> ``"module:attribute"`` in
    this package)."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy_commands]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module_name, attribute = self.lazy_commands[cmd_name].split(":")
            module = importlib.import_module(f"{__name__}.{module_name}")
            self.add_command(getattr(module, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        sys.exit(self._run(args, prog_name, complete_var, **extra))

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        **extra: Any,
    ) -> int:
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
            print_error(exc.format_message().rstrip(".") + hint)
            return EXIT_USAGE
        except click.ClickException as exc:
            print_error(exc.format_message())
            return exc.exit_code
        except click.Abort:
            print_error("interrupted")
            return 130
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as Unix tools do.
            _silence_stdout()
            return EXIT_OK
        except Exception as exc:  # a bug or an environment problem: still one line
            if os.environ.get("NEWSEVENTS_DEBUG"):
                raise
            print_error(f"{type(exc).__name__}: {exc}")
            return EXIT_FATAL
        return result if isinstance(result, int) else EXIT_OK


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# Each command's module is imported only when that command runs (or for --help): the
# store brings SQLAlchemy, eval the scorer, serve FastAPI, none of which `code` needs.
COMMANDS = {
    "read": "read:read_command",
    "code": "code:code_command",
    "ingest": "ingest:ingest_command",
    "events": "events:events_command",
    "actors": "actors:actors_command",
    "cluster": "cluster:cluster_command",
    "serve": "serve:serve_command",
    "spark": "spark:spark_command",
    "eval": "eval:eval_command",
    "fetch": "fetch:fetch_command",
    "watch": "watch:watch_command",
    "aggregate": "aggregate:aggregate_command",
    "export": "export:export_command",
}


@click.group(
    cls=CommandGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="newsevents", message="newsevents %(version)s")
def main() -> None:
    """newsevents: news articles in, dated and geolocated CAMEO/PLOVER events out.

    Exit status: 0 all went well; 1 fatal error; 2 usage error; 3 finished, but some
    inputs were skipped (each named on stderr as "error: ...").
    """
