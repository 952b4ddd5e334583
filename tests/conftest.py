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


@pytest.fixture(scope="session", autouse=True)
def snapshot_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's own snapshot cache (``newsevents.cache``), shared by its subprocesses,
    unless the caller chose one: tests never write to the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get("NEWSEVENTS_CACHE_DIR"):
            patch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def pipeline() -> Iterator[object]:
    """One real Pipeline (spaCy model loaded once) shared by the slow tests."""
    from newsevents.config import load_settings
    from newsevents.pipeline import Pipeline

    yield Pipeline(load_settings(env={}))
