"""Opening a database: a plain path means SQLite, a URL goes to SQLAlchemy as is.

SQLite runs in WAL mode with a busy timeout so readers never block the writer and
several writers (``ingest`` in two shells) wait for each other instead of failing.
Write transactions start with ``BEGIN IMMEDIATE`` (see ``write_options``): a deferred
transaction that reads and then writes can fail at once with "database is locked"
without waiting, which the busy timeout cannot help.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

DEFAULT_DB = "newsevents.db"
BUSY_TIMEOUT_MS = 30_000
SQLITE_CACHE_KIB = 262_144
# A writer's cache: the indexes of a million events (about 450 MB, most of them keyed
# by random event ids) stay in memory, so bulk inserts do not re-read pages.
SQLITE_WRITE_CACHE_KIB = 1_048_576
SQLITE_PAGE_SIZE = 16_384
WAL_CHECKPOINT_PAGES = 8_192
# Execution option read by the SQLite "begin" hook: which BEGIN to emit.
SQLITE_BEGIN_OPTION = "newsevents_sqlite_begin"


def resolve_url(url_or_path: str | os.PathLike[str] | None = None) -> URL:
    """``None`` → ``$NEWSEVENTS_DB`` or ``newsevents.db``; a path → ``sqlite:///path``;
    ``postgresql://`` (or ``postgres://``) → the psycopg 3 driver."""
    raw = (
        str(url_or_path) if url_or_path is not None else os.environ.get("NEWSEVENTS_DB", "")
    ) or DEFAULT_DB
    if "://" not in raw:
        return make_url("sqlite:///" + str(Path(raw).expanduser().resolve()))
    for plain in ("postgresql://", "postgres://"):
        if raw.startswith(plain):
            raw = "postgresql+psycopg://" + raw[len(plain) :]
    return make_url(raw)


def _sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below issue BEGIN itself (pysqlite's own
        # implicit transactions cannot be IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Bigger pages keep an event row (about 1 kB of JSON) off overflow pages and the
        # B-trees shallower. Takes effect only on a new, empty file (before WAL).
        cursor.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Checkpoint (copy the WAL into the database) every 128 MB, not every 16 MB: a
        # page that several bulk commits rewrite is copied once. Durability is the same.
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        # Foreign keys are declared (PostgreSQL enforces them) but not checked here: the
        # store writes parents first and deletes children first in one transaction, and
        # the checks cost about a tenth of bulk-insert time.
        cursor.execute("PRAGMA foreign_keys = OFF")
        # Random event ids make index inserts scattered: a bigger page cache helps ingest.
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
        if mode == "IMMEDIATE":  # a writer: SQLite allocates cache pages only as used
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_WRITE_CACHE_KIB}")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_store_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_hooks(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def write_options() -> dict[str, Any]:
    """Execution options for a connection that will write."""
    return {SQLITE_BEGIN_OPTION: "IMMEDIATE"}


def bulk_insert(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """``INSERT`` many rows (tuples in ``columns`` order) with the driver's
    ``executemany``, skipping SQLAlchemy's per-value processing."""
    marker = "?" if conn.dialect.name == "sqlite" else "%s"
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    conn.exec_driver_sql(sql, list(rows))


def insert_ignoring(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """INSERT ... ON CONFLICT DO NOTHING (rows already there stay as they are)."""
    marker = "?" if conn.dialect.name == "sqlite" else "%s"
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    conn.exec_driver_sql(sql, rows)


def upsert(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]], key: str
) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE: the same text on SQLite and PostgreSQL."""
    marker = "?" if conn.dialect.name == "sqlite" else "%s"
    quote = conn.dialect.identifier_preparer.quote
    sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c != key)
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))}) "
        f"ON CONFLICT ({quote(key)}) DO UPDATE SET {sets}"
    )
    conn.exec_driver_sql(sql, rows)
