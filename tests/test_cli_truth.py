"""What a new user trips over first (issue 15): tables that hide negation and modality,
an actor filter that matched inside words, sentences that broke rows, silent emptiness."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsevents.cli import main
from newsevents.model import Actor
from newsevents.store import Store
from test_store_helpers import coded, make_event, sample_corpus

MULTILINE = "  The ministers met in Vientiane\non Saturday,\r\n\tand talked for hours.\n\n"


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The sample corpus plus an EU event written "Brussels" whose sentence spans lines."""
    path = str(tmp_path / "events.db")
    brussels = Actor("Brussels", "European Union", "IGOEEC", None, "IGO", None)
    eu = dataclasses.replace(
        make_event("eu1", 0, ["RUSMIL"], ["CHNGOV"], "111", dt.date(2024, 9, 20)),
        source=(brussels,),
        sentence=MULTILINE,
    )
    with Store.open(path) as store:
        store.ingest([*sample_corpus(), coded("eu1", dt.date(2024, 9, 20), [eu])])
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_table_marks_negated_and_modality(db: str) -> None:
    code, out, _ = run("events", "--db", db, "--limit", "0")
    assert code == 0
    header = next(line for line in out.splitlines() if "sentence" in line)
    assert "negated" in header and "modality" in header
    negated = next(line for line in out.splitlines() if "Sentence 1 of a2." in line)
    assert "NEGATED" in negated
    future = next(line for line in out.splitlines() if "Sentence 2 of a1." in line)
    assert "future" in future and "NEGATED" not in future
    happened = next(line for line in out.splitlines() if "Sentence 0 of a2." in line)
    assert "asserted" in happened and "NEGATED" not in happened


def test_csv_carries_negated_and_modality_and_one_line_sentences(db: str) -> None:
    code, out, _ = run("events", "--db", db, "--limit", "0", "--format", "csv")
    assert code == 0
    rows = {(r["article_id"], r["sentence_index"]): r for r in csv.DictReader(io.StringIO(out))}
    assert rows[("a2", "1")]["negated"] == "True" and rows[("a2", "0")]["negated"] == "False"
    assert rows[("a1", "2")]["modality"] == "future"
    assert rows[("eu1", "0")]["sentence"] == (
        "The ministers met in Vientiane on Saturday, and talked for hours."
    )
    assert len(out.splitlines()) == len(rows) + 1  # no record spans two lines


def test_table_rows_stay_one_line(db: str) -> None:
    _, out, _ = run("events", "--db", db, "--actor", "text:Brussels")
    (row,) = [line for line in out.splitlines() if "Vientiane on" in line]
    assert "Vientiane on Saturday" in row
    _, every, _ = run("events", "--db", db, "--limit", "0")
    rows = [line for line in every.splitlines() if line.startswith("│")]
    assert len(rows) == 12  # one line per event, whatever the sentence


def test_jsonl_keeps_the_sentence_as_written(db: str) -> None:
    import json

    _, out, _ = run("events", "--db", db, "--actor", "text:Brussels", "--format", "jsonl")
    assert json.loads(out)["sentence"] == MULTILINE


def test_actor_code_never_matches_inside_a_word(db: str) -> None:
    _, rus, _ = run("events", "--db", db, "--actor", "RUS", "--format", "csv", "--limit", "0")
    rows = list(csv.DictReader(io.StringIO(rus)))
    assert rows and all(r["source"].startswith("RUS") or r["target"].startswith("RUS") for r in rows)
    assert "eu1" not in {r["article_id"] for r in rows}  # "Brussels" holds "rus"
    _, eu, _ = run("events", "--db", db, "--actor", "text:brussels", "--format", "csv")
    assert {r["article_id"] for r in csv.DictReader(io.StringIO(eu))} == {"eu1"}
    code, _, err = run("events", "--db", db, "--actor", "code:RU S")
    assert code == 2 and err.startswith("error: ") and "actor code" in err


def test_an_empty_folder_is_an_error_not_silence(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article")
    code, out, err = run("code", str(empty), "--format", "table")
    assert code == 2 and out == ""  # nothing at all was readable
    assert err.startswith(f"error: {empty}: no articles") and len(err.splitlines()) == 1
    story = tmp_path / "story.txt"
    story.write_text("Headline\n\nRussia and China signed a trade deal on Monday.\n")
    code, out, err = run("read", str(story), str(empty))
    assert code == 3 and '"Headline"' in out and f"error: {empty}: no articles" in err


def test_ingest_of_nothing_says_so_and_fails(tmp_path: Path) -> None:
    empty_jsonl = tmp_path / "none.jsonl"
    empty_jsonl.write_text("\n\n")
    code, out, err = run("ingest", str(empty_jsonl), "--db", str(tmp_path / "x.db"))
    assert code == 2 and "events stored:        0" in out
    assert err.startswith(f"error: {empty_jsonl}: no articles")


def test_api_actor_filter_matches_as_the_cli_does(db: str) -> None:
    from fastapi.testclient import TestClient

    from newsevents.api import create_app

    with Store.open(db) as store, TestClient(create_app(store=store)) as client:

        def articles(actor: str) -> set[str]:
            response = client.get("/api/events", params={"actor": actor, "limit": 500})
            assert response.status_code == 200, response.text
            return {e["article_id"] for e in response.json()["events"]}

        assert "eu1" not in articles("RUS") and {"a2", "a3", "a4"} <= articles("RUS")
        assert articles("text:Brussels") == {"eu1"}
        assert articles("wang yi") == {"a1", "a3", "a4", "a5", "eu1"} and articles("ang") == set()
        bad = client.get("/api/events", params={"actor": "text:"})
        assert bad.status_code == 422 and "no words" in bad.json()["detail"]
