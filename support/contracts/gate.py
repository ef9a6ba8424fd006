"""The contract gate: pinned against live, before any scenario runs, recorded as its own report entry.

``./jump test:run`` calls :func:`run` once, after the preflight and before the workers start;
a plain ``behave`` run calls it from ``before_all`` (support/hooks.py) when no parent did. The
result is one Allure result (feature "API contracts", category "Contract drift") listing every
change, and a verdict: breaking changes fail the run (exit 1), dangerous and additive ones are
warnings on the console and in the report. The scenarios still run after a breaking change: REST
and GraphQL responses are validated against the pins, so the report also shows which journeys
the change breaks.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from support.contracts import graphql_diff, openapi_diff, pins
from support.contracts.changes import ContractChange, breaking, warnings
from support.reporting.categories import DRIFT_PREFIX

ENTRY_NAME = "Pinned API contracts match the live platform"
ENTRY_FEATURE = "API contracts"
REPIN_HINT = "if the change is intended, re-pin with ./jump schema:pull and commit support/contracts/"


class ContractCheck(BaseModel):
    """What one comparison found."""

    changes: list[ContractChange] = Field(default_factory=list)
    graphql_url: str = ""
    openapi_url: str = ""
    start_ms: int = 0
    stop_ms: int = 0

    @property
    def breaking(self) -> list[ContractChange]:
        return breaking(self.changes)

    @property
    def warnings(self) -> list[ContractChange]:
        return warnings(self.changes)

    @property
    def failed(self) -> bool:
        return bool(self.breaking)

    def message(self) -> str:
        """The report entry's message: the prefix the "Contract drift" category matches, then one change a line."""
        if not self.changes:
            return ""
        counts = f"{len(self.breaking)} breaking, {len(self.warnings)} warning(s)"
        head = f"{DRIFT_PREFIX} {counts} between the pinned contracts (support/contracts/) and the live platform"
        return "\n".join([head, *(c.line() for c in [*self.breaking, *self.warnings])])


def compare_documents(pinned_graphql: dict[str, Any], live_graphql: dict[str, Any],
                      pinned_openapi: dict[str, Any], live_openapi: dict[str, Any]) -> list[ContractChange]:
    return graphql_diff.compare(pinned_graphql, live_graphql) + openapi_diff.compare(pinned_openapi, live_openapi)


def check(rest_url: str | None, graphql_url: str | None, *, verify: bool | str = True, timeout_s: float = 15.0,
          pinned_graphql: Path = pins.PINNED_GRAPHQL, pinned_openapi: Path = pins.PINNED_OPENAPI,
          openapi_path: str = "/openapi.json") -> ContractCheck:
    """Fetches the live documents and compares them with the pins; an API given as None has no
    contract (the target has no such API, or the environment says it has no pinned document).

    A live document that cannot be had raises from the error tree (support/errors.py):
    PlatformUnreachable after the retries (exit 3), ConfigError for a URL that serves none (exit 2)."""
    start = _now_ms()
    changes: list[ContractChange] = []
    if graphql_url is not None:
        changes += graphql_diff.compare(pins.load(pinned_graphql), pins.fetch_graphql(graphql_url, verify=verify, timeout=timeout_s))
    if rest_url is not None:
        live_openapi = pins.fetch_openapi(rest_url, verify=verify, timeout=timeout_s, path=openapi_path)
        changes += openapi_diff.compare(pins.load(pinned_openapi), live_openapi)
    return ContractCheck(changes=changes, graphql_url=graphql_url or "", start_ms=start, stop_ms=_now_ms(),
                         openapi_url=f"{rest_url.rstrip('/')}{openapi_path}" if rest_url is not None else "")


