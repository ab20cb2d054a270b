"""Extract without storing: paste or upload an article, see it highlighted like a stored one."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from .. import params as P
from ..respond import render
from ._common import fmt_for
from .articles import article_view

router = APIRouter(tags=["extract"])
MAX_TEXT = 200_000


def doc_article(doc) -> dict:
    """A Document shaped like the store's article dict (id None: not stored)."""
    d = doc.to_dict(layers=False)
    return {"id": None, "title": d["title"], "published": d["published"], "outlet": d["outlet"], "url": d["url"],
            "text": d["text"], "skip_reason": d.get("skip_reason"), "versions": d.get("versions"),
            "layers": {k: d[k] for k in ("mentions", "times", "quotes", "events")}}


def run_extract(text: str, published: str | None) -> dict:
    import sageon

    if not text or not text.strip():
        raise P.BadParam("text", "is empty: paste an article or upload a file")
    if len(text) > MAX_TEXT:
        raise P.BadParam("text", f"is longer than {MAX_TEXT} characters")
    pub = P.date_param("published", published) if published else None
    doc = sageon.extract(text, published=pub)
    return doc_article(doc)


class ExtractIn(BaseModel):
    text: str = Field(..., description="Title line, newline, body")
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD")


@router.post("/api/extract", summary="Extract one article without storing it: text plus layers with offsets")
def api_extract(request: Request, body: ExtractIn):
    art = run_extract(body.text, body.published.isoformat() if body.published else None)
    return render(request, article_view(art, fmt="json") | {"stored": False}, template=None, fmt="json")


@router.get("/extract", include_in_schema=False)
@router.get("/extract.json", include_in_schema=False)
def extract_form(request: Request):
    fmt = fmt_for(request, allowed=("html", "json"))
    return render(request, {"ok": True, "article": None, "stored": False, "form": {"text": "", "published": ""}},
                  template="extract.html", fmt=fmt)


@router.post("/extract", include_in_schema=False)
@router.post("/extract.json", include_in_schema=False)
async def extract_post(request: Request):
    fmt = fmt_for(request, allowed=("html", "json"))
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:
            raise P.BadParam("body", "is not valid JSON") from None
        if not isinstance(body, dict):
            raise P.BadParam("body", "must be a JSON object with 'text'")
        text, published = body.get("text"), body.get("published")
        if not isinstance(text, str) or not (published is None or isinstance(published, str)):
            raise P.BadParam("text", "must be a string (and published a date string)")
    else:
        form = await request.form()
        text = form.get("text") or ""
        published = form.get("published") or None
        up = form.get("file")
        if up is not None and hasattr(up, "read"):
            raw = await up.read()
            if raw:
                from ...read import decode_bytes

                text = decode_bytes(raw, source=getattr(up, "filename", None) or "upload")
        if not isinstance(text, str) or not (published is None or isinstance(published, str)):
            raise P.BadParam("text", "must be text")
    from starlette.concurrency import run_in_threadpool

    art = await run_in_threadpool(run_extract, text, published)
    data = article_view(art, fmt=fmt) | {"stored": False, "form": {"text": text, "published": published or ""}}
    return render(request, data, template="extract.html", fmt=fmt)
