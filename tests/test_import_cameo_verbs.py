"""scripts/import_cameo_verbs.py: which verbs a PETRARCH pattern applies to."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "import_cameo_verbs.py"


@pytest.fixture(scope="module")
def importer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("import_cameo_verbs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_cameo_verbs"] = module
    spec.loader.exec_module(module)
    return module


SOURCE = """\
--- DEMAND   [100]   ---
DEMAND
INSIST
- * TRIAL [0243] # URGE
- * RELEASE [1052] # DEMAND
--- HURL   [145]   ---
HURL
THROW
- * STONES [1451] # THREW
- * ROCKS [1451] # ab 18 Nov 2005
"""


def test_a_pattern_stays_with_the_verb_its_comment_names(importer) -> None:  # type: ignore[no-untyped-def]
    sets, blocks = importer.read_dictionary(SOURCE)
    lines = importer.convert(sets, blocks, {"100", "0243", "1052", "145", "1451"},
                             lambda w: {"threw": "throw"}.get(w, w))  # fmt: skip
    rows = {tuple(x.split("\t")[:3]) for x in lines if not x.startswith("#")}
    # named in the comment though the block does not list it: that verb only
    assert ("0243", "urge", "obj=trial") in rows
    assert ("0243", "demand", "obj=trial") not in rows
    assert ("1052", "demand", "obj=release") in rows and ("1052", "insist", "obj=release") not in rows
    # an inflected name is its verb; a comment that names no verb leaves the whole block
    assert ("1451", "throw", "obj=stones") in rows and ("1451", "hurl", "obj=stones") not in rows
    assert {("1451", "hurl", "obj=rocks"), ("1451", "throw", "obj=rocks")} <= rows
