"""The contract gate against real HTTP: the local platform, and a loopback proxy in front of it that
serves a changed GraphQL schema or OpenAPI document (tests/framework/contracts_support.py)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from data_factories import VenueFactory
from data_factories.session import FactorySession
from support.clients.auth import Credentials, TokenProvider
from support.clients.openapi import OpenApiValidator
from support.clients.rest import RestClient
from support.clients.transport import HttpTransport
from support.contracts import gate, pins
from support.errors import ConfigError, ContractViolation
from support.reporting.categories import CONTRACT_DRIFT, classify
from support.reporting.pipeline import build_reports
from support.run.behave_runner import REPO
from support.stack.state import StackState
from tests.framework.contracts_support import Changes, changed_platform


def _renamed_field() -> dict[str, Any]:
    live = copy.deepcopy(pins.load_graphql())
    availability = next(t for t in live["data"]["__schema"]["types"] if t["name"] == "Availability")
    next(f for f in availability["fields"] if f["name"] == "totalAvailable")["name"] = "availableTotal"
    return live


def _typed_as_string(schema: str, field: str) -> dict[str, Any]:
    live = copy.deepcopy(pins.load_openapi())
    live["components"]["schemas"][schema]["properties"][field] = {"type": "string"}
    return live


def _entry(results: Path) -> dict[str, Any]:
    entries = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    return next(e for e in entries if e["name"] == gate.ENTRY_NAME)


def test_the_pins_match_the_live_platform(stack_state: StackState) -> None:
    result = gate.check(stack_state.rest_url, stack_state.graphql_url)
    assert result.changes == []


def test_a_renamed_graphql_field_is_a_failed_contract_drift_entry(stack_state: StackState, tmp_path: Path) -> None:
    with changed_platform(stack_state.rest_url, Changes(introspection=_renamed_field())) as url:
        result = gate.check(url, f"{url}/graphql")
    assert [(c.api, c.severity, c.kind) for c in result.changes] == [("GraphQL", "breaking", "FIELD_REMOVED"),
                                                                      ("GraphQL", "additive", "FIELD_ADDED")]
    entry = gate.allure_result(result)
    message = entry["statusDetails"]["message"]
    assert entry["status"] == "failed" and classify("failed", message) == CONTRACT_DRIFT
    assert message.splitlines()[1] == "breaking  GraphQL FIELD_REMOVED: Field Availability.totalAvailable was removed"
    assert [s["status"] for s in entry["steps"]] == ["failed", "passed"]  # GraphQL step failed, REST unchanged


def test_an_additive_change_is_a_passed_entry_with_a_warning(stack_state: StackState, tmp_path: Path) -> None:
    live = copy.deepcopy(pins.load_openapi())
    live["components"]["schemas"]["OrderItemRead"]["properties"]["discountCents"] = {"type": "integer"}
    with changed_platform(stack_state.rest_url, Changes(openapi=live)) as url:
        result = gate.check(url, f"{url}/graphql")
    assert not result.failed and [c.severity for c in result.warnings] == ["additive"]
    entry = gate.allure_result(result)
    assert entry["status"] == "passed" and classify("passed", entry["statusDetails"]["message"]) == CONTRACT_DRIFT
    assert "new property discountCents" in gate.console_lines(result)[1]


def test_a_live_document_that_cannot_be_fetched_is_an_error_not_a_pass(stack_state: StackState) -> None:
    with pytest.raises(ConfigError) as caught:
        gate.check(stack_state.rest_url + "/nowhere", stack_state.graphql_url)
    assert str(caught.value) == (f"config error: platform.rest_url: GET {stack_state.rest_url}/nowhere/openapi.json answered "
                                 "HTTP 404, not an OpenAPI document: check platform.rest_url and contracts.openapi_path "
                                 "(contracts.openapi = false when the API has no OpenAPI document)")


def test_a_rest_field_whose_type_changed_fails_the_call_naming_field_pinned_type_and_value(
        stack_state: StackState, factories: FactorySession) -> None:
    """The platform starts sending capacity as a string: validation against the pin (not the live
    document, which the proxy changes to match) fails the call that returns it."""
    def as_string(method: str, path: str, body: Any) -> Any:
        return {**body, "capacity": str(body["capacity"])} if path.startswith("/v1/venues/") and isinstance(body, dict) else body

    venue = VenueFactory(capacity=1200)
    changes = Changes(openapi=_typed_as_string("VenueRead", "capacity"), rewrite=as_string)
    with changed_platform(stack_state.rest_url, changes) as url:
        transport = HttpTransport("rest", url)
        tokens = TokenProvider(transport)
        rest = RestClient(transport, tokens, {"admin": Credentials(username="admin", password="jump-admin-local")}, OpenApiValidator.pinned())
        with pytest.raises(ContractViolation) as caught:
            rest.call("GET", "/v1/venues/{id}", role="admin", path_params={"id": venue.id})
        transport.close()
    assert str(caught.value) == (f"GET /v1/venues/{venue.id} -> 200 does not match the pinned OpenAPI document: "
                                 'body.capacity: pinned type integer, received "1200" (string)')


@pytest.mark.slow
def test_test_run_fails_with_a_contract_drift_entry_before_the_scenarios(stack_state: StackState, tmp_path: Path) -> None:
    """Every scenario of the flow passes (the platform's answers are unchanged); the run still exits 1."""
    with changed_platform(stack_state.rest_url, Changes(openapi=_typed_as_string("OrderItemRead", "totalCents"))) as url:
        proc = subprocess.run(
            [sys.executable, "-m", "support.run.cli", "test:run", "--flow", "pricing", "--no-report", "--no-history",
             "--set", f"platform.rest_url={url}", "--set", f"platform.graphql_url={url}/graphql",
             "--set", f"reporting.reports_dir={tmp_path}"],
            cwd=REPO, capture_output=True, text=True, timeout=300)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "contract drift: 1 breaking, 0 warning(s)" in out
    assert "OrderItemRead: totalCents type changed from integer to string" in out
    assert out.index("contract drift: 1 breaking") < out.index("5 passed")
    build_reports(None, tmp_path / "latest", html=False)  # what ./jump test:report does with the run's stream
    results = tmp_path / "latest" / "allure-results"  # the run's own folder (reports/runs/<id>)
    entry = _entry(results)
    assert entry["status"] == "failed" and "REST TYPE_CHANGED" in entry["statusDetails"]["message"]
    scenarios = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    assert sorted(s["status"] for s in scenarios if s["name"] != gate.ENTRY_NAME) == ["passed"] * 5
    assert min(s["start"] for s in scenarios if s["name"] != gate.ENTRY_NAME) >= entry["stop"]


def test_a_plain_behave_run_checks_the_contracts_too_and_exits_1(stack_state: StackState, tmp_path: Path) -> None:
    """behave started without ./jump test:run (no events file): before_all runs the gate, after_all fails the run."""
    with changed_platform(stack_state.rest_url, Changes(introspection=_renamed_field())) as url:
        env = dict(os.environ, JUMP_RUN_DIR=str(tmp_path / "run"), PYTHONPATH=str(REPO), JUMP_ENV="local")
        for name in ("JUMP_EVENTS_FILE", "JUMP_SETTINGS"):  # no test:run parent
            env.pop(name, None)
        proc = subprocess.run(
            [sys.executable, "-m", "support.run.behave_runner", "-D", f"platform.rest_url={url}",
             "-D", f"platform.graphql_url={url}/graphql", "-f", "null",
             "features/pricing/itemised_price.feature"], cwd=REPO, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "breaking  GraphQL FIELD_REMOVED: Field Availability.totalAvailable was removed" in proc.stderr
    assert "5 scenarios passed" in proc.stdout  # the scenarios still ran; the drift alone fails the run
    build_reports(None, tmp_path / "run", html=False)
    assert _entry(tmp_path / "run" / "allure-results")["status"] == "failed"
