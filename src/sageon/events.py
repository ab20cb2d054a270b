"""Events: PLOVER type, source, target, modality, date, place, intensity, evidence.

For each predicate trigger (``data/predicates.tsv``) in a sentence:

* **source**: the subject phrase before the trigger (은/는/이/가/께서/도); inside a quote, first-person
  words (나, 우리) and, failing a subject, the quote's speaker; for action nouns a genitive
  (북한의 미사일 발사); failing all that, the subject carried over from the previous sentence.
* **target**: the nearest other actor phrase before the trigger marked by an object or dative
  particle (을/를/에/에게/와/과/와의/에 대한…), a 대-prefix (대북 제재), or the other member of a
  compound (북러 정상회담); failing that, the nearest other actor phrase in the clause.
* **modality** from the words after the trigger: negated (않, 못, 무산), intended (용의, 하기로,
  추진, 제안, 겠), scheduled (예정, 열릴/열리는 with a future date), hypothetical (가능성, 수도,
  전망, ~면); analysts' and journalists' guesses are hypothetical.
* **date**: the nearest time expression in the sentence, else the narrative date carried over.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import os
import re
from pathlib import Path
from dataclasses import dataclass, field
from functools import lru_cache

from . import plover
from .actors import full_names
from .data_files import load_table, read_tsv
from .errors import DataFileError
from .quotes import participant
from .schema import PLOVER_TYPES, SYMMETRIC_TYPES, DateValue, Document, Event, Participant, Phrase, Quote, TimeExpression

VERSION = "sageon.events.v1"
SUBJECT = ("은", "는", "이", "가", "께서", "측은", "측이", "도", "측도", "에서는")
TARGET = ("을", "를", "에", "에게", "와", "과", "와의", "과의", "에게는", "에는", "에도", "의", "측에", "측과", "측을",
          "으로", "로", "와는", "과는", "을 향해", "에 대해", "에 대한", "대")
_FIRST_PERSON = re.compile(r"(?<![가-힣])(나|저|우리|우리나라|우리 정부|우리 군)(?:는|가|도|의|를|와|도)")
# … (or ...) joins the clauses of a headline: 美·우크라 '종전 담판'… 러 "…" 퇴짜
_CLAUSE_END = re.compile(r"(?:고|며|면서|지만|는데|으나|자|다가|어서|아서|해서|하고)\s|[,;]\s|다\.\s?|…|\.\.\.")

NEG = re.compile(r"^.{0,12}?(않|못했|못한|못하|없었|없다|없이|무산|불발|아니|안 했|결렬|철회)")
INTENT = re.compile(r"^.{0,14}?(용의|하기로|기로 했|기로 합의|기로 결정|계획|추진|제안|의사|방침|의지|하겠|겠다|겠습니다|할 것|할 방|나서기로|검토|하자(?:고|는|며|면서)|려고|려는|키로|원한다|싶다|희망)")
SCHEDULED = re.compile(r"^.{0,14}?(예정|열릴|열리는|개최될|앞두고|참석할|방문할)")
HYPO = re.compile(r"^.{0,16}?(가능성|수도 있|수 있|듯|전망|관측|예상|우려|다면(?!서)|한다면(?!서)|하면(?!서)|경우|것으로 보|지도 모|할지|설이|여부|것이라는|거라는|것으로 예상)")
HYPO_BEFORE = re.compile(r"(만약|만일|혹시)")
ANALYST = re.compile(r"(전문가|분석가|관측통|외교가|소식통|평가가|분석이|관측이|전망이|해석)")


ENV_USER_PREDICATES = "SAGEON_USER_PREDICATES"


def predicates():
    """The bundled predicates plus the user's file (``SAGEON_USER_PREDICATES``, same columns); a
    user row with a bundled trigger replaces it."""
    return _predicates(os.environ.get(ENV_USER_PREDICATES, ""))


@lru_cache(maxsize=4)
def _predicates(user_path: str):
    rows = list(load_table("predicates.tsv", ("trigger", "type")))
    if user_path:
        path = Path(user_path)
        if not path.is_file():
            raise DataFileError(f"user predicates file not found (set by {ENV_USER_PREDICATES})", source=user_path)
        rows += read_tsv(path, ("trigger", "type"))
    table = []
    for r in rows:
        if r["type"] not in PLOVER_TYPES:
            raise DataFileError(f"unknown event type {r['type']!r} (one of {', '.join(PLOVER_TYPES)})", source=r["_line"])
        try:
            table.append((
                r["trigger"], r["type"],
                re.compile(r["requires"]) if r.get("requires") else None,
                re.compile(r["unless"]) if r.get("unless") else None,
                r.get("mode") or None,
            ))
        except re.error as e:
            raise DataFileError(f"bad regular expression in requires/unless: {e}", source=r["_line"]) from None
    table.sort(key=lambda x: -len(x[0]))
    by_trigger = {t[0]: t for t in table}  # later rows (the user's) win
    rx = re.compile("|".join(re.escape(t[0]) for t in table))
    return rx, by_trigger


@dataclass
class Argument:
    """A candidate source or target of one trigger, with the features that describe its position."""

    part: Participant | None  # None: no target
    phrase: Phrase | None
    kind: str  # phrase | speaker | first-person | carry | location | none
    feats: list[str] = field(default_factory=list)
    frame: str = ""  # particle class and side of the trigger (TOP:b), or the kind
    group: int | None = None  # coordination: phrases joined by 및/와/과/,/· share a group (미국 및 EU의)


@dataclass
class Trigger:
    """One predicate match with everything needed to decide its source and target."""

    sentence: int
    start: int
    end: int
    type: str
    trigger: str
    word: str
    mode: str | None
    quote: Quote | None
    quote_index: int | None
    modality: str
    date: DateValue | None
    location: str | None
    is_title: bool
    sources: list[Argument]
    targets: list[Argument]
    # the hand-written cascade's picks: (source, target, "src:<rule>|tgt:<rule>")
    rule_pairs: list[tuple[Argument, Argument, str]] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    # the other dates of a list the trigger's date belongs to (지난해 5월과 10월에 훈련을 벌였다)
    also_dates: list[DateValue] = field(default_factory=list)
    scored: tuple | None = None  # (model uid, its scored pairs): see SoftmaxModel.scored_pairs
    # per relation, how many of the article's sentences have a trigger with a candidate pair for
    # it, and the relations the headline's triggers could state (see _article_support)
    support: dict = field(default_factory=dict)
    title_relations: frozenset = frozenset()

    def pairs(self):
        """The (source, target) pairs a model chooses among: a source with a country, a target that
        is another actor (or no target)."""
        for s in self.sources:
            if s.part is None or s.part.country is None:
                continue
            for t in self.targets:
                if not _same_actor(s, t):
                    yield s, t

    def pair_features(self, src: Argument, tgt: Argument) -> list[str]:
        return self.feats + src.feats + tgt.feats + self.pair_extra(src, tgt)

    def pair_extra(self, src: Argument, tgt: Argument) -> list[str]:
        """The features of the pair itself (beyond its trigger's and its two arguments')."""
        f: list[str] = []
        et = self.type
        if tgt.part is not None and src.part is not None:
            if tgt.part.country == src.part.country:
                f += ["pair.same", f"pair.same|{et}"]
            if src.phrase is not None and tgt.phrase is not None:
                order = "s<t" if src.phrase.start < tgt.phrase.start else "t<s"
                f.append(f"pair.{order}")
                if (src.group is not None and src.group == tgt.group) or (
                        src.phrase.compound is not None and src.phrase.start == tgt.phrase.start):
                    # the two sides of one list or compound (캄보디아와 태국은, 양국은, 북러): the gold
                    # takes the first-named side as the source of a reciprocal act
                    f += [f"pair.coord|{order}", f"pair.coord|{order}|{et}"]
        if any(src is a and tgt is b for a, b, _ in self.rule_pairs):
            f.append("pair.rule")
        # the frame: which case marks the source and which the target (TOP>DAT for 촉구, TOP>COM for 회담)
        f.append(f"frame={src.frame}>{tgt.frame}|{et}")
        # a relation the article comes back to, or that its headline could state, is more likely meant
        rel = _relation(et, src.part.country, tgt.part.country if tgt.part is not None else None)
        n = min(self.support.get(rel, 1) - 1, 3)
        f += [f"pair.support={n}", f"pair.support={n}|{et}"]
        if not self.is_title and rel in self.title_relations:
            f += ["pair.in_title", f"pair.in_title|{et}"]
        return f


def _relation(etype: str, source: str | None, target: str | None) -> tuple:
    """(type, source country, target country), the two countries in a fixed order for the types
    that have no direction (CONSULT, COOPERATE)."""
    if etype in SYMMETRIC_TYPES and (target or "") < (source or ""):
        source, target = target, source
    return etype, source, target


def _article_support(trgs: list[Trigger]) -> None:
    """Fill each trigger's ``support`` (per relation, how many of the article's sentences have a
    trigger with a candidate pair for it) and ``title_relations``."""
    per_sentence: dict[tuple, set] = {}
    title: set = set()
    for trg in trgs:
        for s, t in trg.pairs():
            rel = _relation(trg.type, s.part.country, t.part.country if t.part is not None else None)
            per_sentence.setdefault(rel, set()).add(trg.sentence)
            if trg.is_title:
                title.add(rel)
    counts = {rel: len(ss) for rel, ss in per_sentence.items()}
    frozen = frozenset(title)
    for trg in trgs:
        trg.support = counts
        trg.title_relations = frozen


def _same_actor(s: Argument, t: Argument) -> bool:
    if t.part is None:
        return False
    if s.phrase is not None and t.phrase is s.phrase:
        return True
    if t.part.text == s.part.text:
        return True
    return t.part.actor_id is not None and t.part.actor_id == s.part.actor_id


def find_events(doc: Document, model=None) -> Document:
    """The events stage: every trigger's candidate arguments, decided by the event model."""
    from .event_model import default_model

    model = model if model is not None else default_model()
    events: list[Event] = []
    trigs = triggers(doc)
    for trig in trigs:
        for src, tgt, conf, rule in model.decide(trig):
            ev = _event(doc, trig, src, tgt, conf, rule)
            # 5월과 10월에 훈련을 벌였다: one event per listed date
            events += [ev] + [dataclasses.replace(ev, date=d) for d in trig.also_dates]
    events += _other_occasions(doc, trigs, model, events)
    doc.events = _dedupe(_headline_events(doc, events, getattr(model, "title_threshold", None)))
    return doc


