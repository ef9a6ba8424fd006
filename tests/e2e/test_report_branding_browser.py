"""The customized report (reporting.title/.language/.logo) in a real browser: the company's name and logo
where a reader looks first, top left of the Allure overview, and on the coverage page.

Same setup as tests/e2e/test_report_browser.py: the site ``./jump test:report --open`` serves, headless
Debian chromium driven by Playwright; the screenshots go to reports/screenshots/ for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.sample_run import run_sample
from tests.e2e.test_report_browser import CHROMIUM, SHOTS, chromium_page, served

TITLE = "Acme Tickets – QA report"
# a logo nobody could mistake for Allure's: a magenta square with white letters
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        '<rect width="64" height="64" rx="8" fill="#d6336c"/>'
        '<text x="32" y="43" font-size="28" font-weight="bold" text-anchor="middle" fill="#fff" font-family="sans-serif">AC</text></svg>')

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install -y chromium; make setup does it)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A sample run made with a title, German and a logo, then served by ``./jump test:report --open`` (look from the stream)."""
    root = tmp_path_factory.mktemp("branded-browser")
    (root / "acme.svg").write_text(LOGO)
    reports = run_sample(root, {"JUMP_REPORTING__TITLE": TITLE, "JUMP_REPORTING__LANGUAGE": "de",
                                "JUMP_REPORTING__LOGO": str(root / "acme.svg")})
    with served(reports) as url:
        yield url


@pytest.fixture(scope="module")
def page(site):
    with chromium_page(height=900) as page:
        yield page


@pytest.mark.req("REP-001.1")
def test_the_overview_shows_the_company_title_and_logo(site, page):
    page.goto(f"{site}/")
    page.get_by_text(TITLE).first.wait_for(timeout=20_000)  # the Overview's summary widget names the report
    assert page.title() == TITLE
    assert page.locator("html").get_attribute("lang") == "de"
    icon = page.locator(".side-nav__brand-icon")
    icon.wait_for(timeout=10_000)
    background = icon.evaluate("e => getComputedStyle(e).backgroundImage")
    assert background == f'url("{site}/plugin/custom-logo/logo.svg")', background  # ours, not Allure's built-in data: URL
    assert page.request.get(f"{site}/plugin/custom-logo/logo.svg").body().decode() == LOGO
    box = icon.bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10 and box["x"] < 100 and box["y"] < 100  # top left
    page.get_by_text("checkout").first.wait_for(timeout=10_000)  # the widgets have loaded
    assert page.get_by_text("File not found").count() == 0  # every widget has its data (the other plugins are still on)
    page.screenshot(path=str(SHOTS / "branded-overview.png"))


def test_the_coverage_page_shows_the_title_and_logo(site, page):
    page.goto(f"{site}/coverage/index.html")
    heading = page.locator("h1")
    assert heading.inner_text() == f"{TITLE} – coverage"
    logo = heading.locator("img.logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 64  # the inlined SVG decoded
    page.screenshot(path=str(SHOTS / "branded-coverage.png"))
