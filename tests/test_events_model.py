"""The events stage's decision: candidate arguments per trigger, the learned model, the rule baseline,
the user predicates file, and dates of events with no time expression."""

import json

import pytest

import sageon
from sageon import event_model, events
from sageon.errors import DataFileError
from sageon.pipeline import Pipeline, _stages


def _prepared(text, published="2025-12-29"):
    pre = Pipeline([st for st in _stages() if st.name != "sageon.events.v1"])
    return pre(text, published=published)


def test_candidates_list_every_actor_phrase_and_no_target():
    doc = _prepared("제목\n트럼프 대통령은 이스라엘 대통령에게 네타냐후 총리의 사면을 재차 촉구했다.")
    trg = next(t for t in events.triggers(doc) if t.type == "REQUEST")
    assert {a.part.country for a in trg.sources} >= {"USA", "ISR"}
    assert any(a.kind == "none" for a in trg.targets)
    # the rule cascade's pick is recorded as a feature, the model weighs it
    assert trg.rule_pairs and trg.rule_pairs[0][0].part.country == "USA"
    feats = trg.pair_features(trg.rule_pairs[0][0], trg.rule_pairs[0][1])
    assert "pair.rule" in feats and any(f.startswith("frame=") for f in feats)


def test_bundled_model_decides_the_dative_target():
    doc = sageon.extract("제목\n트럼프 대통령은 이스라엘 대통령에게 네타냐후 총리의 사면을 재차 촉구했다.", published="2025-12-29")
    req = [e for e in doc.events if e.type == "REQUEST"]
    assert req and req[0].source.country == "USA" and req[0].target.country == "ISR"
    assert "p=" in req[0].rule and 0 < req[0].confidence <= 1


def test_rule_model_is_the_baseline(monkeypatch):
    doc = _prepared("제목\n북한은 27일 동해상으로 탄도미사일을 발사했다.")
    evs = events.find_events(doc, model=event_model.RuleModel()).events
    assert [(e.source.country, e.type) for e in evs] == [("PRK", "MOBILIZE")]


def test_model_file_errors_name_the_file(tmp_path, monkeypatch):
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError) as e:
        event_model.SoftmaxModel.load(bad)
    assert "model.json" in str(e.value)
    monkeypatch.setenv("SAGEON_EVENT_MODEL", str(tmp_path / "missing.json"))
    event_model.default_model.cache_clear()
    try:
        with pytest.raises(DataFileError):
            event_model.default_model()
    finally:
        monkeypatch.delenv("SAGEON_EVENT_MODEL")
        event_model.default_model.cache_clear()


def test_softmax_model_round_trips(tmp_path):
    m = event_model.SoftmaxModel({"bias": 0.5, "null:bias": -1.0}, 0.3, 0.8, meta={"kind": "softmax"},
                                 title_threshold=0.5)
    m.save(tmp_path / "m.json")
    back = event_model.SoftmaxModel.load(tmp_path / "m.json")
    assert isinstance(back, event_model.SoftmaxModel) and back.threshold == 0.3
    assert back.title_threshold == 0.5 and "title_threshold" not in back.meta
    assert json.loads((tmp_path / "m.json").read_text())["weights"]["null:bias"] == -1.0


def test_user_predicates_add_a_trigger(tmp_path, monkeypatch):
    f = tmp_path / "mine.tsv"
    f.write_text("# my triggers\ntrigger\ttype\trequires\tunless\tmode\n으름장을 놓\tTHREATEN\n", encoding="utf-8")
    monkeypatch.setenv("SAGEON_USER_PREDICATES", str(f))
    rx, by = events.predicates()
    assert by["으름장을 놓"][1] == "THREATEN"
    f.write_text("trigger\ttype\n노려보\tGLARE\n", encoding="utf-8")
    events._predicates.cache_clear()
    with pytest.raises(DataFileError) as e:
        events.predicates()
    assert "mine.tsv:2" in str(e.value) and "GLARE" in str(e.value)
    events._predicates.cache_clear()


