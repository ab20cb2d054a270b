"""Quote stage on real-style sentences: indirect speech verbs and their speakers."""

import pytest

import sageon


@pytest.mark.parametrize("sentence, said, speaker", [
    ("트럼프 대통령은 기자들에게 협상이 잘 진행되고 있다고 했다.", "협상이 잘 진행되고 있다", "트럼프"),
    ("마이니치신문은 중국이 한미일 협력을 약화하려 한다고 해설했다.", "중국이 한미일 협력을 약화하려 한다", "마이니치신문"),
    ("젤렌스키 대통령은 돈바스를 러시아에 넘길 수는 없다고 못 박았다.", "돈바스를 러시아에 넘길 수는 없다", "젤렌스키"),
    ("우크라이나는 러시아군 철수가 먼저라고 주장한다.", "러시아군 철수가 먼저", "우크라이나"),
])
def test_indirect_speech_verbs(sentence, said, speaker):
    doc = sageon.extract("제목\n" + sentence, published="2025-12-29")
    qs = [q for q in doc.quotes if not q.direct]
    assert qs, sentence
    assert said in doc.text[qs[0].start:qs[0].end]
    assert qs[0].speaker is not None and speaker in qs[0].speaker.text


def test_a_plan_is_not_speech():
    # 하기로 했다 (decided to) has no 다고/라고 before 했다
    doc = sageon.extract("제목\n정부는 태스크포스를 확대 운영하기로 했다.", published="2025-12-29")
    assert not doc.quotes


def test_the_answer_is_not_the_askers():
    # 모아옝 is in no knowledge base; as the topic before the quote it still speaks, not the previous speaker
    doc = sageon.extract('제목\n윤 대통령은 모아옝 용사에게 "기억나는 것이 있나"라고 물었다. '
                         '모아옝 용사는 "정확히 기억나지는 않지만 조금 남아있다"며 "많은 것들이 생각난다"고 답했다.',
                         published="2023-07-28")
    assert [q.speaker.text for q in doc.quotes] == ["윤 대통령", "모아옝", "모아옝"]


def test_an_outlet_reporting_a_named_persons_words_is_the_medium():
    doc = sageon.extract("제목\n아사히신문은 시진핑 주석이 회담에서 이 대통령에게 “역사의 올바른 편에 서야 한다”며 압박했다고 보도했다. "
                         "가디언은 \"푸틴이 동의해야 한다\"고 지적했다.", published="2026-01-06")
    direct = [q for q in doc.quotes if q.direct]
    assert [(q.speaker.text, q.medium.text if q.medium else None) for q in direct] == [("시진핑", "아사히신문"), ("가디언", None)]


def test_short_form_right_after_a_glued_sentence_end():
    doc = sageon.extract('제목\n김정은 총비서는 28일 공장을 찾았다. 결속을 부각한 셈이다.김 총비서는 "종이공장을 더 건설하라"고 말했다.',
                         published="2025-12-30")
    assert doc.quotes[-1].speaker.text == "김정은" and doc.quotes[-1].speaker.country == "PRK"


def test_tv_caption_name_speaks_and_its_title_gives_the_country():
    doc = sageon.extract("제목\n[스이 / 중국군 동부전구 대변인 : 이번 훈련은 대만 독립 세력에 대한 엄중한 경고입니다.]\n"
                         "[궈야후이 / 대만 총통부 대변인 : 중국의 도발을 규탄합니다.]", published="2025-12-29")
    assert [(q.speaker.text, q.speaker.country) for q in doc.quotes] == [("스이", "CHN"), ("궈야후이", "TWN")]


def test_our_country_in_a_foreign_speakers_words_is_the_speakers_country():
    doc = sageon.extract("제목\n린자룽 대만 외교부장은 \"우리나라는 굴복하지 않을 것\"이라고 말했다.\n"
                         "우리나라 정부는 이날 회의를 열었다.", published="2025-12-30")
    ours = {(m.start < doc.quotes[0].end, m.actor.country) for m in doc.mentions if m.text.startswith("우리나라")}
    assert ours == {(True, "TWN"), (False, "KOR")}
