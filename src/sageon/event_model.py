"""Deciding each trigger's source and target.

The events stage lists, for every predicate trigger, the actor phrases that could be its source
and its target (plus the quote's speaker, the subject carried from the previous sentence, the
place, and "no target"), each with features saying where it sits: its case particle, side of the
trigger, distance, verb endings in between, whether the hand-written cascade picked it.

:class:`SoftmaxModel` (the bundled one) scores every (source, target) pair and "no event" with
weights over those features, as a softmax per trigger. It keeps the best pair when it is likely
enough, any other pair above a second threshold, and the other members of a coordinated list
(``미국 및 EU의 제재``, ``A, B, C 정상에게 축전``) in the chosen role. A headline's event that the
body does not state needs a higher probability (``title_threshold``). The weights live in
``data/event_model.json``, learned from
annotated articles with ``sageon train-events GOLD_DIR`` (see :mod:`sageon.learn`); the file lists
every feature with its weight, so a reader can see what the model relies on.

:class:`RuleModel` is the hand-written cascade alone (``SAGEON_EVENT_MODEL=rules``): the baseline
the learned model is measured against.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .data_files import DATA
from .errors import DataFileError
from .schema import SYMMETRIC_TYPES

# Types where a source and target in the same country are real (domestic politics); for force and
# posture a same-country target is noise in the rule cascade.
_DOMESTIC_OK = frozenset({"CONSULT", "COOPERATE", "ACCUSE", "REQUEST", "REJECT", "COERCE", "SUPPORT", "AGREE"})

Decision = tuple  # (source Argument, target Argument, confidence, rule text)
_MODEL_IDS = itertools.count()


def _describe(a) -> str:
    if a.kind == "phrase" and a.phrase is not None:
        return f"phrase:{a.phrase.particle or '-'}"
    return a.kind


class RuleModel:
    """The hand-written cascade: nearest subject as source, nearest particle-marked phrase as target."""

    name = "rules"

    def decide(self, trg) -> Iterator[Decision]:
        for src, tgt, rule in trg.rule_pairs:
            if src.part is None:
                continue
            if tgt.part is not None and tgt.part.country == src.part.country and tgt.part.country is not None \
                    and trg.type not in _DOMESTIC_OK:
                tgt = trg.targets[-1]  # "no target"
            if src.part.country is None and (tgt.part is None or tgt.part.country is None):
                continue
            yield src, tgt, 0.5, rule


def null_features(trg) -> list[str]:
    """The features of "this trigger states no event here" (its own weights, prefixed null:)."""
    return ["null:" + f for f in trg.feats]


def _key(s, t) -> tuple:
    return s.part.country, t.part.country if t.part is not None else None


class SoftmaxModel:
    """Per trigger, a softmax over its (source, target) pairs and "no event" (the null features);
    see the module docstring."""

    name = "softmax"

    def __init__(self, weights: dict[str, float], threshold: float = 0.5, extra_threshold: float = 0.7,
                 meta: dict | None = None, occasion_threshold: float | None = None,
                 title_threshold: float | None = None):
        self.weights = weights
        self._uid = next(_MODEL_IDS)  # unique for the process's life, unlike id()
        self.threshold = threshold
        self.extra_threshold = extra_threshold
        # another mention of a relation already found, on another date (see events._other_occasions)
        self.occasion_threshold = occasion_threshold
        # a headline's event the body does not state needs this probability (see events._headline_events)
        self.title_threshold = title_threshold
        self.meta = meta or {}

    @classmethod
    def load(cls, path: str | Path) -> "SoftmaxModel":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            occ, title = data.get("occasion_threshold"), data.get("title_threshold")
            return cls(dict(data["weights"]), float(data["threshold"]), float(data["extra_threshold"]),
                       {k: v for k, v in data.items() if k not in ("weights", "occasion_threshold", "title_threshold")},
                       float(occ) if occ is not None else None, float(title) if title is not None else None)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise DataFileError(f"not a readable event model ({e})", source=str(path)) from None

    def save(self, path: str | Path) -> None:
        data = dict(self.meta)
        data.update(kind=self.name, threshold=self.threshold, extra_threshold=self.extra_threshold,
                    occasion_threshold=self.occasion_threshold, title_threshold=self.title_threshold)
        data["weights"] = dict(sorted(self.weights.items(), key=lambda kv: -abs(kv[1])))
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def _z(self, feats) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in feats)

    def scored_pairs(self, trg) -> list[tuple[float, object, object]]:
        """Every (probability, source, target) of the trigger; scored once per trigger and model (the
        events stage asks twice: to decide, and for other occasions of a relation)."""
        cached = getattr(trg, "scored", None)
        if cached is not None and cached[0] == self._uid:
            return cached[1]
        pairs = self._scored_pairs(trg)
        if hasattr(trg, "scored"):
            trg.scored = (self._uid, pairs)
        return pairs

    def _scored_pairs(self, trg) -> list[tuple[float, object, object]]:
        # a pair's score is its trigger's + its source's + its target's + the pair's own features
        z_trg = self._z(trg.feats)
        z_arg = {id(a): self._z(a.feats) for a in trg.sources + trg.targets}
        pairs = [(z_trg + z_arg[id(s)] + z_arg[id(t)] + self._z(trg.pair_extra(s, t)), s, t) for s, t in trg.pairs()]
        if not pairs:
            return []
        z_null = self._z(null_features(trg))
        zmax = max([z_null] + [z for z, _, _ in pairs])
        tot = math.exp(z_null - zmax) + sum(math.exp(z - zmax) for z, _, _ in pairs)
        return [(math.exp(z - zmax) / tot, s, t) for z, s, t in pairs]

    def decide(self, trg) -> Iterator[Decision]:
        best: dict[tuple, tuple[float, object, object]] = {}
        for p, s, t in self.scored_pairs(trg):
            key = _key(s, t)
            if key not in best or p > best[key][0]:
                best[key] = (p, s, t)
        if not best:
            return
        if trg.type in SYMMETRIC_TYPES:
            # CONSULT and COOPERATE have no direction (gold/README.md): A→B and B→A are one relation, as
            # likely as both directions together, stated by the likelier one
            merged: dict[tuple, tuple[float, object, object]] = {}
            for key, (p, s, t) in sorted(best.items(), key=lambda kv: -kv[1][0]):
                rel = tuple(sorted(key, key=str))
                if rel in merged:  # the likelier direction came first and states the relation
                    q, s1, t1 = merged[rel]
                    merged[rel] = (q + p, s1, t1)
                else:
                    merged[rel] = (p, s, t)
            best = merged
        ranked = sorted(best.values(), key=lambda x: -x[0])
        p0, s0, t0 = ranked[0]
        if p0 < self.threshold:
            return
        yield s0, t0, round(p0, 3), f"src:{_describe(s0)}|tgt:{_describe(t0)}|p={p0:.2f}"
        emitted = {_key(s0, t0)}
        for p, s, t in ranked[1:]:
            if p < self.extra_threshold:
                break
            emitted.add(_key(s, t))
            yield s, t, round(p, 3), f"src:{_describe(s)}|tgt:{_describe(t)}|p={p:.2f}"
        # coordination: the other members of a list share the chosen role (미국 및 EU의 제재,
        # 트럼프 대통령, 시진핑 주석 등에게 인사를 전했다)
        if s0.group is not None and s0.group == t0.group:
            return
        for side, chosen in (("s", s0), ("t", t0)):
            if chosen.group is None:
                continue
            for a in trg.sources if side == "s" else trg.targets:
                if a is chosen or a.group != chosen.group or a.part is None or a.part.country is None:
                    continue
                s, t = (a, t0) if side == "s" else (s0, a)
                if _key(s, t) in emitted or (t.part is not None and t.part.country == s.part.country):
                    continue
                emitted.add(_key(s, t))
                yield s, t, round(p0, 3), f"src:{_describe(s)}|tgt:{_describe(t)}|coordinated|p={p0:.2f}"


MODEL_FILE = DATA / "event_model.json"


@lru_cache(maxsize=1)
def default_model():
    """``SAGEON_EVENT_MODEL``: ``rules`` for the cascade alone, a path for another weights file;
    by default the bundled weights (the cascade when the file is missing)."""
    choice = os.environ.get("SAGEON_EVENT_MODEL", "")
    if choice == "rules":
        return RuleModel()
    path = Path(choice) if choice else MODEL_FILE
    if not path.exists():
        if choice:
            raise DataFileError("event model file not found", source=str(path))
        return RuleModel()
    return SoftmaxModel.load(path)
