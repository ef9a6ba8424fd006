"""What a synthesis run found, per operation and role (pydantic: the command, the reports and the tests share it)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from support.synthesis.plan import Api


class Finding(BaseModel):
    """One distinct failed check: which check, what it said, and how to reproduce it (token masked)."""

    check: str
    title: str
    message: str
    status: int | None = None
    phase: str = ""
    reproduce: str = ""
    response: str = ""      # the start of the answer's body

    def line(self) -> str:
        first = next((part.strip() for part in self.message.splitlines() if part.strip()), "")
        return f"{self.check}: {self.title}" + (f" ({first[:160]})" if first and first not in self.title else "")


class RoleOutcome(BaseModel):
    """One cell: the requests one role's generated tests sent to one operation."""

    role: str
    rule: str
    primary: bool
    requests: int = 0
    statuses: dict[str, int] = Field(default_factory=dict)   # "201" -> how many
    findings: list[Finding] = Field(default_factory=list)
    paths: list[tuple[str, str, int | None]] = Field(default_factory=list)  # (method, url path, status) seen
    documents: list[str] = Field(default_factory=list)   # GraphQL documents sent (a few, for API coverage)

    @property
    def reached_success(self) -> bool:
        return any(code.startswith("2") for code in self.statuses)


class OperationOutcome(BaseModel):
    api: Api
    operation: str                      # matrix name: "GET /v1/venues/{id}", "mutation checkout"
    roles: list[RoleOutcome] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)   # Schemathesis could not test it (schema or hook errors)
    start_ms: int = 0
    stop_ms: int = 0

    @property
    def findings(self) -> list[tuple[str, Finding]]:
        return [(r.role, f) for r in self.roles for f in r.findings]

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.roles)

    @property
    def reached_success(self) -> bool:
        return any(r.reached_success for r in self.roles)

    @property
    def status(self) -> str:
        if self.findings:
            return "failed"
        if self.errors:
            return "broken"
        return "passed" if self.requests else "skipped"


class SynthesisResult(BaseModel):
    operations: list[OperationOutcome] = Field(default_factory=list)
    max_examples: int = 0
    budget_s: float = 0.0
    wall_s: float = 0.0
    stopped_early: str | None = None          # why a run stopped before its last cell (time budget)
    created_rows: dict[str, int] = Field(default_factory=dict)
    removed_rows: int = 0
    accounts_replaced: int = 0
    replaced_ids: int = 0                     # generated ids pointed at the run's own rows (support/synthesis/guard.py)
    schemathesis_version: str = ""

    @property
    def failed(self) -> list[OperationOutcome]:
        return [o for o in self.operations if o.status in ("failed", "broken")]

    @property
    def requests(self) -> int:
        return sum(o.requests for o in self.operations)

    def reached(self, api: Api | None = None) -> tuple[int, int]:
        """(operations that answered 2xx at least once, operations tested)."""
        mine = [o for o in self.operations if api is None or o.api == api]
        return sum(o.reached_success for o in mine), len(mine)
