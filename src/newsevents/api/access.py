"""Serving a team: an access token, and limits on coding so one client cannot starve the rest.

- **Token.** ``NEWSEVENTS_API_TOKEN`` or a token file. When the server has one, ``POST
  /api/code`` (the one endpoint that costs real CPU) needs it; with ``private`` every
  request does, pages and static files included. A client sends it as ``Authorization:
  Bearer <token>``, or as the password of HTTP Basic authentication (any user name), which
  is what a browser asks for when a private server answers 401: the dashboard then works
  as usual, its requests carrying the credentials the browser remembers.
- **Coding limits.** ``POST /api/code`` is rate-limited per client (a moving window, by
  the ``limits`` library: ``30/minute`` by default; over it, 429 with ``Retry-After``), a
  client may code one article at a time (429), and at most ``concurrency`` articles are
  in flight at once across clients (503 with ``Retry-After``; the model codes one article
  at a time anyway, so more would only queue up threads).

The client is the peer address, or behind a reverse proxy the address the proxy reports
(``X-Forwarded-For``), which uvicorn trusts only from ``--forwarded-allow-ips``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import math
import os
import stat
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

TOKEN_ENV = "NEWSEVENTS_API_TOKEN"
MIN_TOKEN_CHARS = 16
DEFAULT_CODE_RATE = "30/minute"
DEFAULT_CODE_CONCURRENCY = 2
TOKEN_HINT = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


class AccessError(ValueError):
    """The token cannot be read, or is too weak to protect a server."""


@dataclass(frozen=True)
class AccessPolicy:
    """Who may do what: ``token`` None lets everyone do everything (loopback use)."""

    token: str | None = None
    private: bool = False

    def __post_init__(self) -> None:
        if self.private and not self.token:
            raise AccessError("--private needs an access token")
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise AccessError(
                f"the access token is too short ({len(self.token)} characters; at least "
                f"{MIN_TOKEN_CHARS}): make one with {TOKEN_HINT}"
            )

    def allows(self, authorization: str | None) -> bool:
        """Whether an ``Authorization`` header carries the token (Bearer or Basic)."""
        if self.token is None:
            return True
        offered = _offered_token(authorization or "")
        return offered is not None and hmac.compare_digest(
            offered.encode("utf-8"), self.token.encode("utf-8")
        )

    def guards(self, method: str, path: str) -> bool:
        """Whether a request needs the token."""
        if self.token is None:
            return False
        return self.private or (method == "POST" and path == "/api/code")


def _offered_token(header: str) -> str | None:
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return value
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None


def read_token(token_file: str | Path | None, env: dict[str, str] | None = None) -> str | None:
    """The token from ``token_file`` (its first line), else from ``NEWSEVENTS_API_TOKEN``."""
    if token_file is not None:
        path = Path(token_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise AccessError(f"{path}: cannot read the token file ({exc})") from exc
        token = lines[0].strip() if lines else ""
        if not token:
            raise AccessError(f"{path}: the token file is empty")
        return token
    env = dict(os.environ) if env is None else env
    return env.get(TOKEN_ENV, "").strip() or None


def readable_by_others(token_file: str | Path) -> bool:
    """Whether other users of the machine may read the token file."""
    try:
        mode = Path(token_file).stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))


def install_access_guard(app: FastAPI, policy: AccessPolicy) -> None:
    """Refuse guarded requests without the token: 401, with the challenge a browser
    answers by asking for it (private servers) or that names the header (``/api/code``)."""

    @app.middleware("http")
    async def access_guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not policy.guards(request.method, request.url.path) or policy.allows(
            request.headers.get("authorization")
        ):
            return await call_next(request)
        if policy.private:
            challenge = 'Basic realm="newsevents", charset="UTF-8"'
            message = "this newsevents server is private: log in with its access token"
        else:
            challenge = 'Bearer realm="newsevents"'
            message = "coding articles needs the access token: Authorization: Bearer <token>"
        headers = {"WWW-Authenticate": challenge}
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": message}, status_code=401, headers=headers)
        return PlainTextResponse(message + "\n", status_code=401, headers=headers)


@dataclass(frozen=True)
class Rejection:
    status: int
    detail: str
    retry_after: int  # seconds


class CodeGate:
    """Admission to ``POST /api/code``: a rate per client, one article at a time per
    client, ``concurrency`` in flight overall. Used from the event loop's thread only."""

    def __init__(self, rate: str | None = DEFAULT_CODE_RATE,
                 concurrency: int = DEFAULT_CODE_CONCURRENCY) -> None:  # fmt: skip
        from limits import parse_many, storage, strategies

        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.items = parse_many(rate) if rate else []
        self.limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())
        self.concurrency = concurrency
        self.in_flight: Counter[str] = Counter()

    def admit(self, client: str) -> Rejection | None:
        """None and the client holds a slot (give it back with ``release``), or why not."""
        if self.in_flight[client]:
            return Rejection(429, "one article at a time per client: wait for the first", 1)
        if sum(self.in_flight.values()) >= self.concurrency:
            return Rejection(503, "busy coding other clients' articles: try again shortly", 2)
        for item in self.items:
            if not self.limiter.hit(item, "code", client):
                reset = self.limiter.get_window_stats(item, "code", client).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                return Rejection(429, f"too many articles: at most {item} per client", wait)
        self.in_flight[client] += 1
        return None

    def release(self, client: str) -> None:
        self.in_flight[client] -= 1
        if self.in_flight[client] <= 0:
            del self.in_flight[client]
