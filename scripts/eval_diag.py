"""Diagnostics for tuning on the dev gold: missed/spurious quotes and wrong speakers, event misses.

    .venv/bin/python scripts/eval_diag.py ../shared/gold/dev quotes|speakers|events [GID]
"""
import sys

from sageon.evaluate import load_gold, quote_match, speaker_right, contract_record, _tuple
from sageon.pipeline import default_pipeline
from sageon.read import read_record

gold_dir, what = sys.argv[1], sys.argv[2]
only = sys.argv[3] if len(sys.argv) > 3 else None
pipe = default_pipeline()
for ga in load_gold(gold_dir):
    if only and ga.gid != only:
        continue
    a = ga.article
    doc = pipe(read_record({"id": a["gid"], "title": a["title"], "body": a["body"], "published": a["published"]}, source=ga.gid))
    rec = contract_record(doc)
    sq = rec["quotes"]
    used = set()
    for gq in ga.gold["quotes"]:
        best, bi = 0, -1
        for i, q in enumerate(sq):
            if i in used:
                continue
            m = quote_match(gq["text"], q["text"])
            if m > best:
                best, bi = m, i
        if bi < 0:
            if what == "quotes":
                print(f"{ga.gid} MISS [{gq['speaker']}] direct={gq['direct']} {gq['text'][:90]}")
            continue
        used.add(bi)
        if what == "speakers" and not speaker_right(gq, sq[bi]["speaker"]):
            sp = sq[bi]["speaker"]
            print(f"{ga.gid} WRONG gold={gq['speaker']}/{gq['speaker_country']} sys={sp and (sp['text'], sp['country'])} rule={sq[bi]['rule']} | {gq['text'][:60]}")
    if what == "quotes":
        for i, q in enumerate(sq):
            if i not in used:
                print(f"{ga.gid} SPURIOUS {q['rule']} {q['text'][:90]}")
    if what == "events":
        g = {}
        for e in ga.gold["events"]:
            g.setdefault(_tuple(e["source"], e["type"], e.get("target")), e)
        s = {}
        for e in rec["events"]:
            s.setdefault(_tuple((e["source"] or {}).get("country"), e["type"], (e.get("target") or {}).get("country")), e)
        for k in g.keys() - s.keys():
            print(f"{ga.gid} MISS {k} {g[k]['modality']} | {g[k]['evidence'][:80]}")
        for k in s.keys() - g.keys():
            print(f"{ga.gid} SPUR {k} {s[k]['rule']} | {s[k]['evidence'][:80]}")
