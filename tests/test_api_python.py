"""``newsevents.read/code/code_articles/ingest``: the library behind the commands."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsevents
from newsevents.pipeline import Pipeline

TEXT = (
    "Blinken meets Wang Yi\n\n"
    "Vientiane, Laos: U.S. Secretary of State Antony Blinken met Chinese Foreign Minister "
    "Wang Yi on Saturday. Russian troops attacked Ukrainian positions near Kharkiv on Friday.\n"
)


def test_read_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(TEXT)
    (tmp_path / "more.jsonl").write_text('{"id": "j1", "text": "Title\\n\\nBody one."}\nbroken\n')
    articles = newsevents.read(tmp_path / "one.txt", date="2024-07-27")
    assert [(a.id, a.title, str(a.date)) for a in articles] == [("one", "Blinken meets Wang Yi", "2024-07-27")]
    with pytest.raises(newsevents.InputError, match="more.jsonl"):
        newsevents.read(tmp_path)
    assert sorted(a.id for a in newsevents.read([tmp_path], errors="skip")) == ["j1", "one"]


@pytest.mark.slow
def test_code_one_text(pipeline: Pipeline) -> None:
    events = newsevents.code(TEXT, date="2024-07-27", id="t1", pipeline=pipeline)
    assert events and all(isinstance(e, newsevents.Event) for e in events)
    assert {e.article_id for e in events} == {"t1"}
    assert {e.plover for e in events} >= {"CONSULT", "ASSAULT"}


@pytest.mark.slow
def test_ingest_then_query(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT)
    (tmp_path / "in" / "b.txt").write_text(TEXT.replace("Saturday", "Sunday"))
    db = tmp_path / "e.db"
    report = newsevents.ingest(tmp_path / "in", db=db, date="2024-07-28", workers=1)
    assert (report.articles, report.new, report.failed, report.read_errors) == (2, 2, 0, 0)
    assert report.events > 0
    again = newsevents.ingest([tmp_path / "in"], db=str(db), date="2024-07-28", workers=1)
    assert (again.new, again.skipped_duplicate, again.events) == (0, 2, 0)
    with newsevents.Store.open(db) as store:
        page = store.query_events(newsevents.EventFilter(plover="ASSAULT"))
        assert {e.article_id for e in page.events} == {"a", "b"}
        assert store.stats().events == report.events
