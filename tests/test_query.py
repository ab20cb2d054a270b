"""The query layer on the hand-built corpus: numbers counted by hand (see conftest.py)."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from sageon.errors import ConfigError


def _row(rows, **match):
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, rows)
    return found[0]


def test_dyad_by_month(hand_store):
    rows = hand_store.dyad("PRK", "RUS", by="month")
    assert [(r["period"], r["direction"]) for r in rows] == [("2025-12", "A>B"), ("2025-12", "B>A"), ("2026-01", "A>B")]
    dec = _row(rows, period="2025-12", direction="A>B")
    assert (dec["q1"], dec["q2"], dec["q3"], dec["q4"], dec["events"]) == (2, 0, 0, 0, 2)
    assert dec["intensity_sum"] == pytest.approx(2.0) and dec["intensity_mean"] == pytest.approx(1.0)
    back = _row(rows, period="2025-12", direction="B>A")
    assert (back["q2"], back["events"], back["intensity_sum"]) == (1, 1, pytest.approx(7.0))
    jan = _row(rows, period="2026-01", direction="A>B")
    assert (jan["q2"], jan["events"], jan["intensity_mean"]) == (1, 1, pytest.approx(6.0))


def test_dyad_reversed_order_swaps_directions(hand_store):
    rows = hand_store.dyad("RUS", "PRK")
    assert _row(rows, period="2025-12", direction="B>A")["q1"] == 2
    assert _row(rows, period="2025-12", direction="A>B")["q2"] == 1


def test_dyad_all_modalities_counts_the_negated_event(hand_store):
    dec = _row(hand_store.dyad("PRK", "RUS", modality="all"), period="2025-12", direction="A>B")
    assert dec["q1"] == 3 and dec["intensity_sum"] == pytest.approx(6.0)


def test_dyad_by_day_week_and_range(hand_store):
    days = hand_store.dyad("PRK", "RUS", by="day")
    assert {r["period"] for r in days} == {"2025-12-01", "2025-12-24", "2025-12-19", "2026-01-04"}
    weeks = hand_store.dyad("PRK", "RUS", by="week")
    assert {r["period"] for r in weeks} == {"2025-W49", "2025-W52", "2025-W51", "2026-W01"}
    only_jan = hand_store.dyad("PRK", "RUS", since="2026-01-01", until="2026-01-31")
    assert [r["period"] for r in only_jan] == ["2026-01"]
    assert hand_store.dyad("PRK", "RUS", until="2025-12") == [r for r in hand_store.dyad("PRK", "RUS") if r["period"] == "2025-12"]


def test_tilt(hand_store):
    rows = hand_store.tilt("PRK", ("RUS", "USA"), by="month")
    dec = {r["partner"]: r for r in rows if r["period"] == "2025-12"}
    assert (dec["RUS"]["coop"], dec["RUS"]["conflict"], dec["RUS"]["net"]) == (3, 0, 3)
    assert dec["RUS"]["intensity_sum"] == pytest.approx(9.0)
    assert (dec["USA"]["coop"], dec["USA"]["conflict"], dec["USA"]["net"]) == (0, 3, -3)
    assert dec["USA"]["intensity_sum"] == pytest.approx(-10.0)
    assert dec["tilt"]["net"] == 6 and dec["tilt"]["intensity_sum"] == pytest.approx(19.0)
    jan = {r["partner"]: r for r in rows if r["period"] == "2026-01"}
    assert (jan["RUS"]["net"], jan["USA"]["net"], jan["tilt"]["net"]) == (1, -2, 3)
    assert jan["tilt"]["intensity_sum"] == pytest.approx(12.0)


def test_story_dedup(hand_store):
    evs, total = hand_store.events(limit=None, order="id")
    assert total == 12
    by_text = {e["evidence"]: e for e in evs}
    first = by_text["북한과 러시아가 1일 평양에서 회담했다."]
    again = by_text["북러가 1일 평양에서 외무장관 회담을 열었다."]
    assert again["story_id"] == first["id"] == first["story_id"] and first["story_count"] == again["story_count"] == 2
    acc = [e for e in evs if e["type"] == "ACCUSE" and e["published"] in ("2025-12-02", "2025-12-10")]
    assert len({e["story_id"] for e in acc}) == 2  # 12-02 twice (close text, 0 days) + 12-10 (8 days later)
    stories, n = hand_store.events(story=True, limit=None)
    assert n == 10
    again_dedup = hand_store.dedup()
    assert again_dedup == {"events": 12, "stories": 10}
    assert hand_store.dyad("PRK", "RUS") == hand_store.dyad("PRK", "RUS")


def test_event_filters(hand_store):
    assert hand_store.events(type="ACCUSE")[1] == 4
    assert hand_store.events(type="accuse,threaten")[1] == 5
    assert hand_store.events(source="USA")[1] == 1
    assert hand_store.events(country="RUS")[1] == 6
    assert hand_store.events(modality="negated")[1] == 1
    assert hand_store.events(since="2026-01-01")[1] == 3
    assert hand_store.events(text="제재")[1] == 2
    assert hand_store.events(actor="외무성")[1] == 3
    rows, total = hand_store.events(limit=2, offset=1, order="date_asc")
    assert total == 12 and len(rows) == 2
    assert rows[0]["date"] <= rows[1]["date"]


@pytest.mark.parametrize("kw, needle", [
    ({"type": "ATTACK"}, "type must be one of"),
    ({"modality": "maybe"}, "modality must be one of"),
    ({"since": "yesterday"}, "since must be a date"),
    ({"limit": 0.5}, "limit"),
    ({"limit": -3}, "limit"),
    ({"offset": -1}, "offset"),
    ({"country": "북한"}, "country must be"),
    ({"order": "random"}, "order must be one of"),
])
def test_bad_filters_raise_config_error(hand_store, kw, needle):
    with pytest.raises(ConfigError, match=needle):
        hand_store.events(**kw)


def test_bad_period_and_between(hand_store):
    with pytest.raises(ConfigError, match="by must be one of"):
        hand_store.dyad("PRK", "RUS", by="fortnight")
    with pytest.raises(ConfigError, match="between"):
        hand_store.tilt("PRK", ("RUS",))


def test_offsets_hold_for_every_stored_event(hand_store):
    arts, n = hand_store.articles(limit=None)
    assert n == 6
    for a in arts:
        art = hand_store.article(a["id"])
        for e in art["layers"]["events"]:
            assert art["text"][e["start"]:e["end"]] == e["text"]
    assert hand_store.article(99999) is None


def test_article_layers_roundtrip_to_document(hand_store):
    from sageon.schema import Document

    arts, _ = hand_store.articles(q="군사 협력")
    art = hand_store.article(arts[0]["id"])
    assert art["published"] == "2026-01-05" and len(art["layers"]["events"]) == 3
    layers = {k: v for k, v in art["layers"].items() if k in ("quotes", "times")}
    evs = [{k: v for k, v in e.items() if k not in ("id", "story_id")} for e in art["layers"]["events"]]
    doc = Document.from_dict({"text": art["text"], "published": art["published"], **layers, "events": evs})
    assert [e.type for e in doc.events] == ["COOPERATE", "SANCTION", "ACCUSE"]


def test_overview_network_search(hand_store):
    ov = hand_store.overview()
    assert (ov["articles"], ov["events"], ov["stories"]) == (6, 12, 10)
    assert ov["date_min"] == "2025-12-02" and ov["date_max"] == "2026-01-05"
    assert ov["top_dyads"][0] == {"a": "PRK", "b": "USA", "events": 5}
    assert {"a": "PRK", "b": "RUS", "events": 4} in ov["top_dyads"]
    net = hand_store.network()
    assert {n["id"] for n in net["nodes"]} == {"PRK", "RUS", "USA"}
    e = next(e for e in net["edges"] if (e["source"], e["target"], e["type"]) == ("PRK", "USA", "ACCUSE"))
    assert e["weight"] == 3 and e["intensity"] == pytest.approx(-6.0)
    assert all(x["weight"] >= 2 for x in hand_store.network(min_weight=2)["edges"])
    res = hand_store.search("제재")
    assert len(res["articles"]) == 1 and len(res["events"]) == 2


def test_dataframes(hand_store):
    df = hand_store.events_df(country="PRK")
    assert len(df) == 12 and {"type", "quad_class", "story_id", "evidence"} <= set(df.columns)
    d = hand_store.dyad_df("PRK", "RUS")
    assert list(d.columns)[:3] == ["period", "direction", "q1"] and d["events"].sum() == 4
    t = hand_store.tilt_df("PRK", ("RUS", "USA"))
    assert set(t["partner"]) == {"RUS", "USA", "tilt"}
    assert hand_store.quotes_df().empty
    assert hand_store.actors_df().empty


def test_exports(hand_store, tmp_path):
    from sageon.store.export import GDELT_COLUMNS, export

    assert export(hand_store, "csv", tmp_path / "e.csv") == 12
    with open(tmp_path / "e.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12 and rows[0]["type"]
    assert export(hand_store, "jsonl", tmp_path / "e.jsonl", type="ACCUSE") == 4
    assert export(hand_store, "parquet", tmp_path / "e.parquet") == 12
    import pandas as pd

    assert len(pd.read_parquet(tmp_path / "e.parquet")) == 12
    assert export(hand_store, "plover", tmp_path / "p.jsonl") == 12
    rec = json.loads((tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "event_type", "mode", "context", "actor1_country", "actor2_country", "date", "text"} <= set(rec)
    n = export(hand_store, "gdelt", tmp_path / "g.tsv")
    assert n == 10  # one row per story
    lines = (tmp_path / "g.tsv").read_text(encoding="utf-8").splitlines()
    cells = [ln.split("\t") for ln in lines]
    assert all(len(c) == 61 for c in cells)
    consult = next(c for c in cells if c[GDELT_COLUMNS.index("SQLDATE")] == "20251201")
    row = dict(zip(GDELT_COLUMNS, consult))
    assert row["EventRootCode"] == "04" and row["QuadClass"] == "1" and row["NumArticles"] == "2"
    assert row["Actor1CountryCode"] == "PRK" and row["Actor2CountryCode"] == "RUS"
    with pytest.raises(ConfigError):
        export(hand_store, "xml", tmp_path / "x")


def _cli(args, db_url):
    from sageon.cli import _register_all, app

    _register_all()
    return CliRunner().invoke(app, [*args, "--db", db_url], catch_exceptions=False)


def test_cli_dyad_and_tilt_tables(hand_store, db_url):
    r = _cli(["dyad", "PRK", "RUS"], db_url)
    assert r.exit_code == 0, r.output
    assert "PRK>RUS" in r.output and "RUS>PRK" in r.output and "2025-12" in r.output
    r = _cli(["dyad", "PRK", "RUS", "--format", "jsonl"], db_url)
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows[0] == {"period": "2025-12", "direction": "PRK>RUS", "q1": 2, "q2": 0, "q3": 0, "q4": 0, "events": 2,
                       "intensity_sum": 2.0, "intensity_mean": 1.0}
    r = _cli(["tilt", "PRK", "--between", "RUS", "USA"], db_url)
    assert r.exit_code == 0 and "tilt net" in r.output
    r = _cli(["tilt", "PRK", "--between", "RUS", "USA", "--format", "csv"], db_url)
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert {"period": "2025-12", "partner": "tilt", "coop": "3", "conflict": "-3", "net": "6", "intensity_sum": "19.0"} in rows


def test_cli_events_quotes_actors_export(hand_store, db_url, tmp_path):
    r = _cli(["events", "--type", "SANCTION", "--format", "jsonl"], db_url)
    assert r.exit_code == 0 and json.loads(r.stdout.splitlines()[0])["type"] == "SANCTION"
    r = _cli(["events", "--country", "PRK", "--since", "2026-01-01", "--format", "csv"], db_url)
    assert len(list(csv.DictReader(r.stdout.splitlines()))) == 3
    assert _cli(["quotes"], db_url).exit_code == 0
    assert _cli(["actors", "--format", "csv"], db_url).exit_code == 0
    r = _cli(["export", "--format", "gdelt", str(tmp_path / "g.tsv")], db_url)
    assert r.exit_code == 0 and (tmp_path / "g.tsv").exists()
    assert _cli(["dedup"], db_url).exit_code == 0
