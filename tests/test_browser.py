"""The dashboard in real headless Chromium (Playwright, the system's /usr/bin/chromium).

A uvicorn server runs in a thread on a free loopback port over a store built by hand
(``test_api.fixture_docs``); tests load each page, click dyad point → its events → the article,
and check what is shown. Screenshots go to ``tests/screenshots/`` (git-ignored).

Without Chromium or the ``playwright`` package these tests skip, unless ``SAGEON_REQUIRE_BROWSER``
is set (CI), where they fail. ``make browser-deps`` installs both.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_api import XSS_BODY, fixture_docs, make_store, xss_doc

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"{CHROMIUM} not found (make browser-deps installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (make browser-deps installs it)"
    return None


_missing = _browser_missing()
if _missing:
    if os.environ.get("SAGEON_REQUIRE_BROWSER"):
        raise RuntimeError(f"SAGEON_REQUIRE_BROWSER is set but {_missing}")
    pytest.skip(_missing, allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn in a thread over ``create_app(store=...)``, on 127.0.0.1 only."""

    def __init__(self, store):
        import uvicorn

        from sageon.api import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cfg = uvicorn.Config(create_app(store=store, token=""), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(cfg)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    st = make_store(tmp_path_factory.mktemp("web") / "web.db", fixture_docs())
    with LiveServer(st) as srv:
        yield srv
    st.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_overview_page(live, page):
    page.goto(live.url + "/")
    assert page.text_content("#n-articles").strip() == "3"
    assert page.text_content("#n-events").strip() == "6"
    assert "2025-08-21" in page.text_content("#date-range") and "2025-10-28" in page.text_content("#date-range")
    assert page.locator("table.dyads tbody tr").count() >= 2
    assert page.locator("table.events tbody tr").count() == 6
    shot(page, "overview")
    assert page.errors == []


def test_dyad_click_point_then_event_then_article(live, page):
    page.goto(live.url + "/dyad?a=PRK&b=RUS")
    page.wait_for_selector("#dyad-chart canvas")
    page.wait_for_function("window.__dyadChart !== undefined")
    assert page.text_content("#dyad-pair").strip() == "PRK ⇄ RUS"
    shot(page, "dyad")
    # Click the real canvas where series 0 (PRK→RUS cooperation) has its 2025-10 point.
    periods = page.evaluate("window.__dyadChart.getOption().xAxis[0].data")
    i = periods.index("2025-10")
    value = page.evaluate(f"window.__dyadChart.getOption().series[0].data[{i}]")
    assert value == 2
    x, y = page.evaluate(f"window.__dyadChart.convertToPixel({{seriesIndex: 0}}, [{i}, {value}])")
    box = page.locator("#dyad-chart").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector('#dyad-events-box[data-loaded="PRK>RUS|2025-10"]')
    rows = page.locator("#dyad-events tbody tr")
    assert rows.count() == 2
    assert "PRK→RUS" in page.text_content("#dyad-events-title")
    types = page.locator("#dyad-events tbody tr td:nth-child(2)").all_text_contents()
    assert any("CONSULT" in t for t in types) and any("AGREE" in t for t in types)
    shot(page, "dyad-clicked")
    # Tilt chart is drawn too.
    assert page.locator("#tilt-chart canvas").count() == 1
    # Event → its article, highlighted.
    page.locator("#dyad-events a.article-link").first.click()
    page.wait_for_selector("#article-text")
    assert page.text_content("#article-title").startswith("최선희 외무상")
    assert page.locator("#article-text .hl.k-e").count() >= 2
    assert page.locator("#article-text .hl.k-q").first.text_content() == "북러 관계는 최고 수준"
    assert page.locator(".ev-list li").count() == 2
    assert "test.consult" in page.text_content(".ev-list")
    assert "PRK" in page.text_content(".ev-list .ev-source") and "RUS" in page.text_content(".ev-list .ev-target")
    assert "2025-10-27" in page.text_content(".ev-list .ev-date")
    # The linked event is outlined (hash → active).
    assert page.locator("#article-text .hl.active").count() >= 1
    shot(page, "article")
    assert page.errors == []


def test_events_table_filter_sort_and_link(live, page):
    page.goto(live.url + "/events")
    assert page.locator("table.events tbody tr").count() == 6
    page.select_option("select[name=type]", "SANCTION")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?**type=SANCTION**")
    assert page.locator("table.events tbody tr").count() == 1
    page.goto(live.url + "/events?order=date_asc")
    dates = page.locator("table.events tbody tr td:first-child").all_text_contents()
    assert dates == sorted(dates)
    page.goto(live.url + "/events")
    page.locator("table.events thead a").first.click()  # sort by date, toggled
    page.wait_for_url("**order=date_asc**")
    shot(page, "events")
    page.locator("table.events a.article-link").first.click()
    page.wait_for_selector("#article-text")
    assert page.locator(".ev-list li").count() >= 1
    assert page.errors == []


def test_network_page(live, page):
    page.goto(live.url + "/network")
    page.wait_for_selector("#network-chart canvas")
    page.wait_for_function("window.__networkChart !== undefined")
    n = page.evaluate("window.__networkChart.getOption().series[0].data.length")
    assert n == 3
    assert page.locator("#edge-table tbody tr").count() == 6
    assert page.locator("#edge-events-box").is_hidden()
    links = page.evaluate("window.__networkChart.getOption().series[0].links")
    i = next(k for k, e in enumerate(links) if e["type"] == "SANCTION")
    page.evaluate(f"window.__networkShowEdge({i})")
    page.wait_for_selector('#edge-events-box[data-loaded="USA>PRK|SANCTION"]')
    assert page.locator("#edge-events tbody tr").count() == 1
    assert "추가 제재" in page.text_content("#edge-events")
    shot(page, "network")
    page.goto(live.url + "/network?type=AID")
    page.wait_for_function("window.__networkChart !== undefined")
    assert page.locator("#edge-table tbody tr").count() == 1
    assert page.errors == []


def test_actor_and_quotes_pages(live, page):
    page.goto(live.url + "/actors/choe-son-hui")
    assert page.text_content("#actor-name").startswith("최선희")
    page.wait_for_selector("#actor-chart canvas")
    assert page.locator("table.events tbody tr").count() == 2
    assert "북러 관계는 최고 수준" in page.text_content("table.quotes")
    shot(page, "actor")
    page.goto(live.url + "/actors/PRK")
    assert page.locator("table.events tbody tr").count() == 6
    page.goto(live.url + "/quotes")
    assert page.locator("table.quotes tbody tr").count() == 1
    page.goto(live.url + "/actors")
    assert page.locator("a.actor-link").count() >= 5
    assert page.errors == []


def test_language_toggle(live, page):
    page.goto(live.url + "/events?lang=ko")
    assert page.text_content("header nav").count("사건") >= 1
    page.click("#lang-en")
    page.wait_for_url("**lang=en**")
    assert "Events" in page.text_content("header nav")
    page.goto(live.url + "/")  # the choice is kept in a cookie
    assert "Overview" in page.text_content("header nav")
    shot(page, "overview-en")


def test_extract_page_real_pipeline(live, page):
    page.goto(live.url + "/extract")
    page.fill("#extract-text", "북한, 러시아와 협력 강화\n최선희 북한 외무상은 27일 모스크바에서 세르게이 라브로프 러시아 외무장관과 회담했다.")
    page.fill("input[name=published]", "2025-10-28")
    with page.expect_navigation(timeout=120_000):  # the first extraction loads Kiwi
        page.click("#extract-run")
    page.wait_for_selector("#article-text")
    assert "세르게이 라브로프" in page.text_content("#article-text")
    assert page.locator(".notice").count() == 1
    shot(page, "extract")
    assert page.errors == []


# ---------------------------------------------------------------------------------------------
# Untrusted text: a crafted article renders as text, never runs


@pytest.fixture(scope="module")
def xss_live(tmp_path_factory):
    st = make_store(tmp_path_factory.mktemp("xss") / "xss.db", [xss_doc()])
    with LiveServer(st) as srv:
        yield srv
    st.close()


def _no_xss(page):
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_xss_article_renders_as_text(xss_live, page):
    page.goto(xss_live.url + "/articles/1")
    page.wait_for_selector("#article-text")
    _no_xss(page)
    assert "<script>window.__xss=1</script>" in page.text_content("#article-title")
    text = page.text_content("#article-text")
    assert "<img src=x onerror=\"window.__xss=1\">" in text and "<script>window.__xss=2</script>" in text
    assert page.locator("#article-text img, #article-text script, #article-text b").count() == 0
    assert "<script>window.__xss=4</script>" in page.text_content(".ev-list")
    # The stored javascript: URL never becomes a link.
    assert page.locator('a[href^="javascript"]').count() == 0
    page.hover(".ev-list li")
    shot(page, "xss-article")
    _no_xss(page)


@pytest.mark.parametrize("path", ["/", "/events", "/quotes", "/actors/PRK", "/search?q=script", "/network",
                                  "/articles", "/dyad?a=PRK&b=RUS"])
def test_xss_other_pages(xss_live, page, path):
    page.goto(xss_live.url + path)
    page.wait_for_load_state("load")
    _no_xss(page)
    if path in ("/", "/events", "/actors/PRK"):
        assert "<script>window.__xss" in page.text_content("table.events")


def test_xss_through_js_lists(xss_live, page):
    """The dyad click-through list is built by script: it must use textContent."""
    page.goto(xss_live.url + "/dyad?a=PRK&b=RUS")
    page.wait_for_function("window.__dyadShow !== undefined")
    page.evaluate("window.__dyadShow('A>B', '2025-07')")
    page.wait_for_selector('#dyad-events-box[data-loaded="PRK>RUS|2025-07"]')
    assert "<img src=x onerror" in page.text_content("#dyad-events")
    assert page.locator("#dyad-events img").count() == 0
    _no_xss(page)


def test_xss_extract_page(live, page):
    page.goto(live.url + "/extract")
    page.fill("#extract-text", "<script>window.__xss=1</script> 북한\n" + XSS_BODY)
    with page.expect_navigation(timeout=120_000):  # the first extraction loads Kiwi
        page.click("#extract-run")
    page.wait_for_selector("#article-text")
    _no_xss(page)
    assert "<script>window.__xss=1</script>" in page.text_content("#article-text")
    assert "<script>window.__xss=1</script>" in page.input_value("#extract-text")


# ---------------------------------------------------------------------------------------------
# A store made by really extracting a few short articles


REAL = [
    ("최선희, 라브로프와 회담\n최선희 북한 외무상은 27일 모스크바에서 세르게이 라브로프 러시아 외무장관과 회담했다. "
     "최 외무상은 \"조러 관계는 새로운 단계에 올라섰다\"고 말했다.", "2025-10-28"),
    ("미국, 북한 미사일 발사 규탄\n미국 국무부는 14일 북한의 탄도미사일 발사를 강력히 규탄했다. "
     "국무부 대변인은 \"북한은 도발을 멈춰야 한다\"고 밝혔다.", "2025-09-15"),
    ("한중 외교장관 통화\n조현 외교부 장관은 3일 왕이 중국 외교부장과 전화 통화를 하고 한반도 정세를 논의했다.", "2025-08-04"),
    ("일본, 대북 제재 연장\n일본 정부는 북한에 대한 독자 제재를 2년 연장하기로 결정했다고 NHK가 10일 보도했다.", "2025-04-10"),
]


@pytest.fixture(scope="module")
def real_live(tmp_path_factory):
    import sageon

    docs = [sageon.extract(text, published=pub) for text, pub in REAL]
    st = make_store(tmp_path_factory.mktemp("real") / "real.db", docs)
    with LiveServer(st) as srv:
        yield srv
    st.close()


def test_really_extracted_store(real_live, page):
    page.goto(real_live.url + "/")
    assert page.text_content("#n-articles").strip() == "4"
    shot(page, "real-overview")
    for i in range(1, 5):
        page.goto(real_live.url + f"/articles/{i}")
        page.wait_for_selector("#article-text")
        full = page.text_content("#article-text")
        assert full.split("\n", 1)[0] in [t.split("\n", 1)[0] for t, _ in REAL]
    shot(page, "real-article")
    page.goto(real_live.url + "/events")
    page.goto(real_live.url + "/network")
    page.wait_for_selector("#network-chart canvas")
    assert page.errors == []


def test_openapi_docs_page_offline(live, page):
    """/docs runs Swagger UI from the vendored files: no CDN request at all."""
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live.url) else None)
    page.goto(live.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    shot(page, "docs")
    assert outside == []
