"""Tests for sageon.read: decoding, records, files, feeds, HTML and boilerplate marking."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from sageon.errors import DecodeError, InputError, RecordError
from sageon.pipeline import Failure
from sageon.read import ReadFailure, decode_bytes, mark_boilerplate, read_path, read_record, read_text
from sageon.schema import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared")
GOLD_DEV = SHARED / "gold" / "dev"


def spans(doc: Document, kind: str | None = None) -> list[str]:
    return [b.text for b in doc.boilerplate if kind is None or b.kind == kind]


def assert_offsets(doc: Document) -> None:
    for b in doc.boilerplate:
        assert doc.text[b.start:b.end] == b.text
    ends = [(b.start, b.end) for b in doc.boilerplate]
    for (s1, e1), (s2, e2) in zip(ends, ends[1:]):
        assert e1 <= s2, "boilerplate spans overlap"


def assert_not_marked(doc: Document, prose: str) -> None:
    i = doc.text.index(prose)
    for b in doc.boilerplate:
        assert not (b.start < i + len(prose) and i < b.end), f"prose {prose[:20]!r} inside {b.kind} {b.text!r}"


def test_failure_is_pipeline_failure():
    assert ReadFailure is Failure


# ---- bylines and datelines ------------------------------------------------------------------

BYLINE_TESTS = [
    # (body, marked byline, reporters, dateline, prose that must stay unmarked)
    ("[뉴스임팩트=박시연 기자] 도널드 트럼프 미국 대통령이 북미 정상회담 재개 의사를 밝혔다.",
     "[뉴스임팩트=박시연 기자] ", ["박시연"], None, "도널드 트럼프 미국 대통령이"),
    ("(서울=연합뉴스) 홍길동 기자 = 북한이 4일 탄도미사일을 발사했다.",
     "(서울=연합뉴스) 홍길동 기자 = ", ["홍길동"], "서울", "북한이 4일"),
    ("(워싱턴=연합뉴스) 박성민 특파원 = 도널드 트럼프 미국 대통령이 29일(현지시간) 회담했다.",
     "(워싱턴=연합뉴스) 박성민 특파원 = ", ["박성민"], "워싱턴", "도널드 트럼프"),
    ("[베이징=이데일리 이명철 특파원] 이재명 대통령의 중국 국빈 방문을 앞두고 기대감이 커졌다.",
     "[베이징=이데일리 이명철 특파원] ", ["이명철"], "베이징", "이재명 대통령의"),
    ("[워싱턴·서울=뉴시스] 이윤희 특파원, 김승민 기자 = 트럼프 대통령은 29일 밝혔다.",
     "[워싱턴·서울=뉴시스] 이윤희 특파원, 김승민 기자 = ", ["이윤희", "김승민"], "워싱턴·서울", "트럼프 대통령은"),
    ("(서울=뉴스1) 박주평 배지윤 김동규 신민경 기자 = 2026년 '붉은 말'의 해가 밝았다.",
     "(서울=뉴스1) 박주평 배지윤 김동규 신민경 기자 = ", ["박주평", "배지윤", "김동규", "신민경"], "서울", "2026년"),
    ("[이데일리 박순엽 기자] 뉴욕증시의 주요 주가지수가 내림세로 마감했다.",
     "[이데일리 박순엽 기자] ", ["박순엽"], None, "뉴욕증시의"),
]


@pytest.mark.parametrize("body,marked,reporters,dateline,prose", BYLINE_TESTS)
def test_byline_at_start(body, marked, reporters, dateline, prose):
    doc = read_text(body, title="제목")
    assert marked in spans(doc, "byline")
    assert doc.meta["reporters"] == reporters
    assert doc.meta.get("dateline") == dateline
    assert doc.author == ", ".join(reporters)
    assert_not_marked(doc, prose)
    assert_offsets(doc)


def test_byline_keeps_record_author():
    doc = read_text("(서울=연합뉴스) 홍길동 기자 = 북한이 발사했다.", title="t", author="홍길동(hong@yna.co.kr)")
    assert doc.author == "홍길동(hong@yna.co.kr)"
    assert doc.meta["reporters"] == ["홍길동"]


def test_closing_byline_and_email():
    body = "정부는 대응 방안을 논의했다고 밝혔다.홍길동 기자 hong@example.co.kr"
    doc = read_text(body, title="t")
    assert "홍길동 기자" in spans(doc, "byline")
    assert "hong@example.co.kr" in spans(doc, "email")
    assert doc.meta["reporters"] == ["홍길동"]
    assert_not_marked(doc, "정부는 대응 방안을 논의했다고 밝혔다.")


def test_author_field_dateline_and_names():
    doc = read_record({"id": "x", "title": "t", "body": "중국이 훈련을 재개했다.",
                       "author": "베이징&#x3D; 이혜미 특파원 (herstory@hankookilbo.com) 이정혁 기자 (dinner@hankookilbo.com)"},
                      source="x.jsonl:1")
    assert doc.meta["dateline"] == "베이징"
    assert doc.meta["reporters"] == ["이혜미", "이정혁"]


def test_tv_speaker_caption_is_not_a_byline():
    body = ("발사 차량에 실려 작전지대로 이동한 미사일도 수직으로 세워집니다.[스이 / 중국군 동부전구 대변인 : "
            "해상·공중 전투 준비와 순찰, 주요 항구·지역 봉쇄 등의 과목을 중점 연습합니다.]중국이 대만을 압박했습니다.")
    doc = read_text(body, title="t")
    assert doc.boilerplate == []
    assert "reporters" not in doc.meta


def test_tv_signoff_and_credits():
    body = ("대만 측은 반발했습니다. 베이징에서 채널A 뉴스 이윤상입니다. 영상취재 : 위진량(VJ) 영상편집 : 김지향")
    doc = read_text(body, title="t")
    assert "베이징에서 채널A 뉴스 이윤상입니다." in spans(doc, "byline")
    assert "영상취재 : 위진량(VJ) 영상편집 : 김지향" in spans(doc, "credit")
    assert_not_marked(doc, "대만 측은 반발했습니다.")


# ---- captions, credits, subheads, related, copyright, promo ---------------------------------


def test_photo_credits():
    doc = read_text("트럼프 대통령이 29일 회견하고 있다. [사진=로이터·연합뉴스]\n트럼프 대통령은 이날 경고했다.(사진=연합뉴스)",
                    title="t")
    assert "[사진=로이터·연합뉴스]" in spans(doc, "credit")
    assert "(사진=연합뉴스)" in spans(doc, "credit")
    assert_not_marked(doc, "트럼프 대통령은 이날 경고했다.")


def test_credit_news1_and_caption_before_byline():
    doc = read_text("화재가 발생해 최소 40명이 숨졌다. 2026.1.1ⓒ 로이터=뉴스1\n"
                    "푸틴 대통령이 회의를 개최하고 있다. [타스][헤럴드경제=정목희 기자] 푸틴 대통령은 목표가 계획대로 진행된다고 주장했다.",
                    title="t")
    assert "ⓒ 로이터=뉴스1" in spans(doc, "credit")
    assert "푸틴 대통령이 회의를 개최하고 있다. [타스]" in spans(doc, "caption")
    assert "[헤럴드경제=정목희 기자] " in spans(doc, "byline")
    assert doc.meta.get("dateline") is None  # 헤럴드경제 is an outlet, not a place
    assert_not_marked(doc, "푸틴 대통령은 목표가")


def test_subheads_and_related_list_in_seed():
    docs = list(read_path(ROOT / "samples" / "seed.txt"))
    assert len(docs) == 1
    doc = docs[0]
    assert doc.published == dt.date(2025, 10, 28)
    assert doc.outlet == "뉴스임팩트"
    assert doc.title.startswith("최선희 외무상, 푸틴 대통령 접견")
    assert doc.meta["reporters"] == ["박시연"]
    assert spans(doc, "byline") == ["[뉴스임팩트=박시연 기자] "]
    assert "▌ “북러 관계, 새로운 고도 도약”" in spans(doc, "subhead")
    related = spans(doc, "related")
    assert len(related) == 7
    assert related[0].startswith("- [국제논단] “北, 사실상 핵보유국”")
    assert "- 트럼프 러브콜에도 북미정상회담 무산…“김정은과의 만남 계속 추진”" in related
    assert_not_marked(doc, "결국 북한은 트럼프의 ‘러브콜’보다 푸틴의 ‘포용’을 택했다.")
    assert_offsets(doc)


def test_dash_lines_inside_the_body_are_not_related():
    doc = read_text("- 첫째, 북한은 도발을 중단해야 한다.\n- 둘째, 대화에 복귀해야 한다.\n정부는 이같이 밝혔다.", title="t")
    assert spans(doc, "related") == []


@pytest.mark.parametrize("footer", [
    "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
    "Copyright ⓒ 한국경제TV. All rights reserved.",
    "ⓒ 한겨레신문사 : 무단전재 및 재배포 금지",
    "<저작권자 ⓒ MBN(www.mbn.co.kr) 무단전재 및 재배포 금지>",
])
def test_copyright_footer(footer):
    doc = read_text("정부는 협력을 약속했다.\n" + footer, title="t")
    assert spans(doc, "copyright") == [footer]
    assert_not_marked(doc, "정부는 협력을 약속했다.")


def test_prose_about_copyright_is_not_marked():
    doc = read_text("그는 \"내 사진을 무단으로 사용하지 말라\"고 말했다.", title="t")
    assert doc.boilerplate == []


def test_sbs_biz_glued_promo_tail():
    body = ("북한의 탄도미사일 발사는 약 2개월 만입니다.당신의 제보가 뉴스로 만들어집니다."
            "SBS Biz는 여러분의 제보를 기다리고 있습니다.홈페이지 = https://url.kr/9pghjn")
    doc = read_text(body, title="t")
    promo = [b for b in doc.boilerplate if b.kind == "promo"]
    assert len(promo) == 1
    assert promo[0].text == ("당신의 제보가 뉴스로 만들어집니다.SBS Biz는 여러분의 제보를 기다리고 있습니다."
                             "홈페이지 = https://url.kr/9pghjn")
    assert doc.text[: promo[0].start].endswith("약 2개월 만입니다.")
    assert_offsets(doc)


def test_other_promos():
    doc = read_text("휴전에 합의했습니다.※ '당신의 제보가 뉴스가 됩니다'[카카오톡] YTN 검색해 채널 추가[전화] 02-398-8585"
                    "[메일] social@ytn.co.kr\n관련 소식입니다.제보는 카톡 okjebo", title="t")
    kinds = {b.kind for b in doc.boilerplate}
    assert kinds == {"promo"}
    assert_not_marked(doc, "휴전에 합의했습니다.")


# ---- read_text / read_record ----------------------------------------------------------------


def test_read_text_title_and_newlines():
    doc = read_text("첫 줄 제목\r\n본문이다.\r\n")
    assert doc.title == "첫 줄 제목"
    assert doc.text == "첫 줄 제목\n본문이다.\n"
    one = read_text("한 줄뿐이다.")
    assert one.title is None and one.id
    doc = read_text("본문", title="제목 ", outlet="X", custom=1)
    assert doc.text == "제목 \n본문" and doc.title == "제목" and doc.outlet == "X" and doc.meta["custom"] == 1


def test_read_record_fields():
    rec = {"id": "001_1", "title": "&quot;제목&quot;", "body": "본문 &#x27;인용&#x27; a&#x3D;b",
           "published_at": "2025-12-24 00:00", "publisher": "연합뉴스", "article_url": "https://x/1",
           "author": "정준영(prince@yna.co.kr)"}
    doc = read_record(rec, source="f.jsonl:3")
    assert doc.text == "\"제목\"\n본문 '인용' a=b"
    assert doc.published == dt.date(2025, 12, 24)
    assert (doc.id, doc.outlet, doc.url, doc.source) == ("001_1", "연합뉴스", "https://x/1", "f.jsonl:3")
    assert doc.meta["reporters"] == ["정준영"]
    assert read_record({"title": "t", "content": "c", "date": "2023.07.29"}, source="s").published == dt.date(2023, 7, 29)


def test_read_record_errors():
    with pytest.raises(RecordError, match=r"f\.jsonl:17"):
        read_record({"id": 1, "title": "t"}, source="f.jsonl:17")
    with pytest.raises(RecordError, match=r"'published' is not a date: 'xx' \(want 2024-03-05\)"):
        read_record({"body": "b", "published": "xx"}, source="f.jsonl:2")


# ---- files ----------------------------------------------------------------------------------


def test_jsonl_with_bad_line(tmp_path):
    p = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": "a", "title": "T1", "body": "본문 하나.", "published": "2024-03-05"}, ensure_ascii=False),
             "{not json",
             json.dumps({"id": "c", "title": "T3"}, ensure_ascii=False),
             "",
             json.dumps({"title": "T5", "text": "본문 다섯.", "published": "2024-03-06"}, ensure_ascii=False)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_path(p))
    docs = [d for d in out if isinstance(d, Document)]
    fails = [d for d in out if isinstance(d, ReadFailure)]
    assert [d.id for d in docs] == ["a", "news:5"]
    assert docs[0].source == f"{p}:1"
    assert [f.source for f in fails] == [f"{p}:2", f"{p}:3"]
    assert fails[1].id == "c" and "neither 'body' nor 'text'" in fails[1].reason


def test_jsonl_gz_and_json_list(tmp_path):
    recs = [{"id": str(i), "title": f"제목{i}", "body": "(서울=연합뉴스) 홍길동 기자 = 본문.", "published": "2023-06-09"}
            for i in range(3)]
    gz = tmp_path / "a.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    docs = list(read_path(gz))
    assert [d.id for d in docs] == ["0", "1", "2"]
    assert docs[0].meta["dateline"] == "서울"
    js = tmp_path / "b.json"
    js.write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    assert len(list(read_path(js))) == 3


def test_csv_gz(tmp_path):
    p = tmp_path / "k.csv.gz"
    with gzip.open(p, "wt", encoding="utf-8", newline="") as fh:
        fh.write('seq,title,date,content,article_url\n3045,"민주당 ""발언""",2023-07-08 14:17:17,"첫 줄.\n\n둘째 줄.",https://www.pressian.com/a\n'
                 '3046,빈 본문,2023-07-09,,https://x\n')
    out = list(read_path(p))
    doc, fail = out
    assert doc.id == "3045" and doc.title == '민주당 "발언"' and doc.published == dt.date(2023, 7, 8)
    assert doc.text == '민주당 "발언"\n첫 줄.\n\n둘째 줄.'
    assert doc.outlet == "www.pressian.com"
    assert isinstance(fail, ReadFailure) and fail.source == f"{p}:5"  # row 1 spans lines 2-4


