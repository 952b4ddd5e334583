"""The one error of the fetch stage: why a URL could not be fetched."""

from __future__ import annotations

__all__ = ["FetchFailure"]


class FetchFailure(Exception):
    """Why a URL could not be fetched; ``transient``: another try later may work."""

    def __init__(
        self,
        message: str,
        *,
        transient: bool,
        status: int | None = None,
        retry_after: float | None = None,
        disallowed: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.status = status
        self.retry_after = retry_after  # seconds, when the server said (or we chose) so
        self.disallowed = disallowed
