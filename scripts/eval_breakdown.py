"""Why gold event tuples are missed and system tuples are spurious, by category and type.

    .venv/bin/python scripts/eval_breakdown.py ../shared/gold/dev [-v CATEGORY]
"""
import collections
import sys

from sageon.evaluate import load_gold, _tuple
from sageon.pipeline import default_pipeline
from sageon.read import read_record

gold_dir = sys.argv[1]
verbose = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "-v" else None
pipe = default_pipeline()
miss = collections.Counter()
miss_type = collections.defaultdict(collections.Counter)
spur = collections.Counter()
spur_type = collections.defaultdict(collections.Counter)
for ga in load_gold(gold_dir):
    a = ga.article
    doc = pipe(read_record({"id": a["gid"], "title": a["title"], "body": a["body"], "published": a["published"]}, source=ga.gid))
    text = doc.text

    def sents_of(start, end):
        return {i for i, s in enumerate(doc.sentences) if s.start < end and start < s.end}

    sys_t = {}
    for e in doc.events:
        k = _tuple(e.source.country if e.source else None, e.type, e.target.country if e.target else None)
        sys_t.setdefault(k, []).append(e)
    gold_t = {}
    for g in ga.gold["events"]:
        gold_t.setdefault(_tuple(g["source"], g["type"], g.get("target")), []).append(g)
    gold_sents = set()
    for k, gs in gold_t.items():
        ss = set()
        for g in gs:
            i = text.find(g["evidence"])
            if i >= 0:
                ss |= sents_of(i, i + len(g["evidence"]))
        gold_sents |= ss
        if k in sys_t:
            cat = "hit"
        else:
            near = [e for e in doc.events if e.sentence in ss]
            same_type = [e for e in near if e.type == k[1]]
            if not ss:
                cat = "evidence-not-found"
            elif same_type:
                e = same_type[0]
                s = e.source.country if e.source else None
                t = e.target.country if e.target else None
                src_ok = s == k[0] or (k[1] in ("CONSULT", "COOPERATE") and s in (k[0], k[2]))
                cat = "type-ok:" + ("src-ok,tgt-wrong" if src_ok else ("src-wrong,tgt-ok" if t in (k[2], k[0]) else "both-wrong"))
            elif near:
                cat = "other-type"
            else:
                cat = "no-event-in-sentence"
        miss[cat] += 1
        miss_type[cat][k[1]] += 1
        if verbose and cat.startswith(verbose):
            near = [(e.type, e.source.country if e.source else None, e.target.country if e.target else None, e.rule) for e in doc.events if e.sentence in ss]
            print(ga.gid, cat, k, gs[0]["modality"], "|", gs[0]["evidence"][:90], "| sys:", near[:3])
    for k, es in sys_t.items():
        if k in gold_t:
            continue
        in_gold = any(e.sentence in gold_sents for e in es)
        cat = "in-gold-sentence" if in_gold else "outside-gold-sentences"
        spur[cat] += 1
        spur_type[cat][k[1]] += 1
        if verbose and cat.startswith(verbose):
            print(ga.gid, cat, k, es[0].rule, "|", es[0].text[:90])
print("GOLD tuples:", sum(miss.values()))
for c, n in miss.most_common():
    print(f"  {c:28s} {n:4d}  ", dict(miss_type[c].most_common(8)))
print("SPURIOUS:", sum(spur.values()))
for c, n in spur.most_common():
    print(f"  {c:28s} {n:4d}  ", dict(spur_type[c].most_common(8)))
