"""The one query layer behind the CLI, the Python API (:class:`~sageon.store.Store`) and the REST API.

Every function takes a SQLAlchemy connection and keyword filters, validates them (a bad value
raises :class:`~sageon.errors.ConfigError` naming the allowed set), and returns plain dicts.

Dates: events are placed on ``edate``, the event's own day when it has one, else the article's
publication date. Dyads, tilt, overview and network count **stories** (one row per real-world
event, see :mod:`sageon.store.dedup`) and leave out negated and hypothetical events unless
``modality`` says otherwise.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import defaultdict
from typing import Any, Iterable

from sqlalchemy import Connection, and_, func, or_, select

from .. import plover
from ..errors import ConfigError
from ..schema import ACTOR_TYPES, MODALITIES, PLOVER_TYPES
from .models import actors as A
from .models import articles as T
from .models import events as E
from .models import mentions as M
from .models import quotes as Q
from .models import times as X

PERIODS = ("day", "week", "month", "year")
ORDERS = ("date_desc", "date_asc", "id", "intensity", "intensity_desc")
# Modalities counted by dyad/tilt/network/overview by default: what happened or was announced.
COUNTED_MODALITIES = ("asserted", "intended", "scheduled")
MAX_LIMIT = 100_000
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


# ---------------------------------------------------------------------------------------------
# Validation


def check_date(value: Any, name: str, *, end: bool = False) -> str | None:
    """'YYYY-MM-DD' from a date, 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' (month/year: first day, or last with end)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return dt.date.fromisoformat(s).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}", s):
            y, m = int(s[:4]), int(s[5:])
            return dt.date(y, m, calendar.monthrange(y, m)[1] if end else 1).isoformat()
        if re.fullmatch(r"\d{4}", s):
            return f"{s}-12-31" if end else f"{s}-01-01"
    except ValueError:
        pass
    raise ConfigError(f"{name} must be a date like 2025-12-24, 2025-12 or 2025; got {value!r}")


def check_limit(limit: Any, *, allow_none: bool = True) -> int | None:
    """A page size from 1 to MAX_LIMIT (``None``: no limit, for the Python API and exports)."""
    if limit is None and allow_none:
        return None
    ok = isinstance(limit, int) and not isinstance(limit, bool) or (isinstance(limit, str) and limit.strip().isdigit())
    n = int(limit) if ok else -1
    if not 1 <= n <= MAX_LIMIT:
        raise ConfigError(f"limit must be a whole number from 1 to {MAX_LIMIT}; got {limit!r}")
    return n


def check_offset(offset: Any) -> int:
    try:
        n = int(offset or 0)
    except (TypeError, ValueError):
        n = -1
    if n < 0:
        raise ConfigError(f"offset must be a whole number ≥ 0; got {offset!r}")
    return n


