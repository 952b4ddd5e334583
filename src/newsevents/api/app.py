"""The app factory: REST API under /api, the dashboard pages, offline docs at /docs.

Everything the browser loads comes from this app: our own JS/CSS, plotly.js from the
installed ``plotly`` package, Swagger UI from ``fastapi-offline``, and the world outline
under ``web/static/topojson``. No page needs the internet.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from ..config import Settings, load_settings
from ..pipeline import Pipeline
from ..store import BadFilter, Store, StoreError
from .access import (
    DEFAULT_CODE_CONCURRENCY,
    DEFAULT_CODE_RATE,
    AccessPolicy,
    CodeGate,
    install_access_guard,
)
from .feeds import router as feeds_router
from .panels import router as panels_router
from .routes import router
from .state import ApiState

log = logging.getLogger(__name__)

PAGES = {
    "/": "index.html", "/map": "map.html", "/code": "code.html", "/feeds": "feeds.html",
    "/countries": "country.html",
}  # fmt: skip
# Dashboard pages run only our own scripts; plotly sets inline styles on its elements.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI's page starts it with one inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'"
)


DOCS_DESCRIPTION = (
    "**[← Back to the dashboard](/)** · [event map](/map) · [code an article](/code)\n\n"
    "Every answer is JSON; errors are `{\"detail\": \"one line\"}` with status 4xx/5xx. "
    "Filters of `GET /api/events` are those of `newsevents events` (README)."
)


def web_dir() -> Path:
    return Path(str(resources.files("newsevents").joinpath("web")))


def plotly_js_path() -> Path:
    return Path(str(resources.files("plotly").joinpath("package_data/plotly.min.js")))


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(_req: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    @app.exception_handler(BadFilter)
    async def on_bad_filter(_req: Request, exc: BadFilter) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(StoreError)
    async def on_store_error(_req: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return JSONResponse({"detail": "the event store is unavailable"}, status_code=503)


def _install_input_guard(app: FastAPI) -> None:
    @app.middleware("http")
    async def reject_nul_in_query(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # No filter value holds a NUL; PostgreSQL text cannot store one (it would be a 500).
        if any("\x00" in value for _, value in request.query_params.multi_items()):
            return JSONResponse({"detail": "NUL characters are not allowed"}, status_code=422)
        return await call_next(request)


def _install_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html"):
            docs = request.url.path.startswith("/docs")
            response.headers["Content-Security-Policy"] = DOCS_CSP if docs else PAGE_CSP
        return response


def render_page(page: str, layout: str) -> str:
    """A dashboard page in the shared frame (``pages/_layout.html``): the page file's
    ``<title>`` line names it, its ``<script>`` lines load at the end, the rest is the
    content of ``<main>``."""
    lines = page.splitlines()
    title = next(
        (
            ln.removeprefix("<title>").removesuffix("</title>")
            for ln in lines
            if ln.startswith("<title>")
        ),
        "newsevents",
    )
    scripts = [ln for ln in lines if ln.startswith("<script")]
    main = [ln for ln in lines if not ln.startswith(("<title>", "<script"))]
    return (
        layout.replace("{title}", title)
        .replace("{scripts}", "\n".join(scripts))
        .replace("{main}", "\n".join(main))
    )


def _install_pages(app: FastAPI) -> None:
    pages = web_dir() / "pages"
    layout = (pages / "_layout.html").read_text(encoding="utf-8")
    routes = {**PAGES, "/articles/{article_id:path}": "article.html"}
    for route, filename in routes.items():
        html = render_page((pages / filename).read_text(encoding="utf-8"), layout)
        app.add_api_route(
            route,
            _page_handler(html),
            methods=["GET"],
            include_in_schema=False,
            response_class=HTMLResponse,
        )
    plotly_js = plotly_js_path()

    async def plotly_bundle() -> FileResponse:
        return FileResponse(plotly_js, media_type="text/javascript")

    # Registered before the /static mount so it wins for this one path.
    app.add_api_route("/static/vendor/plotly.min.js", plotly_bundle, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=web_dir() / "static"), name="static")


def _page_handler(html: str) -> Callable[[], Awaitable[HTMLResponse]]:
    async def page() -> HTMLResponse:
        return HTMLResponse(html)

    return page


def create_app(
    store: Store | None = None,
    db: str | None = None,
    settings: Settings | None = None,
    cors_origins: Sequence[str] = (),
    max_code_bytes: int = 200_000,
    pipeline: Pipeline | None = None,
    access: AccessPolicy | None = None,
    code_rate: str | None = DEFAULT_CODE_RATE,
    code_concurrency: int = DEFAULT_CODE_CONCURRENCY,
) -> FastAPI:
    """The REST API and dashboard over ``store`` (or the store at ``db``, else the
    settings' ``db``). CORS is closed unless ``cors_origins`` names allowed origins.
    ``pipeline`` (optional) is used by POST /api/code instead of loading a new one (the
    default loads on the first POST). ``access``: the token and whether every request
    needs it (``api/access.py``); ``code_rate`` (``limits`` notation, None: no limit)
    and ``code_concurrency`` bound POST /api/code."""
    settings = settings or load_settings()
    owned = store is None
    the_store = store if store is not None else Store.open(db or settings.db)
    app = FastAPIOffline(
        title="newsevents",
        summary="Political events coded from news (CAMEO / PLOVER): query API and dashboard",
        # Swagger UI renders this Markdown above the endpoints: the way back.
        description=DOCS_DESCRIPTION,
        version=_package_version(),
        redoc_url=None,
        favicon_url="/static/favicon.svg",
        swagger_ui_parameters={"validatorUrl": None},
    )
    gate = CodeGate(code_rate, code_concurrency)
    state = ApiState(the_store, settings, max_code_bytes=max_code_bytes, code_gate=gate)
    if pipeline is not None:
        state.pipeline = pipeline  # fills the cached property
    app.state.newsevents = state
    if owned:
        app.router.add_event_handler("shutdown", the_store.close)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"])
    _install_error_handlers(app)
    _install_security_headers(app)
    _install_input_guard(app)
    if access is not None and access.token is not None:
        install_access_guard(app, access)  # added last: the outermost, checked first
    app.include_router(router)
    app.include_router(feeds_router)
    app.include_router(panels_router)
    _install_pages(app)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
    async def unknown_api(rest: str) -> None:
        raise HTTPException(404, f"no endpoint /api/{rest}")

    return app


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsevents")
    except PackageNotFoundError:
        return "0"
