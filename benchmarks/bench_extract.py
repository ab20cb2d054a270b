"""Throughput of full extraction vs Kiwi's own analysis of the same texts, in one run.

    .venv/bin/python benchmarks/bench_extract.py [--n 2000] [--corpus ../shared/corpora/naver_2025-12_2026-01.jsonl.gz]

Both sides run single-threaded on the same paragraphs (Kiwi is what segment() calls), so the
ratio (extraction throughput / Kiwi throughput) is stable on a shared, noisy machine. Also
reports each stage's share of the time (the actor stage's share is the cost of KB lookups) and
the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "naver_2025-12_2026-01.jsonl.gz"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--block", type=int, default=100, help="articles per interleaved Kiwi/extraction block")
    args = ap.parse_args()

    from sageon import morph
    from sageon.pipeline import Pipeline, _stages
    from sageon.read import read_path
    from sageon.segment import paragraphs

    docs = []
    for d in read_path(args.corpus):
        if hasattr(d, "text"):
            docs.append(d)
        if len(docs) >= args.n:
            break
    chars = sum(len(d.text) for d in docs)
    para_lists = [[p.text for p in paragraphs(d.text)] for d in docs]

    morph.kiwi()  # load once, outside the timings
    stages = _stages()
    # warm-up (lazy tables, regexes)
    Pipeline(stages)(docs[0])

    spent = {st.name: 0.0 for st in stages}

    def timed(st):
        def run(doc):
            t = time.perf_counter()
            out = st.func(doc)
            spent[st.name] += time.perf_counter() - t
            return out
        return type(st)(st.name, run, st.requires, st.assigns)

    pipe = Pipeline([timed(st) for st in stages])
    from sageon.read import read_text

    fresh = [read_text(d.text, published=d.published, id=d.id) for d in docs]
    failed = 0
    events = quotes = 0
    kiwi_s = full_s = 0.0
    # Interleaved in blocks of 100 articles (Kiwi alone on a block, then full extraction of the same
    # block), so that both sides run under the same load on a shared machine whose speed drifts.
    for b in range(0, len(docs), args.block):
        t0 = time.perf_counter()
        for paras in para_lists[b:b + args.block]:
            morph.analyse(paras)
        kiwi_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(b, min(b + args.block, len(fresh))):
            # stream as `sageon extract` does: a finished document is dropped, not kept (2,000 kept
            # documents with their morphemes make the garbage collector rescan millions of objects)
            d, fresh[i] = fresh[i], None
            try:
                out = pipe(d)
                events += len(out.events)
                quotes += len(out.quotes)
            except Exception:  # noqa: BLE001 - counted, reported
                failed += 1
        full_s += time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    res = {
        "articles": len(docs), "chars": chars, "failed": failed, "events": events, "quotes": quotes,
        "kiwi_seconds": round(kiwi_s, 2), "kiwi_articles_per_s": round(len(docs) / kiwi_s, 1), "kiwi_chars_per_s": round(chars / kiwi_s),
        "extract_seconds": round(full_s, 2), "extract_articles_per_s": round(len(docs) / full_s, 1), "extract_chars_per_s": round(chars / full_s),
        "ratio_extract_to_kiwi": round(kiwi_s / full_s, 3),
        "stage_share": {k: round(v / full_s, 3) for k, v in spent.items()},
        "peak_rss_mb": round(peak_mb),
        "machine": f"{platform.machine()} {platform.processor() or ''} cpus={__import__('os').cpu_count()} python={platform.python_version()}",
        "command": " ".join(sys.argv),
    }
    if args.json:
        print(json.dumps(res, indent=1))
        return
    for k, v in res.items():
        print(f"{k:28} {v}")


if __name__ == "__main__":
    main()
