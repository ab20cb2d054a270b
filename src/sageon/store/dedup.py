"""Story-level dedup: many reports of one real-world event become one story.

Two events are reports of the same story when they share source country, target country and
type, and either both have the same day, or neither has a day and their articles were published
at most two days apart, and their evidence is close: the same trigger, or character-trigram
Jaccard similarity ≥ :data:`MIN_JACCARD`.

A story is represented by its first report: ``events.story_id`` is that report's id on every
report, and ``events.story_count`` is the number of reports on that row and 0 on the others.
Counting rows with ``story_count > 0`` counts stories, not articles.

Assignment is incremental: new events are inserted with ``story_id`` NULL and
:func:`assign_stories` gives each one a story, looking candidates up by the
(source_country, target_country, type, edate) index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable

from sqlalchemy import Connection, and_, bindparam, select, update

from .models import events as E

MIN_JACCARD = 0.3
PUBLISHED_WINDOW_DAYS = 2


def trigrams(text: str | None) -> frozenset[str]:
    """Character trigrams of ``text`` with whitespace removed."""
    s = "".join((text or "").split())
    if len(s) < 3:
        return frozenset([s]) if s else frozenset()
    return frozenset(s[i:i + 3] for i in range(len(s) - 2))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _day(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def _same_story(new: dict, cand: dict) -> bool:
    new_day = new["date_precision"] == "day"
    cand_day = cand["date_precision"] == "day"
    if new_day != cand_day:
        return False
    if new_day:
        if new["edate"] != cand["edate"]:
            return False
    else:
        a, b = _day(new["edate"]), _day(cand["edate"])
        if a is None or b is None or abs((a - b).days) > PUBLISHED_WINDOW_DAYS:
            return False
    if new["trigger"] and new["trigger"] == cand["trigger"]:
        return True
    return jaccard(new["_tri"], cand["_tri"]) >= MIN_JACCARD


def _key_clause(col, value):
    return col.is_(None) if value is None else col == value


_COLS = (E.c.id, E.c.source_country, E.c.target_country, E.c.type, E.c.edate, E.c.date_precision,
         E.c.text, E.c.trigger, E.c.story_count)


def assign_stories(conn: Connection, ids: Iterable[int] | None = None) -> int:
    """Give every event with no story yet (or those of ``ids`` without one) a story; returns how many merged.

    Works one (source, target, type) group at a time, so a full re-dedup of millions of events
    never holds more than one group in memory.
    """
    base = select(*_COLS).where(E.c.story_id.is_(None)).order_by(E.c.id)
    if ids is not None:
        ids = list(ids)
        merged = 0
        for i in range(0, len(ids), 5000):
            rows = [dict(r._mapping) for r in conn.execute(base.where(E.c.id.in_(ids[i:i + 5000])))]
            merged += _assign_rows(conn, rows)
        return merged
    keys = conn.execute(select(E.c.source_country, E.c.target_country, E.c.type).where(E.c.story_id.is_(None))
                        .group_by(E.c.source_country, E.c.target_country, E.c.type)).all()
    merged = 0
    for sc, tc, typ in keys:
        q = base.where(_key_clause(E.c.source_country, sc), _key_clause(E.c.target_country, tc), _key_clause(E.c.type, typ))
        merged += _assign_rows(conn, [dict(r._mapping) for r in conn.execute(q)])
    return merged


def _assign_rows(conn: Connection, new_rows: list[dict]) -> int:
    if not new_rows:
        return 0
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in new_rows:
        r["_tri"] = trigrams(r["text"])
        groups[(r["source_country"], r["target_country"], r["type"])].append(r)

    own: list[dict] = []  # new stories: story_id = own id
    merged: list[dict] = []  # reports joined to an existing story
    bumps: dict[int, int] = defaultdict(int)  # existing story id → extra reports
    for (sc, tc, typ), rows in groups.items():
        days = [d for d in (_day(r["edate"]) for r in rows) if d]
        cands: dict[str | None, list[dict]] = defaultdict(list)
        if days:
            lo = (min(days) - dt.timedelta(days=PUBLISHED_WINDOW_DAYS)).isoformat()
            hi = (max(days) + dt.timedelta(days=PUBLISHED_WINDOW_DAYS)).isoformat()
            cq = select(*_COLS).where(
                _key_clause(E.c.source_country, sc), _key_clause(E.c.target_country, tc), _key_clause(E.c.type, typ),
                E.c.edate >= lo, E.c.edate <= hi, E.c.story_count > 0, E.c.story_id.is_not(None),
            )
            for c in conn.execute(cq):
                c = dict(c._mapping)
                c["_tri"] = trigrams(c["text"])
                cands[c["edate"]].append(c)
        for r in rows:
            d = _day(r["edate"])
            found = None
            if d is not None:
                for off in range(-PUBLISHED_WINDOW_DAYS, PUBLISHED_WINDOW_DAYS + 1):
                    for c in cands.get((d + dt.timedelta(days=off)).isoformat(), ()):
                        if _same_story(r, c):
                            found = c
                            break
                    if found:
                        break
            if found is not None:
                merged.append({"_id": r["id"], "_sid": found["id"], "_n": 0})
                found["story_count"] += 1
                bumps[found["id"]] += 1
            else:
                r["story_count"] = 1
                own.append({"_id": r["id"], "_sid": r["id"], "_n": 1})
                if d is not None:
                    cands[r["edate"]].append(r)
    upd = update(E).where(E.c.id == bindparam("_id")).values(story_id=bindparam("_sid"), story_count=bindparam("_n"))
    own_ids = {o["_id"] for o in own}
    # A story created in this call and joined in this call: its count is final in own[].
    final = {o["_id"]: o for o in own}
    for sid, extra in bumps.items():
        if sid in own_ids:
            final[sid]["_n"] += extra
    rows = list(final.values()) + merged
    if rows:
        conn.execute(upd, rows)
    old_bumps = [{"_sid2": sid, "_extra": n} for sid, n in bumps.items() if sid not in own_ids]
    if old_bumps:
        conn.execute(
            update(E).where(E.c.id == bindparam("_sid2")).values(story_count=E.c.story_count + bindparam("_extra")),
            old_bumps,
        )
    return len(merged)


def release_stories(conn: Connection, article_ids: list[int]) -> None:
    """Before an article's events are deleted: detach them from their stories.

    Reports of other articles whose story was one of these events lose their story and are
    re-assigned by the next :func:`assign_stories`; stories these events had joined lose a report.
    """
    rows = conn.execute(select(E.c.id, E.c.story_id).where(E.c.article_id.in_(article_ids))).all()
    gone = {r.id for r in rows}
    heads = {r.id for r in rows if r.story_id == r.id}
    joined: dict[int, int] = defaultdict(int)
    for r in rows:
        if r.story_id is not None and r.story_id != r.id and r.story_id not in gone:
            joined[r.story_id] += 1
    if heads:
        conn.execute(
            update(E).where(and_(E.c.story_id.in_(heads), E.c.article_id.not_in(article_ids)))
            .values(story_id=None, story_count=0)
        )
    if joined:
        conn.execute(
            update(E).where(E.c.id == bindparam("_sid")).values(story_count=E.c.story_count - bindparam("_n")),
            [{"_sid": k, "_n": v} for k, v in joined.items()],
        )


def dedup_all(conn: Connection) -> dict:
    """Recompute every story from scratch; returns {'events', 'stories'}."""
    conn.execute(update(E).values(story_id=None, story_count=0))
    assign_stories(conn)
    from sqlalchemy import func

    n = conn.execute(select(func.count()).select_from(E)).scalar() or 0
    s = conn.execute(select(func.count()).select_from(E).where(E.c.story_count > 0)).scalar() or 0
    return {"events": n, "stories": s}