def test_asserted_event_without_a_time_takes_the_publication_date():
    doc = sageon.extract("제목\n북한이 동해상으로 탄도미사일을 발사했다.", published="2026-01-04")
    ev = [e for e in doc.events if e.type == "MOBILIZE"][0]
    assert ev.date.value == "2026-01-04" and ev.date.source == "published"


def test_last_week_is_a_day_range():
    doc = sageon.extract("제목\n러시아 외무부는 지난주 베네수엘라 외무장관과의 통화에서 지지를 재확인했다.", published="2026-01-02")
    ev = [e for e in doc.events if e.date is not None and e.date.precision == "week"]
    assert ev and ev[0].date.value == "2025-12-22" and ev[0].date.end_value == "2025-12-28"


# --- modality and dates of clause chains (real sentence shapes from Korean news) -------------------

def _events(text, published):
    return [(e.type, e.source.country, e.target.country if e.target else None, e.modality,
             e.date.value if e.date else None) for e in sageon.extract("제목\n" + text, published=published).events]


def test_a_bare_connective_takes_the_mood_of_the_clause_it_joins():
    # 회담을 갖고 … 논의할 예정이다: the meeting is as scheduled as the talks
    evs = _events("젤렌스키 대통령은 28일 미국 플로리다에서 트럼프 대통령과 회담을 갖고 종전안을 논의할 예정이다.", "2025-12-27")
    assert ("CONSULT", "UKR", "USA", "scheduled", "2025-12-28") in evs


def test_a_progressive_or_a_past_clause_keeps_its_own_mood():
    # 요구하고 있다 is one predicate (고 + auxiliary 있다), not a chain
    assert _events("러시아는 우크라이나에 돈바스 전체 지역에서 철군할 것을 요구하고 있다.", "2025-12-27")[0][3] == "asserted"
    # 만났고: the past tense closes the clause
    assert ("CONSULT", "USA", "ISR", "asserted", "2025-12-29") in _events(
        "트럼프 대통령은 29일 네타냐후 총리를 만났고 이란 문제를 논의했다.", "2025-12-30")


def test_while_is_not_if():
    # 침공하면서 ("while invading") is not a condition (하면)
    evs = _events("2022년 2월 러시아가 우크라이나를 침공하면서 시작된 전쟁은 이어졌다.", "2025-12-29")
    assert ("ASSAULT", "RUS", "UKR", "asserted", "2022-02") in evs


def test_a_date_in_a_later_clause_dates_only_its_own_clause():
    from sageon import timex

    doc = _prepared("제목\n미국은 시리아를 공습했고, 2022년 2월 러시아가 우크라이나를 침공했다.", "2025-12-29")
    trgs = {t.trigger: t for t in events.triggers(doc)}
    assert trgs["침공"].date.value == "2022-02"
    assert trgs["공습"].date is None or trgs["공습"].date.value != "2022-02"
    assert timex  # the time expression itself is found once, in the second clause


def test_an_asserted_event_on_a_stated_future_day_is_scheduled():
    evs = _events("이재명 대통령은 오는 5일 베이징에서 시진핑 국가주석과 정상회담을 한다.", "2026-01-02")
    assert any(t == "CONSULT" and m == "scheduled" and d == "2026-01-05" for t, _, _, m, d in evs)


# --- training labels and silver articles ---------------------------------------------------------

def test_pairs_are_labelled_by_the_sentence_that_states_the_event():
    from sageon import learn
    from sageon.evaluate import GoldArticle

    body = "북한은 27일 러시아와 회담했다. 북한은 28일 러시아와 다시 회담할 예정이다."
    gold = {"events": [{"source": "PRK", "type": "CONSULT", "target": "RUS", "modality": "asserted",
                        "evidence": "북한은 27일 러시아와 회담했다"}]}
    items = learn.prepare([GoldArticle("t", {"title": "제목", "body": body, "published": "2025-12-29"}, gold)])
    groups = learn.trigger_groups(items)
    # two CONSULT triggers; only the first sentence's is labelled right
    assert [any(right) for _, _, right in groups] == [True, False]


