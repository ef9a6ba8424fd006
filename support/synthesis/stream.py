"""The synthesis results as events of the run's one result stream (support/run/events.py).

Each operation of the contract becomes one scenario of the "Generated API tests" area: a
``StepFinished`` per role (what the matrix says, how deep, how many requests, which answers) with
an attachment per distinct failed check (the check's message, the answer and a ``curl`` line to
reproduce it, tokens masked), then a ``ScenarioFinished`` whose ``touched`` carries the requests
(REST method, path and status; GraphQL documents). From the stream the report step builds
everything the journeys get: Allure results, JUnit, operation and status-code coverage, the
failure analysis and the results history; ``test:run --synthesize`` puts them into the same run.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from support.reporting.trace import GraphQLCall, RestCall
from support.run import events as ev
from support.run.run_folder import ATTACHMENTS
from support.synthesis.results import OperationOutcome, RoleOutcome, SynthesisResult

AREA = "Generated API tests"
FEATURES = {"rest": "Generated: Management API (REST v1)", "graphql": "Generated: Fan API (GraphQL)"}
REQUIREMENTS = {"rest": ("API-001.2", "API-001.3", "API-001.4", "SEC-001.2"),
                "graphql": ("API-001.1", "API-001.3", "API-001.4", "SEC-001.2")}
Emit = Callable[[ev.Event], None]


def location(outcome: OperationOutcome) -> str:
    """The scenario's identity in the stream: ``generated/rest/POST /v1/venues``."""
    return f"generated/{outcome.api}/{outcome.operation}"


def _attachment(run_dir: Path, name: str, text: str) -> ev.AttachmentRef:
    folder = run_dir / ATTACHMENTS
    folder.mkdir(parents=True, exist_ok=True)
    source = f"{uuid.uuid4()}-attachment.txt"
    (folder / source).write_text(text, encoding="utf-8")
    return ev.AttachmentRef(name=name, source=source, type="text/plain")


def _step(run_dir: Path, role: RoleOutcome, outcome: OperationOutcome, start: float, stop: float) -> ev.StepFinished:
    answers = ", ".join(f"{code} x{count}" for code, count in sorted(role.statuses.items())) or "no request reached it"
    depth = "all phases" if role.primary else "authorisation pass"
    attachments = []
    for number, finding in enumerate(role.findings, start=1):
        text = "\n\n".join(part for part in (
            f"{finding.check}: {finding.title}", finding.message,
            f"answer (HTTP {finding.status}):\n{finding.response}" if finding.response else "",
            f"reproduce:\n{finding.reproduce}" if finding.reproduce else "") if part)
        attachments.append(_attachment(run_dir, f"{number}. {finding.check} as {role.role}", text))
    return ev.StepFinished(
        location=location(outcome), keyword="As", start=start, stop=stop,
        name=f"{role.role} (access matrix: {role.rule}; {depth}): {role.requests} request(s): {answers}",
        status="failed" if role.findings else "passed" if role.requests else "skipped",
        message="\n".join(f.line() for f in role.findings), attachments=attachments)


def _touched(outcome: OperationOutcome) -> ev.Touched:
    last = next(((role, f) for role, f in reversed(outcome.findings)), None)
    return ev.Touched(
        rest=[RestCall(method=m, path=p, status=s) for r in outcome.roles for (m, p, s) in r.paths],
        graphql=[GraphQLCall(operation=outcome.operation.split(" ", 1)[1], document=d) for r in outcome.roles for d in r.documents],
        exchanges=outcome.requests,
        last_exchange={"title": f"{last[1].check} as {last[0]}", "service": outcome.api,
                       "request": {"curl": last[1].reproduce}, "response": {"status": last[1].status, "body": last[1].response}}
        if last else None)


def finished(run_dir: Path, outcome: OperationOutcome, result: SynthesisResult) -> list[ev.Event]:
    """The events of one generated test: a step per role, then the scenario."""
    start = outcome.start_ms / 1000 if outcome.start_ms else time.time()
    stop = outcome.stop_ms / 1000 if outcome.stop_ms else start
    steps: list[ev.Event] = [_step(run_dir, role, outcome, start, stop) for role in outcome.roles]
    status = outcome.status
    lines = [f"{role}: {finding.line()}" for role, finding in outcome.findings] + outcome.errors
    failure = ev.Failure(message="\n".join(lines), broken=status == "broken") if status in ("failed", "broken") else None
    name = f"Generated: {outcome.operation}"
    feature = FEATURES[outcome.api]
    tags = ["synthesis", "critical" if outcome.api == "rest" and not outcome.operation.startswith("GET") else "normal"]
    tags += [f"req:{req}" for req in REQUIREMENTS[outcome.api]]
    scenario = ev.ScenarioFinished(
        location=location(outcome), feature=feature, name=name, feature_file=f"{AREA}/{outcome.api}", tags=tags,
        status="failed" if failure else "passed" if status == "passed" else "skipped", start=start, stop=stop,
        history_id=hashlib.md5(f"{AREA}:{outcome.api}:{outcome.operation}".encode()).hexdigest(),  # noqa: S324 - an id
        failure=failure, skip_reason=(result.stopped_early or "no generated request reached this operation") if status == "skipped" else "",
        touched=_touched(outcome))
    return [*steps, scenario]


def emit(result: SynthesisResult, run_dir: Path, sink: Emit) -> int:
    """Every generated test into ``sink`` (the run's ``_emit``, or an append to its events file)."""
    for outcome in result.operations:
        for event in finished(run_dir, outcome, result):
            sink(event)
    return len(result.operations)
