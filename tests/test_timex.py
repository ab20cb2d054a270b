"""Time expressions: real news sentences, resolved against the publication date. No Kiwi."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from sageon.errors import DataFileError
from sageon.schema import Document, Sentence
from sageon.timex import find_times, find_times_in_doc, load_table, resolve_day, resolve_month

SEED = Path("/work/shared/seed/000_47222da90f35864b.txt")


def _one(text: str, pub: dt.date | None, surface: str):
    times = find_times(text, pub)
    for t in times:
        assert text[t.start:t.end] == t.text
    hit = [t for t in times if t.text == surface]
    assert hit, f"{surface!r} not found in {[t.text for t in times]}"
    return hit[0]


# (published, sentence, expression, value, end_value, precision, kind)
TIMEX_TESTS = [
    # seed article (2025-10-28)
    ("2025-10-28", "북한 중앙방송에 따르면 최선희 북한 외무상은 27일(현지시간) 블라디미르 푸틴 러시아 대통령을 크렘린궁에서 만나",
     "27일(현지시간)", "2025-10-27", None, "day", "date"),
    ("2025-10-28", "최 외무상은 이날 라브로프 장관과의 회담에서 “지난 9월 베이징 전승절 80주년 열병식에서 열린 북러 정상회담이",
     "지난 9월", "2025-09", None, "month", "date"),
    ("2025-10-28", "최 외무상의 이번 방문은 오는 28~29일 벨라루스에서 열리는 유라시아 안보 회의 참석을 앞두고 이뤄진 것으로",
     "오는 28~29일", "2025-10-28", "2025-10-29", "day", "range"),
    ("2025-10-28", "그는 “그가 만나고 싶어 하면 나는 한국에 있을 것”이라며 오는 29~30일 경주에서 열리는 APEC 정상회의를 언급했다.",
     "오는 29~30일", "2025-10-29", "2025-10-30", "day", "range"),
    ("2025-10-28", "라브로프 장관은 이에 “지난 3개월 반 사이 러북 관계는 6월 평양 정상회담에서 체결된 기본 합의를 발전시키는",
     "6월", "2025-06", None, "month", "date"),
    ("2025-10-28", "라브로프 장관은 이에 “지난 3개월 반 사이 러북 관계는 6월 평양 정상회담에서 체결된 기본 합의를 발전시키는",
     "지난 3개월 반", None, None, None, "duration"),
    ("2025-10-28", "- [Why] 중국은 왜 韓日등 45개국 30일 무비자 정책을 일방적으로 연장했나",
     "30일", None, None, None, "duration"),
    # year boundaries
    ("2026-01-04", "이 대통령은 지난해 11월 7일 시 주석과 경주에서 정상회담을 했다.",
     "지난해 11월 7일", "2025-11-07", None, "day", "date"),
    ("2026-01-02", "마두로 대통령은 29일(현지시간) 국영 TV 연설에서 미국을 비난했다.",
     "29일(현지시간)", "2025-12-29", None, "day", "date"),
    ("2025-12-30", "이재명 대통령은 오는 5일 시진핑 국가주석과 정상회담을 한다.",
     "오는 5일", "2026-01-05", None, "day", "date"),
    ("2025-12-28", "다카이치 총리는 내년 초 방한할 것으로 알려졌다.",
     "내년 초", "2026", None, "year", "relative"),
    ("2025-12-30", "이 대통령은 1월 4일부터 6일까지 베이징에서 시진핑 주석과 정상회담 및 국빈 만찬 등 공식일정을 진행한다.",
     "1월 4일부터 6일", "2026-01-04", "2026-01-06", "day", "range"),
    ("2025-12-28", "셔틀외교 복원 차원의 이 대통령 방일은 1월 중순쯤으로 예상된다.",
     "1월 중순", "2026-01", "", "month", "date"),
    # other forms
    ("2025-10-28", "광복절인 2025년 8월 15일 이 대통령은 경축사를 했다.", "2025년 8월 15일", "2025-08-15", None, "day", "date"),
    ("2025-10-28", "2025.8.15 경축사 전문", "2025.8.15", "2025-08-15", None, "day", "date"),
    ("2025-10-28", "정부는 2025년 국정 목표를 발표했다.", "2025년", "2025", None, "year", "date"),
    ("2025-10-28", "8월 15일 광복절 경축식에서", "8월 15일", "2025-08-15", None, "day", "date"),
    ("2025-10-28", "양국은 12월 초 후속 협상을 열기로 했다.", "12월 초", "2025-12", None, "month", "date"),
    ("2025-10-28", "특검은 연말까지 수사를 마무리할 계획이다.", "연말", "2025-12", None, "month", "relative"),
    ("2025-10-28", "정부는 올해 말 법안을 낼 예정이다.", "올해 말", "2025-12", None, "month", "relative"),
    ("2025-10-28", "외교부는 지난달 13일 성명을 냈다.", "지난달 13일", "2025-09-13", None, "day", "date"),
    ("2025-10-28", "국회는 올해 3월 개헌안을 논의했다.", "올해 3월", "2025-03", None, "month", "date"),
    ("2025-10-28", "양측은 28일부터 29일까지 회담한다.", "28일부터 29일", "2025-10-28", "2025-10-29", "day", "range"),
    ("2025-10-28", "오는 29∼30일 경주에서 열리는 정상회의", "오는 29∼30일", "2025-10-29", "2025-10-30", "day", "range"),
    ("2025-10-28", "8월 28일~9월 2일 열린 훈련", "8월 28일~9월 2일", "2025-08-28", "2025-09-02", "day", "range"),
    ("2025-10-28", "지난 9~10월 조사에서", "지난 9~10월", "2025-09", "2025-10", "month", "range"),
    ("2025-10-28", "그는 지난주 워싱턴을 찾았다.", "지난주", "2025-W43", None, "week", "relative"),
    ("2025-10-28", "회담은 다음 주에 열린다.", "다음 주", "2025-W45", None, "week", "relative"),
    ("2025-10-28", "회담은 다음 주 월요일 열린다.", "다음 주 월요일", "2025-11-03", None, "day", "relative"),
    ("2025-10-28", "그는 지난 금요일 기자회견을 했다.", "지난 금요일", "2025-10-24", None, "day", "relative"),
    ("2025-10-28", "어제 국회에서", "어제", "2025-10-27", None, "day", "relative"),
    ("2025-10-28", "내일 발표한다", "내일", "2025-10-29", None, "day", "relative"),
    ("2025-10-28", "그제 발표했다", "그제", "2025-10-26", None, "day", "relative"),
    ("2026-01-04", "오늘(4일) 오전 10시 기준", "오늘(4일)", "2026-01-04", None, "day", "relative"),
    ("2025-12-29", "지난해에는 5월 라이칭더 대만 총통의 취임 연설과 10월 쌍십절 연설을 문제 삼아 훈련을 벌였다.",
     "10월", "2024-10", None, "month", "date"),
    ("2025-12-29", "나섰습니다.2022년 8월 미국 하원의장의 타이완 방문 이후 7번째로", "2022년 8월", "2022-08", None, "month", "date"),
    ("2026-01-04", "양국은 지난해 11월 7일과 8일 회담했다.", "8일", "2025-11-08", None, "day", "date"),
    # not dates
    ("2025-10-28", "북한군이 제2차 세계대전 당시 쿠르스크 해방작전에 참여한 점", "제2차", None, None, None, None),
    ("2025-10-28", "6·25 전쟁 75주년 기념식", "6·25", None, None, None, "named"),
    ("2025-10-28", "9·19 군사합의 복원", "9·19", None, None, None, "named"),
    ("2025-12-29", "중국이 8개월여 만에 또다시 대만 해역을 봉쇄하는 훈련을 재개했다", "8개월여", None, None, None, "duration"),
    ("2025-12-29", "가족을 만난 건 2개월 만에 처음이다", "2개월", None, None, None, "duration"),
    ("2025-12-29", "협상 재개 4일 만에 결렬됐다", "4일", None, None, None, "duration"),
    ("2025-12-29", "30일간 머물 수 있다", "30일", None, None, None, "duration"),
    ("2025-12-29", "10일 동안 이어졌다", "10일", None, None, None, "duration"),
    ("2025-12-29", "72시간 안에 답하라", "72시간", None, None, None, "duration"),
    ("2025-12-29", "전쟁이 3년째 이어지고 있다", "3년", None, None, None, "duration"),
    ("2025-12-29", "5일 연속 하락했다", "5일", None, None, None, "duration"),
    ("2025-12-29", "입원 기간이 27일 이상이면", "27일", None, None, None, "duration"),
    ("2025-12-29", "양국은 교전 20일 만인 지난 27일 휴전에 합의했다.", "20일", None, None, None, "duration"),
    ("2025-12-29", "양국은 교전 20일 만인 지난 27일 휴전에 합의했다.", "지난 27일", "2025-12-27", None, "day", "date"),
    ("2025-12-29", "중앙지법은 30일 여인형 전 사령관의 재판을 연다", "30일", "2025-12-30", None, "day", "date"),
    ("2026-01-02", "1달러당 142만리알까지 치솟았다", "1달", None, None, None, "absent"),
]


@pytest.mark.parametrize("pub,text,surface,value,end_value,precision,kind", TIMEX_TESTS)
def test_timex(pub, text, surface, value, end_value, precision, kind):
    published = dt.date.fromisoformat(pub)
    if kind is None or kind == "absent":
        assert all(surface not in t.text for t in find_times(text, published))
        return
    t = _one(text, published, surface)
    assert (t.value, t.precision, t.kind) == (value, precision, kind)
    if end_value is not None:
        assert t.end_value == (end_value or None)


def test_local_time_flag():
    t = _one("최선희 외무상은 27일(현지시간) 푸틴 대통령을 만났다.", dt.date(2025, 10, 28), "27일(현지시간)")
    assert t.local_time and t.rule == "day+local"
    t = _one("최선희 외무상은 27일 푸틴 대통령을 만났다.", dt.date(2025, 10, 28), "27일")
    assert not t.local_time


def test_no_publication_date_still_finds():
    times = find_times("최선희 외무상은 27일(현지시간) 푸틴 대통령을 만났고 이날 회담했다.", None)
    assert [t.text for t in times] == ["27일(현지시간)", "이날"]
    assert all(t.value is None for t in times)


def _doc(text: str, pub: dt.date) -> Document:
    doc = Document(text=text, published=pub)
    pos = 0
    for p, line in enumerate(text.split("\n")):
        doc.sentences.append(Sentence(pos, pos + len(line), line, paragraph=p))
        pos += len(line) + 1
    return doc


def test_seed_article_inal_anchored():
    text = SEED.read_text("utf-8") if SEED.exists() else (
        "최선희 외무상, 푸틴 대통령 접견\n최선희 북한 외무상은 27일(현지시간) 푸틴 대통령을 만났다.\n"
        "드미트리 페스코프 크렘린궁 대변인은 이날 “푸틴 대통령이 접견할 예정”이라고 밝혔다.")
    doc = find_times_in_doc(_doc(text, dt.date(2025, 10, 28)))
    for t in doc.times:
        assert doc.text[t.start:t.end] == t.text
        assert doc.sentences[t.sentence].start <= t.start < doc.sentences[t.sentence].end
    inal = [t for t in doc.times if t.text == "이날"]
    assert inal and inal[0].value == "2025-10-27" and inal[0].rule == "inal"
    assert doc.times == sorted(doc.times, key=lambda t: t.start)


def test_inal_defaults_to_publication_and_jeonnal():
    doc = find_times_in_doc(_doc("대통령실은 이날 회의를 열었다.\n앞서 전날 장관들이 만났다.", dt.date(2025, 12, 25)))
    assert [(t.text, t.value) for t in doc.times] == [("이날", "2025-12-25"), ("전날", "2025-12-24")]


def test_background_date_does_not_move_anchor():
    text = ("트럼프 대통령은 28일(현지시간) 젤렌스키 대통령과 회담했다.\n"
            "지난 24일 우크라이나는 20개항 구상을 공개했다.\n"
            "29일 외교부는 지난 18일 미국이 무기를 팔기로 한 것을 비판했다.\n"
            "한편 러시아는 전날 드론 500대로 공격했다.")
    doc = find_times_in_doc(_doc(text, dt.date(2025, 12, 30)))
    assert [t.value for t in doc.times if t.text == "전날"] == ["2025-12-28"]


def test_boilerplate_sentences_skipped():
    doc = _doc("정부는 27일 발표했다.\n▶ 28일 기사 보기", dt.date(2025, 10, 28))
    doc.sentences[1].boilerplate = "related"
    find_times_in_doc(doc)
    assert [t.text for t in doc.times] == ["27일"]


def test_offsets_and_sentence_index():
    times = find_times("정부는 27일 발표했다.", dt.date(2025, 10, 28), offset=100, sentence=3)
    assert (times[0].start, times[0].end, times[0].sentence) == (104, 107, 3)


@pytest.mark.parametrize("day,pub,kw,want", [
    (27, "2025-10-28", {}, "2025-10-27"),
    (29, "2025-10-28", {}, "2025-10-29"),  # tomorrow: a month-old day would be 지난 29일
    (30, "2025-10-26", {}, "2025-09-30"),
    (29, "2026-01-02", {}, "2025-12-29"),
    (5, "2025-12-30", {"direction": "future"}, "2026-01-05"),
    (2, "2025-12-30", {"future": True}, "2026-01-02"),
    (31, "2025-12-01", {}, "2025-12-31"),  # no 31 November
    (31, "2025-12-01", {"direction": "past"}, "2025-10-31"),
])
def test_resolve_day(day, pub, kw, want):
    assert resolve_day(day, dt.date.fromisoformat(pub), **kw).isoformat() == want


def test_resolve_month():
    pub = dt.date(2025, 10, 28)
    assert resolve_month(9, pub, direction="past").isoformat() == "2025-09-01"
    assert resolve_month(10, pub, direction="past").isoformat() == "2024-10-01"
    assert resolve_month(3, pub, direction="future").isoformat() == "2026-03-01"
    assert resolve_month(11, pub).isoformat() == "2024-11-01"
    assert resolve_month(11, pub, future=True).isoformat() == "2025-11-01"


def test_bad_table_row_names_line(tmp_path):
    p = tmp_path / "tw.tsv"
    p.write_text("# comment\n이날\trel_day\tanchor:0\tinal\n오늘\tnope\t0\tx\n", "utf-8")
    with pytest.raises(DataFileError, match=r"tw.tsv:3"):
        load_table(str(p))


def test_speed():
    text = ("최선희 북한 외무상은 27일(현지시간) 블라디미르 푸틴 러시아 대통령을 크렘린궁에서 만나 북러 정상 간 "
            "합의 이행과 양국 관계 심화 방안을 논의했다. 양측은 이번 회담에서 북러 경제협력 확대를 논의했다.")
    pub = dt.date(2025, 10, 28)
    find_times(text, pub)
    t0 = time.perf_counter()
    for _ in range(2000):
        find_times(text, pub)
    rate = 2000 * len(text) / (time.perf_counter() - t0)
    assert rate > 300_000, f"{rate:.0f} chars/s"


def test_old_background_day_does_not_re_anchor_jeonnal():
    # 이달 7일 is three weeks before publication: background, not what a later 전날 counts from
    text = ("중국 외교부는 29일 3국 회담이 열렸다고 밝혔다.\n"
            "양국은 이달 7일부터 다시 교전을 재개했다.\n"
            "왕 주임은 전날 캄보디아 외교장관과 회담했다.")
    doc = find_times_in_doc(_doc(text, dt.date(2025, 12, 29)))
    assert [t.value for t in doc.times if t.text == "전날"] == ["2025-12-28"]


def test_month_day_without_year_takes_the_much_nearer_year():
    # a headline of 30 December: "1월 4일 방중" is five days ahead, not eleven months back
    assert find_times("이 대통령, 1월 4일 방중…미리 보는 국빈 방문", dt.date(2025, 12, 30))[0].value == "2026-01-04"
    # a recent past day stays in the past
    assert find_times("11월 7일 단거리 탄도미사일 발사", dt.date(2026, 1, 4))[0].value == "2025-11-07"
