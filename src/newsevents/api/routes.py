"""The read-only REST endpoints over the store, plus POST /api/code (stores nothing)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..store import ClusterFilter, EventFilter
from .coding import CodeRequest, handle_code
from .schemas import (
    ActorsOut,
    ArticleWithEvents,
    ClusterDetailOut,
    ClusterPageOut,
    CodeResultOut,
    DyadsOut,
    ErrorMessage,
    EventPageOut,
    StatsOut,
    TimelineOut,
)
from .state import ApiState, api_state
from .timeline import dyad_timeline_json, picker_entries

MAX_PAGE_SIZE = 500
MAX_ACTOR_RESULTS = 100
MAX_DYADS = 100
# Filter values are bound parameters, never SQL; the cap only keeps requests sane.
FilterText = Annotated[str | None, Query(max_length=200)]
State = Annotated[ApiState, Depends(api_state)]
# Documents the token in /docs ("Authorize"); the access guard (api/access.py) checks it.
BEARER = HTTPBearer(
    auto_error=False,
    description="the server's access token (NEWSEVENTS_API_TOKEN), when it has one",
)


router = APIRouter(
    prefix="/api",
    responses={
        422: {"model": ErrorMessage, "description": "invalid parameters (the message says which)"}
    },
)


@router.get(
    "/events",
    summary="Query stored events (newest first, cursor-paginated)",
    tags=["events"],
    response_model=EventPageOut,
)
def list_events(
    state: State,
    actor: Annotated[
        str | None,
        Query(
            max_length=200,
            description="any actor, either side: a code by prefix (RUS: RUS, RUSGOV, RUSMIL), "
            "name words (Putin, wang yi) or text:WORDS as the article wrote them "
            "(text:Brussels); whole codes and words, never inside a word",
        ),
    ] = None,
    source: Annotated[
        str | None, Query(max_length=200, description="source country (USA) or actor code (USAGOV)")
    ] = None,
    target: Annotated[
        str | None, Query(max_length=200, description="target country or actor code")
    ] = None,
    dyad: Annotated[
        str | None,
        Query(max_length=200, description="A:B, either way: USA:CHN or USAGOV:CHN"),
    ] = None,
    ordered: Annotated[bool, Query(description="dyad in the given direction only")] = False,
    plover: Annotated[str | None, Query(max_length=20, description="PLOVER type")] = None,
    cameo_root: Annotated[
        str | None, Query(max_length=2, description="two-digit CAMEO root (04)")
    ] = None,
    since: Annotated[dt.date | None, Query(description="event date on or after")] = None,
    until: Annotated[dt.date | None, Query(description="event date on or before")] = None,
    country: Annotated[
        str | None,
        Query(max_length=3, description="country (ISO alpha-3) where the event happened"),
    ] = None,
    article_id: FilterText = None,
    factual: Annotated[bool, Query(description="leave out negated and not-yet events")] = False,
    min_confidence: Annotated[
        float | None,
        Query(
            ge=0.0,
            le=1.0,
            description="leave out events below this confidence (0-1); ingest already left "
            "out those below its min_confidence setting (0.45 by default)",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="page size")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=500, description="next_cursor of the previous page")
    ] = None,
) -> dict[str, Any]:
    """One page of events matching every given filter. Pass ``next_cursor`` back as
    ``cursor`` for the next page; it is null on the last page."""
    if since and until and since > until:
        raise HTTPException(422, "since is after until")
    event_filter = EventFilter(
        actor=actor,
        source=source,
        target=target,
        dyad=dyad,
        ordered_dyad=ordered,
        plover=plover,
        cameo_root=cameo_root,
        since=since,
        until=until,
        country=country,
        article_id=article_id,
        factual_only=factual,
        min_confidence=min_confidence,
        limit=limit,
        cursor=cursor,
    )
    page = state.store.query_events(event_filter)
    return {
        "events": [e.to_dict() for e in page.events],
        "next_cursor": page.next_cursor,
        "limit": limit,
    }


@router.get(
    "/articles/{article_id:path}",
    summary="One article with its events and spans",
    tags=["events"],
    response_model=ArticleWithEvents,
    responses={404: {"model": ErrorMessage, "description": "no such article"}},
)
def get_article(state: State, article_id: str) -> dict[str, Any]:
    """The article's structure (title, dek, dateline, paragraphs, removed junk) and its
    coded events; event ``span``/``spans`` index into ``article.text``."""
    article = None if "\x00" in article_id else state.store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    found = state.store.article_events(article_id)
    clusters = state.store.article_clusters(article_id)
    return {
        "article": article.to_dict(),
        "events": [
            {**e.to_dict(), "cluster_id": c.cluster_id if (c := clusters.get(e.event_id)) else None}
            for e in found
        ],
        "clusters": {c.cluster_id: _cluster_json(c) for c in clusters.values()},
    }


def _cluster_json(c: Any) -> dict[str, Any]:
    out: dict[str, Any] = c.to_dict()
    out.pop("representative", None)
    return out


@router.get(
    "/clusters",
    summary="Query happenings: event clusters, newest first",
    tags=["events"],
    response_model=ClusterPageOut,
)
def list_clusters(
    state: State,
    actor: Annotated[
        str | None,
        Query(
            max_length=200,
            description="an actor of any of its events, either side, as /api/events takes it: "
            "a code by prefix (RUS), name words (Putin) or text:WORDS",
        ),
    ] = None,
    dyad: Annotated[
        str | None, Query(max_length=200, description="A:B, either way: RUS:UKR or RUSMIL:UKR")
    ] = None,
    ordered: Annotated[bool, Query(description="dyad in the given direction only")] = False,
    source: Annotated[
        str | None, Query(max_length=200, description="source country or code")
    ] = None,
    target: Annotated[
        str | None, Query(max_length=200, description="target country or code")
    ] = None,
    plover: Annotated[str | None, Query(max_length=20, description="PLOVER type")] = None,
    cameo_root: Annotated[
        str | None, Query(max_length=2, description="two-digit CAMEO root")
    ] = None,
    since: Annotated[dt.date | None, Query(description="happened on or after")] = None,
    until: Annotated[dt.date | None, Query(description="happened on or before")] = None,
    country: Annotated[str | None, Query(max_length=3, description="where it happened")] = None,
    factual: Annotated[bool, Query(description="leave out what did not (yet) happen")] = False,
    min_articles: Annotated[
        int, Query(ge=1, description="reported by at least this many articles")
    ] = 1,
    min_sources: Annotated[
        int, Query(ge=1, description="reported by at least this many sources")
    ] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="page size")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=500, description="next_cursor of the previous page")
    ] = None,
) -> dict[str, Any]:
    """One page of event clusters (each happening once, with the number of articles and
    sources that report it). Pass ``next_cursor`` back as ``cursor`` for the next page."""
    if since and until and since > until:
        raise HTTPException(422, "since is after until")
    page = state.store.query_clusters(
        ClusterFilter(
            actor=actor, dyad=dyad, ordered_dyad=ordered, source=source, target=target, plover=plover,
            cameo_root=cameo_root, since=since, until=until, country=country,
            factual_only=factual, min_articles=min_articles, min_sources=min_sources,
            limit=limit, cursor=cursor,
        )
    )  # fmt: skip
    return {
        "clusters": [_cluster_json(c) for c in page.clusters],
        "next_cursor": page.next_cursor,
        "limit": limit,
    }


@router.get(
    "/clusters/{cluster_id}",
    summary="One event cluster with its articles and representative event",
    tags=["events"],
    response_model=ClusterDetailOut,
    responses={404: {"model": ErrorMessage, "description": "no such cluster"}},
)
def get_cluster(
    state: State,
    cluster_id: Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$")],
) -> dict[str, Any]:
    found = state.store.get_cluster(cluster_id)
    if found is None:
        raise HTTPException(404, f"no cluster {cluster_id!r}")
    return found.to_dict()


ActorPath = Annotated[
    str, Path(min_length=2, max_length=40, pattern=r"^[A-Za-z0-9]+$", description="USA, or USAGOV")
]


@router.get(
    "/dyads",
    summary="The busiest pairs of countries",
    tags=["events"],
    response_model=DyadsOut,
)
def busiest_dyads(
    state: State,
    limit: Annotated[int, Query(ge=1, le=MAX_DYADS)] = 10,
    factual: Annotated[bool, Query(description="count only events that happened")] = True,
) -> dict[str, Any]:
    """Pairs of two different countries with the most dated events between them (either
    direction, each event once), busiest first: where the dashboard opens."""
    return {"dyads": [dataclasses.asdict(d) for d in state.store.busiest_dyads(limit, factual)]}


@router.get(
    "/dyads/{a}/{b}/timeline",
    summary="Events between two actors per interval",
    tags=["events"],
    response_model=TimelineOut,
)
def dyad_timeline(
    state: State,
    a: ActorPath,
    b: ActorPath,
    interval: Literal["day", "week", "month", "year"] = "week",
    factual: Annotated[bool, Query(description="count only events that happened")] = True,
    count: Annotated[
        Literal["clusters", "events"],
        Query(description="count raw events, or happenings (event clusters) once each"),
    ] = "events",
) -> dict[str, Any]:
    """Counts by quad class and mean Goldstein per interval, both directions. ``a`` and
    ``b`` are countries (``USA``) or country+sector codes (``USAGOV``). With
    ``count=clusters`` each happening counts once, however many articles report it (the
    dashboard's default). ``undrawn`` counts what is dated too coarsely to draw per
    ``interval``; ``left_out`` lists the events between them that the buckets do not
    count, and why."""
    return dyad_timeline_json(state.store, a, b, interval, factual, count)


@router.get(
    "/actors", summary="Search actors (for pickers)", tags=["actors"], response_model=ActorsOut
)
def search_actors(
    state: State,
    q: Annotated[str, Query(max_length=100, description="part of a code, name or text")] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_ACTOR_RESULTS)] = 20,
) -> dict[str, Any]:
    """Actor codes seen in events, most events first, with the names behind each code;
    a country's own entry (``USA``) comes with its coded actors (``USAGOV``)."""
    found = state.store.search_actors(q, limit=limit * 5)
    return {"actors": picker_entries(found, limit)}


@router.get("/stats", summary="Store totals", tags=["store"], response_model=StatsOut)
def stats(state: State) -> dict[str, Any]:
    s = state.store.stats()
    out = dataclasses.asdict(s)
    out["first_date"] = s.first_date.isoformat() if s.first_date else None
    out["last_date"] = s.last_date.isoformat() if s.last_date else None
    return out


@router.post(
    "/code",
    summary="Code a pasted article (text or HTML) without storing it",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CodeRequest.model_json_schema()}},
        }
    },
    tags=["coding"],
    response_model=CodeResultOut,
    responses={
        401: {"model": ErrorMessage, "description": "the server has a token; none was given"},
        413: {"model": ErrorMessage, "description": "article larger than the limit (200 kB)"},
        429: {"model": ErrorMessage, "description": "over the client's rate, or one already "
              "in flight; see Retry-After"},
        503: {"model": ErrorMessage, "description": "busy with other clients; see Retry-After"},
    },
)
async def code(
    request: Request,
    state: State,
    _token: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)] = None,
) -> dict[str, Any]:
    """Read and code one article with the full pipeline; returns the article structure
    and its events. Nothing is stored."""
    return await handle_code(request, state)
