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
