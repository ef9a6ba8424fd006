"""API response times per operation (API-001.5): from the run's real exchanges, judged against the budget,
kept in the results history, and rebuilt identically by ./jump test:report.

The real run talks to a second platform process of the local stack that delays every GraphQL request
(SANDBOX_FAULT_LATENCY_MS on paths under /graphql) and nothing else: the GraphQL operation must come
out over the p95 budget and the REST one (the token endpoint) within it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.config import load_settings, resolve_auto
from support.reporting.api_coverage import RestMatcher
from support.reporting.api_timings import JSON_FILE, api_timings, operation_of, percentile
from support.results.connect import history_store
from support.run import events as ev
from support.run.behave_runner import REPO
from support.run.outcome import fold
from support.stack.lifecycle import LocalStack
from support.stack.state import PlatformOptions

LATENCY_MS = 1500   # every GraphQL request of the slow platform
BUDGET_MS = 1000    # p95 budget: the delayed GraphQL calls are over it, the token calls far under it


def jump(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "support.run.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def exchange(url: str, ms: float, *, service: str = "rest", method: str = "GET", status: int | None = 200,
             operation: str = "") -> ev.ExchangeRef:
    return ev.ExchangeRef(service=service, title=f"{operation or url} -> {status}", method=method, url=url, status=status,
                          duration_ms=ms, operation=operation)


def stream(*exchanges: ev.ExchangeRef, budget: ev.ApiBudget | None = None) -> list[ev.Event]:
    return [ev.RunStarted(run_id="r", environment="local", report=ev.ReportSettings(api_budget=budget or ev.ApiBudget())),
            ev.StepFinished(location="f.feature:3", keyword="When", name="x", status="passed", exchanges=list(exchanges)),
            ev.ScenarioFinished(location="f.feature:3", feature="F", name="S", status="passed")]


@pytest.mark.req("API-001.5")
def test_operations_are_named_by_the_contract_and_ids_collapse_without_one() -> None:
    contract = RestMatcher({"paths": {"/v1/events/{eventId}": {"get": {}}, "/v1/events/search": {"get": {}}}})
    assert operation_of(exchange("http://h/v1/events/42?x=1", 1), contract) == ("GET /v1/events/{eventId}", "rest")
    assert operation_of(exchange("http://h/v1/events/search", 1), contract) == ("GET /v1/events/search", "rest")
    uuid = "3f1c2d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f"
    assert operation_of(exchange(f"http://h/v1/orders/{uuid}/items/7", 1, method="post"), contract) == (
        "POST /v1/orders/{id}/items/{id}", "rest")                                  # not in the contract: by shape
    assert operation_of(exchange("http://h/graphql", 1, service="graphql", method="POST", operation="ReserveSeats"),
                        contract) == ("ReserveSeats", "graphql")
    assert percentile([10.0], 0.95) == 10.0
    assert percentile([float(n) for n in range(1, 21)], 0.95) == 19.0               # nearest rank of 20 calls
    assert percentile([float(n) for n in range(1, 21)], 0.50) == 10.0


@pytest.mark.req("API-001.5")
def test_p95_errors_and_a_per_operation_budget_over_the_global_one() -> None:
    calls = [exchange("http://h/v1/orders/1", ms) for ms in (10, 20, 30, 40, 400)]
    calls += [exchange("http://h/v1/orders/2", 0, status=None), exchange("http://h/v1/orders/3", 50, status=503),
              exchange("http://h/v1/orders/4", 60, status=404)]
    calls += [exchange("http://h/graphql", 700, service="graphql", method="POST", operation="Checkout")]
    budget = ev.ApiBudget(p95_ms=100, operations={"Checkout": 800})
    timings = api_timings(fold(stream(*calls, budget=budget)), {"paths": {"/v1/orders/{id}": {"get": {}}}})
    orders = next(op for op in timings.operations if op.operation == "GET /v1/orders/{id}")
    assert (orders.count, orders.p50_ms, orders.p95_ms, orders.max_ms, orders.errors) == (8, 30, 400, 400, 2)
    assert orders.over_budget and orders.budget_ms == 100
    checkout = next(op for op in timings.operations if op.operation == "Checkout")
    assert checkout.budget_ms == 800 and not checkout.over_budget                   # its own budget, not the global 100
    assert [op.operation for op in timings.over_budget] == ["GET /v1/orders/{id}"] and not timings.fails_run
    assert timings.exchanges == 9


@pytest.mark.req("API-001.5")
@pytest.mark.parametrize(("setting", "message"), [
    ("reporting.api_budget.p95_ms=-5", "reporting.api_budget.p95_ms = '-5'"),
    ("reporting.api_budget.p95_ms=fast", "reporting.api_budget.p95_ms = 'fast'"),
    ("reporting.api_budget.operations.orders please=300", "an operation is 'METHOD /path' or a GraphQL operation name"),
    ("reporting.api_budget.fail_run=maybe", "reporting.api_budget.fail_run = 'maybe'"),
])
def test_a_bad_budget_is_one_line_and_exit_2(setting: str, message: str) -> None:
    proc = jump("test:run", "--dry-run", "--set", setting)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stdout + proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.req("API-001.5")
def test_a_slow_operation_is_over_the_budget_in_the_report_the_summary_and_the_history(local_stack: LocalStack, tmp_path: Path) -> None:
    slow = PlatformOptions(fault_latency_ms=LATENCY_MS, settings={"fault_latency_path": "/graphql"})
    with local_stack.extra_platform(slow) as url:
        proc = jump("test:run", "--flow", "pricing", "--set", f"platform.rest_url={url}", "--set", f"platform.graphql_url={url}/graphql",
                    "--set", f"reporting.reports_dir={tmp_path}", "--set", f"reporting.api_budget.p95_ms={BUDGET_MS}",
                    "--set", "reporting.api_budget.fail_run=true")
    run = (tmp_path / "latest").resolve()
    timings = json.loads((run / "coverage" / JSON_FILE).read_text())
    by_name = {op["operation"]: op for op in timings["operations"]}
    reserve, token = by_name["ReserveSeats"], by_name["POST /v1/auth/token"]
    assert reserve["count"] >= 5 and reserve["p50_ms"] >= LATENCY_MS and reserve["over_budget"], by_name   # the delayed GraphQL call
    assert token["count"] >= 1 and token["p95_ms"] < BUDGET_MS and not token["over_budget"], by_name      # REST is not delayed
    assert [op for op in by_name.values() if op["over_budget"]] == [op for op in by_name.values() if op["api"] == "graphql"]

    # every scenario passed, yet fail_run makes the slow API fail the run, with one clear line per operation
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "5 │      5 │      0" in proc.stdout
    assert f"OVER BUDGET ReserveSeats: p95 {reserve['p95_ms']:g} ms over its {BUDGET_MS} ms budget" in proc.stdout
    assert "POST /v1/auth/token" not in proc.stdout and "the API response times fail this run" in proc.stdout
    page = (run / "allure-report" / "coverage" / "api-timings.html").read_text()
    assert "ReserveSeats: p95" in page and 'href="api-timings.html"' in (run / "coverage" / "index.html").read_text()

    # the results history keeps each operation's p95 of the run
    history = json.loads(jump("test:history", "--timings", "--json").stdout)["api_timings"]
    assert next(r for r in history if r["operation"] == "ReserveSeats")["p95_ms"][-1] == reserve["p95_ms"]
    store = history_store(resolve_auto(load_settings("local")))
    [recorded] = [r for r in store.recent_runs(20) if r["data"].get("run_id") == run.name]
    assert recorded["exit_code"] == 1
    assert {r["operation"]: r["latest_ms"] for r in store.api_timing_trend(1)} == {op: v["p95_ms"] for op, v in by_name.items()}

    # the replay rebuilds the same file from the stored stream
    before = (run / "coverage" / JSON_FILE).read_bytes()
    (run / "coverage" / JSON_FILE).unlink()
    replay = jump("test:report", "--reports-dir", str(run), "--format", "json")
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert (run / "coverage" / JSON_FILE).read_bytes() == before
    assert "OVER BUDGET ReserveSeats" in replay.stdout


@pytest.mark.req("API-001.5")
def test_a_budget_naming_no_operation_of_the_run_is_said_so(tmp_path: Path) -> None:
    """A per-operation budget whose key no call matches (a typo, a concrete id instead of the template) would
    otherwise guard nothing in silence, fail_run included; the report names it."""
    calls = [exchange("http://h/v1/orders/7", 40), exchange("http://h/graphql", 70, service="graphql", method="POST", operation="ReserveSeats")]
    budget = ev.ApiBudget(operations={"ReserveSeat": 10, "GET /v1/orders/7": 10, "ReserveSeats": 100}, fail_run=True)
    timings = api_timings(fold(stream(*calls, budget=budget)), {"paths": {"/v1/orders/{id}": {"get": {}}}})
    assert not timings.over_budget and not timings.fails_run
    assert timings.unmatched_budgets == ["GET /v1/orders/7", "ReserveSeat"]
    for event in stream(*calls, budget=budget):
        ev.append(tmp_path / ev.EVENTS_FILE, event)
    proc = jump("test:report", "--reports-dir", str(tmp_path), "--format", "json", "--output", str(tmp_path / "out.json"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "NO SUCH OPERATION ReserveSeat: no call of this run is named so (10 ms budget unused)" in proc.stdout, proc.stdout
    assert "NO SUCH OPERATION GET /v1/orders/7:" in proc.stdout and "NO SUCH OPERATION ReserveSeats" not in proc.stdout


@pytest.mark.req("API-001.5")
def test_one_operation_name_reached_by_both_clients_is_one_row() -> None:
    """The security journeys post to /graphql through an HTTP transport too (service "guarded-platform"), and a
    nameless GraphQL request is "POST /graphql" as well: two rows of one name broke the history's primary key
    (report_id, operation), and the whole run's history was not written."""
    calls = [exchange("http://h/graphql", 20, service="guarded-platform", method="POST"),
             exchange("http://h/graphql", 30, service="graphql", method="POST", operation="POST /graphql")]
    timings = api_timings(fold(stream(*calls)), None)
    assert [(op.operation, op.api, op.count, op.max_ms) for op in timings.operations] == [("POST /graphql", "graphql", 2, 30)]
