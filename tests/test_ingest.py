"""Ingest: idempotent, resumable after kill -9, parallel, bad records logged and skipped."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from sageon.errors import InputError
from sageon.store import open_store
from sageon.store.models import articles

from conftest import FIXTURES, ROOT, corpus_path

MINI = FIXTURES / "mini_corpus.jsonl"
BAD = FIXTURES / "mini_bad.jsonl"
SAGEON = Path(sys.executable).parent / "sageon"


def _count(url: str, table=articles) -> int:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar()
    finally:
        eng.dispose()


def test_ingest_is_idempotent(store):
    res = store.ingest([str(MINI)], progress=False)
    assert (res["stored"], res["skipped"], res["failed"]) == (12, 0, 0)
    again = store.ingest([MINI], progress=False)
    assert (again["stored"], again["skipped"], again["failed"]) == (0, 12, 0)
    arts, n = store.articles(limit=None)
    assert n == 12 and len({a["url"] for a in arts}) == 12
    for a in arts:
        art = store.article(a["id"])
        assert art["published"] and art["text"].startswith(art["title"])
        for layer in ("mentions", "times", "quotes", "events"):
            for x in art["layers"][layer]:
                assert art["text"][x["start"]:x["end"]] == x["text"]
    runs = store.runs()
    assert runs[0]["status"] == "done" and runs[0]["skipped"] == 12


def test_bad_records_are_logged_and_skipped(store):
    store.ingest([MINI], progress=False)
    seen = []
    res = store.ingest([BAD], progress=False, on_error=seen.append)
    assert (res["stored"], res["skipped"], res["failed"]) == (1, 1, 1)
    assert len(seen) == 1 and seen[0].reason
    errs = store.errors(run_id=res["run_id"])
    assert len(errs) == 1 and errs[0]["reason"] and (errs[0]["source"] or errs[0]["doc_id"])
    assert _count(store.url) == 13


def test_parallel_ingest(store):
    res = store.ingest([MINI], workers=2, batch=5, progress=False)
    assert (res["stored"], res["failed"]) == (12, 0)
    assert _count(store.url) == 12


def test_missing_input_is_a_clear_error(store, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        store.ingest([str(tmp_path / "nope.jsonl")], progress=False)


def test_cli_ingest_summary_and_errors(db_url):
    env = {**os.environ, "SAGEON_DB": db_url}
    p = subprocess.run([str(SAGEON), "ingest", str(MINI), str(BAD), "--batch", "4"], env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "stored 13, skipped 1 (already stored), failed 1" in p.stderr
    assert "skipped" in p.stderr and "mini_bad.jsonl" in p.stderr or "fx_bad" in p.stderr
    assert _count(db_url) == 13


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def test_ingest_from_url(store):
    handler = lambda *a, **kw: _Quiet(*a, directory=str(FIXTURES), **kw)  # noqa: E731
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        port = srv.server_address[1]
        res = store.ingest([f"http://127.0.0.1:{port}/mini_corpus.jsonl"], progress=False)
        assert res["stored"] == 12
        with pytest.raises(InputError, match="cannot fetch URL"):
            store.ingest([f"http://127.0.0.1:{port}/missing.jsonl"], progress=False)
    finally:
        srv.shutdown()
        srv.server_close()
    with pytest.raises(InputError, match="cannot fetch URL"):
        store.ingest([f"http://127.0.0.1:{port}/mini_corpus.jsonl"], progress=False)


def _slice(tmp_path: Path, n: int) -> tuple[Path, list[dict]]:
    src = corpus_path()
    if src is None:
        pytest.skip("../shared/corpora/naver_2025-12_2026-01.jsonl.gz not present")
    rows = []
    out = tmp_path / f"slice{n}.jsonl"
    with gzip.open(src, "rt", encoding="utf-8") as fh, out.open("w", encoding="utf-8") as w:
        for line in fh:
            rows.append(json.loads(line))
            w.write(line)
            if len(rows) >= n:
                break
    return out, rows


def test_kill_9_midway_then_rerun_stores_every_article_once(db_url, tmp_path):
    path, rows = _slice(tmp_path, 300)
    cmd = [str(SAGEON), "ingest", str(path), "--db", db_url, "--batch", "20", "--quiet"]
    open_store(db_url).close()  # schema exists before we poll it
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    try:
        while _count(db_url) < 60:
            assert proc.poll() is None, "ingest ended before it could be killed"
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    midway = _count(db_url)
    assert 60 <= midway < 300
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    st = open_store(db_url)
    try:
        arts, n = st.articles(limit=None)
        urls = [a["url"] for a in arts]
        assert len(urls) == len(set(urls)) == n
        failed = {e["doc_id"] for e in st.errors(limit=1000)}
        expected = {r["url"] for r in rows if r["id"] not in failed}
        assert set(urls) == expected
        again = st.ingest([str(path)], progress=False)
        assert again["stored"] == 0 and _count(db_url) == n
    finally:
        st.close()


def test_repo_has_no_corpus_copy():
    assert not any(p.name.startswith("naver_") for p in ROOT.rglob("*.jsonl*") if ".venv" not in p.parts)


def test_ingest_rss_feed(store):
    res = store.ingest([str(FIXTURES / "mini_feed.xml")], progress=False)
    assert (res["stored"], res["failed"]) == (2, 0)
    arts, _ = store.articles(limit=None)
    assert {a["url"] for a in arts} == {"https://example.org/rss/1", "https://example.org/rss/2"}
    assert {a["published"] for a in arts} == {"2025-12-24", "2025-12-25"}


def test_two_concurrent_ingests_store_each_article_once(db_url):
    open_store(db_url).close()
    cmd = [str(SAGEON), "ingest", str(MINI), "--db", db_url, "--batch", "3", "--quiet"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert _count(db_url) == 12
