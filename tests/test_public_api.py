"""The public Python API: what ``import newsevents`` promises, and that it stays cheap."""

from __future__ import annotations

import subprocess
import sys

import newsevents

PUBLIC = {
    "Actor", "Article", "Attribution", "CodedArticle", "CodingError", "ConfigError", "Dateline",
    "Event", "EventFilter", "EventPage", "IngestReport", "InputError", "Location",
    "NewsEventsError", "Pipeline", "ReadError", "Settings", "Store", "StoreError",
    "TimelinePoint", "UnresolvedName", "__version__", "code", "code_articles", "ingest",
    "load_settings", "read",
    # event clusters (issue #12)
    "ClusterArticle", "ClusterFilter", "ClusterPage", "EventCluster", "clusters",
    # panels (issue #13)
    "aggregate",
}  # fmt: skip


def test_all_is_the_promised_public_api() -> None:
    assert set(newsevents.__all__) == PUBLIC
    for name in newsevents.__all__:
        assert getattr(newsevents, name) is not None, name


def test_store_names_are_the_store_modules() -> None:
    from newsevents import store

    assert newsevents.Store is store.Store and newsevents.EventFilter is store.EventFilter


def test_import_loads_neither_spacy_nor_sqlalchemy() -> None:
    code = "import sys, newsevents; print(sorted(m for m in ('spacy', 'sqlalchemy', 'torch') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_read_stays_a_function_after_importing_the_read_package() -> None:
    import newsevents.read  # noqa: F401  (the subpackage, imported on purpose)
    from newsevents.read import read_paths

    assert callable(read_paths)
    assert callable(newsevents.read) and newsevents.read.__module__ == "newsevents"
