"""Coverage of `sageon kb mine` person candidates by the KB.

Takes the N most frequent PERSON candidates the miner finds (the miner already drops junk and
candidates that are organisations/countries) and counts how many resolve with kb.lookup:
- candidate with an implied country (a country word in the pattern, e.g. 러시아 외무장관 X):
  hit if a looked-up person has that country (entry country or current office's country);
- candidate without an implied country (pattern "X 대변인"): hit if kb.lookup finds a person
  (country cannot be checked from the text); reported separately.

    .venv/bin/python scripts/check_mine_coverage.py /work/shared/corpora/naver_2025-12_2026-01.jsonl.gz --top 300
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sageon.cli_kb import mine
from sageon.kb import default_kb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--top", type=int, default=300)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--misses", action="store_true", help="print the misses")
    a = ap.parse_args()
    kb = default_kb()
    rows = mine(a.corpus, kb, limit=a.limit)[: a.top]
    with_c = [r for r in rows if r[2]]
    no_c = [r for r in rows if not r[2]]
    hit_c = [r for r in with_c if r[1].startswith("known:")]
    hit_n = [r for r in no_c if r[1].startswith("known:")]
    n = len(rows)
    print(f"top {n} person candidates: {len(hit_c) + len(hit_n)} resolve ({(len(hit_c) + len(hit_n)) / max(n, 1):.1%})")
    print(f"  with implied country: {len(hit_c)}/{len(with_c)} right country")
    print(f"  without implied country: {len(hit_n)}/{len(no_c)} resolve to a person")
    if a.misses:
        for c, st, implied in rows:
            if not st.startswith("known:"):
                print(f"  MISS {c.count}\t{c.name}\t{implied or ''}\t{st}\t{dict(c.roles.most_common(2))}\t{c.example}")


if __name__ == "__main__":
    main()
