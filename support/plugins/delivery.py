"""How the built-in plugins reach their services: one JSON POST, retried, never a reason to fail a run.

A run's verdict is the tests'; a monitoring service that is down, slow or misconfigured costs one
masked warning line on stderr and nothing else. Waits follow ``run.retry`` (the same tenacity
policy as the platform clients), retries are announced through the ``jump_retry`` hook.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, ClassVar

import requests
from pydantic import BaseModel
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

from support.config.errors import ConfigError
from support.config.secrets import SecretResolver, mask
from support.errors import DeliveryError
from support.plugins.hookspecs import hookimpl
from support.plugins.manager import hooks
from support.plugins.summary import RunSummary
from support.run.retry_policy import RetryPolicy, TransientFailure, parse_retry_after, wait_retry_after_or_backoff

if TYPE_CHECKING:
    from support.config.models import FrameworkSettings
    from support.config.reporting_settings import NotifierSettings

log = logging.getLogger("jump.plugins")


def _transient(response: requests.Response) -> bool:
    return response.status_code == 429 or response.status_code >= 500


def _snippet(response: requests.Response) -> str:
    return " ".join(response.text.split())[:200]


def post_json(url: str, payload: BaseModel, *, headers: dict[str, str], timeout_s: float, policy: RetryPolicy,
              service: str, operation: str) -> requests.Response:
    """POSTs ``payload`` as JSON; retries 429, 5xx and connection errors; DeliveryError when it gives up."""
    body = payload.model_dump(mode="json", exclude_none=True)

    def attempt() -> requests.Response:
        try:
            response = requests.post(url, json=body, headers=headers, timeout=timeout_s)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise TransientFailure(type(exc).__name__) from None  # its text holds the URL: never logged
        if _transient(response):
            after = parse_retry_after(response.headers.get("Retry-After"))
            wait = min(after, policy.max_wait_s) if after is not None else None
            raise TransientFailure(f"HTTP {response.status_code} {_snippet(response)}".strip(), wait, response)
        return response

    def before_sleep(state: Any) -> None:
        error = state.outcome.exception()
        wait = float(state.next_action.sleep) if state.next_action else 0.0
        hooks().jump_retry(service=service, operation=operation, attempt=state.attempt_number,
                           reason=getattr(error, "reason", type(error).__name__), wait_s=wait)

    try:
        response = Retrying(stop=stop_after_attempt(policy.max_attempts), wait=wait_retry_after_or_backoff(policy),
                            retry=retry_if_exception_type(TransientFailure), before_sleep=before_sleep, reraise=True)(attempt)
    except TransientFailure as exc:
        raise DeliveryError(f"{exc.reason} after {policy.max_attempts} attempt(s)") from None
    if not response.ok:
        raise DeliveryError(f"HTTP {response.status_code} {_snippet(response)}".strip())
    return response


def _reason(exc: Exception) -> str:
    if isinstance(exc, DeliveryError | ConfigError):
        return str(exc)
    if isinstance(exc, requests.RequestException):
        return type(exc).__name__  # requests' messages quote URLs, and a webhook URL is a secret
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}".rstrip(": ")


class HttpNotifier:
    """Base of the built-in plugins: the hook, the never-fail guard, the secret and the retry policy."""

    name: ClassVar[str]  # the key under settings.plugins
    sends: ClassVar[str]  # what a warning says was not sent

    def __init__(self, settings: FrameworkSettings) -> None:
        self.settings = settings

    @property
    def section(self) -> NotifierSettings:
        return getattr(self.settings.plugins, self.name)

    @hookimpl
    def jump_run_finished(self, summary: dict[str, Any]) -> None:
        try:
            self.deliver(RunSummary.model_validate(summary))
        except Exception as exc:  # noqa: BLE001 - monitoring never changes a run's result
            log.warning("%s", mask(f"{self.name}: {self.sends} not sent: {_reason(exc)}"))

    def deliver(self, summary: RunSummary) -> None:
        raise NotImplementedError

    def secret(self) -> str:
        """The section's secret, resolved (env:/vault:) and registered for masking."""
        return SecretResolver(self.settings).resolve(f"plugins.{self.name}.{self.section.secret_key}").get_secret_value()

    def post(self, url: str, payload: BaseModel, headers: dict[str, str], operation: str) -> requests.Response:
        retry = self.settings.run.retry
        policy = RetryPolicy(max_attempts=self.section.max_attempts, initial_wait_s=retry.initial_wait_s,
                             max_wait_s=retry.max_wait_s, jitter_s=retry.jitter_s)
        return post_json(url, payload, headers={"Content-Type": "application/json", **headers},
                         timeout_s=self.section.timeout_s, policy=policy, service=self.name, operation=operation)
