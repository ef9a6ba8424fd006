"""One HTTP request and its response, as the reports and coverage see it (secrets masked)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class RetryRecord(BaseModel):
    """A transient failure that was retried: what happened and how long we waited."""

    attempt: int
    reason: str
    waited_s: float


class Exchange(BaseModel):
    service: str                      # "rest" | "graphql" | "auth"
    operation: str                    # "GET /v1/events/{id}" or the GraphQL operation name
    method: str
    url: str
    request_headers: dict[str, str] = Field(default_factory=dict)
    request_body: Any = None
    status: int | None = None
    response_headers: dict[str, str] = Field(default_factory=dict)
    response_body: Any = None
    duration_ms: float = 0.0
    retries: list[RetryRecord] = Field(default_factory=list)
    error: str | None = None          # transport error when there was no response
    # when the first attempt went on the wire and when its answer (or failure) came back, in
    # time.perf_counter() seconds: comparable between exchanges of one process (overlap proofs)
    sent_at_s: float | None = None
    answered_at_s: float | None = None

    @property
    def title(self) -> str:
        status = self.status if self.status is not None else "no response"
        retried = f", {len(self.retries)} retries" if self.retries else ""
        return f"{self.operation} -> {status} ({self.duration_ms:.0f} ms{retried})"