def test_rss_and_atom(tmp_path):
    rss = tmp_path / "f.rss"
    rss.write_text("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>뉴스</title>
<item><title>북한 미사일 발사</title><link>https://n/1</link><pubDate>Sun, 04 Jan 2026 09:00:00 +0900</pubDate>
<description>&lt;p&gt;북한이 &lt;b&gt;탄도미사일&lt;/b&gt;을 발사했다.&lt;/p&gt;</description></item>
<item><title>빈 항목</title></item></channel></rss>""", encoding="utf-8")
    out = list(read_path(rss))
    assert out[0].text == "북한 미사일 발사\n북한이 탄도미사일 을 발사했다." or "탄도미사일" in out[0].text
    assert "<" not in out[0].text
    assert out[0].published == dt.date(2026, 1, 4) and out[0].url == "https://n/1"
    assert isinstance(out[1], ReadFailure)
    atom = tmp_path / "f.atom"
    atom.write_text("""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>e1</id><title>제목</title>
<link href="https://n/2"/><updated>2025-12-30T10:00:00Z</updated><summary>요약 본문.</summary></entry></feed>""",
                    encoding="utf-8")
    (doc,) = read_path(atom)
    assert doc.id == "e1" and doc.text == "제목\n요약 본문." and doc.url == "https://n/2"


def test_txt_sidecar_and_directory(tmp_path):
    (tmp_path / "b.txt").write_text("제목\n(서울=연합뉴스) 김철수 기자 = 본문.", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"published": "2025-10-28", "outlet": "연합뉴스"}', encoding="utf-8")
    (tmp_path / "a.txt").write_bytes("가나다 본문이다.".encode("cp949"))
    (tmp_path / "c.bin").write_bytes(b"\x00\x01")
    docs = list(read_path(tmp_path))
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[0].text == "가나다 본문이다."
    assert docs[1].published == dt.date(2025, 10, 28) and docs[1].outlet == "연합뉴스"
    assert docs[1].source == str(tmp_path / "b.txt")


def test_missing_file():
    with pytest.raises(InputError, match="nope.txt"):
        list(read_path("/nonexistent/nope.txt"))


# ---- decoding -------------------------------------------------------------------------------


def test_decode_cp949_and_euc_kr():
    text = "북한이 탄도미사일을 발사했다. 똠방각하"  # 똠 is CP949-only
    assert decode_bytes(text.encode("cp949"), source="x") == text
    assert decode_bytes("한국어 뉴스".encode("euc-kr"), source="x") == "한국어 뉴스"
    assert decode_bytes("\ufeff본문".encode("utf-8"), source="x") == "본문"


def test_undecodable_bytes_name_the_file(tmp_path):
    p = tmp_path / "broken.txt"
    p.write_bytes(bytes(range(0x80, 0x100)) * 3 + b"\xff\xfe\x00\x81\x00")
    with pytest.raises(DecodeError, match="broken.txt"):
        list(read_path(p))
    with pytest.raises(DecodeError, match=r"\[E002\] page\.html"):
        decode_bytes(b"\x81\x00\xff" * 50 + bytes(range(0x80, 0x100)), source="page.html")


# ---- HTML -----------------------------------------------------------------------------------

PARA = ("북한이 4일 오전 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다. "
        "합참은 군이 추가 발사에 대비해 감시와 경계를 강화했다고 설명했다. ")


def _page(charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>북한 탄도미사일 발사</title>
<script>var tracker = "스크립트 내용";</script><style>.x{{color:red}}</style></head><body>
<nav><ul><li><a href="/">홈</a></li><li><a href="/politics">정치 메뉴</a></li><li><a href="/intl">국제 메뉴</a></li></ul></nav>
<article><h1>북한 탄도미사일 발사</h1><p>{PARA}</p><p>{PARA}</p><p>안보실은 긴급회의를 열어 대비 태세를 점검했다.</p></article>
<footer>회사소개 | 광고문의 | 무단전재 및 재배포 금지</footer></body></html>"""


def test_html_main_text(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(_page(), encoding="utf-8")
    (doc,) = read_path(p)
    assert "북한이 4일 오전 동해상으로" in doc.text
    assert "안보실은 긴급회의를 열어" in doc.text
    assert "스크립트 내용" not in doc.text and "정치 메뉴" not in doc.text and "color:red" not in doc.text
    assert doc.title == "북한 탄도미사일 발사"
    assert doc.id == "page"


def test_html_euc_kr(tmp_path):
    p = tmp_path / "euckr.htm"
    p.write_bytes(_page("euc-kr").encode("euc-kr"))
    (doc,) = read_path(p)
    assert "합동참모본부가 밝혔다" in doc.text


def test_html_tiny_page_falls_back(tmp_path):
    p = tmp_path / "tiny.html"
    p.write_text("<html><body><script>x()</script><p>짧은 본문.</p></body></html>", encoding="utf-8")
    (doc,) = read_path(p)
    assert "짧은 본문." in doc.text and "x()" not in doc.text


# ---- the dev set: no gold evidence inside boilerplate -----------------------------------------


@pytest.mark.skipif(not (GOLD_DEV / "articles.json").exists(), reason="dev gold not available")
def test_dev_gold_evidence_never_marked():
    articles = json.loads((GOLD_DEV / "articles.json").read_text(encoding="utf-8"))
    assert len(articles) == 55
    problems = []
    for a in articles:
        doc = read_record(a, source="articles.json")
        assert doc.text == a["title"] + "\n" + a["body"]
        assert_offsets(doc)
        gold = json.loads((GOLD_DEV / f"{a['gid']}.json").read_text(encoding="utf-8"))
        strings = [e["evidence"] for e in gold.get("events", []) if e.get("evidence")]
        strings += [q["text"] for q in gold.get("quotes", []) if q.get("text")]
        for s in strings:
            i = doc.text.find(s)
            if i < 0:
                continue
            for b in doc.boilerplate:
                if b.start < i + len(s) and i < b.end:
                    problems.append((a["gid"], b.kind, b.text[:40], s[:40]))
    assert problems == []


def test_mark_boilerplate_is_idempotent():
    doc = read_text("(서울=연합뉴스) 홍길동 기자 = 본문. hong@yna.co.kr", title="t")
    before = list(doc.boilerplate)
    mark_boilerplate(doc)
    assert doc.boilerplate == before