def test_load_silver_joins_offsets_with_the_corpus_text(tmp_path):
    import gzip
    import hashlib

    from sageon import learn
    from sageon.errors import InputError

    text = "제목\n북한은 27일 러시아와 회담했다."
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "a1", "title": "제목", "body": "북한은 27일 러시아와 회담했다."}, ensure_ascii=False) + "\n")
    line = {"id": "a1", "corpus": "c.jsonl.gz", "published": "2025-12-29",
            "sha1": hashlib.sha1(text.encode()).hexdigest(),
            "events": [{"source": "PRK", "type": "CONSULT", "target": "RUS", "modality": "asserted", "evidence_span": [3, 21]}]}
    ann = tmp_path / "events.jsonl"
    ann.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    [ga] = learn.load_silver(ann, tmp_path)
    assert ga.gold["events"][0]["evidence"] == "북한은 27일 러시아와 회담했다." and ga.article["title"] == "제목"
    line["sha1"] = "0" * 40
    ann.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        learn.load_silver(ann, tmp_path)
    assert "a1" in str(e.value) and "events.jsonl" in str(e.value)
    with pytest.raises(InputError):
        learn.load_silver(tmp_path / "missing.jsonl", tmp_path)


def test_a_named_war_length_is_not_a_date_and_background_days_do_not_carry():
    from datetime import date

    from sageon.timex import find_times

    assert [t.kind for t in find_times("‘12일 분쟁’ 당시 미국은 이란 핵 시설을 공격했다.", date(2025, 12, 30))] == ["duration"]
    # 지난해 11월 7일 dates its own sentence; the next, undated one is today's news
    doc = _prepared("제목\n북한은 지난해 11월 7일 미사일을 발사했다. 이스라엘은 가자지구를 공습했다.", "2025-12-30")
    dates = {t.trigger: t.date.value for t in events.triggers(doc) if t.date}
    assert dates["발사"] == "2024-11-07" and dates["공습"] == "2025-12-30"


def test_a_deadline_does_not_date_a_past_promise():
    evs = _events("지난 10월 미중 정상회담에서 중국은 올해 말까지 미국산 대두 1200만t 구매를 약속했다.", "2025-12-28")
    assert all(d != "2025-12" for t, _, _, _, d in evs if t == "AGREE")


def test_other_occasions_of_a_stated_relation_keep_their_own_dates():
    doc = sageon.extract("中, 대만 포위 훈련 재개\n중국은 29일 대만을 포위하는 대규모 군사 훈련을 시작했다. "
                         "중국은 지난해 5월과 10월에도 대만 포위 훈련을 벌였다.", published="2025-12-29")
    dates = {e.date.value for e in doc.events if e.type == "MOBILIZE" and e.source.country == "CHN"}
    assert "2025-12-29" in dates and "2024-05" in dates


def test_as_soon_as_is_not_a_proposal():
    # 규정하자 ("as … declared") states a past act; 만나자고 ("let's meet") proposes one
    evs = _events("지난 4월 라이 총통이 중국을 적대 세력으로 규정하자 중국은 대만 주변에서 군사 훈련을 실시했다.", "2025-12-29")
    assert ("MOBILIZE", "CHN", "TWN", "asserted", "2025-04") in evs and all(e[3] == "asserted" for e in evs)
    assert ("CONSULT", "USA", "PRK", "intended") in [e[:4] for e in _events("트럼프 대통령은 김정은 위원장에게 다시 만나자고 제안했다.", "2025-12-29")]


