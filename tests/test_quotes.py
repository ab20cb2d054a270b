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
