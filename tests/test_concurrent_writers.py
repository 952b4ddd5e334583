"""Two ``ingest`` processes on one store, with overlapping inputs, lose and duplicate
nothing: SQLite (one file) and PostgreSQL (``NEWSEVENTS_TEST_PG``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require_service
from fixtures_bad_input import (
    StoredState,
    cli_env,
    newsevents_command,
    postgres_schema,
    read_store,
    run_ingest,
    sqlite_integrity,
    wire_story,
)

# Two inputs of 60 stories sharing 30: stories 0-59 and 30-89.
FIRST, SECOND = range(0, 60), range(30, 90)
SETTINGS = {"workers": "1", "commit_every": "5", "batch_size": "8"}
TIMEOUT = 300


def _write(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True)
    for i in numbers:
        (folder / f"story_{i:05d}.txt").write_text(wire_story(i)[1], encoding="utf-8")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, StoredState]:
    """Two overlapping folders and the store a single clean run of their union gives."""
    root = tmp_path_factory.mktemp("concurrent")
    _write(root / "a", FIRST)
    _write(root / "b", SECOND)
    union = root / "union"
    shutil.copytree(root / "a", union)
    shutil.copytree(root / "b", union, dirs_exist_ok=True)
    clean = run_ingest([union], str(root / "clean.db"), root, timeout=TIMEOUT, settings=SETTINGS)
    assert clean.returncode == 0, clean.stderr[-3000:]
    want = read_store(str(root / "clean.db"))
    assert len(want.articles) == len(set(FIRST) | set(SECOND)) and want.event_ids
    return root / "a", root / "b", want


def _ingest_both_at_once(a: Path, b: Path, db: str, tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [*newsevents_command(), "ingest", str(folder), "--db", db],
            env=cli_env(tmp_path, **SETTINGS),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (a, b)
    ]
    results = []
    for proc in procs:
        try:
            _, stderr = proc.communicate(timeout=TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
        results.append((proc.returncode, stderr))
    for status, stderr in results:
        assert status == 0, stderr[-3000:]
        assert "Traceback" not in stderr, stderr[-3000:]


def _assert_same_store(got: StoredState, want: StoredState) -> None:
    assert sorted(got.articles) == sorted(want.articles), "articles lost or extra"
    assert got.duplicated_events() == 0
    assert sorted(got.event_ids) == sorted(want.event_ids), "events lost or extra"
    assert got.counts == want.counts


@pytest.mark.slow
def test_two_ingests_on_one_sqlite_file(
    inputs: tuple[Path, Path, StoredState], tmp_path: Path
) -> None:
    a, b, want = inputs
    db = tmp_path / "shared.db"
    _ingest_both_at_once(a, b, str(db), tmp_path)
    assert sqlite_integrity(db) == "ok"
    _assert_same_store(read_store(str(db)), want)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    base = os.environ.get("NEWSEVENTS_TEST_PG", "")
    require_service(bool(base), "PostgreSQL not available (set NEWSEVENTS_TEST_PG)")
    with postgres_schema(base) as url:
        yield url


@pytest.mark.slow
@pytest.mark.service
def test_two_ingests_on_one_postgres_database(
    inputs: tuple[Path, Path, StoredState], tmp_path: Path, postgres_url: str
) -> None:
    a, b, want = inputs
    _ingest_both_at_once(a, b, postgres_url, tmp_path)
    _assert_same_store(read_store(postgres_url), want)
