"""Import the CAMEO code tables and the CAMEO-to-PLOVER mapping into package data.

Reads ``../shared/data/cameo`` (or the folder given as the first argument) and writes
``src/newsevents/data/cameo/codes.tsv`` and ``plover.tsv``; the output is committed,
so users never need the source folder. Run again after the sources change:

    .venv/bin/python scripts/import_cameo.py [SOURCE_DIR]

Sources (credited in NOTICE):
- ``CAMEO.eventcodes.txt``, ``CAMEO.goldsteinscale.txt``: the GDELT project's CAMEO
  event-code and Goldstein-scale lookup tables.
- ``cameo_codes_extended_tenthe.csv``: extension codes (cyber, precision and remote
  aerial munitions, location bombing) not in the GDELT tables. They have no Goldstein
  value of their own; they take their parent's (recorded in ``goldstein_from``).
- ``CAMEO2PLOVER-2021.txt``: Philip Schrodt's CAMEO to PLOVER table (PLOVER draft 0.8,
  CC BY-SA 4.0). Kept as listed, quirks included (163 -> COERCE, 1712 -> ASSAULT,
  175/191/192/201 filed under other roots; root 08 listed twice, first wins).
- ``PLOVER_structured_codebook_updated.csv``: the PLOVER codebook, used to check types
  and modes. Rows for codes that CAMEO does not have (1213, 1214) are skipped. A mode the table gives that the codebook does not know for that type
  (``pro_autocracy``, ``martial-law``, ...) is dropped (kept in ``listed_mode``).

Rows this project adds (``origin`` = ``newsevents``): root 02 APPEAL -> REQUEST
(PLOVER's REQUEST covers appeals; CAMEO2PLOVER has no 02 rows), and PLOVER types for
the extension codes, chosen from the codebook's modes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "newsevents" / "data" / "cameo"
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "cameo"

# code, PLOVER type, mode, context, why: this project's own rows.
PROJECT_PLOVER_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("02", "REQUEST", "", "", "CAMEO APPEAL: PLOVER's REQUEST covers appeals"),
    ("155", "MOBILIZE", "", "cyber", "extension code: mobilize cyber-forces"),
    ("176", "COERCE", "cyber", "cyber", "extension code: attack cybernetically"),
    ("1834", "ASSAULT", "explosives", "", "extension code: location bombing"),
    ("1951", "ASSAULT", "aerial", "military", "extension code: precision-guided munitions"),
    ("1952", "ASSAULT", "drone", "military", "extension code: remotely piloted munitions"),
)


def read_tab_table(path: Path) -> dict[str, str]:
    """A two-column tab-separated table with a header line: code -> value."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        next(f)
        for line in f:
            if line.strip():
                code, value = line.rstrip("\n").split("\t", 1)
                out[code.strip()] = value.strip()
    return out


def read_extension_names(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row[0].strip(): row[1].strip() for row in csv.reader(f) if row}


def read_codebook_modes(path: Path) -> dict[str, set[str]]:
    modes: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            modes.setdefault(row["event"].strip(), set()).add(row["mode"].strip())
    return modes


def read_cameo2plover(path: Path) -> list[tuple[str, str, str, str]]:
    """Rows (code, type, listed mode, context) in file order, duplicates kept."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("~") or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split(",", 2)] + ["", ""]
        rows.append((code.strip(), parts[0], parts[1], " ".join(parts[2].split())))
    return rows


def clean_name(name: str, alternative: str | None) -> str:
    """The GDELT name, unless it is mojibake (044 has "ÒhirdÓ"): then the other table's."""
    if name.isascii() or not alternative:
        return name
    return alternative.replace("\u201d", "'").replace("\u201c", "'")


def build_codes(src: Path) -> list[list[str]]:
    names = read_tab_table(src / "CAMEO.eventcodes.txt")
    goldstein = read_tab_table(src / "CAMEO.goldsteinscale.txt")
    if set(names) != set(goldstein):
        raise SystemExit("event codes and Goldstein table list different codes")
    extended = read_extension_names(src / "cameo_codes_extended_tenthe.csv")
    rows = [[c, clean_name(names[c], extended.get(c)), goldstein[c], c, "gdelt"] for c in names]
    for code, name in extended.items():
        if code in names:
            continue
        parent = code[:-1]
        while parent not in goldstein:
            parent = parent[:-1]
        rows.append([code, name, goldstein[parent], parent, "extension"])
    rows.sort(key=lambda r: r[0])
    return rows


def build_plover(src: Path, known_codes: set[str]) -> list[list[str]]:
    modes = read_codebook_modes(src / "PLOVER_structured_codebook_updated.csv")
    rows: list[list[str]] = []
    seen: set[str] = set()
    for code, ptype, listed_mode, context in read_cameo2plover(src / "CAMEO2PLOVER-2021.txt"):
        if code in seen:
            continue  # 175 is listed twice, 08 twice (CONCEDE first): first wins
        if ptype not in modes:
            raise SystemExit(f"CAMEO2PLOVER row {code}: PLOVER type {ptype} unknown")
        if code not in known_codes:
            # 1213, 1214 (reject judicial/intelligence cooperation) are not CAMEO codes.
            print(f"skipped CAMEO2PLOVER row {code}: not a CAMEO code", file=sys.stderr)
            continue
        seen.add(code)
        mode = listed_mode if listed_mode in modes[ptype] else ""
        rows.append([code, ptype, mode, listed_mode, context, "CAMEO2PLOVER-2021"])
    for code, ptype, mode, context, _why in PROJECT_PLOVER_ROWS:
        if code in seen or code not in known_codes or mode not in modes[ptype] | {""}:
            raise SystemExit(f"project PLOVER row {code} clashes or is invalid")
        rows.append([code, ptype, mode, mode, context, "newsevents"])
    rows.sort(key=lambda r: r[0])
    return rows


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def main(argv: list[str]) -> None:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    OUT.mkdir(parents=True, exist_ok=True)
    codes = build_codes(src)
    write_tsv(OUT / "codes.tsv", ["code", "name", "goldstein", "goldstein_from", "source"], codes)
    plover = build_plover(src, {r[0] for r in codes})
    header = ["code", "plover", "mode", "listed_mode", "context", "origin"]
    write_tsv(OUT / "plover.tsv", header, plover)
    print(f"wrote {len(codes)} codes and {len(plover)} PLOVER rows to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
