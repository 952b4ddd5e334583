"""What the app holds for its lifetime: the open store and a lazily loaded pipeline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property

from fastapi import Request

from ..config import Settings
from ..pipeline import Pipeline
from ..store import Store
from .access import CodeGate


class ApiState:
    """One per app (``app.state.newsevents``): no module globals."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        pipeline_factory: Callable[[Settings], Pipeline] = Pipeline,
        max_code_bytes: int = 200_000,
        code_gate: CodeGate | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.max_code_bytes = max_code_bytes
        self.code_gate = code_gate or CodeGate()
        self._pipeline_factory = pipeline_factory
        # spaCy pipelines are not safe to call from two threads at once.
        self.pipeline_lock = threading.Lock()

    @cached_property
    def pipeline(self) -> Pipeline:
        """Loaded on the first POST /api/code (the spaCy model takes a second)."""
        return self._pipeline_factory(self.settings)


def api_state(request: Request) -> ApiState:
    """FastAPI dependency: the app's state."""
    state: ApiState = request.app.state.newsevents
    return state
