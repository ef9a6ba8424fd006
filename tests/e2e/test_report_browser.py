"""The generated report, opened in a real browser (headless Debian chromium driven by Playwright).

The site is the one ``./jump test:report --open`` serves (Allure's site loads its data with fetch(),
so it needs HTTP, never file://): the test starts that command, reads the URL it prints and browses
it. Playwright drives the system's chromium (headless, its own fresh profile per launch), the same
browser driver the project already pins. Screenshots go to reports/screenshots/ for a human to look at.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.sample_run import REPO, run_sample

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
SHOTS = REPO / "reports" / "screenshots"
FAILING = "The order total includes the fees"
SERVING = "serving the report at "

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install -y chromium; make setup does it)")


@contextmanager
def served(reports: Path, *flags: str) -> Iterator[str]:
    """``./jump test:report --reports-dir REPORTS --open FLAGS``: yields the URL it prints, then stops it with Ctrl-C."""
    # reports_dir apart: the command carries Allure's trend history in <reports_dir>/history, not in the checkout's
    env = {**os.environ, "JUMP_ENV": "local", "PYTHONUNBUFFERED": "1", "JUMP_REPORTING__REPORTS_DIR": str(reports.parent / "reports-root")}
    env.pop("DISPLAY", None)  # print the URL only, never try to open a desktop browser
    server = subprocess.Popen([sys.executable, "-m", "support.run.cli", "test:report", "--reports-dir", str(reports), "--open", *flags],
                              cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        printed = []
        assert server.stdout is not None
        for line in server.stdout:  # the report is built first, then the URL is printed
            printed.append(line)
            if line.startswith(SERVING):
                break
        else:
            raise AssertionError(f"test:report --open printed no URL: {''.join(printed)}")
        url = line[len(SERVING):].split(" ", 1)[0]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        # the rest of its output is read as it comes: a full pipe would block the server, and it is shown on failure
        later: list[str] = []
        reader = threading.Thread(target=lambda: later.extend(server.stdout or ()), daemon=True)
        reader.start()
        yield url.rstrip("/")
        server.send_signal(signal.SIGINT)  # Ctrl-C: stops serving, exit 0
        assert server.wait(timeout=20) == 0, "".join(later)
        reader.join(timeout=5)
        assert "Traceback" not in "".join(later), "".join(later)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``./jump test:report --open`` on a sample run: the URL it prints, and the run's folder."""
    reports = run_sample(tmp_path_factory.mktemp("browser"))
    with served(reports) as url:
        yield url, reports


@contextmanager
def chromium_page(height: int = 1000) -> Iterator[Any]:
    """A page of headless Chromium (Playwright on the system's chromium), 1400 px wide; SHOTS made for its screenshots."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": height})
        finally:
            browser.close()


@pytest.fixture(scope="module")
def page(site):
    with chromium_page() as page:
        yield page


@pytest.mark.req("REP-001.1")
@pytest.mark.req("REP-001.1", "REP-001.2")
def test_the_overview_links_to_the_coverage_page(site, page):
    base, _ = site
    page.goto(f"{base}/")
    link = page.get_by_role("link", name="% of requirements proven")
    link.wait_for(timeout=20_000)
    assert link.get_attribute("href") == "coverage/index.html"
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)
    with page.context.expect_page() as opened:  # Allure opens executor links in a new tab
        link.click()
    coverage = opened.value
    coverage.wait_for_load_state()
    assert coverage.url == f"{base}/coverage/index.html"
    coverage.locator("#requirements").wait_for(timeout=10_000)
    assert "FT-001.1" in coverage.locator("#requirements").inner_text()
    coverage.screenshot(path=str(SHOTS / "overview-to-coverage.png"), full_page=False)
    coverage.close()


@pytest.mark.req("API-001.5")
def test_the_overview_and_the_coverage_page_link_to_the_api_response_times(site, page):
    base, _ = site
    page.goto(f"{base}/")
    link = page.get_by_role("link", name="slowest p95")
    link.wait_for(timeout=20_000)
    assert link.get_attribute("href") == "coverage/api-timings.html"
    with page.context.expect_page() as opened:
        link.click()
    timings = opened.value
    timings.wait_for_load_state()
    assert timings.url == f"{base}/coverage/api-timings.html"
    assert "POST /v1/orders" in timings.locator("#operations").inner_text()
    timings.screenshot(path=str(SHOTS / "api-timings.png"), full_page=True)
    timings.goto(f"{base}/coverage/index.html")
    timings.locator("#api-timings-link").click()                  # the coverage page's header links there too
    timings.wait_for_url(f"{base}/coverage/api-timings.html")
    timings.close()


@pytest.mark.req("REP-001.2")
def test_a_requirement_link_leads_to_its_row_on_the_coverage_page(site, page):
    base, reports = site
    uid = next(json.loads(p.read_text())["uid"] for p in (reports / "allure-report" / "data" / "test-cases").glob("*.json")
               if json.loads(p.read_text())["name"] == FAILING)
    page.goto(f"{base}/index.html#testresult/{uid}")
    link = page.get_by_role("link", name="API-001.2")
    link.wait_for(timeout=20_000)
    assert link.get_attribute("href") == "coverage/index.html#API-001.2"
    with page.context.expect_page() as opened:
        link.click()
    row = opened.value
    row.wait_for_load_state()
    assert row.url == f"{base}/coverage/index.html#API-001.2"
    assert row.locator("tr:target").get_attribute("id") == "API-001.2"
    assert "The order total includes the fees" in row.locator("tr:target").inner_text()
    row.screenshot(path=str(SHOTS / "requirement-row.png"))
    row.close()


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

