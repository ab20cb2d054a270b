"""Score the extractor against a gold directory, as ``../shared/gold/README.md`` specifies.

The scorer works on the output contract (the dicts :func:`contract_record` makes, one per article),
so what is scored is exactly what ``sageon extract FILE.jsonl --format jsonl`` prints.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import InputError
from .schema import SYMMETRIC_TYPES, Document

_QUOTE_CHARS = re.compile(r"[\s\"'“”‘’「」『』″`]+")


def contract_record(doc: Document) -> dict[str, Any]:
    """The per-article output contract of ``sageon extract --format jsonl`` (gold/README.md)."""
    from dataclasses import asdict

    events = []
    for e in doc.events:
        d = asdict(e)
        d["evidence"] = e.text
        events.append(d)
    quotes = []
    for q in doc.quotes:
        quotes.append(asdict(q))
    return {
        "id": doc.id,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "outlet": doc.outlet,
        "url": doc.url,
        "skip_reason": doc.skip_reason,
        "events": events,
        "quotes": quotes,
        "actors": [asdict(a) for a in doc.actors],
        "times": [asdict(t) for t in doc.times],
        "versions": doc.versions,
    }


# --- gold loading -------------------------------------------------------------------------------

@dataclass
class GoldArticle:
    gid: str
    article: dict[str, Any]
    gold: dict[str, Any]

    @property
    def text(self) -> str:
        return (self.article.get("title") or "") + "\n" + (self.article.get("body") or "")


def load_gold(gold_dir: str | Path) -> list[GoldArticle]:
    d = Path(gold_dir)
    arts_path = d / "articles.json"
    if not arts_path.is_file():
        raise InputError(f"no articles.json in {d} (want a gold directory like ../shared/gold/dev)")
    try:
        arts = json.loads(arts_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{arts_path}: not valid JSON: {exc}") from None
    out = []
    for a in arts:
        gp = d / f"{a['gid']}.json"
        if not gp.is_file():
            continue
        out.append(GoldArticle(a["gid"], a, json.loads(gp.read_text(encoding="utf-8"))))
    if not out:
        raise InputError(f"{d}: no gold files (<gid>.json) next to articles.json")
    return out


# --- scoring ------------------------------------------------------------------------------------

def _tuple(source, etype, target, modality=None, *, strict=False):
    if etype in SYMMETRIC_TYPES:
        a, b = sorted([source or "", target or ""])
        key = (a, etype, b)
    else:
        key = (source or "", etype, target or "")
    return key + ((modality,) if strict else ())


def _cut(value: str | None, precision_of: str) -> str | None:
    if not value:
        return None
    return value[: len(precision_of)]


def _norm_quote(s: str) -> str:
    return _QUOTE_CHARS.sub("", s or "")


def quote_match(gold_text: str, sys_text: str) -> float:
    """Match score (0 = no match) as the spec defines: containment, else difflib ratio ≥ 0.6."""
    g, s = _norm_quote(gold_text), _norm_quote(sys_text)
    if not g or not s:
        return 0.0
    if g in s or s in g:
        return 1.0 + min(len(g), len(s)) / max(len(g), len(s))  # containment outranks ratio
    r = difflib.SequenceMatcher(None, g, s, autojunk=False).ratio()
    return r if r >= 0.6 else 0.0


def speaker_right(gold_q: dict, sys_speaker: dict | None) -> bool:
    if not sys_speaker:
        return False
    gc, sc = gold_q.get("speaker_country"), sys_speaker.get("country")
    if gc and sc and gc != sc:
        return False
    g = (gold_q.get("speaker") or "").replace(" ", "")
    s = (sys_speaker.get("text") or "").replace(" ", "")
    if not g or not s:
        return False
    if g in s or s in g:
        return True
    gl = (gold_q.get("speaker") or "").split()
    sl = (sys_speaker.get("text") or "").split()
    return bool(gl and sl and gl[-1] == sl[-1])


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, system: set) -> None:
        self.tp += len(gold & system)
        self.fp += len(system - gold)
        self.fn += len(gold - system)

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    loose: PRF = field(default_factory=PRF)
    strict: PRF = field(default_factory=PRF)
    international: PRF = field(default_factory=PRF)
    quotes: PRF = field(default_factory=PRF)
    speaker_right: int = 0
    speaker_total: int = 0
    date_right: int = 0
    date_total: int = 0
    articles: int = 0
    per_article: list[dict[str, Any]] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.date_total if self.date_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "events_loose": self.loose.as_dict(),
            "events_strict": self.strict.as_dict(),
            "events_international": self.international.as_dict(),
            "quotes": self.quotes.as_dict(),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_n": self.speaker_total,
            "date_accuracy": round(self.date_accuracy, 4),
            "date_n": self.date_total,
        }


def score_article(gold: dict, system: dict, scores: Scores) -> dict[str, Any]:
    g_events = gold.get("events", [])
    s_events = system.get("events", [])

    def s_src(e):
        return (e.get("source") or {}).get("country")

    def s_tgt(e):
        return (e.get("target") or {}).get("country") if e.get("target") else None

    g_loose = {_tuple(e["source"], e["type"], e.get("target")) for e in g_events}
    s_loose = {_tuple(s_src(e), e["type"], s_tgt(e)) for e in s_events}
    g_strict = {_tuple(e["source"], e["type"], e.get("target"), e["modality"], strict=True) for e in g_events}
    s_strict = {_tuple(s_src(e), e["type"], s_tgt(e), e["modality"], strict=True) for e in s_events}

    def intl(t):
        return bool(t[0]) and bool(t[2]) and t[0] != t[2]

    scores.loose.add(g_loose, s_loose)
    scores.strict.add(g_strict, s_strict)
    scores.international.add({t for t in g_loose if intl(t)}, {t for t in s_loose if intl(t)})

    # dates: gold events with a date that have a strict match
    for e in g_events:
        if not e.get("date"):
            continue
        key = _tuple(e["source"], e["type"], e.get("target"), e["modality"], strict=True)
        matches = [s for s in s_events if _tuple(s_src(s), s["type"], s_tgt(s), s["modality"], strict=True) == key]
        if not matches:
            continue
        scores.date_total += 1
        if any(_cut((m.get("date") or {}).get("value"), e["date"]) == e["date"] for m in matches):
            scores.date_right += 1

    # quotes: one-to-one, greedy in gold order
    s_quotes = system.get("quotes", [])
    used: set[int] = set()
    matched = 0
    for gq in gold.get("quotes", []):
        best, best_i = 0.0, -1
        for i, sq in enumerate(s_quotes):
            if i in used:
                continue
            m = quote_match(gq["text"], sq.get("text", ""))
            if m > best:
                best, best_i = m, i
        if best_i >= 0:
            used.add(best_i)
            matched += 1
            scores.speaker_total += 1
            if speaker_right(gq, s_quotes[best_i].get("speaker")):
                scores.speaker_right += 1
    scores.quotes.tp += matched
    scores.quotes.fp += len(s_quotes) - matched
    scores.quotes.fn += len(gold.get("quotes", [])) - matched
    scores.articles += 1
    return {
        "missed": sorted(g_loose - s_loose), "spurious": sorted(s_loose - g_loose),
        "quotes_gold": len(gold.get("quotes", [])), "quotes_system": len(s_quotes), "quotes_matched": matched,
    }


def evaluate(gold_dir: str | Path, *, extractor=None, progress: bool = False) -> Scores:
    """Run the extractor on every gold article and score it."""
    from .pipeline import default_pipeline
    from .read import read_record

    pipe = extractor or default_pipeline()
    scores = Scores()
    items = load_gold(gold_dir)
    for ga in items:
        a = ga.article
        doc = read_record({"id": a.get("gid"), "title": a.get("title"), "body": a.get("body"),
                           "published": a.get("published"), "outlet": a.get("outlet"), "url": a.get("url"),
                           "author": a.get("author")}, source=f"{gold_dir}/articles.json:{ga.gid}")
        doc = pipe(doc)
        rec = contract_record(doc)
        detail = score_article(ga.gold, rec, scores)
        detail["gid"] = ga.gid
        scores.per_article.append(detail)
    return scores


def iter_gold_texts(gold_dir: str | Path) -> Iterable[tuple[str, str, str]]:
    for ga in load_gold(gold_dir):
        yield ga.gid, ga.text, ga.article.get("published")
