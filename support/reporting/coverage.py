"""Coverage analytics (REP-001.2): requirements, API surface, business areas and tables.

Inputs are the run's Allure results (the latest status of each scenario and its tags), the
stream's traces (what each scenario sent and changed) and the pytest tests marked
``@pytest.mark.req`` (support/reporting/pytest_proofs.py): a requirement is proven by journeys,
by tests, or by both. The output is one pydantic model,
written as reports/coverage/coverage.json and rendered as reports/coverage/index.html.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from support.reporting.access_matrix_coverage import AccessMatrixCoverage, access_matrix_coverage
from support.reporting.api_coverage import RestMatcher, graphql_fields_used, load_graphql_schema, root_fields, schema_fields
from support.reporting.pytest_proofs import PytestProofs
from support.reporting.results import ScenarioResult
from support.reporting.srs import Requirement
from support.reporting.trace import ScenarioTrace

EXECUTED = {"passed", "failed", "broken"}


class Measured(BaseModel):
    """A covered/total pair with the names on each side."""

    covered: int
    total: int
    percent: float
    used: list[str] = Field(default_factory=list)
    unused: list[str] = Field(default_factory=list)


def measured(used: set[str], universe: list[str]) -> Measured:
    hits = sorted(used & set(universe)) if universe else sorted(used)
    total = len(universe) if universe else len(hits)
    percent = round(100.0 * len(hits) / total, 1) if total else 100.0
    return Measured(covered=len(hits), total=total, percent=percent, used=hits, unused=sorted(set(universe) - used))


class ScenarioRef(BaseModel):
    area: str
    feature: str
    scenario: str
    status: str


class TestRef(BaseModel):
    """A pytest test marked ``@pytest.mark.req``: its node id and its outcome the last time it ran."""

    __test__ = False  # a model, not a pytest test class
    node_id: str
    outcome: str  # passed | failed | skipped | not run


class RequirementRow(BaseModel):
    id: str
    text: str = ""
    status: str  # passed | failed | skipped | uncovered
    scenarios: list[ScenarioRef] = Field(default_factory=list)   # journeys tagged @req:<id>
    tests: list[TestRef] = Field(default_factory=list)           # pytest tests marked req("<id>")


class FeatureRow(BaseModel):
    area: str
    feature: str
    scenarios: int
    statuses: dict[str, int]
    requirements: list[str]
    graphql_fields: list[str]
    rest_operations: list[str]
    tables: list[str]


class AreaRow(BaseModel):
    area: str
    features: int
    scenarios: int
    passed: int
    requirements: list[str]


class ApiCoverage(BaseModel):
    graphql_operations: Measured   # Query.* / Mutation.* root fields
    graphql_fields: Measured       # every object type's fields
    rest_operations: Measured      # METHOD /template of the OpenAPI document
    rest_statuses: dict[str, list[int]]
    unmatched_rest: list[str]      # calls no template matched (drift between run and document)


class CoverageReport(BaseModel):
    generated_at: str
    scenarios: int
    requirements: Measured
    requirement_rows: list[RequirementRow]
    unknown_requirements: list[str]  # tagged, but not in the SRS
    api: ApiCoverage
    areas: list[AreaRow]
    features: list[FeatureRow]
    tables: Measured
    access_matrix: AccessMatrixCoverage | None = None  # role x operation cells (features/security/access_matrix.csv)
    pytest_written_at: str | None = None  # when pytest last recorded its requirement proofs; None: no pytest proofs


def _requirement_status(statuses: list[str]) -> str:
    """Over every proof, journey and test alike: one that ran and failed makes the requirement failed."""
    executed = [s for s in statuses if s in EXECUTED]
    if not statuses:
        return "uncovered"
    if not executed:
        return "skipped"
    return "passed" if all(s == "passed" for s in executed) else "failed"


def _requirement_rows(results: list[ScenarioResult], srs: list[Requirement],
                      proofs: PytestProofs | None) -> tuple[list[RequirementRow], list[str]]:
    refs: dict[str, list[ScenarioRef]] = defaultdict(list)
    for r in results:
        for req in r.requirements:
            refs[req].append(ScenarioRef(area=r.area, feature=r.feature, scenario=r.name, status=r.status))
    tests: dict[str, list[TestRef]] = defaultdict(list)
    for proof in proofs.tests if proofs else []:
        for req in proof.requirements:
            tests[req].append(TestRef(node_id=proof.node_id, outcome=proof.outcome))
    texts = {req.id: req.text for req in srs}
    ids = list(texts) + sorted((set(refs) | set(tests)) - set(texts))
    rows = [RequirementRow(id=i, text=texts.get(i, ""), scenarios=refs.get(i, []), tests=tests.get(i, []),
                           status=_requirement_status([s.status for s in refs.get(i, [])] + [t.outcome for t in tests.get(i, [])]))
            for i in ids]
    return rows, sorted((set(refs) | set(tests)) - set(texts))


def build_coverage(results: list[ScenarioResult], traces: list[ScenarioTrace], srs: list[Requirement],
                   openapi: dict[str, Any] | None, known_tables: list[str] | None = None,
                   proofs: PytestProofs | None = None, graphql_schema: Path | None = None) -> CoverageReport:
    """``results`` holds one (the latest) result per scenario; ``traces`` are joined by historyId;
    ``proofs`` are the pytest tests marked with requirements (None: no pytest session recorded);
    ``graphql_schema``: the target's pin (default: Jump's support/contracts/graphql.json)."""
    schema = load_graphql_schema(graphql_schema) if graphql_schema else load_graphql_schema()
    matcher = RestMatcher(openapi)
    by_history = {t.history_id: t for t in traces}
    feature_data: dict[tuple[str, str], dict[str, Any]] = {}
    all_fields: set[str] = set()
    statuses: dict[str, set[int]] = defaultdict(set)
    unmatched: set[str] = set()
    tables: set[str] = set()
    for r in results:
        data = feature_data.setdefault((r.area, r.feature), {"statuses": defaultdict(int), "reqs": set(), "gql": set(),
                                                              "rest": set(), "tables": set()})
        data["statuses"][r.status] += 1
        data["reqs"].update(r.requirements)
        trace = by_history.get(r.history_id)
        if trace is None:
            continue
        fields = graphql_fields_used((c.document for c in trace.graphql), schema)
        data["gql"] |= fields
        all_fields |= fields
        for call in trace.rest:
            op = matcher.operation(call.method, call.path)
            if op is None:
                unmatched.add(f"{call.method} {call.path}")
                continue
            data["rest"].add(op)
            if call.status is not None:
                statuses[op].add(call.status)
        data["tables"].update(trace.tables)
        tables.update(trace.tables)
    roots = root_fields(schema)
    features = [FeatureRow(area=a, feature=f, scenarios=sum(d["statuses"].values()), statuses=dict(d["statuses"]),
                           requirements=sorted(d["reqs"]), graphql_fields=sorted(d["gql"] & set(roots)),
                           rest_operations=sorted(d["rest"]), tables=sorted(d["tables"]))
                for (a, f), d in sorted(feature_data.items())]
    areas: dict[str, AreaRow] = {}
    for row in features:
        area = areas.setdefault(row.area, AreaRow(area=row.area, features=0, scenarios=0, passed=0, requirements=[]))
        area.features += 1
        area.scenarios += row.scenarios
        area.passed += row.statuses.get("passed", 0)
        area.requirements = sorted(set(area.requirements) | set(row.requirements))
    rows, unknown = _requirement_rows(results, srs, proofs)
    covered = {row.id for row in rows if row.status in ("passed", "failed")}
    return CoverageReport(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"), scenarios=len(results),
        requirements=measured(covered, [req.id for req in srs] or [row.id for row in rows]),
        requirement_rows=rows, unknown_requirements=unknown,
        api=ApiCoverage(graphql_operations=measured(all_fields, roots), graphql_fields=measured(all_fields, schema_fields(schema)),
                        rest_operations=measured(set(statuses) | {op for d in feature_data.values() for op in d["rest"]},
                                                 matcher.operations),
                        rest_statuses={op: sorted(codes) for op, codes in sorted(statuses.items())},
                        unmatched_rest=sorted(unmatched)),
        areas=list(areas.values()), features=features, tables=measured(tables, known_tables or []),
        access_matrix=access_matrix_coverage(results), pytest_written_at=proofs.written_at if proofs else None,
    )
