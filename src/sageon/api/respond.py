"""One view, three faces: every route builds one context dict and answers it as HTML, JSON or CSV.

The format comes from the path suffix (``/events.json``, ``/events.csv``), else ``?format=``,
else the ``Accept`` header, else the route's default (HTML for pages, JSON for ``/api``). HTML
pages get a ``Link: rel=alternate`` to their JSON twin. Errors always answer
``{"ok": false, "error", "errors", "status"}`` (or the same facts as an HTML page to a browser).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterable

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..web import i18n
from . import shapes
from .params import BadParam

WEB = Path(__file__).resolve().parent.parent / "web"
FORMATS = ("html", "json", "csv")

_env: Environment | None = None


def templates() -> Environment:
    global _env
    if _env is None:
        env = Environment(loader=FileSystemLoader(str(WEB / "templates")),
                          autoescape=select_autoescape(default=True, default_for_string=True),
                          trim_blocks=True, lstrip_blocks=True)
        env.globals["PLOVER_TYPES"] = i18n.PLOVER_TYPES
        env.globals["MODALITIES"] = i18n.MODALITIES
        env.globals["http_url"] = http_url
        env.globals.update(norm_event=shapes.norm_event, norm_quote=shapes.norm_quote, norm_mention=shapes.norm_mention)
        env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False, "default": _default}
        _env = env
    return _env


def http_url(url):
    """The URL if it is http(s), else None: a stored ``javascript:`` URL never becomes a link."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def split_suffix(ref: str) -> tuple[str, str | None]:
    """``"12.json"`` → ``("12", "json")``; ``"PRK"`` → ``("PRK", None)``."""
    for f in ("json", "csv", "html"):
        if ref.endswith("." + f):
            return ref[: -len(f) - 1], f
    return ref, None


def want(request: Request, *, suffix: str | None = None, default: str = "html", allowed: tuple[str, ...] = FORMATS) -> str:
    """Which format to answer: suffix > ?format= > Accept > default."""
    fmt = suffix
    if fmt is None:
        q = request.query_params.get("format")
        if q:
            fmt = q.strip().lower()
            if fmt not in FORMATS:
                raise BadParam("format", f"must be one of: {', '.join(allowed)}; got {q!r}")
    if fmt is None:
        accept = request.headers.get("accept", "")
        if "text/html" in accept:
            fmt = default
        elif "application/json" in accept:
            fmt = "json"
        elif "text/csv" in accept:
            fmt = "csv"
        else:
            fmt = default
    if fmt not in allowed:
        raise BadParam("format", f"must be one of: {', '.join(allowed)}; got {fmt!r}")
    return fmt


def lang_of(request: Request) -> str:
    v = request.query_params.get("lang")
    if v is None or v == "":
        v = request.cookies.get("lang") or ""
        return v if v in i18n.LANGS else i18n.DEFAULT_LANG
    v = v.strip().lower()
    if v not in i18n.LANGS:
        raise BadParam("lang", f"must be one of: {', '.join(i18n.LANGS)}; got {v!r}")
    return v


def next_url(request: Request, *, total: int, limit: int, offset: int) -> str | None:
    if offset + limit >= total:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


def prev_url(request: Request, *, limit: int, offset: int) -> str | None:
    if offset <= 0:
        return None
    return str(request.url.include_query_params(offset=max(0, offset - limit), limit=limit))


def page(request: Request, rows: list[dict], total: int, limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    """The paginated list shape every list answers."""
    return {"ok": True, "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, total=total, limit=limit, offset=offset), **extra, "rows": rows}


def json_url(request: Request) -> str:
    """This page's JSON twin: ``/events?x=1`` → ``/events.json?x=1``."""
    path = request.url.path.rstrip("/") or ""
    path = (path or "/index") + ".json" if not path.endswith(".json") else path
    q = request.url.query
    return path + ("?" + q if q else "")


def render(request: Request, data: dict[str, Any], *, template: str | None, fmt: str,
           csv_rows: Iterable[dict] | None = None, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    hdrs = dict(headers or {})
    lang = lang_of(request)  # checked for every format: ?lang=fr is a 400 on .json too
    if data.get("next"):
        hdrs["Link"] = f'<{data["next"]}>; rel="next"'
    if "total" in data:
        hdrs["X-Total-Count"] = str(data["total"])
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":")).encode()
        return Response(body, media_type="application/json", status_code=status, headers=hdrs)
    if fmt == "csv":
        rows = list(csv_rows if csv_rows is not None else data.get("rows", []))
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8", status_code=status, headers=hdrs)
    if template is None:
        raise BadParam("format", "this resource has no HTML page; use json or csv")
    alt = json_url(request)
    link = f'<{alt}>; rel="alternate"; type="application/json"'
    hdrs["Link"] = (hdrs["Link"] + ", " + link) if "Link" in hdrs else link
    html = templates().get_template(template).render(
        d=data, t=i18n.Strings(lang), lang=lang, request=request,
        json_url=alt, lang_url=lambda l: str(request.url.include_query_params(lang=l)),
        url_with=lambda **kw: str(request.url.include_query_params(**kw)),
        prev=prev_url(request, limit=data.get("limit", 0), offset=data.get("offset", 0)) if "offset" in data else None,
    )
    resp = HTMLResponse(html, status_code=status, headers=hdrs)
    if request.query_params.get("lang") in i18n.LANGS:
        resp.set_cookie("lang", request.query_params["lang"], samesite="lax", max_age=365 * 86400)
    return resp


def _default(o: Any) -> Any:
    """JSON for what the store may hand back besides plain types: dates, decimals, sets, bytes."""
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    if isinstance(o, bytes):
        return o.decode("utf-8", "replace")
    return jsonable_encoder(o)


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(v, ensure_ascii=False, default=_default)
    return v


def to_csv(rows: list[dict]) -> str:
    cols: list[str] = []
    seen: set[str] = set()
    for r in rows:
        for k in r:
            if k not in seen:
                seen.add(k)
                cols.append(k)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


def error_body(status: int, message: str, errors: list[Any] | None = None) -> dict[str, Any]:
    return {"ok": False, "error": message, "errors": errors or [message], "status": status}


def error_response(request: Request, status: int, message: str, errors: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    body = error_body(status, message, errors)
    path = request.url.path
    wants_html = (not path.startswith("/api") and not path.endswith((".json", ".csv"))
                  and "text/html" in request.headers.get("accept", "")
                  and request.query_params.get("format") not in ("json", "csv"))
    if wants_html:
        try:
            lang = request.query_params.get("lang")
            lang = lang if lang in i18n.LANGS else (request.cookies.get("lang") if request.cookies.get("lang") in i18n.LANGS else i18n.DEFAULT_LANG)
            html = templates().get_template("error.html").render(
                d=body, t=i18n.Strings(lang), lang=lang, request=request, json_url=None,
                lang_url=lambda l: str(request.url.include_query_params(lang=l)), url_with=None, prev=None)
            return HTMLResponse(html, status_code=status, headers=headers)
        except Exception:  # noqa: BLE001 - an error page must never fail into a 500
            pass
    return JSONResponse(body, status_code=status, headers=headers)
