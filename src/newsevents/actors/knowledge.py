"""The actor knowledge base: dictionaries loaded once, validated, indexed for matching.

Data files (``data/actors/``, format in its README.md):
- ``*.jsonl`` / ``*.jsonl.gz``: one actor a line, ``{"name", "aliases", "roles": [{"code",
  "country", "sector", "start", "end", "role"}], "kind"}``;
- ``*.tsv`` actor files: ``name<TAB>aliases<TAB>roles`` for hand editing, roles written
  ``CODE START..END Role title; ...``;
- ``*agents*.tsv``: agent phrases (police, troops, foreign ministry) -> sector.

Later files override earlier ones: an entry whose name is already known replaces it, so a
user's file (``extra_files``) can correct or add to the package's dictionaries.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ..countries import CountryIndex
from .codes import SECTORS, split_code
from .matching import Payload, TokenTrie, is_case_sensitive

# Package files in load order (later ones override earlier ones by name).
PACKAGE_ACTOR_FILES = (
    "phoenix_countries.jsonl.gz",
    "phoenix_international.jsonl.gz",
    "phoenix_nonstate.jsonl.gz",
    "organizations.tsv",
    "people.tsv",
)
PACKAGE_AGENT_FILES = ("phoenix_agents.tsv", "agents.tsv")
# Payload priorities: user and hand files beat the country index, which beats the bulk
# Phoenix dictionaries, which beat agent nouns.
PRIORITY = {"user": 50, "hand": 40, "country": 30, "phoenix": 20, "agent": 10}
KINDS = frozenset({"person", "org", "place", "group"})


class ActorDataError(ValueError):
    """An actor or agent file is malformed (the message names file and line)."""


@dataclass(frozen=True, slots=True)
class Role:
    code: str | None
    country: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None  # "Secretary of State"

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    kind: str | None  # person, org, place, group (None: not said)
    source: str  # "phoenix", "hand" or "user"

    def role_on(self, day: dt.date | None, sector: str | None = None) -> Role | None:
        """The role on ``day``. With no day, the latest office held (a role other than
        ELI, "former official", when there is one), or the latest one with ``sector``
        when the text gives a title. A person whose dated roles have all ended keeps the
        country of the last one but no sector."""
        dated = [r for r in self.roles if r.dated]
        undated = [r for r in self.roles if not r.dated]
        if day is None:
            pool = [r for r in dated if r.sector == sector] if sector else []
            pool = pool or [r for r in dated if r.sector != "ELI"] or dated
            if pool:
                return max(pool, key=lambda r: r.start or r.end or dt.date.min)
            return undated[0] if undated else None
        valid = [r for r in dated if r.valid_on(day)]
        if valid:
            return max(valid, key=lambda r: r.start or dt.date.min)
        if undated:
            return undated[0]
        if not dated:
            return None
        last = max(dated, key=lambda r: r.end or r.start or dt.date.min)
        return Role(last.country, last.country, None)


@dataclass(frozen=True, slots=True)
class Agent:
    phrase: str
    sector: str


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ActorDataError(f"{where}: bad date {value!r}") from exc


def _role(d: dict[str, Any], countries: frozenset[str], where: str) -> Role:
    code = d.get("code")
    country, sector = d.get("country"), d.get("sector")
    if code and (country is None and sector is None):
        parts = split_code(str(code), None, countries)
        if parts is None:
            raise ActorDataError(f"{where}: unknown actor code {code!r}")
        country, sector = parts["country"], parts["sector"]
        if parts["country"] is not None:  # "USAGOVDIP" is coded USAGOV
            code = parts["code"]
    if country is not None and country not in countries:
        raise ActorDataError(f"{where}: unknown country {country!r}")
    if sector is not None and sector not in SECTORS:
        raise ActorDataError(f"{where}: unknown sector {sector!r}")
    if not code:
        code = f"{country or ''}{sector or ''}" or None
    return Role(code, country, sector, _date(d.get("start"), where), _date(d.get("end"), where),
                d.get("role"))  # fmt: skip


def entry_from_dict(
    d: dict[str, Any], source: str, countries: frozenset[str], where: str
) -> ActorEntry:
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ActorDataError(f"{where}: an actor needs a name")
    aliases = d.get("aliases") or []
    roles = d.get("roles") or []
    if not isinstance(aliases, list) or not isinstance(roles, list) or not roles:
        raise ActorDataError(f"{where}: {name!r} needs aliases as a list and at least one role")
    kind = d.get("kind")
    if kind is not None and kind not in KINDS:
        raise ActorDataError(f"{where}: kind must be one of {sorted(KINDS)}")
    return ActorEntry(name.strip(), tuple(str(a) for a in aliases),
                      tuple(_role(r, countries, where) for r in roles), kind, source)  # fmt: skip


def parse_tsv_roles(text: str) -> list[dict[str, Any]]:
    """``USAGOV 2021-01-26..2025-01-20 Secretary of State; USAELI 2025-01-20..``."""
    roles = []
    for spec in (s.strip() for s in text.split(";")):
        if not spec:
            continue
        parts = spec.split(maxsplit=2)
        role: dict[str, Any] = {"code": parts[0]}
        rest = parts[1:]
        if rest and ".." in rest[0]:
            start, _, end = rest.pop(0).partition("..")
            role["start"], role["end"] = start or None, end or None
        if rest:
            role["role"] = " ".join(rest)
        roles.append(role)
    return roles


def read_actor_records(text: str, name: str) -> Iterator[tuple[dict[str, Any], str]]:
    """(record, "file:line") for each actor in a JSONL or TSV actor file."""
    if name.endswith((".jsonl", ".jsonl.gz", ".json")):
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
                 if line.strip() and not line.startswith("#")]  # fmt: skip
        try:  # one parse of the whole file is several times faster than one per line
            records = json.loads("[" + ",".join(line for _, line in lines) + "]")
        except json.JSONDecodeError:
            records = None
        for k, (n, line) in enumerate(lines):
            try:
                record = records[k] if records is not None else json.loads(line)
            except json.JSONDecodeError as exc:
                raise ActorDataError(f"{name}:{n}: {exc}") from exc
            if not isinstance(record, dict):
                raise ActorDataError(f"{name}:{n}: each line must be a JSON object")
            yield record, f"{name}:{n}"
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        cols = line.split("\t")
        if len(cols) not in (3, 4):
            raise ActorDataError(f"{name}:{n}: want name, aliases, roles[, kind] (tabs)")
        row: dict[str, Any] = {
            "name": cols[0],
            "aliases": [a.strip() for a in cols[1].split("|") if a.strip()],
            "roles": parse_tsv_roles(cols[2]),
        }
        if len(cols) == 4 and cols[3].strip():
            row["kind"] = cols[3].strip()
        yield row, f"{name}:{n}"


def read_agents(text: str, name: str) -> Iterator[Agent]:
    """Agent rows ``phrase<TAB>plural<TAB>sector``; plural "" = regular, "-" = none."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("phrase\t"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or cols[2] not in SECTORS:
            raise ActorDataError(f"{name}:{n}: want phrase, plural, sector (a CAMEO code)")
        phrase, plural, sector = cols
        yield Agent(phrase, sector)
        if plural == "":
            yield Agent(pluralise(phrase), sector)
        elif plural != "-":
            yield Agent(plural, sector)


