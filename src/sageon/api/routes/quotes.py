"""Quotes: who said what, filtered and paginated (``/quotes``, ``/api/quotes``)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from .. import params as P
from ..respond import page, render
from ._common import fmt_for, store

router = APIRouter(tags=["quotes"])


def quote_filters(*, speaker=None, country=None, since=None, until=None, text=None, article_id=None) -> dict:
    s, u = P.date_range(since, until)
    return {
        "speaker": P.text_param("speaker", speaker, max_len=300),
        "country": P.country_param("country", country),
        "since": s, "until": u,
        "text": P.text_param("text", text),
        "article_id": P.id_param("article_id", article_id) if article_id not in (None, "") else None,
    }


@router.get("/api/quotes", summary="Quotes, filtered and paginated (JSON or CSV)")
@router.get("/api/quotes.json", include_in_schema=False)
@router.get("/api/quotes.csv", include_in_schema=False)
@router.get("/quotes", include_in_schema=False)
@router.get("/quotes.json", include_in_schema=False)
@router.get("/quotes.csv", include_in_schema=False)
def quotes(request: Request,
           speaker: str | None = Query(None, description="Speaker actor key or name"),
           country: str | None = Query(None, description="Speaker's country code"),
           since: str | None = Query(None, description="From (YYYY[-MM[-DD]])"),
           until: str | None = Query(None, description="Up to, inclusive"),
           text: str | None = Query(None, description="Words in the quote"),
           article_id: str | None = Query(None, description="Only this article's quotes"),
           limit: str | None = Query(None, description="1..500, default 50"),
           offset: str | None = Query(None, description="0.., default 0")):
    fmt = fmt_for(request)
    f = quote_filters(speaker=speaker, country=country, since=since, until=until, text=text, article_id=article_id)
    lim, off = P.page_params(limit, offset)
    rows, total = store(request).quotes(**f, limit=lim, offset=off)
    return render(request, page(request, rows, total, lim, off, filters=f), template="quotes.html", fmt=fmt)