def _headline_events(doc: Document, events: list[Event], floor: float | None) -> list[Event]:
    """A headline is telegraphic (북러 밀착…최선희, 푸틴 면담), so its parse is less sure than the body's:
    a headline event stays when the body states the same relation (it adds the headline as evidence)
    or when it is at least ``floor`` likely."""
    title_end = len(doc.title) if doc.title else 0
    if floor is None or not title_end:
        return events

    def relation(e: Event) -> tuple:
        return _relation(e.type, e.source.country, e.target.country if e.target is not None else None)

    body = {relation(e) for e in events if e.start >= title_end}
    return [e for e in events if e.start >= title_end or e.confidence >= floor or relation(e) in body]


def _other_occasions(doc: Document, trigs: list[Trigger], model, events: list[Event]) -> list[Event]:
    """Once the article states a relation (A's drill around B), its other mentions on other dates
    are other occasions of it (the drills of May and of October): a trigger whose pair has that
    relation's countries, type and modality, likely enough (``model.occasion_threshold``) but below
    the model's threshold, becomes an event too when its date is one the relation has not got yet."""
    floor = getattr(model, "occasion_threshold", None)
    if not floor or not hasattr(model, "scored_pairs"):
        return []
    dates: dict[tuple, set] = {}
    for e in events:
        key = (e.source.country, e.type, e.target.country if e.target else None, e.modality)
        dates.setdefault(key, set()).add(e.date.value if e.date else None)
    out = []
    types = {k[1] for k in dates}
    for trg in trigs:
        d = trg.date.value if trg.date else None
        if d is None or trg.type not in types:
            continue
        for p, s, t in model.scored_pairs(trg):
            if p < floor:
                continue
            key = (s.part.country, trg.type, t.part.country if t.part is not None else None, trg.modality)
            if key in dates and d not in dates[key]:
                dates[key].add(d)
                out.append(_event(doc, trg, s, t, round(p, 3), f"src:{s.kind}|tgt:{t.kind}|occasion|p={p:.2f}"))
    return out


