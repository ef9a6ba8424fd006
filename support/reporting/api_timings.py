"""API response times per operation (API-001.5), from the run's event stream.

Every platform request a scenario's steps made is in the stream (``StepFinished.exchanges``: method, URL,
status and the duration the client saw, retries included), so the figures need no second
recorder and a replay (``./jump test:report``) computes the same ones. An operation is what a
reader recognises: a REST method with the pinned OpenAPI contract's path template (ids
collapsed), else with numeric and uuid segments as ``{id}``; a GraphQL call by its operation name.
The output is one pydantic model, written as ``coverage/api-timings.json`` and rendered as
``coverage/api-timings.html`` next to the coverage page.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, computed_field

from support.reporting.api_coverage import RestMatcher
from support.run import events as ev
from support.run.run_folder import pinned_openapi

JSON_FILE = "api-timings.json"
PAGE = "api-timings.html"
_ID_SEGMENT = re.compile(r"^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")


class OperationTiming(BaseModel):
    """One operation's figures over the run: every call of it, every attempt of every scenario."""

    operation: str                     # "GET /v1/events/{id}" or "ReserveSeats"
    api: Literal["rest", "graphql"]
    count: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    errors: int                        # answered >= 500, or no answer at all (transport error)
    budget_ms: float | None = None     # its p95 budget (reporting.api_budget), None: no budget

    @computed_field  # type: ignore[prop-decorator]
    @property
    def over_budget(self) -> bool:
        return self.budget_ms is not None and self.p95_ms > self.budget_ms

    def line(self) -> str:
        """What the console and the page say about an operation over its budget."""
        return (f"{self.operation}: p95 {self.p95_ms:g} ms over its {self.budget_ms:g} ms budget "
                f"({self.count} calls, max {self.max_ms:g} ms)")


class ApiTimings(BaseModel):
    generated_at: str = ""          # when the last scenario ended
    exchanges: int = 0
    budget: ev.ApiBudget = Field(default_factory=ev.ApiBudget)
    operations: list[OperationTiming] = Field(default_factory=list)   # slowest p95 first

    @property
    def over_budget(self) -> list[OperationTiming]:
        return [op for op in self.operations if op.over_budget]

    @property
    def unmatched_budgets(self) -> list[str]:
        """Per-operation budgets no call of the run is named by (a typo, a URL instead of its path template):
        said aloud, or such a budget would guard nothing in silence."""
        called = {op.operation for op in self.operations}
        return sorted(name for name in self.budget.operations if name not in called)

    def unmatched_lines(self) -> list[str]:
        return [f"{name}: no call of this run is named so ({self.budget.operations[name]:g} ms budget unused)"
                for name in self.unmatched_budgets]

    @property
    def fails_run(self) -> bool:
        return self.budget.fail_run and bool(self.over_budget)

    def summary(self) -> str:
        """One line for the console and the Allure Overview."""
        if not self.operations:
            return "no API calls"
        slowest = self.operations[0]
        over = f"; {len(self.over_budget)} over the p95 budget" if self.over_budget else ""
        return f"{len(self.operations)} operations, slowest p95 {slowest.p95_ms:g} ms ({slowest.operation}){over}"


def percentile(sorted_ms: list[float], q: float) -> float:
    """Nearest rank: the smallest duration with at least ``q`` of the calls at or below it.

    Hand-written because it is one line and always a duration that was observed; statistics.quantiles
    interpolates and refuses a single call."""
    return sorted_ms[max(math.ceil(q * len(sorted_ms)) - 1, 0)]


def collapse_ids(path: str) -> str:
    """``/v1/orders/4711`` -> ``/v1/orders/{id}``: for a path the contract does not know."""
    return "/".join("{id}" if _ID_SEGMENT.match(part) else part for part in path.split("/"))


def operation_of(exchange: ev.ExchangeRef, matcher: RestMatcher) -> tuple[str, Literal["rest", "graphql"]]:
    if exchange.service == "graphql":
        # the client's operation name; a stream written before ExchangeRef.operation: the title starts with it
        return exchange.operation or exchange.title.split(" -> ")[0], "graphql"
    path = urlsplit(exchange.url).path
    return matcher.operation(exchange.method, path) or f"{exchange.method.upper()} {collapse_ids(path)}", "rest"


def is_error(exchange: ev.ExchangeRef) -> bool:
    return exchange.status is None or exchange.status >= 500


def exchanges_of(folded: Any) -> Iterable[ev.ExchangeRef]:
    """Every exchange of every attempt (support.run.outcome.Folded): a rerun's calls were real calls too."""
    for attempts in folded.attempts.values():
        for attempt in attempts:
            for step in attempt.steps:
                yield from step.exchanges


def budget_of(operation: str, budget: ev.ApiBudget) -> float | None:
    return budget.operations.get(operation, budget.p95_ms)


def api_timings(folded: Any, openapi: dict[str, Any] | None) -> ApiTimings:
    """The run's figures per operation; ``openapi``: the run's pinned contract (None: ids collapsed by shape)."""
    matcher = RestMatcher(openapi)
    budget = folded.run.report.api_budget if folded.run is not None else ev.ApiBudget()
    # keyed by name alone: one name is one row (the history's key, the budget's key), also when both clients
    # reach it (a raw POST to /graphql and a nameless GraphQL request are both "POST /graphql"): then "graphql"
    durations: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    apis: dict[str, set[str]] = defaultdict(set)
    total = 0
    for exchange in exchanges_of(folded):
        name, api = operation_of(exchange, matcher)
        durations[name].append(exchange.duration_ms)
        errors[name] += is_error(exchange)
        apis[name].add(api)
        total += 1
    operations = []
    for name, values in durations.items():
        values.sort()
        operations.append(OperationTiming(operation=name, api=min(apis[name]), count=len(values), p50_ms=percentile(values, 0.50),  # type: ignore[arg-type]
                                          p95_ms=percentile(values, 0.95), max_ms=values[-1], errors=errors[name],
                                          budget_ms=budget_of(name, budget)))
    operations.sort(key=lambda op: (-op.p95_ms, op.operation))
    return ApiTimings(generated_at=folded.ended_at() if folded.attempts else "", exchanges=total, budget=budget, operations=operations)


def of_run_folder(folded: Any, folder: Path | None) -> ApiTimings:
    """The figures of a run whose stream is folded already, named by the contract its folder keeps."""
    return api_timings(folded, pinned_openapi(folder) if folder is not None else None)
