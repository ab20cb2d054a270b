"""The founding article, through the real pipeline: what issue #2 says the output must show."""

from pathlib import Path

import pytest

import sageon

SEED = Path(__file__).resolve().parents[1] / "samples" / "seed.txt"


@pytest.fixture(scope="module")
def doc():
    return sageon.extract(SEED.read_text(encoding="utf-8"), published="2025-10-28")


def _events(doc, etype, src, tgt=None):
    return [e for e in doc.events if e.type == etype and e.source.country == src
            and (tgt is None or (e.target is not None and e.target.country == tgt))]


def test_offsets_are_evidence(doc):
    for layer in (doc.events, doc.quotes, doc.mentions, doc.times, doc.sentences):
        for x in layer:
            assert doc.text[x.start:x.end] == x.text


def test_choe_meets_putin_on_27th_in_russia(doc):
    evs = [e for e in _events(doc, "CONSULT", "PRK", "RUS") if "푸틴" in (e.target.text or "")]
    assert evs, [(e.type, e.source.text, e.target and e.target.text) for e in doc.events]
    e = evs[0]
    assert "최선희" in e.source.text and e.modality == "asserted"
    assert e.date is not None and e.date.value == "2025-10-27"
    assert e.source.role == "foreign minister"


def test_talks_with_lavrov(doc):
    assert any(e.type == "CONSULT" and e.target is not None and "라브로프" in e.target.text for e in doc.events)


def test_trump_kim_meeting_is_intended_not_asserted(doc):
    evs = [e for e in doc.events if e.type == "CONSULT" and e.source.country == "USA" and e.target is not None and e.target.country == "PRK"]
    assert evs
    assert "intended" in {e.modality for e in evs}
    assert not any(e.modality == "asserted" and "용의" in e.text for e in evs)


def test_prk_supports_rus(doc):
    assert _events(doc, "SUPPORT", "PRK", "RUS")


def test_belarus_conference_scheduled(doc):
    evs = [e for e in doc.events if e.modality == "scheduled" and e.date is not None and e.date.value == "2025-10-28"]
    assert evs and evs[0].date.end_value == "2025-10-29"


def test_sanctions_on_russia_as_background(doc):
    srcs = {e.source.country for e in doc.events if e.type == "SANCTION" and e.target is not None and e.target.country == "RUS"}
    assert {"USA", "EU"} <= srcs


@pytest.mark.parametrize("start, speaker, country", [
    ("푸틴 대통령이 크렘린궁에서", "페스코프", "RUS"),
    ("아직 아무것도 정해지지", "트럼프", "USA"),
    ("그가 만나고 싶어 하면", "트럼프", "USA"),
    ("지난 9월 베이징", "최선희", "PRK"),
    ("국가 주권과 영토 안보", "최선희", "PRK"),
    ("지난 3개월 반 사이", "라브로프", "RUS"),
    ("정의로운 세계 질서", "라브로프", "RUS"),
    ("러시아는 그들의 희생을", "라브로프", "RUS"),
    ("양국은 미국과 서방의", "러시아 외무부", "RUS"),
    ("북한이 러시아와의 긴밀한", "외교 전문가", None),
    ("트럼프의 ‘만남 제안’", "외교 전문가", None),
])
def test_every_direct_quote_has_its_speaker(doc, start, speaker, country):
    qs = [q for q in doc.quotes if q.direct and q.text.startswith(start)]
    assert len(qs) == 1, [q.text[:20] for q in doc.quotes]
    q = qs[0]
    assert q.speaker is not None and speaker in q.speaker.text
    assert q.speaker.country == country
    if country is None:
        assert q.speaker.described


def test_scare_quotes_are_not_quotes(doc):
    assert not any(q.text in ("모스크바 카드", "러브콜", "정책 공조", "반미 연대") for q in doc.quotes)
