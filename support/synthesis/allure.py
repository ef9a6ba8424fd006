"""The synthesis results in the run's reports: one Allure entry per operation, and its calls for coverage.

Each operation of the contract becomes one Allure result in the "Generated API tests" area (epic),
under its API (feature), with a step per role (what the matrix says, how many requests, which
answers) and, for every distinct failed check, the check's message, the answer and a curl line
to reproduce it (tokens masked). Next to it goes one coverage trace line per entry (the format the
behave recorder writes, support/reporting/trace.py), so ``build_reports`` counts the generated
requests in the operation and status-code coverage and puts the failures into the failure
analysis like any scenario's.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

from support.contracts import pins
from support.reporting.recorder import RAW_DIR
from support.reporting.trace import GraphQLCall, RestCall, ScenarioTrace
from support.synthesis.results import OperationOutcome, RoleOutcome, SynthesisResult

AREA = "Generated API tests"
FEATURES = {"rest": "Generated: Management API (REST v1)", "graphql": "Generated: Fan API (GraphQL)"}
REQUIREMENTS = {"rest": ("API-001.2", "API-001.3", "API-001.4", "SEC-001.2"),
                "graphql": ("API-001.1", "API-001.3", "API-001.4", "SEC-001.2")}


def history_id(outcome: OperationOutcome) -> str:
    return hashlib.md5(f"{AREA}:{outcome.api}:{outcome.operation}".encode()).hexdigest()  # noqa: S324 - an id


def _attachment(results_dir: Path, name: str, text: str) -> dict[str, str]:
    source = f"{uuid.uuid4()}-attachment.txt"
    (results_dir / source).write_text(text, encoding="utf-8")
    return {"name": name, "source": source, "type": "text/plain"}


def _role_step(results_dir: Path, role: RoleOutcome, outcome: OperationOutcome) -> dict[str, Any]:
    answers = ", ".join(f"{code} x{count}" for code, count in sorted(role.statuses.items())) or "no request reached it"
    depth = "all phases" if role.primary else "authorisation pass"
    status = "failed" if role.findings else "passed" if role.requests else "skipped"
    attachments = []
    for number, finding in enumerate(role.findings, start=1):
        text = "\n\n".join(part for part in (
            f"{finding.check}: {finding.title}", finding.message,
            f"answer (HTTP {finding.status}):\n{finding.response}" if finding.response else "",
            f"reproduce:\n{finding.reproduce}" if finding.reproduce else "") if part)
        attachments.append(_attachment(results_dir, f"{number}. {finding.check}", text))
    return {
        "name": f"as {role.role} (access matrix: {role.rule}; {depth}): {role.requests} request(s): {answers}",
        "status": status, "stage": "finished", "start": outcome.start_ms, "stop": outcome.stop_ms,
        "statusDetails": {"message": "\n".join(f.line() for f in role.findings)} if role.findings else {},
        "attachments": attachments,
    }


def allure_result(results_dir: Path, outcome: OperationOutcome, result: SynthesisResult) -> dict[str, Any]:
    feature = FEATURES[outcome.api]
    name = f"Generated: {outcome.operation}"
    status = outcome.status
    lines = [f"{role}: {finding.line()}" for role, finding in outcome.findings] + outcome.errors
    if status == "skipped":
        lines.append(result.stopped_early or "no generated request reached this operation")
    labels = [{"name": "epic", "value": AREA}, {"name": "feature", "value": feature}, {"name": "story", "value": outcome.operation},
              {"name": "parentSuite", "value": AREA}, {"name": "suite", "value": feature},
              {"name": "severity", "value": "critical" if outcome.api == "rest" and not outcome.operation.startswith("GET") else "normal"},
              {"name": "tag", "value": "synthesis"}, {"name": "framework", "value": f"schemathesis {result.schemathesis_version}"}]
    labels += [{"name": "tag", "value": f"req:{req}"} for req in REQUIREMENTS[outcome.api]]
    return {
        "uuid": str(uuid.uuid4()), "historyId": history_id(outcome), "name": name, "fullName": f"{feature}: {name}",
        "status": status, "stage": "finished",
        "statusDetails": {"message": "\n".join(lines)} if lines else {},
        "description": (f"Property-based tests Schemathesis generated from the pinned contract (support/contracts/) for "
                        f"{outcome.operation}, once per role of the access matrix; up to {result.max_examples} examples "
                        f"per phase for the first allowed role. Every built-in check plus the access-matrix cell."),
        "start": outcome.start_ms, "stop": outcome.stop_ms, "labels": labels,
        "steps": [_role_step(results_dir, role, outcome) for role in outcome.roles],
    }


def trace(outcome: OperationOutcome, status: str) -> ScenarioTrace:
    rest = [RestCall(method=m, path=p, status=s) for r in outcome.roles for (m, p, s) in r.paths]
    graphql = [GraphQLCall(operation=outcome.operation.split(" ", 1)[1], document=d) for r in outcome.roles for d in r.documents]
    last = next(((role, f) for role, f in reversed(outcome.findings)), None)
    return ScenarioTrace(
        history_id=history_id(outcome), feature=FEATURES[outcome.api], scenario=f"Generated: {outcome.operation}",
        area=AREA, tags=["synthesis"], status=status, rest=rest, graphql=graphql, exchanges=outcome.requests,
        last_exchange={"title": f"{last[1].check} as {last[0]}", "service": outcome.api,
                       "request": {"curl": last[1].reproduce}, "response": {"status": last[1].status, "body": last[1].response}}
        if last else None)


def write(result: SynthesisResult, reports_dir: Path) -> int:
    """Writes the entries into ``reports_dir``'s allure-results and coverage traces; returns how many."""
    results_dir = reports_dir / "allure-results"
    raw_dir = reports_dir / RAW_DIR
    results_dir.mkdir(parents=True, exist_ok=True)
    raw_dir.mkdir(parents=True, exist_ok=True)
    if not (raw_dir / "openapi.json").is_file():   # the document the coverage page counts operations of
        (raw_dir / "openapi.json").write_text(json.dumps(pins.load_openapi()), encoding="utf-8")
    with (raw_dir / f"synthesis-{os.getpid()}-{uuid.uuid4().hex[:6]}.jsonl").open("a", encoding="utf-8") as traces:
        for outcome in result.operations:
            data = allure_result(results_dir, outcome, result)
            (results_dir / f"{data['uuid']}-result.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
            traces.write(trace(outcome, data["status"]).model_dump_json(exclude_defaults=True) + "\n")
    return len(result.operations)
