"""Overview: counts, corpus date range, busiest dyads, recent events (``/`` and ``/api/overview``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..respond import render
from ._common import fmt_for, store

router = APIRouter(tags=["overview"])


@router.get("/api/overview", summary="Counts, corpus date range, busiest dyads, recent events")
@router.get("/api/overview.json", include_in_schema=False)
@router.get("/", include_in_schema=False)
@router.get("/index.json", include_in_schema=False)
@router.get("/overview", include_in_schema=False)
@router.get("/overview.json", include_in_schema=False)
def overview(request: Request):
    fmt = fmt_for(request, allowed=("html", "json"))
    ov = store(request).overview()
    data = {"ok": True, **ov}
    return render(request, data, template="overview.html", fmt=fmt)
