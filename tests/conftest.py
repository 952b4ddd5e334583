"""Shared test fixtures.

A test that needs a system service (PostgreSQL, Chromium, Java) calls
``require_service(ok, reason)``: it skips on a user's machine without the service, and
fails under CI (``CI=true``), where .ci/run installs every service.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


def require_service(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"service missing under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pipeline() -> Iterator[object]:
    """One real Pipeline (spaCy model loaded once) shared by the slow tests."""
    from newsevents.config import load_settings
    from newsevents.pipeline import Pipeline

    yield Pipeline(load_settings(env={}))


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory, pipeline: object) -> str:
    """A SQLite store of the team's example articles (examples/), coded once per session."""
    from pathlib import Path

    from newsevents.model import Article
    from newsevents.read import read_paths
    from newsevents.store import Store

    examples = Path(__file__).resolve().parents[1] / "examples"
    articles = [a for a in read_paths([str(examples)]) if isinstance(a, Article)]
    path = tmp_path_factory.mktemp("examples") / "events.db"
    with Store.open(str(path)) as store:
        report = store.ingest(pipeline.code_articles(articles))  # type: ignore[attr-defined]
        assert report.failed == 0, report.errors
    return str(path)
