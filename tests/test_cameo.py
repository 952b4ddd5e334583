"""CAMEO tables: every code complete, quad classes by root, CAMEO2PLOVER quirks kept."""

from __future__ import annotations

import pytest

from newsevents.coding.cameo import CameoTables, quad_class_of
from newsevents.model import PLOVER_TYPES


@pytest.fixture(scope="module")
def tables() -> CameoTables:
    return CameoTables.load()


def test_every_code_has_name_goldstein_and_quad_class(tables: CameoTables) -> None:
    assert len(tables.codes) > 300
    for code in tables.codes:
        assert tables.name(code)
        assert -10.0 <= tables.goldstein(code) <= 10.0
        assert tables.quad_class(code) in (1, 2, 3, 4)


def test_all_roots_and_extension_codes_present(tables: CameoTables) -> None:
    assert {f"{r:02d}" for r in range(1, 21)} <= tables.codes
    assert {"155", "176", "1834", "1951", "1952"} <= tables.codes
    assert "1213" not in tables.codes  # CAMEO2PLOVER lists it; CAMEO does not have it


def test_known_values(tables: CameoTables) -> None:
    assert tables.name("042") == "Make a visit"
    assert tables.goldstein("042") == 1.9
    assert tables.goldstein("1823") == -10.0
    assert tables.name("044") == "Meet at a 'third' location"  # mojibake repaired
    # Extension codes take their parent's Goldstein score.
    assert tables.goldstein("1951") == tables.goldstein("195")


@pytest.mark.parametrize(
    ("code", "quad"),
    [("01", 1), ("057", 1), ("0214", 1), ("06", 2), ("0874", 2), ("09", 3), ("139", 3),
     ("14", 4), ("1823", 4), ("2042", 4)],
)  # fmt: skip
def test_quad_class_by_root(tables: CameoTables, code: str, quad: int) -> None:
    assert tables.quad_class(code) == quad


def test_quad_class_rejects_non_codes() -> None:
    for bad in ("21", "00", "x1", "12345", "1"):
        with pytest.raises(ValueError):
            quad_class_of(bad)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("163", ("COERCE", "restrict")),  # under root 16 SANCTION, but listed as COERCE
        ("1712", ("ASSAULT", None)),  # listed ASSAULT/seize; "seize" is no ASSAULT mode
        ("175", ("ASSAULT", None)),  # filed under root 18
        ("191", ("COERCE", "restrict")),  # filed under 17
        ("192", ("COERCE", "seize")),
        ("201", ("ASSAULT", "cleansing")),
        ("042", ("CONSULT", "visit")),
        ("0841", ("RETREAT", "release")),
        ("08", ("CONCEDE", None)),  # root 08 is listed twice; the first (CONCEDE) wins
        ("1834", ("ASSAULT", "explosives")),
    ],
)
def test_plover_quirks(tables: CameoTables, code: str, expected: tuple[str, str | None]) -> None:
    assert tables.plover(code) == expected


def test_appeal_maps_to_request_and_statements_to_none(tables: CameoTables) -> None:
    for code in ("02", "020", "0214", "0256", "028"):
        assert tables.plover(code) == ("REQUEST", None)
    for code in ("01", "010", "019"):
        assert tables.plover(code) is None


def test_every_other_code_has_a_plover_type(tables: CameoTables) -> None:
    for code in tables.codes - {c for c in tables.codes if c.startswith("01")}:
        mapped = tables.plover(code)
        assert mapped is not None and mapped[0] in PLOVER_TYPES, code


def test_fallback_to_parent_then_root() -> None:
    codes = {c: (f"name {c}", 0.0) for c in ("17", "171", "1711", "1712", "172", "1721")}
    listed = {"17": ("COERCE", None), "171": ("COERCE", "seize"), "1712": ("ASSAULT", None)}
    tables = CameoTables.build(codes, listed)
    assert tables.plover("1711") == ("COERCE", "seize")  # 3-digit parent
    assert tables.plover("1712") == ("ASSAULT", None)  # own row beats the parent
    assert tables.plover("1721") == ("COERCE", None)  # root, parent not listed
    assert tables.plover("172") == ("COERCE", None)


def test_unknown_code_raises(tables: CameoTables) -> None:
    with pytest.raises(KeyError):
        tables.name("999")
    assert "999" not in tables
