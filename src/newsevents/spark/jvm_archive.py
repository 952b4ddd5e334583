"""A class-data-sharing archive for the JVM that pyspark starts itself (local mode).

Half of a fresh JVM's start and first job is loading and verifying Spark's classes:
measured here (bench/RESULTS.md), a session took 6.0-6.4 s to start and a small first
job 4.1-4.6 s; with the classes mapped from an archive, 2.9-3.1 s and 1.8-1.9 s.
Java 17 writes such an archive when a JVM exits (``-XX:ArchiveClassesAtExit``) and maps
it at the next start (``-XX:SharedArchiveFile``); a JVM that finds the archive does not
match its class path or its own build ignores it. So the first session writes one into
the snapshot cache folder (``newsevents.cache``; about 175 MB) and every later one uses
it. ``NEWSEVENTS_CACHE_DIR=off`` turns it off with the rest of the cache.

A JVM writes its archive at exit, possibly after the Python process is gone, so it
writes to a name of its own (``...jsa.<pid>.part``, made empty when the session starts,
so that sessions starting meanwhile run without an archive rather than each writing
one); a later session takes a finished part (its Python process gone, the file
unchanged for ``SETTLE_SECONDS`` and of archive size) as the archive.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path

from ..cache import default_folder, package_version

ARCHIVE_PREFIX = "spark-classes-"
SETTLE_SECONDS = 30
MIN_ARCHIVE_BYTES = 1 << 20  # a part smaller than this was never written: its JVM died
# Archives of other environments (another venv, Java or pyspark) kept beside this one's,
# the most recently used: each environment on a machine needs its own, and an old one
# goes once this many others were used after it.
OTHER_ARCHIVES_KEPT = 2
QUIET = "-Xlog:cds=off -Xlog:cds+dynamic=off"  # skipped-class warnings, by the hundred


def _key() -> str:
    """What the archive depends on: the Java binary and the Spark jars, by version and by
    place (a JVM maps an archive only when its class path is the one the archive was
    written with, so two environments on one machine need an archive each)."""
    java = shutil.which("java", path=_java_path()) or "java"
    digest = hashlib.blake2b(digest_size=8)
    digest.update(os.path.realpath(java).encode())
    digest.update(package_version("pyspark"))
    digest.update(_spark_home().encode())
    digest.update(f"{sys.version_info[:2]}".encode())
    return digest.hexdigest()


def _spark_home() -> str:
    """Where the JVM's class path comes from: ``SPARK_HOME``, else pyspark's own folder."""
    home = os.environ.get("SPARK_HOME")
    if home:
        return os.path.realpath(home)
    spec = importlib.util.find_spec("pyspark")
    places = list(spec.submodule_search_locations or []) if spec else []
    return os.path.realpath(places[0]) if places else ""


def _java_path() -> str | None:
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin") if home else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _adopt_finished(archive: Path) -> None:
    """Take a part written by a JVM that has exited as the archive; drop other keys'
    beyond the :data:`OTHER_ARCHIVES_KEPT` last used."""
    for part in archive.parent.glob(f"{ARCHIVE_PREFIX}*.part"):
        pid_text = part.name.rsplit(".", 2)[-2]
        try:
            # its JVM may outlive the Python process that named it: wait until the file
            # has not changed for a while, too
            if (pid_text.isdigit() and _alive(int(pid_text))) or (
                time.time() - part.stat().st_mtime < SETTLE_SECONDS
            ):
                continue  # still being written
            written = part.stat().st_size >= MIN_ARCHIVE_BYTES
            if written and part.name.startswith(archive.name) and not archive.exists():
                os.replace(part, archive)
            else:
                part.unlink()
        except OSError:
            continue
    others = [a for a in archive.parent.glob(f"{ARCHIVE_PREFIX}*.jsa") if a != archive]
    others.sort(key=lambda a: a.stat().st_mtime, reverse=True)  # last used first
    for old in others[OTHER_ARCHIVES_KEPT:]:
        old.unlink(missing_ok=True)


def class_archive_options(folder: Path | None = None) -> str:
    """Java options for the driver JVM: map the archive, or write it at exit; empty when
    the cache is off or its folder cannot be written."""
    folder = folder if folder is not None else default_folder()
    if folder is None:
        return ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        archive = folder / f"{ARCHIVE_PREFIX}{_key()}.jsa"
        _adopt_finished(archive)
    except OSError:
        return ""
    if archive.exists():
        try:
            os.utime(archive)  # last used now: kept while other environments come and go
        except OSError:
            pass
        return f"-XX:SharedArchiveFile={archive} {QUIET}"
    if any(folder.glob(f"{archive.name}.*.part")):
        return ""  # another session is writing it
    part = folder / f"{archive.name}.{os.getpid()}.part"
    try:
        part.touch()
    except OSError:
        return ""
    return f"-XX:ArchiveClassesAtExit={part} {QUIET}"