NOUN_KINDS = frozenset({"person", "association"})


def read_noun_kinds(text: str | None = None, name: str = "nouns.tsv") -> dict[str, frozenset[str]]:
    """Kind -> nouns, from ``data/actors/nouns.tsv`` (``noun<TAB>kind``; the kinds are
    described in the file): "person" nouns name one person, "association" nouns head the
    name of a body of members."""
    if text is None:
        text = resources.files("newsevents").joinpath("data/actors", name).read_text("utf-8")
    kinds: dict[str, set[str]] = {k: set() for k in NOUN_KINDS}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("noun\t"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or cols[1] not in NOUN_KINDS or cols[0] != cols[0].lower():
            raise ActorDataError(f"{name}:{n}: want a lower-case noun and a kind {sorted(NOUN_KINDS)}")
        kinds[cols[1]].add(cols[0])
    return {k: frozenset(v) for k, v in kinds.items()}


def pluralise(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    elif last.endswith("man"):
        last = last[:-3] + "men"
    else:
        last += "s"
    return f"{head} {last}".strip()


def read_actor_file(path: Path | Traversable, source: str,
                    countries: frozenset[str]) -> Iterator[ActorEntry]:  # fmt: skip
    """Validated entries of one actor file (JSONL, JSONL.gz or TSV)."""
    for record, where in read_actor_records(_read_text(path), path.name):
        yield entry_from_dict(record, source, countries, where)


def _read_text(path: Path | Traversable) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ActorDataError(f"{path}: cannot read actor file ({exc.strerror or exc})") from exc
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8")


class KnowledgeBase:
    """Countries, actors and agents, with one token trie over all their names."""

    def __init__(self, countries: CountryIndex, entries: Sequence[ActorEntry],
                 agents: list[Agent]) -> None:  # fmt: skip
        self.countries = countries
        self.entries = entries
        self.agents = agents
        self.trie = TokenTrie()
        self._index()

    @classmethod
    def from_parts(cls, countries: CountryIndex, entries: Sequence[ActorEntry],
                   agents: list[Agent], trie: TokenTrie) -> KnowledgeBase:  # fmt: skip
        """A knowledge base whose index was built before (``actors/snapshot.py``)."""
        kb = cls.__new__(cls)
        kb.countries, kb.entries, kb.agents, kb.trie = countries, entries, agents, trie
        return kb

    def _index(self) -> None:
        for form, iso3, kind in self.countries.surface_forms():
            hit = self.countries.metonym(form)
            exact = form if is_case_sensitive(form) else None
            payload = Payload("country", iso3, PRIORITY["country"], exact, kind,
                              hit[1] if hit else None)  # fmt: skip
            self.trie.add(form, payload)
        agent_phrases = {a.phrase for a in self.agents}
        for n, entry in enumerate(self.entries):
            prio = PRIORITY.get(entry.source, PRIORITY["user"])
            for alias in (entry.name, *entry.aliases):
                if entry.source == "phoenix" and alias[:4].lower() == "the ":
                    alias = alias[4:]  # "the U.S." is the country index's "U.S."
                if entry.source == "phoenix" and alias.lower() in agent_phrases:
                    continue  # "Senate" is any country's senate, not the US Congress
                exact = alias if is_case_sensitive(alias) else None
                self.trie.add(alias, Payload("entry", n, prio, exact))
        for agent in self.agents:
            self.trie.add(agent.phrase, Payload("agent", agent.phrase, PRIORITY["agent"],
                                                None, agent.phrase, agent.sector))  # fmt: skip

    @classmethod
    def load(cls, extra_files: Iterable[str | Path] = ()) -> KnowledgeBase:
        """The package's dictionaries plus the user's files (JSONL/TSV), later ones
        winning; read from the snapshot cache when a process built them before."""
        from .snapshot import load_knowledge

        return load_knowledge(extra_files)

    @classmethod
    def build(
        cls, extra_files: Iterable[str | Path] = (), countries: CountryIndex | None = None
    ) -> KnowledgeBase:
        """``load`` without the cache: read, check and index every file."""
        countries = countries or CountryIndex.load()
        codes = frozenset(countries.countries)
        folder = resources.files("newsevents").joinpath("data/actors")
        by_name: dict[str, ActorEntry] = {}
        sources = [(folder.joinpath(f), "phoenix" if f.startswith("phoenix") else "hand")
                   for f in PACKAGE_ACTOR_FILES]  # fmt: skip
        sources += [(Path(p), "user") for p in extra_files if not _is_agent_file(Path(p))]
        for path, source in sources:
            # A user's file may name places no ISO list knows (test worlds, regions it
            # codes as countries): any three capitals it declares are countries there.
            known = codes if source != "user" else _UserCountries(codes)
            for entry in read_actor_file(path, source, known):
                key = entry.name.casefold()
                old = by_name.get(key)
                if old is not None:
                    entry = _merge(old, entry)
                by_name[key] = entry
        _fold_phoenix_variants(by_name)
        agents: dict[str, Agent] = {}  # a later file's phrase replaces an earlier one's
        agent_paths: list[Path | Traversable] = [folder.joinpath(f) for f in PACKAGE_AGENT_FILES]
        agent_paths += [Path(p) for p in extra_files if _is_agent_file(Path(p))]
        for path in agent_paths:
            agents.update((a.phrase, a) for a in read_agents(_read_text(path), path.name))
        return cls(countries, list(by_name.values()), list(agents.values()))


def _merge(old: ActorEntry, new: ActorEntry) -> ActorEntry:
    """Phoenix repeats names: their roles add up. A hand or user entry keeps the old
    aliases but replaces the roles (it is the correction)."""
    aliases = tuple(dict.fromkeys(new.aliases + old.aliases))
    if new.source == "phoenix" and old.source == "phoenix":
        return ActorEntry(old.name, aliases, old.roles + new.roles, old.kind, old.source)
    return ActorEntry(new.name, aliases, new.roles, new.kind or old.kind, new.source)


def _fold_phoenix_variants(by_name: dict[str, ActorEntry]) -> None:
    """A Phoenix entry listing a curated person's full name among its aliases is the
    same person under another name ("Joseph Biden" / "Joe Biden"): its aliases go to the
    curated entry, whose dated roles win."""
    curated = {k for k, e in by_name.items() if e.source != "phoenix" and e.kind == "person"}
    for key in [k for k, e in by_name.items() if e.source == "phoenix"]:
        entry = by_name[key]
        same = next((a.casefold() for a in entry.aliases if a.casefold() in curated), None)
        if same is not None:
            target = by_name[same]
            by_name[same] = _merge(entry, target)
            del by_name[key]


class _UserCountries(frozenset[str]):
    """The ISO codes, plus any code of three capital letters a user's file declares."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and (
            super().__contains__(code) or (len(code) == 3 and code.isalpha() and code.isupper())
        )


def _is_agent_file(path: Path) -> bool:
    return path.name.endswith(".tsv") and "agent" in path.name
