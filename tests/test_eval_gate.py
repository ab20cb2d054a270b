"""Quality gate: the dev-gold figures may not fall below the floors pinned in eval/baseline.json."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold" / "dev"


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold/dev not present")
def test_dev_figures_stay_above_floors():
    from sageon.evaluate import evaluate

    floors = json.loads((ROOT / "eval" / "baseline.json").read_text())["floors"]
    d = evaluate(GOLD).as_dict()
    below = []
    for key, floor in floors.items():
        cur = d
        for part in key.split("."):
            cur = cur[part]
        if cur + 1e-9 < floor:
            below.append(f"{key}: {cur:.4f} < {floor}")
    assert not below, below


def test_scorer_on_a_hand_made_case():
    from sageon.evaluate import Scores, score_article

    gold = {"events": [
        {"source": "PRK", "type": "CONSULT", "target": "RUS", "modality": "asserted", "date": "2025-10-27"},
        {"source": "USA", "type": "SANCTION", "target": "RUS", "modality": "asserted", "date": None}],
        "quotes": [{"speaker": "드미트리 페스코프", "speaker_country": "RUS", "text": "푸틴 대통령이 접견할 예정", "direct": True}]}
    system = {"events": [
        # CONSULT is undirected: RUS→PRK matches PRK→RUS
        {"source": {"country": "RUS"}, "type": "CONSULT", "target": {"country": "PRK"}, "modality": "asserted", "date": {"value": "2025-10-27"}},
        {"source": {"country": "USA"}, "type": "ACCUSE", "target": {"country": "RUS"}, "modality": "asserted", "date": None}],
        "quotes": [{"text": "“푸틴 대통령이 접견할 예정”", "speaker": {"text": "페스코프", "country": "RUS"}}]}
    s = Scores()
    score_article(gold, system, s)
    assert (s.loose.tp, s.loose.fp, s.loose.fn) == (1, 1, 1)
    assert s.quotes.tp == 1 and s.speaker_accuracy == 1.0 and s.date_accuracy == 1.0


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold/dev not present")
def test_cross_validated_event_figure_stays_above_floor():
    """The dev event figures are in-sample (the model is trained on dev); this one is not."""
    from sageon import learn
    from sageon.event_model import default_model

    floors = json.loads((ROOT / "eval" / "baseline.json").read_text())["cv_floors"]
    m = default_model()
    items = learn.prepare(GOLD)
    silver = learn.prepare(learn.load_silver(ROOT / "train" / "silver" / "events.jsonl")) if m.meta.get("silver") else []
    (_, _, cv), _ = learn.cross_validate(items, extra=silver, seeds=(13,), thresholds=(m.threshold,),
                                         extras=(m.extra_threshold,), l2=m.meta.get("l2", 1.0))
    assert cv.loose.f1 + 1e-9 >= floors["events_loose.f1"], cv.loose.f1
