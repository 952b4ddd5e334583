"""The class-data-sharing archive of the local-mode JVM: written once, then mapped; a
part still being written is left alone; archives of another Java or Spark go."""

from __future__ import annotations

import os
import time
from pathlib import Path

from newsevents.spark.jvm_archive import ARCHIVE_PREFIX, SETTLE_SECONDS, _key, class_archive_options


def _part(folder: Path, pid: int, age: float) -> Path:
    part = folder / f"{ARCHIVE_PREFIX}{_key()}.jsa.{pid}.part"
    part.write_bytes(b"archive")
    then = time.time() - age
    os.utime(part, (then, then))
    return part


def _dead_pid() -> int:
    return 2**22 + 1  # above the largest pid_max Linux allows: no such process


def test_no_archive_yet_means_this_jvm_writes_one(tmp_path: Path) -> None:
    opts = class_archive_options(tmp_path)
    assert f"-XX:ArchiveClassesAtExit={tmp_path}/{ARCHIVE_PREFIX}" in opts
    assert opts.split()[0].endswith(f".{os.getpid()}.part")


def test_a_finished_part_becomes_the_archive_and_is_mapped(tmp_path: Path) -> None:
    _part(tmp_path, _dead_pid(), SETTLE_SECONDS + 5)
    opts = class_archive_options(tmp_path)
    archive = tmp_path / f"{ARCHIVE_PREFIX}{_key()}.jsa"
    assert opts.split()[0] == f"-XX:SharedArchiveFile={archive}"
    assert archive.read_bytes() == b"archive" and not list(tmp_path.glob("*.part"))


def test_a_part_being_written_is_left_alone(tmp_path: Path) -> None:
    alive = _part(tmp_path, os.getpid(), SETTLE_SECONDS + 5)  # its process still runs
    fresh = _part(tmp_path, _dead_pid(), 1)  # its JVM may still be writing
    opts = class_archive_options(tmp_path)
    assert "ArchiveClassesAtExit" in opts and alive.exists() and fresh.exists()


def test_archives_of_another_java_or_spark_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / f"{ARCHIVE_PREFIX}0000000000000000.jsa"
    stale.write_bytes(b"old")
    class_archive_options(tmp_path)
    assert not stale.exists()


def test_no_cache_no_archive(monkeypatch: object) -> None:
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", "off")  # type: ignore[attr-defined]
    assert class_archive_options() == ""
