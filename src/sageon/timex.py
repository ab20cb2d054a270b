"""Time expressions: find and resolve Korean news dates against the publication date.

Assigns ``doc.times`` (one :class:`~sageon.schema.TimeExpression` per expression, in text order).

Korean news conventions the rules encode:

* ``27일`` is day 27 of the publication month, or of the previous month when that day would fall
  after publication, unless the clause points ahead (``오는 27일``, ``27일 열릴 예정``).
* ``이날`` is the last day-precision date stated before it in the article (``최선희 외무상은
  27일(현지시간) …`` then ``페스코프 대변인은 이날 …`` → the 27th), else the publication date;
  ``전날``/``다음날`` count from the same anchor; ``어제``/``오늘``/``내일`` from publication.
* Counted spans are durations, not dates: ``30일 무비자``, ``4일 만에``, ``3개월 반``, ``72시간``.
* ``6·25 전쟁``, ``9·19 군사합의`` are named dates (kind ``named``, no value).

One compiled master regex scans each sentence (built lazily from ``data/time_words.tsv``);
korean-datetime is only called for weekday names and holidays (``다음 주 월요일``, ``추석``).

Example::

    >>> from datetime import date
    >>> [(t.text, t.value) for t in find_times("최선희 외무상은 27일(현지시간) …", date(2025, 10, 28))]
    [('27일(현지시간)', '2025-10-27')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .errors import DataFileError
from .schema import Document, TimeExpression

__all__ = ["find_times_in_doc", "find_times", "resolve_day", "resolve_month", "load_table"]

NAME = "sageon.timex.v1"
CATEGORIES = frozenset({
    "rel_day", "rel_week", "rel_month", "rel_year", "ctx_year", "part", "direction",
    "duration_pre", "duration_next", "future_cue", "holiday",
})


# ---------------------------------------------------------------------------------------------
# data


@dataclass(frozen=True, slots=True)
class TimeWord:
    word: str
    category: str
    shift: str
    rule: str


def load_table(path: str | None = None) -> list[TimeWord]:
    """Read ``time_words.tsv`` (word, category, shift, rule); ``#`` lines are comments.

    RAISES DataFileError naming ``file:line`` on a bad row.
    """
    if path is None:
        text = resources.files("sageon").joinpath("data/time_words.tsv").read_text("utf-8")
        name = "time_words.tsv"
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        name = path
    rows: list[TimeWord] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            raise DataFileError(f"{name}:{n}: want 4 tab-separated columns (word, category, shift, rule); "
                                f"got {len(cols)}.")
        word, cat, shift, rule = cols
        if not word or cat not in CATEGORIES:
            raise DataFileError(f"{name}:{n}: category must be one of: {', '.join(sorted(CATEGORIES))}; "
                                f"got {cat!r}.")
        if cat == "rel_day" and not re.fullmatch(r"(anchor|pub):-?\d+", shift):
            raise DataFileError(f"{name}:{n}: rel_day shift must look like 'anchor:-1' or 'pub:0'; got {shift!r}.")
        if cat in ("rel_week", "rel_month", "rel_year", "ctx_year") and not re.fullmatch(r"-?\d+", shift):
            raise DataFileError(f"{name}:{n}: {cat} shift must be an integer; got {shift!r}.")
        rows.append(TimeWord(word, cat, shift, rule))
    return rows


def _alt(words) -> str:
    """Regex alternation, longest first, spaces optional-flexible."""
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in ws)


def _key(s: str) -> str:
    return re.sub(r"\s+", "", s)


_LOCAL = r"\s?\((?:이하\s?)?(?:현지\s?시[간각]|현지|한국\s?시[간각]|[가-힣 ]{1,10}시[간각])\)"
_PART_FOLLOW = r"(?:(?![가-힣])|(?=께|경|쯤|에|까지|부터|으로|로|을|를|이|의|은|는|과|와|엔|인|부터))"
_SEP = r"(?:일?\s*[~∼〜\-–]\s*|일?\s*부터\s*)"


class _Tables:
    """Compiled regexes and lookup maps, built once on first use."""

    def __init__(self, rows: list[TimeWord]):
        by: dict[str, list[TimeWord]] = {c: [] for c in CATEGORIES}
        for r in rows:
            by[r.category].append(r)
        self.rel_day = {_key(r.word): r for r in by["rel_day"]}
        self.rel_week = {_key(r.word): int(r.shift) for r in by["rel_week"]}
        self.rel_month = {_key(r.word): int(r.shift) for r in by["rel_month"]}
        self.rel_year = {_key(r.word): (int(r.shift), r.rule) for r in by["rel_year"]}
        self.ctx_year = {_key(r.word): int(r.shift) for r in by["ctx_year"]}
        self.part = {_key(r.word): r.shift for r in by["part"]}
        self.direction = {_key(r.word): r.shift for r in by["direction"]}
        self.holidays = {_key(r.word) for r in by["holiday"]}

        pre_words = [r.word for r in by["rel_month"] + by["rel_year"] + by["ctx_year"] + by["direction"]
                     if r.word not in ("연말", "연초")]
        PRE = _alt(pre_words)
        PART = _alt(r.word for r in by["part"])
        REL = _alt(r.word for r in by["rel_day"] + by["rel_week"] + by["rel_month"] + by["rel_year"]
                   + by["ctx_year"])
        WPRE = _alt([r.word for r in by["rel_week"]] + [r.word for r in by["direction"]])
        HOL = _alt(r.word for r in by["holiday"])
        part = rf"(?:\s?(?P<{{0}}>{PART}){_PART_FOLLOW})?"
        loc = rf"(?P<{{0}}>{_LOCAL})?"
        master = "|".join([
            # 2025.8.15 / 2025-08-15 / 2025/8/15
            r"(?<!\d)(?<!\d\.)(?P<fy>(?:19|20)\d\d)\s?[./\-]\s?(?P<fm>\d{1,2})\s?[./\-]\s?(?P<fd>\d{1,2})(?![\d])\.?",
            # (오는) (8월) 28~29일, 28일부터 29일, 9~10월, 8월 28일~9월 2일
            rf"(?:(?<![가-힣])(?P<rpre>{PRE})\s?)?(?<!\d)(?<!\d\.)(?:(?P<rm>\d{{1,2}})월\s?)?(?P<ra>\d{{1,2}}){_SEP}"
            rf"(?:(?P<rm2>\d{{1,2}})월\s?(?P<rb2>\d{{1,2}})일|(?P<rb>\d{{1,2}})(?P<ru>[일월]))" + loc.replace("{0}", "rloc"),
            # (지난해) 2025년 (8월 (15일)), (지난) 9월 (3일), (오는) 5일, (이달) 말
            rf"(?:(?<![가-힣])(?P<pre>{PRE})\s?)?(?<!\d)(?<!\d\.)(?:"
            rf"(?P<y>(?:19|20)\d\d)년(?:\s?(?P<ym>\d{{1,2}})월(?:\s?(?P<ymd>\d{{1,2}})일)?)?"
            rf"|(?P<m>\d{{1,2}})월(?:\s?(?P<md>\d{{1,2}})일)?"
            rf"|(?P<d>\d{{1,3}})일)" + loc.replace("{0}", "loc") + part.replace("{0}", "part"),
            # 6·25 전쟁, 9·19 군사합의
            r"(?<!\d)(?<!\d\.)(?P<nm>\d{1,2})[·ㆍ‧・](?P<nd>\d{1,2})(?![\d·ㆍ‧・%])",
            # 지난 금요일, 다음 주 월요일
            rf"(?:(?<![가-힣])(?P<wpre>{WPRE})\s?)?(?P<wd>[월화수목금토일])요일" + loc.replace("{0}", "wloc"),
            # 이날, 전날, 지난해, 내년 초, 오늘(4일)
            rf"(?<![가-힣])(?P<rel>{REL})(?!(?<=오늘)날|(?<=그제)야|(?<=내달)[리려렸])"
            + part.replace("{0}", "rpart") + r"(?:\s?\((?P<pd>\d{1,2})일\))?" + loc.replace("{0}", "relloc"),
            # 3개월 반, 72시간, 100일, 3년째
            r"(?:(?P<dpre>지난|최근|향후|앞으로|최대|최소|약|총|무려|불과)\s?)?(?<!\d)(?<!\d\.)"
            r"(?P<dn>\d+(?:\.\d+)?)\s?(?P<du>개월|시간|주(?![년당])|년|일|달(?!러))(?:\s?반|여)?",
            rf"(?<![가-힣])(?P<hol>{HOL})",
        ])
        first = sorted({w[0] for w in pre_words + [r.word for r in rows if r.category in
                        ("rel_day", "rel_week", "rel_month", "rel_year", "ctx_year", "holiday")]} | set("월화수목금토일"))
        self.master = re.compile(rf"(?=[\d{''.join(first)}])(?:{master})")
        attached = [r.word for r in by["duration_next"] if r.shift == "attached"]
        spaced = [r.word for r in by["duration_next"] if r.shift != "attached"]
        self.dur_next = re.compile(rf"(?:{_alt(attached)})|\s?(?:{_alt(spaced)})")
        self.dur_pre = re.compile(r"(?:^|[\s(\"'‘“\d])(?:" + _alt(r.word for r in by["duration_pre"]) + r")\s?$")
        self.future = re.compile(_alt(r.word for r in by["future_cue"]))
        self.after_ago = re.compile(r"\s?(?P<w>전|후|뒤)(?![가-힣])|\s?(?P<w2>전|후|뒤)(?=에|의|부터|까지|로)")


@cache
def _tables() -> _Tables:
    return _Tables(load_table())


# ---------------------------------------------------------------------------------------------
# resolution helpers


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _valid(y: int, m: int, d: int) -> dt.date | None:
    if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]:
        return dt.date(y, m, d)
    return None


def _nearest(past: dt.date | None, nxt: dt.date | None, pub: dt.date) -> dt.date | None:
    if past is None or nxt is None:
        return past or nxt
    return nxt if (nxt - pub) <= (pub - past) else past


def resolve_day(day: int, published: dt.date | None, *, direction: str = "auto",
                future: bool = False) -> dt.date | None:
    """Day ``day`` of the publication month, or of the previous month if that would be after
    publication (guideline rule). ``direction='future'`` (``오는 5일``) takes the next occurrence;
    ``future=True`` (the clause points ahead: ``5일 열릴 예정``) takes whichever occurrence is
    nearest to publication.

    RETURNS the date, or None (no publication date, impossible day).
    """
    if published is None or not 1 <= day <= 31:
        return None
    past = _step_day(day, published, 0 if day <= published.day else -1, -1)
    if direction == "past":
        return past
    if 0 < day - published.day <= 2 or (past and past.month != _add_months(
            published.year, published.month, -1 if day > published.day else 0)[1]):
        # 31일 in a 30-day previous month, or tomorrow/the day after: a bare 31일 on the 30th
        # is tomorrow (a month-old day would be written 지난 31일)
        past = _valid(published.year, published.month, day) or past
    nxt = _step_day(day, published, 0 if day >= published.day else 1, 1)
    if direction == "future":
        return nxt
    return _nearest(past, nxt, published) if future else past


def _step_day(day: int, pub: dt.date, k: int, step: int) -> dt.date | None:
    for _ in range(3):  # 31일 in a 30-day month: keep stepping
        yy, mm = _add_months(pub.year, pub.month, k)
        d = _valid(yy, mm, day)
        if d:
            return d
        k += step
    return None


def resolve_month(month: int, published: dt.date | None, *, direction: str = "auto",
                  day: int | None = None, future: bool = False) -> dt.date | None:
    """Year for a month (and day) with no year: the most recent past occurrence (``지난 9월``,
    ``6월 평양 정상회담``), the next one for ``오는 3월``, the nearest one when the clause points
    ahead (``1월 중순쯤으로 예상된다`` in a December article).

    RETURNS a date (day 1 when ``day`` is None), or None.
    """
    if published is None or not 1 <= month <= 12:
        return None
    y = published.year
    here = (month, day or 0)
    now = (published.month, published.day if day else 0)
    if day is None:  # 지난 10월 in October is last year's; 오는 10월 next year's
        past_y = y if here < now or (direction == "auto" and here == now) else y - 1
        next_y = y if here > now or (direction == "auto" and here == now) else y + 1
    else:
        past_y = y if here <= now else y - 1
        next_y = y if here >= now else y + 1
    past = _valid(past_y, month, day or 1)
    nxt = _valid(next_y, month, day or 1)
    if direction == "past":
        return past
    if direction == "future":
        return nxt
    if future:
        if day is None:  # compare months, not first days
            dp = (y - past_y) * 12 + published.month - month
            dn = (next_y - y) * 12 + month - published.month
            return nxt if dn <= dp else past
        return _nearest(past, nxt, published)
    if day is not None and past is not None and nxt is not None:
        # 1월 4일 in an article of 30 December: a day eleven months back is rarely meant without
        # its year; the one five days ahead is
        if (nxt - published).days * 3 < (published - past).days:
            return nxt
    return past


def _iso_week(d: dt.date) -> str:
    iy, iw, _ = d.isocalendar()
    return f"{iy}-W{iw:02d}"


@lru_cache(maxsize=4096)
def _kdt(text: str, published: dt.date) -> dt.date | None:
    """korean-datetime for weekday names and holidays (Cycle.NEAREST around publication)."""
    import korean_datetime as kdt

    try:
        found = kdt.parse_all(text, now=published, options=kdt.ParseOptions(cycle=kdt.Cycle.NEAREST))
    except Exception:  # a library failure on odd input must not drop the article
        return None
    for e in found:
        if e.grain.value == "day":
            return e.start.date()
    return None


# ---------------------------------------------------------------------------------------------
# finder


def _is_local(loc: str | None) -> bool:
    return bool(loc) and "한국" not in loc


def find_times(text: str, published: dt.date | None, *, offset: int = 0, sentence: int = -1,
               anchor: dt.date | None = None) -> list[TimeExpression]:
    """Time expressions in one piece of text (a sentence), in order.

    ``offset`` is added to every start/end (the text's position in the document); ``anchor`` is the
    last day-precision date stated before this text (for 이날/전날); it moves forward as dates are
    found in the text.
    """
    return _find(text, published, offset, sentence, anchor, {})[0]


_ANCHOR_USE = frozenset({"inal", "jeonnal", "daeumnal"})
_JOIN = re.compile(r"(?:\([^()]{0,12}\))?\s?(?:,|·|과|와|및|이나|또는|그리고|에서|부터|에|에서는|에는)?\s?")


def _find(text: str, pub: dt.date | None, offset: int, sentence: int,
          anchor: dt.date | None, state: dict) -> tuple[list[TimeExpression], dt.date | None]:
    """find_times plus the anchor after this text.

    Only the first stated day of a sentence may become the 이날 anchor, and only when the sentence
    has not used 이날 before it: ``29일 외교부는 … 지난 18일 미국이 … 비판했다`` anchors on the
    29th, ``외교부는 이날 … 18일 승인한 것을 …`` keeps the anchor. A background ``지난 N일``
    anchors only when nothing has yet (the lead's ``28일(현지시간)`` outranks it).
    """
    T = _tables()
    out: list[TimeExpression] = []
    locked = False
    ctx: dict = {"doc_year": state.get("doc_year")}
    for mt in T.master.finditer(text):
        g = mt.groupdict()
        s, e = mt.span()
        te = None
        if g["fy"]:
            d = _valid(int(g["fy"]), int(g["fm"]), int(g["fd"]))
            if d is None:
                continue
            te = _te(text, s, e, offset, sentence, d.isoformat(), "day", "date", rule="full-date")
        elif g["rb"] or g["rb2"]:
            te = _range(T, text, mt, g, pub, offset, sentence, ctx)
        elif g["pre"] is not None or g["y"] or g["m"] or g["d"]:
            if not (g["y"] or g["m"] or g["d"]):
                continue
            te = _composite(T, text, mt, g, pub, offset, sentence, ctx)
        elif g["nm"]:
            if not (1 <= int(g["nm"]) <= 12 and 1 <= int(g["nd"]) <= 31):
                continue
            te = _te(text, s, e, offset, sentence, None, None, "named", rule="named")
        elif g["wd"]:
            d = _kdt(text[s:mt.end("wd") + 2] if g["wpre"] else g["wd"] + "요일", pub) if pub else None
            if g["wpre"] and d is None and pub:
                d = _kdt(g["wd"] + "요일", pub)
            te = _te(text, s, e, offset, sentence, d.isoformat() if d else None, "day", "relative",
                     local=_is_local(g["wloc"]), rule="weekday")
        elif g["rel"]:
            te = _relative(T, text, mt, g, pub, offset, sentence, anchor, ctx)
        elif g["du"]:
            te = _duration(T, text, mt, g, pub, offset, sentence)
        elif g["hol"]:
            d = _kdt(g["hol"], pub) if pub else None
            te = _te(text, s, e, offset, sentence, d.isoformat() if d else None, "day", "named",
                     rule="holiday")
        if te is None:
            continue
        out.append(te)
        if te.rule in _ANCHOR_USE:
            locked = True
        elif not locked and _anchors(te) and (anchor is None or (not te.rule.startswith("ago") and _recent(te, pub))):
            anchor = dt.date.fromisoformat(te.value)
            locked = True
        if te.value and te.kind in ("date", "relative"):
            if te.text[:4].isdigit():  # an explicit year: what 같은 해 / 이듬해 count from
                state["doc_year"] = ctx["doc_year"] = int(te.value[:4])
            if te.precision == "year" and te.rule in ("year", "rel-year", "ctx-year"):
                ctx["year"] = (int(te.value[:4]), te.end - offset)
            elif te.precision in ("month", "day"):
                ctx["ym"] = (int(te.value[:4]), int(te.value[5:7]), te.end - offset)
                if te.text[:4].isdigit() or te.rule.startswith(("rel-year", "ctx")):
                    # a month whose year is stated: 2024년 5월과 10월, 지난해 5월과 10월
                    ctx["ym_year"] = (int(te.value[:4]), te.end - offset)
    return out, anchor


_NOT_ANCHOR = frozenset({"inal", "jeonnal", "daeumnal", "ago-n"})


def _recent(t: TimeExpression, pub: dt.date | None) -> bool:
    """Once the article has an anchor, only a date within a week of publication moves it: a
    background date (이달 7일부터 교전을 재개했다, in an article of the 29th) is not what a later
    전날 counts from."""
    if pub is None or not t.value:
        return True
    return abs((dt.date.fromisoformat(t.value[:10]) - pub).days) <= 7


def _anchors(t: TimeExpression) -> bool:
    """Can this expression be what a later 이날 refers to? Stated day-precision dates in narrative;
    not ranges, not 이날/전날 themselves, not announced future dates (오는 5일)."""
    return (t.precision == "day" and t.kind in ("date", "relative") and t.value is not None
            and t.rule not in _NOT_ANCHOR and not t.rule.startswith("next"))


def _te(text, s, e, offset, sentence, value, precision, kind, *, end_value=None, local=False,
        rule="") -> TimeExpression:
    return TimeExpression(start=offset + s, end=offset + e, text=text[s:e], sentence=sentence,
                          value=value, precision=precision, kind=kind, end_value=end_value,
                          local_time=local, rule=rule)


def _future(T: _Tables, text: str, end: int) -> bool:
    return T.future.search(text, end, end + 80) is not None


def _duration_context(T: _Tables, text: str, s: int, e: int) -> bool:
    return T.dur_next.match(text, e) is not None or T.dur_pre.search(text, max(0, s - 8), s) is not None


def _composite(T, text, mt, g, pub, offset, sentence, ctx):
    s, e = mt.span()
    pre = _key(g["pre"]) if g["pre"] else None
    part = g["part"]
    loc = g["loc"]
    y = int(g["y"]) if g["y"] else None
    mo = int(g["ym"] or g["m"]) if (g["ym"] or g["m"]) else None
    day = int(g["ymd"] or g["md"] or g["d"]) if (g["ymd"] or g["md"] or g["d"]) else None
    local = _is_local(loc)
    # the expression proper ends before a part that cannot attach (15일 말 → 15일)
    if day is not None and part:
        e = mt.end("loc") if loc else mt.end("ymd") if g["ymd"] else mt.end("md") if g["md"] else mt.end("d")
        part = None
    # bare day: could be a span of days (30일 무비자, 4일 만에, 최근 30일)
    if day is not None and mo is None and y is None:
        if day > 31 or day == 0 or (not loc and pre not in T.rel_month and pre not in T.direction
                                    and _duration_context(T, text, s, e)):
            if not loc and day > 0:
                ago = T.after_ago.match(text, e)
                if ago and pub and pre is None:
                    w = ago.group("w") or ago.group("w2")
                    k = -day if w == "전" else day
                    e2 = ago.end()
                    return _te(text, s, e2, offset, sentence, (pub + dt.timedelta(days=k)).isoformat(),
                               "day", "relative", rule="ago-n")
            return _te(text, s, e, offset, sentence, None, None, "duration", rule="duration")
        if not loc and pre is None:
            ago = T.after_ago.match(text, e)
            if ago and pub and day <= 10:
                w = ago.group("w") or ago.group("w2")
                k = -day if w == "전" else day
                return _te(text, s, ago.end(), offset, sentence, (pub + dt.timedelta(days=k)).isoformat(),
                           "day", "relative", rule="ago-n")
    if y is not None and mo is None and T.dur_next.match(text, e) and not part:
        # 2025년간 is odd but 2025년 이상? no: a bare year followed by a span word is still a year,
        # except 년간/년째/년 만에 which the duration alternative cannot see for 4-digit years.
        if re.match(r"\s?(?:간|째|동안|만에)", text[e:e + 4]):
            return _te(text, s, e, offset, sentence, None, None, "duration", rule="duration")
    if text.startswith("대", e) and y is not None and mo is None:
        return None  # 1950년대: a decade
    if pub is None:
        prec = "day" if day else "month" if mo else "year"
        return _te(text, s, e, offset, sentence, None, prec, "date", local=local, rule="unresolved")

    direction = T.direction.get(pre, "auto") if pre else "auto"
    rule = {"past": "ago", "future": "next"}.get(direction, "")
    ymonth = None  # (year, month) fixed by a relative month word
    yfix = y
    if pre is None and y is None:
        # 지난해에는 5월 … 10월 …: a bare month takes the year stated earlier in the sentence;
        # 11월 7일과 8일: a bare day joined to a dated day takes its month
        if mo is not None and "year" in ctx and 0 <= s - ctx["year"][1] <= 30 \
                and not text.startswith("생", ctx["year"][1]):
            yfix, rule = ctx["year"][0], "ctx"
        elif mo is not None and "ym_year" in ctx and ctx["ym_year"][1] <= s \
                and _JOIN.fullmatch(text, ctx["ym_year"][1], s):
            yfix, rule = ctx["ym_year"][0], "ctx"  # 지난해 5월과 10월: the second month is last year's too
        elif mo is None and day is not None and "ym" in ctx:
            cy, cm, cend = ctx["ym"]
            if cend <= s and _JOIN.fullmatch(text, cend, s):
                ymonth, rule = (cy, cm), "ctx"
    kind = "date"
    if pre in T.rel_month:
        ymonth = _add_months(pub.year, pub.month, T.rel_month[pre])
        rule = "rel-month"
    elif pre in T.ctx_year:
        if yfix is None and ctx.get("doc_year"):
            yfix = ctx["doc_year"] + T.ctx_year[pre]
            rule = "ctx-year"
    elif pre in T.rel_year:
        if yfix is None:
            yfix = pub.year + T.rel_year[pre][0]
            rule = "rel-year"

    if day is not None:
        if mo is None:
            if ymonth and y is None:
                d = _valid(ymonth[0], ymonth[1], day)
                rule += "-day"
                if T.dur_next.match(text, e) or not d:
                    return None
            else:
                fut = direction == "auto" and _future(T, text, e)
                d = resolve_day(day, pub, direction=direction, future=fut)
                rule = (rule + "-day" if rule else "day") + ("+local" if local else "")
        elif yfix is not None:
            d = _valid(yfix, mo, day)
            rule = (rule + "-" if rule else "") + ("ymd" if y else "month-day")
        else:
            fut = direction == "auto" and _future(T, text, e)
            d = resolve_month(mo, pub, direction=direction, day=day, future=fut)
            rule = (rule + "-" if rule else "") + "month-day"
        if d is None:
            return None
        return _te(text, s, e, offset, sentence, d.isoformat(), "day", kind, local=local, rule=rule)
    if mo is not None:
        if yfix is not None:
            yy = yfix
        else:
            fut = direction == "auto" and _future(T, text, e)
            d = resolve_month(mo, pub, direction=direction, future=fut)
            if d is None:
                return None
            yy = d.year
        if not 1 <= mo <= 12:
            return None
        rule = (rule + "-" if rule else "") + ("month-part" if part else "month")
        return _te(text, s, e, offset, sentence, f"{yy:04d}-{mo:02d}", "month", kind, local=local, rule=rule)
    if y is not None:
        if part and T.part.get(_key(part)) == "dec":
            return _te(text, s, e, offset, sentence, f"{y:04d}-12", "month", "date", rule="year-part")
        return _te(text, s, e, offset, sentence, f"{y:04d}", "year", "date",
                   rule="year-part" if part else "year")
    return None


def _range(T, text, mt, g, pub, offset, sentence, ctx):
    s, e = mt.span()
    if T.dur_next.match(text, e) or T.dur_pre.search(text, max(0, s - 8), s):
        if not g["rm"] and not g["rpre"]:
            return _te(text, s, e, offset, sentence, None, None, "duration", rule="duration")
    pre = _key(g["rpre"]) if g["rpre"] else None
    a, b = int(g["ra"]), int(g["rb"] or g["rb2"])
    ru = "일" if g["rb2"] else g["ru"]
    local = _is_local(g["rloc"])
    if pub is None:
        return _te(text, s, e, offset, sentence, None, "day" if ru == "일" else "month", "range",
                   local=local, rule="range")
    direction = T.direction.get(pre, "auto") if pre else "auto"
    fut = direction == "auto" and _future(T, text, e)
    if ru == "월":  # 9~10월
        if g["rm"] or g["rm2"] or not (1 <= a <= 12 and 1 <= b <= 12):
            return None
        if pre in T.rel_year:
            ya = yb = pub.year + T.rel_year[pre][0]
        else:
            d1 = resolve_month(a, pub, direction=direction, future=fut)
            if d1 is None:
                return None
            ya = d1.year
            yb = ya if b >= a else ya + 1
        return _te(text, s, e, offset, sentence, f"{ya:04d}-{a:02d}", "month", "range",
                   end_value=f"{yb:04d}-{b:02d}", rule="range")
    m1 = int(g["rm"]) if g["rm"] else None
    m2 = int(g["rm2"]) if g["rm2"] else None
    if pre is None and m1 is None and "ym" in ctx and ctx["ym"][2] <= s and _JOIN.fullmatch(text, ctx["ym"][2], s):
        d1 = _valid(ctx["ym"][0], ctx["ym"][1], a)  # 2019년 10월 22∼23일
    elif pre in T.rel_month and m1 is None:
        yy, mm = _add_months(pub.year, pub.month, T.rel_month[pre])
        d1 = _valid(yy, mm, a)
    elif m1 is not None:
        if pre in T.rel_year:
            d1 = _valid(pub.year + T.rel_year[pre][0], m1, a)
        else:
            d1 = resolve_month(m1, pub, direction=direction, day=a, future=fut)
    else:
        d1 = resolve_day(a, pub, direction=direction, future=fut)
    if d1 is None:
        return None
    if m2 is not None:
        yy = d1.year if m2 >= d1.month else d1.year + 1
        d2 = _valid(yy, m2, b)
    elif b >= a:
        d2 = _valid(d1.year, d1.month, b)
    else:
        yy, mm = _add_months(d1.year, d1.month, 1)
        d2 = _valid(yy, mm, b)
    if d2 is None:
        return None
    return _te(text, s, e, offset, sentence, d1.isoformat(), "day", "range", end_value=d2.isoformat(),
               local=local, rule="range")


def _relative(T, text, mt, g, pub, offset, sentence, anchor, ctx):
    s, e = mt.span()
    w = _key(g["rel"])
    part = _key(g["rpart"]) if g["rpart"] else None
    local = _is_local(g["relloc"])
    if g["pd"]:  # 오늘(4일), 어제(3일)
        if w in T.rel_day:  # the stated day wins over the word
            k = int(T.rel_day[w].shift.split(":")[1])
            d = resolve_day(int(g["pd"]), pub, future=k > 0)
            return _te(text, s, e, offset, sentence, d.isoformat() if d else None, "day", "relative",
                       local=local, rule=T.rel_day[w].rule + "+paren")
        # 지난달(3일): unusual; leave the parenthesis out
        e = mt.start("pd") - 1
    if w in T.rel_day:
        if part:  # 이날 말했다... a part cannot follow a day word
            e = mt.end("rel")
        tw = T.rel_day[w]
        base, k = tw.shift.split(":")
        ref = (anchor or pub) if base == "anchor" else pub
        d = ref + dt.timedelta(days=int(k)) if ref else None
        return _te(text, s, e, offset, sentence, d.isoformat() if d else None, "day", "relative",
                   local=local, rule=tw.rule)
    if pub is None:
        return _te(text, s, e, offset, sentence, None, None, "relative", rule="unresolved")
    if w in T.rel_week:
        if part:
            e = mt.end("rel")
        d = pub + dt.timedelta(weeks=T.rel_week[w])
        return _te(text, s, e, offset, sentence, _iso_week(d), "week", "relative", rule="rel-week")
    if w in T.rel_month:
        yy, mm = _add_months(pub.year, pub.month, T.rel_month[w])
        return _te(text, s, e, offset, sentence, f"{yy:04d}-{mm:02d}", "month", "relative",
                   rule="month-part" if part else "rel-month")
    if w in T.ctx_year:
        if part:
            e = mt.end("rel")
        y0 = ctx.get("doc_year")
        return _te(text, s, e, offset, sentence, f"{y0 + T.ctx_year[w]:04d}" if y0 else None, "year",
                   "relative", rule="ctx-year")
    if w in T.rel_year:
        k, rule = T.rel_year[w]
        yy = pub.year + k
        if w == "연말" and pub.month == 1 and not _future(T, text, e):
            yy -= 1
        elif w == "연초" and pub.month == 12 and _future(T, text, e):
            yy += 1
        if w == "연말" or (part and T.part.get(part) == "dec"):
            return _te(text, s, e, offset, sentence, f"{yy:04d}-12", "month", "relative", rule="year-part")
        return _te(text, s, e, offset, sentence, f"{yy:04d}", "year", "relative",
                   rule="year-part" if part or rule == "year-part" else "rel-year")
    return None


def _duration(T, text, mt, g, pub, offset, sentence):
    s, e = mt.span()
    n = g["dn"]
    if g["du"] == "년" and text.startswith("대", e):
        return None
    if g["du"] in ("일", "개월", "년", "주") and not g["dpre"] and pub and "." not in n:
        ago = T.after_ago.match(text, e)
        if ago:
            k = int(n)
            w = ago.group("w") or ago.group("w2")
            sign = -1 if w == "전" else 1
            if g["du"] == "일":
                d = pub + dt.timedelta(days=sign * k)
                return _te(text, s, ago.end(), offset, sentence, d.isoformat(), "day", "relative", rule="ago-n")
            if g["du"] == "주":
                d = pub + dt.timedelta(weeks=sign * k)
                return _te(text, s, ago.end(), offset, sentence, _iso_week(d), "week", "relative", rule="ago-n")
            if g["du"] == "개월":
                yy, mm = _add_months(pub.year, pub.month, sign * k)
                return _te(text, s, ago.end(), offset, sentence, f"{yy:04d}-{mm:02d}", "month", "relative",
                           rule="ago-n")
            return _te(text, s, ago.end(), offset, sentence, f"{pub.year + sign * k:04d}", "year", "relative",
                       rule="ago-n")
    return _te(text, s, e, offset, sentence, None, None, "duration", rule="duration")


def find_times_in_doc(doc: Document) -> Document:
    """Fill ``doc.times`` from every non-boilerplate sentence, in text order.

    이날/전날 are anchored across sentences on the last day-precision date stated before them.
    RETURNS doc.
    """
    times: list[TimeExpression] = []
    anchor: dt.date | None = None
    state: dict = {}
    for i, sent in enumerate(doc.sentences):
        if sent.boilerplate:
            continue
        found, anchor = _find(sent.text, doc.published, sent.start, i, anchor, state)
        times.extend(found)
    doc.times = times
    doc.versions["timex"] = NAME
    return doc
