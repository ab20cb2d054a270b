"""`sageon extract` on a corpus: bad records are reported with id and reason, the run goes on."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAGEON = [sys.executable, "-m", "sageon.cli"]


def run(*args, input=None):
    return subprocess.run(SAGEON + list(args), capture_output=True, text=True, input=input, cwd=ROOT, timeout=300)


def test_corpus_with_a_broken_line(tmp_path):
    p = tmp_path / "c.jsonl.gz"
    rows = [
        {"id": "a1", "title": "北, 동해상으로 탄도미사일 발사", "body": "북한이 4일 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다.", "published": "2026-01-04"},
        "{not json",
        {"id": "a3", "title": "한중 정상회담", "body": "이재명 대통령은 5일 베이징에서 시진핑 국가주석과 정상회담을 했다.", "published": "2026-01-05"},
    ]
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    r = run("extract", str(p), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 3  # one line per input record, in input order
    assert lines[0]["id"] == "a1" and lines[2]["id"] == "a3"
    assert "error" in lines[1]
    assert "c.jsonl.gz:2" in r.stderr and "1 failed" in r.stderr
    ev = lines[0]["events"]
    assert any(e["type"] == "MOBILIZE" and e["source"]["country"] == "PRK" for e in ev)
    assert any(e["type"] == "CONSULT" and {e["source"]["country"], (e["target"] or {}).get("country")} == {"KOR", "CHN"} for e in lines[2]["events"])
    for line in lines[::2]:
        for e in line["events"]:
            assert set(e) >= {"type", "modality", "source", "target", "date"}


def test_missing_file_is_one_line_error():
    r = run("extract", "no/such/file.txt")
    assert r.returncode == 1
    assert "no/such/file.txt" in r.stderr and "Traceback" not in r.stderr


def test_bad_published_date():
    r = run("extract", "samples/seed.txt", "--published", "yesterday")
    assert r.returncode == 1 and "published" in r.stderr and "Traceback" not in r.stderr


def test_table_on_seed():
    r = run("extract", "samples/seed.txt", "--format", "table")
    assert r.returncode == 0, r.stderr
    assert "CONSULT" in r.stdout and "페스코프" in r.stdout
