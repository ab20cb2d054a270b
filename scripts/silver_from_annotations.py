"""Turn gold-format annotation files of corpus articles into train/silver/events.jsonl.

    .venv/bin/python scripts/silver_from_annotations.py ANN_DIR [../shared/corpora/naver_2025-12_2026-01.jsonl.gz]

Articles that share most of their text with a dev gold article (a near copy or a rewrite of the same
wire story: over 30 % of the smaller text's 6-character shingles) are left out, so that the
cross-validated figure on dev is not flattered by training on a copy of the article scored.

ANN_DIR holds one <article id>.json per article in the gold format ({gid, events: [...]}, evidence
as an exact substring of title + newline + body). The output keeps each event's evidence as
character offsets (``evidence_span``) plus a SHA-1 of the article text, so the repository holds no
article text; ``sageon.learn.load_silver`` joins them back with the corpus.
"""
import gzip
import hashlib
import html
import json
import sys
from pathlib import Path

ann_dir = Path(sys.argv[1])
corpus = Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/corpora/naver_2025-12_2026-01.jsonl.gz")
out = Path(__file__).resolve().parents[1] / "train" / "silver" / "events.jsonl"
anns = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(ann_dir.glob("*.json"))}
recs = {}
with gzip.open(corpus, "rt", encoding="utf-8") as fh:
    for line in fh:
        r = json.loads(line)
        if r["id"] in anns:
            recs[r["id"]] = r
def shingles(t, n=6):
    t = "".join(t.split())
    return {t[i:i + n] for i in range(max(0, len(t) - n))}


dev_path = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev" / "articles.json"
dev = [(a["gid"], shingles(a["title"] + a["body"])) for a in json.loads(dev_path.read_text(encoding="utf-8"))]
lines, n_events, problems, near = [], 0, 0, []
for rid, g in anns.items():
    r = recs[rid]
    text = html.unescape(r.get("title") or "") + "\n" + html.unescape(r.get("body") or "")
    sh = shingles(text)
    overlap, gid = max((len(sh & d) / max(1, min(len(sh), len(d))), gid) for gid, d in dev)
    if overlap > 0.3:
        near.append(f"{rid}~{gid}")
        continue
    events = []
    for e in g.get("events", []):
        i = text.find(e["evidence"])
        if i < 0:
            problems += 1
            print(f"{rid}: evidence not in text: {e['evidence'][:40]!r}", file=sys.stderr)
            continue
        ev = {k: e.get(k) for k in ("source", "source_entity", "type", "target", "target_entity", "modality", "date", "location")}
        ev["evidence_span"] = [i, i + len(e["evidence"])]
        events.append(ev)
    n_events += len(events)
    lines.append(json.dumps({"id": rid, "corpus": corpus.name, "published": (r.get("published_at") or "")[:10],
                             "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(), "events": events},
                            ensure_ascii=False))
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"{len(lines)} articles, {n_events} events -> {out} ({problems} evidence strings not found; "
      f"{len(near)} left out as near copies of dev articles: {' '.join(near)})")
