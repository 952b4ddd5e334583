"""Golden files: the events coded from the team's example articles (examples/) must stay
as reviewed. After an intended change, run scripts/update_golden.py and review the diff."""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_golden", ROOT / "scripts" / "update_golden.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def coded() -> dict[str, list[str]]:
    return _script().code_examples()  # type: ignore[no-any-return]


def test_every_example_has_a_golden_file(coded: dict[str, list[str]]) -> None:
    assert sorted(coded) == sorted(p.name for p in GOLDEN.glob("*.jsonl"))
    assert sum(len(v) for v in coded.values()) > 20  # the examples do code events


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.jsonl")))
def test_events_match_golden_file(coded: dict[str, list[str]], name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    got = coded.get(name, [])
    if got != expected:
        diff = "\n".join(difflib.unified_diff(expected, got, "golden", "now", lineterm="", n=0))
        pytest.fail(f"{name} changed (run scripts/update_golden.py if intended):\n{diff}")
