"""Helpers the routers share: format choice by path, the store, the highlight segmentation."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ..app import store_of
from ..respond import FORMATS, split_suffix, want


def fmt_for(request: Request, *, allowed: tuple[str, ...] = FORMATS, suffix: str | None = None) -> str:
    """Suffix of the path (``.json``/``.csv``) or ``?format=``/Accept; ``/api`` defaults to JSON, pages to HTML."""
    path = request.url.path
    if suffix is None:
        _, suffix = split_suffix(path)
    api = path.startswith("/api/") or path == "/api"
    if api:
        allowed = tuple(f for f in allowed if f != "html")
    return want(request, suffix=suffix, default="json" if api else "html", allowed=allowed)


def store(request: Request):
    return store_of(request)


def segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every span boundary: a flat list of pieces, each with the spans covering it.

    ``spans`` are ``(start, end, kind, id)``; out-of-range or empty spans are dropped. Nested and
    overlapping spans need no tree: each piece just lists every span that covers it. Pieces carry
    raw text; the template escapes it.
    """
    n = len(text)
    clean = []
    for s, e, kind, sid in spans:
        if not isinstance(s, int) or not isinstance(e, int):
            continue
        s, e = max(0, s), min(n, e)
        if s < e:
            clean.append((s, e, kind, sid))
    bounds = sorted({0, n, *(s for s, _, _, _ in clean), *(e for _, e, _, _ in clean)})
    starts: dict[int, list] = {}
    for sp in clean:
        starts.setdefault(sp[0], []).append(sp)
    active: list[tuple[int, int, str, str]] = []
    out = []
    for a, b in zip(bounds, bounds[1:]):
        active = [sp for sp in active if sp[1] > a] + starts.get(a, [])
        kinds = sorted({sp[2] for sp in active})
        out.append({"text": text[a:b], "start": a, "end": b, "kinds": kinds, "ids": [sp[3] for sp in active]})
    return out


def layer_spans(layers: dict[str, list[dict]]) -> list[tuple[int, int, str, str]]:
    """Spans of an article's layers, ids ``m0``, ``t0``, ``q0``, ``e0`` by position in each layer."""
    out = []
    for key, kind in (("mentions", "m"), ("times", "t"), ("quotes", "q"), ("events", "e")):
        for i, x in enumerate(layers.get(key) or []):
            if isinstance(x, dict) and x.get("start") is not None and x.get("end") is not None:
                out.append((x["start"], x["end"], kind, f"{kind}{i}"))
    return out