def triggers(doc: Document) -> list[Trigger]:
    """Predicate matches with candidate arguments and the rule cascade's picks, sentence by sentence."""
    rx, by_trigger = predicates()
    text = doc.text
    names = full_names(doc)
    phrases_by_sent: dict[int, list[Phrase]] = {}
    for ph in doc.phrases:
        phrases_by_sent.setdefault(ph.sentence, []).append(ph)
    times_by_sent: dict[int, list[TimeExpression]] = {}
    for t in doc.times:
        times_by_sent.setdefault(t.sentence, []).append(t)
    quotes_by_sent: dict[int, list[tuple[int, Quote]]] = {}
    for qi, q in enumerate(doc.quotes):
        quotes_by_sent.setdefault(q.sentence, []).append((qi, q))
    # a headline's events are the lead's: they take the first day the body states (27일(현지시간))
    title_end = len(doc.title) if doc.title else 0
    lead = next((t for t in doc.times if t.start >= title_end and t.value and t.precision == "day"
                 and t.kind in ("date", "relative", "range")), None)
    lead_date = DateValue(lead.value, "day", None, f"lead:{lead.text}") if lead is not None else None
    out: list[Trigger] = []
    carry_subject: Participant | None = None
    narrative_date: DateValue | None = None
    pub = doc.published
    tok_index = {t.start: i for i, t in enumerate(doc.tokens)}
    token_starts = [t.start for t in doc.tokens]
    # per phrase, once per document: its participant and its particle class
    parts = {id(ph): participant(doc, ph, names) for ph in doc.phrases}
    pcs = {id(ph): _particle_class(text, ph) for ph in doc.phrases}
    # how central each country is to the article: its rank by number of phrases naming it
    counts: dict[str, int] = {}
    for pp in parts.values():
        if pp.country:
            counts[pp.country] = counts.get(pp.country, 0) + 1
    ranked = sorted(counts, key=lambda c: -counts[c])
    salience = {c: min(i + 1, 4) for i, c in enumerate(ranked)}
    for si, sent in enumerate(doc.sentences):
        if sent.boilerplate:
            continue
        phs = phrases_by_sent.get(si, [])
        sent_times = [t for t in times_by_sent.get(si, []) if t.value]
        s_quotes = [q for _, q in quotes_by_sent.get(si, [])]
        is_title = bool(doc.title) and sent.end <= len(doc.title)
        analyst = bool(ANALYST.search(sent.text))
        sent_trgs: list[Trigger] = []
        for m in rx.finditer(text, sent.start, sent.end):
            trig, etype, requires, unless, mode = by_trigger[m.group(0)]
            ti = tok_index.get(m.start())
            tok = doc.tokens[ti] if ti is not None else None
            if tok is None or not (tok.tag.startswith(("NN", "VV", "XR", "SL")) or tok.tag in ("VA", "MAG")):
                continue  # not a content morpheme here (지지 inside 정해지지)
            if tok.tag == "NNP" and tok.end > m.end():
                continue  # inside a proper name (금수 in 금수산)
            if tok.end - tok.start == 1 and tok.end < m.end() and ti + 1 < len(doc.tokens) \
                    and doc.tokens[ti + 1].tag.startswith("J"):
                continue  # a one-syllable noun and a particle (5개 항의 공보문: 항 + 의, not 항의 "protest")
            word = _word_at(text, m.start(), m.end())
            if unless is not None and unless.search(text[max(sent.start, m.start() - 6):m.end() + 8]):
                continue
            if requires is not None and not requires.search(sent.text):
                continue
            qi, quote = next(((i, q) for i, q in quotes_by_sent.get(si, []) if q.direct and q.start <= m.start() < q.end),
                             (None, None))
            scope_start = quote.start if quote else sent.start
            scope_phs = [p for p in phs if scope_start <= p.start and (quote is None or p.end <= quote.end)
                         and not (quote is None and _in_quote(p, s_quotes))]
            modality = _modality(text, m.start(), m.end(), sent, quote, doc, sent_times, pub)
            if modality == "asserted" and ti is not None:
                modality = _chained_modality(doc, ti, m.end(), sent, quote, sent_times, pub) or modality
            date = _date_for(text, m.start(), sent_times, lead_date if is_title else narrative_date, modality, pub, m.end())
            if modality == "asserted" and _is_future(date, pub):
                modality = "scheduled"  # a dated future event stated as fact: 28일 플로리다에서 회담한다
            trg = Trigger(
                si, m.start(), m.end(), etype, trig, word, mode, quote, qi, modality, date,
                _location(doc, phs, text), is_title, [], [],
            )
            if date is not None and date.source.startswith("timex:") and modality in ("asserted", "negated"):
                trg.also_dates = _listed_dates(text, m.start(), sent_times)
            _candidates(doc, trg, scope_phs, s_quotes, names, carry_subject, sent, token_starts, parts, pcs, salience)
            # trigger-level features: what kind of word fired, where, how it is framed
            nxt = doc.tokens[ti + 1] if ti is not None and ti + 1 < len(doc.tokens) else None
            after_tag = nxt.tag if nxt is not None and nxt.start <= m.end() + 1 else "END"
            tail, next_word, next_lemma = _word_tail(doc, ti, m.end())
            trg.feats = [
                "bias", f"type={etype}", f"trig={trig}", f"mod={modality}", f"mod={modality}|{etype}",
                f"ttag={tok.tag[:2]}", f"tnext={after_tag}", f"tnext={after_tag}|{etype}",
                f"wtail={tail}", f"wtail={tail}|{etype}", f"nword={next_word}",
            ]
            if next_lemma:
                trg.feats.append(f"nlem={next_lemma}")
            if quote is not None:
                trg.feats += ["in_quote", f"in_quote|{etype}"]
            if is_title:
                trg.feats.append("title")
            if analyst and quote is None:
                trg.feats.append("analyst_sentence")
            # how many other actors the trigger's scope names: an act needs someone to act on
            n_act = len({a.part.country for a in trg.sources if a.part is not None and a.part.country})
            trg.feats += [f"nact={min(n_act, 3)}", f"nact={min(n_act, 3)}|{etype}"]
            out.append(trg)
            sent_trgs.append(trg)
        _mark_compound_triggers(text, sent_trgs)
        # carry the sentence's subject to the next sentence (Korean drops repeated subjects)
        subj = _sentence_subject(doc, phs, s_quotes, names)
        if subj is not None:
            carry_subject = subj
        # the narrative date: a stated day near publication (the news of the day); a background date
        # (지난해 11월 7일 …) dates its own sentence, not the undated ones after it
        day_times = [t for t in sent_times if t.precision == "day" and t.kind in ("date", "relative", "range")
                     and (pub is None or abs((dt.date.fromisoformat(t.value[:10]) - pub).days) <= 7)]
        if day_times and not is_title:
            t = day_times[0]
            narrative_date = DateValue(t.value, t.precision, t.end_value, f"timex:{t.text}")
    _article_support(out)
    return out


