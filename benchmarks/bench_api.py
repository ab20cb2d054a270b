"""Load check of ``sageon serve`` on loopback: N concurrent clients for a fixed time, p50/p95/p99, errors.

    .venv/bin/python benchmarks/bench_api.py --articles 2000 --concurrency 200 --seconds 30

Builds a synthetic store (hand-made Documents with events, quotes and mentions: no extraction),
starts ``sageon serve`` on a free 127.0.0.1 port in a subprocess, then runs ``concurrency``
asyncio+httpx clients over a mix of API and page URLs for ``seconds``. Traffic goes to 127.0.0.1
only; the loop is bounded by time and stops by itself. Exit code 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sageon import plover
from sageon.schema import PLOVER_TYPES, Actor, DateValue, Document, Event, Mention, Participant, Quote

COUNTRIES = [("PRK", "북한"), ("RUS", "러시아"), ("USA", "미국"), ("CHN", "중국"), ("JPN", "일본"), ("KOR", "한국"),
             ("UKR", "우크라이나"), ("IRN", "이란")]


def synthetic_docs(n: int, seed: int = 7) -> list[Document]:
    rnd = random.Random(seed)
    day0 = dt.date(2024, 1, 1)
    docs = []
    for i in range(n):
        (a, an), (b, bn) = rnd.sample(COUNTRIES, 2)
        types = rnd.sample(PLOVER_TYPES, 2)
        pub = day0 + dt.timedelta(days=rnd.randrange(700))
        title = f"{an}, {bn}와 관계 {i}"
        s1 = f"{an}은 {pub.day}일 {bn}와 회담을 열고 여러 사안을 논의했다."
        s2 = f"{an} 당국자는 \"{bn}와의 관계가 중요하다\"고 말했다."
        text = title + "\n" + s1 + " " + s2
        doc = Document(text=text, title=title, published=pub, outlet=f"outlet{i % 5}", url=f"https://example.com/{i}", id=f"s{i}")
        p = len(title) + 1
        doc.mentions.append(Mention(p, p + len(an), an, 0, Actor(a, an, "country", a), rule="bench"))
        o = text.index(bn, p)
        doc.mentions.append(Mention(o, o + len(bn), bn, 0, Actor(b, bn, "country", b), rule="bench"))
        q = text.index("관계가 중요하다") - len(bn) - 2
        qt = f"{bn}와의 관계가 중요하다"
        doc.quotes.append(Quote(q, q + len(qt), qt, 1, True, Participant(f"{an} 당국자", a), verb="말했다", rule="bench"))
        for k, ty in enumerate(types):
            src, tgt = (a, b) if k == 0 else (b, a)
            ev = Event(p, p + len(s1), s1, 0, ty, "asserted", Participant(src, src, src), Participant(tgt, tgt, tgt),
                       date=DateValue(pub.isoformat(), "day"), intensity=plover.goldstein(ty) or 0.0,
                       quad_class=plover.quad_class(ty), rule="bench")
            doc.events.append(ev)
        docs.append(doc)
    return docs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


URLS = [
    "/api/overview", "/api/events?limit=50", "/api/events?country=PRK&type=CONSULT&limit=20",
    "/api/events.csv?source=USA&limit=100", "/api/dyad?a=PRK&b=RUS", "/api/tilt?country=PRK&x=RUS&y=USA",
    "/api/network", "/api/quotes?country=CHN", "/api/actors", "/api/articles?limit=20",
    "/", "/events?type=AID", "/dyad?a=PRK&b=USA", "/articles/{aid}", "/api/articles/{aid}", "/actors/PRK",
]


async def run_load(base: str, *, concurrency: int, seconds: float, n_articles: int) -> dict:
    import httpx

    lat: list[float] = []
    errors: dict[str, int] = {}
    per_url: dict[str, list[float]] = {}
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def worker(w: int):
            rnd = random.Random(w)
            while time.perf_counter() < stop:
                tmpl = rnd.choice(URLS)
                url = tmpl.replace("{aid}", str(rnd.randint(1, n_articles)))
                t0 = time.perf_counter()
                try:
                    r = await client.get(url, headers={"Accept": "text/html" if not url.startswith("/api") else "*/*"})
                    ok = r.status_code == 200
                    key = f"HTTP {r.status_code}"
                except Exception as exc:  # noqa: BLE001 - every failure is counted, by kind
                    ok, key = False, type(exc).__name__
                dt_ = time.perf_counter() - t0
                if ok:
                    lat.append(dt_)
                    per_url.setdefault(tmpl, []).append(dt_)
                else:
                    errors[key] = errors.get(key, 0) + 1

        t_start = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - t_start
    lat.sort()

    def pct(xs, p):
        return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000 if xs else float("nan")

    return {"requests": len(lat) + sum(errors.values()), "ok": len(lat), "errors": errors, "elapsed": elapsed,
            "rps": len(lat) / elapsed, "p50": pct(lat, 50), "p95": pct(lat, 95), "p99": pct(lat, 99),
            "max": lat[-1] * 1000 if lat else float("nan"),
            "per_url_p95": {u: pct(sorted(v), 95) for u, v in per_url.items()},
            "mean": statistics.mean(lat) * 1000 if lat else float("nan")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--db", help="serve this existing store instead of a synthetic one")
    args = ap.parse_args()
    if not 1 <= args.concurrency <= 1000 or not 1 <= args.seconds <= 300:
        ap.error("concurrency 1..1000 and seconds 1..300 (a bounded check)")

    tmp = tempfile.TemporaryDirectory()
    if args.db:
        url, n = args.db, args.articles
    else:
        from sageon.store import open_store

        url = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
        t0 = time.perf_counter()
        st = open_store(url)
        st.add_documents(synthetic_docs(args.articles))
        n = args.articles
        print(f"store: {n} articles, {st.overview()['events']} events in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        st.close()
    port = free_port()
    sageon_bin = str(Path(sys.executable).with_name("sageon"))
    env = dict(os.environ, SAGEON_API_TOKEN="")
    proc = subprocess.Popen([sageon_bin, "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(args.workers), "--log-level", "warning"], env=env)
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(base + "/api/overview", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                print("server did not start", file=sys.stderr)
                return 2
            time.sleep(0.2)
        res = asyncio.run(run_load(base, concurrency=args.concurrency, seconds=args.seconds, n_articles=n))
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        tmp.cleanup()
    la = os.getloadavg()
    print(f"machine: nproc={os.cpu_count()}, RAM={_ram_gib():.0f} GiB, load average after the run "
          f"{la[0]:.1f}/{la[1]:.1f}/{la[2]:.1f}; server workers={args.workers}")
    print(f"{args.concurrency} concurrent clients for {args.seconds:.0f}s over {len(URLS)} URLs (API + pages), "
          f"store of {n} articles")
    print(f"requests={res['requests']} ok={res['ok']} errors={sum(res['errors'].values())} {res['errors'] or ''}")
    print(f"throughput={res['rps']:.0f} req/s  latency ms: p50={res['p50']:.0f} p95={res['p95']:.0f} "
          f"p99={res['p99']:.0f} max={res['max']:.0f}")
    for u, v in sorted(res["per_url_p95"].items(), key=lambda kv: -kv[1]):
        print(f"  p95 {v:7.0f} ms  {u}")
    return 1 if res["errors"] else 0


def _ram_gib() -> float:
    try:
        with open("/proc/meminfo") as f:
            return int(f.readline().split()[1]) / 1024 / 1024
    except OSError:
        return float("nan")


if __name__ == "__main__":
    sys.exit(main())
