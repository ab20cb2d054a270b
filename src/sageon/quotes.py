"""Quotes: direct (“…”, "…", ‘…’ when it is speech) and indirect (…다고 밝혔다, …라고 말했다),
each with its speaker resolved to an actor, or kept as described (한 외교 전문가, 외교가).

Speaker cascade (``Quote.rule``): the subject phrase of the quote's sentence (은/는/이/가, before the
quote, or after it: “…”라고 트럼프 대통령이 말했다) → ``X에 따르면`` → the speaker of the previous
quote when the sentence continues it (이어, 그는 또, no subject) → the last subject of the previous
sentence. Nested attribution (…라고 말했다고 조선중앙통신이 보도했다) keeps the real speaker and
records the outlet as ``medium``.
"""

from __future__ import annotations

import bisect
import re

from .actors import actor_key, full_names
from .schema import Document, Participant, Phrase, Quote

OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’", "'": "'", "「": "」", "『": "』"}
_QUOTE_RE = re.compile(r"“[^”\n]{2,600}”|\"[^\"\n]{2,600}\"|‘[^’\n]{2,400}’|'[^'\n]{2,400}'|「[^」\n]{2,400}」")
# What follows a quote that is speech: 라고/이라고/라며/고/며/면서/는 분석 …
_SPEECH_TAIL = re.compile(r"\s?(?:이?라고|이?라며|이?라면서|고\s|고$|며|면서|라|이라|다고|란|이란|는\s?(?:분석|지적|평가|주장|입장|전망|설명|반응|목소리|메시지|의견|말|관측|비판|우려|경고|발언|논평)|라는\s?(?:분석|지적|평가|주장|입장|전망|설명|반응|목소리|메시지|의견|말|관측|비판|우려|경고|발언|논평))")
_SPEECH_VERBS = (
    "밝혔 말했 강조했 전했 설명했 주장했 덧붙였 보도했 지적했 평가했 언급했 답했 발표했 경고했 촉구했 비판했 "
    "반박했 알렸 시사했 예상했 전망했 분석했 진단했 우려했 꼬집었 목소리를 높였 답변했 응답했 토로했 호소했 "
    "말한 밝힌 전한 보도한 강조한 말하 밝히 전해 보도하 덧붙 강조하 전하 설명하 주장하 얘기했 이야기했 적었 썼 "
    "비난했 규탄했 요구했 요청했 물었 되물었 반문했 약속했 다짐했 제안했 언급하 선언했 공언했 예고했 통보했 "
    "부인했 일축했 반발했 해명했 논평했 답하 주문했 보고했 인정했 못박았 짚었 털어놨 경고한 주장해 주장하 "
    "말함 밝힘 전함 강조함 주장함 설명함 보도함 덧붙임 일축 덧붙였음 경고 반박 비난하 비판하 촉구하 "
    "역설했 피력했 확인했 발언했 시인했 자신했 관측했 내다봤 진단하 분석하 전망하 소개했 강변했 토로하 "
    "해설했 해설하 짚으 못 박았 제언했 제언하 선전했 거론했 주장한 지적해 설명해 강조해 비판해"
).split()
_VERB_ALT = "|".join(map(re.escape, sorted(_SPEECH_VERBS, key=len, reverse=True)))
# …다고 밝혔다 / …라고도 말했다 / …다고 AFP통신은 전했다 (up to three words between 고 and the verb)
_INDIRECT = re.compile(r"(?:[다라까냐자])고(?:도)?\s?(?:[^\s.”\"]+\s){0,3}?(?:" + _VERB_ALT + ")"
                       r"|(?:[다라까냐자])고(?:도|만)?\s했")  # …다고 했다 (said): only right after 고
