"""Requests from many threads to one service go out together, and the breaker still opens and recovers.

Real loopback HTTP servers (tests/stubs/http.py): one answers only once all N requests have
arrived, which only overlapping requests can satisfy.
"""

from __future__ import annotations

import threading
from email.message import Message

import pytest

from support.clients.breaker import ConnectionBreaker
from support.clients.exchange import Exchange
from support.clients.transport import HttpTransport, TransportOptions
from support.errors import PlatformUnreachable
from support.journeys.at_once import RequestsDidNotOverlap, at_once, overlap_of, required_in_flight
from support.run.retry_policy import RetryPolicy
from support.stack.postgres import free_port
from tests.stubs.http import serving

N = 12


class Clock:
    """A clock the test moves by hand, so the breaker's reset timeout needs no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _all_together(count: int):
    """A server that answers each request only once ``count`` requests are in it at the same time."""
    arrived = threading.Barrier(count)

    def respond(method: str, path: str, headers: Message, body: bytes) -> tuple[int, str, bytes]:
        try:
            arrived.wait(timeout=5)
        except threading.BrokenBarrierError:
            return 504, "text/plain", b"the requests did not arrive together"
        return 200, "application/json", b'{"ok": true}'

    return respond


def _transport(url: str, **options: object) -> HttpTransport:
    return HttpTransport("rest", url, retry=RetryPolicy(max_attempts=1), options=TransportOptions(**options))


def test_requests_from_many_threads_are_in_flight_together() -> None:
    with serving(_all_together(N)) as url:
        transport = _transport(url)
        results, overlap = at_once([lambda: transport.send("GET", "/x", operation="GET /x")] * N, what="N readers")
    assert [response.status_code for response, _ in results] == [200] * N
    assert overlap.overlapped and overlap.peak_in_flight == N
    assert overlap_of([exchange for _, exchange in results], N).last_sent_s < overlap.first_answer_s


def test_a_burst_sent_one_after_another_fails_with_one_line() -> None:
    one_at_a_time = threading.Lock()
    with serving(lambda *_: (200, "application/json", b"{}")) as url:
        transport = _transport(url)

        def serialised() -> object:
            with one_at_a_time:
                return transport.send("GET", "/x", operation="GET /x")

        with pytest.raises(RequestsDidNotOverlap) as caught:
            at_once([serialised] * 5, what="5 fans paying")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("5 fans paying: the 5 requests did not overlap: at most 1 were in flight at once "
                              "(at least 4 must be); the last was sent ")
    assert message.endswith("ms after the first answer arrived, so the race was not run")


def test_two_thirds_of_the_racers_in_flight_at_once_is_a_race() -> None:
    assert [required_in_flight(n) for n in (1, 2, 3, 5, 30)] == [1, 2, 2, 4, 20]
    staggered = [Exchange(service="rest", operation="x", method="GET", url="u", sent_at_s=float(i), answered_at_s=10.0 + i)
                 for i in range(30)]  # one sent a second, each answered 10 s later: 10 at most at once
    assert overlap_of(staggered, 30).peak_in_flight == 10 and not overlap_of(staggered, 30).overlapped
    assert overlap_of(staggered[:12], 12).overlapped  # 10 of 12 at once, 8 needed


def test_breaker_opens_after_consecutive_connection_failures_without_touching_the_wire() -> None:
    clock = Clock()
    dead = f"http://127.0.0.1:{free_port()}"
    transport = HttpTransport("rest", dead, retry=RetryPolicy(max_attempts=1),
                              options=TransportOptions(connect_timeout_s=0.5),
                              breaker=ConnectionBreaker(fail_max=3, reset_s=30, clock=clock))
    causes = []
    for _ in range(4):
        with pytest.raises(PlatformUnreachable) as caught:
            transport.send("GET", "/health", operation="GET /health")
        causes.append(caught.value.cause)
    assert [c.startswith("ConnectionError") for c in causes] == [True, True, True, False]
    assert causes[3] == "circuit open after 3 consecutive connection failures"
    assert transport.breaker.state == "open"


@pytest.mark.req("ERR-001.5")
def test_breaker_half_opens_after_the_reset_timeout_and_a_good_answer_closes_it() -> None:
    clock = Clock()
    hits = []
    with serving(lambda *_: (hits.append(1), (200, "application/json", b"{}"))[1]) as live:
        transport = HttpTransport("rest", f"http://127.0.0.1:{free_port()}", retry=RetryPolicy(max_attempts=1),
                                  options=TransportOptions(connect_timeout_s=0.5),
                                  breaker=ConnectionBreaker(fail_max=2, reset_s=30, clock=clock))
        for _ in range(2):
            with pytest.raises(PlatformUnreachable):
                transport.send("GET", "/health", operation="GET /health")
        with pytest.raises(PlatformUnreachable, match="circuit open"):
            transport.send("GET", f"{live}/health", operation="GET /health")
        assert hits == []  # an open circuit refuses at once
        clock.now += 30
        response, _ = transport.send("GET", f"{live}/health", operation="GET /health")
    assert response.status_code == 200 and hits == [1]
    assert transport.breaker.state == "closed" and transport.breaker.failures == 0


def test_a_failed_half_open_trial_opens_the_circuit_again() -> None:
    clock = Clock()
    breaker = ConnectionBreaker(fail_max=2, reset_s=10, clock=clock)
    breaker.failed()
    breaker.failed()
    clock.now += 10
    breaker.admit()  # the one trial
    assert breaker.state == "half-open"
    with pytest.raises(Exception, match="circuit half-open"):
        breaker.admit()  # a second caller while the trial is in flight
    breaker.failed()
    assert breaker.state == "open"
    with pytest.raises(Exception, match="circuit open"):
        breaker.admit()


def test_an_answer_resets_the_count_of_consecutive_failures() -> None:
    breaker = ConnectionBreaker(fail_max=3, reset_s=10)
    breaker.failed()
    breaker.failed()
    breaker.succeeded()
    breaker.failed()
    breaker.failed()
    assert breaker.state == "closed"
    breaker.failed()
    assert breaker.state == "open"