def check_settings(settings: Any) -> ContractCheck:
    """:func:`check` against the target a run's settings point at, with its own pins (contracts.dir)."""
    platform = settings.platform
    verify: bool | str = str(platform.ca_file) if platform.ca_file else platform.verify_tls
    paths = pins.contract_paths(settings)
    return check(str(platform.rest_url) if pins.has_openapi(settings) else None,
                 str(platform.graphql_url) if pins.has_graphql(settings) else None, verify=verify,
                 pinned_graphql=paths.graphql, pinned_openapi=paths.openapi, openapi_path=settings.contracts.openapi_path)


def _now_ms() -> int:
    return int(time.time() * 1000)


def allure_result(result: ContractCheck) -> dict[str, Any]:
    """One Allure result (allure-python's file format) with a step per API and the changes attached."""
    status = "failed" if result.failed else "passed"

    def step(api: str, url: str) -> dict[str, Any]:
        mine = [c for c in result.changes if c.api == api]
        step_status = "failed" if breaking(mine) else "passed"
        if not url:
            return {"name": f"{api}: no contract for this target", "status": "skipped", "stage": "finished",
                    "start": result.start_ms, "stop": result.stop_ms, "statusDetails": {}}
        name = f"{api}: pinned vs {url}: " + (f"{len(breaking(mine))} breaking, {len(warnings(mine))} warning(s)" if mine else "no change")
        return {"name": name, "status": step_status, "stage": "finished", "start": result.start_ms, "stop": result.stop_ms,
                "statusDetails": {"message": "\n".join(c.line() for c in mine)} if mine else {}}

    message = result.message()
    return {
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"contracts/{result.graphql_url}/{result.start_ms}")),  # same on a replay
        "historyId": hashlib.md5(f"{ENTRY_FEATURE}:{ENTRY_NAME}".encode()).hexdigest(),  # noqa: S324 - an id, not security
        "name": ENTRY_NAME,
        "fullName": f"{ENTRY_FEATURE}: {ENTRY_NAME}",
        "status": status,
        "stage": "finished",
        "statusDetails": {"message": message, "trace": REPIN_HINT} if message else {},
        "description": "Compared before any scenario ran: the pinned GraphQL schema and OpenAPI document "
                       "(support/contracts/) against the ones the platform serves now.",
        "start": result.start_ms,
        "stop": result.stop_ms,
        "steps": [step("GraphQL", result.graphql_url), step("REST", result.openapi_url)],
        "labels": [{"name": "feature", "value": ENTRY_FEATURE}, {"name": "epic", "value": "api"},
                   {"name": "suite", "value": ENTRY_FEATURE}, {"name": "tag", "value": "contract-drift"},
                   {"name": "tag", "value": "req:API-001.3"}, {"name": "severity", "value": "critical"}],
    }


def console_lines(result: ContractCheck) -> list[str]:
    """What the run prints before its scenarios: one line when all is well, every change otherwise."""
    if not result.changes:
        checked = [what for what, url in (("GraphQL schema", result.graphql_url), ("OpenAPI document", result.openapi_url)) if url]
        if not checked:
            return ["contracts: this target has no pinned contract (no graphql_url/rest_url, or contracts.graphql/openapi = false)"]
        return [f"contracts: the live {' and '.join(checked)} match{'es' if len(checked) == 1 else ''} the pinned one{'s' if len(checked) > 1 else ''}"]
    lines = [f"contract drift: {len(result.breaking)} breaking, {len(result.warnings)} warning(s) "
             f"(pinned support/contracts/ vs the live platform)"]
    lines += [f"  {c.line()}" for c in [*result.breaking, *result.warnings]]
    if result.breaking:
        lines.append(f"  the run will fail (exit 1); {REPIN_HINT}")
    return lines


def run(settings: Any, say: Callable[[str], None]) -> ContractCheck:
    """The gate as ``test:run`` and a plain behave run use it: compare and print; the caller puts the
    result into the run's event stream (ContractsChecked), from which the report entry is written.
    Raises like :func:`check` when a live document cannot be had (the caller's error boundary)."""
    result = check_settings(settings)
    for line in console_lines(result):
        say(line)
    return result
