"""Dirty inputs: every bad item is named on stderr, every good item beside it is stored.

The corpus is generated in ``tmp_path`` by ``fixtures_bad_input``. The reader tests need
no model; the CLI tests run the real ``newsevents ingest`` in a subprocess and read the
store back with plain SQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require_service
from fixtures_bad_input import (
    CONTROL_CHARS_TEXT,
    NAV_ONLY_PAGE,
    BadInput,
    cli_env,
    newsevents_command,
    postgres_schema,
    read_store,
    run_ingest,
    stderr_lines_naming,
    wire_story,
    write_bad_corpus,
    write_huge_text,
    write_unknown_extensions,
    write_wire_stories,
)
from newsevents.model import Article, ReadError
from newsevents.read import read_paths

# Exit statuses of CONTRACT.md / the CLI: all good, fatal, usage, done with items skipped.
EXIT_OK, EXIT_USAGE, EXIT_SKIPPED = 0, 2, 3
# An error line quotes a file and a reason, never a whole document.
MAX_ERROR_LINE = 500


def _full_text(article: Article) -> str:
    return "\n".join(filter(None, (article.title, article.dek, article.text)))


def _read_all(paths: list[Path]) -> list[Article | ReadError]:
    items = list(read_paths(paths))
    assert all(isinstance(item, Article | ReadError) for item in items)
    return items


def _check_item(item: BadInput, stored: dict[str, Article], errors: list[str]) -> str | None:
    """What is wrong with how ``item`` was handled (None when right)."""
    named = [e for e in errors if item.name in e]
    article = stored.get(item.article_id or "")
    if article is not None and item.needle and item.needle not in _full_text(article):
        return f"{item.what}: stored text lacks {item.needle!r}: {_full_text(article)[:200]!r}"
    if item.expect == "error" and not named:
        return f"{item.what}: no error line naming {item.name}"
    if item.expect == "stored" and article is None:
        return f"{item.what}: {item.article_id!r} not stored (errors: {named})"
    if item.expect == "either" and article is None and not named:
        return f"{item.what}: neither stored nor named in an error: silently lost"
    return None


# ------------------------------------------------------------------ reader, no model


def test_reader_names_every_bad_item_and_keeps_the_good(tmp_path: Path) -> None:
    bad = write_bad_corpus(tmp_path / "bad")
    items = _read_all([tmp_path / "bad"])
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    stored = {i.id: i for i in items if isinstance(i, Article)}
    problems = [p for item in bad if (p := _check_item(item, stored, errors))]
    assert not problems, "\n".join(problems)
    for line in errors:
        assert "\n" not in line and len(line) <= MAX_ERROR_LINE, line


@pytest.mark.parametrize(
    "name",
    ["cp1252_meta.html", "cp1252_nometa.html", "latin1_meta.html", "latin1_nometa.html"],
)
def test_legacy_encodings_decode_to_the_right_text(tmp_path: Path, name: str) -> None:
    write_bad_corpus(tmp_path)
    (article,) = _read_all([tmp_path / name])
    assert isinstance(article, Article), article
    text = _full_text(article)
    assert "Café de Flore" in text
    assert "\ufffd" not in text and "Ã" not in text  # no replacement chars, no mojibake
    if name.startswith("cp1252"):
        assert "\u201cWe agreed on a common position,\u201d" in text
        assert "\u2018constructive\u2019" in text


def test_unknown_extension_named_when_given_skipped_in_folder(tmp_path: Path) -> None:
    names = write_unknown_extensions(tmp_path / "odd")
    explicit = _read_all([tmp_path / "odd" / n for n in names])
    assert [type(i) for i in explicit] == [ReadError] * len(names)
    for name, error in zip(names, explicit, strict=True):
        assert name in str(error)
    # Inside a folder such files are skipped, not errors one by one; but a folder that
    # holds nothing else is one error naming it (nothing is silently empty).
    (folder_error,) = _read_all([tmp_path / "odd"])
    assert isinstance(folder_error, ReadError) and folder_error.origin == str(tmp_path / "odd")
    assert "no articles" in folder_error.message
    (tmp_path / "odd" / "story.txt").write_text("Headline\n\nRussia and China signed a deal.\n")
    assert [type(i) for i in _read_all([tmp_path / "odd"])] == [Article]


def test_page_without_article_is_a_read_error(tmp_path: Path) -> None:
    (tmp_path / "login.html").write_text(NAV_ONLY_PAGE)
    (item,) = _read_all([tmp_path / "login.html"])
    assert isinstance(item, ReadError), f"navigation read as an article: {item}"
    assert "login.html" in str(item)


def test_missing_path_is_an_error_not_an_exception(tmp_path: Path) -> None:
    (error,) = _read_all([tmp_path / "nowhere.txt"])
    assert isinstance(error, ReadError) and "nowhere.txt" in str(error)


def test_symlink_loop_in_folder_ends_and_reads_each_file_once(tmp_path: Path) -> None:
    ids = write_wire_stories(tmp_path / "in" / "sub", 2)
    (tmp_path / "in" / "sub" / "up").symlink_to("..", target_is_directory=True)
    items = _read_all([tmp_path / "in"])
    read_ids = [i.id for i in items if isinstance(i, Article)]
    assert sorted(read_ids) == sorted(ids)


def test_huge_text_file_is_read_or_refused_quickly(tmp_path: Path) -> None:
    write_huge_text(tmp_path / "huge.txt", megabytes=20)
    started = time.monotonic()
    (item,) = _read_all([tmp_path / "huge.txt"])
    assert time.monotonic() - started < 60
    assert isinstance(item, ReadError | Article)
    if isinstance(item, ReadError):
        assert "huge.txt" in str(item) and len(str(item)) <= MAX_ERROR_LINE


# ------------------------------------------------------------------ the real CLI


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.service)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, or a throw-away PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "x.db")
        return
    base = os.environ.get("NEWSEVENTS_TEST_PG", "")
    require_service(bool(base), "PostgreSQL not available (set NEWSEVENTS_TEST_PG)")
    with postgres_schema(base) as url:
        yield url


@pytest.mark.slow
def test_ingest_mixed_folder_stores_good_names_bad_exit_3(tmp_path: Path, store_url: str) -> None:
    good_ids = write_wire_stories(tmp_path / "in" / "good", 4)
    bad = write_bad_corpus(tmp_path / "in" / "bad")
    db = store_url
    proc = run_ingest([tmp_path / "in"], db, tmp_path, workers="1")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == EXIT_SKIPPED, proc.stderr[-3000:]
    state = read_store(db)
    assert set(good_ids) <= set(state.articles)
    assert state.counts["events"] > 0  # the good stories were coded, not only stored
    errors = proc.stderr.splitlines()
    problems = [p for item in bad if (p := _check_item(item, state.articles, errors))]
    assert not problems, "\n".join(problems) + "\n--- stderr:\n" + proc.stderr[-3000:]
    for item in bad:
        for line in stderr_lines_naming(proc.stderr, item.name):
            assert len(line) <= MAX_ERROR_LINE, line
        assert item.name not in proc.stdout, "diagnostics belong on stderr"

    # Running again stores nothing twice and reports the same skips.
    again = run_ingest([tmp_path / "in"], db, tmp_path, workers="1")
    assert again.returncode == EXIT_SKIPPED, again.stderr[-3000:]
    state2 = read_store(db)
    assert state2.counts == state.counts and state2.duplicated_events() == 0


@pytest.mark.slow
def test_ingest_control_characters_beside_good_stories(tmp_path: Path, store_url: str) -> None:
    ids = write_wire_stories(tmp_path / "in", 2)
    (tmp_path / "in" / "control_chars.txt").write_text(CONTROL_CHARS_TEXT)
    proc = run_ingest([tmp_path / "in"], store_url, tmp_path, workers="1")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (EXIT_OK, EXIT_SKIPPED), proc.stderr[-3000:]
    stored = read_store(store_url).articles
    assert set(ids) <= set(stored), proc.stderr[-3000:]
    if "control_chars" in stored:
        assert "dispatch 9400" in stored["control_chars"].text
    else:
        assert proc.returncode == EXIT_SKIPPED
        assert stderr_lines_naming(proc.stderr, "control_chars.txt")


@pytest.mark.slow
def test_ingest_all_good_exits_0(tmp_path: Path) -> None:
    ids = write_wire_stories(tmp_path / "in", 3)
    write_unknown_extensions(tmp_path / "in")  # not news kinds: skipped inside a folder
    db = str(tmp_path / "x.db")
    proc = run_ingest([tmp_path / "in"], db, tmp_path, workers="1")
    assert proc.returncode == EXIT_OK, proc.stderr[-3000:]
    assert sorted(read_store(db).articles) == ids


@pytest.mark.slow
def test_ingest_named_unknown_kind_exits_3(tmp_path: Path) -> None:
    ids = write_wire_stories(tmp_path / "in", 1)
    names = write_unknown_extensions(tmp_path / "in")
    paths = [tmp_path / "in" / f"{ids[0]}.txt", tmp_path / "in" / names[0]]
    db = str(tmp_path / "x.db")
    proc = run_ingest(paths, db, tmp_path, workers="1")
    assert proc.returncode == EXIT_SKIPPED, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert stderr_lines_naming(proc.stderr, names[0])
    assert list(read_store(db).articles) == ids


def test_ingest_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_ingest([tmp_path / "gone.txt"], str(tmp_path / "x.db"), tmp_path)
    assert proc.returncode == EXIT_USAGE, proc.stderr
    assert "Traceback" not in proc.stderr
    (line,) = [line for line in proc.stderr.splitlines() if "gone.txt" in line]
    assert line.lower().startswith(("error", "usage")) or "error" in line.lower()


@pytest.mark.slow
def test_ingest_survives_a_20mb_text_beside_good_ones(tmp_path: Path) -> None:
    ids = write_wire_stories(tmp_path / "in", 2)
    write_huge_text(tmp_path / "in" / "huge.txt", megabytes=20)
    db = str(tmp_path / "x.db")
    started = time.monotonic()
    proc = run_ingest([tmp_path / "in"], db, tmp_path, timeout=240, workers="1")
    elapsed = time.monotonic() - started
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    state = read_store(db)
    assert set(ids) <= set(state.articles), proc.stderr[-3000:]
    if "huge" in state.articles:
        assert proc.returncode == EXIT_OK, proc.stderr[-3000:]
    else:
        assert proc.returncode == EXIT_SKIPPED and stderr_lines_naming(proc.stderr, "huge.txt")
    assert elapsed < 240


@pytest.mark.slow
def test_ingest_reads_stdin_binary_as_an_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*newsevents_command(), "ingest", "-", "--db", str(tmp_path / "x.db")],
        input=os.urandom(2048),
        capture_output=True,
        env=cli_env(tmp_path, workers="1"),
        timeout=120,
        check=False,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == EXIT_USAGE, stderr  # nothing at all was readable
    assert "Traceback" not in stderr and stderr.strip()


@pytest.mark.slow
def test_ingest_survives_odd_file_names(tmp_path: Path) -> None:
    # Old archives carry Latin-1 file names (not UTF-8), and a name may hold a newline.
    ids = write_wire_stories(tmp_path / "in", 2)
    folder = os.fsencode(tmp_path / "in")
    odd = [b"caf\xe9 news.txt", b"line\nbreak.txt", "\u202eevil.txt".encode()]
    for n, name in enumerate(odd):
        Path(os.fsdecode(os.path.join(folder, name))).write_text(wire_story(500 + n)[1])
    db = str(tmp_path / "x.db")
    proc = run_ingest([tmp_path / "in"], db, tmp_path, workers="1")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (EXIT_OK, EXIT_SKIPPED), proc.stderr[-3000:]
    stored = read_store(db).articles
    assert set(ids) <= set(stored), proc.stderr[-3000:]
    for n, tail in enumerate(["news.txt", "break.txt", "evil.txt"]):
        serial = f"dispatch {500 + n}"  # each odd file stored, or named in an error
        assert any(serial in a.text for a in stored.values()) or stderr_lines_naming(
            proc.stderr, tail
        ), tail


@pytest.mark.slow
def test_code_command_prints_only_valid_events_and_names_bad_items(tmp_path: Path) -> None:
    ids = write_wire_stories(tmp_path / "in" / "good", 3)
    bad = write_bad_corpus(tmp_path / "in" / "bad")
    proc = subprocess.run(
        [*newsevents_command(), "code", str(tmp_path / "in"), "--format", "jsonl"],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path, workers="1"),
        timeout=300,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == EXIT_SKIPPED, proc.stderr[-3000:]
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert set(ids) <= {e["article_id"] for e in events}
    for event in events:
        assert {"event_id", "article_id", "span", "trigger", "cameo", "plover"} <= set(event)
    for item in bad:
        if item.expect == "error":
            assert stderr_lines_naming(proc.stderr, item.name), item.what


@pytest.mark.slow
def test_ingest_same_file_name_in_two_folders_is_not_lost_silently(tmp_path: Path) -> None:
    # Archives sorted by day reuse file names: day1/article1.txt, day2/article1.txt.
    for day, serial in (("day1", 601), ("day2", 602)):
        (tmp_path / "in" / day).mkdir(parents=True)
        (tmp_path / "in" / day / "article1.txt").write_text(wire_story(serial)[1])
    db = str(tmp_path / "x.db")
    proc = run_ingest([tmp_path / "in"], db, tmp_path, workers="1")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    texts = [a.text for a in read_store(db).articles.values()]
    both_stored = all(any(f"dispatch {s}" in t for t in texts) for s in (601, 602))
    warned = proc.returncode == EXIT_SKIPPED and stderr_lines_naming(proc.stderr, "article1")
    assert both_stored or warned, (
        f"two different articles share id 'article1': stored {len(texts)}, exit "
        f"{proc.returncode}, stderr {proc.stderr!r}, stdout {proc.stdout!r}"
    )
