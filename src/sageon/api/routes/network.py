"""Network: countries as nodes, events as typed, directed, weighted edges."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from .. import params as P
from ..respond import render
from ._common import fmt_for, store

router = APIRouter(tags=["network"])


@router.get("/api/network", summary="Country network: nodes and typed, directed, weighted edges (CSV: edges)")
@router.get("/api/network.json", include_in_schema=False)
@router.get("/api/network.csv", include_in_schema=False)
@router.get("/network", include_in_schema=False)
@router.get("/network.json", include_in_schema=False)
@router.get("/network.csv", include_in_schema=False)
def network(request: Request,
            type: str | None = Query(None, description="Only this PLOVER type"),
            since: str | None = Query(None), until: str | None = Query(None),
            min_weight: str | None = Query(None, description="Edges with at least this many events, 1..100000"),
            limit: str | None = Query(None, description="Most edges, 1..1000, default 200"),
            offset: str | None = Query(None, description="Skip this many edges (0..)")):
    fmt = fmt_for(request)
    s, u = P.date_range(since, until)
    t = P.type_param(type)
    mw = P.int_param("min_weight", min_weight, default=1, lo=1, hi=100_000)
    lim = P.int_param("limit", limit, default=200, lo=1, hi=1000)
    off = P.int_param("offset", offset, default=0, lo=0, hi=P.MAX_OFFSET)
    net = store(request).network(type=t, since=s, until=u, min_weight=mw, limit=lim + off)
    edges = list(net.get("edges") or [])
    total = len(edges) if len(edges) < lim + off else None
    edges = edges[off:off + lim]
    data = {"ok": True, "filters": {"type": t, "since": s, "until": u, "min_weight": mw},
            "limit": lim, "offset": off, "total": total if total is not None else off + len(edges),
            "next": None, "nodes": net.get("nodes") or [], "edges": edges, "rows": edges}
    if total is None:
        data["next"] = str(request.url.include_query_params(offset=off + lim, limit=lim))
    return render(request, data, template="network.html", fmt=fmt)
