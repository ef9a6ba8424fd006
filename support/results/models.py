"""What a finished run hands to the history: validated at the boundary, written in one transaction."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class StepOutcome(BaseModel):
    keyword: str
    name: str
    status: str
    duration_s: float = 0.0


class CaseOutcome(BaseModel):
    """A scenario's final result in a run: after reruns, with the number of attempts it took."""

    feature: str
    name: str
    location: str
    status: str                 # passed | failed | skipped | flaky
    duration_s: float
    retries: int = 0            # transient-failure retries of platform calls (jump_retry)
    attempts: int = 1           # 1 + reruns of the scenario itself
    worker: str = ""
    error: str = ""
    tags: list[str] = Field(default_factory=list)
    steps: list[StepOutcome] = Field(default_factory=list)

    @property
    def flaky(self) -> bool:
        return self.status == "flaky"


class ApiTimingRecord(BaseModel):
    """One API operation's response times in a run (support/reporting/api_timings.py): its p95 is the trend."""

    operation: str
    api: str
    count: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    errors: int = 0


class RunRecord(BaseModel):
    environment: str
    git_commit: str = ""
    shard: str = "1/1"
    parallel: int = 1
    exit_code: int = 0
    run_id: str = ""            # its folder under reports/runs/ (the dashboard links a run to its reports)
    started_at: dt.datetime
    finished_at: dt.datetime
    cases: list[CaseOutcome] = Field(default_factory=list)
    api_timings: list[ApiTimingRecord] = Field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for c in self.cases if c.status == status)

    @property
    def wall_s(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
