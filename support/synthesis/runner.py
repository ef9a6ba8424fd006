"""One Schemathesis engine run per API, role and depth; its events turned into :class:`SynthesisResult`.

Schemathesis does the generating, sending and checking (its engine is what its own command line
drives: phases examples, coverage, fuzzing and stateful, every built-in check); this module
configures it per run (base URL, the role's token, real ids, example count, seed) and reads
what it reports. Runs go one after another, so the platform sees one role at a time and the
access-matrix check knows whose answer it is looking at.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import schemathesis
from hypothesis import strategies as st
from schemathesis.engine import events, from_schema
from schemathesis.graphql import nodes

from support.clients.masking import mask_text
from support.contracts import pins
from support.synthesis import checks, guard
from support.synthesis.accounts import ENDS_SESSIONS, RoleAccount
from support.synthesis.created_rows import CreatedRows
from support.synthesis.known_ids import KnownIds, replace_graphql_ids
from support.synthesis.plan import Api, Cell, graphql_label, matrix_name
from support.synthesis.results import Finding, OperationOutcome, RoleOutcome, SynthesisResult

BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+")
SECONDARY_EXAMPLES = 2     # valid-data calls per non-primary cell: enough to see the refusal (or the service)

# The platform's GraphQL IDs are UUIDs (PLATFORM.md); the schema says only ID, which Schemathesis fills
# with any string or integer, so nearly every call was a "must be a UUID" refusal. Generated IDs are
# UUIDs instead (real ones are swapped in by map_case where the run has them).
schemathesis.graphql.scalar("ID", st.uuids().map(lambda value: nodes.String(str(value))))


@dataclass
class Target:
    """Where the platform answers and how to trust it."""

    rest_url: str
    graphql_url: str
    verify: bool | str = True


@dataclass
class Budget:
    max_examples: int
    seconds: float
    seed: int
    deadline: float = 0.0
    stopped: str | None = None

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    @property
    def exhausted(self) -> bool:
        return time.monotonic() >= self.deadline


@dataclass
class RunGroup:
    """The cells one engine run covers: one API, one role, one depth."""

    api: Api
    role: str
    primary: bool
    cells: list[Cell] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [c.operation if self.api == "rest" else graphql_label(c.operation) for c in self.cells]


def groups(cells: list[Cell]) -> list[RunGroup]:
    """Primary runs first (they find the defects), then the authorisation passes of the other roles."""
    found: dict[tuple[str, str, bool], RunGroup] = {}
    for cell in cells:
        found.setdefault((cell.api, cell.role, cell.primary), RunGroup(cell.api, cell.role, cell.primary)).cells.append(cell)
    return sorted(found.values(), key=lambda g: (not g.primary, g.api, g.role))


def _config(group: RunGroup, target: Target, budget: Budget) -> schemathesis.Config:
    deep = group.primary
    data: dict[str, Any] = {
        "seed": budget.seed,
        "base-url": target.rest_url if group.api == "rest" else target.graphql_url,
        "tls-verify": target.verify,
        "request-timeout": 20,
        # no example database: the same seed sends the same requests, whatever earlier runs found
        "generation": {"max-examples": budget.max_examples if deep else SECONDARY_EXAMPLES, "allow-x00": False, "database": "none",
                       **({} if deep else {"mode": "positive"})},
        "phases": {"examples": {"enabled": deep}, "coverage": {"enabled": deep}, "fuzzing": {"enabled": True},
                   "stateful": {"enabled": deep}},
        "output": {"sanitization": {"enabled": True}},
    }
    return schemathesis.Config.from_dict(data)


def _schema(group: RunGroup, config: schemathesis.Config) -> Any:
    if group.api == "rest":
        schema = schemathesis.openapi.from_dict(pins.load_openapi(), config=config)
    else:
        schema = schemathesis.graphql.from_dict(pins.load_graphql(), config=config)
    return schema.include(name=group.labels)


def _json(response: Any) -> Any:
    try:
        return json.loads(response.content or b"null")
    except ValueError:
        return None


def _install_hooks(schema: Any, group: RunGroup, account: RoleAccount, ids: KnownIds, created: CreatedRows,
                   own: guard.OwnRows) -> None:
    def map_case(context: Any, case: Any) -> Any:
        """GraphQL id arguments -> real ids (REST ids are fed before each call, guard.py)."""
        field = case.operation.label.split(".", 1)[-1]
        if group.api == "graphql" and isinstance(case.body, str):
            case.body = replace_graphql_ids(case.body, ids.graphql, field=field)
        elif group.api == "graphql" and isinstance(case.body, dict) and isinstance(case.body.get("query"), str):
            case.body = {**case.body, "query": replace_graphql_ids(case.body["query"], ids.graphql, field=field)}
        return case

    def after_call(context: Any, case: Any, response: Any) -> None:
        label = case.operation.label
        body = _json(response)
        created.record(label, response.status_code, body)
        own.ids |= created.ids   # what it created, stateful sequences may write to
        ended = label in ENDS_SESSIONS and (
            200 <= response.status_code < 300 if group.api == "rest"
            else isinstance(body, dict) and bool((body.get("data") or {}).get(label.split(".", 1)[1])))
        if ended:
            account.sessions_ended()

    schema.hook("map_case")(map_case)
    schema.hook("after_call")(after_call)
    schema.hook("filter_failure")(checks.keep_failure)
    if account.role != "anonymous":
        class RoleToken:
            """The role's throw-away account's bearer token (a fresh account after a revocation)."""

            def get(self, case: Any, ctx: Any) -> str | None:
                return account.token()

            def set(self, case: Any, data: str | None, ctx: Any) -> None:
                if data:
                    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

        schema.auth(refresh_interval=None)(RoleToken)


def _outcome_key(api: Api, label: str, response: Any) -> str:
    """REST: the status code. GraphQL (always HTTP 200): "2xx data" when the field answered, else its error code."""
    if api == "rest":
        return str(response.status_code)
    body = _json(response)
    if not isinstance(body, dict):
        return str(response.status_code)
    codes = sorted({str((e.get("extensions") or {}).get("code")) for e in body.get("errors") or [] if isinstance(e, dict)})
    if codes:
        return ",".join(codes)
    field = label.split(".", 1)[1]
    return "2xx data" if (body.get("data") or {}).get(field) is not None else "null"


def masked(text: str) -> str:
    """What goes into a finding: bearer tokens, JWTs (a token endpoint's answer), known secrets and personal
    data masked as in every other report (support/clients/masking.py); truncate after masking, not before."""
    return mask_text(BEARER.sub(r"\1<token>", text))


class _Collector:
    """Folds one engine run's events into per-operation outcomes."""

    def __init__(self, group: RunGroup, outcomes: dict[tuple[str, str], OperationOutcome]) -> None:
        self.group = group
        self.outcomes = outcomes
        self.rules = {c.operation: c for c in group.cells}
        self.seen: set[tuple[str, str, str, str]] = set()

    def cell(self, label: str) -> RoleOutcome | None:
        operation = matrix_name(self.group.api, label)
        cell = self.rules.get(operation)
        if cell is None:
            return None
        outcome = self.outcomes.setdefault((cell.api, operation), OperationOutcome(api=cell.api, operation=operation))
        now = int(time.time() * 1000)
        outcome.start_ms = outcome.start_ms or now
        outcome.stop_ms = now
        mine = next((r for r in outcome.roles if r.role == cell.role), None)
        if mine is None:
            mine = RoleOutcome(role=cell.role, rule=cell.rule, primary=cell.primary)
            outcome.roles.append(mine)
        return mine

    def scenario(self, event: Any) -> None:
        recorder = event.recorder
        for case_id, interaction in recorder.interactions.items():
            node = recorder.cases.get(case_id)
            if node is None or interaction.response is None:
                continue
            mine = self.cell(node.value.operation.label)
            if mine is None:
                continue
            status = interaction.response.status_code
            mine.requests += 1
            key = _outcome_key(self.group.api, node.value.operation.label, interaction.response)
            mine.statuses[key] = mine.statuses.get(key, 0) + 1
            path = (interaction.request.method.upper(), urlsplit(interaction.request.uri).path, status)
            if path not in mine.paths and len(mine.paths) < 200:
                mine.paths.append(path)
            body = node.value.body
            document = body if isinstance(body, str) else body.get("query") if isinstance(body, dict) else None
            if self.group.api == "graphql" and isinstance(document, str) and len(mine.documents) < 3:
                mine.documents.append(document)
        for case_id, results in recorder.checks.items():
            node = recorder.cases.get(case_id)
            for check in results:
                if check.failure_info is None:
                    continue
                failure = check.failure_info.failure
                label = node.value.operation.label if node is not None else (failure.operation or recorder.label)
                mine = self.cell(label)
                if mine is None:
                    continue
                key = (label, self.group.role, check.name, failure.title)
                if key in self.seen:
                    continue
                self.seen.add(key)
                interaction = recorder.interactions.get(case_id)
                response = interaction.response if interaction is not None else None
                mine.findings.append(Finding(
                    check=check.name, title=failure.title, message=masked(failure.message or "")[:2000],
                    status=response.status_code if response is not None else None, phase=str(event.phase.value),
                    reproduce=masked(check.failure_info.code_sample or "")[:4000],
                    response=masked((response.content or b"").decode("utf-8", "replace"))[:800] if response is not None else ""))

    def error(self, event: Any) -> None:
        label = event.label
        mine = self.cell(label) if event.related_to_operation else None
        text = f"{type(event.value).__name__}: {masked(str(event.value))[:500]}"
        if mine is not None:
            self.outcomes[(self.group.api, matrix_name(self.group.api, label))].errors.append(text)
        else:
            for cell in self.group.cells:
                self.outcomes.setdefault((cell.api, cell.operation), OperationOutcome(api=cell.api, operation=cell.operation)).errors.append(
                    f"{self.group.role}: {text}")


_filed_under: list[str] = [""]   # the namespace generated requests are filed under while a run goes on


@schemathesis.hook("before_call")
def file_under_namespace(context: Any, case: Any, kwargs: Any = None) -> None:
    """Every generated request carries an X-Request-Id starting with the run's namespace, as the framework's own
    requests do (support/clients/transport.py): what the platform writes about a request and names only by that
    id (its audit log of refused sign-ins and 403s) is the run's test data, removed at its end (data_factories.cleanup)."""
    if _filed_under[0]:
        case.headers = {**(case.headers or {}), "X-Request-Id": f"{_filed_under[0]}.{uuid.uuid4().hex}"}


def run_group(group: RunGroup, target: Target, budget: Budget, account: RoleAccount, ids: KnownIds,
              created: CreatedRows, outcomes: dict[tuple[str, str], OperationOutcome], own: guard.OwnRows) -> None:
    """One engine run; stops it when the run's time budget is spent (what it did by then counts)."""
    schema = _schema(group, _config(group, target, budget))
    _install_hooks(schema, group, account, ids, created, own)
    own.adopt(ids)
    guard.activate(own)
    collector = _Collector(group, outcomes)
    checks.activate(checks.ActiveRole(api=group.api, role=group.role, rules={c.operation: c.rule for c in group.cells}))
    stream = from_schema(schema).execute()
    try:
        for event in stream:
            if isinstance(event, events.ScenarioFinished):
                collector.scenario(event)
            elif isinstance(event, events.NonFatalError):
                collector.error(event)
            elif isinstance(event, events.FatalError):
                raise RuntimeError(f"Schemathesis stopped: {event.exception}") from event.exception
            if budget.exhausted and budget.stopped is None:
                budget.stopped = f"time budget of {budget.seconds:.0f} s spent during {group.api} {group.role}"
                stream.stop()
    finally:
        checks.activate(None)
        guard.activate(None)


def run(cells: list[Cell], target: Target, budget: Budget, accounts: Callable[[str], RoleAccount], ids: Callable[[str], KnownIds],
        created: CreatedRows, say: Callable[[str], None] = lambda _: None) -> SynthesisResult:
    """Every group in turn until the budget is spent; cells left over are reported as not run."""
    outcomes: dict[tuple[str, str], OperationOutcome] = {}
    own = guard.OwnRows()
    budget.start()
    started = time.monotonic()
    _filed_under[0] = created.registry.namespace
    try:
        for group in groups(cells):
            if budget.exhausted:
                budget.stopped = budget.stopped or f"time budget of {budget.seconds:.0f} s spent before {group.api} {group.role}"
                break
            began = time.monotonic()
            run_group(group, target, budget, accounts(group.role), ids(group.role), created, outcomes, own)
            say(f"  {group.api} as {group.role}: {len(group.cells)} operation(s), "
                f"{'all phases' if group.primary else 'authorisation pass'}, {time.monotonic() - began:.0f} s")
    finally:
        _filed_under[0] = ""
    for cell in cells:   # every cell appears, also those no request reached
        outcome = outcomes.setdefault((cell.api, cell.operation), OperationOutcome(api=cell.api, operation=cell.operation))
        if not any(r.role == cell.role for r in outcome.roles):
            outcome.roles.append(RoleOutcome(role=cell.role, rule=cell.rule, primary=cell.primary))
    order = {(c.api, c.operation): i for i, c in enumerate(cells)}
    return SynthesisResult(operations=sorted(outcomes.values(), key=lambda o: order.get((o.api, o.operation), 0)),
                           max_examples=budget.max_examples, budget_s=budget.seconds,
                           wall_s=round(time.monotonic() - started, 1), stopped_early=budget.stopped,
                           created_rows=dict(created.counts), replaced_ids=own.replaced,
                           schemathesis_version=schemathesis.__version__)
