"""Actors: the list, and one actor's profile with its events and quotes over time."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Query, Request

from .. import params as P
from ..app import ApiError
from ..respond import page, render, split_suffix
from ._common import fmt_for, store

router = APIRouter(tags=["actors"])
ACTOR_TYPES = ("country", "org", "person")


@router.get("/api/actors", summary="Actors, filtered and paginated (JSON or CSV)")
@router.get("/api/actors.json", include_in_schema=False)
@router.get("/api/actors.csv", include_in_schema=False)
@router.get("/actors", include_in_schema=False)
@router.get("/actors.json", include_in_schema=False)
@router.get("/actors.csv", include_in_schema=False)
def actors(request: Request,
           q: str | None = Query(None, description="Words in the name (Korean or English)"),
           country: str | None = Query(None, description="Country code"),
           type: str | None = Query(None, description="country, org or person"),
           limit: str | None = Query(None, description="1..500, default 50"),
           offset: str | None = Query(None, description="0.., default 0")):
    fmt = fmt_for(request)
    f = {"q": P.text_param("q", q), "country": P.country_param("country", country),
         "type": P.choice_param("type", type, ACTOR_TYPES)}
    lim, off = P.page_params(limit, offset)
    rows, total = store(request).actors(**f, limit=lim, offset=off)
    return render(request, page(request, rows, total, lim, off, filters=f), template="actors.html", fmt=fmt)


def _period(date: str | None) -> str | None:
    return date[:7] if date else None


def country_profile(code: str) -> dict:
    """A profile for a country code the actors table does not hold (never mentioned by name)."""
    from ...store.query import country_label

    return {"key": code, "actor_id": code, "name_ko": code, "name_en": country_label(code), "type": "country",
            "country": code, "sector": None, "role": None, "by_month": [], "synthetic": True}


@router.get("/api/actors/{key:path}", summary="One actor: profile, its events and quotes, counts by month")
@router.get("/actors/{key:path}", include_in_schema=False)
def actor(request: Request, key: str,
          limit: str | None = Query(None, description="Events and quotes listed, 1..500, default 50")):
    ident, suffix = split_suffix(key)
    fmt = fmt_for(request, allowed=("html", "json"), suffix=suffix)
    ident = P.text_param("key", ident, max_len=300)
    if not ident:
        raise ApiError(404, "no actor key given")
    lim = P.int_param("limit", limit, default=50, lo=1, hi=P.MAX_LIMIT)
    st = store(request)
    prof = st.actor(ident)
    if prof is None:
        code = ident.upper()
        if P._CODE.match(code) and st.events(country=code, limit=1)[1]:
            prof = country_profile(code)
        else:
            raise ApiError(404, f"no actor {ident!r}")
    is_country = prof.get("type") == "country" and prof.get("country")
    me = prof.get("country")
    if is_country:
        evs, n_ev = st.events(country=me, limit=lim, offset=0)
        qs, n_q = st.quotes(country=me, limit=lim, offset=0)
    else:
        aid = prof.get("actor_id") or prof.get("key")
        evs, n_ev = st.events(actor=aid, limit=lim, offset=0)
        qs, n_q = st.quotes(speaker=aid, limit=lim, offset=0)
    by: dict[str, Counter] = {}
    for m in prof.get("by_month") or []:
        if m.get("period"):
            by.setdefault(m["period"], Counter())["mentions"] += m.get("mentions") or 0
    for e in evs:
        p = _period(e.get("date") or e.get("published"))
        if not p:
            continue
        if is_country:
            role = "source" if e.get("source_country") == me else "target"
        else:
            role = "source" if e.get("source_actor_id") in (prof.get("actor_id"), prof.get("key")) else "target"
        by.setdefault(p, Counter())[role] += 1
    for q in qs:
        p = _period(q.get("date") or q.get("published"))
        if p:
            by.setdefault(p, Counter())["quotes"] += 1
    series = [{"period": p, "as_source": c["source"], "as_target": c["target"], "quotes": c["quotes"],
               "mentions": c["mentions"]} for p, c in sorted(by.items())]
    data = {"ok": True, "actor": prof, "events_total": n_ev, "quotes_total": n_q,
            "events": evs, "quotes": qs, "series": series}
    return render(request, data, template="actor.html", fmt=fmt)
