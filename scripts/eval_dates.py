"""Date errors among strictly matched events: gold date vs the system's, with evidence.

    .venv/bin/python scripts/eval_dates.py ../shared/gold/dev
"""
import sys

from sageon.evaluate import _cut, _tuple, contract_record, load_gold
from sageon.pipeline import default_pipeline
from sageon.read import read_record

pipe = default_pipeline()
right = total = 0
for ga in load_gold(sys.argv[1]):
    a = ga.article
    doc = pipe(read_record({"id": ga.gid, "title": a["title"], "body": a["body"], "published": a["published"]}, source=ga.gid))
    rec = contract_record(doc)
    for e in ga.gold["events"]:
        if not e.get("date"):
            continue
        key = _tuple(e["source"], e["type"], e.get("target"), e["modality"], strict=True)
        ms = [s for s in rec["events"] if _tuple((s["source"] or {}).get("country"), s["type"],
              (s.get("target") or {}).get("country"), s["modality"], strict=True) == key]
        if not ms:
            continue
        total += 1
        if any(_cut((m.get("date") or {}).get("value"), e["date"]) == e["date"] for m in ms):
            right += 1
            continue
        print(f"{ga.gid} pub={a['published']} gold={e['date']} sys={[(m.get('date') or {}).get('value') for m in ms][:3]} "
              f"rule={[(m.get('date') or {}).get('rule') for m in ms][:2]} | {e['evidence'][:70]} || {ms[0]['evidence'][:60]}")
print(f"{right}/{total}")
