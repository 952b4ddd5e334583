"""CI quality gate: the coder must keep its F1 on the team's own hand-annotated gold.

tests/fixtures/team_gold.jsonl is written by scripts/make_team_gold.py (sentences the team
wrote and annotated itself, not taken from any benchmark). The floors sit a little below
the figures measured when they were set (type F1 0.961, dyad F1 0.886, target country
0.947), so a change that makes coding worse fails CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.evaluate import code_gold, load_gold, score

GOLD = Path(__file__).parent / "fixtures" / "team_gold.jsonl"

TYPE_F1_FLOOR = 0.90
DYAD_F1_FLOOR = 0.80
COUNTRY_ACCURACY_FLOOR = 0.85


@pytest.mark.slow
def test_team_gold_stays_above_the_floors(pipeline: object) -> None:
    items = load_gold(GOLD)
    assert len(items) >= 40
    pairs = [(item, coded.events) for item, coded in code_gold(items, pipeline)]
    report = score(pairs).to_dict()
    assert report["errors"] == []
    assert report["type"]["f1"] >= TYPE_F1_FLOOR, report["type"]
    assert report["dyad"]["f1"] >= DYAD_F1_FLOOR, report["dyad"]
    actors = report["actors"]
    for side in ("source_country", "target_country"):
        assert actors[side]["accuracy"] >= COUNTRY_ACCURACY_FLOOR, actors
