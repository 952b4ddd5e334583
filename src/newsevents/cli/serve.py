"""``newsevents serve``: the REST API and the dashboard, on loopback by default.

Anywhere else the server needs an access token (``NEWSEVENTS_API_TOKEN`` or
``--token-file``): it guards ``POST /api/code``, and with ``--private`` every request.
``POST /api/code`` is also limited per client and in concurrency (``api/access.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .common import Fatal, db_option, make_settings, print_error, print_warning
from .watch import every_option, feed_sources, poll_line

if TYPE_CHECKING:
    from ..api.access import AccessPolicy

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@click.command("serve")
@db_option()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind")
@click.option(
    "--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
    help="port to bind (0: any free port)",
)  # fmt: skip
@click.option(
    "--token-file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
    help="file whose first line is the access token (else $NEWSEVENTS_API_TOKEN); "
    "required to serve on anything but loopback",
)  # fmt: skip
@click.option(
    "--private", is_flag=True,
    help="every request needs the token (browsers ask for it: any user name, the token "
    "as password); without it only POST /api/code does",
)  # fmt: skip
@click.option(
    "--code-rate", default="30/minute", show_default=True, metavar="RATE",
    help="POST /api/code per client, e.g. 10/minute or '5/second;100/hour'; 'none': no limit",
)  # fmt: skip
@click.option(
    "--code-concurrency", type=click.IntRange(min=1), default=2, show_default=True,
    help="articles coded at once across clients (one per client)",
)  # fmt: skip
@click.option(
    "--forwarded-allow-ips", default=None, metavar="IPS",
    help="reverse proxies whose X-Forwarded-For names the client (comma-separated; "
    "default 127.0.0.1)",
)  # fmt: skip
@click.option(
    "--watch", "watch_sources", multiple=True, metavar="FEEDS.txt|FEED_URL",
    help="also follow these feeds in the background (as newsevents watch); repeatable",
)  # fmt: skip
@every_option()
def serve_command(
    db: str | None,
    host: str,
    port: int,
    token_file: str | None,
    private: bool,
    code_rate: str,
    code_concurrency: int,
    forwarded_allow_ips: str | None,
    watch_sources: tuple[str, ...],
    every: str | None,
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard over a store.

    The spaCy model loads on the first POST /api/code, not before the pages answer.
    With --watch, a background thread follows the feeds into the same store; the
    dashboard's Feeds page shows when each was last read and what failed."""
    from ..api import create_app
    from ..api.server import serve
    from ..store import Store, StoreError

    policy = _access_policy(host, token_file, private)
    rate = None if code_rate.strip().lower() in ("none", "0", "") else code_rate
    _check_rate(rate)
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

    def announce(url: str) -> None:
        stats = store.stats()
        click.echo(f"newsevents: serving {stats.articles} articles, {stats.events} events")
        if policy.token:
            guarded = "every request" if policy.private else "POST /api/code"
            click.echo(f"access token required for {guarded}")
        click.echo(f"dashboard: {url}/   API docs: {url}/docs   (Ctrl-C stops)")

    app = create_app(store=store, settings=settings, access=policy, code_rate=rate,
                     code_concurrency=code_concurrency)  # fmt: skip
    try:
        serve(app, host, port, on_started=announce, forwarded_allow_ips=forwarded_allow_ips)
    except SystemExit as exc:  # uvicorn exits when it cannot bind (and logs why)
        if exc.code:
            raise Fatal(f"cannot serve on {host}:{port}") from exc
    finally:
        if stop_watching is not None:
            stop_watching.set()
        store.close()


def _access_policy(host: str, token_file: str | None, private: bool) -> AccessPolicy:
    """The token and its reach; a server reachable from elsewhere must have a token."""
    from ..api.access import TOKEN_HINT, AccessError, AccessPolicy, read_token
    from ..api.access import readable_by_others as exposed

    try:
        policy = AccessPolicy(read_token(token_file), private)
    except AccessError as exc:
        raise click.UsageError(str(exc)) from exc
    if host not in LOOPBACK_HOSTS and policy.token is None:
        raise click.UsageError(
            f"serving on {host} makes the server reachable from other machines: give it an "
            f"access token (NEWSEVENTS_API_TOKEN or --token-file FILE; make one with "
            f"{TOKEN_HINT})"
        )
    if token_file and exposed(token_file):
        print_warning(f"{token_file}: other users can read the token file (chmod 600 it)")
    return policy


def _check_rate(rate: str | None) -> None:
    if rate is None:
        return
    from limits import parse_many

    try:
        parse_many(rate)
    except ValueError as exc:
        raise click.UsageError(
            f"bad --code-rate {rate!r}: want N/second|minute|hour, e.g. 30/minute"
        ) from exc