def test_an_undirected_relation_pools_both_directions():
    from sageon.event_model import SoftmaxModel
    from sageon.events import Argument, Trigger
    from sageon.schema import Participant

    a = Argument(Participant("북한", "PRK"), None, "phrase", ["a"])
    b = Argument(Participant("벨라루스", "BLR"), None, "phrase", ["b"])
    none = Argument(None, None, "none", ["n"])

    def trig(etype):
        t = Trigger(0, 0, 2, etype, "참석", "참석", None, None, None, "scheduled", None, None, False, [a, b], [a, b, none])
        t.feats = ["bias"]
        return t

    # PRK→BLR and BLR→PRK have p 0.47 each: below the threshold alone, above it together
    m = SoftmaxModel({"a": 1.0, "b": 1.0, "n": -5.0}, threshold=0.6, extra_threshold=1.01)
    assert [(s.part.country, t.part.country) for s, t, _, _ in m.decide(trig("CONSULT"))] in ([("PRK", "BLR")], [("BLR", "PRK")])
    assert list(m.decide(trig("ACCUSE"))) == []


def test_no_trigger_inside_a_proper_name_or_a_noun_and_particle():
    import sageon
    from sageon.events import triggers

    doc = sageon.extract("제목\n김정은은 금수산을 참배했다. 5개 항의 공보문을 냈다. 중국은 일본에 항의했다.", published="2025-12-31")
    assert [(t.trigger, t.sentence) for t in triggers(doc)] == [("항의", 3)]


def test_the_head_noun_of_a_relative_clause_holding_the_trigger_is_marked():
    import sageon
    from sageon.events import triggers

    doc = sageon.extract("제목\n러시아는 쿠르스크에 군을 파병한 북한에 고마움을 표시했다.", published="2025-12-31")
    send = next(t for t in triggers(doc) if t.trigger == "파병")
    marked = {a.part.country for a in send.sources if "s.relhead" in a.feats}
    assert marked == {"PRK"}


def test_a_trigger_noun_before_another_modifies_it():
    import sageon
    from sageon.events import triggers

    doc = sageon.extract("제목\n중국의 대만 공격 위협은 커지고 있다.", published="2025-12-31")
    by = {t.trigger: t for t in triggers(doc)}
    assert "modtrig|ASSAULT>THREATEN" in by["공격"].feats and "headtrig|ASSAULT>THREATEN" in by["위협"].feats


def test_a_relation_the_article_returns_to_is_marked_on_its_pairs():
    import sageon
    from sageon.events import triggers

    doc = sageon.extract("북한, 러시아와 회담\n북한은 러시아와 회담했다. 북한 외무상은 러시아 외무장관과 다시 회담했다.",
                         published="2025-12-31")
    body = [t for t in triggers(doc) if not t.is_title and t.type == "CONSULT"]
    feats = [f for t in body for s, g in t.pairs() if {s.part.country, g.part and g.part.country} == {"PRK", "RUS"}
             for f in t.pair_extra(s, g)]
    assert "pair.in_title" in feats and "pair.support=2" in feats



def test_a_headline_event_the_body_does_not_state_needs_to_be_likely():
    from sageon.events import _headline_events
    from sageon.schema import Document, Event, Participant

    doc = Document("북러 밀착…최선희, 푸틴 면담\n본문.", title="북러 밀착…최선희, 푸틴 면담")

    def ev(start, etype, s, t, p):
        return Event(start, start + 2, "", 0, etype, "asserted", Participant(s, s), Participant(t, t), confidence=p)

    met, backed, unsure, sure = ev(20, "CONSULT", "RUS", "PRK", 0.6), ev(0, "CONSULT", "PRK", "RUS", 0.2), \
        ev(3, "SUPPORT", "PRK", "RUS", 0.2), ev(5, "AID", "PRK", "RUS", 0.8)
    # CONSULT is undirected: the body's RUS-PRK meeting backs the headline's PRK-RUS one
    assert _headline_events(doc, [met, backed, unsure, sure], 0.5) == [met, backed, sure]
    assert _headline_events(doc, [met, unsure], None) == [met, unsure]
