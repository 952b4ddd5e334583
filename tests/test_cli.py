"""The command line: help, one-line errors, exit statuses, read/events/actors output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsevents.cli import main
from newsevents.store import Store
from test_store_helpers import sample_corpus

COMMANDS = ["read", "code", "ingest", "events", "actors", "fetch", "watch", "serve"]
ARTICLE = (
    "Blinken meets Wang Yi\n\n"
    "Vientiane, Laos: U.S. Secretary of State Antony Blinken met Chinese Foreign Minister "
    "Wang Yi on Saturday.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "events.db")
    with Store.open(path) as store:
        store.ingest(sample_corpus())
    return path


def newsevents(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command in a fresh process (real exit status, real streams)."""
    script = Path(sys.executable).parent / "newsevents"
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from newsevents.cli import main; main()"]
    env = {k: v for k, v in os.environ.items() if k != "NEWSEVENTS_DEBUG"}
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and "--help" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["read", "missing.txt"], "does not exist"),
        (["read", "a.txt", "--date", "2024-13-40"], "'--date'"),
        (["read", "a.txt", "--date", "yesterday"], "'--date'"),
        (["read", "a.txt", "--bogus"], "No such option"),
        (["frobnicate"], "No such command"),
        (["read"], "Missing argument"),
        (["events", "--db", "x.db", "--dyad", "USA"], "bad dyad"),
        (["events", "--db", "x.db", "--plover", "HUG"], "unknown PLOVER"),
        (["events", "--db", "x.db", "--format", "xml"], "'--format'"),
        (["code", "a.txt", "--workers", "-1"], "'--workers'"),
    ],
)
def test_usage_errors_are_one_line_with_status_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    done = newsevents(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_fatal_errors_are_one_line_with_status_1(tmp_path: Path) -> None:
    done = newsevents("events", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: no database at") and len(done.stderr.splitlines()) == 1
    bad_url = newsevents("events", "--db", "postgresql://nobody:x@127.0.0.1:1/none")
    assert bad_url.returncode == 1 and bad_url.stderr.startswith("error: ")
    assert len(bad_url.stderr.splitlines()) == 1 and "Traceback" not in bad_url.stderr


def test_read_prints_articles_and_counts_bad_items(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "bad.jsonl").write_text('{"id": "ok", "text": "Title\\n\\nBody text here."}\nnot json\n')
    done = newsevents("read", str(tmp_path / "a.txt"), "--date", "2024-07-27")
    assert done.returncode == 0, done.stderr
    article = json.loads(done.stdout)
    assert article["id"] == "a" and article["title"] == "Blinken meets Wang Yi"
    assert article["date"] == "2024-07-27"
    both = newsevents("read", str(tmp_path), "--format", "json")
    assert both.returncode == 3  # one line of bad.jsonl was skipped
    assert sorted(a["id"] for a in json.loads(both.stdout)) == ["a", "ok"]
    errors = both.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ") and "bad.jsonl" in errors[0]


def test_read_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["read", "-", "--date", "2024-07-27"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Blinken meets Wang Yi"


def test_events_formats_and_filters(runner: CliRunner, db: str, tmp_path: Path) -> None:
    jsonl = runner.invoke(main, ["events", "--db", db, "--dyad", "USA:CHN", "--format", "jsonl"])
    assert jsonl.exit_code == 0, jsonl.output
    events = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(events) == 5 and {"source", "target", "plover", "cameo"} <= set(events[0])
    ordered = runner.invoke(main, ["events", "--db", db, "--dyad", "usa:chn", "--ordered", "--format", "jsonl", "--factual"])
    assert len(ordered.stdout.splitlines()) == 2
    limited = runner.invoke(main, ["events", "--db", db, "--limit", "3", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(limited.stdout)))
    assert len(rows) == 3 and rows[0]["date"] == "2024-09-12" and rows[0]["source"] == "RUSMIL"
    table = runner.invoke(main, ["events", "--db", db, "--plover", "ASSAULT"])
    assert table.exit_code == 0 and table.stdout.count("RUSMIL") == 2
    empty = runner.invoke(main, ["events", "--db", db, "--country", "XXX", "--format", "csv"])
    assert empty.exit_code == 0 and empty.stdout.startswith("event_id,")


def test_events_parquet(db: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    done = newsevents("events", "--db", db, "--format", "parquet", "--output", str(out), "--limit", "0")
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert table.num_rows == 11 and "goldstein" in table.column_names
    piped = subprocess.run(
        [sys.executable, "-c", "from newsevents.cli import main; main()", "events", "--db", db,
         "--format", "parquet", "--source", "USA"],
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stdout[:4] == b"PAR1"
    assert pq.read_table(io.BytesIO(piped.stdout)).num_rows == 4


def test_actors_unresolved_and_search(runner: CliRunner, db: str) -> None:
    result = runner.invoke(main, ["actors", "--unresolved", "--db", db])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("count") and lines[1].split("\t")[:4] == ["2", "2", "PERSON", "Zhang Wei"]
    assert "Zhang Wei" in lines[1].split("\t")[4]
    found = runner.invoke(main, ["actors", "--db", db, "--search", "wang"])
    assert found.stdout.splitlines()[1].split("\t")[:2] == ["6", "CHNGOV"]


def test_missing_model_is_one_fatal_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    done = newsevents(
        "code", str(tmp_path / "a.txt"), "--date", "2024-07-27", "--model", "no_such_spacy_model"
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "no_such_spacy_model" in done.stderr
    assert len(done.stderr.splitlines()) == 1
