"""Articles: list, one article with its layers (highlighted on the page), and POST to store one."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from .. import params as P
from ..app import ApiError, check_token
from ..respond import page, render, split_suffix
from ._common import fmt_for, layer_spans, segments, store

router = APIRouter(tags=["articles"])


@router.get("/api/articles", summary="Articles, filtered and paginated (JSON or CSV)")
@router.get("/api/articles.json", include_in_schema=False)
@router.get("/api/articles.csv", include_in_schema=False)
@router.get("/articles", include_in_schema=False)
@router.get("/articles.json", include_in_schema=False)
@router.get("/articles.csv", include_in_schema=False)
def articles(request: Request,
             q: str | None = Query(None, description="Words in title or text"),
             outlet: str | None = Query(None, description="Outlet name"),
             since: str | None = Query(None, description="Published from (YYYY[-MM[-DD]])"),
             until: str | None = Query(None, description="Published up to, inclusive"),
             limit: str | None = Query(None, description="1..500, default 50"),
             offset: str | None = Query(None, description="0.., default 0")):
    fmt = fmt_for(request)
    s, u = P.date_range(since, until)
    f = {"q": P.text_param("q", q), "outlet": P.text_param("outlet", outlet), "since": s, "until": u}
    lim, off = P.page_params(limit, offset)
    rows, total = store(request).articles(**f, limit=lim, offset=off)
    rows = [{k: v for k, v in r.items() if k not in ("text", "layers")} for r in rows]
    return render(request, page(request, rows, total, lim, off, filters=f), template="articles.html", fmt=fmt)


def article_view(art: dict, *, fmt: str) -> dict:
    """The article page's context: the stored dict, plus the highlight segmentation for HTML."""
    layers = art.get("layers") or {}
    data = {"ok": True, "article": art}
    if fmt == "html":
        data["segments"] = segments(art.get("text") or "", layer_spans(layers))
    return data


@router.get("/api/articles/{ref}", summary="One article: text plus mentions, times, quotes, events with offsets")
@router.get("/articles/{ref}", include_in_schema=False)
def article(request: Request, ref: str):
    ident, suffix = split_suffix(ref)
    fmt = fmt_for(request, allowed=("html", "json"), suffix=suffix)
    aid = P.id_param("article id", ident)
    art = store(request).article(aid)
    if art is None:
        raise ApiError(404, f"no article with id {aid}")
    return render(request, article_view(art, fmt=fmt), template="article.html", fmt=fmt)


class ArticleIn(BaseModel):
    text: str = Field(..., min_length=1, max_length=500_000, description="Title line, newline, body")
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=1000)


@router.post("/api/articles", status_code=201,
             summary="Extract one article and store it (needs Authorization: Bearer SAGEON_API_TOKEN)")
def post_article(request: Request, body: ArticleIn):
    check_token(request)
    import sageon

    meta = {k: v for k, v in (("outlet", body.outlet), ("url", body.url)) if v}
    doc = sageon.extract(body.text, published=body.published, title=body.title, **meta)
    st = store(request)
    res = st.add_documents([doc])
    st.clear()
    return {"ok": True, "result": res, "events": len(doc.events), "quotes": len(doc.quotes),
            "mentions": len(doc.mentions), "skip_reason": doc.skip_reason}
