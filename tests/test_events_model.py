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
    m = event_model.SoftmaxModel({"bias": 0.5, "null:bias": -1.0}, 0.3, 0.8, meta={"kind": "softmax"})
    m.save(tmp_path / "m.json")
    back = event_model.SoftmaxModel.load(tmp_path / "m.json")
    assert isinstance(back, event_model.SoftmaxModel) and back.threshold == 0.3
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
