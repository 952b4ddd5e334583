"""``newsevents spark``: code articles with Apache Spark, into articles, events and summary tables."""

from __future__ import annotations

import datetime as dt

import click

from .common import (
    date_option,
    finish,
    make_settings,
    min_confidence_option,
    model_and_actors_options,
    print_error,
)


@click.command("spark")
@click.argument("paths", nargs=-1, metavar="INPUT...")
@click.option(
    "--output", "-o", required=True, metavar="DIR",
    help="output folder (tables articles/, events/, summary/): a path or any Hadoop URL",
)  # fmt: skip
@click.option(
    "--manifest", "manifests", multiple=True, metavar="URI",
    help="a text file (or .gz) listing input URIs, one a line; repeatable",
)  # fmt: skip
@click.option(
    "--input-base", default=None, metavar="URI",
    help="prefix for the relative entries of manifests (s3a://commoncrawl/)",
)  # fmt: skip
@click.option(
    "--master", default=None, metavar="URL",
    help="Spark master (local[2], spark://host:7077, yarn); default: spark-submit's, "
    "else local[*]",
)  # fmt: skip
@click.option(
    "--partitions", type=click.IntRange(min=1), default=None,
    help="partitions; default: 4 per core, more for corpora over 64 MB a partition",
)  # fmt: skip
@click.option(
    "--mode", type=click.Choice(["replace", "overwrite", "error"]), default="replace",
    show_default=True,
    help="replace: these inputs' partitions replace their earlier ones (a rerun never "
    "duplicates); overwrite: replace the whole output; error: refuse an existing output",
)  # fmt: skip
@click.option(
    "--conf", "conf", multiple=True, metavar="KEY=VALUE",
    help="a Spark setting, as spark-submit's --conf (spark.executor.memory=2g); repeatable",
)  # fmt: skip
@date_option()
@model_and_actors_options()
@min_confidence_option()
def spark_command(
    paths: tuple[str, ...],
    output: str,
    manifests: tuple[str, ...],
    input_base: str | None,
    master: str | None,
    partitions: int | None,
    mode: str,
    conf: tuple[str, ...],
    date: dt.date | None,
    model: str | None,
    actors_files: tuple[str, ...],
    min_confidence: float | None,
) -> None:
    """Code WARC, JSONL, HTML and text INPUTs with Spark; write Parquet tables to DIR.

    INPUTs are files, folders (read recursively) or glob patterns, as local paths or
    URIs of any file system Spark is configured for (hdfs://, s3a://, ...). Counts come
    from the committed summary and are printed on stderr at the end, with one line per
    failed record; exit status 3 when some records failed.
    """
    from ..spark import InputNotFound, run_job

    if not paths and not manifests:
        raise click.UsageError("give INPUT paths, or --manifest")
    spark_conf: dict[str, str] = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--conf")
        spark_conf[key.strip()] = value
    settings = make_settings(
        model=model, actors_files=actors_files or None, min_confidence=min_confidence
    )
    try:
        counts = run_job(list(paths), output, master=master, conf=spark_conf,
                         settings=settings, default_date=date, partitions=partitions,
                         mode=mode, manifests=manifests, input_base=input_base)  # fmt: skip
    except InputNotFound as exc:
        raise click.UsageError(str(exc)) from exc
    except FileExistsError as exc:
        raise click.UsageError(str(exc)) from exc
    for line in counts.errors:
        print_error(line)
    click.echo(counts.summary(), err=True)
    finish(counts.failures)
