"""Cross-validated event figures on dev, fast enough to try a change to the event features.

    .venv/bin/python scripts/cv_events.py [--reprep] [--l2 2] [--th 0.1,0.12,0.15] [--ex 0.5,0.7]

The expensive part (every stage before events, on 55 dev and 852 silver articles, ~4 min) is cached
in $TMPDIR/sageon_cv_prep.pkl; --reprep rebuilds it (needed after a change to any stage before
events, or to how triggers and candidates are listed). Feature changes made in Trigger.pair_features
and friends need no rebuild when they are computed lazily from the cached triggers; when in doubt,
rebuild. Prints the best (threshold, extra) by loose F1 pooled over 5 folds x 3 seeds, as
`sageon train-events` does, without writing a model.
"""
import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.setrecursionlimit(100000)
ROOT = Path(__file__).resolve().parents[1]
ap = argparse.ArgumentParser()
ap.add_argument("--reprep", action="store_true")
ap.add_argument("--l2", type=float, default=2.0)
ap.add_argument("--th", default="0.08,0.1,0.12,0.15,0.2")
ap.add_argument("--ex", default="0.5,0.7,1.01")
ap.add_argument("--seeds", default="13,7,99")
args = ap.parse_args()

from sageon import learn  # noqa: E402

cache = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "sageon_cv_prep.pkl"
t0 = time.time()
if cache.exists() and not args.reprep:
    items, extra = pickle.loads(cache.read_bytes())
else:
    items = learn.prepare(ROOT.parent / "shared" / "gold" / "dev")
    extra = learn.prepare(learn.load_silver(ROOT / "train" / "silver" / "events.jsonl"))
    cache.write_bytes(pickle.dumps((items, extra)))
print(f"prepared {len(items)} gold + {len(extra)} silver in {time.time() - t0:.0f}s", flush=True)
t0 = time.time()
(th, ex, cv), table = learn.cross_validate(
    items, extra=extra, l2=args.l2, seeds=tuple(int(s) for s in args.seeds.split(",")),
    thresholds=tuple(float(x) for x in args.th.split(",")), extras=tuple(float(x) for x in args.ex.split(",")))
for t, e, sc in sorted(table, key=lambda r: -r[2].loose.f1)[:5]:
    print(f"th={t} ex={e} loose P={sc.loose.precision:.3f} R={sc.loose.recall:.3f} F1={sc.loose.f1:.4f} "
          f"strict={sc.strict.f1:.3f} date={sc.date_accuracy:.3f}")
print(f"cv in {time.time() - t0:.0f}s")
