"""Store: schema, migrations, idempotent writes, atomic re-extraction."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, func, inspect, insert, select, text

from sageon.errors import StoreError
from sageon.schema import Actor, DateValue, Document, Event, Mention, Participant, Quote, TimeExpression
from sageon.store import open_store, resolve_url
from sageon.store.migrations import create_v1
from sageon.store.models import SCHEMA_VERSION, articles, events

from conftest import hand_documents


def _columns(engine, table):
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_new_store_has_current_schema(store):
    assert store.schema_version == SCHEMA_VERSION
    names = set(inspect(store.engine).get_table_names())
    assert {"articles", "actors", "mentions", "events", "quotes", "times", "ingest_runs", "ingest_errors",
            "schema_version"} <= names
    idx = {i["name"] for i in inspect(store.engine).get_indexes("events")}
    assert {"ix_events_dyad", "ix_events_dedup"} <= idx


def test_v1_store_is_migrated(db_url):
    engine = create_engine(db_url)
    create_v1(engine)
    assert "story_id" not in _columns(engine, "events")
    with engine.begin() as conn:
        aid = conn.execute(insert(articles).returning(articles.c.id),
                           [{"content_hash": "h1", "text": "북한이 러시아와 회담했다.", "published": dt.date(2025, 12, 1)}]).scalar()
        for _ in range(2):  # two reports of one story, made by v1 (no story columns)
            conn.execute(text("INSERT INTO events (article_id, start, \"end\", text, type, modality, source_country, "
                              "target_country, edate, date_precision, quad_class, intensity) VALUES "
                              "(:a, 0, 13, '북한이 러시아와 회담했다.', 'CONSULT', 'asserted', 'PRK', 'RUS', '2025-12-01', "
                              "'day', 1, 1.0)"), {"a": aid})
    engine.dispose()
    st = open_store(db_url)
    try:
        assert st.schema_version == SCHEMA_VERSION
        fresh = create_engine("sqlite://")
        from sageon.store.models import metadata

        metadata.create_all(fresh)
        for table in ("events", "articles", "actors"):
            assert _columns(st.engine, table) == _columns(fresh, table), table
        evs, n = st.events(order="id")
        assert n == 2 and evs[0]["story_id"] == evs[1]["story_id"] == evs[0]["id"] and evs[0]["story_count"] == 2
        assert st.dyad("PRK", "RUS")[0]["q1"] == 1
        with st.engine.connect() as conn:
            assert [r[0] for r in conn.execute(text("SELECT version FROM schema_version ORDER BY version"))] == [1, 2]
    finally:
        st.close()
    st = open_store(db_url)  # opening again changes nothing
    assert st.schema_version == SCHEMA_VERSION
    st.close()


def test_newer_schema_is_refused(db_url):
    st = open_store(db_url)
    with st.engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_version (version) VALUES (99)"))
    st.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(db_url)


def test_bad_url_raises_store_error(tmp_path):
    with pytest.raises(StoreError):
        open_store("nosuchdb://x/y")
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{tmp_path}/missing/dir/x.db")
    with pytest.raises(StoreError):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_resolve_url(monkeypatch):
    monkeypatch.delenv("SAGEON_DB", raising=False)
    assert resolve_url(None) == "sqlite:///sageon.db"
    monkeypatch.setenv("SAGEON_DB", "sqlite:///x.db")
    assert resolve_url(None) == "sqlite:///x.db"
    assert resolve_url("news.db") == "sqlite:///news.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_add_documents_is_idempotent(store):
    docs = hand_documents()
    assert store.add_documents(docs) == {"stored": 6, "skipped": 0}
    assert store.add_documents(hand_documents()) == {"stored": 0, "skipped": 6}
    # same URL, different text → skipped; same text, new URL → skipped
    d = hand_documents()[0]
    d.text = d.text + " 추가 문장."
    other = hand_documents()[1]
    other.url = "https://example.org/other"
    assert store.add_documents([d, other]) == {"stored": 0, "skipped": 2}
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == 6
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 12


def _full_doc() -> Document:
    title = "북러 외무장관 회담"
    body = "최선희 북한 외무상은 27일 모스크바에서 라브로프 러시아 외무장관과 회담했다. 최 외무상은 \"양국 관계는 최고 수준\"이라고 말했다."
    text = title + "\n" + body
    choe = Actor("choe_son_hui", "최선희", "person", "PRK", "GOV", "외무상", "Choe Son Hui")
    lav = Actor(None, "라브로프", "person", "RUS", "GOV")
    doc = Document(text=text, id="full-1", title=title, published=dt.date(2025, 10, 28), outlet="테스트",
                   url="https://example.org/full/1")
    i = text.index("최선희")
    j = text.index("라브로프")
    doc.mentions = [Mention(i, i + 3, "최선희", 1, choe), Mention(j, j + 4, "라브로프", 1, lav)]
    k = text.index("27일")
    doc.times = [TimeExpression(k, k + 3, "27일", 1, "2025-10-27", "day")]
    q0 = text.index("양국")
    q1 = text.index("수준") + 2
    doc.quotes = [Quote(q0, q1, text[q0:q1], 2, True, Participant("최 외무상", "PRK", "choe_son_hui"), verb="말했다")]
    s0 = text.index("최선희")
    s1 = text.index("회담했다.") + 5
    doc.events = [Event(s0, s1, text[s0:s1], 1, "CONSULT", "asserted",
                        Participant("최선희", "PRK", "choe_son_hui", "GOV"), Participant("라브로프", "RUS", None, "GOV"),
                        trigger="회담", date=DateValue("2025-10-27", "day", source="timex:27일"), location="모스크바",
                        intensity=1.0, rule="test")]
    return doc


def test_every_layer_is_stored_with_offsets(store):
    assert store.add_documents([_full_doc()])["stored"] == 1
    arts, _ = store.articles()
    art = store.article(arts[0]["id"])
    L = art["layers"]
    assert [m["text"] for m in L["mentions"]] == ["최선희", "라브로프"]
    assert L["mentions"][0]["actor"]["id"] == "choe_son_hui"
    for layer in ("mentions", "times", "quotes", "events"):
        for x in L[layer]:
            assert art["text"][x["start"]:x["end"]] == x["text"], layer
    assert L["events"][0]["date"]["value"] == "2025-10-27" and L["events"][0]["location"] == "모스크바"
    actors, n = store.actors()
    assert n == 2
    choe = next(a for a in actors if a["key"] == "choe_son_hui")
    assert (choe["mentions"], choe["events"], choe["country"]) == (1, 1, "PRK")
    assert next(a for a in actors if a["name_ko"] == "라브로프")["key"] == "라브로프|RUS"
    prof = store.actor("choe_son_hui")
    assert prof["by_month"] == [{"period": "2025-10", "mentions": 1, "events": 1}]
    assert store.actors(type="person", country="RUS")[1] == 1
    qs, n = store.quotes(country="PRK")
    assert n == 1 and qs[0]["speaker_text"] == "최 외무상" and qs[0]["direct"] is True
    assert store.quotes(speaker="choe_son_hui")[1] == 1
    assert store.events(actor="choe_son_hui")[1] == 1


def test_reextract_replaces_layers_and_stories(store, monkeypatch):
    from sageon.store import ingest

    store.add_documents(hand_documents())
    version = {"n": 0}

    def fake_pipeline(doc):
        """Keeps only CONSULT-like sentences: every article gets one event on its first sentence."""
        body_start = doc.text.index("\n") + 1
        end = doc.text.index(".", body_start) + 1
        doc.events = [Event(body_start, end, doc.text[body_start:end], 0, "CONSULT", "asserted",
                            Participant("북한", "PRK"), Participant("러시아", "RUS"),
                            date=DateValue("2025-12-01", "day"), intensity=1.0, trigger="회담", version="v2")]
        doc.versions = {"sageon.events": "sageon.events.v2"}
        version["n"] += 1
        return doc

    monkeypatch.setattr(ingest, "_PIPE", fake_pipeline)
    res = store.reextract(progress=False)
    assert res == {"reextracted": 6, "failed": 0} and version["n"] == 6
    evs, n = store.events(limit=None, order="id")
    assert n == 6 and all(e["version"] == "v2" for e in evs)
    for e in evs:
        art = store.article(e["article_id"])
        assert art["text"][e["start"]:e["end"]] == e["evidence"]
    # All six now report "a CONSULT between PRK and RUS on 12-01"; the ones with close evidence merge.
    stories = {e["story_id"] for e in evs}
    assert all(store.events(story=True, limit=None)[0][i]["story_count"] >= 1 for i in range(len(stories)))
    assert sum(e["story_count"] for e in store.events(story=True, limit=None)[0]) == 6
    assert store.dyad("PRK", "RUS")[0]["q1"] == len(stories)
    before = store.dyad("PRK", "RUS")
    assert store.dedup()["stories"] == len(stories)
    assert store.dyad("PRK", "RUS") == before


def test_reextract_failure_keeps_old_layers(store, monkeypatch):
    from sageon.store import ingest

    store.add_documents(hand_documents())

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest, "_PIPE", broken)
    errs = []
    res = store.reextract(progress=False, on_error=errs.append)
    assert res == {"reextracted": 0, "failed": 6} and "boom" in errs[0].reason
    assert store.events()[1] == 12
