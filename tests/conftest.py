"""Shared test fixtures.

A test that needs a system service (PostgreSQL, Chromium, Java) calls
``require_service(ok, reason)``: it skips on a user's machine without the service, and
fails under CI (``CI=true``), where .ci/run installs every service.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

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


# Real headless Chromium (Debian's), driven by Playwright, for the dashboard tests.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_service(shutil.which("chromium") is not None, "Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page whose requests, dialogs and script errors are recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1360, "height": 900})
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:")):
            self.outside.append(url)
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.close()
    assert w.outside == [], f"requests left 127.0.0.1: {w.outside}"
    assert w.errors == [], f"script errors: {w.errors}"


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
