"""``newsevents serve``: the REST API and the dashboard, on loopback by default."""

from __future__ import annotations

import click

from .common import Fatal, db_option, make_settings, print_error
from .watch import every_option, feed_sources, poll_line

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@click.command("serve")
@db_option()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind")
@click.option(
    "--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
    help="port to bind (0: any free port)",
)  # fmt: skip
@click.option(
    "--watch", "watch_sources", multiple=True, metavar="FEEDS.txt|FEED_URL",
    help="also follow these feeds in the background (as newsevents watch); repeatable",
)  # fmt: skip
@every_option()
def serve_command(
    db: str | None, host: str, port: int, watch_sources: tuple[str, ...], every: str | None
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard over a store.

    With --watch, a background thread follows the feeds into the same store; the
    dashboard's Feeds page shows when each was last read and what failed."""
    from ..api import create_app
    from ..api.server import serve
    from ..store import Store, StoreError

    settings = make_settings(db=db, watch_every=every)
    feeds = feed_sources(watch_sources) if watch_sources else None
    try:
        store = Store.open(settings.db)
    except StoreError as exc:
        raise Fatal(str(exc)) from exc
    stop_watching = None
    if feeds is not None:
        from ..fetch import watch_in_thread

        _thread, stop_watching = watch_in_thread(
            settings.db, settings, feeds, on_error=print_error,
            on_poll=lambda r: click.echo(f"watch: {poll_line(r)}", err=True),
        )  # fmt: skip
    if host not in LOOPBACK_HOSTS:
        click.echo(
            f"warning: binding {host}: the dashboard is reachable from other machines "
            "and has no authentication",
            err=True,
        )

    def announce(url: str) -> None:
        stats = store.stats()
        click.echo(f"newsevents: serving {stats.articles} articles, {stats.events} events")
        click.echo(f"dashboard: {url}/   API docs: {url}/docs   (Ctrl-C stops)")

    try:
        serve(create_app(store=store, settings=settings), host, port, on_started=announce)
    except SystemExit as exc:  # uvicorn exits when it cannot bind (and logs why)
        if exc.code:
            raise Fatal(f"cannot serve on {host}:{port}") from exc
    finally:
        if stop_watching is not None:
            stop_watching.set()
        store.close()
