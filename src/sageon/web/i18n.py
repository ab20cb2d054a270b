"""UI strings for the dashboard, Korean and English. ``?lang=ko|en`` picks one (a cookie keeps it).

A key missing from one language falls back to English, then to the key itself; a test checks that
both languages have the same keys.
"""

from __future__ import annotations

from ..schema import MODALITIES, PLOVER_TYPES

LANGS = ("ko", "en")
DEFAULT_LANG = "ko"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "app": "sageon", "tagline": "Korean news → political event data",
        "nav.overview": "Overview", "nav.events": "Events", "nav.dyad": "Dyad", "nav.network": "Network",
        "nav.quotes": "Quotes", "nav.actors": "Actors", "nav.extract": "Extract", "nav.api": "API docs",
        "json": "JSON", "csv": "CSV",
        "articles": "Articles", "events": "Events", "quotes": "Quotes", "actors": "Actors",
        "date_range": "Corpus date range", "busiest_dyads": "Busiest dyads", "recent_events": "Recent events",
        "date": "Date", "published": "Published", "type": "Type", "source": "Source", "target": "Target",
        "modality": "Modality", "intensity": "Intensity", "evidence": "Evidence", "article": "Article",
        "rule": "Rule", "location": "Location", "quad": "Quad class", "outlet": "Outlet", "title": "Title",
        "speaker": "Speaker", "quote": "Quote", "country": "Country", "role": "Role", "name": "Name",
        "sector": "Sector", "kind": "Kind", "value": "Value", "text": "Text", "all": "All",
        "filter": "Filter", "reset": "Reset", "since": "Since", "until": "Until", "order": "Order",
        "search": "Search", "search.placeholder": "Search articles, actors, quotes", "results": "results",
        "prev": "Previous", "next": "Next", "showing": "Showing", "of": "of", "none": "Nothing found.",
        "dyad.title": "Dyad: cooperation vs conflict", "dyad.a": "Country A", "dyad.b": "Country B",
        "dyad.by": "Period", "dyad.coop": "cooperation", "dyad.conflict": "conflict",
        "dyad.help": "Click a point to list its events (that period and direction).",
        "dyad.events_for": "Events", "dyad.pick": "Pick two countries, e.g. PRK and RUS.",
        "tilt.title": "Tilt", "tilt.help": "Net cooperation (cooperation − conflict) of a country with two partners.",
        "tilt.country": "Country", "tilt.x": "Partner 1", "tilt.y": "Partner 2", "net": "net",
        "network.title": "Network of countries", "network.help": "Nodes are countries; arrows are events from source to target, thicker when more.",
        "network.min_weight": "Min. events", "edges": "Edges", "nodes": "Nodes", "weight": "Weight",
        "events.title": "Events", "order.date_desc": "Newest first", "order.date_asc": "Oldest first",
        "order.intensity_desc": "Most cooperative first", "order.intensity_asc": "Most conflictual first",
        "article.title": "Article", "legend": "Legend", "legend.mention": "Actor mention", "legend.time": "Time expression",
        "legend.quote": "Quote", "legend.event": "Event evidence", "mentions": "Mentions", "times": "Time expressions",
        "source_link": "Original", "not_stored": "Not stored: this extraction is shown only to you.",
        "actor.title": "Actor", "actor.events_over_time": "Events over time", "actor.as_source": "as source",
        "actor.as_target": "as target", "roles": "Roles", "aliases": "Aliases",
        "extract.title": "Extract an article", "extract.help": "Paste a Korean news article (first line = title) or upload a text file. Nothing is stored.",
        "extract.text": "Article text", "extract.file": "or a file (UTF-8/EUC-KR text)", "extract.run": "Extract",
        "extract.published": "Publication date", "quotes.title": "Quotes", "actors.title": "Actors",
        "error.title": "Error", "error.back": "Back to the overview", "lang.ko": "한국어", "lang.en": "English",
        "periods": "periods", "direction": "Direction", "direct": "direct", "indirect": "indirect", "verb": "Verb",
        "story": "Story",
    },
    "ko": {
        "app": "사건 sageon", "tagline": "한국어 뉴스 → 정치 사건 데이터",
        "nav.overview": "개요", "nav.events": "사건", "nav.dyad": "양자 관계", "nav.network": "관계망",
        "nav.quotes": "발언", "nav.actors": "행위자", "nav.extract": "추출", "nav.api": "API 문서",
        "json": "JSON", "csv": "CSV",
        "articles": "기사", "events": "사건", "quotes": "발언", "actors": "행위자",
        "date_range": "자료 기간", "busiest_dyads": "사건이 많은 국가 쌍", "recent_events": "최근 사건",
        "date": "날짜", "published": "발행일", "type": "유형", "source": "주체", "target": "대상",
        "modality": "양태", "intensity": "강도", "evidence": "근거", "article": "기사",
        "rule": "규칙", "location": "장소", "quad": "4분류", "outlet": "언론사", "title": "제목",
        "speaker": "화자", "quote": "발언", "country": "국가", "role": "직책", "name": "이름",
        "sector": "부문", "kind": "종류", "value": "값", "text": "본문", "all": "전체",
        "filter": "필터", "reset": "초기화", "since": "시작일", "until": "종료일", "order": "정렬",
        "search": "검색", "search.placeholder": "기사·행위자·발언 검색", "results": "건",
        "prev": "이전", "next": "다음", "showing": "표시", "of": "/", "none": "결과가 없습니다.",
        "dyad.title": "양자 관계: 협력과 갈등", "dyad.a": "국가 A", "dyad.b": "국가 B",
        "dyad.by": "기간 단위", "dyad.coop": "협력", "dyad.conflict": "갈등",
        "dyad.help": "점을 누르면 그 기간·방향의 사건 목록이 나옵니다.",
        "dyad.events_for": "사건", "dyad.pick": "두 나라를 고르세요. 예: PRK, RUS.",
        "tilt.title": "기울기", "tilt.help": "한 나라가 두 상대국과 맺는 순협력(협력 − 갈등) 비교.",
        "tilt.country": "국가", "tilt.x": "상대국 1", "tilt.y": "상대국 2", "net": "순협력",
        "network.title": "국가 관계망", "network.help": "노드는 국가, 화살표는 주체에서 대상으로 향하는 사건입니다. 많을수록 굵습니다.",
        "network.min_weight": "최소 사건 수", "edges": "연결", "nodes": "노드", "weight": "가중치",
        "events.title": "사건", "order.date_desc": "최신순", "order.date_asc": "오래된순",
        "order.intensity_desc": "협력 강도순", "order.intensity_asc": "갈등 강도순",
        "article.title": "기사", "legend": "범례", "legend.mention": "행위자 언급", "legend.time": "시간 표현",
        "legend.quote": "발언", "legend.event": "사건 근거", "mentions": "언급", "times": "시간 표현",
        "source_link": "원문", "not_stored": "저장하지 않았습니다. 이 추출 결과는 지금 화면에만 보입니다.",
        "actor.title": "행위자", "actor.events_over_time": "시기별 사건", "actor.as_source": "주체로서",
        "actor.as_target": "대상으로서", "roles": "직책", "aliases": "별칭",
        "extract.title": "기사 추출", "extract.help": "한국어 기사를 붙여 넣거나(첫 줄은 제목) 텍스트 파일을 올리세요. 저장하지 않습니다.",
        "extract.text": "기사 본문", "extract.file": "또는 파일 (UTF-8/EUC-KR 텍스트)", "extract.run": "추출",
        "extract.published": "발행일", "quotes.title": "발언", "actors.title": "행위자",
        "error.title": "오류", "error.back": "개요로 돌아가기", "lang.ko": "한국어", "lang.en": "English",
        "periods": "기간", "direction": "방향", "direct": "직접", "indirect": "간접", "verb": "동사",
        "story": "기사 묶음",
    },
}

