"""GET /api/feeds: the feeds followed by ``watch`` (or ``serve --watch``) and what failed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from .routes import State
from .schemas import FeedsOut

router = APIRouter(prefix="/api", tags=["live news"])


@router.get(
    "/feeds",
    summary="Feeds followed: last read, status, items; latest failures",
    response_model=FeedsOut,
)
def list_feeds(
    state: State,
    failures: Annotated[int, Query(ge=0, le=500, description="failed items to list")] = 50,
) -> dict[str, Any]:
    """Each feed with when it was last read, its last status (entries and new items, or
    the error), failures in a row and when it is next tried, and its items by state
    (pending, stored, failed, disallowed); then the latest items that failed, why, and
    when they are retried. Times are UTC (ISO 8601)."""
    from ..fetch.state import FetchState

    fetch_state = FetchState(
        state.store, state.settings.fetch_retry_delay, state.settings.fetch_max_attempts
    )
    return fetch_state.overview(failures_limit=failures)
