"""The knowledge base as a snapshot: plain data that a process reads back in a tenth of
the time it takes to build (see ``newsevents.cache``).

The snapshot holds the built index itself (the token table with its payloads, the
prefixes, every entry with its roles, the agents) as tuples. Reading it back builds no
objects up front: an entry becomes an ``ActorEntry`` when the resolver first asks for
it, a table bucket becomes ``Payload``s when a text first matches it. A run that codes
one article touches a few hundred of the 26,000 entries.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, overload

from ..cache import SnapshotCache, module_source, package_version
from ..countries import CountryIndex
from . import codes, knowledge, matching
from .knowledge import (
    PACKAGE_ACTOR_FILES,
    PACKAGE_AGENT_FILES,
    ActorEntry,
    Agent,
    KnowledgeBase,
    Role,
)
from .matching import TokenTrie

SNAPSHOT_NAME = "actors"
RawRole = tuple[str | None, str | None, str | None, int | None, int | None, str | None]
RawEntry = tuple[str, tuple[str, ...], tuple[RawRole, ...], str | None, str]


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _day(ordinal: int | None) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal is not None else None


def _raw_entry(entry: ActorEntry) -> RawEntry:
    roles = tuple(
        (r.code, r.country, r.sector, _ordinal(r.start), _ordinal(r.end), r.role)
        for r in entry.roles
    )
    return (entry.name, entry.aliases, roles, entry.kind, entry.source)


def _entry(raw: RawEntry) -> ActorEntry:
    name, aliases, roles, kind, source = raw
    return ActorEntry(
        name,
        tuple(aliases),
        tuple(Role(c, co, se, _day(st), _day(en), ro) for c, co, se, st, en, ro in roles),
        kind,
        source,
    )


class LazyEntries(Sequence[ActorEntry]):
    """The entries of a snapshot, each made an ``ActorEntry`` on first access."""

    def __init__(self, raw: list[RawEntry]) -> None:
        self._raw = raw
        self._made: list[ActorEntry | None] = [None] * len(raw)

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> ActorEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[ActorEntry]: ...

    def __getitem__(self, index: int | slice) -> ActorEntry | list[ActorEntry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        made = self._made[index]
        if made is None:
            made = self._made[index] = _entry(self._raw[index])
        return made

    def __iter__(self) -> Iterator[ActorEntry]:
        return (self[i] for i in range(len(self)))


def to_plain(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "entries": [_raw_entry(e) for e in kb.entries],
        "agents": [(a.phrase, a.sector) for a in kb.agents],
        "trie": kb.trie.to_plain(),
    }


def from_plain(plain: dict[str, Any], countries: CountryIndex) -> KnowledgeBase:
    return KnowledgeBase.from_parts(
        countries,
        LazyEntries(plain["entries"]),
        [Agent(phrase, sector) for phrase, sector in plain["agents"]],
        TokenTrie.from_plain(plain["trie"]),
    )


def _inputs(extra_files: Sequence[Path]) -> Iterator[bytes]:
    """Everything the built index depends on: data files, user files, the code."""
    folder = resources.files("newsevents").joinpath("data/actors")
    for name in (*PACKAGE_ACTOR_FILES, *PACKAGE_AGENT_FILES):
        yield folder.joinpath(name).read_bytes()
    yield resources.files("newsevents").joinpath("data/countries.tsv").read_bytes()
    for path in extra_files:
        yield str(path.resolve()).encode()
        yield path.read_bytes()  # an unreadable user file is reported by the build
    for module in (knowledge, matching, codes, sys.modules[__name__]):
        yield module_source(module)
    yield module_source(sys.modules[CountryIndex.__module__])
    yield package_version("newsevents")


def load_knowledge(
    extra_files: Iterable[str | Path] = (), cache: SnapshotCache | None = None
) -> KnowledgeBase:
    """The knowledge base from its snapshot when one matches, else built (and kept)."""
    paths = [Path(p) for p in extra_files]
    cache = cache or SnapshotCache.default()
    countries = CountryIndex.load()
    try:
        inputs = list(_inputs(paths))
    except OSError:  # a user file that cannot be read: the build says which
        return KnowledgeBase.build(paths, countries)
    return cache.load_or_build(
        SNAPSHOT_NAME,
        inputs,
        build=lambda: KnowledgeBase.build(paths, countries),
        to_plain=to_plain,
        from_plain=lambda plain: from_plain(plain, countries),
    )
