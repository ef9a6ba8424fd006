"""A tiny behave project outside features/ that runs with the framework's reporting wired in.

Why a separate project: the report tests need a run with a known failure, known traffic and
known secrets, without touching the real suite or needing the platform. The steps emit the same
plugin hooks the clients and factories emit (through the transport's own masking functions).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAN_PASSWORD = "jump-fan-local"   # the local stack's fan password: load_settings("local") registers it
SAMPLE_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYXlhIn0.c2lnbmF0dXJlLXNhbXBsZQ"

ENVIRONMENT = '''
import json
import os
from pathlib import Path

from support.config import load_settings
from support.plugins.manager import plugin_manager
from support.reporting import runtime
from support.reporting.allure_plugin import AllureReporter
from support.run import events as ev
from support.run.worker_stream import StreamWriter

OPENAPI = {"openapi": "3.1.0", "paths": {"/v1/orders": {"post": {}, "get": {}}, "/v1/orders/{id}": {"get": {}},
                                         "/v1/events": {"get": {}}}}


def before_all(context):
    context.settings = load_settings("local")
    folder = Path(os.environ["JUMP_REPORTING__REPORTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "openapi.json").write_text(json.dumps(OPENAPI))
    if plugin_manager().get_plugin("allure") is None:
        plugin_manager().register(AllureReporter(), name="allure")
    context.events = StreamWriter(folder / ev.EVENTS_FILE, "w0", folder, Path.cwd())
    context.events.emit(runtime.run_started(context.settings, "sample"))
    runtime.start_run(context.events)


def before_scenario(context, scenario):
    context.events.scenario_started(scenario)


def before_step(context, step):
    runtime.start_step()
    context.events.step_started()


def after_step(context, step):
    runtime.end_step(step)
    context.events.step_finished(step)


def after_scenario(context, scenario):
    context.events.scenario_finished(scenario)


def after_all(context):
    context.events.emit(ev.RunFinished(reason="test_failures", exit_code=1, counts=context.events.counts))
'''

STEPS = f'''
import logging

from behave import given, then, when

from support.assertions import ExpectationFailed
from support.clients.exchange import Exchange
from support.clients.masking import mask_data, mask_headers
from support.plugins.manager import hooks

log = logging.getLogger("support.sample")
JWT = "{SAMPLE_JWT}"


def _send(service, operation, method, url, body, status, response):
    hooks().jump_exchange(exchange=Exchange(
        service=service, operation=operation, method=method, url=url,
        request_headers=mask_headers({{"Authorization": "Bearer " + JWT, "X-Request-Id": "rq-1"}}),
        request_body=mask_data(body), status=status, response_headers={{"content-type": "application/json"}},
        response_body=mask_data(response), duration_ms=12.5))


@given("a registered fan")
def fan(context):
    hooks().jump_data_created(entity="Fan", data=mask_data({{"id": "f-1", "email": "maya@example.com", "password": "{FAN_PASSWORD}"}}))


@when("the fan browses the events")
def browse(context):
    _send("graphql", "Events", "POST", "http://127.0.0.1:9/graphql",
          {{"query": "query Events {{ events {{ __typename }} }}", "operationName": "Events"}}, 200, {{"data": {{}}}})


@when("the fan buys {{seats:d}} seats")
def buy(context, seats):
    _send("rest", "POST /v1/orders", "POST", "http://127.0.0.1:9/v1/orders", {{"seats": seats, "card_number": "4111111111111111"}},
          201, {{"id": "3f1c2d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f", "total": "$120.00", "accessToken": JWT}})
    hooks().jump_data_changed(database="inventory", summary={{"seat": (0, seats, 0)}},
                              text=f"inventory.seat: {{seats}} updated (status available -> sold)")
    _send("rest", "GET /v1/orders/{{id}}", "GET", "http://127.0.0.1:9/v1/orders/4711", None, 200, {{"id": 4711}})


@then("the order is paid")
def paid(context):
    pass


@then("the order total is {{total}}")
def total(context, total):
    log.warning("charging order 4711 as maya with password {FAN_PASSWORD} and token %s", JWT)
    raise ExpectationFailed(f"order 4711 total: expected {{total!r}}, got '$120.00'")
'''

CHECKOUT = '''
@checkout
Feature: Paying for seats
  @req:FT-001.1 @critical
  Scenario: A fan buys seats
    Given a registered fan
    When the fan buys 2 seats
    Then the order is paid

  @req:API-001.2 @issue:JUMP-42
  Scenario: The order total includes the fees
    Given a registered fan
    When the fan buys 2 seats
    Then the order total is '$118.00'
'''

DISCOVERY = '''
@discovery
Feature: Finding events
  @req:API-001.1 @minor
  Scenario: A fan sees what is on sale
    When the fan browses the events

  @req:API-001.1
  Scenario: A fan buys from the listing
    When the fan browses the events
    And the fan buys 3 seats
    Then the order total is '$177.00'
'''


def write_project(root: Path) -> Path:
    (root / "features" / "checkout").mkdir(parents=True, exist_ok=True)
    (root / "features" / "discovery").mkdir(parents=True, exist_ok=True)
    (root / "features" / "steps").mkdir(parents=True, exist_ok=True)
    (root / "features" / "environment.py").write_text(textwrap.dedent(ENVIRONMENT))
    (root / "features" / "steps" / "sample_steps.py").write_text(textwrap.dedent(STEPS))
    (root / "features" / "checkout" / "paying.feature").write_text(textwrap.dedent(CHECKOUT))
    (root / "features" / "discovery" / "finding.feature").write_text(textwrap.dedent(DISCOVERY))
    return root


def run_sample(root: Path, settings: dict[str, str] | None = None) -> Path:
    """Runs the sample project; returns its run folder (events.jsonl, attachments/, openapi.json).

    ``settings``: more JUMP_* variables for the run (e.g. JUMP_REPORTING__TITLE)."""
    write_project(root)
    reports = root / "reports"
    env = dict(os.environ, PYTHONPATH=str(REPO), JUMP_ENV="local", JUMP_REPORTING__REPORTS_DIR=str(reports),
               JUMP_REPORTING__OWNER="checkout-team", **(settings or {}))
    proc = subprocess.run(
        [sys.executable, "-m", "behave", "--no-capture", "-f", "plain", "-o", str(root / "behave.txt"), "features"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120)
    if not (reports / "events.jsonl").is_file():
        raise RuntimeError(f"the sample run wrote no results: {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    return reports


def result_of(reports: Path, scenario: str) -> dict:
    for path in (reports / "allure-results").glob("*-result.json"):
        data = json.loads(path.read_text())
        if data["name"] == scenario:
            return data
    raise KeyError(scenario)
