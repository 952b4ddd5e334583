"""``newsevents code`` and ``ingest`` end to end with the real pipeline (slow)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from test_cli import ARTICLE, newsevents

pytestmark = pytest.mark.slow

SECOND = (
    "Clashes in the east\n\n"
    "KYIV (Reuters) - Russian troops attacked Ukrainian positions near Kharkiv on Friday, "
    "the Ukrainian military said.\n"
)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "blinken.txt").write_text(ARTICLE)
    (folder / "kyiv.txt").write_text(SECOND)
    (folder / "broken.jsonl").write_text("{not json\n")
    return folder


def test_code_stdin_as_jsonl_and_csv(tmp_path: Path) -> None:
    done = newsevents("code", "-", "--date", "2024-07-27", "--workers", "1", stdin=ARTICLE)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    consult = [e for e in events if e["plover"] == "CONSULT"]
    assert consult and consult[0]["date"] == "2024-07-27"
    assert any(a["country"] == "USA" for a in consult[0]["source"])
    as_csv = newsevents("code", "-", "--date", "2024-07-27", "--format", "csv", stdin=ARTICLE)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(events) and rows[0]["plover"] == events[0]["plover"]


def test_code_goes_on_past_bad_items_and_exits_3(inputs: Path) -> None:
    done = newsevents("code", str(inputs), "--format", "jsonl", "--workers", "1")
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and "broken.jsonl" in errors[0]
    # The text files carry no date and none was given: each is said once to be undated.
    undated = [line for line in lines if line.startswith("warning: ")]
    assert undated and all(line.endswith(": no date; events are undated") for line in undated)
    assert len(undated) == len({line.split(": ")[1] for line in undated})
    assert len(lines) == len(errors) + len(undated)
    plovers = {json.loads(line)["plover"] for line in done.stdout.splitlines()}
    assert {"CONSULT", "ASSAULT"} <= plovers


def test_ingest_twice_then_query(inputs: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    first = newsevents("ingest", str(inputs), "--db", db, "--date", "2024-07-27", "--workers", "1")
    assert first.returncode == 3, first.stderr  # broken.jsonl was skipped
    summary = dict(line.split(":", 1) for line in first.stdout.splitlines())
    counts = {k.strip(): v.split()[0] for k, v in summary.items()}
    assert (counts["articles read"], counts["new"], counts["failed"]) == ("3", "2", "1")
    stored = int(counts["events stored"])
    assert stored >= 2
    assert "broken.jsonl" in first.stderr and "Traceback" not in first.stderr
    (inputs / "broken.jsonl").unlink()
    second = newsevents("ingest", str(inputs), "--db", db, "--date", "2024-07-27", "--workers", "1")
    assert second.returncode == 0, second.stderr
    assert "skipped duplicate:  2" in second.stdout and "events stored:        0" in second.stdout
    listed = newsevents("events", "--db", db, "--format", "jsonl", "--limit", "0")
    assert len(listed.stdout.splitlines()) == stored
    dyad = newsevents("events", "--db", db, "--dyad", "RUS:UKR", "--format", "jsonl")
    assert {json.loads(x)["plover"] for x in dyad.stdout.splitlines()} == {"ASSAULT"}