_BARE_GAP = re.compile(r"\s?")


def _mark_compound_triggers(text: str, trgs: list[Trigger]) -> None:
    """A trigger noun right before another (공격 위협, 휴전 협상, 발사 훈련) modifies it: the head, the
    second, names the event. Both get features saying so."""
    for a in trgs:
        for b in trgs:
            if b.start >= a.end and _BARE_GAP.fullmatch(text, a.end, b.start):
                a.feats += ["modtrig", f"modtrig|{a.type}", f"modtrig|{a.type}>{b.type}"]
                b.feats += ["headtrig", f"headtrig|{b.type}", f"headtrig|{a.type}>{b.type}"]
                break


def _word_tail(doc: Document, ti: int, end: int) -> tuple[str, str]:
    """How the trigger's word goes on (tags of its remaining morphemes: XSV.EP.EF for 회담했다,
    JKO for 회담을, NNG for 회담장) and the first tag of the next word: whether the trigger is the
    clause's predicate, an argument of another verb, or a modifier."""
    toks = doc.tokens
    text = doc.text
    j = ti + 1
    while j < len(toks) and toks[j].start < end:
        j += 1
    tags = []
    pos = end
    while j < len(toks) and toks[j].start <= pos and len(tags) < 3:
        tags.append(toks[j].tag)
        pos = toks[j].end
        j += 1
    while j < len(toks) and toks[j].start <= pos:  # the rest of the word
        j += 1
    nxt = toks[j].tag if j < len(toks) and text[pos:toks[j].start].isspace() else "END"
    # the next word's stem when it is a verb or noun: 회담을 갖고 / 열고 / 앞두고 / 결과
    lemma = toks[j].form if nxt.startswith(("VV", "VA", "NNG", "XR")) else ""
    return (".".join(tags) or "-"), nxt, lemma


_PARTICLE_CLASS = {
    **dict.fromkeys(("은", "는", "측은", "에서는", "께서는"), "TOP"),
    **dict.fromkeys(("이", "가", "께서", "측이"), "SUBJ"),
    **dict.fromkeys(("도", "측도", "과도", "와도"), "ALSO"),
    **dict.fromkeys(("의", "측의", "에의"), "GEN"),
    **dict.fromkeys(("을", "를", "측을"), "OBJ"),
    **dict.fromkeys(("에게", "에", "께", "측에", "에게는", "에는", "에도", "엔"), "DAT"),
    **dict.fromkeys(("와", "과", "와의", "과의", "와는", "과는", "측과", "랑", "이랑"), "COM"),
    **dict.fromkeys(("으로", "로", "으로서", "로서"), "DIR"),
    **dict.fromkeys(("에서", "에서도", "측에서"), "LOC"),
    **dict.fromkeys(("으로부터", "로부터", "에게서", "측으로부터"), "FROM"),
}


def _particle_class(text: str, ph: Phrase) -> str:
    if ph.particle:
        pc = _PARTICLE_CLASS.get(ph.particle, "OTHER")
        if pc == "DAT" and text.startswith((" 대해", " 대한", " 대하여"), ph.end + len(ph.particle)):
            return "ABOUT"
        return pc
    if ph.compound:
        return "COMPOUND"
    return "NONE"  # a bare modifier: 이란 핵 시설을, 미국산 대두


def _bucket(gap: int) -> str:
    return "adj" if gap <= 2 else "near" if gap <= 10 else "mid" if gap <= 30 else "far"


