"""Diagnostic: how often do resolved time expressions agree with the gold event dates?

For each dev gold event with a date, take the time expressions inside its evidence (else in the
sentence(s) the evidence overlaps) and compare the first dated one, cut to the gold precision, with
the gold date. The event stage decides which time belongs to which event; this only checks that the
values the timex stage offers are right.

    .venv/bin/python scripts/check_timex_gold.py [--gold /work/shared/gold/dev] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from sageon.read import parse_date
from sageon.schema import Document, Sentence
from sageon.timex import find_times_in_doc


def _sentences(text: str) -> list[Sentence]:
    try:
        from sageon.segment import segment

        d = segment(Document(text=text))
        if d.sentences:
            return d.sentences
    except Exception:  # no Kiwi here: a crude splitter is enough for a diagnostic
        pass
    out = []
    for p, m in enumerate(re.finditer(r"[^\n]+", text)):
        s0 = m.start()
        for sm in re.finditer(r".+?(?:다\.|[.?!](?=\s)|$)", m.group(0)):
            if sm.group(0).strip():
                out.append(Sentence(s0 + sm.start(), s0 + sm.end(), sm.group(0), paragraph=p))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default="/work/shared/gold/dev")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    a = ap.parse_args()
    gold = Path(a.gold)
    arts = json.loads((gold / "articles.json").read_text("utf-8"))
    c: Counter[str] = Counter()
    for art in arts:
        text = art["title"] + "\n" + art["body"]
        doc = Document(text=text, published=parse_date(art["published"]))
        doc.sentences = _sentences(text)
        find_times_in_doc(doc)
        g = json.loads((gold / f"{art['gid']}.json").read_text("utf-8"))
        for ev in g.get("events", []):
            want = ev.get("date")
            if not want:
                continue
            c["events"] += 1
            pos = text.find(ev.get("evidence") or "\0")
            if pos < 0:
                c["evidence not found"] += 1
                continue
            end = pos + len(ev["evidence"])
            dated = [t for t in doc.times if t.value]
            inside = [t for t in dated if t.start >= pos and t.end <= end]
            if not inside:
                sents = {i for i, s in enumerate(doc.sentences) if s.start < end and s.end > pos}
                inside = [t for t in dated if t.sentence in sents]
            if not inside:
                c["no time in evidence/sentence"] += 1
                if want == doc.published.isoformat():
                    c["  ...gold = publication date"] += 1
                continue
            c["with time"] += 1
            got = inside[0].value
            if got[: len(want)] == want and len(got) >= len(want):
                c["first matches"] += 1
            elif a.verbose:
                print(f"{art['gid']} pub={art['published'][:10]} gold={want} got="
                      f"{[(t.text, t.value) for t in inside]} | {ev['evidence'][:70]}")
            if any(t.value[: len(want)] == want and len(t.value) >= len(want) for t in inside):
                c["any matches"] += 1
    for k, v in c.items():
        print(f"{k:32s} {v}")
    if c["with time"]:
        print(f"first-time accuracy: {c['first matches'] / c['with time']:.1%} "
              f"(any: {c['any matches'] / c['with time']:.1%}) over {c['with time']} dated events with a time")


if __name__ == "__main__":
    main()
