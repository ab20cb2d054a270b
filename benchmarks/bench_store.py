"""Store benchmarks.

    # ingest rate of a corpus with -j1 and -j2, and extraction alone on the same articles
    .venv/bin/python benchmarks/bench_store.py ingest ../shared/corpora/naver_2025-12_2026-01.jsonl.gz --jobs 1 2

    # dyad query latency on a store grown to N synthetic events (rows written straight into `events`)
    .venv/bin/python benchmarks/bench_store.py dyad --events 1000000 [--db postgresql+psycopg://postgres@127.0.0.1:5432/test]

Prints one JSON line per measurement (and a short human summary on stderr).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAGEON = ROOT / ".venv" / "bin" / "sageon"


def machine() -> dict:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "ram": mem, "python": platform.python_version()}


def count_articles(db: str) -> int:
    from sqlalchemy import func, select

    from sageon.store import open_store
    from sageon.store.models import articles

    st = open_store(db)
    with st.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(articles)).scalar()
    st.close()
    return n


def bench_extract(corpus: str, limit: int | None) -> dict:
    """Reading + extraction alone (no store), one process."""
    from sageon.pipeline import default_pipeline
    from sageon.store.ingest import extract_one, read_inputs

    default_pipeline()
    extract_one(next(d for d in read_inputs([corpus]) if hasattr(d, "text")))  # warm up Kiwi
    t0 = time.perf_counter()
    c0 = time.process_time()
    n = 0
    for d in read_inputs([corpus]):
        extract_one(d)
        n += 1
        if limit and n >= limit:
            break
    el = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"bench": "extract_only", "articles": n, "seconds": round(el, 1), "rate": round(n / el, 2),
            "cpu_seconds": round(cpu, 1), "rate_per_cpu_s": round(n / cpu, 2)}


def cmd_ingest(args) -> None:
    results = []
    corpus = args.corpus
    if args.limit:
        import gzip

        tmp = Path(tempfile.mkdtemp()) / "slice.jsonl"
        opener = gzip.open if corpus.endswith(".gz") else open
        with opener(corpus, "rt", encoding="utf-8") as fh, tmp.open("w", encoding="utf-8") as out:
            for i, line in enumerate(fh):
                if i >= args.limit:
                    break
                out.write(line)
        corpus = str(tmp)
    if not args.skip_extract:
        r = bench_extract(corpus, None)
        results.append(r)
        print(json.dumps(r), flush=True)
    for j in ([] if args.extract_only else args.jobs):
        dbfile = Path(tempfile.mkdtemp()) / f"bench_j{j}.db"
        db = f"sqlite:///{dbfile}"
        t0 = time.perf_counter()
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cmd = [str(SAGEON), "ingest", corpus, "--db", db, "-j", str(j), "--batch", str(args.batch), "--quiet"]
        subprocess.run(cmd, check=True)
        el = time.perf_counter() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)  # includes worker processes
        n = count_articles(db)
        r = {"bench": "ingest", "jobs": j, "articles": n, "seconds": round(el, 1), "rate": round(n / el, 2),
             "db_mb": round(dbfile.stat().st_size / 2**20, 1), "command": " ".join(cmd)}
        if j == 1:  # forkserver workers are not our children: their CPU time is not counted for j > 1
            r.update(cpu_seconds=round(cpu, 1), rate_per_cpu_s=round(n / cpu, 2))
        ext = next((x for x in results if x["bench"] == "extract_only"), None)
        if ext:
            r["ratio_to_extract_only"] = round(r["rate"] / ext["rate"], 3)
            if j == 1:
                r["cpu_ratio_to_extract_only"] = round(r["rate_per_cpu_s"] / ext["rate_per_cpu_s"], 3)
        results.append(r)
        print(json.dumps(r), flush=True)
    print(json.dumps({"bench": "machine", **machine()}), flush=True)


def synthesize(st, n_events: int, *, seed: int = 7, n_articles: int = 20000) -> None:
    """Write n synthetic articles' worth of events straight into the tables (no extraction)."""
    from sqlalchemy import insert

    from sageon import plover
    from sageon.store.models import articles, events

    rnd = random.Random(seed)
    countries = ["PRK", "RUS", "USA", "CHN", "KOR", "JPN", "UKR", "IRN", "ISR", "DEU", "FRA", "GBR", "IND", "UN",
                 "EU", "NATO", "VNM", "TWN", "PAK", "SAU"]
    weights = [8, 6, 10, 8, 12, 6, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 2, 1, 1]
    types = list(plover.PLOVER)
    start = dt.date(2020, 1, 1)
    with st.engine.begin() as conn:
        rows = [{"content_hash": f"synthetic-{i}", "text": "synthetic", "title": f"synthetic {i}",
                 "published": start + dt.timedelta(days=rnd.randrange(2190)), "url": None} for i in range(n_articles)]
        conn.execute(insert(articles), rows)
    batch = []
    first = None
    with st.engine.begin() as conn:
        first = conn.execute(events.select().limit(0)).keys()
    del first
    t0 = time.perf_counter()
    for i in range(n_events):
        sc, tc = rnd.choices(countries, weights, k=2)
        typ = rnd.choice(types)
        day = (start + dt.timedelta(days=rnd.randrange(2190))).isoformat()
        batch.append({"article_id": 1 + rnd.randrange(n_articles), "start": 0, "end": 9, "text": "synthetic",
                      "sentence": 0, "type": typ, "modality": "asserted", "source_country": sc, "target_country": tc,
                      "edate": day, "published": day, "date_value": day, "date_precision": "day",
                      "intensity": plover.goldstein(typ), "quad_class": plover.quad_class(typ),
                      "cameo": plover.cameo_root(typ), "story_id": None, "story_count": 1})
        if len(batch) >= 50000:
            with st.engine.begin() as conn:
                conn.execute(insert(events), batch)
            batch.clear()
            print(f"  {i + 1:,} events ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
    if batch:
        with st.engine.begin() as conn:
            conn.execute(insert(events), batch)
    from sqlalchemy import text

    with st.engine.begin() as conn:
        conn.execute(text("UPDATE events SET story_id = id"))
        if st.engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    if st.engine.dialect.name == "postgresql":
        # As autovacuum would after a bulk load: sets the visibility map, so the dyad query is index-only.
        with st.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE events"))


def cmd_dyad(args) -> None:
    from sageon.store import open_store

    db = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench_dyad.db'}"
    st = open_store(db)
    from sqlalchemy import func, select

    from sageon.store.models import events

    with st.engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(events)).scalar()
    if have < args.events:
        t0 = time.perf_counter()
        synthesize(st, args.events - have)
        print(json.dumps({"bench": "synthesize", "events": args.events - have,
                          "seconds": round(time.perf_counter() - t0, 1)}), flush=True)
    with st.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(events)).scalar()
    pairs = [("PRK", "RUS"), ("KOR", "USA"), ("CHN", "USA"), ("PRK", "USA"), ("UKR", "RUS")]
    for by in ("month", "week", "day"):
        times = []
        for i in range(args.repeat):
            a, b = pairs[i % len(pairs)]
            t0 = time.perf_counter()
            rows = st.dyad(a, b, by=by)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        r = {"bench": "dyad", "backend": st.engine.dialect.name, "events": total, "by": by, "runs": len(times),
             "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1), "rows": len(rows)}
        print(json.dumps(r), flush=True)
    t0 = time.perf_counter()
    st.tilt("PRK", ("RUS", "USA"), by="month")
    print(json.dumps({"bench": "tilt", "events": total, "ms": round((time.perf_counter() - t0) * 1000, 1)}), flush=True)
    print(json.dumps({"bench": "machine", **machine(), "command": " ".join(sys.argv)}), flush=True)
    st.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("ingest")
    a.add_argument("corpus")
    a.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    a.add_argument("--batch", type=int, default=200)
    a.add_argument("--limit", type=int, default=None, help="Only the first N records.")
    a.add_argument("--skip-extract", action="store_true")
    a.add_argument("--extract-only", action="store_true", help="Only time extraction alone.")
    d = sub.add_parser("dyad")
    d.add_argument("--events", type=int, default=1_000_000)
    d.add_argument("--db", default=None)
    d.add_argument("--repeat", type=int, default=100)
    args = ap.parse_args()
    {"ingest": cmd_ingest, "dyad": cmd_dyad}[args.cmd](args)


if __name__ == "__main__":
    main()