def _listify(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def check_types(value: Any) -> list[str]:
    out = [v.upper() for v in _listify(value)]
    bad = [v for v in out if v not in PLOVER_TYPES]
    if bad:
        raise ConfigError(f"type must be one of: {', '.join(PLOVER_TYPES)}; got {bad[0]!r}")
    return out


def check_modalities(value: Any) -> list[str]:
    out = [v.lower() for v in _listify(value)]
    if out == ["all"]:
        return list(MODALITIES)
    bad = [v for v in out if v not in MODALITIES]
    if bad:
        raise ConfigError(f"modality must be one of: {', '.join(MODALITIES)}, all; got {bad[0]!r}")
    return out


def check_country(value: Any, name: str = "country") -> str | None:
    if value is None or value == "":
        return None
    s = str(value).strip().upper()
    if not _CODE.match(s):
        raise ConfigError(f"{name} must be a country or organisation code such as PRK, USA, UN; got {value!r}")
    return s


def check_period(by: Any) -> str:
    s = str(by or "month").lower()
    if s not in PERIODS:
        raise ConfigError(f"by must be one of: {', '.join(PERIODS)}; got {by!r}")
    return s


def check_choice(value: Any, name: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ConfigError(f"{name} must be one of: {', '.join(allowed)}; got {value!r}")
    return value


def period_of(day: str, by: str) -> str:
    """'2025-12-29' → '2025-12-29' (day), '2026-W01' (ISO week), '2025-12' (month), '2025' (year)."""
    if by == "day":
        return day
    if by == "month":
        return day[:7]
    if by == "year":
        return day[:4]
    y, w, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{y}-W{w:02d}"


def _like(col, text: str):
    esc = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return col.like(f"%{esc}%", escape="\\")


def _loads(s: str | None):
    return json.loads(s) if s else None


def _iso(d) -> str | None:
    if d is None:
        return None
    return d.isoformat() if hasattr(d, "isoformat") else str(d)


# ---------------------------------------------------------------------------------------------
# Events


def _event_where(*, actor=None, country=None, source=None, target=None, type=None, modality=None,
                 since=None, until=None, text=None, article_id=None, story=False, quad_class=None) -> list:
    w = []
    country, source, target = check_country(country), check_country(source, "source"), check_country(target, "target")
    if country:
        w.append(or_(E.c.source_country == country, E.c.target_country == country))
    if source:
        w.append(E.c.source_country == source)
    if target:
        w.append(E.c.target_country == target)
    if actor:
        a = str(actor).strip()
        w.append(or_(E.c.source_actor_id == a, E.c.target_actor_id == a,
                     _like(E.c.source_text, a), _like(E.c.target_text, a)))
    types = check_types(type)
    if types:
        w.append(E.c.type.in_(types))
    mods = check_modalities(modality)
    if mods:
        w.append(E.c.modality.in_(mods))
    s, u = check_date(since, "since"), check_date(until, "until", end=True)
    if s:
        w.append(E.c.edate >= s)
    if u:
        w.append(E.c.edate <= u)
    if text:
        w.append(_like(E.c.text, str(text)))
    if article_id is not None:
        try:
            w.append(E.c.article_id == int(article_id))
        except (TypeError, ValueError):
            raise ConfigError(f"article_id must be a whole number; got {article_id!r}") from None
    if quad_class is not None:
        if quad_class not in (1, 2, 3, 4):
            raise ConfigError(f"quad_class must be one of: 1, 2, 3, 4; got {quad_class!r}")
        w.append(E.c.quad_class == quad_class)
    if story:
        w.append(E.c.story_count > 0)
    return w


def _event_dict(r) -> dict:
    return {
        "id": r.id, "article_id": r.article_id, "article_title": r.article_title, "url": r.url,
        "outlet": r.outlet, "published": r.published, "date": r.edate, "date_value": r.date_value,
        "date_precision": r.date_precision, "type": r.type, "modality": r.modality, "quad_class": r.quad_class,
        "intensity": r.intensity, "cameo": r.cameo, "confidence": r.confidence,
        "source_country": r.source_country, "source_text": r.source_text, "source_actor_id": r.source_actor_id,
        "source_sector": r.source_sector,
        "target_country": r.target_country, "target_text": r.target_text, "target_actor_id": r.target_actor_id,
        "target_sector": r.target_sector,
        "location": r.location, "evidence": r.text, "trigger": r.trigger, "mode": r.mode, "context": r.context,
        "start": r.start, "end": r.end, "rule": r.rule, "version": r.version,
        "story_id": r.story_id, "story_count": r.story_size,
    }


def events(conn: Connection, *, limit=50, offset=0, order="date_desc", count=True, **filters) -> tuple[list[dict], int]:
    """Events matching the filters, with their article's title/url and their story's size.

    Every report is listed by default (``story_id`` groups reports of one real-world event,
    ``story_count`` is that story's number of reports); ``story=True`` lists one row per story.
    ``limit=None`` returns every row (Python API, exports); ``count=False`` skips the total.
    """
    where = _event_where(**filters)
    limit, offset = check_limit(limit), check_offset(offset)
    check_choice(order, "order", ORDERS)
    S = E.alias("s")
    q = (select(E, T.c.title.label("article_title"), T.c.url, T.c.outlet,
                func.coalesce(S.c.story_count, 1).label("story_size"))
         .join(T, T.c.id == E.c.article_id).outerjoin(S, S.c.id == E.c.story_id).where(*where))
    q = q.order_by(*{
        "date_desc": (E.c.edate.desc(), E.c.id.desc()), "date_asc": (E.c.edate.asc(), E.c.id.asc()),
        "id": (E.c.id.asc(),), "intensity": (E.c.intensity.asc(), E.c.id.asc()),
        "intensity_desc": (E.c.intensity.desc(), E.c.id.asc()),
    }[order])
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    rows = [_event_dict(r) for r in conn.execute(q)]
    if count:
        total = conn.execute(select(func.count()).select_from(E).where(*where)).scalar() or 0
    else:
        total = len(rows)
    return rows, total


# ---------------------------------------------------------------------------------------------
# Quotes, articles, actors


def quotes(conn: Connection, *, speaker=None, country=None, since=None, until=None, text=None, article_id=None,
           direct=None, limit=50, offset=0) -> tuple[list[dict], int]:
    w = []
    country = check_country(country)
    if country:
        w.append(Q.c.speaker_country == country)
    if speaker:
        sp = str(speaker).strip()
        w.append(or_(Q.c.speaker_actor_id == sp, _like(Q.c.speaker_text, sp)))
    s, u = check_date(since, "since"), check_date(until, "until", end=True)
    if s:
        w.append(T.c.published >= dt.date.fromisoformat(s))
    if u:
        w.append(T.c.published <= dt.date.fromisoformat(u))
    if text:
        w.append(_like(Q.c.text, str(text)))
    if article_id is not None:
        w.append(Q.c.article_id == int(article_id))
    if direct is not None:
        w.append(Q.c.direct == bool(direct))
    limit, offset = check_limit(limit), check_offset(offset)
    q = (select(Q, T.c.published, T.c.title.label("article_title"), T.c.url).join(T, T.c.id == Q.c.article_id)
         .where(*w).order_by(T.c.published.desc(), Q.c.id.desc()))
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    rows = [{
        "id": r.id, "article_id": r.article_id, "article_title": r.article_title, "url": r.url,
        "text": r.text, "direct": bool(r.direct), "speaker_text": r.speaker_text, "speaker_country": r.speaker_country,
        "speaker_actor_id": r.speaker_actor_id, "verb": r.verb, "start": r.start, "end": r.end,
        "published": _iso(r.published),
    } for r in conn.execute(q)]
    total = conn.execute(select(func.count()).select_from(Q.join(T, T.c.id == Q.c.article_id)).where(*w)).scalar() or 0
    return rows, total


def articles(conn: Connection, *, q=None, since=None, until=None, outlet=None, limit=50, offset=0) -> tuple[list[dict], int]:
    w = []
    if q:
        w.append(or_(_like(T.c.title, str(q)), _like(T.c.text, str(q))))
    s, u = check_date(since, "since"), check_date(until, "until", end=True)
    if s:
        w.append(T.c.published >= dt.date.fromisoformat(s))
    if u:
        w.append(T.c.published <= dt.date.fromisoformat(u))
    if outlet:
        w.append(T.c.outlet == str(outlet))
    limit, offset = check_limit(limit), check_offset(offset)
    nev = select(func.count()).select_from(E).where(E.c.article_id == T.c.id).scalar_subquery()
    nq = select(func.count()).select_from(Q).where(Q.c.article_id == T.c.id).scalar_subquery()
    sel = (select(T.c.id, T.c.title, T.c.published, T.c.outlet, T.c.url, T.c.doc_id, T.c.skip_reason,
                  func.substr(T.c.text, 1, 200).label("snippet"), nev.label("events"), nq.label("quotes"))
           .where(*w).order_by(T.c.published.desc(), T.c.id.desc()))
    if limit:
        sel = sel.limit(limit)
    if offset:
        sel = sel.offset(offset)
    rows = [{**dict(r._mapping), "published": _iso(r.published)} for r in conn.execute(sel)]
    total = conn.execute(select(func.count()).select_from(T).where(*w)).scalar() or 0
    return rows, total


def article(conn: Connection, article_id: int) -> dict | None:
    """One article with its text and every layer (offsets into ``text``)."""
    try:
        article_id = int(article_id)
    except (TypeError, ValueError):
        raise ConfigError(f"article id must be a whole number; got {article_id!r}") from None
    r = conn.execute(select(T).where(T.c.id == article_id)).mappings().first()
    if r is None:
        return None
    actors_by_key = {}
    ms = conn.execute(select(M).where(M.c.article_id == article_id).order_by(M.c.start, M.c.id)).mappings().all()
    keys = sorted({m["actor_key"] for m in ms if m["actor_key"]})
    if keys:
        for a in conn.execute(select(A).where(A.c.key.in_(keys))).mappings():
            actors_by_key[a["key"]] = {k: a[k] for k in ("name_ko", "type", "country", "sector", "role", "name_en")} | {"id": a["actor_id"]}
    mentions = [{
        "start": m["start"], "end": m["end"], "text": m["text"], "sentence": m["sentence"],
        "actor": actors_by_key.get(m["actor_key"]), "actor_key": m["actor_key"], "kind": m["kind"],
        "particle": m["particle"], "head": m["head"], "compound": m["compound"], "rule": m["rule"],
    } for m in ms]
    times_ = [{k: t[k] for k in ("start", "end", "text", "sentence", "value", "precision", "kind", "end_value",
                                 "local_time", "rule")}
              for t in conn.execute(select(X).where(X.c.article_id == article_id).order_by(X.c.start, X.c.id)).mappings()]
    quotes_ = [{
        "id": q["id"], "start": q["start"], "end": q["end"], "text": q["text"], "sentence": q["sentence"],
        "direct": bool(q["direct"]), "speaker": _loads(q["speaker"]), "medium": _loads(q["medium"]),
        "verb": q["verb"], "rule": q["rule"],
    } for q in conn.execute(select(Q).where(Q.c.article_id == article_id).order_by(Q.c.start, Q.c.id)).mappings()]
    events_ = []
    for e in conn.execute(select(E).where(E.c.article_id == article_id).order_by(E.c.start, E.c.id)).mappings():
        date = ({"value": e["date_value"], "precision": e["date_precision"], "end_value": e["date_end"],
                 "source": e["date_source"] or ""} if e["date_value"] else None)
        events_.append({
            "id": e["id"], "start": e["start"], "end": e["end"], "text": e["text"], "sentence": e["sentence"],
            "type": e["type"], "modality": e["modality"], "source": _loads(e["source"]), "target": _loads(e["target"]),
            "trigger": e["trigger"], "mode": e["mode"], "context": e["context"], "date": date,
            "location": e["location"], "intensity": e["intensity"], "cameo": e["cameo"], "quad_class": e["quad_class"],
            "confidence": e["confidence"], "quote": e["quote"], "rule": e["rule"], "version": e["version"],
            "story_id": e["story_id"],
        })
    extra = _loads(r["layers"]) or {}
    return {
        "id": r["id"], "doc_id": r["doc_id"], "title": r["title"], "published": _iso(r["published"]),
        "outlet": r["outlet"], "url": r["url"], "author": r["author"], "source": r["source"], "text": r["text"],
        "skip_reason": r["skip_reason"], "versions": _loads(r["versions"]) or {},
        "layers": {
            "mentions": mentions, "times": times_, "quotes": quotes_, "events": events_,
            "sentences": extra.get("sentences", []), "boilerplate": extra.get("boilerplate", []),
            "paragraphs": [{"start": s, "end": e} for s, e in extra.get("paragraphs", [])],
        },
    }


def _actor_counts():
    mc = select(M.c.actor_key.label("k"), func.count().label("n")).where(M.c.actor_key.is_not(None)).group_by(M.c.actor_key).subquery()
    es = select(E.c.source_actor_id.label("k"), func.count().label("n")).where(E.c.source_actor_id.is_not(None)).group_by(E.c.source_actor_id).subquery()
    et = select(E.c.target_actor_id.label("k"), func.count().label("n")).where(E.c.target_actor_id.is_not(None)).group_by(E.c.target_actor_id).subquery()
    return mc, es, et


def actors(conn: Connection, *, q=None, country=None, type=None, limit=50, offset=0, order="mentions") -> tuple[list[dict], int]:
    w = []
    if q:
        w.append(or_(_like(A.c.name_ko, str(q)), _like(A.c.name_en, str(q)), A.c.actor_id == str(q)))
    country = check_country(country)
    if country:
        w.append(A.c.country == country)
    if type:
        t = str(type).lower()
        check_choice(t, "type", ACTOR_TYPES)
        w.append(A.c.type == t)
    check_choice(order, "order", ("mentions", "events", "name"))
    limit, offset = check_limit(limit), check_offset(offset)
    mc, es, et = _actor_counts()
    n_m = func.coalesce(mc.c.n, 0)
    n_e = func.coalesce(es.c.n, 0) + func.coalesce(et.c.n, 0)
    sel = (select(A, n_m.label("mentions"), n_e.label("events"))
           .outerjoin(mc, mc.c.k == A.c.key).outerjoin(es, es.c.k == A.c.actor_id).outerjoin(et, et.c.k == A.c.actor_id)
           .where(*w))
    sel = sel.order_by(*{"mentions": (n_m.desc(), A.c.key), "events": (n_e.desc(), A.c.key), "name": (A.c.name_ko,)}[order])
    if limit:
        sel = sel.limit(limit)
    if offset:
        sel = sel.offset(offset)
    rows = [{
        "key": r.key, "actor_id": r.actor_id, "name_ko": r.name_ko, "name_en": r.name_en, "type": r.type,
        "country": r.country, "sector": r.sector, "role": r.role, "mentions": int(r.mentions), "events": int(r.events),
    } for r in conn.execute(sel)]
    total = conn.execute(select(func.count()).select_from(A).where(*w)).scalar() or 0
    return rows, total


def actor(conn: Connection, key: str) -> dict | None:
    """An actor's profile, its mention and event counts by month, and its latest events."""
    r = conn.execute(select(A).where(or_(A.c.key == key, A.c.actor_id == key))).mappings().first()
    if r is None:
        return None
    prof = {k: r[k] for k in ("key", "actor_id", "name_ko", "name_en", "type", "country", "sector", "role")}
    month = func.substr(func.cast(T.c.published, _text_type()), 1, 7)
    by_m = conn.execute(select(month.label("m"), func.count()).select_from(M.join(T, T.c.id == M.c.article_id))
                        .where(M.c.actor_key == r["key"]).group_by(month)).all()
    ev_by: dict[str, int] = defaultdict(int)
    aid = r["actor_id"]
    n_events = 0
    if aid:
        em = func.substr(E.c.edate, 1, 7)
        for m, n in conn.execute(select(em, func.count()).where(or_(E.c.source_actor_id == aid, E.c.target_actor_id == aid))
                                 .group_by(em)):
            ev_by[m or ""] += n
            n_events += n
    months = sorted({m for m, _ in by_m if m} | {m for m in ev_by if m})
    mby = {m: n for m, n in by_m}
    prof["mentions"] = sum(n for _, n in by_m)
    prof["events"] = n_events
    prof["by_month"] = [{"period": m, "mentions": mby.get(m, 0), "events": ev_by.get(m, 0)} for m in months]
    prof["recent_events"] = events(conn, actor=aid, limit=10, count=False)[0] if aid else []
    return prof


def _text_type():
    from sqlalchemy import String

    return String


# ---------------------------------------------------------------------------------------------
# Dyads, tilt, overview, network, search


def _counted_mods(modality) -> list[str]:
    mods = check_modalities(modality) if modality is not None else list(COUNTED_MODALITIES)
    return mods


def dyad(conn: Connection, a: str, b: str, *, by="month", since=None, until=None, modality=None) -> list[dict]:
    """Story counts per quad class and Goldstein intensity between ``a`` and ``b``, both directions.

    Rows: period, direction ('A>B' or 'B>A'), q1..q4, events, intensity_mean, intensity_sum;
    sorted by period then direction. Periods with no events are left out.
    """
    a, b = check_country(a, "a"), check_country(b, "b")
    if not a or not b:
        raise ConfigError("dyad needs two country codes, e.g. PRK RUS")
    by = check_period(by)
    s, u = check_date(since, "since"), check_date(until, "until", end=True)
    mods = _counted_mods(modality)
    acc: dict[tuple[str, str], dict] = {}
    for direction, src, tgt in (("A>B", a, b), ("B>A", b, a)):
        w = [E.c.source_country == src, E.c.target_country == tgt, E.c.story_count > 0, E.c.edate.is_not(None)]
        if s:
            w.append(E.c.edate >= s)
        if u:
            w.append(E.c.edate <= u)
        if set(mods) != set(MODALITIES):
            w.append(E.c.modality.in_(mods))
        q = (select(E.c.edate, E.c.quad_class, func.count(), func.sum(E.c.intensity))
             .where(*w).group_by(E.c.edate, E.c.quad_class))
        for day, qc, n, isum in conn.execute(q):
            p = period_of(day, by)
            row = acc.setdefault((p, direction), {"period": p, "direction": direction, "q1": 0, "q2": 0, "q3": 0,
                                                  "q4": 0, "events": 0, "intensity_sum": 0.0})
            if qc in (1, 2, 3, 4):
                row[f"q{qc}"] += n
            row["events"] += n
            row["intensity_sum"] += float(isum or 0.0)
    out = []
    for key in sorted(acc):
        row = acc[key]
        row["intensity_sum"] = round(row["intensity_sum"], 4)
        row["intensity_mean"] = round(row["intensity_sum"] / row["events"], 4) if row["events"] else None
        out.append(row)
    return out


def tilt(conn: Connection, country: str, between: tuple[str, str] | list[str], *, by="month", since=None, until=None,
         modality=None) -> list[dict]:
    """Per period, ``country``'s net cooperation with each partner, and the difference.

    For each partner P (both directions, country>P and P>country, counted as stories):
    coop = quad 1+2, conflict = quad 3+4, net = coop − conflict, intensity_sum = summed Goldstein.
    A third row per period has partner ``"tilt"``: the first partner's values minus the second's
    (positive: ``country`` leans towards the first partner).
    """
    c = check_country(country)
    if not between or len(between) != 2:
        raise ConfigError(f"between must name two partners, e.g. RUS USA; got {between!r}")
    p1, p2 = check_country(between[0], "between"), check_country(between[1], "between")
    by = check_period(by)
    vals: dict[str, dict[str, dict]] = defaultdict(dict)
    for p in (p1, p2):
        for r in dyad(conn, c, p, by=by, since=since, until=until, modality=modality):
            row = vals[r["period"]].setdefault(p, {"coop": 0, "conflict": 0, "intensity_sum": 0.0})
            row["coop"] += r["q1"] + r["q2"]
            row["conflict"] += r["q3"] + r["q4"]
            row["intensity_sum"] += r["intensity_sum"]
    out = []
    for period in sorted(vals):
        rows = {}
        for p in (p1, p2):
            v = vals[period].get(p, {"coop": 0, "conflict": 0, "intensity_sum": 0.0})
            rows[p] = {"period": period, "partner": p, "coop": v["coop"], "conflict": v["conflict"],
                       "net": v["coop"] - v["conflict"], "intensity_sum": round(v["intensity_sum"], 4)}
            out.append(rows[p])
        out.append({"period": period, "partner": "tilt",
                    **{k: (round(rows[p1][k] - rows[p2][k], 4) if k == "intensity_sum" else rows[p1][k] - rows[p2][k])
                       for k in ("coop", "conflict", "net", "intensity_sum")}})
    return out


def _pair_counts(conn: Connection, *, since=None, until=None, type=None, modality=None) -> list[tuple]:
    w = [E.c.story_count > 0, E.c.source_country.is_not(None), E.c.target_country.is_not(None),
         E.c.source_country != E.c.target_country]
    s, u = check_date(since, "since"), check_date(until, "until", end=True)
    if s:
        w.append(E.c.edate >= s)
    if u:
        w.append(E.c.edate <= u)
    types = check_types(type)
    if types:
        w.append(E.c.type.in_(types))
    w.append(E.c.modality.in_(_counted_mods(modality)))
    return conn.execute(select(E.c.source_country, E.c.target_country, E.c.type, func.count(), func.sum(E.c.intensity))
                        .where(*w).group_by(E.c.source_country, E.c.target_country, E.c.type)).all()


def overview(conn: Connection) -> dict:
    n = lambda t: conn.execute(select(func.count()).select_from(t)).scalar() or 0  # noqa: E731
    dmin, dmax = conn.execute(select(func.min(T.c.published), func.max(T.c.published))).one()
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for sc, tc, _t, cnt, _i in _pair_counts(conn):
        pairs[tuple(sorted((sc, tc)))] += cnt
    top = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "articles": n(T), "events": n(E),
        "stories": conn.execute(select(func.count()).select_from(E).where(E.c.story_count > 0)).scalar() or 0,
        "quotes": n(Q), "actors": n(A), "date_min": _iso(dmin), "date_max": _iso(dmax),
        "top_dyads": [{"a": a, "b": b, "events": c} for (a, b), c in top],
        "recent_events": events(conn, limit=10, count=False)[0],
    }


def country_label(code: str) -> str:
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=code)
        return c.name if c else code
    except Exception:  # noqa: BLE001 - a label is a nicety
        return code


