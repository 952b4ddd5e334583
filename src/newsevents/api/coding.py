"""POST /api/code: code one pasted article (text or HTML) without storing it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.concurrency import run_in_threadpool

from ..model import Article
from .state import ApiState


class CodeRequest(BaseModel):
    """A pasted article: exactly one of ``text`` (plain text, headline first) or ``html``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain-text article: headline on the first line")
    html: str | None = Field(None, description="one news page as HTML")
    id: str = Field("pasted", max_length=200, description="article id used in the events")
    date: dt.date | None = Field(None, description="publication date (YYYY-MM-DD)")
    url: str | None = Field(None, max_length=2000, description="the page's URL (HTML only)")

    @model_validator(mode="after")
    def one_kind(self) -> CodeRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        if not (self.text or self.html or "").strip():
            raise ValueError("the article is empty")
        return self


async def read_capped_body(request: Request, max_bytes: int) -> bytes:
    """The request body, or 413 as soon as it passes ``max_bytes`` (even when chunked)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise HTTPException(413, f"article too large: the limit is {max_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise HTTPException(413, f"article too large: the limit is {max_bytes} bytes")
    return bytes(body)


def parse_code_request(body: bytes) -> CodeRequest:
    try:
        return CodeRequest.model_validate_json(body)
    except ValidationError as exc:
        messages = [
            f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise HTTPException(422, "; ".join(messages)) from exc


def read_article(req: CodeRequest) -> Article:
    """Structure the pasted text or page with the reader stage."""
    from ..read import read_html, read_text

    if req.html is not None:
        try:
            return read_html(req.html, req.id, url=req.url, date=req.date)
        except ValueError as exc:  # EmptyPageError and friends: nothing to code
            raise HTTPException(422, f"cannot read the page: {exc}") from exc
    return read_text(req.text or "", req.id, req.date)


def code_article(state: ApiState, article: Article) -> dict[str, Any]:
    with state.pipeline_lock:
        coded = next(iter(state.pipeline.code_articles([article])))
    return {
        "article": coded.article.to_dict(),
        "events": [e.to_dict() for e in coded.events],
        "error": coded.error,
        "unresolved": [{"text": u.text, "label": u.label} for u in coded.unresolved],
    }


async def handle_code(request: Request, state: ApiState) -> dict[str, Any]:
    """Admit the client (rate, one at a time, overall concurrency), then read and code."""
    client = request.client.host if request.client else "unknown"
    rejected = state.code_gate.admit(client)
    if rejected is not None:
        headers = {"Retry-After": str(rejected.retry_after)}
        raise HTTPException(rejected.status, rejected.detail, headers=headers)
    try:
        body = await read_capped_body(request, state.max_code_bytes)
        req = parse_code_request(body)
        article = await run_in_threadpool(read_article, req)
        if not article.paragraphs:
            raise HTTPException(422, "no article text found")
        return await run_in_threadpool(code_article, state, article)
    finally:
        state.code_gate.release(client)
