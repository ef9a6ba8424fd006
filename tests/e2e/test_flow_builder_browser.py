"""The flow builder in a real browser: a runner drags steps from the catalog into the Given/When/Then lanes,
fills their typed fields, picks REST operations from the pinned OpenAPI, keeps a value one request answers
and uses it in a later one, saves (into a scratch
folder inside the checkout, removed afterwards: never features/), runs it with one click and watches it pass
in the live monitor, then opens it again in the builder. A viewer cannot save or run; axe-core checks the page."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.dashboard_support import REPO, RunningDashboard, running_dashboard
from tests.e2e.dashboard_browser import CHROMIUM, SKIP_REASON, browser, check_page, new_page, sign_in

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)
BODY = '{"name": "Builder Hall {namespace}", "city": "Austin", "country": "US", "capacity": 300}'


@pytest.fixture()
def dash(dsns: dict[str, str]) -> Iterator[RunningDashboard]:
    # inside the checkout so behave finds steps/ above it, outside features/ so nothing is left there
    scratch = REPO / ".jump" / f"flows-e2e-{secrets.token_hex(3)}"
    try:
        with running_dashboard(dsns["results"], flows_dir=scratch / "features") as running:
            yield running
            running.app.state.launcher.stop_all()  # type: ignore[attr-defined]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _find(page: Any, words: str, phrase: str) -> Any:
    """The catalog card of exactly ``phrase`` after searching for ``words``."""
    page.get_by_label("Search the steps").fill(words)
    card = page.locator(".flow-catalog > .flow-card").filter(has=page.get_by_text(phrase, exact=True))
    card.wait_for()
    return card


def _mouse_drag(page: Any, source: Any, target: Any, *, where: str = "middle") -> None:
    """Drags with the mouse in small moves, as a hand does (SortableJS follows pointer events); ``where``
    on ``target``: "top" puts the card before a card, "bottom" at the end of a lane."""
    start, end = source.bounding_box(), target.bounding_box()
    x0, y0 = start["x"] + 8, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + 20, end["y"] + {"top": 2, "middle": end["height"] / 2, "bottom": end["height"] - 4}[where]
    page.mouse.move(x0, y0)
    page.mouse.down()
    for n in range(1, 13):
        page.mouse.move(x0 + (x1 - x0) * n / 12, y0 + (y1 - y0) * n / 12)
        page.wait_for_timeout(20)
    page.mouse.move(x1 + 2, y1)   # rest on the target: the fallback drag looks at the pointer about every 50 ms
    page.wait_for_timeout(150)
    page.mouse.up()


def _drag(page: Any, words: str, phrase: str, lane: str) -> Any:
    """Drags a catalog card into the first scenario's lane and returns the new card."""
    target = page.locator(f'.flow-scenario >> nth=0 >> .flow-lane[data-type="{lane}"] .flow-steps').first
    before = target.locator(".flow-card").count()
    _mouse_drag(page, _find(page, words, phrase).locator(".phrase-text"), target)
    target.locator(".flow-card").nth(before).wait_for()
    return target.locator(".flow-card").nth(before)


def _add(page: Any, words: str, phrase: str) -> Any:
    """Adds a catalog card with its Add button (the keyboard way): it lands in the lane of its keyword."""
    _find(page, words, phrase).get_by_role("button", name="Add").click()
    index = page.evaluate("[...document.querySelectorAll('.flow-steps .flow-card')].indexOf(document.activeElement.closest('.flow-card'))")
    assert index >= 0
    return page.locator(".flow-steps .flow-card").nth(index)   # its place now (a later drag moves it)


