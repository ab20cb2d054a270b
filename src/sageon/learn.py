"""Learning the event model's weights from annotated articles (gold/README.md format).

Every trigger's (source, target) candidate pairs are labelled by the article's gold tuples: a pair
is positive when (source country, type, target country) is one of the article's gold events,
which is exactly what the evaluation rewards. Per trigger, a softmax over its pairs and "no event"
is fitted (L-BFGS from SciPy, L2 penalty) to put its mass on the right pairs; the thresholds are
chosen by cross-validation over whole articles, so the figure reported for them is measured on
articles the weights were not fitted on.

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


def score(items: list[Prepared], model) -> Scores:
    """The evaluation's figures when ``model`` decides every trigger of the prepared articles."""
    from .events import find_events

    scores = Scores()
    for it in items:
        find_events(it.doc, model=model)
        score_article(it.gold, contract_record(it.doc), scores)
    return scores


def _folds(n: int, folds: int, seed: int) -> dict[int, int]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return {i: k % folds for k, i in enumerate(order)}


def cross_validate(items: list[Prepared], *, folds: int = 5, l2: float = 1.0, seeds=(13, 7, 99),
                   thresholds=(0.15, 0.2, 0.25, 0.3, 0.35, 0.4), extras=(0.5, 0.7, 1.01)):
    """Article-level k-fold, repeated over ``seeds``: fit on k-1 folds, decide the held-out fold.
    Returns the best (threshold, extra_threshold) by mean held-out loose F1, its pooled scores, and
    a table of every setting: [(threshold, extra, Scores pooled over seeds)]."""
    from .event_model import SoftmaxModel

    pooled: dict[tuple, Scores] = {}
    for seed in seeds:
        fold_of = _folds(len(items), folds, seed)
        weights = [fit_softmax(trigger_groups([it for i, it in enumerate(items) if fold_of[i] != k]), l2)
                   for k in range(folds)]
        for th in thresholds:
            for ex in extras:
                if ex < th:
                    continue
                total = pooled.setdefault((th, ex), Scores())
                for k in range(folds):
                    held = [it for i, it in enumerate(items) if fold_of[i] == k]
                    s = score(held, SoftmaxModel(weights[k], th, ex))
                    for part in ("loose", "strict", "international"):
                        a, b = getattr(total, part), getattr(s, part)
                        a.tp += b.tp
                        a.fp += b.fp
                        a.fn += b.fn
                    total.date_right += s.date_right
                    total.date_total += s.date_total
                    total.speaker_right += s.speaker_right
                    total.speaker_total += s.speaker_total
    table = [(th, ex, sc) for (th, ex), sc in pooled.items()]
    best = max(table, key=lambda r: r[2].loose.f1)
    return best, table


def train(gold_dir: str | Path, out: str | Path | None = None, *, folds: int = 5, l2: float = 1.0,
          progress=None):
    """Cross-validate, then fit on all the gold articles and write the weights file."""
    import datetime as dt

    from .event_model import MODEL_FILE, SoftmaxModel

    items = prepare(gold_dir, progress)
    (th, ex, cv), table = cross_validate(items, folds=folds, l2=l2)
    groups = trigger_groups(items)
    w = fit_softmax(groups, l2)
    model = SoftmaxModel(w, th, ex, meta={
        "about": ("sageon event model: per trigger, a softmax over its (source, target) pairs and "
                  "'no event'; weights by feature, see event_model.py and learn.py"),
        "kind": "softmax", "trained_on": str(gold_dir), "articles": len(items), "triggers": len(groups),
        "l2": l2, "folds": folds, "trained": dt.date.today().isoformat(),
        "cv_events_loose": {"p": round(cv.loose.precision, 3), "r": round(cv.loose.recall, 3),
                            "f1": round(cv.loose.f1, 3)},
        "cv_events_strict_f1": round(cv.strict.f1, 3),
        "cv_date_accuracy": round(cv.date_accuracy, 3),
    })
    model.save(out or MODEL_FILE)
    return model, cv, table


# --- a conditional (per-trigger softmax) model ----------------------------------------------------

def trigger_groups(items: list[Prepared]):
    """Per trigger: the candidate pairs' features, the trigger's "no event" features, and which
    pairs are right (their tuple is one of the article's gold tuples)."""
    from .event_model import null_features

    groups = []
    for it in items:
        gold = _gold_tuples(it.gold)
        for trg in it.triggers:
            feats, right = [], []
            for s, t in trg.pairs():
                feats.append(trg.pair_features(s, t))
                right.append(_tuple(s.part.country, trg.type, t.part.country if t.part is not None else None) in gold)
            if feats:
                groups.append((feats, null_features(trg), right))
    return groups


def fit_softmax(groups, l2: float = 1.0) -> dict[str, float]:
    """Maximise, per trigger, the log of the probability mass on its right pairs (or on "no event"
    when none is right), softmax over pairs and "no event", with an L2 penalty."""
    try:
        import numpy as np
        from scipy.optimize import minimize
        from scipy.sparse import csr_matrix
    except ImportError:
        from .errors import SageonError

        raise SageonError("training needs SciPy: pip install 'sageon[train]'") from None

    index: dict[str, int] = {}
    rows, cols = [], []
    seg = [0]  # candidate rows of each trigger: pairs then the null row
    gold_rows = []
    r = 0
    for feats, null, right in groups:
        for fs, ok in zip(feats, right):
            for f in fs:
                rows.append(r)
                cols.append(index.setdefault(f, len(index)))
            gold_rows.append(ok)
            r += 1
        for f in null:
            rows.append(r)
            cols.append(index.setdefault(f, len(index)))
        gold_rows.append(not any(right))
        r += 1
        seg.append(r)
    M = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(r, len(index)))
    G = np.array(gold_rows, dtype=bool)
    seg = np.array(seg)
    trig_of = np.repeat(np.arange(len(seg) - 1), np.diff(seg))

    def loss(w):
        z = M @ w
        zmax = np.maximum.reduceat(z, seg[:-1])[trig_of]
        e = np.exp(z - zmax)
        tot = np.add.reduceat(e, seg[:-1])
        good = np.add.reduceat(np.where(G, e, 0.0), seg[:-1])
        L = -np.sum(np.log(good + 1e-300) - np.log(tot)) + l2 * w @ w
        p = e / tot[trig_of]
        q = np.where(G, e, 0.0) / good[trig_of]
        grad = M.T @ (p - q) + 2 * l2 * w
        return L, grad

    res = minimize(loss, np.zeros(len(index)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    names = sorted(index, key=index.get)
    return {f: round(float(w), 4) for f, w in zip(names, res.x) if abs(w) >= 1e-4}
