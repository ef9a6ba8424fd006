"""The dashboard in a real browser: sign-in, roles, every page checked by axe-core and photographed
(reports/screenshots/dashboard/ for a reviewer)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.dashboard_support import RunningDashboard, running_dashboard
from tests.e2e.dashboard_browser import CHROMIUM, SKIP_REASON, browser, check_page, new_page, sign_in

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str]) -> Iterator[RunningDashboard]:
    with running_dashboard(dsns["results"]) as running:
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
    for path, name in (("/", "overview"), ("/users", "users"), ("/audit", "audit-log")):
        page.goto(f"{dash.url}{path}")
        check_page(page, name)
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
