"""Running the app with uvicorn: in the foreground (``newsevents serve``) or in a
background thread on a free loopback port (tests, the screenshot script)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

STARTUP_TIMEOUT_S = 30.0


def serve(
    app: FastAPI,
    host: str = "127.0.0.1",
    port: int = 8000,
    on_started: Callable[[str], None] | None = None,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve until interrupted; ``on_started(url)`` is called once the port is bound.
    ``forwarded_allow_ips``: proxies trusted to name the client in X-Forwarded-For
    (uvicorn's default: 127.0.0.1, a proxy on this machine)."""
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", forwarded_allow_ips=forwarded_allow_ips
    )
    server = uvicorn.Server(config)
    if on_started is not None:
        _call_when_started(server, on_started)
    server.run()


def _bound_url(server: uvicorn.Server) -> str:
    sockname = server.servers[0].sockets[0].getsockname()
    host = sockname[0]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{sockname[1]}"


def _call_when_started(server: uvicorn.Server, on_started: Callable[[str], None]) -> None:
    def watch() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            on_started(_bound_url(server))

    threading.Thread(target=watch, daemon=True, name="newsevents-started").start()


@contextmanager
def serve_in_thread(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` in a daemon thread (port 0: a free one); yields the base URL and
    stops the server on exit."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True, name="newsevents-server")
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield _bound_url(server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
