"""Learning the event model's weights from annotated articles (gold/README.md format).

Every trigger's (source, target) candidate pairs are labelled by the article's gold tuples: a pair
is positive when (source country, type, target country) is one of the article's gold events,
which is exactly what the evaluation rewards. A logistic regression (scikit-learn, L2) fits the
weights; the two thresholds are chosen by cross-validation over whole articles, so the figure
reported for them is measured on articles the weights were not fitted on.

    sageon train-events ../shared/gold/dev            # cross-validate, then fit on all and write the model
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .evaluate import Scores, _tuple, contract_record, load_gold, score_article


@dataclass
class Prepared:
    """One gold article, run through every stage before events (cached for repeated decisions)."""

    gid: str
    gold: dict
    doc: object
    triggers: list


def prepare(gold_dir: str | Path, progress: Callable[[int, int], None] | None = None) -> list[Prepared]:
    from .events import triggers
    from .pipeline import Pipeline, _stages
    from .read import read_record

    pre = Pipeline([st for st in _stages() if st.name != "sageon.events.v1"])
    items = load_gold(gold_dir)
    out = []
    for i, ga in enumerate(items):
        a = ga.article
        doc = pre(read_record({"id": ga.gid, "title": a.get("title"), "body": a.get("body"),
                               "published": a.get("published")}, source=ga.gid))
        out.append(Prepared(ga.gid, ga.gold, doc, triggers(doc)))
        if progress:
            progress(i + 1, len(items))
    return out


def _gold_tuples(gold: dict) -> set:
    return {_tuple(e["source"], e["type"], e.get("target")) for e in gold.get("events", [])}


def _gold_by_sentence(it: Prepared, window: int) -> dict[int, set]:
    """Gold tuples by the sentences their evidence overlaps, widened by ``window`` sentences."""
    out: dict[int, set] = {}
    text = it.doc.text
    for e in it.gold.get("events", []):
        i = text.find(e["evidence"])
        if i < 0:
            continue
        j = i + len(e["evidence"])
        for si, s in enumerate(it.doc.sentences):
            if s.start < j and i < s.end:
                for k in range(si - window, si + window + 1):
                    out.setdefault(k, set()).add(_tuple(e["source"], e["type"], e.get("target")))
    return out


def examples(items: list[Prepared], window: int | None = None):
    """(features, label, group) for every candidate pair. A pair is positive when its tuple is one
    of the article's gold tuples (``window`` None) or of the gold events stated within ``window``
    sentences of the trigger."""
    from .event_model import _same_actor

    X, y, groups = [], [], []
    for gi, it in enumerate(items):
        article_gold = _gold_tuples(it.gold)
        by_sent = _gold_by_sentence(it, window) if window is not None else None
        for trg in it.triggers:
            gold = article_gold if by_sent is None else by_sent.get(trg.sentence, set())
            for s in trg.sources:
                if s.part is None or s.part.country is None:
                    continue
                for t in trg.targets:
                    if _same_actor(s, t):
                        continue
                    key = _tuple(s.part.country, trg.type, t.part.country if t.part is not None else None)
                    X.append(trg.pair_features(s, t))
                    y.append(1 if key in gold else 0)
                    groups.append(gi)
    return X, y, groups


def fit(X: list[list[str]], y: list[int], C: float = 0.3) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in fs} for fs in X])
    # "bias" is a feature of every pair, so the intercept is learned (and regularised) as its weight
    lr = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
    lr.fit(M, y)
    return {f: round(float(w), 4) for f, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if abs(w) >= 1e-4}


def score(items: list[Prepared], model) -> Scores:
    """The evaluation's figures when ``model`` decides every trigger of the prepared articles."""
    from .events import find_events

    scores = Scores()
    for it in items:
        find_events(it.doc, model=model)
        score_article(it.gold, contract_record(it.doc), scores)
    return scores


def cross_validate(items: list[Prepared], *, folds: int = 5, C: float = 0.3, seed: int = 13, window: int | None = None,
                   thresholds=(0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6), extras=(0.5, 0.6, 0.7, 0.8, 1.01)):
    """Article-level k-fold: fit on k-1 folds, decide the held-out fold. Returns the best
    (threshold, extra_threshold) by held-out loose F1 and a table of all settings."""
    from .event_model import LinearModel

    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    fold_of = {i: k % folds for k, i in enumerate(order)}
    weights = []
    for k in range(folds):
        train = [items[i] for i in range(len(items)) if fold_of[i] != k]
        X, y, _ = examples(train, window)
        weights.append(fit(X, y, C))
    table = []
    for th in thresholds:
        for ex in extras:
            if ex < th:
                continue
            total = Scores()
            for k in range(folds):
                held = [items[i] for i in range(len(items)) if fold_of[i] == k]
                s = score(held, LinearModel(weights[k], th, ex))
                for part in ("loose", "strict", "international"):
                    a, b = getattr(total, part), getattr(s, part)
                    a.tp += b.tp
                    a.fp += b.fp
                    a.fn += b.fn
                total.date_right += s.date_right
                total.date_total += s.date_total
            table.append((th, ex, total))
    best = max(table, key=lambda r: r[2].loose.f1)
    return best, table


def train(gold_dir: str | Path, out: str | Path | None = None, *, folds: int = 5, C: float = 0.3,
          progress=None):
    """Cross-validate, then fit on all the gold articles and write the weights file."""
    import datetime as dt

    from .event_model import MODEL_FILE, LinearModel

    items = prepare(gold_dir, progress)
    (th, ex, cv), table = cross_validate(items, folds=folds, C=C)
    X, y, _ = examples(items)
    w = fit(X, y, C)
    model = LinearModel(w, th, ex, meta={
        "about": "sageon event model: logistic weights over (source, target) pair features; see event_model.py",
        "trained_on": str(gold_dir), "articles": len(items), "pairs": len(X), "positives": sum(y),
        "C": C, "folds": folds, "trained": dt.date.today().isoformat(),
        "cv_events_loose": {"p": round(cv.loose.precision, 3), "r": round(cv.loose.recall, 3),
                            "f1": round(cv.loose.f1, 3)},
    })
    model.save(out or MODEL_FILE)
    return model, cv, table
