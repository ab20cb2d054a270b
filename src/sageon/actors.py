"""Actors: find mentions of countries, organisations and persons, group them into actor phrases,
and resolve each phrase to a canonical actor (country, sector, role).

Cascade (recorded in ``Mention.rule``): KB alias → compound (북러 → PRK + RUS) → capital as metonym
(워싱턴이 → USA government; 워싱턴에서 열린 → a place, not an actor) → generic institution after a
country (러시아 외무부) → unknown name next to a role noun (러시아 외무장관 세르게이 라브로프) →
short forms and pronouns linked back (최 외무상, 김 위원장, 그는, 양국).

A phrase is adjacent pieces separated only by spaces, e.g. ``블라디미르 푸틴 러시아 대통령을``;
its head is the person if any, else the organisation, else the country, and its case particle is
what follows the last word (을). Later stages read phrases, not single mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data_files import load_table
from .schema import Actor, Document, Mention, Phrase

# Case particles and postpositions that end a phrase, longest first (checked as prefixes of the rest of the word).
PARTICLES = sorted(
    """이 가 은 는 을 를 의 에 에서 에게 께 께서 와 과 와의 과의 와는 과는 도 만 으로 로 으로부터 로부터 에게서
    에서는 에서도 에는 에도 에의 이나 나 이며 며 이자 이고 까지 부터 처럼 보다 보다는 과도 와도 이라는 라는 이란
    측 측은 측이 측의 측과 측에 측도 측에서 측으로부터 과는 와는 으로서 로서 에게는 엔 랑 이랑 께는""".split(),
    key=len, reverse=True,
)
_WORD_END = re.compile(r"[^\s,.;:!?()\[\]{}<>“”‘’\"'…·ㆍ/]*")
_NAME_TAGS = ("NNP",)


def _is_wordchar(c: str) -> bool:
    return c.isalnum()


@dataclass
class _Piece:
    start: int
    end: int
    kind: str  # country | org | person | role | inst | name | desc | capital | pronoun | both
    ids: tuple = ()
    data: object = None
    rule: str = ""
    glued: bool = False  # attached to the previous piece without a space (북한군)


class _Lexicon:
    """Everything the matcher looks up, built once from the KB and data files."""

    def __init__(self):
        from .kb import default_kb

        self.kb = kb = default_kb()
        self.index: dict[str, list[tuple[str, object]]] = {}
        for surface, ids in kb.alias_index.items():
            self._add(surface, "kb", tuple(ids))
        for surface, role in kb.roles.items():
            self._add(surface, "role", role)
        self.inst = {r["surface"]: r for r in load_table("institution_nouns.tsv", ("surface", "sector", "role_en", "kind"))}
        for surface, row in self.inst.items():
            self._add(surface, "inst", row)
        self.descriptors = [r["noun"] for r in load_table("descriptors.tsv", ("noun",))]
        for noun in self.descriptors:
            self._add(noun, "desc", noun)
        # entry lengths by first two characters (a word start's first character alone, 이 or 대,
        # begins entries of a dozen lengths; its first two begin few), and the one-character entries
        self.lengths2: dict[str, list[int]] = {}
        self.singles: set[str] = set()
        for s in self.index:
            if len(s) == 1:
                self.singles.add(s)
            else:
                self.lengths2.setdefault(s[:2], []).append(len(s))
        for k in self.lengths2:
            self.lengths2[k] = sorted(set(self.lengths2[k]), reverse=True)
        # every character a piece can start with at a word start: a lexicon entry, a compound (북러,
        # 미·중), a capital (워싱턴), a prefix (대북, 반미), a pronoun (그는) or both sides (양국, 두 나라);
        # most word starts in an article start none, and are skipped at once
        self.compound_first = {k[0] for k in (*kb.compound_forms, *kb._compound_part) if k}
        self.capital_first = {k[0] for k in kb._capitals if k}
        self.first_chars = {k[0] for k in self.index} | set("대반친방주對反親訪駐그양두") | self.compound_first | self.capital_first
        # memos of the KB's compound and capital lookups by surface (the same words recur in every article)
        self.compound_memo: dict[str, tuple | None] = {}
        self.capital_memo: dict[str, str | None] = {}
        # regions and concepts that hold a name (인도·태평양): no piece inside one; · is any separator or none
        alts = sorted(("[\\s·ㆍ\\-]?".join(re.escape(p) for p in ph.split("·")) for ph in kb.not_actors), key=len, reverse=True)
        self.not_actor_rx = re.compile(r"(?<![가-힣A-Za-z])(?:" + "|".join(alts) + ")") if alts else None

    def compound(self, sub: str):
        memo = self.compound_memo
        if sub not in memo:
            if len(memo) > 200_000:
                memo.clear()
            members = self.kb.compound(sub)
            memo[sub] = tuple(members) if members else None
        return memo[sub]

    def capital(self, sub: str):
        memo = self.capital_memo
        if sub not in memo:
            if len(memo) > 200_000:
                memo.clear()
            memo[sub] = self.kb.capital(sub)
        return memo[sub]

    def _add(self, surface: str, kind: str, payload) -> None:
        surface = surface.strip()
        if surface:
            self.index.setdefault(surface, []).append((kind, payload))

    def longest(self, text: str, i: int):
        """Longest entry starting at i: (length, [(kind, payload), ...]) or (0, None)."""
        index = self.index
        for n in self.lengths2.get(text[i:i + 2], ()):
            hit = index.get(text[i:i + n])
            if hit is not None:
                return n, hit
        c = text[i]
        if c in self.singles:
            return 1, index[c]
        return 0, None


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon()


# ------------------------------------------------------------------------------------------------

def find_actors(doc: Document) -> Document:
    lex = lexicon()
    text = doc.text
    token_starts = {t.start for t in doc.tokens}
    token_at = {t.start: t for t in doc.tokens}
    sent_of = _sentence_index(doc)
    pieces = _match_pieces(text, lex, token_starts, token_at)
    pieces.extend(_unknown_names(doc, pieces))
    pieces.sort(key=lambda p: (p.start, -p.end))
    pieces = _drop_overlaps(pieces)
    if lex.not_actor_rx is not None:
        blocked = [m.span() for m in lex.not_actor_rx.finditer(text)]
        if blocked:
            pieces = [p for p in pieces if not any(a < p.end and p.start < b for a, b in blocked)]
    if doc.boilerplate:
        bp = [(b.start, b.end) for b in doc.boilerplate if b.kind != "subhead"]
        pieces = [p for p in pieces if not any(s <= p.start < e for s, e in bp)]
    groups = _group(text, pieces, token_at)
    mentions: list[Mention] = []
    phrases: list[Phrase] = []
    date = doc.published
    state = _Coref()
    quoted = [(m.start(), m.end()) for m in _DIRECT_QUOTE.finditer(text)]
    for group, particle, gend in groups:
        si = sent_of(group[0].start)
        if si is None or doc.sentences[si].boilerplate:
            continue
        state.in_quote = any(a < group[0].start < b for a, b in quoted)
        if particle is None and _is_person_piece(lex, group[-1]):
            particle, gend = _unknown_title(text, gend, token_at, particle)
        for ph in _resolve_group(doc, lex, group, particle, gend, si, date, mentions, state):
            phrases.append(ph)
    _merge_unknown_persons(mentions)
    doc.mentions = mentions
    doc.phrases = phrases
    return doc


def _is_person_piece(lex, p: _Piece) -> bool:
    if p.kind == "name":
        return True
    if p.kind != "kb" or not p.ids:
        return False
    e = lex.kb.get(p.ids[0])
    return e is not None and e.type == "person"


_TITLE_AFTER_NAME = re.compile(r" (?:전 |前 )?([가-힣]{1,6}?)(은|는|이|가|도|께서)(?=[\s,])")


def _unknown_title(text, gend, token_at, particle):
    """A name followed by a title the role list lacks (왕이 주임은, 모아옝 용사는, 오브라이언 전 보좌관은):
    the phrase takes the title's particle, so that it can be a subject."""
    m = _TITLE_AFTER_NAME.match(text, gend)
    if not m:
        return particle, gend
    t = token_at.get(m.start(1))
    if t is None or not t.tag.startswith("NN"):
        return particle, gend
    return m.group(2), m.end(1)


