"""The dashboard in a real browser: sign-in, roles, every page checked by axe-core and photographed
(reports/screenshots/dashboard/ for a reviewer)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.dashboard_support import SAMPLE_RUN_ID, RunningDashboard, running_dashboard, sample_checkout
from tests.e2e.dashboard_browser import CHROMIUM, SHOTS, SKIP_REASON, browser, check_page, new_page, sign_in

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDashboard]:
    root = sample_checkout(tmp_path_factory.mktemp("checkout"))
    with running_dashboard(dsns["results"], repo=root, sample_history=True,
                           config_dir=tmp_path_factory.mktemp("jump-config")) as running:
        yield running


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as launched:
        yield launched


def test_sign_in_page(dash: RunningDashboard, chromium: Any) -> None:
    page = new_page(chromium)
    page.goto(f"{dash.url}/")
    assert "/login" in page.url
    check_page(page, "sign-in")
    page.get_by_label("Name").fill("viewer")
    page.get_by_label("Password").fill("wrong-password-0")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").wait_for()
    assert "not right" in page.get_by_role("alert").inner_text()
    check_page(page, "sign-in-refused")


def test_admin_pages(dash: RunningDashboard, chromium: Any) -> None:
    page = new_page(chromium)
    sign_in(page, dash.url, "admin")
    for path, name in (("/", "overview"), ("/users", "users"), ("/audit", "audit-log"), ("/config?env=local", "configuration-admin")):
        page.goto(f"{dash.url}{path}")
        check_page(page, name)
    page.goto(f"{dash.url}/data")
    page.get_by_label("Table").select_option("inventory.inventory_item")
    page.get_by_label("Rows").fill("5")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Plan (dependency order)").wait_for()
    check_page(page, "data-generator")
    page.goto(f"{dash.url}/users")
    page.get_by_label("Name", exact=True).fill("dana")
    page.get_by_label("Role", exact=True).select_option("runner")
    page.get_by_label("Password (12 characters or more)").fill("dana-password-1")
    page.get_by_role("button", name="Save account").click()
    page.get_by_role("status").wait_for()
    assert "dana (runner) saved" in page.get_by_role("status").inner_text()


def test_a_viewer_is_refused_an_admin_page(dash: RunningDashboard, chromium: Any) -> None:
    page = new_page(chromium)
    sign_in(page, dash.url, "viewer")
    assert page.get_by_role("link", name="Users").count() == 0
    answer = page.goto(f"{dash.url}/users")
    assert answer.status == 403
    check_page(page, "refused")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/login" in url)


def test_results_history_and_reports_pages(dash: RunningDashboard, chromium: Any) -> None:
    page = new_page(chromium)
    sign_in(page, dash.url, "viewer")
    page.goto(f"{dash.url}/results")
    check_page(page, "results")
    page.get_by_role("link").filter(has_text=" UTC").first.click()          # the newest run
    page.get_by_role("heading", name="checkout").wait_for()
    check_page(page, "run")
    page.get_by_role("link", name="The order total includes the fees").click()
    page.get_by_role("heading", name="Exchanges and created rows").wait_for()
    check_page(page, "scenario-in-run")
    page.get_by_role("link", name="Its history").click()
    page.get_by_text("1 of the last 3 results passed.").wait_for()
    check_page(page, "scenario-history")
    for path, name in (("/trends", "trends"), ("/coverage", "coverage"), (f"/failures?run={SAMPLE_RUN_ID}", "failures"),
                       ("/reports", "reports"), (f"/reports/{SAMPLE_RUN_ID}", "report"), ("/config?env=local", "configuration")):
        page.goto(f"{dash.url}{path}")
        check_page(page, name)


def test_the_allure_report_opens_at_the_scenario(dash: RunningDashboard, chromium: Any) -> None:
    page = new_page(chromium)
    sign_in(page, dash.url, "viewer")
    page.goto(f"{dash.url}/results")
    page.get_by_role("link").filter(has_text=" UTC").first.click()
    page.get_by_role("row").filter(has_text="The order total includes the fees").get_by_role("link", name="Allure", exact=True).click()
    page.get_by_text("The order total includes the fees").first.wait_for(timeout=30_000)
    page.screenshot(path=str(SHOTS / "allure-at-scenario.png"))
