"""The ``newsevents`` command: one file per command, each a thin layer over the library.

Every error, click's usage errors included, comes out as one ``error: ...`` line on
stderr, never a traceback (set ``NEWSEVENTS_DEBUG=1`` to see one). Exit statuses are in
``cli/common.py``: 0 ok, 1 fatal, 2 usage, 3 finished with skipped items.

To add a command: write ``cli/<name>.py`` with a ``click.Command`` and add it to
``main`` at the bottom of this file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from .common import EXIT_FATAL, EXIT_OK, EXIT_USAGE, print_error


class CommandGroup(click.Group):
    """A click group whose errors are one line each (``error: ...``)."""

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


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsevents", message="newsevents %(version)s")
def main() -> None:
    """newsevents: news articles in, dated and geolocated CAMEO/PLOVER events out.

    Exit status: 0 all went well; 1 fatal error; 2 usage error; 3 finished, but some
    inputs were skipped (each named on stderr as "error: ...").
    """


from .actors import actors_command  # noqa: E402
from .aggregate import aggregate_command  # noqa: E402
from .cluster import cluster_command  # noqa: E402
from .code import code_command  # noqa: E402
from .eval import eval_command  # noqa: E402
from .events import events_command  # noqa: E402
from .export import export_command  # noqa: E402
from .fetch import fetch_command  # noqa: E402
from .ingest import ingest_command  # noqa: E402
from .read import read_command  # noqa: E402
from .serve import serve_command  # noqa: E402
from .spark import spark_command  # noqa: E402
from .watch import watch_command  # noqa: E402

main.add_command(read_command)
main.add_command(code_command)
main.add_command(ingest_command)
main.add_command(events_command)
main.add_command(actors_command)
main.add_command(cluster_command)
main.add_command(serve_command)
main.add_command(spark_command)
main.add_command(eval_command)
main.add_command(fetch_command)
main.add_command(watch_command)
main.add_command(aggregate_command)
main.add_command(export_command)
