"""When and how long to wait before retrying a transient failure (tenacity)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from tenacity import RetryCallState, wait_exponential_jitter
from tenacity.wait import wait_base

TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MAX_RETRY_AFTER_S = 30.0


class RetryPolicy(BaseModel):
    max_attempts: int = Field(default=4, ge=1, le=20)
    initial_wait_s: float = Field(default=0.2, ge=0)
    max_wait_s: float = Field(default=5.0, ge=0)
    jitter_s: float = Field(default=0.2, ge=0)


class TransientFailure(Exception):
    """Raised inside an attempt to ask tenacity for another; carries the server's Retry-After."""

    def __init__(self, reason: str, retry_after_s: float | None = None, payload: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s
        self.payload = payload  # the last response, handed back when retries run out


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form; HTTP dates are treated as absent)."""
    if not value:
        return None
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER_S)
    except ValueError:
        return None


class wait_retry_after_or_backoff(wait_base):
    """Honours the server's Retry-After; otherwise exponential backoff with jitter."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.backoff = wait_exponential_jitter(multiplier=policy.initial_wait_s, max=policy.max_wait_s, jitter=policy.jitter_s)

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        if isinstance(error, TransientFailure) and error.retry_after_s is not None:
            return error.retry_after_s
        return float(self.backoff(retry_state))


def is_retryable(method: str, *, idempotency_key: bool = False, declared_idempotent: bool | None = None) -> bool:
    """Only idempotent calls, and mutations that carry an idempotency key, are ever retried."""
    if declared_idempotent is not None:
        return declared_idempotent
    return method.upper() in IDEMPOTENT_METHODS or idempotency_key
