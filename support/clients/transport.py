"""The HTTP boundary: one pooled requests session per service, retries, circuit breaker, recording.

Requests from many threads to one service go out together: the pool holds ``pool_size``
connections and the circuit breaker is consulted before and after a request, never during it.

requests' exceptions never leave this module: connection problems become PlatformUnreachable.
"""

from __future__ import annotations

import json as jsonlib
import time
import uuid
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt

from support.clients.breaker import CircuitOpen, ConnectionBreaker
from support.clients.exchange import Exchange, RetryRecord
from support.clients.masking import mask_data, mask_headers
from support.clients.read_only import ReadOnlyGuard
from support.errors import PlatformUnreachable
from support.plugins.manager import hooks
from support.run.retry_policy import (
    TRANSIENT_STATUS,
    RetryPolicy,
    TransientFailure,
    parse_retry_after,
    wait_retry_after_or_backoff,
)

# Every request id starts with the run's namespace ("jt-1a2b3c4d.<hex>", set_request_id_prefix at the
# start of a run): rows the platform writes about a request and names by its id (its audit log)
# are the run's test data too, and cleanup finds them by that prefix (data_factories.cleanup).
_request_id_prefix = ""


def set_request_id_prefix(namespace: str) -> str:
    """Requests of this process carry ``<namespace>.`` at the start of their X-Request-Id from now on;
    returns the namespace they carried before ("" for none), to put back."""
    global _request_id_prefix
    before = _request_id_prefix.removesuffix(".")
    _request_id_prefix = f"{namespace}." if namespace else ""
    return before


def new_request_id() -> str:
    return f"{_request_id_prefix}{uuid.uuid4().hex}"


@dataclass(frozen=True)
class TransportOptions:
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    verify: bool | str = True          # True, False, or a CA bundle path
    pool_size: int = 32
    breaker_fail_max: int = 5          # consecutive connection failures that open the circuit
    breaker_reset_s: float = 30.0
    read_only: ReadOnlyGuard | None = None  # set in read-only environments: mutating requests never leave


class _Unreachable(Exception):
    """A connection-level failure (counted by the circuit breaker)."""


class HttpTransport:
    """Sends requests for one service (``rest``, ``graphql``, ``auth``) to one base URL."""

    def __init__(self, service: str, base_url: str, *, retry: RetryPolicy | None = None,
                 options: TransportOptions | None = None, breaker: ConnectionBreaker | None = None) -> None:
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.options = options or TransportOptions()
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=self.options.pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.verify = self.options.verify
        self.breaker = breaker or ConnectionBreaker(self.options.breaker_fail_max, self.options.breaker_reset_s)

    def close(self) -> None:
        self.session.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"

    def send(self, method: str, path: str, *, operation: str, json: Any = None, headers: dict[str, str] | None = None,
             retryable: bool = False) -> tuple[requests.Response, Exchange]:
        """One logical request; transient failures are retried only when ``retryable``."""
        url = self.url(path)
        if self.options.read_only is not None:  # before anything is sent, retried or recorded
            self.options.read_only.check(method, url, json)
        sent_headers = {"Accept": "application/json", "X-Request-Id": new_request_id(), **(headers or {})}
        retries: list[RetryRecord] = []
        timings: list[tuple[float, float]] = []  # (sent, answered) of each attempt that reached the wire
        started = time.perf_counter()

        def attempt() -> requests.Response:
            response = self._once(method, url, json, sent_headers, timings)
            if retryable and response.status_code in TRANSIENT_STATUS:
                raise TransientFailure(f"HTTP {response.status_code}", parse_retry_after(response.headers.get("Retry-After")), response)
            return response

        def before_sleep(state: Any) -> None:
            error = state.outcome.exception()
            wait = float(state.next_action.sleep) if state.next_action else 0.0
            reason = getattr(error, "reason", str(error))
            retries.append(RetryRecord(attempt=state.attempt_number, reason=reason, waited_s=round(wait, 3)))
            hooks().jump_retry(service=self.service, operation=operation, attempt=state.attempt_number, reason=reason, wait_s=wait)

        last_response: requests.Response | None = None
        error: str | None = None
        try:
            for try_ in Retrying(
                stop=stop_after_attempt(self.retry.max_attempts if retryable else 1),
                wait=wait_retry_after_or_backoff(self.retry),
                retry=retry_if_exception_type((TransientFailure, _Unreachable)),
                before_sleep=before_sleep,
                reraise=False,
            ):
                with try_:
                    last_response = attempt()
        except RetryError as exc:
            cause = exc.last_attempt.exception()
            if isinstance(cause, TransientFailure):
                last_response = cause.payload
            else:
                error = str(cause)
        except _Unreachable as exc:
            error = str(exc)
        exchange = self._record(operation, method, url, sent_headers, json, last_response, started, retries, error,
                                timings[0] if timings else None)
        if last_response is None:
            raise PlatformUnreachable(self.service, url, error or "no response")
        return last_response, exchange

    def _once(self, method: str, url: str, json: Any, headers: dict[str, str],
              timings: list[tuple[float, float]]) -> requests.Response:
        """One attempt: the breaker's check and its update are short; the request runs outside them."""
        try:
            self.breaker.admit()
        except CircuitOpen as exc:
            raise _Unreachable(f"circuit open after {self.breaker.fail_max} consecutive connection failures") from exc
        sent = time.perf_counter()
        try:
            response = self._request(method, url, json, headers)
        except _Unreachable:
            self.breaker.failed()
            raise
        except BaseException:
            self.breaker.abandoned()
            raise
        finally:
            timings.append((sent, time.perf_counter()))
        self.breaker.succeeded()
        return response

    def _request(self, method: str, url: str, json: Any, headers: dict[str, str]) -> requests.Response:
        try:
            # verify is passed on every request: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override
            # session.verify (psf/requests#3829), which would silently drop the configured platform CA
            return self.session.request(method, url, json=json, headers=headers, verify=self.options.verify,
                                        timeout=(self.options.connect_timeout_s, self.options.read_timeout_s))
        except requests.exceptions.SSLError as exc:
            raise _Unreachable(f"TLS verification failed: {exc.__class__.__name__}") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _Unreachable(f"{exc.__class__.__name__}") from exc

    def _record(self, operation: str, method: str, url: str, headers: dict[str, str], body: Any,
                response: requests.Response | None, started: float, retries: list[RetryRecord], error: str | None,
                first_attempt: tuple[float, float] | None) -> Exchange:
        exchange = Exchange(
            service=self.service, operation=operation, method=method, url=url,
            request_headers=mask_headers(headers), request_body=mask_data(body),
            status=response.status_code if response is not None else None,
            response_headers=mask_headers(dict(response.headers)) if response is not None else {},
            response_body=mask_data(_body_of(response)) if response is not None else None,
            duration_ms=(time.perf_counter() - started) * 1000, retries=retries, error=error,
            sent_at_s=first_attempt[0] if first_attempt else None,
            answered_at_s=first_attempt[1] if first_attempt else None,
        )
        hooks().jump_exchange(exchange=exchange)
        return exchange


def _body_of(response: requests.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, jsonlib.JSONDecodeError):
        return response.text[:10_000]