# …다며 반발했다 / …라면서 (reported reasons): an indirect statement when a speaker is named
_INDIRECT_MYEO = re.compile(r"(?:[다라])(?:며|면서)\s")
# TV captions: [스이 / 중국군 동부전구 대변인 : …]
_CAPTION = re.compile(r"\[([^\[\]/:\n]{1,30})/([^\[\]:\n]{1,40}):\s*([^\[\]\n]{4,600})\]")
_SUBJECT_PARTICLES = ("은", "는", "이", "가", "께서", "측은", "측이", "측도", "도", "에서는")


def find_quotes(doc: Document) -> Document:
    text = doc.text
    quotes: list[Quote] = []
    names = full_names(doc)
    phrases_by_sent: dict[int, list[Phrase]] = {}
    for ph in doc.phrases:
        phrases_by_sent.setdefault(ph.sentence, []).append(ph)
    prev_speaker: Participant | None = None
    prev_speaker_sent = -10
    last_subject: Participant | None = None
    for si, sent in enumerate(doc.sentences):
        if sent.boilerplate or sent.subhead or _is_title(doc, sent):
            continue
        s_quotes: list[Quote] = []
        # direct quotes
        for m in _QUOTE_RE.finditer(text, sent.start, sent.end):
            qs, qe = m.start() + 1, m.end() - 1
            inner = text[qs:qe]
            tail = text[m.end():m.end() + 16]
            if not _is_speech(m.group(0)[0], inner, tail, text, m.end(), sent.end):
                continue
            s_quotes.append(Quote(qs, qe, inner, si, True, rule="direct"))
        for m in _CAPTION.finditer(text, sent.start, sent.end):
            qs, qe = m.start(3), m.end(3)
            while qe > qs and text[qe - 1] in " ":
                qe -= 1
            if not any(q.start <= qs < q.end for q in s_quotes):
                s_quotes = [q for q in s_quotes if not (qs <= q.start < qe)]
                s_quotes.append(Quote(qs, qe, text[qs:qe], si, True, rule="caption"))
        # indirect quotes: …다고 밝혔다 outside direct quotes
        for m in list(_INDIRECT.finditer(text, sent.start, sent.end)) + [
                x for x in _INDIRECT_MYEO.finditer(text, sent.start, sent.end) if _has_subject(phrases_by_sent.get(si, []), x.start())]:
            end = m.start() + 1  # keep the 다/라 ending
            if text[m.start() - 1:m.start()] in "”\"’'":
                continue
            if any(q.start <= m.start() <= q.end + 1 for q in s_quotes):
                continue
            start = _indirect_start(doc, sent, s_quotes, phrases_by_sent.get(si, []), end)
            if end - start < 6:
                continue
            verb = _verb_at(text, m.start() + 1)
            s_quotes.append(Quote(start, end, text[start:end], si, False, verb=verb, rule="indirect"))
        s_quotes.sort(key=lambda q: q.start)
        subj = _subject(doc, sent, phrases_by_sent.get(si, []), names)
        medium = None
        for q in s_quotes:
            speaker, rule = _speaker_for(doc, sent, q, phrases_by_sent.get(si, []), names)
            if speaker is None:
                speaker = _unknown_topic(doc, sent, q)
                rule = "unknown-topic" if speaker is not None else rule
            if speaker is None and _continues(text, sent) and prev_speaker is not None and si - prev_speaker_sent <= 3:
                speaker, rule = prev_speaker, "previous-quote"
            if speaker is None and prev_speaker is not None and si - prev_speaker_sent <= 1:
                speaker, rule = prev_speaker, "previous-quote"
            if speaker is None and last_subject is not None:
                speaker, rule = last_subject, "previous-subject"
            medium = _medium(doc, sent, phrases_by_sent.get(si, []), names, speaker)
            q.speaker, q.medium = speaker, medium
            q.rule = f"{q.rule}:{rule}"
            q.verb = q.verb or _verb_after(text, q.end, sent.end)
            if speaker is not None:
                prev_speaker, prev_speaker_sent = speaker, si
        quotes.extend(s_quotes)
        if subj is not None:
            last_subject = subj
    doc.quotes = quotes
    _first_person_countries(doc)
    return doc


