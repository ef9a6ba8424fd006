"""The flow builder's pages against a real dashboard (loopback, the real results database): a runner
saves a flow into a scratch features folder (never the checkout's features/), a refused save writes
nothing, overwriting needs confirmation, an opened file saves back unchanged, a viewer may look and
check but not save or run, and every action is in the audit log. The browser side: tests/e2e."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.flows.model import Flow, Scenario, Step
from tests.dashboard_support import REPO, RunningDashboard, running_dashboard

FLOW_JSON = re.compile(r'id="flow-json" name="flow" value="([^"]*)"')
OPENED_SHA = re.compile(r'name="opened_sha" value="([^"]*)"')


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDashboard]:
    features = tmp_path_factory.mktemp("flows") / "features"
    shutil.copytree(REPO / "features" / "checkout", features / "checkout")
    with running_dashboard(dsns["results"], flows_dir=features) as running:
        yield running


def _features(dash: RunningDashboard) -> Path:
    return dash.app.state.config.features_dir  # type: ignore[attr-defined,no-any-return]


def _flow(name: str = "group_buying", text: str = 'fan "Maya" is registered') -> Flow:
    return Flow(area="checkout", name=name, feature="Buying in a group", scenarios=[Scenario(name="A fan registers", steps=[
        Step(step_type="given", text=text),
        Step(step_type="when", text='I send a GET request to "/v1/venues/{venue_id}" as "admin"'),
        Step(step_type="when", text='I keep "id" as "venue_id"'),
        Step(step_type="then", text="the response status is 200")])])


def _save(dash: RunningDashboard, http: object, flow: Flow, **extra: str) -> object:
    data = {"csrf": dash.csrf(http, "/flows"), "flow": flow.model_dump_json()} | extra  # type: ignore[arg-type]
    return http.post(f"{dash.url}/flows/save", data=data, timeout=30, allow_redirects=False)  # type: ignore[attr-defined]


def _audit(dash: RunningDashboard) -> list[tuple[str, str, str]]:
    return [(e.actor, e.action, e.target) for e in dash.app.state.audit.recent(50)]  # type: ignore[attr-defined]


def test_a_viewer_opens_and_checks_a_flow_but_cannot_save_it(dash: RunningDashboard) -> None:
    viewer = dash.sign_in("viewer")
    listing = viewer.get(f"{dash.url}/flows", timeout=10)
    assert listing.status_code == 200 and "buying_tickets.feature" in listing.text
    page = viewer.get(f"{dash.url}/flows/builder?area=checkout&name=buying_tickets", timeout=60)
    assert page.status_code == 200 and 'id="flow-save"' not in page.text and "Sortable.min.js" in page.text
    checked = viewer.post(f"{dash.url}/flows/validate", data={"flow": _flow(text='fan "Maya" is registred').model_dump_json()},
                          headers={"X-CSRF-Token": dash.csrf(viewer, "/flows")}, timeout=30)
    assert checked.status_code == 200 and "undefined step" in checked.text and 'fan &#34;{name:Name}&#34; is registered' in checked.text
    assert "used before it is kept" in checked.text                       # {venue_id} is kept one step later
    refused = _save(dash, viewer, _flow())
    assert refused.status_code == 403 and not (_features(dash) / "checkout" / "group_buying.feature").exists()
    started = viewer.post(f"{dash.url}/flows/save", data={"csrf": dash.csrf(viewer, "/flows"), "flow": _flow().model_dump_json(),
                                                           "then_run": "1"}, timeout=30, allow_redirects=False)
    assert started.status_code == 403 and dash.app.state.launcher.active() == []  # type: ignore[attr-defined]
    assert ("viewer", "opened flow", "features/checkout/buying_tickets.feature") in _audit(dash)


def test_a_runner_saves_a_valid_flow_with_its_area_tag_and_a_refused_one_writes_nothing(dash: RunningDashboard) -> None:
    runner = dash.sign_in("runner")
    target = _features(dash) / "checkout" / "group_buying.feature"
    early = _save(dash, runner, _flow())
    assert early.status_code == 422 and "problem(s) to fix first" in early.text and not target.exists()
    flow = _flow()
    given = flow.scenarios[0].steps[0]
    flow.scenarios[0].steps = [given, Step(step_type="when", text='I send a POST request to "/v1/venues" as "admin"'),
                               Step(step_type="when", text='I keep "id" as "venue_id"'),                    # kept, then used
                               Step(step_type="then", text='the response field "id" equals "{venue_id}"')]
    saved = _save(dash, runner, flow)
    assert saved.status_code == 303 and saved.headers["location"] == "/flows/builder?area=checkout&name=group_buying&saved=1"
    assert target.read_text(encoding="utf-8") == (
        '@checkout\nFeature: Buying in a group\n  Scenario: A fan registers\n    Given fan "Maya" is registered\n'
        '    When I send a POST request to "/v1/venues" as "admin"\n    And I keep "id" as "venue_id"\n'
        '    Then the response field "id" equals "{venue_id}"\n')
    smuggled = json.loads(flow.model_dump_json())
    smuggled["scenarios"][0]["name"] = "A fan registers\n  Scenario: another one"
    refused = runner.post(f"{dash.url}/flows/save", data={"csrf": dash.csrf(runner, "/flows"), "flow": json.dumps(smuggled)},
                          timeout=30, allow_redirects=False)
    assert refused.status_code == 400 and "the flow is not valid: scenarios.0.name" in refused.text
    outside = _save(dash, runner, flow.model_copy(update={"area": ".."}))
    assert outside.status_code == 400 and "not allowed" in outside.text
    assert _audit(dash)[:4] == [("runner", "refused flow save", "../group_buying"), ("runner", "refused flow save", ""),
                                             ("runner", "saved flow", "features/checkout/group_buying.feature"),
                                             ("runner", "refused flow save", "features/checkout/group_buying.feature")]
    created = [e for e in dash.app.state.audit.recent(50) if e.action == "saved flow"][0]  # type: ignore[attr-defined]
    assert created.detail == {"scenarios": 1, "unchanged": False, "overwrote": False}  # a new file overwrote nothing


def test_overwriting_a_file_needs_confirmation_and_an_opened_file_saves_back_unchanged(dash: RunningDashboard) -> None:
    runner = dash.sign_in("runner")
    target = _features(dash) / "checkout" / "buying_tickets.feature"
    before = target.read_bytes()
    stranger = _flow(name="buying_tickets")
    stranger.scenarios[0].steps = stranger.scenarios[0].steps[:1]
    asked = _save(dash, runner, stranger)
    assert asked.status_code == 409 and "exists already and is not the file you opened" in asked.text and target.read_bytes() == before
    page = runner.get(f"{dash.url}/flows/builder?area=checkout&name=buying_tickets", timeout=30).text
    flow_json, sha = html.unescape(FLOW_JSON.search(page).group(1)), OPENED_SHA.search(page).group(1)  # type: ignore[union-attr]
    assert json.loads(flow_json)["scenarios"][0]["name"] == "A fan buys two seats"
    again = _save(dash, runner, Flow.model_validate_json(flow_json), opened="checkout/buying_tickets", opened_sha=sha)
    assert again.status_code == 303 and target.read_bytes() == before
    assert dash.app.state.audit.recent(1)[0].detail == {"scenarios": 5, "unchanged": True, "overwrote": False}  # type: ignore[attr-defined]
    confirmed = _save(dash, runner, stranger, overwrite="1")
    assert confirmed.status_code == 303 and target.read_text(encoding="utf-8").count("Scenario:") == 1
    assert dash.app.state.audit.recent(1)[0].detail["overwrote"] is True  # type: ignore[attr-defined]


def test_the_catalog_search_answers_a_partial(dash: RunningDashboard) -> None:
    viewer = dash.sign_in("viewer")
    part = viewer.get(f"{dash.url}/flows/catalog", params={"q": "keep as"}, timeout=30)
    assert part.status_code == 200 and "<html" not in part.text and 'I keep &#34;{path}&#34; as &#34;{name}&#34;' in part.text
    assert part.text.count('class="flow-card"') == 1
