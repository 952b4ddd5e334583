"""The class-data-sharing archive of the local-mode JVM: written once, then mapped; a
part still being written is left alone; one archive per environment (Java, pyspark and
its place), the least recently used ones of others go."""

from __future__ import annotations

import os
import time
from pathlib import Path

from newsevents.spark.jvm_archive import (
    ARCHIVE_PREFIX,
    MIN_ARCHIVE_BYTES,
    OTHER_ARCHIVES_KEPT,
    SETTLE_SECONDS,
    _key,
    class_archive_options,
)


def _part(folder: Path, pid: int, age: float, size: int = MIN_ARCHIVE_BYTES) -> Path:
    part = folder / f"{ARCHIVE_PREFIX}{_key()}.jsa.{pid}.part"
    part.write_bytes(b"a" * size)
    then = time.time() - age
    os.utime(part, (then, then))
    return part


def _dead_pid() -> int:
    return 2**22 + 1  # above the largest pid_max Linux allows: no such process


def test_no_archive_yet_means_this_jvm_writes_one(tmp_path: Path) -> None:
    opts = class_archive_options(tmp_path)
    assert f"-XX:ArchiveClassesAtExit={tmp_path}/{ARCHIVE_PREFIX}" in opts
    assert opts.split()[0].endswith(f".{os.getpid()}.part")
    # the part is claimed at once: a session starting meanwhile writes none of its own
    assert class_archive_options(tmp_path) == ""


def test_a_finished_part_becomes_the_archive_and_is_mapped(tmp_path: Path) -> None:
    _part(tmp_path, _dead_pid(), SETTLE_SECONDS + 5)
    opts = class_archive_options(tmp_path)
    archive = tmp_path / f"{ARCHIVE_PREFIX}{_key()}.jsa"
    assert opts.split()[0] == f"-XX:SharedArchiveFile={archive}"
    assert archive.stat().st_size == MIN_ARCHIVE_BYTES and not list(tmp_path.glob("*.part"))


def test_a_part_being_written_is_left_alone(tmp_path: Path) -> None:
    alive = _part(tmp_path, os.getpid(), SETTLE_SECONDS + 5)  # its process still runs
    fresh = _part(tmp_path, _dead_pid(), 1)  # its JVM may still be writing
    assert class_archive_options(tmp_path) == ""  # no archive yet, and none written twice
    assert alive.exists() and fresh.exists()


def test_a_part_its_jvm_never_wrote_is_dropped(tmp_path: Path) -> None:
    empty = _part(tmp_path, _dead_pid(), SETTLE_SECONDS + 5, size=0)
    opts = class_archive_options(tmp_path)
    assert not empty.exists() and "ArchiveClassesAtExit" in opts


def test_archives_of_other_environments_are_kept_until_others_were_used_after_them(
    tmp_path: Path,
) -> None:
    others = []
    for n in range(OTHER_ARCHIVES_KEPT + 1):
        other = tmp_path / f"{ARCHIVE_PREFIX}{n:016x}.jsa"
        other.write_bytes(b"old")
        then = time.time() - 3600 * (n + 1)  # the first one used last
        os.utime(other, (then, then))
        others.append(other)
    class_archive_options(tmp_path)
    assert [o.exists() for o in others] == [True] * OTHER_ARCHIVES_KEPT + [False]


def test_a_mapped_archive_counts_as_used(tmp_path: Path) -> None:
    archive = tmp_path / f"{ARCHIVE_PREFIX}{_key()}.jsa"
    archive.write_bytes(b"a" * MIN_ARCHIVE_BYTES)
    os.utime(archive, (1, 1))
    assert "SharedArchiveFile" in class_archive_options(tmp_path)
    assert archive.stat().st_mtime > time.time() - 60


def test_another_spark_home_is_another_archive(tmp_path: Path, monkeypatch: object) -> None:
    here = _key()
    monkeypatch.setenv("SPARK_HOME", str(tmp_path))  # type: ignore[attr-defined]
    assert _key() != here  # its jars are another class path: the JVM would refuse ours


def test_no_cache_no_archive(monkeypatch: object) -> None:
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", "off")  # type: ignore[attr-defined]
    assert class_archive_options() == ""
