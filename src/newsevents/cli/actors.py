"""``newsevents actors``: actors in the store, or names that recur without a code."""

from __future__ import annotations

import click

from ..store import Store, StoreError
from .common import Fatal, db_option


@click.command("actors")
@db_option()
@click.option("--unresolved", is_flag=True, help="names the coder could not resolve to a code")
@click.option(
    "--search",
    "query",
    default="",
    metavar="TEXT",
    help="actors whose code, name or words contain TEXT",
)
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True,
              help="with --unresolved: only names seen at least this often")  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
def actors_command(
    db: str | None, unresolved: bool, query: str, min_count: int, limit: int
) -> None:
    """List stored actors by number of events, or with --unresolved the PERSON/ORG names
    that had no code (most frequent first, with an example sentence): candidates for an
    actor file (--actors FILE)."""
    try:
        with Store.open(db, create=False) as store:
            if unresolved:
                click.echo("count\tarticles\tlabel\tname\texample")
                for u in store.unresolved(limit=limit, min_count=min_count):
                    example = " ".join(u.example.split())
                    click.echo(f"{u.count}\t{u.articles}\t{u.label}\t{u.name}\t{example}")
            else:
                click.echo("events\tcode\tcountry\tsector\tname")
                for a in store.search_actors(query, limit=limit):
                    fields = (a.code, a.country, a.sector, a.name)
                    click.echo(f"{a.events}\t" + "\t".join(x or "" for x in fields))
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
