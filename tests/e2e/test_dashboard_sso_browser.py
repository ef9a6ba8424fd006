"""Single sign-on in a real browser: Debian's Chromium clicks "Sign in with Corp ID", signs in on the
real provider's own pages (node-oidc-provider on loopback, tests/dashboard_support.oidc_provider) and
lands signed in with the mapped role, then signs out of both the dashboard and the provider (the next
sign-in meets the provider's login page again); the sign-in page with the button passes axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.dashboard_support import RunningDashboard, dashboard_with_sso
from tests.e2e.dashboard_browser import CHROMIUM, SKIP_REASON, browser, check_page, new_page

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDashboard]:
    with dashboard_with_sso(dsns["results"], tmp_path_factory.mktemp("oidc")) as running:
        yield running


def test_sign_in_through_the_identity_provider(dash: RunningDashboard) -> None:
    with browser() as chromium:
        page: Any = new_page(chromium)
        page.goto(f"{dash.url}/runs")
        check_page(page, "sign-in-sso")
        page.get_by_role("link", name="Sign in with Corp ID").click()
        page.wait_for_url(lambda url: url.startswith(dash.sso_issuer))  # the provider's own sign-in page
        page.locator("input[name=login]").fill("alice@corp.test")
        page.locator("input[name=password]").fill("any password")
        page.get_by_role("button", name="Sign-in").click()
        page.get_by_role("button", name="Continue").click()              # the provider's consent page
        page.wait_for_url(f"{dash.url}/runs")                            # back where the visitor wanted to go
        assert "alice@corp.test (admin)" in page.locator("header").inner_text()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(lambda url: url.startswith(dash.sso_issuer))  # the provider asks to end its session too
        page.get_by_role("button", name="Yes, sign me out").click()
        page.wait_for_url(f"{dash.url}/login")
        page.get_by_role("link", name="Sign in with Corp ID").click()
        page.wait_for_url(lambda url: url.startswith(dash.sso_issuer))
        assert page.locator("input[name=login]").is_visible()            # asked who you are again, not signed straight in
