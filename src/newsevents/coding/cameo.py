"""CAMEO event codes: names, Goldstein scores, quad classes and their PLOVER types.

The tables live in ``data/cameo/`` (written by ``scripts/import_cameo.py`` from the
GDELT CAMEO tables and Schrodt's CAMEO2PLOVER-2021; see that script for sources):

- ``codes.tsv``: every valid code (2-digit roots, 3- and 4-digit codes, the tenthe
  extension codes) with its name and Goldstein score.
- ``plover.tsv``: CAMEO2PLOVER's rows as listed, quirks kept (163 is COERCE, 1712 is
  ASSAULT, 175/191/192/201 sit under other roots), plus this project's rows marked
  ``origin=newsevents``: root 02 APPEAL -> REQUEST, because PLOVER's REQUEST covers
  appeals and CAMEO2PLOVER lists no 02 codes; and the extension codes.

A code without a row of its own takes its 3-digit parent's PLOVER type, then its
root's; root 01 (public statements) has none, since PLOVER does not code statements.
Everything is resolved once at load, so lookups are dictionary reads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from ..model import PLOVER_TYPES

CAMEO_DATA = "data/cameo"

# CAMEO roots grouped into the four quad classes (as in GDELT's QuadClass).
_QUAD_CLASS_BY_ROOT: dict[int, int] = {
    **dict.fromkeys(range(1, 6), 1),  # verbal cooperation
    **dict.fromkeys(range(6, 9), 2),  # material cooperation
    **dict.fromkeys(range(9, 14), 3),  # verbal conflict
    **dict.fromkeys(range(14, 21), 4),  # material conflict
}


class CameoDataError(ValueError):
    """A CAMEO data file is malformed (bad code, score, or PLOVER type)."""


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: tuple[str, str | None] | None


def _read_tsv(name: str, header: list[str]) -> list[dict[str, str]]:
    path = resources.files("newsevents").joinpath(f"{CAMEO_DATA}/{name}")
    lines = path.read_text(encoding="utf-8").splitlines()
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames != header:
        raise CameoDataError(f"{name}: header {reader.fieldnames}, expected {header}")
    return list(reader)


def quad_class_of(code: str) -> int:
    """Quad class from the root: 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4."""
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise CameoDataError(f"not a CAMEO code: {code!r}")
    quad = _QUAD_CLASS_BY_ROOT.get(int(code[:2]))
    if quad is None:
        raise CameoDataError(f"not a CAMEO root: {code[:2]!r}")
    return quad


def _parse_codes() -> dict[str, tuple[str, float]]:
    header = ["code", "name", "goldstein", "goldstein_from", "source"]
    out: dict[str, tuple[str, float]] = {}
    for row in _read_tsv("codes.tsv", header):
        code = row["code"]
        quad_class_of(code)  # validates the code's shape and root
        try:
            goldstein = float(row["goldstein"])
        except ValueError as e:
            raise CameoDataError(f"codes.tsv {code}: bad Goldstein score") from e
        if not -10.0 <= goldstein <= 10.0 or not row["name"] or code in out:
            raise CameoDataError(f"codes.tsv {code}: bad or duplicate row")
        out[code] = (row["name"], goldstein)
    return out


def _parse_plover(codes: dict[str, tuple[str, float]]) -> dict[str, tuple[str, str | None]]:
    header = ["code", "plover", "mode", "listed_mode", "context", "origin"]
    out: dict[str, tuple[str, str | None]] = {}
    for row in _read_tsv("plover.tsv", header):
        code, ptype = row["code"], row["plover"]
        if code not in codes or ptype not in PLOVER_TYPES or code in out:
            raise CameoDataError(f"plover.tsv {code}: unknown code or type, or duplicate")
        out[code] = (ptype, row["mode"] or None)
    return out


class CameoTables:
    """All CAMEO codes with names, Goldstein scores, quad classes and PLOVER types.

    Lookups of a code not in ``.codes`` raise ``KeyError``.
    """

    def __init__(self, entries: dict[str, CameoCode]) -> None:
        self._entries = entries
        self.codes: frozenset[str] = frozenset(entries)

    @classmethod
    def load(cls) -> CameoTables:
        """Read and check the packaged tables (once per process; the coder keeps it)."""
        codes = _parse_codes()
        return cls.build(codes, _parse_plover(codes))

    @classmethod
    def build(
        cls, codes: dict[str, tuple[str, float]], listed: dict[str, tuple[str, str | None]]
    ) -> CameoTables:
        """Tables from code -> (name, Goldstein) and the listed code -> (type, mode) rows."""
        entries: dict[str, CameoCode] = {}
        for code, (name, goldstein) in codes.items():
            # Own row, else the 3-digit parent's, else the root's (None for root 01).
            plover = listed.get(code) or listed.get(code[:3]) or listed.get(code[:2])
            entries[code] = CameoCode(code, name, goldstein, quad_class_of(code), plover)
        return cls(entries)

    def entry(self, code: str) -> CameoCode:
        return self._entries[code]

    def name(self, code: str) -> str:
        return self._entries[code].name

    def goldstein(self, code: str) -> float:
        return self._entries[code].goldstein

    def quad_class(self, code: str) -> int:
        return self._entries[code].quad_class

    def plover(self, code: str) -> tuple[str, str | None] | None:
        """(PLOVER type, mode or None) through CAMEO2PLOVER-2021; None for root 01."""
        return self._entries[code].plover

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __len__(self) -> int:
        return len(self._entries)