TYPE_NAMES = {
    "ko": {"AGREE": "합의", "CONSULT": "협의", "SUPPORT": "지지", "CONCEDE": "양보", "COOPERATE": "협력",
           "AID": "지원", "RETREAT": "철수", "REQUEST": "요구", "ACCUSE": "비난", "REJECT": "거부",
           "THREATEN": "위협", "PROTEST": "항의", "SANCTION": "제재", "MOBILIZE": "동원", "COERCE": "강압",
           "ASSAULT": "공격"},
    "en": {t: t.title() for t in PLOVER_TYPES},
}
MODALITY_NAMES = {
    "ko": {"asserted": "단정", "negated": "부정", "intended": "의도", "scheduled": "예정", "hypothetical": "가정"},
    "en": {m: m for m in MODALITIES},
}


class Strings:
    """``t("events")`` or ``t.type("AGREE")`` in templates; unknown keys show as themselves."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGS else DEFAULT_LANG
        self._s = STRINGS[self.lang]

    def __call__(self, key: str) -> str:
        return self._s.get(key) or STRINGS["en"].get(key) or key

    def type(self, code: str | None) -> str:
        if not code:
            return ""
        name = TYPE_NAMES[self.lang].get(code)
        return f"{name} {code}" if name and self.lang == "ko" else (name or code)

    def modality(self, m: str | None) -> str:
        return MODALITY_NAMES[self.lang].get(m or "", m or "")

    def table(self) -> dict[str, str]:
        """What the browser script needs (dyad click-through labels, ...)."""
        return ({k: self(k) for k in STRINGS["en"]} | {"type." + t: self.type(t) for t in PLOVER_TYPES}
                | {"modality." + m: self.modality(m) for m in MODALITIES})