# 우리나라, 우리 정부, 우리 군: South Korea in a Korean writer's text, the speaker's own country in a
# foreign speaker's words (대만 총통부 대변인: "우리나라 주변에서 실시한 … 훈련")
_OUR_COUNTRY = re.compile(r"우리\s?(?:나라|정부|군)")


def _first_person_countries(doc: Document) -> None:
    ours = [m for m in doc.mentions if m.actor is not None and m.actor.country == "KOR"
            and _OUR_COUNTRY.match(doc.text, m.start)]
    if not ours:  # most articles: nothing to do
        return
    from .kb import default_kb

    kb = default_kb()
    for q in doc.quotes:
        sp = q.speaker
        if not q.direct or sp is None or not sp.country or sp.country == "KOR":
            continue
        entry = kb.get(sp.country)
        if entry is None or entry.type != "country":
            continue
        for m in ours:
            if q.start <= m.start < q.end:
                actor = kb.to_actor(entry, doc.published)
                actor.sector = m.actor.sector
                m.actor, m.rule = actor, f"{m.rule}|speaker's country"


def _is_title(doc: Document, sent) -> bool:
    return bool(doc.title) and sent.end <= len(doc.title) and doc.text.startswith(doc.title)


def _is_speech(mark: str, inner: str, tail: str, text: str, after: int, sent_end: int) -> bool:
    inner_s = inner.strip()
    if len(inner_s) < 2:
        return False
    speech_tail = bool(_SPEECH_TAIL.match(tail))
    sentence_like = bool(re.search(r"(다|요|죠|까|라|자|니다|습니다|것|중|다\.|\.|!|\?)$", inner_s))
    if mark in "‘'":
        # single quotes are mostly scare quotes (‘모스크바 카드’); speech only with a speech tail and a clause inside
        return speech_tail and " " in inner_s and len(inner_s) >= 12 and sentence_like
    if speech_tail:
        return len(inner_s) >= 4 or sentence_like
    # no speech tail: a long sentence-like quote that ends the sentence ([이름 : "…"] TV captions, "…" 한 마디)
    rest = text[after:sent_end].strip()
    return sentence_like and len(inner_s) >= 15 and " " in inner_s and (not rest or rest[:1] in ".,")


def _subject_phrases(phrases: list[Phrase], before: int | None = None, after: int | None = None):
    for ph in phrases:
        if ph.particle not in _SUBJECT_PARTICLES:
            continue
        if before is not None and ph.start >= before:
            continue
        if after is not None and ph.start < after:
            continue
        yield ph


def _inside_any_quote(doc: Document, pos: int, sent) -> bool:
    for m in _QUOTE_RE.finditer(doc.text, sent.start, sent.end):
        if m.start() < pos < m.end():
            return True
    return False


def participant(doc: Document, ph: Phrase, names: dict[str, str]) -> Participant:
    m = doc.mentions[ph.head]
    a = m.actor
    key = actor_key(a)
    surface = names.get(key, m.text) if a is not None and a.id is not None else m.text
    if a is not None and a.type == "person" and a.id is None and m.kind == "name":
        surface = names.get(key, m.text)
    if a is not None and m.kind in ("pronoun", "short", "role") and m.head is not None:
        hm = doc.mentions[m.head]
        surface = names.get(actor_key(hm.actor), hm.text)
    return Participant(
        text=surface, country=a.country if a else None, actor_id=a.id if a else None,
        sector=a.sector if a else None, role=a.role if a else None, type=a.type if a else None,
        start=m.start, end=m.end, described=(m.kind == "description"),
    )


def _has_subject(phrases, pos) -> bool:
    return any(ph.particle in _SUBJECT_PARTICLES and ph.end < pos for ph in phrases)


