"""The typed clients against the real platform: parsing, error mapping, auth refresh, retries."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from data_factories import EventFactory, FanFactory, PricePointFactory, seat_map
from data_factories.session import FactorySession
from support.clients.auth import Credentials, UnknownRole
from support.clients.graphql import operations
from support.clients.rest import RestClient
from support.clients.transport import HttpTransport, TransportOptions
from support.errors import ContractViolation, GraphQLResponseError, PlatformUnreachable, ProblemError
from support.plugins.hookspecs import hookimpl
from support.plugins.manager import plugin_manager
from support.run.retry_policy import RetryPolicy
from support.session import PlatformSession
from support.stack.lifecycle import LocalStack
from support.stack.postgres import free_port
from support.stack.state import PlatformOptions
from tests.framework.clients_support import platform

__all__ = ["platform"]
UNKNOWN = "00000000-0000-4000-8000-000000000000"


class RetryRecorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    @hookimpl
    def jump_retry(self, service: str, operation: str, attempt: int, reason: str, wait_s: float) -> None:
        self.calls.append({"operation": operation, "attempt": attempt, "reason": reason, "wait_s": wait_s})


@pytest.fixture()
def retries() -> Any:
    recorder = RetryRecorder()
    plugin_manager().register(recorder)
    yield recorder
    plugin_manager().unregister(recorder)


@pytest.mark.req("ERR-001.2")
def test_rest_problem_becomes_typed_error(platform: PlatformSession) -> None:
    response = platform.rest.call("GET", "/v1/events/{id}", role="analyst", path_params={"id": UNKNOWN})
    assert response.status == 404 and response.is_problem
    with pytest.raises(ProblemError) as caught:
        response.raise_for_problem()
    assert caught.value.code == "NOT_FOUND" and caught.value.status == 404
    assert UNKNOWN in caught.value.detail


def test_rest_validation_problem_names_the_fields(platform: PlatformSession) -> None:
    response = platform.rest.call("POST", "/v1/venues", role="admin", json={"name": "x"})
    with pytest.raises(ProblemError) as caught:
        response.raise_for_problem()
    assert caught.value.status == 422
    assert {"city", "country", "capacity"} <= set(caught.value.fields)


def test_rest_response_outside_the_openapi_document_is_a_contract_violation(platform: PlatformSession) -> None:
    forged = requests.Response()
    forged.status_code, forged._content = 200, b'{"unexpected": true}'
    forged.headers["Content-Type"] = "application/json"
    forged.request = requests.Request("GET", f"{platform.rest.transport.base_url}/v1/venues").prepare()
    assert platform.rest.validator is not None
    with pytest.raises(ContractViolation, match="does not match the pinned OpenAPI document"):
        platform.rest.validator.validate(forged)


def test_graphql_result_is_typed(platform: PlatformSession, factories: FactorySession) -> None:
    event = EventFactory()
    seats = seat_map(event, "A", rows=1, seats_per_row=4)
    PricePointFactory(event_id=event.id, price_code_id=seats.block.price_code_id, price_type="ADULT", base_cents=2500)
    result = platform.graphql.execute(operations.availability(), {"eventId": str(event.id)}, role="fan").raise_for_errors()
    availability = result.typed.availability
    assert availability.total_available == 4
    assert [(s.section, s.available) for s in availability.sections] == [("A", 4)]
    assert availability.sections[0].prices[0].total_cents == 2500


@pytest.mark.req("ERR-001.2")
def test_graphql_errors_carry_message_path_and_code(platform: PlatformSession) -> None:
    result = platform.graphql.execute(operations.availability(), {"eventId": UNKNOWN}, role="fan")
    with pytest.raises(GraphQLResponseError) as caught:
        result.raise_for_errors()
    assert caught.value.code == "NOT_FOUND"
    assert caught.value.path == ["availability"]
    assert UNKNOWN in caught.value.message


def test_graphql_staff_token_on_fan_mutation_is_forbidden(platform: PlatformSession) -> None:
    variables = {"input": {"eventId": UNKNOWN, "quantity": 1, "priceType": "ADULT"}}
    assert platform.graphql.execute(operations.reserve_seats(), variables, role="analyst").error_code == "FORBIDDEN"
    assert platform.graphql.execute(operations.reserve_seats(), variables).error_code == "UNAUTHENTICATED"


def test_rejected_cached_token_is_refreshed_once(platform: PlatformSession, factories: FactorySession) -> None:
    fan = FanFactory()
    who = Credentials(username=fan.username, password=fan.password)
    good = platform.tokens.token(who)
    platform.tokens._cache[who.username].token = good[:-4] + "AAAA"  # tampered signature, still "valid" locally
    result = platform.graphql.execute(operations.me(), {}, as_user=who).raise_for_errors()
    assert result.typed.me.email == fan.email
    assert platform.tokens.token(who) != good[:-4] + "AAAA"


@pytest.mark.req("ERR-001.5", "FT-001.4")
def test_idempotent_calls_are_retried_through_injected_503s(retries: RetryRecorder) -> None:
    options = PlatformOptions(fault_503_rate=0.5, fault_seed=11)
    with LocalStack().extra_platform(options) as url:
        transport = HttpTransport("rest", url, retry=RetryPolicy(max_attempts=10, initial_wait_s=0.01, max_wait_s=0.05, jitter_s=0.0))
        statuses, retried = [], 0
        for _ in range(10):
            response, exchange = transport.send("GET", "/openapi.json", operation="GET /openapi.json", retryable=True)
            statuses.append(response.status_code)
            retried += len(exchange.retries)
        assert statuses == [200] * 10
        assert retried > 0 and len(retries.calls) == retried
        assert all(c["reason"] == "HTTP 503" for c in retries.calls)
        # the platform's Retry-After (1 s) is honoured over the configured backoff
        assert all(c["wait_s"] == 1.0 for c in retries.calls)


def test_non_idempotent_calls_are_not_retried(retries: RetryRecorder) -> None:
    with LocalStack().extra_platform(PlatformOptions(fault_503_rate=1.0, fault_seed=3)) as url:
        transport = HttpTransport("rest", url, retry=RetryPolicy(max_attempts=5, initial_wait_s=0.01))
        response, exchange = transport.send("POST", "/v1/venues", operation="POST /v1/venues", json={}, retryable=False)
    assert response.status_code == 503 and exchange.retries == [] and retries.calls == []


def test_unreachable_platform_is_one_clear_error_and_opens_the_circuit() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    transport = HttpTransport("rest", url, retry=RetryPolicy(max_attempts=1),
                              options=TransportOptions(connect_timeout_s=0.5, breaker_fail_max=2))
    messages = []
    for _ in range(3):
        with pytest.raises(PlatformUnreachable) as caught:
            transport.send("GET", "/health", operation="GET /health", retryable=True)
        messages.append(str(caught.value))
    assert messages[0].startswith(f"rest unreachable at {url}/health")
    assert "circuit open" in messages[-1]


def test_client_rejects_role_without_credentials(platform: PlatformSession) -> None:
    client = RestClient(platform.rest.transport, platform.tokens, {}, None)
    with pytest.raises(UnknownRole, match="no credentials for role 'nobody'"):
        client.call("GET", "/v1/venues", role="nobody")
