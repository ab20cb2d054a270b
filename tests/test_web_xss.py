"""Untrusted article text in server-rendered HTML: escaped everywhere, no browser needed.

(The browser proves the same by running the pages: tests/test_browser.py ``test_xss_*``.)
"""

from __future__ import annotations

import re

import pytest

from test_api import TOKEN, make_store, xss_doc


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from sageon.api import create_app

    st = make_store(tmp_path_factory.mktemp("xss") / "x.db", [xss_doc()])
    with TestClient(create_app(store=st, token=TOKEN), raise_server_exceptions=False) as c:
        yield c
    st.close()


PAGES = ["/articles/1", "/", "/events", "/quotes", "/actors/PRK", "/search?q=script", "/network", "/articles",
         "/dyad?a=PRK&b=RUS", "/actors"]


def _scripts_are_ours(html: str) -> None:
    # Every <script> tag in the page is one of ours: JSON data blocks or /static files.
    for tag in re.findall(r"<script[^>]*>", html, flags=re.I):
        assert tag in ('<script type="application/json" id="i18n">', '<script type="application/json" id="page-data">') \
            or re.fullmatch(r'<script src="/static/[\w./-]+"></script>'[:-9], tag), tag
    assert "<img" not in html and "onerror=\"window" not in html and "<b>" not in html and "<i>" not in html


@pytest.mark.parametrize("path", PAGES)
def test_pages_escape_article_text(client, path):
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200
    _scripts_are_ours(r.text)
    assert 'href="javascript' not in r.text.lower()


def test_article_text_is_escaped_not_dropped(client):
    html = client.get("/articles/1").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html


def test_json_data_blocks_cannot_close_the_script(client):
    html = client.get("/dyad?a=PRK&b=RUS").text
    block = html.split('<script type="application/json" id="page-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block  # tojson writes < as \\u003c


def test_extract_page_escapes(client):
    r = client.post("/extract", data={"text": "<script>window.__xss=1</script> 제목\n북한은 <img src=x onerror=alert(1)> 비난했다."})
    assert r.status_code == 200
    _scripts_are_ours(r.text)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in r.text


def test_error_page_escapes(client):
    r = client.get("/events?type=<script>alert(1)</script>", headers={"Accept": "text/html"})
    low = r.text.lower()
    assert r.status_code == 400 and "<script>alert(1)" not in low and "&lt;script&gt;" in low
