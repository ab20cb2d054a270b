"""Search across articles, actors, quotes and events."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from .. import params as P
from ..respond import render
from ._common import fmt_for, store

router = APIRouter(tags=["search"])


@router.get("/api/search", summary="Search articles, actors, quotes and events")
@router.get("/api/search.json", include_in_schema=False)
@router.get("/search", include_in_schema=False)
@router.get("/search.json", include_in_schema=False)
def search(request: Request, q: str | None = Query(None, description="Words to find"),
           limit: str | None = Query(None, description="Per kind, 1..100, default 20")):
    fmt = fmt_for(request, allowed=("html", "json"))
    qq = P.text_param("q", q)
    lim = P.int_param("limit", limit, default=20, lo=1, hi=100)
    if not qq:
        if request.url.path.startswith("/api"):
            raise P.BadParam("q", "is required")
        return render(request, {"ok": True, "q": "", "results": {}}, template="search.html", fmt=fmt)
    res = store(request).search(qq, limit=lim)
    return render(request, {"ok": True, "q": qq, "results": res}, template="search.html", fmt=fmt)