def test_a_runner_builds_saves_runs_and_reopens_a_flow_and_a_viewer_cannot_save(dash: RunningDashboard) -> None:
    with browser() as chromium:
        page = new_page(chromium)
        sign_in(page, dash.url, "runner")
        page.goto(f"{dash.url}/flows/builder?area=api&name=builder_e2e&title=A+venue+built+in+the+builder")
        page.get_by_label("Name of scenario 1").fill("An admin opens a venue and reads it back")
        page.get_by_role("button", name="Add a scenario").click()
        assert page.locator(".flow-scenario").count() == 2
        page.locator(".flow-scenario").nth(1).get_by_role("button", name="Remove this scenario").click()
        assert page.locator(".flow-scenario").count() == 1

        fan = _drag(page, "is registered", 'fan "{name:Name}" is registered', "given")
        fan.get_by_label("name (Name)").fill("Maya")
        post = _drag(page, "request to with", 'I send a {method:Method} request to "{path}" {caller:Caller} with:', "when")
        post.get_by_label("Operation from the pinned OpenAPI document").select_option(label="POST /v1/venues - Create a venue")
        post.get_by_text("documented answers: 201,").wait_for()            # the picker filled method and path
        post.get_by_label("caller (Caller)").fill('as "admin"')
        post.get_by_label("Doc string").fill(BODY)
        status = _drag(page, "response status", "the response status is {status:d}", "then")
        status.get_by_label("status (d)").fill("201")

        page.get_by_role("button", name="Add When and Then lanes").click()  # a second phase: read the venue back
        get = _add(page, "request to", 'I send a {method:Method} request to "{path}" {caller:Caller}')
        get.get_by_label("Operation from the pinned OpenAPI document").select_option(label="GET /v1/venues/{id} - Get a venue")
        assert get.get_by_label("path", exact=True).input_value() == "/v1/venues/{id}"  # uses a saved value {id} ...
        get.get_by_label("caller (Caller)").fill('as "admin"')
        keep = _add(page, "keep as", 'I keep "{path}" as "{name}"')        # ... kept only after it (Add appends)
        keep.get_by_label("path", exact=True).fill("id")
        keep.get_by_label("name", exact=True).fill("id")
        page.locator("#flow-checks").get_by_text("used before it is kept").wait_for()
        first_then = page.locator('.flow-lane[data-type="then"] .flow-steps').first
        _mouse_drag(page, keep.locator(".kw"), first_then, where="bottom")  # dragged to the first Then lane, after the check
        page.locator("#flow-ok").wait_for()
        page.locator(".flow-values").get_by_text("kept first").wait_for()
        city = _add(page, "response field equals", 'the response field "{path}" equals "{text}"')
        city.get_by_label("path", exact=True).fill("city")
        city.get_by_label("text", exact=True).fill("Austin")
        page.locator("#flow-ok").wait_for()
        check_page(page, "flow-builder")

        page.get_by_role("button", name="Save and run").click()
        page.wait_for_url(lambda url: "/runs/2" in url)
        page.get_by_text("Run finished: completed (exit code 0)").wait_for(timeout=120_000)
        assert page.locator("#count-passed").inner_text() == "1" and page.locator("#count-failed").inner_text() == "0"
        check_page(page, "flow-builder-run")
        saved = dash.app.state.config.features_dir / "api" / "builder_e2e.feature"  # type: ignore[attr-defined]
        text = saved.read_text(encoding="utf-8")
        assert text.startswith("@api\nFeature: A venue built in the builder\n") and text.endswith(
            '    Then the response status is 201\n    And I keep "id" as "id"\n    When I send a GET request to "/v1/venues/{id}" as "admin"\n'
            '    Then the response field "city" equals "Austin"\n'), text

        page.goto(f"{dash.url}/flows")
        check_page(page, "flows")
        page.get_by_role("link", name="builder_e2e.feature").click()
        page.locator('.flow-steps input[value="/v1/venues/{id}"]').wait_for()
        assert page.locator(".flow-steps .flow-card").count() == 6 and page.locator("#flow-ok").count() == 1
        assert page.locator(".flow-lane").count() == 5                     # Given, When, Then, When, Then

        viewer = new_page(chromium)
        sign_in(viewer, dash.url, "viewer")
        viewer.goto(f"{dash.url}/flows/builder?area=api&name=builder_e2e")
        viewer.locator('.flow-steps input[value="/v1/venues/{id}"]').wait_for()
        assert viewer.get_by_role("button", name="Save").count() == 0 and viewer.get_by_role("button", name="Save and run").count() == 0
        refused = viewer.evaluate("""async () => (await fetch('/flows/save', {method: 'POST', headers: {'X-CSRF-Token':
            document.querySelector('meta[name=csrf-token]').content}, body: new URLSearchParams({flow: document.getElementById('flow-json').value})})).status""")
        assert refused == 403 and saved.read_text(encoding="utf-8") == text
        assert not (REPO / "features" / "api" / "builder_e2e.feature").exists()
