"""In a real headless Chromium (Debian's, driven by Playwright): the report and the web app as people use them.

Skipped when chromium is not installed, unless CLAIMTRAIL_REQUIRE_BROWSER=1 (as in CI, where
.ci/run installs it with apt-get): then a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time

import pytest

from claimtrail.options import Options
from claimtrail.store import SQLiteStore
from claimtrail.story import link_store
from claimtrail.web import create_app

from .conftest import EXAMPLES, report_of_examples

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
XSS = ("Kop van een bericht met code\n\nDe minister zei dat <script>alert('xss')</script> niet mag en dat "
       "<img src=x onerror=alert(1)> ook niet. Volgens de NAVO zijn er 3000 militairen.\n")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("CLAIMTRAIL_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is not installed, but CLAIMTRAIL_REQUIRE_BROWSER=1 (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ctx.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    _, out = report_of_examples(tmp_path_factory.mktemp("browser-report"), XSS)
    return out


def test_report_claim_to_highlighted_sentence_filter_chart(page, report_file, tmp_path):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report_file.as_uri())
    assert page.locator("figure.chart svg").first.is_visible()  # the chart is drawn
    first = page.locator("section.proposition").first
    link = first.locator("tr.claim a.to-claim").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function("location.hash.length > 1")
    active = page.locator(".evidence.active")
    assert active.count() >= 1 and active.first.is_visible()
    assert page.evaluate("location.hash") == target
    page.select_option("#f-stance", "deny")
    visible = page.locator("tr.claim:not(.hidden)")
    assert visible.count() >= 1
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.stance)")) == {"deny"}
    assert "claims shown" in page.inner_text("#f-count")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), [u for u in requests if not u.startswith("file:")]
    assert page.dialogs == []


def test_report_renders_html_in_articles_as_text(page, report_file):
    page.goto(report_file.as_uri() + "#art-xss.txt")
    text = page.inner_text("#art-xss\\.txt")
    assert "<script>alert('xss')</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.dialogs == []
    assert page.locator("#art-xss\\.txt img").count() == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(example_pipeline, tmp_path_factory):
    import uvicorn

    d = tmp_path_factory.mktemp("browser-web")
    (d / "xss.txt").write_text(XSS, encoding="utf-8")
    db = d / "web.db"
    store = SQLiteStore(db)
    for _ in example_pipeline.run([str(EXAMPLES), str(d / "xss.txt")], store=store):
        pass
    link_store(store, example_pipeline.registry)  # what `claimtrail ingest` does at its end
    store.close()
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db), options=Options(actor_files=(EXAMPLES / "actors.yaml",))),
                                        host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(timeout=5)


def test_app_story_to_evidence_search_and_filter(page, server, tmp_path):
    page.goto(server + "/")
    page.locator("ol.propositions a").first.click()
    page.wait_for_selector("table.claims")
    page.select_option("#f-stance", index=1)
    chosen = page.eval_on_selector("#f-stance", "s => s.value")
    stances = page.locator("tr.claim:not(.hidden)").evaluate_all("rows => rows.map(r => r.dataset.stance)")
    assert stances and set(stances) == {chosen}
    page.locator("tr.claim:not(.hidden) a.to-claim").first.click()
    page.wait_for_selector(".evidence.active")
    assert page.locator(".evidence.active").first.is_visible()
    page.fill("form.search input[name=q]", "Norvalis")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_selector("ul.results mark")
    assert page.locator("ul.results mark").count() >= 1
    page.goto(server + "/search?q=%22unclosed")
    assert "E020" in page.inner_text("p.error")
    page.screenshot(path=str(tmp_path / "app.png"))
    assert page.dialogs == []


def test_app_renders_html_in_articles_as_text(page, server):
    page.goto(server + "/articles/xss.txt")
    text = page.inner_text("pre.text")
    assert "<script>alert('xss')</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("pre.text img").count() == 0
    page.goto(server + "/search?q=minister")
    assert page.dialogs == []
