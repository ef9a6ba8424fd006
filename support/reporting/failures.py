"""Failure analysis (REP-001.4): what each failed scenario hit, since when, and who shares it.

Each failure carries its category (support.reporting.categories), the last request/response and
database diff the worker kept, the run where its current failing streak began (from the
results history, when the execution engine's tables exist) and a signature: the error message
with ids, numbers and quoted values replaced, so failures with one cause fall into one group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from support.clients.masking import mask_text
from support.reporting.categories import Category, classify
from support.reporting.results import ScenarioResult
from support.reporting.trace import ScenarioTrace

_NORMALISE = [
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "<uuid>"),
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]+"), "<jwt>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "<time>"),
    (re.compile(r"https?://[^/\s]+"), "<host>"),
    (re.compile(r"\b[a-z]{1,12}-(?=[a-z]*\d)[a-z0-9]{6,}\b"), "<ns>"),                   # run namespaces: jt-4f2a9c
    (re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b", re.I), "<hex>"),
    (re.compile(r"(?<!\w)'[^'\n]{0,80}'(?!\w)|\"[^\"\n]{0,80}\""), "<str>"),   # not the ' of Maya's
    (re.compile(r"(?<![\w.])\$?-?\d[\d,]*(\.\d+)?"), "<n>"),          # not the 1 of /v1
]


def signature(message: str) -> str:
    """``ExpectationFailed: order 4711 total: expected '$118.00'`` -> ``ExpectationFailed: order <n> total: expected <str>``."""
    first = next((line.strip() for line in (message or "").splitlines() if line.strip()), "(no message)")
    for pattern, replacement in _NORMALISE:
        first = pattern.sub(replacement, first)
    return first[:300]


class FirstFailure(BaseModel):
    since: str           # ISO time of the first failed run of the current streak, or "this run"
    report_id: str = ""
    git_commit: str = ""
    failed_runs: int = 0  # consecutive failed runs recorded before this one


class FailedScenario(BaseModel):
    area: str
    feature: str
    scenario: str
    status: str
    category: str
    message: str
    signature: str
    tags: list[str] = Field(default_factory=list)
    last_exchange: dict[str, Any] | None = None
    db_diff: str | None = None
    first_failure: FirstFailure = Field(default_factory=lambda: FirstFailure(since="this run"))
    report_uuid: str = ""


class FailureGroup(BaseModel):
    signature: str
    category: str
    count: int
    scenarios: list[str]


class FailureAnalysis(BaseModel):
    generated_at: str
    total: int
    failed: int
    by_category: dict[str, int]
    groups: list[FailureGroup]
    failures: list[FailedScenario]


def analyse(results: list[ScenarioResult], traces: list[ScenarioTrace],
            history: dict[tuple[str, str], FirstFailure] | None = None,
            custom: list[Category] | tuple[Category, ...] = ()) -> FailureAnalysis:
    """``results`` holds the latest result per scenario; ``history`` maps (feature, scenario) to its streak;
    ``custom`` are the company's categories (reporting.categories_file), tried before Jump's."""
    by_history = {t.history_id: t for t in traces}
    failures: list[FailedScenario] = []
    for r in results:
        if r.status not in ("failed", "broken"):
            continue
        trace = by_history.get(r.history_id)
        message = mask_text(r.message)  # an assertion may quote an e-mail or a code: the analysis shows it masked
        first_line = next((line for line in message.splitlines() if line.strip()), "")
        failures.append(FailedScenario(
            area=r.area, feature=r.feature, scenario=r.name, status=r.status, category=classify(r.status, r.message, custom=custom) or "",
            message=message.strip()[:2000], signature=signature(first_line), tags=r.tags, report_uuid=r.uuid,
            last_exchange=trace.last_exchange if trace else None, db_diff=trace.last_diff if trace else None,
            first_failure=(history or {}).get((r.feature, r.name), FirstFailure(since="this run")),
        ))
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in failures:
        grouped[(f.signature, f.category)].append(f"{f.feature} :: {f.scenario}")
    groups = [FailureGroup(signature=s, category=c, count=len(names), scenarios=sorted(names))
              for (s, c), names in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    by_category: dict[str, int] = defaultdict(int)
    for f in failures:
        by_category[f.category] += 1
    return FailureAnalysis(generated_at=datetime.now(UTC).isoformat(timespec="seconds"), total=len(results),
                           failed=len(failures), by_category=dict(by_category), groups=groups, failures=failures)
