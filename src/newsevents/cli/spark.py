"""``newsevents spark``: code articles with Apache Spark, writing Parquet by event month."""

from __future__ import annotations

import datetime as dt

import click

from .common import date_option, finish, make_settings, model_and_actors_options

# Files or folders; no "-": executors cannot read the driver's standard input.
SPARK_INPUTS = click.Path(exists=True, readable=True, path_type=str)


@click.command("spark")
@click.argument("paths", nargs=-1, required=True, type=SPARK_INPUTS, metavar="INPUT...")
@click.option(
    "--output", "-o", required=True, metavar="DIR",
    help="Parquet dataset to write (folders event_month=YYYY-MM/), local path or URL",
)  # fmt: skip
@click.option(
    "--master", default=None, metavar="URL",
    help="Spark master (local[2], spark://host:7077, yarn); default: spark-submit's, "
    "else local[*]",
)  # fmt: skip
@click.option(
    "--partitions", type=click.IntRange(min=1), default=None,
    help="partitions; default: 4 per core (each Python worker loads the pipeline once)",
)  # fmt: skip
@click.option(
    "--mode", type=click.Choice(["error", "overwrite", "append"]), default="error",
    show_default=True, help="what to do when the output exists",
)  # fmt: skip
@click.option(
    "--conf", "conf", multiple=True, metavar="KEY=VALUE",
    help="a Spark setting, as spark-submit's --conf (spark.executor.memory=2g); repeatable",
)  # fmt: skip
@date_option()
@model_and_actors_options()
def spark_command(
    paths: tuple[str, ...],
    output: str,
    master: str | None,
    partitions: int | None,
    mode: str,
    conf: tuple[str, ...],
    date: dt.date | None,
    model: str | None,
    actors_files: tuple[str, ...],
) -> None:
    """Code WARC, JSONL, HTML and text INPUTs with Spark; write events as Parquet.

    Counts of records read, articles coded, failures and events are printed on stderr
    at the end; exit status 3 when some records failed.
    """
    from ..spark import run_job

    spark_conf: dict[str, str] = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--conf")
        spark_conf[key.strip()] = value
    settings = make_settings(model=model, actors_files=actors_files or None)
    counts = run_job(list(paths), output, master=master, conf=spark_conf, settings=settings,
                     default_date=date, partitions=partitions, mode=mode)  # fmt: skip
    click.echo(counts.summary(), err=True)
    finish(counts.failures)
