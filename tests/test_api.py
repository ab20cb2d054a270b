"""REST API and page routes (FastAPI TestClient) over a store built by hand from Documents.

``fixture_docs()`` builds articles with mentions, times, quotes and events at exact offsets, with
no extraction involved; the browser tests reuse it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sageon import plover
from sageon.schema import Actor, DateValue, Document, Event, Mention, Participant, Quote, TimeExpression

TOKEN = "test-token-123"

# ---------------------------------------------------------------------------------------------
# Fixture corpus, by hand


class _Doc:
    """Builds a Document whose layers point into its text by (substring, occurrence)."""

    def __init__(self, title: str, body: str, published: str, **meta):
        self.doc = Document(text=title + "\n" + body, title=title, published=dt.date.fromisoformat(published), **meta)

    def at(self, s: str, nth: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(nth + 1):
            i = self.doc.text.index(s, i + 1)
        return i, i + len(s)

    def mention(self, s, actor: Actor, nth=0, kind="name"):
        a, b = self.at(s, nth)
        self.doc.mentions.append(Mention(a, b, s, sentence=0, actor=actor, kind=kind, rule="test"))
        return self

    def time(self, s, value, nth=0):
        a, b = self.at(s, nth)
        self.doc.times.append(TimeExpression(a, b, s, sentence=0, value=value, precision="day", rule="test"))
        return self

    def quote(self, s, speaker: Participant, nth=0, verb="말했다"):
        a, b = self.at(s, nth)
        self.doc.quotes.append(Quote(a, b, s, sentence=0, direct=True, speaker=speaker, verb=verb, rule="test"))
        return self

    def event(self, s, type_, src: Participant, tgt: Participant | None, date: str | None, nth=0, modality="asserted"):
        a, b = self.at(s, nth)
        self.doc.events.append(Event(
            a, b, s, sentence=0, type=type_, modality=modality, source=src, target=tgt,
            date=DateValue(date, "day", source="test") if date else None,
            intensity=plover.goldstein(type_), quad_class=plover.quad_class(type_), rule=f"test.{type_.lower()}"))
        return self


def P(text, country, actor_id=None):
    return Participant(text=text, country=country, actor_id=actor_id or country)


PRK = Actor("PRK", "북한", "country", "PRK", name_en="North Korea")
RUS = Actor("RUS", "러시아", "country", "RUS", name_en="Russia")
USA = Actor("USA", "미국", "country", "USA", name_en="United States")
CHOE = Actor("choe-son-hui", "최선희", "person", "PRK", "GOV", "외무상", "Choe Son Hui")
PUTIN = Actor("vladimir-putin", "블라디미르 푸틴", "person", "RUS", "GOV", "대통령", "Vladimir Putin")

XSS_TITLE = "<script>window.__xss=1</script> 북한 <b>굵게</b> 제목"
XSS_BODY = ("북한은 15일 러시아와 <img src=x onerror=\"window.__xss=1\"> 협력하기로 합의했다. "
            "미국은 \"<script>window.__xss=2</script>\"라고 북한을 비난했다. & < > ' \"")


def fixture_docs(*, xss: bool = False) -> list[Document]:
    d1 = _Doc("최선희 외무상, 푸틴 대통령 접견",
              "최선희 북한 외무상은 27일 블라디미르 푸틴 러시아 대통령을 만나 양국 협력을 강화하기로 합의했다. "
              "최 외무상은 \"북러 관계는 최고 수준\"이라고 말했다.",
              "2025-10-28", outlet="뉴스임팩트", url="https://example.com/a/1", id="d1")
    d1.mention("최선희", CHOE).mention("북한", PRK).mention("블라디미르 푸틴", PUTIN).mention("러시아", RUS)
    d1.mention("최 외무상", CHOE, kind="short")
    d1.time("27일", "2025-10-27")
    d1.quote("북러 관계는 최고 수준", P("최선희", "PRK", "choe-son-hui"))
    d1.event("최선희 북한 외무상은 27일 블라디미르 푸틴 러시아 대통령을 만나", "CONSULT",
             P("최선희", "PRK", "choe-son-hui"), P("블라디미르 푸틴", "RUS", "vladimir-putin"), "2025-10-27")
    d1.event("양국 협력을 강화하기로 합의했다", "AGREE", P("최선희", "PRK", "choe-son-hui"), P("러시아", "RUS"), "2025-10-27")

    d2 = _Doc("미국, 북한 미사일 발사 규탄",
              "미국 국무부는 14일 북한의 탄도미사일 발사를 강하게 비난했다. 미국은 북한에 대한 추가 제재를 발표했다.",
              "2025-09-15", outlet="연합뉴스", url="https://example.com/a/2", id="d2")
    d2.mention("미국", USA).mention("북한", PRK).mention("미국", USA, nth=1).mention("북한", PRK, nth=1)
    d2.time("14일", "2025-09-14")
    d2.event("북한의 탄도미사일 발사를 강하게 비난했다", "ACCUSE", P("미국 국무부", "USA"), P("북한", "PRK"), "2025-09-14")
    d2.event("북한에 대한 추가 제재를 발표했다", "SANCTION", P("미국", "USA"), P("북한", "PRK"), "2025-09-15")

    d3 = _Doc("러시아, 북한에 식량 지원",
              "러시아는 20일 북한에 밀가루 1만t을 지원했다. 북한은 미국의 요구를 거부했다.",
              "2025-08-21", outlet="한겨레", url="https://example.com/a/3", id="d3")
    d3.mention("러시아", RUS).mention("북한", PRK).mention("북한", PRK, nth=1).mention("미국", USA)
    d3.time("20일", "2025-08-20")
    d3.event("북한에 밀가루 1만t을 지원했다", "AID", P("러시아", "RUS"), P("북한", "PRK"), "2025-08-20")
    d3.event("미국의 요구를 거부했다", "REJECT", P("북한", "PRK"), P("미국", "USA"), "2025-08-21")
    docs = [d1.doc, d2.doc, d3.doc]
    if xss:
        docs.append(xss_doc())
    return docs


def xss_doc() -> Document:
    d = _Doc(XSS_TITLE, XSS_BODY, "2025-07-16", outlet="<i>악성</i>", url="javascript:window.__xss=3", id="xss")
    d.mention("북한", PRK).mention("러시아", RUS).mention("<script>window.__xss=1</script>", PRK, kind="description")
    d.time("15일", "2025-07-15")
    d.quote("<script>window.__xss=2</script>", P("<b>미국</b>", "USA"))
    # Overlapping and nested spans: the event covers the mention and the <img> markup.
    d.event("러시아와 <img src=x onerror=\"window.__xss=1\"> 협력하기로 합의했다", "AGREE",
            P("<script>window.__xss=4</script>", "PRK"), P("러시아", "RUS"), "2025-07-15")
    d.event("\"<script>window.__xss=2</script>\"라고 북한을 비난했다", "ACCUSE", P("미국", "USA"), P("북한", "PRK"), "2025-07-16")
    return d.doc


def make_store(path, docs):
    from sageon.store import open_store

    st = open_store(f"sqlite:///{path}")
    st.add_documents(docs)
    return st


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    st = make_store(tmp_path_factory.mktemp("api") / "api.db", fixture_docs())
    yield st
    st.close()


@pytest.fixture(scope="module")
def client(store):
    from fastapi.testclient import TestClient

    from sageon.api import create_app

    with TestClient(create_app(store=store, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def ro_client(store):
    from fastapi.testclient import TestClient

    from sageon.api import create_app

    with TestClient(create_app(store=store, token=""), raise_server_exceptions=False) as c:
        yield c


def _err(r, status):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["error"] and isinstance(body["errors"], list)
    return body


# ---------------------------------------------------------------------------------------------
# Every endpoint


def test_fixture_offsets_hold():
    for doc in fixture_docs(xss=True):
        for layer in (doc.mentions, doc.times, doc.quotes, doc.events):
            for x in layer:
                assert doc.text[x.start:x.end] == x.text


def test_overview(client):
    r = client.get("/api/overview")
    assert r.status_code == 200
    d = r.json()
    assert d["ok"] and d["articles"] == 3 and d["events"] == 6 and d["quotes"] == 1
    assert d["date_min"] == "2025-08-21" and d["date_max"] == "2025-10-28"
    assert {tuple(sorted((x["a"], x["b"]))) for x in d["top_dyads"]} >= {("PRK", "RUS"), ("PRK", "USA")}
    assert len(d["recent_events"]) == 6


def test_events_filters_and_pagination(client):
    d = client.get("/api/events", params={"limit": 2}).json()
    assert d["total"] == 6 and len(d["rows"]) == 2 and d["offset"] == 0
    assert "offset=2" in d["next"]
    last = client.get("/api/events", params={"limit": 2, "offset": 4}).json()
    assert last["next"] is None and len(last["rows"]) == 2
    d = client.get("/api/events", params={"source": "prk", "target": "RUS"}).json()
    assert d["total"] == 2 and {e["type"] for e in d["rows"]} == {"CONSULT", "AGREE"}
    d = client.get("/api/events", params={"type": "aid"}).json()
    assert d["total"] == 1 and d["rows"][0]["source_country"] == "RUS"
    assert client.get("/api/events", params={"type": "AID,sanction"}).json()["total"] == 2
    d = client.get("/api/events", params={"since": "2025-09", "until": "2025-09"}).json()
    assert d["total"] == 2
    d = client.get("/api/events", params={"order": "date_asc"}).json()
    assert [e["date"] for e in d["rows"]] == sorted(e["date"] for e in d["rows"])
    d = client.get("/api/events", params={"text": "제재"}).json()
    assert d["total"] == 1 and d["rows"][0]["type"] == "SANCTION"


def test_events_csv_both_ways(client):
    for r in (client.get("/api/events", params={"format": "csv"}), client.get("/api/events.csv"), client.get("/events.csv")):
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        lines = r.text.strip().splitlines()
        assert lines[0].startswith("id,") and len(lines) == 7
        assert r.headers["x-total-count"] == "6"


def test_articles_list_and_one(client):
    d = client.get("/api/articles").json()
    assert d["total"] == 3 and all("text" not in a for a in d["rows"])
    aid = next(a["id"] for a in d["rows"] if a["title"].startswith("최선희"))
    art = client.get(f"/api/articles/{aid}").json()
    a = art["article"]
    assert a["title"].startswith("최선희") and len(a["layers"]["events"]) == 2
    for layer in ("mentions", "times", "quotes", "events"):
        for x in a["layers"][layer]:
            assert a["text"][x["start"]:x["end"]] == x["text"]
    assert client.get(f"/articles/{aid}.json").json()["article"]["id"] == aid
    assert client.get("/api/articles", params={"q": "식량"}).json()["total"] == 1
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles.csv").text)))
    assert len(rows) == 3 and {"id", "title", "published"} <= set(rows[0])


def test_quotes(client):
    d = client.get("/api/quotes", params={"country": "PRK"}).json()
    assert d["total"] == 1 and d["rows"][0]["text"] == "북러 관계는 최고 수준"
    assert client.get("/api/quotes.csv").status_code == 200
    assert client.get("/api/quotes", params={"country": "USA"}).json()["total"] == 0


def test_actors(client):
    d = client.get("/api/actors").json()
    assert d["total"] >= 5
    keys = {a["key"] for a in d["rows"]}
    assert {"PRK", "choe-son-hui"} <= keys
    assert client.get("/api/actors", params={"type": "person"}).json()["total"] == 2
    one = client.get("/api/actors/choe-son-hui").json()
    assert one["actor"]["name_ko"] == "최선희" and one["events_total"] == 2 and one["quotes_total"] == 1
    prk = client.get("/api/actors/PRK").json()
    assert prk["events_total"] == 6
    assert client.get("/actors/PRK.json").json()["actor"]["country"] == "PRK"


def test_dyad_and_tilt(client):
    d = client.get("/api/dyad", params={"a": "PRK", "b": "RUS"}).json()
    rows = {(r["period"], r["direction"]): r for r in d["rows"]}
    assert rows[("2025-10", "A>B")]["q1"] == 2 and rows[("2025-08", "B>A")]["q2"] == 1
    assert rows[("2025-10", "A>B")]["since"] == "2025-10-01" and rows[("2025-10", "A>B")]["until"] == "2025-10-31"
    assert d["total"] == 2
    t = client.get("/api/tilt", params={"country": "PRK", "x": "RUS", "y": "USA"}).json()
    by = {(r["period"], r["partner"]): r for r in t["rows"]}
    assert by[("2025-09", "USA")]["conflict"] == 2 and by[("2025-10", "RUS")]["net"] == 2
    assert client.get("/api/dyad.csv", params={"a": "PRK", "b": "USA"}).text.startswith("period,")
    wk = client.get("/api/dyad", params={"a": "PRK", "b": "RUS", "by": "week"}).json()
    assert all(r["since"] and r["until"] for r in wk["rows"])


def test_network(client):
    d = client.get("/api/network").json()
    assert {n["id"] for n in d["nodes"]} == {"PRK", "RUS", "USA"}
    assert any(e["source"] == "USA" and e["target"] == "PRK" and e["type"] == "SANCTION" for e in d["edges"])
    d = client.get("/api/network", params={"type": "AID"}).json()
    assert [(e["source"], e["target"]) for e in d["edges"]] == [("RUS", "PRK")]
    assert client.get("/api/network.csv").text.startswith("source,target,type")


def test_search(client):
    d = client.get("/api/search", params={"q": "최선희"}).json()
    assert d["results"]["articles"] and d["results"]["actors"]
    _err(client.get("/api/search"), 400)


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    for p in ("/api/events", "/api/articles", "/api/articles/{ref}", "/api/quotes", "/api/actors", "/api/dyad",
              "/api/tilt", "/api/network", "/api/search", "/api/overview", "/api/extract"):
        assert p in spec["paths"], p
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


# ---------------------------------------------------------------------------------------------
# Pages answer HTML, and JSON with .json or Accept


PAGES = ["/", "/events", "/dyad?a=PRK&b=RUS", "/network", "/quotes", "/actors", "/actors/PRK", "/actors/choe-son-hui",
         "/articles", "/search?q=북한", "/extract"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_html_and_json(client, url):
    r = client.get(url, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), r.text[:300]
    assert 'rel="alternate"' in r.headers["link"]
    path, _, q = url.partition("?")
    jurl = ("/index" if path == "/" else path) + ".json" + ("?" + q if q else "")
    j = client.get(jurl)
    assert j.status_code == 200 and j.json()["ok"] is True
    a = client.get(url, headers={"Accept": "application/json"})
    assert a.status_code == 200 and a.json()["ok"] is True


def test_article_page_highlights(client):
    aid = client.get("/api/articles", params={"q": "식량"}).json()["rows"][0]["id"]
    html = client.get(f"/articles/{aid}").text
    assert 'class="hl k-e' in html and 'class="hl k-m' in html and "test.aid" in html


def test_lang_toggle(client):
    ko = client.get("/events?lang=ko").text
    en = client.get("/events?lang=en").text
    assert "사건" in ko and "Events" in en and "Newest first" in en
    _err(client.get("/events.json?lang=fr"), 400)


def test_i18n_tables_match():
    from sageon.web.i18n import STRINGS

    assert set(STRINGS["ko"]) == set(STRINGS["en"])


# ---------------------------------------------------------------------------------------------
# Bad parameters: clear 4xx, never 5xx


BAD = [
    ("/api/events", {"since": "2025-13-01"}, "since"),
    ("/api/events", {"since": "yesterday"}, "since"),
    ("/api/events", {"until": "2025-02-30"}, "until"),
    ("/api/events", {"since": "2025-10-01", "until": "2025-01-01"}, "since"),
    ("/api/events", {"type": "HUG"}, "type"),
    ("/api/events", {"modality": "maybe"}, "modality"),
    ("/api/events", {"country": "P;K"}, "country"),
    ("/api/events", {"source": "1"}, "source"),
    ("/api/events", {"limit": "0"}, "limit"),
    ("/api/events", {"limit": "100000"}, "limit"),
    ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"offset": "-1"}, "offset"),
    ("/api/events", {"order": "random"}, "order"),
    ("/api/events", {"article_id": "x"}, "article_id"),
    ("/api/events", {"format": "xml"}, "format"),
    ("/api/articles", {"since": "2025-1"}, "since"),
    ("/api/quotes", {"country": "<script>"}, "country"),
    ("/api/actors", {"type": "alien"}, "type"),
    ("/api/dyad", {"a": "PRK"}, "b"),
    ("/api/dyad", {"a": "PRK", "b": "RUS", "by": "fortnight"}, "by"),
    ("/api/tilt", {"country": "PRK", "x": "RUS"}, "y"),
    ("/api/network", {"min_weight": "0"}, "min_weight"),
    ("/api/network", {"type": "x"}, "type"),
    ("/api/search", {"q": "x" * 500}, "q"),
    ("/events", {"type": "HUG"}, "type"),
    ("/dyad.json", {"a": "1"}, "a"),
]


@pytest.mark.parametrize("url,params,name", BAD)
def test_bad_params_are_400(client, url, params, name):
    body = _err(client.get(url, params=params), 400)
    assert name in body["error"]


def test_not_found(client):
    _err(client.get("/api/articles/999999"), 404)
    _err(client.get("/api/articles/abc"), 400)
    _err(client.get("/api/actors/nobody-here"), 404)
    _err(client.get("/api/nothing"), 404)
    r = client.get("/articles/999999", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_method_not_allowed_is_json(client):
    _err(client.delete("/api/events"), 405)


# ---------------------------------------------------------------------------------------------
# Writing: token, size limit


def test_post_needs_token(client, ro_client):
    body = {"text": "북한 관련 기사\n북한은 미국을 비난했다.", "published": "2025-10-01"}
    _err(ro_client.post("/api/articles", json=body), 403)
    _err(client.post("/api/articles", json=body), 401)
    _err(client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}), 401)
    _err(client.post("/api/articles", json={"text": ""}, headers={"Authorization": f"Bearer {TOKEN}"}), 400)
    _err(client.post("/api/articles", json={"text": "x", "published": "2025-99-01"},
                     headers={"Authorization": f"Bearer {TOKEN}"}), 400)


def test_post_stores_article(tmp_path):
    from fastapi.testclient import TestClient

    from sageon.api import create_app

    st = make_store(tmp_path / "w.db", [])
    with TestClient(create_app(store=st, token=TOKEN)) as c:
        body = {"text": "북한, 러시아와 협력 강화\n북한은 러시아와 협력을 강화하기로 했다.", "published": "2025-10-01",
                "outlet": "테스트", "url": "https://example.com/new"}
        r = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        assert r.json()["result"]["stored"] == 1
        assert c.get("/api/articles").json()["total"] == 1
        r2 = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r2.json()["result"]["skipped"] == 1
    st.close()


def test_body_limit_413(client):
    big = "가" * 600_000  # 1.8 MB in UTF-8
    _err(client.post("/api/articles", json={"text": big}, headers={"Authorization": f"Bearer {TOKEN}"}), 413)
    _err(client.post("/api/extract", json={"text": big}), 413)


def test_extract_api_and_page(client):
    text = "북한, 러시아와 협력\n최선희 북한 외무상은 27일 러시아를 방문했다."
    r = client.post("/api/extract", json={"text": text, "published": "2025-10-28"})
    assert r.status_code == 200, r.text
    a = r.json()["article"]
    assert a["id"] is None and a["text"] == text and set(a["layers"]) == {"mentions", "times", "quotes", "events"}
    for layer in a["layers"].values():
        for x in layer:
            assert a["text"][x["start"]:x["end"]] == x["text"]
    page = client.post("/extract", data={"text": text, "published": "2025-10-28"})
    assert page.status_code == 200 and 'id="article-text"' in page.text
    up = client.post("/extract", files={"file": ("a.txt", text.encode("cp949"), "text/plain")}, data={"published": ""})
    assert up.status_code == 200 and "최선희" in up.text
    _err(client.post("/extract.json", data={"text": "  "}), 400)
    _err(client.post("/api/extract", json={"text": "x", "published": "soon"}), 400)
    # Nothing was stored.
    assert client.get("/api/overview").json()["articles"] == 3


def test_static_and_vendor(client):
    r = client.get("/static/vendor/echarts.min.js")
    assert r.status_code == 200 and len(r.content) > 500_000
    assert client.get("/static/app.js").status_code == 200


def test_highlight_segments_flat():
    from sageon.api.routes._common import segments

    text = "abcdefghij"
    segs = segments(text, [(0, 5, "e", "e0"), (2, 4, "m", "m0"), (3, 8, "q", "q0"), (9, 99, "t", "t0"), (5, 5, "m", "x")])
    assert "".join(s["text"] for s in segs) == text
    assert [(s["start"], s["end"], s["kinds"]) for s in segs] == [
        (0, 2, ["e"]), (2, 3, ["e", "m"]), (3, 4, ["e", "m", "q"]), (4, 5, ["e", "q"]), (5, 8, ["q"]), (8, 9, []),
        (9, 10, ["t"])]


def test_json_error_shape_on_html_route_with_json_accept(client):
    r = client.get("/events", params={"since": "bad"}, headers={"Accept": "application/json"})
    body = _err(r, 400)
    assert body["errors"][0]["param"] == "since"
    assert json.loads(r.text) == body


def test_serve_bad_db_is_one_line():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "sageon.cli", "serve", "--db", "bogus://nowhere"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Error:" in r.stderr and "Traceback" not in r.stderr
