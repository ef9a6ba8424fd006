"""The ``jump_run_finished`` summary as a typed model, so plugins read fields rather than dict keys.

The hook passes a plain dict (pluggy hooks stay JSON-like for third-party plugins); keys a caller
leaves out take neutral defaults, and keys this model does not know are ignored.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

STATUSES = ("passed", "failed", "flaky", "skipped")


class RunSummary(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    passed: int = 0
    failed: int = 0
    flaky: int = 0
    skipped: int = 0
    total: int = 0
    wall_s: float = 0.0
    shard: str = "1/1"
    parallel: int = 1
    exit_code: int = 0
    reason: str = "completed"   # completed, test_failures, fail_fast, usage, unreachable, cancelled, no_scenarios, crashed
    message: str = ""           # the run's one line when it did not complete (exit 2, 3, a stop)
    run_id: str = ""
    report: str | None = None
    junit: str | None = None
    git_commit: str = ""
    failed_scenarios: list[str] = Field(default_factory=list)  # "feature :: scenario", in run order

    def count(self, status: str) -> int:
        return int(getattr(self, status))

    @property
    def executed(self) -> int:
        """Scenarios that ran to a verdict: skipped ones say nothing about the platform."""
        return self.total - self.skipped

    @property
    def pass_rate(self) -> float | None:
        """Percent of executed scenarios that did not fail (flaky ones passed in the end); None if none ran."""
        return 100.0 * (self.executed - self.failed) / self.executed if self.executed > 0 else None

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0 and self.failed == 0