def _phrase_feats(role: str, doc: Document, trg: Trigger, ph: Phrase, scope: list[Phrase], pcs: dict[int, str],
                  starts: list[int]) -> list[str]:
    text = doc.text
    pc = pcs[id(ph)]
    et = trg.type
    before = ph.end <= trg.start
    # a phrase holding the trigger (미중 정상회담이, 한미 연합훈련을) names its participants; it is
    # neither before nor after the trigger
    pos = "b" if before else "in" if ph.start < trg.end else "a"
    gap_text = text[ph.end:trg.start] if before else text[trg.end:ph.start]
    dist = _bucket(len(gap_text))
    cb = "cb" if _CLAUSE_END.search(gap_text + " ") and len(gap_text) > 2 else "nocb"
    between = sum(1 for p in scope if (before and ph.end <= p.start and p.end <= trg.start)
                  or (not before and trg.end <= p.start and p.end <= ph.start))
    m = doc.mentions[ph.head]
    atype = m.actor.type if m.actor is not None else "none"
    f = [
        f"{role}.pc={pc}", f"{role}.pc={pc}|{pos}", f"{role}.pc={pc}|{pos}|{dist}", f"{role}.pc={pc}|{et}",
        f"{role}.pc={pc}|{pos}|{et}", f"{role}.{cb}|{pos}", f"{role}.{cb}|{pc}", f"{role}.at={atype}",
        f"{role}.mk={m.kind}", f"{role}.between={min(between, 2)}|{pos}",
    ]
    sector = m.actor.sector if m.actor is not None else None
    if sector:  # a news outlet reports events more often than it acts in them (폴리티코는 … 전했다)
        f += [f"{role}.sec={sector}", f"{role}.sec={sector}|{et}"]
    same_pc = [p for p in scope if p.end <= trg.start and pcs[id(p)] == pc] if before else \
        [p for p in scope if p.start >= trg.end and pcs[id(p)] == pc]
    if same_pc and (same_pc[-1] is ph if before else same_pc[0] is ph):
        f += [f"{role}.nearest_pc", f"{role}.nearest_pc|{pc}|{pos}"]
    if ph.compound:
        f.append(f"{role}.compound")
        if before and len(gap_text) <= 8:
            f += [f"{role}.compound_adj", f"{role}.compound_adj|{et}"]
    if ph.pronoun:
        f.append(f"{role}.pronoun")
    # verb endings between the phrase and the trigger: a connective (EC: 만나고, 밝히며) or an adnominal
    # (ETM: 미국이 작성한 휴전안) puts them in different clauses
    a, b = (ph.end, trg.start) if before else (trg.end, ph.start)
    ec = etm = ef = 0
    for t in _tokens_between(doc, a, b, starts):
        if t.tag == "EC":
            ec += 1
        elif t.tag == "ETM":
            etm += 1
        elif t.tag == "EF":
            ef += 1
    f += [f"{role}.ec={min(ec, 2)}|{pos}", f"{role}.etm={min(etm, 2)}|{pos}", f"{role}.ec={min(ec, 2)}|{pc}|{pos}"]
    if not before and etm == 1 and ec == 0 and ef == 0 and _etm_word_before(doc, ph.start, starts):
        # [쿠르스크에 군을 파병한] 북한, [무기 판매를 승인한] 미국: the noun a relative clause holding
        # the trigger modifies is usually the clause's agent
        f += [f"{role}.relhead", f"{role}.relhead|{et}"]
    if ef:
        f.append(f"{role}.ef|{pos}")
    return f


