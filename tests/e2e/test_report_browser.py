"""The generated report, opened in a real browser (headless Debian chromium driven by Playwright).

Allure's site loads its data with XHR, so it is served over loopback HTTP, never file://.
Screenshots go to reports/screenshots/ for a human to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.config import load_settings
from support.reporting.pipeline import build_reports
from tests.e2e.sample_run import REPO, run_sample

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
SHOTS = REPO / "reports" / "screenshots"
FAILING = "The order total includes the fees"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install -y chromium; make setup does it)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    reports = run_sample(tmp_path_factory.mktemp("browser"))
    build_reports(load_settings("local"), reports)
    handler = functools.partial(QuietHandler, directory=str(reports / "allure-report"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", reports
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def page(site):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


@pytest.mark.req("REP-001.1")
def test_the_suites_page_lists_the_features(site, page):
    base, _ = site
    page.goto(f"{base}/index.html#suites")
    for area, feature in (("checkout", "Paying for seats"), ("discovery", "Finding events")):
        page.get_by_text(area, exact=True).first.click(timeout=20_000)  # the area's node expands to its features
        page.get_by_text(feature).first.wait_for(timeout=10_000)
    page.screenshot(path=str(SHOTS / "suites.png"), full_page=True)


@pytest.mark.req("REP-001.1", "REP-001.4")
def test_a_failed_tests_attachments_render(site, page):
    base, reports = site
    uid = next(json.loads(p.read_text())["uid"] for p in (reports / "allure-report" / "data" / "test-cases").glob("*.json")
               if json.loads(p.read_text())["name"] == FAILING)
    page.goto(f"{base}/index.html#testresult/{uid}")
    page.get_by_text(FAILING).first.wait_for(timeout=20_000)
    page.get_by_text("When the fan buys 2 seats").first.click()
    page.get_by_text("inventory database diff").first.click()
    page.get_by_text("inventory.seat: 2 updated").first.wait_for(timeout=10_000)
    page.get_by_text("rest: POST /v1/orders -> 201 (12 ms)").first.click()
    page.get_by_text('"Authorization": "********"').first.wait_for(timeout=10_000)
    page.get_by_text("Then the order total is").first.click()
    page.get_by_text("log of failed step").first.click()
    page.get_by_text("password ******** and token ********").first.wait_for(timeout=10_000)
    assert page.get_by_text("API-001.2").first.is_visible()  # the requirement link
    page.screenshot(path=str(SHOTS / "failed-test.png"), full_page=True)


@pytest.mark.req("REP-001.1", "REP-001.2")
def test_the_coverage_page_renders_inside_the_site(site, page):
    base, _ = site
    page.goto(f"{base}/coverage/index.html")
    table = page.locator("#features")
    table.get_by_text("Paying for seats").wait_for(timeout=10_000)
    assert page.locator("#summary").inner_text().count("%") == 5
    assert "FT-001.2" in page.locator("#uncovered").inner_text()
    page.screenshot(path=str(SHOTS / "coverage.png"), full_page=True)
    page.get_by_text("Allure report").click()
    page.wait_for_url(f"{base}/index.html*")

