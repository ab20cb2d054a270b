"""Events: filterable, sortable, paginated (``/events``, ``/api/events``; ``.json``/``.csv``)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from .. import params as P
from ..respond import page, render
from ._common import fmt_for, store

router = APIRouter(tags=["events"])


def event_filters(*, actor=None, country=None, source=None, target=None, type=None, modality=None,
                  since=None, until=None, text=None, article_id=None) -> dict:
    """Checked store filters (raises BadParam → 400)."""
    s, u = P.date_range(since, until)
    return {
        "actor": P.text_param("actor", actor, max_len=300),
        "country": P.country_param("country", country),
        "source": P.country_param("source", source),
        "target": P.country_param("target", target),
        "type": P.type_param(type),
        "modality": P.modality_param(modality),
        "since": s, "until": u,
        "text": P.text_param("text", text),
        "article_id": P.id_param("article_id", article_id) if article_id not in (None, "") else None,
    }


@router.get("/api/events", summary="Events, filtered and paginated (JSON or CSV)")
@router.get("/api/events.json", include_in_schema=False)
@router.get("/api/events.csv", include_in_schema=False)
@router.get("/events", include_in_schema=False)
@router.get("/events.json", include_in_schema=False)
@router.get("/events.csv", include_in_schema=False)
def events(request: Request,
           country: str | None = Query(None, description="Source or target country code (PRK, USA, ...)"),
           source: str | None = Query(None, description="Source country code"),
           target: str | None = Query(None, description="Target country code"),
           actor: str | None = Query(None, description="Actor key (KB id)"),
           type: str | None = Query(None, description="PLOVER type: AGREE, CONSULT, ..., ASSAULT"),
           modality: str | None = Query(None, description="asserted, negated, intended, scheduled, hypothetical"),
           since: str | None = Query(None, description="From this date (YYYY, YYYY-MM or YYYY-MM-DD)"),
           until: str | None = Query(None, description="Up to this date, inclusive"),
           text: str | None = Query(None, description="Words in the evidence"),
           article_id: str | None = Query(None, description="Only this article's events"),
           order: str | None = Query(None, description="date_desc (default), date_asc, intensity_desc, intensity_asc, id"),
           limit: str | None = Query(None, description="1..500, default 50"),
           offset: str | None = Query(None, description="0.., default 0")):
    fmt = fmt_for(request)
    f = event_filters(actor=actor, country=country, source=source, target=target, type=type, modality=modality,
                      since=since, until=until, text=text, article_id=article_id)
    o = P.choice_param("order", order, tuple(P.ORDERS)) or "date_desc"
    lim, off = P.page_params(limit, offset)
    rows, total = store(request).events(**f, limit=lim, offset=off, order=P.ORDERS[o])
    data = page(request, rows, total, lim, off, filters={**f, "order": o})
    return render(request, data, template="events.html", fmt=fmt)