def _etm_word_before(doc: Document, pos: int, starts: list[int]) -> bool:
    """The word right before ``pos`` ends in an adnominal ending (승인한, 파병한, 보낸)."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and doc.tokens[i].tag == "ETM" and doc.text[doc.tokens[i].end:pos].strip() == ""


def _tokens_between(doc: Document, a: int, b: int, starts: list[int]):
    i = bisect.bisect_left(starts, a)
    toks = doc.tokens
    while i < len(toks) and toks[i].start < b:
        yield toks[i]
        i += 1


def _candidates(doc, trg: Trigger, scope_phs, s_quotes, names, carry_subject, sent, starts, parts, pcs,
                salience=None) -> None:
    text = doc.text
    et = trg.type
    quote = trg.quote
    # the hand-written cascade: its picks become features the model weighs against the rest
    r_src, r_src_ph, r_src_rule = _source(doc, text, trg.start, scope_phs, quote, names, s_quotes, sent)
    if r_src is None and quote is None and carry_subject is not None and not trg.is_title:
        r_src, r_src_rule = carry_subject, "carry"
    r_tgt, r_tgt_rule = (None, "none")
    passive_gens = []
    if r_src is not None:
        r_tgt, r_tgt_rule = _target(doc, text, trg.start, trg.end, scope_phs, r_src_ph, r_src, names, sent)
        if _PASSIVE.match(text, trg.end) and r_src_ph is not None:
            # 미국 및 EU의 제재를 받는 러시아: the genitive phrases act, the subject undergoes
            passive_gens = _coordinated_genitive(text, [p for p in scope_phs if p.end <= trg.start], trg.start)
    groups = _coordination(text, scope_phs)
    for ph in scope_phs:
        part = parts[id(ph)]
        if part.country is None:
            continue
        pc = pcs[id(ph)]
        for role, lst in (("s", trg.sources), ("t", trg.targets)):
            a = Argument(part, ph, "phrase", _phrase_feats(role, doc, trg, ph, scope_phs, pcs, starts),
                         f"{pc}:{'b' if ph.end <= trg.start else 'a'}", groups.get(id(ph)))
            if salience:
                a.feats += [f"{role}.rank={salience.get(part.country, 4)}"]
            # the trigger's own frame: which case its arguments take (촉구: 에게/에 target; 만나: 을/를 or 와/과)
            a.feats.append(f"{role}.pc={pc}|{a.frame[-1]}|trig={trg.trigger}")
            if passive_gens:
                a.feats.append(f"{role}.passive_gen" if ph in passive_gens else f"{role}.passive_subj" if ph is r_src_ph else f"{role}.passive_other")
            lst.append(a)
    if quote is not None and quote.speaker is not None and quote.speaker.country:
        fp = _FIRST_PERSON.search(text, quote.start, trg.start)
        kind = "first-person" if fp else "speaker"
        trg.sources.append(Argument(quote.speaker, None, kind, [f"s.kind={kind}", f"s.kind={kind}|{et}"], kind))
        trg.targets.append(Argument(quote.speaker, None, kind, [f"t.kind={kind}", f"t.kind={kind}|{et}"], kind))
    if quote is None and carry_subject is not None and carry_subject.country and not trg.is_title:
        trg.sources.append(Argument(carry_subject, None, "carry", ["s.kind=carry", f"s.kind=carry|{et}"], "carry"))
    if trg.location:
        loc = Participant(text=trg.location, country=trg.location, type="country")
        trg.targets.append(Argument(loc, None, "location", ["t.kind=location", f"t.kind=location|{et}"], "location"))
    n_other = min(len(trg.targets), 3)
    trg.targets.append(Argument(None, None, "none", ["t.none", f"t.none|{et}", f"t.none|n={n_other}"], "none"))

    def find(lst, part, ph, rule):
        for a in lst:
            if ph is not None and a.phrase is ph:
                return a
        for a in lst:
            if a.phrase is None and a.part is not None and part is not None and a.part.country == part.country \
                    and a.kind in rule:
                return a
        for a in lst:
            if part is not None and a.part is not None and a.part.text == part.text:
                return a
        return None

    if r_src is None:
        return
    if passive_gens:
        srcs = [(find(trg.sources, None, g, ""), "passive-genitive") for g in passive_gens]
        tgts = [(find(trg.targets, r_src, r_src_ph, "phrase"), "passive")]
    else:
        srcs = [(find(trg.sources, r_src, r_src_ph, r_src_rule), r_src_rule)]
        if r_tgt is None and et == "CONSULT" and trg.location and trg.location != r_src.country:
            r_tgt, r_tgt_rule = Participant(text=trg.location, country=trg.location, type="country"), "location"
        if r_tgt is None:
            b = trg.targets[-1]
        else:
            b = find(trg.targets, r_tgt, None, r_tgt_rule) or next(
                (x for x in trg.targets if x.part is not None and x.part.country == r_tgt.country), None)
        tgts = [(b, r_tgt_rule)]
    for a, rule in srcs:
        if a is not None:
            a.feats += [f"s.rule={rule}", f"s.rule={rule}|{et}"]
    for b, rule in tgts:
        if b is not None:
            rr = rule.split(":")[0]
            b.feats += [f"t.rule={rr}", f"t.rule={rr}|{et}"]
    for a, s_rule in srcs:
        for b, t_rule in tgts:
            if a is not None and b is not None:
                trg.rule_pairs.append((a, b, f"src:{s_rule}|tgt:{t_rule}"))


_COORD_GAP = re.compile(r"(?:와|과)?\s*(?:및|과|와|,|·|그리고|또는)?\s*")


def _coordination(text: str, phs: list[Phrase]) -> dict[int, int]:
    """Coordinated actor phrases (미국 및 유럽연합(EU)의, 트럼프 미국 대통령, 시진핑 중국 국가주석 등에게):
    phrase id → group number, for groups of two or more joined only by 및/와/과/commas/·."""
    out: dict[int, int] = {}
    n = 0
    for a, b in zip(phs, phs[1:]):
        gap = text[a.end:b.start]
        if a.compound and b.compound == a.compound:
            continue  # the two members of one compound are not a list
        if gap == "(" or (len(gap) <= 6 and _COORD_GAP.fullmatch(gap) and (gap.strip() or a.particle in ("와", "과"))):
            # (a parenthesised alias, 유럽연합(EU), joins its name's group)
            if id(a) not in out:
                n += 1
                out[id(a)] = n
            out[id(b)] = out[id(a)]
    return out


def _event(doc: Document, trg: Trigger, src: Argument, tgt: Argument, conf: float, rule: str) -> Event:
    text = doc.text
    sent = doc.sentences[trg.sentence]
    ev_start, ev_end = _evidence(text, sent, trg.start, trg.end, src.phrase)
    et = trg.type
    return Event(
        ev_start, ev_end, text[ev_start:ev_end], trg.sentence, et, trg.modality, src.part,
        tgt.part if tgt.kind != "none" else None,
        trigger=trg.word, mode=trg.mode, date=trg.date, location=trg.location,
        intensity=plover.goldstein(et) or 0.0, cameo=plover.cameo_root(et), quad_class=plover.quad_class(et),
        confidence=conf, quote=trg.quote_index, rule=f"{et}:{trg.trigger}|{rule}", version=VERSION,
    )


_PASSIVE = re.compile(r"\s?(?:압박)?\s?(?:을|를)\s(?:받|당하|당한|당했)")


def _coordinated_genitive(text, before, pos):
    """The genitive phrase right before the trigger and the phrases coordinated with it (A 및 B의)."""
    gens = [p for p in before if p.particle == "의" and pos - p.end <= 6]
    if not gens:
        return []
    out = [gens[-1]]
    anchor = gens[-1].start
    for p in reversed([p for p in before if p.end <= gens[-1].start]):
        gap = text[p.end:anchor]
        if gap == "(":
            anchor = p.start
            continue  # 유럽연합(EU): the parenthesised alias is the same actor
        if re.fullmatch(r"(?:와|과)?\s*(?:및|과|와|,|·)?\s*", gap) and gap.strip() or p.particle in ("와", "과"):
            out.insert(0, p)
            anchor = p.start
        else:
            break
    return out


def _word_at(text: str, s: int, e: int) -> str:
    a = s
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = e
    while b < len(text) and not text[b].isspace():
        b += 1
    return text[a:b]


def _in_quote(ph: Phrase, quotes: list[Quote]) -> bool:
    return any(q.direct and q.start <= ph.start < q.end for q in quotes)


def _source(doc, text, pos, phs, quote, names, s_quotes, sent):
    before = [p for p in phs if p.end <= pos]
    subj = [p for p in before if p.particle in SUBJECT]
    if quote is not None and quote.speaker is not None:
        fp = None
        for fp in _FIRST_PERSON.finditer(text, quote.start, pos):
            pass
        if fp is not None and (not subj or fp.start() > subj[-1].start):
            return quote.speaker, None, "first-person"
    if subj:
        # the nearest subject before the trigger, preferring named actors over bare countries
        p = subj[-1]
        return participant(doc, p, names), p, "subject"
    if quote is not None:
        fp = _FIRST_PERSON.search(text, quote.start, pos)
        if fp and quote.speaker is not None:
            return quote.speaker, None, "first-person"
        if quote.speaker is not None and quote.speaker.country:
            return quote.speaker, None, "speaker"
    gen = [p for p in before if p.particle == "의" and (pos - p.end <= 12 or (doc.mentions[p.head].actor is not None and doc.mentions[p.head].actor.type == "person"))]
    if gen:
        return participant(doc, gen[-1], names), gen[-1], "genitive"
    # compound right before the trigger: 북러 정상회담 → first member
    comp = [p for p in before if p.compound and pos - p.end <= 8]
    if comp:
        first = [p for p in comp if p.compound == comp[-1].compound][0]
        return participant(doc, first, names), first, "compound"
    # subject after a quote in the same sentence (…고 트럼프가 말했다) or sentence topic
    if quote is None:
        after = [p for p in phs if p.start > pos and p.particle in SUBJECT]
        if after and not s_quotes:
            return participant(doc, after[0], names), after[0], "subject-after"
    return None, None, "none"


def _target(doc, text, s, e, phs, src_ph, src: Participant, names, sent):
    def other(p):
        if src_ph is not None and p is src_ph:
            return False
        pp = participant(doc, p, names)
        if pp.text == src.text or (pp.actor_id is not None and pp.actor_id == src.actor_id):
            return False
        return True

    before = [p for p in phs if p.end <= s and other(p)]
    # compound right before the trigger: the other member
    comp = [p for p in before if p.compound and s - p.end <= 8]
    if comp:
        members = [p for p in phs if p.compound == comp[-1].compound and p.start == comp[-1].start]
        for p in members:
            pp = participant(doc, p, names)
            if pp.country != src.country:
                return pp, "compound"
    marked = [p for p in before if p.particle in TARGET and p.particle not in ("의",)]
    if src_ph is not None:
        marked = [p for p in marked if p.start > src_ph.start] or marked
    if marked:
        p = marked[-1]
        return participant(doc, p, names), f"particle:{p.particle}"
    gen = [p for p in before if p.particle == "의"]
    if gen:
        return participant(doc, gen[-1], names), "genitive"
    after = [p for p in phs if p.start >= e and other(p) and p.particle in TARGET and p.start - e < 30]
    if after:
        return participant(doc, after[0], names), "after"
    rest = [p for p in before if p.particle not in SUBJECT or src_ph is None]
    if rest:
        return participant(doc, rest[-1], names), "nearest"
    return None, "none"


def _modality(text, s, e, sent, quote, doc, sent_times, pub) -> str:
    after = text[e:min(sent.end, e + 30)]
    before = text[max(sent.start, s - 25):s]
    if NEG.match(after):
        return "negated"
    if HYPO.match(after) or HYPO_BEFORE.search(before):
        return "hypothetical"
    future = any(t.value and pub and t.value[:10] >= pub.isoformat() and t.precision == "day" for t in sent_times) or "오는" in text[sent.start:sent.end]
    if SCHEDULED.match(after) and future:
        return "scheduled"
    if INTENT.match(after):
        return "intended"
    if SCHEDULED.match(after):
        return "scheduled" if future else "intended"
    if quote is None and ANALYST.search(text[sent.start:sent.end]) and re.search(r"(것으로|듯|전망|보인다|분석)", text[e:sent.end]):
        return "hypothetical"
    return "asserted"


def _time_for(text, pos, end, sent_times, deadline_ok: bool = True):
    """The sentence's time expression that dates the trigger at ``pos``: the nearest one before it
    (a date stated early in a sentence dates all its clauses), else one after it in the same clause
    (회담은 27일 열렸다); a date in a later clause (…휴전에 돌입했고, 2022년 2월 러시아가 침공하면서)
    is another event's. A deadline (올해 말까지 구매를 약속했다) dates a plan, not an act that happened
    (``deadline_ok=False`` for asserted and negated events)."""
    before = [t for t in sent_times if t.end <= pos and not (deadline_ok is False and text.startswith("까지", t.end))]
    if before:
        return before[-1]
    for t in sent_times:
        if t.start >= end:
            gap = text[end:t.start]
            if len(gap) <= 40 and not _CLAUSE_END.search(gap + " "):
                return t
            return None
    return None


# connective endings that leave tense and mood to the clause that follows (만나고, 논의하며, 참석해)
_CHAIN_EC = frozenset({"고", "며", "으며", "어", "아", "여", "어서", "아서", "고서"})
# bound and modal nouns after an adnominal ending that make the mood: 논의할 예정이다, 만날 것
_MODAL_NOUNS = frozenset({"예정", "계획", "방침", "것", "수", "가능성", "전망", "방안", "의사", "용의", "생각"})


def _chained_modality(doc, ti, end, sent, quote, sent_times, pub) -> str | None:
    """The mood of a clause joined by a bare connective is the next clause's: in
    ``28일 트럼프와 회담을 갖고 … 종전안을 논의할 예정이다`` and ``면담하고, 리창 총리와 오찬을 함께할 것``
    the meeting is as planned as what follows. Walks the chain of 고/며/어 clauses (skipping
    relative clauses and auxiliaries: 요구하고 있다) to the first clause whose ending says something;
    None when a clause carries its own tense (만났고) or the chain ends (…한 것을 두고 "…").
    """
    toks = doc.tokens
    text = doc.text
    scope_end = quote.end if quote is not None else sent.end
    j = ti + 1
    limit = end + 12  # the trigger's own predicate: 회담을 갖고
    clause_start = None
    hops = 0
    while j < len(toks) and toks[j].start < min(limit, scope_end):
        t = toks[j]
        if clause_start is None and t.tag.startswith("J") and t.tag != "JKO":
            return None  # 방중과 관련해: the noun is an argument of another predicate
        if clause_start is not None and any(c in text[clause_start:t.end] for c in "\"“”'‘’"):
            return None  # the chain runs into a quotation: another speaker's mood
        if t.tag == "EP":
            return None
        if clause_start is None:
            if t.tag in ("EF", "ETN", "ETM"):
                return None
        elif t.tag == "EF" or (t.tag == "EC" and t.form in _CHAIN_EC) or (
                t.tag == "ETM" and j + 1 < len(toks) and toks[j + 1].form in _MODAL_NOUNS):
            ws = max(clause_start, t.start - 12)
            mod = _modality(text, ws, ws, sent, quote, doc, sent_times, pub)
            if mod in ("intended", "scheduled", "hypothetical"):  # negation does not distribute
                return mod
            if t.tag != "EC":
                return None
        elif t.tag in ("EC", "ETN"):
            return None  # 하자고, 한다며, 하면서: a complement or a side clause, not a conjunct
        if t.tag == "EC":
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            if nxt is not None and nxt.tag == "VX":  # 요구하고 있다, 도와 주다: the same predicate
                j += 1
                continue
            if t.form not in _CHAIN_EC or hops >= 3:
                return None
            hops += 1
            clause_start = t.end
            limit = t.end + 60  # the next clause's predicate
        j += 1
    return None


def _is_future(date: DateValue | None, pub) -> bool:
    # only a date the sentence states: a carried narrative date is weaker evidence of tense
    if date is None or pub is None or date.precision not in ("day", "range") or not date.source.startswith("timex:"):
        return False
    return date.value[:10] > pub.isoformat()


_LIST_JOIN = re.compile(r"\s?(?:과|와|,|및|·|그리고)\s?")


def _listed_dates(text, pos, sent_times) -> list[DateValue]:
    """The dates listed before the one that dates the trigger (지난해 5월과 10월에는 … 훈련을 벌였다):
    each is an occasion of the same act."""
    before = [t for t in sent_times if t.end <= pos]
    out = []
    for a, b in zip(reversed(before[:-1]), reversed(before)):
        if not _LIST_JOIN.fullmatch(text, a.end, b.start) or a.precision not in ("day", "month", "year"):
            break
        out.append(DateValue(a.value, a.precision, a.end_value, f"timex:{a.text}"))
    return out


def _date_for(text, pos, sent_times, narrative, modality, pub, end=None) -> DateValue | None:
    t = _time_for(text, pos, end if end is not None else pos, sent_times,
                  deadline_ok=modality not in ("asserted", "negated")) if sent_times else None
    if t is not None:
        if t.precision == "week":  # 지난주: the week's first and last days
            monday = dt.date.fromisoformat(t.value + "-1") if "W" in t.value else dt.date.fromisoformat(t.value)
            return DateValue(monday.isoformat(), "week", (monday + dt.timedelta(days=6)).isoformat(), f"timex:{t.text}")
        return DateValue(t.value, t.precision or "day", t.end_value, f"timex:{t.text}")
    if modality in ("asserted", "negated"):
        if narrative is not None:
            return DateValue(narrative.value, narrative.precision, None, "narrative")
        if pub is not None:  # news reports the day's events: 이날 is the publication date
            return DateValue(pub.isoformat(), "day", None, "published")
    return None


def _evidence(text, sent, s, e, src_ph) -> tuple[int, int]:
    start = src_ph.start if src_ph is not None and src_ph.start < s and s - src_ph.start < 100 else max(sent.start, s - 40)
    end = min(sent.end, e + 20)
    m = re.search(r"[.。]", text[e:end])
    if m:
        end = e + m.start() + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _location(doc, phs, text) -> str | None:
    for p in phs:
        if p.particle in ("에서", "에서는"):
            m = doc.mentions[p.head]
            if m.actor is not None and m.actor.type == "country":
                return m.actor.country
    return None


def _sentence_subject(doc, phs, s_quotes, names) -> Participant | None:
    subj = [p for p in phs if p.particle in ("은", "는", "이", "가", "께서") and not _in_quote(p, s_quotes)]
    if not subj:
        return None
    return participant(doc, subj[0], names)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (source, type, target, modality, date) in an article, where source and target
    are the named actors (meeting Putin and meeting Lavrov the same day are two events): repeated
    mentions of the same meeting are one event (the first, usually the most explicit, keeps the evidence)."""
    out = []
    seen = set()
    for e in events:
        key = (e.source.country, e.source.text, e.type, e.target.country if e.target else None,
               e.target.text if e.target else None, e.modality, e.date.value if e.date else None)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