def network(conn: Connection, *, type=None, since=None, until=None, min_weight=1, limit=200, modality=None) -> dict:
    """Country network: directed edges per (source, target, type), weighted by stories."""
    try:
        min_weight = int(min_weight)
    except (TypeError, ValueError):
        raise ConfigError(f"min_weight must be a whole number; got {min_weight!r}") from None
    limit = check_limit(limit)
    edges = [{"source": sc, "target": tc, "type": t, "weight": int(cnt), "intensity": round(float(isum or 0.0), 4)}
             for sc, tc, t, cnt, isum in _pair_counts(conn, since=since, until=until, type=type, modality=modality)
             if cnt >= min_weight]
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"], e["type"]))
    if limit:
        edges = edges[:limit]
    weight: dict[str, int] = defaultdict(int)
    for e in edges:
        weight[e["source"]] += e["weight"]
        weight[e["target"]] += e["weight"]
    nodes = [{"id": c, "label": country_label(c), "country": c, "weight": w}
             for c, w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": edges}


def search(conn: Connection, q: str, *, limit=20) -> dict:
    if not q or not str(q).strip():
        raise ConfigError("search needs a query text")
    q = str(q).strip()
    limit = check_limit(limit)
    arts, _ = articles(conn, q=q, limit=limit)
    acts, _ = actors(conn, q=q, limit=limit)
    evs, _ = events(conn, text=q, limit=limit, count=False)
    return {"articles": arts, "actors": acts, "events": evs}


def quad_of(type_: str | None, quad: int | None) -> int | None:
    return quad or plover.quad_class(type_)


__all__ = ["events", "quotes", "articles", "article", "actors", "actor", "dyad", "tilt", "overview", "network",
           "search", "period_of", "check_date", "and_"]
