"""Display shapes: the store's flat rows and a Document's nested dicts look alike to templates.

An event may come as a store row (``source_country``, ``date``: str) or as ``asdict(Event)``
(``source: {text, country, ...}``, ``date: {value, ...}``, ``text``); ``norm_event`` gives both one
face. Nothing here escapes: the templates do.
"""

from __future__ import annotations

from typing import Any


def _part(e: dict, side: str) -> dict[str, Any]:
    p = e.get(side)
    if isinstance(p, dict):
        return {"text": p.get("text"), "country": p.get("country"), "actor_id": p.get("actor_id")}
    return {"text": e.get(f"{side}_text") or (p if isinstance(p, str) else None),
            "country": e.get(f"{side}_country"), "actor_id": e.get(f"{side}_actor_id")}


def norm_event(e: dict) -> dict[str, Any]:
    d = e.get("date")
    if isinstance(d, dict):
        date = d.get("value")
    else:
        date = d or e.get("date_value") or e.get("edate")
    return {
        "id": e.get("id"), "article_id": e.get("article_id"), "article_title": e.get("article_title"),
        "published": e.get("published"), "type": e.get("type"), "modality": e.get("modality"),
        "source": _part(e, "source"), "target": _part(e, "target"), "date": date,
        "evidence": e.get("evidence") or e.get("text"), "start": e.get("start"), "end": e.get("end"),
        "rule": e.get("rule"), "intensity": e.get("intensity"), "quad_class": e.get("quad_class"),
        "location": e.get("location"), "trigger": e.get("trigger"), "url": e.get("url"),
        "story_count": e.get("story_count"),
    }


def norm_quote(q: dict) -> dict[str, Any]:
    sp = _part(q, "speaker")
    return {"id": q.get("id"), "article_id": q.get("article_id"), "article_title": q.get("article_title"),
            "text": q.get("text"), "speaker": sp, "verb": q.get("verb"), "direct": q.get("direct"),
            "date": q.get("date") or q.get("published"), "start": q.get("start"), "end": q.get("end"),
            "rule": q.get("rule")}


def norm_mention(m: dict) -> dict[str, Any]:
    a = m.get("actor") if isinstance(m.get("actor"), dict) else {}
    return {"text": m.get("text"), "kind": m.get("kind"), "start": m.get("start"), "end": m.get("end"),
            "actor_id": a.get("id") or m.get("actor_id") or m.get("actor_key"),
            "name": a.get("name_ko") or m.get("name_ko"), "country": a.get("country") or m.get("country"),
            "role": a.get("role") or m.get("role"), "type": a.get("type") or m.get("type")}