def _speaker_for(doc, sent, q: Quote, phrases, names):
    text = doc.text
    if q.rule == "caption":
        cap = [ph for ph in phrases if ph.end <= q.start and q.start - ph.start < 80]
        bracket = text.rfind("[", sent.start, q.start)
        name = text[bracket + 1:q.start].split("/")[0].strip() if bracket >= 0 else ""
        if cap:
            p = participant(doc, cap[0], names)
            # [스이 / 중국군 동부전구 대변인 : …]: the name before the slash speaks; the phrase gives the country
            if name and "/" in text[bracket:q.start] and name not in p.text and p.text not in name \
                    and p.start > bracket + len(name):
                p.text, p.start, p.end = name, bracket + 1, bracket + 1 + len(name)
            return p, "caption"
        if name:
            return Participant(text=name, country=None, start=bracket + 1, end=bracket + 1 + len(name)), "caption-name"
    # 0. a subject between the quote and its speech verb: “…”라고 트럼프 대통령이 말했다 / …고 이도운 대변인이 전했다
    tail = text[q.end:min(sent.end, q.end + 45)]
    lead = re.match(r"[”\"’']?\s?(?:이?라고|고)(?:도)?\s", tail)
    if lead:
        vm = re.search(_VERB_ALT, tail[lead.end():])
        if vm and vm.start() <= 30:
            lo, hi = q.end + lead.end(), q.end + lead.end() + vm.start()
            between = [ph for ph in phrases if lo <= ph.start < hi and ph.particle in _SUBJECT_PARTICLES]
            if between:
                return participant(doc, between[-1], names), "subject-between"
    # 1. X에 따르면 … : the source is X
    # 2. subject before the quote (not inside another quote)
    cands = [ph for ph in _subject_phrases(phrases, before=q.start) if not _inside_any_quote(doc, ph.start, sent)
             and not _inside_other_quote(ph, q, sent, doc)]
    # the topic (은/는) nearest before the quote speaks; 이/가 often marks an embedded clause's subject
    topics = [ph for ph in cands if ph.particle in ("은", "는", "께서", "측은", "에서는", "도")]
    pick = topics or cands
    if pick:
        top = pick[-1]
        tm = doc.mentions[top.head]
        if tm.actor is not None and tm.actor.sector == "MED" and q.direct:
            # 아사히신문은 시 주석이 … “…”라며: the outlet reports, the person it names speaks
            inner = [ph for ph in cands if top.end <= ph.start and ph.particle in ("이", "가")
                     and doc.mentions[ph.head].actor is not None and doc.mentions[ph.head].actor.type == "person"]
            if inner:
                return participant(doc, inner[-1], names), "reported-subject"
        return participant(doc, top, names), "subject"
    # 3. subject after the quote: “…”라고 트럼프 대통령이 말했다
    after = [ph for ph in _subject_phrases(phrases, after=q.end) if not _inside_any_quote(doc, ph.start, sent)]
    if after:
        after.sort(key=lambda ph: (_rank(doc, ph), ph.start))
        return participant(doc, after[0], names), "subject-after"
    # 4. descriptions with 에서는 (외교가에서는), X에 따르면
    for ph in phrases:
        if ph.start < q.start and ph.particle in ("에서는", "에선") and doc.mentions[ph.head].kind == "description":
            return participant(doc, ph, names), "desc"
    m = re.search(r"(\S+)\s*에 따르면", text[sent.start:q.start])
    if m:
        for ph in phrases:
            if ph.start < q.start and ph.particle == "에" and text[ph.end:ph.end + 6].startswith(" 따르면") or text[ph.end:ph.end + 5].startswith("따르면"):
                return participant(doc, ph, names), "according-to"
    return None, "none"


def _start(t) -> int:
    return t.start


