"""Dyad series (cooperation vs conflict, both directions) and tilt (one country between two partners).

Each series row also carries ``since``/``until``: the period's first and last day, which the
page uses to list that point's events (``/api/events?source=A&target=B&since=..&until=..``).
"""

from __future__ import annotations

import datetime as dt
import re

from fastapi import APIRouter, Query, Request

from .. import params as P
from ..respond import page, render
from ._common import fmt_for, store

router = APIRouter(tags=["dyads"])
SERIES_MAX = 10_000


def period_range(period: str | None) -> tuple[str | None, str | None]:
    """``2025-10`` → (2025-10-01, 2025-10-31); also YYYY, YYYY-MM-DD, YYYY-Qn, YYYY-Www."""
    if not period:
        return None, None
    p = str(period)
    try:
        if m := re.fullmatch(r"(\d{4})-?W(\d{1,2})", p):
            y, w = int(m.group(1)), int(m.group(2))
            d0 = dt.date.fromisocalendar(y, w, 1)
            return d0.isoformat(), (d0 + dt.timedelta(days=6)).isoformat()
        if m := re.fullmatch(r"(\d{4})-?Q([1-4])", p):
            y, q = int(m.group(1)), int(m.group(2))
            s = P.date_param("period", f"{y}-{3 * q - 2:02d}")
            return s, P.date_param("period", f"{y}-{3 * q:02d}", end=True)
        return P.date_param("period", p[:10]), P.date_param("period", p[:10], end=True)
    except (ValueError, P.BadParam):
        return None, None


def _series_params(by, since, until, limit, offset):
    s, u = P.date_range(since, until)
    b = P.choice_param("by", by, P.PERIODS) or "month"
    lim = P.int_param("limit", limit, default=1000, lo=1, hi=SERIES_MAX)
    off = P.int_param("offset", offset, default=0, lo=0, hi=P.MAX_OFFSET)
    return b, s, u, lim, off


def dyad_data(request: Request, a: str, b: str, by: str, since, until, lim: int, off: int) -> dict:
    rows = store(request).dyad(a, b, by=by, since=since, until=until)
    for r in rows:
        r["since"], r["until"] = period_range(r.get("period"))
        r["coop"] = (r.get("q1") or 0) + (r.get("q2") or 0)
        r["conflict"] = (r.get("q3") or 0) + (r.get("q4") or 0)
    return page(request, rows[off:off + lim], len(rows), lim, off, a=a, b=b, by=by, since=since, until=until)


def tilt_data(request: Request, country: str, x: str, y: str, by: str, since, until, lim: int, off: int) -> dict:
    rows = store(request).tilt(country, between=(x, y), by=by, since=since, until=until)
    for r in rows:
        r["since"], r["until"] = period_range(r.get("period"))
    return page(request, rows[off:off + lim], len(rows), lim, off, country=country, between=[x, y], by=by,
                since=since, until=until)


def _need(name: str, value: str | None) -> str:
    v = P.country_param(name, value)
    if not v:
        raise P.BadParam(name, "is required (a country code like PRK)")
    return v


@router.get("/api/dyad", summary="Dyad series: events between a and b per period, both directions, by quad class")
@router.get("/api/dyad.json", include_in_schema=False)
@router.get("/api/dyad.csv", include_in_schema=False)
def api_dyad(request: Request,
             a: str = Query(..., description="Country code, e.g. PRK"),
             b: str = Query(..., description="Country code, e.g. RUS"),
             by: str | None = Query(None, description="day, week, month (default), year"),
             since: str | None = Query(None), until: str | None = Query(None),
             limit: str | None = Query(None, description="Periods, 1..10000, default 1000"),
             offset: str | None = Query(None)):
    fmt = fmt_for(request, allowed=("json", "csv"))
    a_, b_ = _need("a", a), _need("b", b)
    by_, s, u, lim, off = _series_params(by, since, until, limit, offset)
    return render(request, dyad_data(request, a_, b_, by_, s, u, lim, off), template=None, fmt=fmt)


@router.get("/api/tilt", summary="Tilt: net cooperation of a country with each of two partners per period")
@router.get("/api/tilt.json", include_in_schema=False)
@router.get("/api/tilt.csv", include_in_schema=False)
def api_tilt(request: Request,
             country: str = Query(..., description="Country code, e.g. PRK"),
             x: str = Query(..., description="First partner, e.g. RUS"),
             y: str = Query(..., description="Second partner, e.g. USA"),
             by: str | None = Query(None, description="day, week, month (default), year"),
             since: str | None = Query(None), until: str | None = Query(None),
             limit: str | None = Query(None, description="Rows, 1..10000, default 1000"),
             offset: str | None = Query(None)):
    fmt = fmt_for(request, allowed=("json", "csv"))
    c, x_, y_ = _need("country", country), _need("x", x), _need("y", y)
    by_, s, u, lim, off = _series_params(by, since, until, limit, offset)
    return render(request, tilt_data(request, c, x_, y_, by_, s, u, lim, off), template=None, fmt=fmt)


@router.get("/dyad", include_in_schema=False)
@router.get("/dyad.json", include_in_schema=False)
def dyad_page(request: Request, a: str | None = None, b: str | None = None, by: str | None = None,
              since: str | None = None, until: str | None = None,
              country: str | None = None, x: str | None = None, y: str | None = None):
    """The dyad page: defaults to the busiest dyad; tilt defaults to A between B and another partner."""
    fmt = fmt_for(request, allowed=("html", "json"))
    a_, b_ = P.country_param("a", a), P.country_param("b", b)
    by_, s, u, lim, off = _series_params(by, since, until, None, None)
    lim = SERIES_MAX
    st = store(request)
    if not (a_ and b_):
        top = (st.overview().get("top_dyads") or [])
        if top:
            a_, b_ = a_ or top[0].get("a"), b_ or top[0].get("b")
    data: dict = {"ok": True, "a": a_, "b": b_, "by": by_, "since": s, "until": u, "dyad": None, "tilt": None}
    if a_ and b_:
        data["dyad"] = dyad_data(request, a_, b_, by_, s, u, lim, 0)
        c_ = P.country_param("country", country) or a_
        x_ = P.country_param("x", x) or (b_ if c_ == a_ else a_)
        y_ = P.country_param("y", y)
        if not y_:
            y_ = "USA" if x_ != "USA" and c_ != "USA" else ("CHN" if "CHN" not in (x_, c_) else "RUS")
        data["tilt"] = tilt_data(request, c_, x_, y_, by_, s, u, lim, 0)
    return render(request, data, template="dyad.html", fmt=fmt)
