"""Coverage analytics from results and traces: requirements, API surface, areas, tables."""

import pytest

from support.reporting.coverage import build_coverage
from support.reporting.results import ScenarioResult, latest_per_test, parse_result
from support.reporting.srs import load_requirements, parse_requirements
from support.reporting.trace import GraphQLCall, RestCall, ScenarioTrace

SRS = """
| ID | Requirement | Validation |
|---|-------------|------------|
| FT-001.1 | Execute test flows | Verify |
| FT-001.2 | Run in parallel | Measure |
| API-001.1 | Execute GraphQL queries | Verify |
| API-001.2 | Validate REST | Check |

| Metric | Target |
| Report Generation | < 30 seconds |
"""
SPEC = {"paths": {"/v1/orders": {"post": {}}, "/v1/orders/{id}": {"get": {}}, "/v1/events": {"get": {}}}}


def result(uid, name, status, tags, area="checkout", feature="Buying", stop=1):
    labels = [{"name": "tag", "value": t} for t in tags] + [{"name": "epic", "value": area}, {"name": "feature", "value": feature}]
    return parse_result({"uuid": uid, "historyId": f"h-{name}", "name": name, "status": status, "labels": labels,
                         "start": stop - 1, "stop": stop})


def test_the_srs_tables_are_the_requirement_universe():
    reqs = parse_requirements(SRS)
    assert [r.id for r in reqs] == ["FT-001.1", "FT-001.2", "API-001.1", "API-001.2"]
    assert reqs[0].text == "Execute test flows" and reqs[0].group == "FT-001"
    assert len(load_requirements()) >= 50  # docs/srs.md, the copy kept with the framework


def test_the_latest_attempt_of_a_scenario_wins():
    first, rerun = result("a", "s", "failed", [], stop=1), result("b", "s", "passed", [], stop=5)
    assert [r.uuid for r in latest_per_test([rerun, first])] == ["b"]


def build():
    results = [
        result("1", "buy", "passed", ["req:FT-001.1", "req:API-001.1"]),
        result("2", "refund", "failed", ["req:FT-001.1", "req:API-001.2"]),
        result("3", "browse", "passed", ["req:API-001.1", "req:XYZ-009.1"], area="discovery", feature="Browsing"),
        result("4", "slow", "skipped", ["req:FT-001.2"], area="discovery", feature="Browsing"),
    ]
    traces = [
        ScenarioTrace(history_id="h-buy", graphql=[GraphQLCall(operation="Pay", document="mutation { checkout(input: {}) { __typename } }")],
                      rest=[RestCall(method="POST", path="/v1/orders", status=201), RestCall(method="GET", path="/v1/orders/9", status=200)],
                      tables=["inventory.order", "inventory.payment"]),
        ScenarioTrace(history_id="h-refund", rest=[RestCall(method="GET", path="/v1/orders/9", status=404),
                                                   RestCall(method="GET", path="/v2/legacy", status=410)]),
        ScenarioTrace(history_id="h-browse", graphql=[GraphQLCall(operation="E", document="{ events { totalCount } }")]),
        ScenarioTrace(history_id="h-not-in-this-run", tables=["events.venue"]),
    ]
    return build_coverage(results, traces, parse_requirements(SRS), SPEC,
                          ["inventory.order", "inventory.payment", "events.venue", "events.event"])


@pytest.mark.req("REP-001.2")
def test_requirements_carry_their_scenarios_and_latest_status():
    coverage = build()
    rows = {r.id: r for r in coverage.requirement_rows}
    assert rows["FT-001.1"].status == "failed" and [s.scenario for s in rows["FT-001.1"].scenarios] == ["buy", "refund"]
    assert rows["API-001.1"].status == "passed"
    assert rows["FT-001.2"].status == "skipped"  # tagged, but it did not run: not covered
    assert (coverage.requirements.covered, coverage.requirements.total, coverage.requirements.percent) == (3, 4, 75.0)
    assert coverage.requirements.unused == ["FT-001.2"]
    assert coverage.unknown_requirements == ["XYZ-009.1"]


@pytest.mark.req("REP-001.2")
def test_api_coverage_counts_operations_fields_and_status_codes():
    api = build().api
    assert {"Mutation.checkout", "Query.events"} <= set(api.graphql_operations.used)
    assert "EventConnection.totalCount" in api.graphql_fields.used
    assert api.rest_operations.used == ["GET /v1/orders/{id}", "POST /v1/orders"]
    assert api.rest_operations.unused == ["GET /v1/events"]
    assert api.rest_statuses == {"GET /v1/orders/{id}": [200, 404], "POST /v1/orders": [201]}
    assert api.unmatched_rest == ["GET /v2/legacy"]


@pytest.mark.req("REP-001.2")
def test_per_feature_and_area_rows_and_tables_touched():
    coverage = build()
    buying = next(f for f in coverage.features if f.feature == "Buying")
    assert buying.statuses == {"passed": 1, "failed": 1}
    assert buying.graphql_fields == ["Mutation.checkout"]
    assert buying.tables == ["inventory.order", "inventory.payment"]
    assert [(a.area, a.scenarios, a.passed) for a in coverage.areas] == [("checkout", 2, 1), ("discovery", 2, 1)]
    assert coverage.tables.used == ["inventory.order", "inventory.payment"]  # the stray trace is not joined
    assert coverage.tables.total == 4


def test_no_srs_falls_back_to_the_tagged_requirements():
    results = [result("1", "buy", "passed", ["req:FT-001.1"]), result("2", "x", "passed", [])]
    coverage = build_coverage(results, [], [], None)
    assert (coverage.requirements.covered, coverage.requirements.total) == (1, 1)
    assert isinstance(results[0], ScenarioResult)