def _merge_unknown_persons(mentions: list[Mention]) -> None:
    """Persons not in the KB are one actor per name (or per last word: 푸틴 = 블라디미르 푸틴);
    the mention that knows a country or role lends it to the others."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        a = m.actor
        if a is not None and a.id is None and a.type == "person" and m.kind != "description":
            groups.setdefault(a.name_ko.split()[-1], []).append(m)
    for ms in groups.values():
        best = max(ms, key=lambda m: (m.actor.country is not None, len(m.actor.name_ko)))
        canon = best.actor
        for m in ms:
            if m.actor is not canon:
                if canon.role is None and m.actor.role:
                    canon.role = m.actor.role
                m.actor = canon


def _sentence_index(doc: Document):
    import bisect

    starts = [s.start for s in doc.sentences]

    def find(pos: int) -> int | None:
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0:
            return None
        return k if pos < doc.sentences[k].end else None

    return find


_ALNUM_RUN = re.compile(r"[^\W_]+")  # maximal runs of str.isalnum characters: words
_HANJA = re.compile(r"[\u4e00-\u9fff]")


def _match_pieces(text: str, lex: _Lexicon, token_starts: set[int], token_at) -> list[_Piece]:
    """KB pieces at word starts (longest match, compounds, capitals, prefixed forms, pronouns, both
    sides), and one-character Hanja country forms (北, 美, 中) anywhere inside words."""
    out: list[_Piece] = []
    pos = 0  # text before this is inside a piece already found
    for run in _ALNUM_RUN.finditer(text):
        s, e = run.span()
        if s >= pos:
            best = _piece_at(text, s, lex, token_starts, token_at) if text[s] in lex.first_chars else None
            if best is None and text[s] in _HANJA_SURNAMES and s + 1 < e:
                # 李대통령, 金총리: a headline's Hanja surname glued to a title (see _surname_before)
                best = _piece_at(text, s + 1, lex, token_starts, token_at)
                if best is not None and best.kind != "role":
                    best = None
            if best is not None:
                out.append(best)
                # glued institution nouns: 북한군, 러시아군, 이스라엘군은, 중국측
                j = best.end
                if j < len(text) and _is_wordchar(text[j]) and best.kind in ("kb", "country", "capital"):
                    L2, hits2 = lex.longest(text, j)
                    if hits2 and any(k == "inst" for k, _ in hits2) and _boundary_ok(text, j, j + L2, token_starts, token_at, glued=True):
                        row = next(p for k, p in hits2 if k == "inst")
                        out.append(_Piece(j, j + L2, "inst", data=row, rule="inst:glued", glued=True))
                pos = best.end
            else:
                pos = s + 1
        # Hanja country forms (北, 美, 中 …) may stand inside a word
        if pos < e:
            for h in _HANJA.finditer(text, max(pos, s + 1), e):
                i = h.start()
                L, hits = lex.longest(text, i)
                if hits and L == 1:
                    out.append(_piece_from_hits(i, i + 1, hits, "kb:hanja"))
    return out


def _piece_at(text, i, lex, token_starts, token_at) -> _Piece | None:
    kb = lex.kb
    n = len(text)
    c = text[i]
    best: _Piece | None = None
    L, hits = lex.longest(text, i)
    if hits and _boundary_ok(text, i, i + L, token_starts, token_at):
        best = _piece_from_hits(i, i + L, hits, "kb")
        if best.kind == "role" and _ROLE_COMPOUND.match(text, i + L):
            best = None  # 장관회의, 정상회담, 장관급: a meeting or a rank, not a person
        elif L == 2 and best.kind == "kb" and _longer_name(text, i + L, token_at, kb, best):
            best = None  # 김현 inside 김현종, 박정 inside 박정열: a longer name the KB lacks
    comp = _compound_at(text, i, lex) if c in lex.compound_first else None
    if comp is not None and not _compound_ok(text, i, comp.end, token_at, lex.kb.common_words):
        comp = None
    if comp and (best is None or comp.end > best.end):
        best = comp
    if best is not None and best.kind in ("kb", "country") and text[i:best.end] in kb.common_words:
        tok = token_at.get(i)
        if tok is not None and tok.tag != "NNP" and all((x := kb.get(k)) is None or x.type != "person" for k in best.ids):
            best = None  # 수단 "means" (NNG), not Sudan (NNP): Kiwi tells them apart in context
    if best is None and c in lex.capital_first:
        best = _capital_at(text, i, lex, token_starts)
    if best is None and c in "대반친방주對反親訪駐" and i + 1 < n:
        # 대북 제재, 반미, 친러, 방중: a prefix + country short form → the country, marked by the prefix.
        best = _prefixed_country(text, i, kb)
    if best is None and c in "그":
        m = re.match(r"(그녀|그들|그)(?=는|가|의|를|에게|와|도|를|\s)", text[i:i + 4])
        if m and (i + len(m.group(1)) < n):
            best = _Piece(i, i + len(m.group(1)), "pronoun", data=m.group(1), rule="pronoun")
    if best is None:
        m = _BOTH.match(text, i)
        if m:
            best = _Piece(i, m.end(1), "both", data=m.group(1), rule="both-sides")
    return best


def _longer_name(text, e, token_at, kb, piece) -> bool:
    """A two-syllable person name glued to one more syllable that is no particle (김현+옥, 박정+열,
    김성+겸): the first part of a three-syllable name the KB lacks. A particle, the copula or a
    suffix glued on (김현은, 김현이다, 김현측) keeps the name."""
    if e >= len(text) or not "가" <= text[e] <= "힣":
        return False
    tok = token_at.get(e)
    if tok is None or tok.end - tok.start != 1 or tok.tag.startswith("J") or tok.tag == "VCP" \
            or tok.form in _NAME_SUFFIXES:
        return False
    return any((x := kb.get(i)) is not None and x.type == "person" for i in piece.ids)


_NAME_SUFFIXES = frozenset("들측님씨등家")


_ROLE_COMPOUND = re.compile(r"(?:회의|회담|급|직을|직에|직은|선거|후보)")
_DIRECT_QUOTE = re.compile(r"“[^”\n]{2,600}”|\"[^\"\n]{2,600}\"")
_BOTH = re.compile(r"(양국|양측|두 나라|두 정상|양 정상|양국 정상)(?=은|는|이|가|의|간|\s|과|와)")


def _boundary_ok(text, s, e, token_starts, token_at, glued=False) -> bool:
    if e < len(text) and _is_wordchar(text[e]) and e not in token_starts:
        return False
    if text.startswith("적", e) and (t := token_at.get(e)) is not None and t.tag == "XSN":
        return False  # 인도적 지원 (humanitarian), 미국적 가치: an adjective, not the country
    if e - s <= 2 and "가" <= text[s] <= "힣":
        tok = token_at.get(s)
        # short Hangul aliases must be nouns here (이란 vs 이란 "called")
        if tok is not None and not (tok.tag.startswith("NN") or tok.tag in ("SL", "SH", "XPN", "XR")):
            return False
    return True


def _piece_from_hits(s, e, hits, rule) -> _Piece:
    kinds = [k for k, _ in hits]
    if "kb" in kinds:
        ids = next(p for k, p in hits if k == "kb")
        return _Piece(s, e, "kb", ids=ids, rule=rule, data=[p for k, p in hits if k != "kb"])
    if "role" in kinds:
        return _Piece(s, e, "role", data=next(p for k, p in hits if k == "role"), rule="role")
    if "inst" in kinds:
        return _Piece(s, e, "inst", data=next(p for k, p in hits if k == "inst"), rule="inst")
    return _Piece(s, e, "desc", data=next(p for k, p in hits if k == "desc"), rule="desc")


_COMPOUND_RUN = re.compile(r"[가-힣]+(?:[·ㆍ\-][가-힣]+)*")


def _compound_ok(text, i, e, token_at, common_words) -> bool:
    """Kiwi's reading agrees that ``text[i:e]`` is a compound of country forms (북러, 한미일, 韓美):
    not the start of a longer noun (중독자, addict), not split by a verb or adjective ending (일한다는,
    불미스러운), and, for a compound that is also a common word (중독, common_words.tsv), a proper noun."""
    t = token_at.get(i)
    if t is None:
        return True
    if not t.tag.startswith(("NN", "SH", "SL")):
        return False
    if t.tag != "NNP" and (t.end > e or text[i:e] in common_words):
        return False
    for j in range(t.end, e + 1):
        u = token_at.get(j)
        if u is not None and (u.tag.startswith(("XS", "V", "E")) or (j < e and not u.tag.startswith(("NN", "SH", "SP", "SL")))):
            return False
    return True


def _compound_at(text, i, lex) -> _Piece | None:
    m = _COMPOUND_RUN.match(text, i)
    if not m:
        return None
    run = m.group(0)[:12]
    memo = lex.compound_memo
    key = "run:" + run
    if key not in memo:
        # the longest prefix that is a compound (북러관계 → 북러)
        memo[key] = next(((L, lex.compound(run[:L])) for L in range(len(run), 1, -1) if lex.compound(run[:L])), None)
    hit = memo[key]
    if hit is None:
        return None
    L, members = hit
    return _Piece(i, i + L, "country", ids=members, data=run[:L], rule="compound")


_HANGUL_RUN = re.compile(r"[가-힣]{2,6}")


def _capital_at(text, i, lex, token_starts) -> _Piece | None:
    m = _HANGUL_RUN.match(text, i, i + 6)
    if not m:
        return None
    run = m.group(0)
    memo = lex.capital_memo
    key = "run:" + run
    if key not in memo:
        memo[key] = tuple((L, lex.capital(run[:L])) for L in range(len(run), 1, -1) if lex.capital(run[:L]))
    for L, code in memo[key]:
        if i + L >= len(text) or not _is_wordchar(text[i + L]) or (i + L) in token_starts:
            return _Piece(i, i + L, "capital", ids=(code,), data=run[:L], rule="capital")
    return None


_PREFIX_OK = {"대북", "대미", "대러", "대중", "대일", "대한", "반미", "반중", "반일", "친러", "친중", "친미", "친북", "방중", "방미", "방일", "방북", "방러", "방한", "주한", "주일", "주중", "주미", "주러", "對北", "對美", "對中", "訪中", "訪美", "訪日", "訪韓"}
_PREFIX_NEXT = re.compile(r"\s?(제재|관세|정책|압박|견제|수출|외교|강경|협상|무역|투자|공세|전략|메시지|비난|공조|지원|대화|조치|라인|특사|대사)")


def _prefixed_country(text, i, kb) -> _Piece | None:
    two = text[i:i + 2]
    if two not in _PREFIX_OK:
        return None
    if two == "대한" and text[max(0, i - 2):i].rstrip().endswith("에"):
        return None  # 우크라이나에 대한 (about Ukraine), not 對韓
    if i + 2 < len(text) and _is_wordchar(text[i + 2]) and two in ("대중", "대일", "대한", "방중", "방미", "방일", "방한", "주한", "주일", "주중", "주미"):
        # 대중문화, 대한민국, 방한 … : only when the next word is a policy noun or a particle follows
        if not _PREFIX_NEXT.match(text, i + 2) and text[i + 2] not in "에의은는을를":
            if two != "주한":
                return None
    code = _SHORT.get(two[1])
    if not code:
        return None
    return _Piece(i + 1, i + 2, "country", ids=(code,), data=two, rule=f"prefix:{two[0]}")


_SHORT = {"북": "PRK", "北": "PRK", "미": "USA", "美": "USA", "중": "CHN", "中": "CHN", "일": "JPN", "日": "JPN",
          "러": "RUS", "한": "KOR", "韓": "KOR"}


def _unknown_names(doc: Document, pieces: list[_Piece]) -> list[_Piece]:
    """NNP runs right before or after a role noun that no KB entry covers: candidate person names."""
    covered = set()
    for p in pieces:
        covered.update(range(p.start, p.end))
    anchors = sorted((p.start, p.end) for p in pieces if p.kind in ("role", "kb", "country", "inst", "capital", "desc"))
    if not anchors:
        return []
    role_pieces = sorted(p.start for p in pieces if p.kind in ("role", "desc"))
    token_at = {t.start: t for t in doc.tokens}
    out = []
    toks = doc.tokens
    text = doc.text
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.tag in _NAME_TAGS and len(t.form) == 1 and t.start not in covered and "가" <= t.form <= "힣" \
                and (t.start == 0 or not _is_wordchar(text[t.start - 1])):
            # Kiwi splits some names (홍민 → 홍/NNP 민/NNG): a 2–3 syllable word opening with a surname
            m = re.match(r"[가-힣]{2,3}(?=\s)", text[t.start:t.start + 4])
            if m and _role_after_org(text, t.start + m.end(), role_pieces, token_at, direct=True):
                out.append(_Piece(t.start, t.start + m.end(), "name", data=m.group(0), rule="name:unknown"))
                while k < len(toks) and toks[k].start < t.start + m.end():
                    k += 1
                continue
        if t.tag in _NAME_TAGS and t.start not in covered and ("가" <= t.form[0] <= "힣") and len(t.form) >= 2:
            # extend over following NNP tokens separated by exactly one space (세르게이 라브로프)
            s, e = t.start, t.end
            ends = [e]
            j = k + 1
            while j < len(toks) and toks[j].tag in _NAME_TAGS and toks[j].start == e + 1 and text[e] == " " and toks[j].start not in covered:
                e = toks[j].end
                ends.append(e)
                j += 1
            # must be a whole word (no letters glued before) and be next to an anchor; the longest such
            # run of NNP words (세르게이 라브로프), but not into an organisation name (임을출 경남대 교수)
            if s == 0 or not _is_wordchar(text[s - 1]):
                e = next((e for e in reversed(ends) if _next_to_anchor(text, s, e, anchors)
                          and not (e != ends[0] and text[s:e].endswith(_INSTITUTION_END))), None) or next(
                    (e for e in ends if _role_after_org(text, e, role_pieces, token_at)
                     and not (e == ends[0] and text[s:e].endswith(_INSTITUTION_END))), None)
                if e is not None:
                    out.append(_Piece(s, e, "name", data=text[s:e], rule="name:unknown"))
            k = j
            continue
        k += 1
    for p in out:
        covered.update(range(p.start, p.end))
    out.extend(_names_before_titles(doc, pieces, covered))
    return out


# First syllables of Korean surnames and of Korean spellings of common Chinese surnames: a
# three-syllable word starting with one, right before a title (임을출 경남대 교수는), is taken as a
# name even when Kiwi splits or mis-tags it.
_SURNAME_SYLLABLES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진지엄채원천방공현"
    "함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사"
    "리자저쉬쑨후궈허린뤄가량셰쑹탕펑덩차쩡샤톈둥판루웨쉐옌두다중청스멍잔친바쿵푸탄랴팡캉화첸"
)
# word endings of institutions, not names (부산대, 통일원, 외교부 …)
_INSTITUTION_END = tuple("대원부청처국소회당사실관단군")
_CASE_END = tuple("을를의에와과로")
_NAME_BEFORE_TITLE = re.compile(
    r"(?:^|(?<=[\s.,\"“'‘(]))([가-힣]{3})((?: (?:\([^()]{1,20}\)|[가-힣A-Za-z0-9·]{1,12})){0,3}) $")


def _names_before_titles(doc: Document, pieces: list[_Piece], covered: set[int]) -> list[_Piece]:
    text = doc.text
    token_at = {t.start: t for t in doc.tokens}
    out = []
    for p in pieces:
        if p.kind not in ("role", "desc"):
            continue
        window = text[max(0, p.start - 60):p.start]
        m = _NAME_BEFORE_TITLE.search(window)
        if not m:
            continue
        name = m.group(1)
        s = p.start - len(window) + m.start(1)
        if s in covered or name[0] not in _SURNAME_SYLLABLES or name.endswith(_INSTITUTION_END + _CASE_END):
            continue
        if not _noun_words(m.group(2) + " ", s + 3, token_at):
            continue  # 방안을 논의한다고 위 안보실장은: verbs between, not an organisation name
        first = token_at.get(s)
        if first is not None and first.end >= s + 3 and not first.tag.startswith(("NN", "SL", "SH", "XR")):
            continue  # a word Kiwi reads whole as no noun (오히려 최 외무상: an adverb, not a name)
        if "\n" in text[s:p.start]:
            continue
        out.append(_Piece(s, s + 3, "name", data=name, rule="name:before-title"))
        covered.update(range(s, s + 3))
    return out


def _role_after_org(text, e, role_starts, token_at, direct=False) -> bool:
    """A role noun follows the name across an organisation name or a parenthesis (임을출 경남대 교수,
    세스 몰턴(민주·매사추세츠) 하원의원)."""
    import bisect

    k = bisect.bisect_left(role_starts, e)
    if k >= len(role_starts) or role_starts[k] - e > 40:
        return False
    a = role_starts[k]
    gap = text[e:a]
    if direct and gap == " ":
        return True
    if gap.startswith("(") and re.fullmatch(r"\([^()]{1,20}\) ", gap):
        return True
    return bool(_ORG_GAP.fullmatch(gap)) and _noun_words(gap, e, token_at)


def _next_to_anchor(text, s, e, anchors) -> bool:
    for a_s, a_e in anchors:
        if a_s == e + 1 and text[e] == " ":
            return True
        if a_e + 1 == s and text[a_e] == " ":
            return True
    return False


def _drop_overlaps(pieces: list[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    last_end = -1
    for p in pieces:
        if p.start >= last_end:
            out.append(p)
            last_end = p.end
        elif p.glued and out and p.start >= out[-1].end:
            out.append(p)
            last_end = p.end
    return out


def _particle_after(text: str, e: int) -> str | None:
    if e < len(text) and text[e] in ")]" and e + 1 < len(text) and text[e + 1] not in " \n":
        e += 1  # 유럽연합(EU)의: the particle follows the parenthesis
    m = _WORD_END.match(text, e)
    rest = m.group(0) if m else ""
    if not rest:
        if text.startswith((" 또한 ", " 역시 "), e):
            return "도"  # 트럼프 대통령 또한 … = 트럼프 대통령도
        return None
    for p in PARTICLES:
        if rest.startswith(p):
            return p
    if "가" <= rest[0] <= "힣":
        return None  # a noun glued on (北탄도미사일, 靑안보실): the name modifies it, as a bare word would
    return rest[:3]


_ORG_GAP = re.compile(r"(?: (?:\([^()\s]{1,20}\)|[가-힣A-Za-z0-9·]{1,12})){1,3} ")


def _noun_words(gap: str, offset: int, token_at) -> bool:
    """Every word of the gap starts with a noun morpheme (an organisation name: 경남대 극동문제연구소)."""
    i = 0
    for w in gap.split(" "):
        if w and not w.startswith("("):
            t = token_at.get(offset + i)
            if t is None or not t.tag.startswith(("NN", "SL", "SH", "SN")):
                return False
        i += len(w) + 1
    return True


def _group(text: str, pieces: list[_Piece], token_at=None):
    """Adjacent pieces (only spaces between, no particle on the inner ones) form one phrase. A person's
    name and the role noun after it also form one phrase across an unknown organisation name
    (멍샹칭 중국 국방대 교수는, 홍민 통일연구원 선임연구위원은)."""
    groups = []
    cur: list[_Piece] = []
    for p in pieces:
        if cur:
            prev = cur[-1]
            gap = text[prev.end:p.start]
            prev_particle = _particle_after(text, prev.end) if not p.glued else None
            if (p.glued and gap == "") or (gap in (" ", "  ") and prev_particle is None):
                cur.append(p)
                continue
            if gap in (" 전 ", " 前 ", " 현 ") and p.kind == "role" and prev.kind in ("name", "kb"):
                cur.append(p)  # 오브라이언 전 보좌관: a former office still belongs to the name
                continue
            if token_at is not None and prev.kind == "name" and text.startswith("(", prev.end):
                close = text.find(")", prev.end, prev.end + 24)
                if close > 0 and p.end <= close:
                    continue  # 세스 몰턴(민주·매사추세츠) 하원의원: the parenthesis only describes the name
                if close > 0 and p.kind in ("role", "desc") and text[close + 1:p.start] == " ":
                    cur.append(p)
                    continue
            if (token_at is not None and p.kind in ("role", "desc", "inst") and prev_particle is None
                    and any(q.kind in ("name", "kb", "country") for q in cur)):
                # a glued institution noun (극동문제연구소) is checked from the start of its word
                ws = p.start
                while p.glued and ws > prev.end and text[ws - 1] != " ":
                    ws -= 1
                g = text[prev.end:ws] if ws > prev.end else gap
                if _ORG_GAP.fullmatch(g) and _noun_words(g, prev.end, token_at):
                    cur.append(p)
                    continue
            groups.append(cur)
        cur = [p]
    if cur:
        groups.append(cur)
    out = []
    for g in groups:
        end = g[-1].end
        out.append((g, _particle_after(text, end), end))
    return out


class _Coref:
    def __init__(self):
        self.persons: list[int] = []  # mention indices of person heads, in order
        self.subjects: list[int] = []  # person heads that were grammatical subjects (은/는/이/가)
        self.in_quote = False  # subjects inside quoted speech are not antecedents of 그는 outside
        self.by_surname: dict[str, list[int]] = {}
        self.countries: list[str] = []  # codes in order of mention (for 양국)
        self.last_compound: tuple[str, ...] | None = None
        self.full_name: dict[str, str] = {}  # actor key → longest surface


def _resolve_group(doc, lex, group, particle, gend, si, date, mentions, state):
    kb = lex.kb
    text = doc.text
    # collect facts from the pieces
    country_codes: list[str] = []
    person_entry = None
    person_piece = None
    org_entry = None
    org_piece = None
    role = None
    role_piece = None
    inst = None
    inst_piece = None
    name_piece = None
    desc_piece = None
    pron_piece = None
    both_piece = None
    compound_piece = None
    capital_piece = None
    for p in group:
        if p.kind == "kb":
            entries = [kb.get(x) for x in p.ids]
            entries = [e for e in entries if e is not None]
            if not entries:
                continue
            if len(entries) > 1 and date is not None:
                ranked = kb.lookup(text[p.start:p.end], date=date)
                if ranked:
                    entries = ranked
            e = entries[0]
            if e.type == "country":
                country_codes.append(e.id if len(e.id) == 3 else (e.country or e.id))
                _add_mention(mentions, doc, p, si, kb.to_actor(e, date), "name", None, p.rule)
            elif e.type == "person":
                person_entry, person_piece = e, p
            else:
                org_entry, org_piece = e, p
            if p.data:  # the same surface is also a role/inst noun (e.g. 정부): keep the role
                for extra in p.data:
                    if isinstance(extra, dict) and "kind" in extra and inst is None:
                        inst = extra
        elif p.kind == "country":
            if len(p.ids) > 1:
                compound_piece = p
            else:
                country_codes.append(p.ids[0])
                _add_mention(mentions, doc, p, si, _country_actor(kb, p.ids[0], date), "name", None, p.rule)
        elif p.kind == "capital":
            capital_piece = p
        elif p.kind == "role":
            role, role_piece = p.data, p
        elif p.kind == "inst":
            inst, inst_piece = p.data, p
        elif p.kind == "name":
            name_piece = name_piece or p  # the first: 임을출 in 임을출 경남대 교수
        elif p.kind == "desc":
            desc_piece = p
        elif p.kind == "pronoun":
            pron_piece = p
        elif p.kind == "both":
            both_piece = p

    phrases = []
    gstart = group[0].start

    def phrase(head_idx, compound=None, pronoun=False):
        ph = Phrase(gstart, gend, si, head_idx, list(range(first_idx, len(mentions))), particle, compound, pronoun)
        phrases.append(ph)
        return ph

    first_idx = len(mentions) - len([1 for p in group if p.kind in ("country",) and len(p.ids) == 1]) - len(
        [1 for p in group if p.kind == "kb" and kb.get(p.ids[0]) is not None and kb.get(p.ids[0]).type == "country"])
    first_idx = max(0, first_idx)

    # 1. compounds: one phrase per member
    if compound_piece is not None and not (person_entry or org_entry or name_piece):
        for code in compound_piece.ids:
            idx = _add_mention(mentions, doc, compound_piece, si, _country_actor(kb, code, date), "compound", None, "compound", compound=compound_piece.data)
            phrases.append(Phrase(gstart, gend, si, idx, [idx], particle, compound_piece.data))
        state.last_compound = tuple(compound_piece.ids)
        state.countries.extend(compound_piece.ids)
        return phrases
    # 2. a capital: a metonym for the government unless it is a place (에서, 에, 으로, 로 + 열린/방문 …)
    if capital_piece is not None and len(group) == 1:
        after = text[capital_piece.end:capital_piece.end + 8]
        if particle in ("에서", "에", "으로", "로", "에서는", "에서도", "까지", "부터", "의") or after.startswith(("을 방문", "를 방문", "을 찾", "를 찾")):
            return phrases  # a place
        code = capital_piece.ids[0]
        actor = Actor(code, text[capital_piece.start:capital_piece.end], "country", code, "GOV", "government", None)
        idx = _add_mention(mentions, doc, capital_piece, si, actor, "metonym", particle, "capital:metonym")
        state.countries.append(code)
        return [Phrase(gstart, gend, si, idx, [idx], particle)]
    # 3. both sides (양국은): the last compound or the last two distinct countries
    if both_piece is not None and len(group) == 1:
        pair = state.last_compound or tuple(dict.fromkeys(reversed(state.countries)))[:2][::-1]
        if "정상" in both_piece.data:
            # 두 정상, 양 정상: the last two leaders named, not the last two countries (트럼프 대통령은
            # 네타냐후 총리와 … 이란 … 두 정상의 → USA, ISR)
            leaders = tuple(dict.fromkeys(c for c in (mentions[i].actor.country for i in reversed(state.persons)
                                                       if mentions[i].actor is not None) if c))[:2][::-1]
            if len(leaders) == 2:
                pair = leaders
        for code in pair[:2]:
            idx = _add_mention(mentions, doc, both_piece, si, _country_actor(kb, code, date), "pronoun", None, "both-sides", compound=both_piece.data)
            phrases.append(Phrase(gstart, gend, si, idx, [idx], particle, both_piece.data, True))
        return phrases
    # 4. pronoun 그는 → the last person
    if pron_piece is not None and len(group) == 1:
        if state.persons:
            head = state.persons[-1]
            if state.subjects:
                # the latest sentence with a subject: its topic (트럼프는 … 젤렌스키가 수정하는 … → 트럼프),
                # not the subject of a clause embedded in it
                last = mentions[state.subjects[-1]].sentence
                same = [i for i in state.subjects if mentions[i].sentence == last]
                topics = [i for i in same if mentions[i].particle in ("은", "는", "께서는")]
                head = topics[-1] if topics else same[-1]
            hm = mentions[head]
            idx = _add_mention(mentions, doc, pron_piece, si, hm.actor, "pronoun", particle, "pronoun", head=head)
            return [Phrase(gstart, gend, si, idx, [idx], particle, None, True)]
        return phrases
    country = country_codes[-1] if country_codes else None
    if country_codes:
        state.countries.extend(country_codes)
    # 5. a person: KB person, or an unknown name next to a role. A name that is also an everyday
    # word (바로, 조국: common_words.tsv) is the person only before a title or once the article has
    # named them; elsewhere it is the word
    if person_entry is not None and text[person_piece.start:person_piece.end] in kb.common_words \
            and not (role_piece is not None and role_piece.start > person_piece.start) \
            and person_entry.id not in state.full_name:
        person_entry = None
        if not (country_codes or org_entry or role or inst or name_piece or desc_piece):
            return phrases
    if person_entry is not None:
        actor = kb.to_actor(person_entry, date)
        idx = _add_mention(mentions, doc, person_piece, si, actor, "name", particle, "kb:person", span_end=gend)
        _remember_person(state, mentions, idx, text[group[0].start:person_piece.end])
        return [phrase(idx)]
    role_en, role_sector = _role_info(role)
    if name_piece is not None and desc_piece is not None and role is None and desc_piece.start > name_piece.start:
        # 잔더빈 교수, 홍민 연구위원: a named expert
        actor = Actor(None, text[name_piece.start:name_piece.end], "person", country, "CVL", text[desc_piece.start:desc_piece.end], None)
        idx = _add_mention(mentions, doc, name_piece, si, actor, "name", particle, "name+desc", span_end=gend)
        _remember_person(state, mentions, idx, text[name_piece.start:name_piece.end])
        return [phrase(idx)]
    if name_piece is not None and role is None and org_entry is not None and name_piece.start > org_piece.start \
            and particle in ("에서", "에", "으로", "로", "에서는", "에서도", "까지", "부터"):
        name_piece = None  # 청와대 춘추관에서: a place inside an organisation, not a person
    if name_piece is not None and (role is not None or inst is not None or org_entry is not None or country):
        if role is None and inst is None and org_entry is None:
            # a bare NNP next to a country is usually a place (러시아 쿠르스크), not a person
            return [phrase(len(mentions) - 1)] if mentions and first_idx < len(mentions) else phrases
        c = country or (org_entry.country if org_entry else None)
        actor = Actor(None, text[name_piece.start:name_piece.end], "person", c, role_sector or (inst or {}).get("sector") or "GOV", role_en, None)
        idx = _add_mention(mentions, doc, name_piece, si, actor, "name", particle, "name+role", span_end=gend)
        _remember_person(state, mentions, idx, text[name_piece.start:name_piece.end])
        return [phrase(idx)]
    # 6. short form: surname + role (최 외무상, 김 위원장, 이 대통령)
    if role is not None and len(group) == 1:
        found = _surname_before(text, role_piece.start)
        if found:
            surname, s = found
            head = _find_person(state, mentions, surname=surname, role=role_en)
            if head is None:
                cands = [e for e in kb.persons_by_surname(surname) if _office_matches(kb, e, role_en, date)] if hasattr(kb, "persons_by_surname") else []
                if len(cands) == 1:
                    actor = kb.to_actor(cands[0], date)
                    idx = _add_mention(mentions, doc, _Piece(s, role_piece.end, "short"), si, actor, "short", particle, "short:kb")
                    _remember_person(state, mentions, idx, None)
                    return [phrase(idx)]
            if head is not None:
                hm = mentions[head]
                idx = _add_mention(mentions, doc, _Piece(s, role_piece.end, "short"), si, hm.actor, "short", particle, "short", head=head)
                _remember_person(state, mentions, idx, None)
                return [phrase(idx)]
    # 7. organisation from the KB (크렘린궁, 조선중앙통신, 유엔): a country before it may only refine generic ones
    if org_entry is not None:
        actor = kb.to_actor(org_entry, date)
        if role is not None and role_piece is not None and role_piece.start > org_piece.start:
            # 크렘린궁 대변인 (no name): the spokesperson of that organisation → a person of its country
            head = _find_person(state, mentions, role=role_en, country=actor.country)
            if head is not None:
                idx = _add_mention(mentions, doc, role_piece, si, mentions[head].actor, "role", particle, "role:coref", head=head)
                return [phrase(idx)]
            actor = Actor(None, text[org_piece.start:role_piece.end], "person", actor.country, role_sector or actor.sector, role_en, None)
            idx = _add_mention(mentions, doc, _Piece(org_piece.start, role_piece.end, "role"), si, actor, "role", particle, "org+role")
            return [phrase(idx)]
        if country and country != actor.country and org_entry.id and _is_generic_org(lex, text[org_piece.start:org_piece.end]):
            actor = Actor(None, text[group[0].start:org_piece.end], "org", country, actor.sector, actor.role, None)
        idx = _add_mention(mentions, doc, org_piece, si, actor, "name", particle, "kb:org", span_end=gend)
        return [phrase(idx)]
    # 8a. an outlet referred back to (이 매체는, 해당 언론은): the last news outlet named
    if inst is not None and inst.get("kind") == "media" and len(group) == 1 and not country_codes \
            and re.search(r"(?:^|[\s“\"‘'(])(?:이|해당|동|同)\s?$", text[max(0, inst_piece.start - 4):inst_piece.start]):
        head = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].actor is not None
                     and mentions[i].actor.sector == "MED" and mentions[i].actor.type != "person"), None)
        if head is not None:
            idx = _add_mention(mentions, doc, inst_piece, si, mentions[head].actor, "short", particle, "outlet-anaphor", head=head)
            return [phrase(idx)]
    # 8. generic institution after a country: 러시아 외무부, 미국 정부, 북한 당국
    if inst is not None and inst_piece is not None:
        c = country
        if c is None:
            return phrases
        if role is not None and role_piece is not None and role_piece.start > inst_piece.start:
            actor = Actor(None, text[group[0].start:role_piece.end], "person", c, role_sector or inst["sector"], role_en, None)
            idx = _add_mention(mentions, doc, _Piece(inst_piece.start, role_piece.end, "role"), si, actor, "role", particle, "inst+role")
            return [phrase(idx)]
        actor = Actor(None, text[group[0].start:inst_piece.end], "org", c, inst["sector"], inst["role_en"], None)
        idx = _add_mention(mentions, doc, _Piece(group[0].start, inst_piece.end, "inst"), si, actor, "name", particle, "country+inst")
        return [phrase(idx)]
    # 9. role with a country (러시아 대통령): the office holder, if we met them, else a person of that country
    if role is not None:
        head = _find_person(state, mentions, role=role_en, country=country)
        if head is not None:
            idx = _add_mention(mentions, doc, role_piece, si, mentions[head].actor, "role", particle, "role:coref", head=head)
            return [phrase(idx)]
        if country:
            actor = Actor(None, text[group[0].start:role_piece.end], "person", country, role_sector, role_en, None)
            idx = _add_mention(mentions, doc, _Piece(group[0].start, role_piece.end, "role"), si, actor, "role", particle, "country+role")
            return [phrase(idx)]
        return phrases
    # 10. an unnamed described speaker (한 외교 전문가)
    if desc_piece is not None:
        s = desc_piece.start
        # ... unless it is a surname + the description a named person was given (잔더빈 … 소장 → 잔 소장);
        # 한/이 before a description are 'a'/'this' (한 소식통은, 이 관계자는)
        found = _surname_before(text, s) if len(group) == 1 else None
        surname, sur_start = found if found else (None, s)
        if surname and surname not in ("한", "이"):
            desc = text[desc_piece.start:desc_piece.end]
            head = next((i for i in reversed(state.by_surname.get(surname, []))
                         if mentions[i].actor is not None and mentions[i].actor.role
                         and (mentions[i].actor.role.endswith(desc) or desc.endswith(mentions[i].actor.role))), None)
            if head is not None:
                idx = _add_mention(mentions, doc, _Piece(sur_start, desc_piece.end, "short"), si, mentions[head].actor,
                                   "short", particle, "short:desc", head=head)
                _remember_person(state, mentions, idx, None)
                return [phrase(idx)]
        pre = re.search(r"((?:한|일부|복수의|다수의|여러|익명의|[가-힣]+\s)?\s?)$", text[max(0, s - 6):s])
        start = s - len(pre.group(1)) if pre and pre.group(1).strip() in ("한", "일부", "복수의", "다수의", "여러", "익명의") else s
        actor = Actor(None, text[start:desc_piece.end] if not country else text[group[0].start:desc_piece.end], "person", country, "CVL", "described", None)
        idx = _add_mention(mentions, doc, _Piece(start if not country else group[0].start, desc_piece.end, "desc"), si, actor, "description", particle, "desc")
        return [phrase(idx)]
    # 11. a country alone: the last country mention is the head
    if country_codes and mentions:
        # the country mention we added last
        idx = len(mentions) - 1
        mentions[idx].particle = particle
        return [phrase(idx)]
    return phrases


# a one-syllable word right before a title, after a space, a quote mark or a glued sentence end
# (최 외무상, “김 위원장, …셈이다.김 총비서): a surname
_SURNAME_BEFORE = re.compile(r"(?:^|[\s“\"‘'(.])([가-힣])\s$")


# headlines write a Korean surname in Hanja before a title (李대통령, 尹 대통령, 金총리); 中, 日, 美,
# 北 and 韓 are countries, not surnames, here
_HANJA_SURNAMES = {"李": "이", "尹": "윤", "文": "문", "朴": "박", "金": "김", "崔": "최", "鄭": "정",
                   "趙": "조", "姜": "강", "安": "안", "洪": "홍", "張": "장", "吳": "오", "權": "권", "宋": "송", "習": "시"}


def _surname_before(text: str, s: int) -> tuple[str, int] | None:
    """The surname written right before a title starting at ``s`` (Hangul after a space, or a Hanja
    surname glued or spaced) and where it starts."""
    for k in (1, 2):
        if s - k >= 0 and text[s - k] in _HANJA_SURNAMES and (k == 1 or text[s - 1] == " "):
            return _HANJA_SURNAMES[text[s - k]], s - k
    m = _SURNAME_BEFORE.search(text, max(0, s - 3), s)
    return (m.group(1), m.start(1)) if m else None


def _role_info(role) -> tuple[str | None, str | None]:
    if role is None:
        return None, None
    if isinstance(role, dict):
        return role.get("role_en"), role.get("sector")
    return getattr(role, "role_en", None), getattr(role, "sector", None)


def _office_matches(kb, entry, role_en, date) -> bool:
    if not role_en:
        return True
    off = kb.office_at(entry, date)
    if off is None or not off.role_en:
        return False
    if off.valid_to is not None and date is not None and date > off.valid_to and not role_en.startswith("former "):
        return False  # 金총리 in 2025 is the prime minister then, not 김부겸 (prime minister 2021–22)
    return role_en in off.role_en or off.role_en in role_en


def _is_generic_org(lex, surface: str) -> bool:
    return surface in lex.inst


def _country_actor(kb, code: str, date) -> Actor:
    e = kb.get(code)
    if e is not None:
        return kb.to_actor(e, date)
    return Actor(code, code, "country", code, "GOV", None, None)


def _add_mention(mentions, doc, piece, si, actor, kind, particle, rule, head=None, compound=None, span_end=None) -> int:
    s, e = piece.start, piece.end
    mentions.append(Mention(s, e, doc.text[s:e], si, actor, kind, particle, head, compound, rule))
    return len(mentions) - 1


def _remember_person(state: _Coref, mentions, idx: int, surface: str | None) -> None:
    state.persons.append(idx)
    if mentions[idx].particle in ("은", "는", "이", "가", "께서") and not state.in_quote:
        state.subjects.append(idx)
    a = mentions[idx].actor
    if a is not None and a.name_ko:
        state.by_surname.setdefault(a.name_ko[0], []).append(idx)
        key = a.id or a.name_ko
        if surface and len(surface) > len(state.full_name.get(key, "")):
            state.full_name[key] = surface


def _find_person(state: _Coref, mentions, *, surname=None, role=None, country=None) -> int | None:
    pool = state.by_surname.get(surname, []) if surname else state.persons
    for idx in reversed(pool):
        a = mentions[idx].actor
        if a is None:
            continue
        # 이스라엘 대통령 is not a person met earlier whose country is unknown (an unrecognised name)
        if country and a.country != country:
            continue
        if role and a.role and not _roles_compatible(role, a.role) and surname is None:
            continue
        return idx
    return None


def _roles_compatible(r1: str, r2: str) -> bool:
    r1, r2 = r1.lower(), r2.lower()
    if r1 in r2 or r2 in r1:
        return True
    w1, w2 = set(r1.split()), set(r2.split())
    return bool(w1 & w2 - {"of", "the", "deputy", "vice", "first"})


def actor_key(a: Actor | None) -> str | None:
    if a is None:
        return None
    return a.id or f"{a.name_ko}|{a.country}"


def full_names(doc: Document) -> dict[str, str]:
    """Longest surface per actor (for speaker names: 드미트리 페스코프 rather than 페스코프)."""
    best: dict[str, str] = {}
    roles = lexicon().kb.roles
    for m in doc.mentions:
        if m.actor is None or m.kind not in ("name",):
            continue
        k = actor_key(m.actor)
        t = m.text
        head, _, last = t.rpartition(" ")
        if head and last in roles:  # KB aliases such as "트럼프 대통령": the name is what identifies
            t = head
        if len(t) > len(best.get(k, "")):
            best[k] = t
    return best