def _unknown_topic(doc, sent, q: Quote) -> Participant | None:
    """A name no actor covers, topic of the quote's own sentence (모아옝 용사는 "…"): the speaker is that
    person, not the previous quote's (the answer to a question is not the asker's)."""
    lo = bisect.bisect_left(doc.tokens, sent.start, key=_start)
    hi = bisect.bisect_left(doc.tokens, q.start, lo=lo, key=_start)
    toks = [t for t in doc.tokens[lo:hi] if t.end < q.start]  # not the opening mark
    for k in range(len(toks) - 1, 0, -1):
        t = toks[k]
        if t.tag == "JX" and t.form in ("은", "는") and toks[k - 1].end == t.start:
            j = k - 1
            while j > 0 and toks[j - 1].tag in ("NNP", "NNG") and toks[j].start - toks[j - 1].end <= 1:
                j -= 1
            run = toks[j:k]
            if not any(x.tag == "NNP" and len(x.form) >= 2 for x in run) or len(run) > 3:
                return None
            if _inside_any_quote(doc, run[0].start, sent) or any(m.start < t.start and run[0].start < m.end for m in doc.mentions):
                return None
            name = next(x for x in run if x.tag == "NNP" and len(x.form) >= 2)
            return Participant(text=name.form, country=None, type="person", start=name.start, end=name.end)
        if t.tag in ("SSO", "SSC", "EF", "EC"):
            return None  # only the words right before the quote's clause
    return None


def _inside_other_quote(ph, q, sent, doc) -> bool:
    # an indirect quote's own clause may contain subjects; they are not its speaker
    return (not q.direct) and q.start <= ph.start < q.end


def _rank(doc, ph: Phrase) -> int:
    m = doc.mentions[ph.head]
    if m.actor is None:
        return 3
    if m.actor.type == "person" or m.kind == "description":
        return 0
    if m.actor.type == "org":
        return 1
    return 2


def _subject(doc, sent, phrases, names) -> Participant | None:
    cands = [ph for ph in _subject_phrases(phrases) if not _inside_any_quote(doc, ph.start, sent)]
    if not cands:
        return None
    cands.sort(key=lambda ph: (_rank(doc, ph), ph.start))
    return participant(doc, cands[0], names)


def _medium(doc, sent, phrases, names, speaker) -> Participant | None:
    tail = doc.text[sent.start:sent.end]
    if "보도" not in tail and "따르면" not in tail:
        return None
    for ph in phrases:
        m = doc.mentions[ph.head]
        if m.actor is not None and m.actor.sector == "MED":
            p = participant(doc, ph, names)
            if speaker is None or p.text != speaker.text:
                return p
    return None


def _continues(text: str, sent) -> bool:
    head = text[sent.start:sent.start + 8]
    return head.startswith(("이어", "또", "그러면서", "그는", "그러나", "다만", "아울러", "이와 함께", "또한", "특히", "\"", "“"))


def _indirect_start(doc, sent, s_quotes, phrases, end) -> int:
    """Where the reported clause begins: after the speaker phrase, a preceding quote, or a comma."""
    start = sent.start
    for q in s_quotes:
        if q.end < end:
            # after the quote's tail (…”며 / …”라고 말한 뒤)
            m = re.match(r"[”\"’']\s?\S*\s", doc.text[q.end:end])
            start = max(start, q.end + (m.end() if m else 1))
    for ph in phrases:
        if ph.particle in _SUBJECT_PARTICLES and ph.end < end and ph.start >= start - 1:
            wend = ph.end + len(ph.particle or "")
            start = max(start, wend + 1)
            break
    # skip leading adverbials (이날, 또, 이어, 앞서)
    m = re.match(r"\s*(?:(?:이날|또한|또|이어|앞서|아울러|특히|그러면서|다만|한편)\s+)+", doc.text[start:end])
    if m:
        start += m.end()
    while start < end and doc.text[start] in " ,":
        start += 1
    return start


def _verb_at(text: str, pos: int) -> str:
    m = re.match(r"\S+", text[pos:pos + 12])
    return m.group(0) if m else ""


def _verb_after(text: str, pos: int, end: int) -> str | None:
    m = re.search(r"(" + "|".join(_SPEECH_VERBS[:40]) + r")\S*", text[pos:min(end, pos + 40)])
    return m.group(0) if m else None
