"""REST API and dashboard (FastAPI): ``create_app(store=..., db=..., settings=...)``.

Read-only over the store, plus ``POST /api/code`` which codes a pasted article without
storing it. ``newsevents serve`` runs it with uvicorn.
"""

from .app import create_app

__all__ = ["create_app"]
