"""A rerun codes only what is missing: stored articles are dropped before coding."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsevents.store import IngestReport, Store
from newsevents.store.loader import not_yet_stored
from test_store_helpers import sample_corpus


def test_stored_articles_are_dropped_before_coding(tmp_path: Path) -> None:
    corpus = sample_corpus()
    with Store.open(str(tmp_path / "x.db")) as store:
        store.ingest(corpus[:3])
        changed = dataclasses.replace(corpus[1].article, title="A new headline")
        articles = [corpus[0].article, changed, corpus[2].article, corpus[3].article]
        report = IngestReport()
        left = list(not_yet_stored(articles, store, report, chunk=2))
    # Same id and content: skipped; same id, new content, or never stored: coded.
    assert [a.id for a in left] == [changed.id, corpus[3].article.id]
    assert report.skipped_duplicate == 2
