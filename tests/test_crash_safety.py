"""Crash safety: ``ingest`` killed with SIGKILL part-way, then run again, loses nothing
and stores nothing twice.

A clean single run gives the reference (article ids, event ids, row counts). The same
folder is then ingested into a second store, killed twice at growing points (once some
articles are committed, as seen through the database), and finally run to completion.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from fixtures_bad_input import (
    StoredState,
    cli_env,
    newsevents_command,
    read_store,
    run_ingest,
    sqlite_integrity,
    write_wire_stories,
)

STORIES = 300
# Small transactions so that a kill lands between (and inside) many commits.
SETTINGS = {"workers": "1", "commit_every": "10", "batch_size": "16"}
POLL_SECONDS = 0.1
START_TIMEOUT = 180


def _committed_articles(db: Path) -> int:
    """Articles visible to a reader right now (0 before the schema exists)."""
    try:
        with closing(sqlite3.connect(db, timeout=5)) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _ingest_and_kill(
    folder: Path, db: Path, tmp_path: Path, kill_after: int, workers: str = "1"
) -> int:
    """Start ``ingest``, SIGKILL its whole process group once more than ``kill_after``
    articles are committed; return how many were committed at the kill."""
    with (tmp_path / "killed.stderr").open("ab") as stderr:
        proc = subprocess.Popen(
            [*newsevents_command(), "ingest", str(folder), "--db", str(db)],
            env=cli_env(tmp_path, **{**SETTINGS, "workers": workers}),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own group: the kill reaches any worker too
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while (committed := _committed_articles(db)) <= kill_after:
            if proc.poll() is not None:
                pytest.fail(f"ingest ended (status {proc.returncode}) before the kill point")
            if time.monotonic() > deadline:
                pytest.fail(f"no progress past {kill_after} articles in {START_TIMEOUT} s")
            time.sleep(POLL_SECONDS)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    return committed


def _assert_same_store(got: StoredState, want: StoredState) -> None:
    assert sorted(got.articles) == sorted(want.articles)
    assert got.duplicated_events() == 0
    assert sorted(got.event_ids) == sorted(want.event_ids)
    assert got.counts == want.counts


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_stores_everything_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    ids = write_wire_stories(folder, STORIES)

    clean_db = tmp_path / "clean.db"
    clean = run_ingest([folder], str(clean_db), tmp_path, settings=SETTINGS)
    assert clean.returncode == 0, clean.stderr[-3000:]
    want = read_store(str(clean_db))
    assert sorted(want.articles) == ids and want.event_ids

    db = tmp_path / "crashed.db"
    # The first run codes in two worker processes: the kill must take them down too.
    first = _ingest_and_kill(folder, db, tmp_path, kill_after=0, workers="2")
    assert sqlite_integrity(db) == "ok"
    second = _ingest_and_kill(folder, db, tmp_path, kill_after=first + 40)
    assert sqlite_integrity(db) == "ok"
    assert 0 < first < second < STORIES, "the kills came too late to test anything"

    final = run_ingest([folder], str(db), tmp_path, settings=SETTINGS)
    assert final.returncode == 0, final.stderr[-3000:]
    assert sqlite_integrity(db) == "ok"
    _assert_same_store(read_store(str(db)), want)
