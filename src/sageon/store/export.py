"""Export stored events: CSV, JSONL, Parquet, PLOVER JSONL, and GDELT 2.0-style TSV.

All formats read through :func:`sageon.store.query.events`, with the same filters as the
``events`` command. The GDELT export has one row per story (``NumArticles`` = its reports);
the others have one row per report with its ``story_id``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterator

from .. import plover
from ..errors import ConfigError

FORMATS = ("csv", "jsonl", "parquet", "plover", "gdelt")

# GDELT 2.0 event table, in file order (61 columns).
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61

_PAGE = 5000


def iter_events(store, **filters) -> Iterator[dict]:
    """All matching events, page by page (stable order by id)."""
    offset = 0
    while True:
        rows, _ = store.events(limit=_PAGE, offset=offset, order="id", count=False, **filters)
        yield from rows
        if len(rows) < _PAGE:
            return
        offset += _PAGE


def plover_record(e: dict) -> dict:
    """One event in PLOVER's JSON shape (as far as sageon has the fields)."""
    return {
        "id": f"sageon-{e['id']}",
        "date": e["date"],
        "event_type": e["type"],
        "mode": e["mode"] or "",
        "context": [c for c in (e["context"] or "").split(",") if c],
        "actor1": e["source_text"] or "", "actor1_country": e["source_country"] or "",
        "actor1_sector": e["source_sector"] or "",
        "actor2": e["target_text"] or "", "actor2_country": e["target_country"] or "",
        "actor2_sector": e["target_sector"] or "",
        "location": {"name": e["location"]} if e["location"] else None,
        "modality": e["modality"],
        "quad_class": e["quad_class"],
        "intensity": e["intensity"],
        "source": {"url": e["url"], "outlet": e["outlet"], "published": e["published"], "article_id": e["article_id"]},
        "text": e["evidence"],
        "story_id": e["story_id"], "num_reports": e["story_count"],
        "coder": {"rule": e["rule"], "version": e["version"], "confidence": e["confidence"]},
    }


def _actor_code(country: str | None, sector: str | None) -> str:
    return f"{country or ''}{sector or ''}" if (country or sector) else ""


def gdelt_record(e: dict) -> list[Any]:
    """One story as a GDELT 2.0 event row (61 values; blank where sageon has nothing)."""
    r: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    day = e["date"]
    d = dt.date.fromisoformat(day) if day else None
    root = e["cameo"] or plover.cameo_root(e["type"]) or ""
    gold = e["intensity"] if e["intensity"] else plover.goldstein(e["type"])
    n = e["story_count"] or 1
    pub = e["published"]
    r.update({
        "GLOBALEVENTID": e["id"],
        "SQLDATE": d.strftime("%Y%m%d") if d else "",
        "MonthYear": d.strftime("%Y%m") if d else "",
        "Year": d.year if d else "",
        "FractionDate": f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else "",
        "Actor1Code": _actor_code(e["source_country"], e["source_sector"]),
        "Actor1Name": e["source_text"] or "", "Actor1CountryCode": e["source_country"] or "",
        "Actor1Type1Code": e["source_sector"] or "",
        "Actor2Code": _actor_code(e["target_country"], e["target_sector"]),
        "Actor2Name": e["target_text"] or "", "Actor2CountryCode": e["target_country"] or "",
        "Actor2Type1Code": e["target_sector"] or "",
        "IsRootEvent": 1,
        "EventCode": f"{root}0" if root else "", "EventBaseCode": f"{root}0" if root else "", "EventRootCode": root,
        "QuadClass": e["quad_class"] or "", "GoldsteinScale": gold if gold is not None else "",
        "NumMentions": n, "NumSources": n, "NumArticles": n,
        "ActionGeo_FullName": e["location"] or "",
        "DATEADDED": (pub.replace("-", "") + "000000") if pub else "",
        "SOURCEURL": e["url"] or "",
    })
    return [r[c] for c in GDELT_COLUMNS]


def export(store, fmt: str, out: str | Path, **filters) -> int:
    """Write matching events to ``out`` in ``fmt``; returns the number of rows written."""
    if fmt not in FORMATS:
        raise ConfigError(f"format must be one of: {', '.join(FORMATS)}; got {fmt!r}")
    out = Path(out)
    n = 0
    if fmt == "gdelt":
        filters["story"] = True
        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            for e in iter_events(store, **filters):
                w.writerow(gdelt_record(e))
                n += 1
        return n
    if fmt in ("jsonl", "plover"):
        with out.open("w", encoding="utf-8") as fh:
            for e in iter_events(store, **filters):
                fh.write(json.dumps(plover_record(e) if fmt == "plover" else e, ensure_ascii=False) + "\n")
                n += 1
        return n
    from . import _EVENT_COLUMNS

    if fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=_EVENT_COLUMNS, extrasaction="ignore")
            w.writeheader()
            for e in iter_events(store, **filters):
                w.writerow(e)
                n += 1
        return n
    import pandas as pd

    df = pd.DataFrame(list(iter_events(store, **filters)), columns=_EVENT_COLUMNS)
    df.to_parquet(out, index=False)
    return len(df)
