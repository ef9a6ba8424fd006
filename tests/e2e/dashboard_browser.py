"""Driving the dashboard in a real headless Chromium (Debian's, through Playwright's executable_path):
sign-in, an axe-core check of a page (0 serious or critical violations) and its screenshot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from support.dashboard.assets import AXE, NODE_MODULES
from tests.dashboard_support import PASSWORDS, REPO

CHROMIUM = Path("/usr/bin/chromium")
# as root Chromium needs --no-sandbox; the rest keeps it from reaching out to the internet
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = REPO / "reports" / "screenshots" / "dashboard"
SKIP_REASON = "Debian's chromium is not installed (apt-get install -y chromium; make chromium does it)"


@contextmanager
def browser() -> Iterator[Any]:
    """A fresh headless Chromium (Playwright gives every launch a new, empty profile)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(chromium: Any) -> Any:
    # bypass_csp only so that the test can inject axe-core; the dashboard's own scripts obey its CSP
    context = chromium.new_context(viewport={"width": 1360, "height": 900}, bypass_csp=True)
    return context.new_page()


def sign_in(page: Any, base: str, name: str, password: str | None = None) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password or PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA rules on the page as it is now; the serious and critical violations."""
    page.add_script_tag(path=str(NODE_MODULES / AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def check_page(page: Any, name: str) -> None:
    """Screenshot into reports/screenshots/dashboard/NAME.png, then axe: no serious or critical violation."""
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, f"{name}: {json.dumps(violations, indent=1)}"
