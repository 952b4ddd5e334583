"""Import the Phoenix (PETRARCH2) dictionaries into newsevents' actor files.

Reads the TABARI-format .actors/.agents files of openeventdata/petrarch2 (MIT) and writes
``src/newsevents/data/actors/phoenix_*.jsonl.gz`` (one actor a line: name, aliases,
dated roles) and ``phoenix_agents.tsv`` (agent noun -> sector). The output is committed;
run again only when the dictionaries change:

    .venv/bin/python scripts/import_phoenix.py [--phoenix ../shared/data/phoenix]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsevents.actors.codes import split_code
from newsevents.countries import CountryIndex

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src/newsevents/data/actors"
DEFAULT_PHOENIX = ROOT.parent / "shared/data/phoenix"
ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": "phoenix_countries.jsonl.gz",
    "Phoenix.International.actors.txt": "phoenix_international.jsonl.gz",
    "Phoenix.MilNonState.actors.txt": "phoenix_nonstate.jsonl.gz",
}
_CODE = re.compile(r"\[([^\]]*)\]")
_ACRONYM_CHARS = re.compile(r"^[A-Z0-9.&]{2,6}$")


@dataclass
class RawEntry:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # "USAGOV 090120-170120"
    line_coded: bool = False  # codes were on the name line itself


def _is_acronym(word: str) -> bool:
    """UN, U.N., ANC, IRGC stay upper case; KABUL, HAMAS, NATO become title case."""
    letters = word.replace(".", "").replace("&", "")
    if not _ACRONYM_CHARS.match(word):
        return False
    return "." in word or len(letters) <= 3 or not set("AEIOUY") & set(letters)


def pretty(phoenix_name: str) -> str:
    """BARACK_OBAMA_ -> Barack Obama; short acronyms stay upper case (UN, NATO)."""
    words = [w for w in re.split(r"[_\s]+", phoenix_name.strip().strip("_")) if w]
    if len(words) == 1 and _is_acronym(words[0]):
        return words[0]
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)


def parse_actor_file(text: str) -> Iterator[RawEntry]:
    """TABARI actor format: NAME [codes], +ALIAS lines, indented [CODE dates] lines."""
    current: RawEntry | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = _CODE.findall(line)
        body = _CODE.sub(" ", line).strip()
        if raw[:1] in (" ", "\t") and not body:  # a role line of the current entry
            if current is not None:
                current.codes += codes
        elif body.startswith("+"):
            if current is not None:
                current.aliases.append(body[1:])
                current.codes += codes
        else:
            # An uncoded one-line name right after a coded one-liner is its variant
            # ("UN_ [IGOUNO]" then "U.N._").
            if current is not None and not codes and current.line_coded and not current.aliases:
                current.aliases.append(body)
                continue
            if current is not None:
                yield current
            current = RawEntry(body, [], list(codes), bool(codes))
    if current is not None:
        yield current


def parse_date(s: str) -> str | None:
    """YYMMDD (years < 30 are 20xx) or YYYYMMDD -> ISO date; anything else -> None."""
    s = s.strip()
    if len(s) == 6 and s.isdigit():
        yy = int(s[:2])
        year = 2000 + yy if yy < 30 else 1900 + yy
        s = f"{year}{s[2:]}"
    if len(s) != 8 or not s.isdigit():
        return None
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_role(
    spec: str, previous_country: str | None, countries: frozenset[str]
) -> dict[str, str] | None:
    parts = spec.split()
    if not parts or parts[0].startswith("---"):
        return None
    code, dates = parts[0], "".join(parts[1:])
    split = split_code(code, previous_country, countries)
    if split is None:
        return None
    role: dict[str, str] = {k: v for k, v in split.items() if v}
    start = end = None
    if dates.startswith(">"):
        start = parse_date(dates[1:])
    elif dates.startswith("<"):
        end = parse_date(dates[1:])
    elif "-" in dates:
        a, _, b = dates.partition("-")
        start, end = parse_date(a), parse_date(b)
    if start:
        role["start"] = start
    if end:
        role["end"] = end
    return role


def convert(entry: RawEntry, countries: frozenset[str]) -> dict[str, object] | None:
    roles: list[dict[str, str]] = []
    country: str | None = None
    for spec in entry.codes:
        role = parse_role(spec, country, countries)
        if role is None:
            continue
        country = role.get("country") or country
        if role not in roles:
            roles.append(role)
    if not roles:
        return None
    name = pretty(entry.name)
    aliases: list[str] = []
    for a in entry.aliases:
        p = pretty(a)
        if p and p != name and p not in aliases:
            aliases.append(p)
    record: dict[str, object] = {"name": name}
    if aliases:
        record["aliases"] = aliases
    record["roles"] = roles
    return record


def write_actors(src: Path, dst: Path, countries: frozenset[str]) -> int:
    entries = parse_actor_file(src.read_text("utf-8", "replace"))
    records = [r for e in entries if (r := convert(e, countries))]
    body = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    with dst.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(body.encode("utf-8"))  # mtime=0 keeps the committed file stable
    return len(records)


_MACRO = re.compile(r"^!(\w+)!\s*=\s*(.+)$")


def agent_rows(text: str) -> Iterator[tuple[str, str, str]]:
    """(noun phrase, plural or "" for none/default, sector code) from Phoenix.agents.txt."""
    macros: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if m := _MACRO.match(line):
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        codes = _CODE.findall(line)
        if not codes or not codes[0].startswith("~"):
            continue
        body = _CODE.sub(" ", line)
        plural_spec = None
        if "{" in body:
            body, _, rest = body.partition("{")
            plural_spec = rest.partition("}")[0].strip()
        sector = codes[0][1:4]
        for phrase in _expand(body.strip(), macros):
            plural = "-" if plural_spec == "" else (pretty(plural_spec).lower() if plural_spec else "")
            phrase = pretty(phrase).lower()
            if phrase.endswith("minist"):  # TABARI stem: minister, ministers, ministry ...
                for ending in ("er", "ers", "ry", "ries"):
                    yield phrase + ending, "-", sector
            else:
                yield phrase, plural, sector


def _expand(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!(\w+)!", phrase)
    if not m or m.group(1) not in macros:
        return [phrase]
    out = []
    for word in macros[m.group(1)]:
        out += _expand(phrase[: m.start()] + word + phrase[m.end() :], macros)
    return out


def write_agents(src: Path, dst: Path) -> int:
    rows = sorted(set(agent_rows(src.read_text("utf-8", "replace"))))
    lines = ["# Phoenix agents (openeventdata/petrarch2, MIT), imported by scripts/import_phoenix.py",
             "# phrase<TAB>plural ('' = add -s, '-' = none, else the plural)<TAB>sector",
             "phrase\tplural\tsector"] + ["\t".join(r) for r in rows]  # fmt: skip
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--phoenix", type=Path, default=DEFAULT_PHOENIX)
    args = ap.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    countries = frozenset(CountryIndex.load().countries)
    for src_name, dst_name in ACTOR_FILES.items():
        n = write_actors(args.phoenix / src_name, OUT_DIR / dst_name, countries)
        print(f"{dst_name}: {n} actors")
    n = write_agents(args.phoenix / "Phoenix.agents.txt", OUT_DIR / "phoenix_agents.tsv")
    print(f"phoenix_agents.tsv: {n} agents")


if __name__ == "__main__":
    main()
