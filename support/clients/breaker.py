"""A circuit breaker per service that never serialises requests.

Hand-written on purpose: pybreaker's ``CircuitBreaker.call()`` (and ``calling()``) holds one lock
for the whole guarded call, so every request of a service went out one after another and the
race journeys raced nothing (issue 9). Its state machine can only be driven from outside
``call()`` through private members (``_state_storage``, ``_inc_counter``), and the other Python
breakers are either async-only or not thread-safe. This one keeps the request itself outside
the lock: ``admit()`` before the request and ``succeeded()``/``failed()`` after it are each a
few assignments under a lock, so many threads' requests are in flight together.

States as usual: closed (counting consecutive connection failures), open after ``fail_max`` of
them (calls refused at once), half-open after ``reset_s`` (one trial request; its success
closes the circuit, its failure opens it again).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal

BreakerState = Literal["closed", "open", "half-open"]


class CircuitOpen(Exception):
    """The circuit is open (or its one half-open trial is in flight): the call was not made.

    Never leaves support.clients: the transport turns it into PlatformUnreachable ("circuit open")."""


class ConnectionBreaker:
    """Counts consecutive connection failures of one service; thread-safe, never held during a call."""

    def __init__(self, fail_max: int, reset_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.fail_max = fail_max
        self.reset_s = reset_s
        self._clock = clock
        self._lock = threading.Lock()
        self._state: BreakerState = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state

    @property
    def failures(self) -> int:
        with self._lock:
            return self._failures

    def admit(self) -> None:
        """Lets a call through, or raises CircuitOpen; after ``reset_s`` open, one trial call passes."""
        with self._lock:
            if self._state == "closed":
                return
            if self._state == "open" and self._clock() - self._opened_at >= self.reset_s:
                self._state = "half-open"
                self._trial_in_flight = False
            if self._state == "half-open" and not self._trial_in_flight:
                self._trial_in_flight = True
                return
            raise CircuitOpen(f"circuit {self._state}")

    def succeeded(self) -> None:
        """A call got an answer (any HTTP status): the service is reachable."""
        with self._lock:
            self._state, self._failures, self._trial_in_flight = "closed", 0, False

    def failed(self) -> None:
        """A call could not reach the service; the ``fail_max``-th in a row (or a failed trial) opens it."""
        with self._lock:
            self._failures += 1
            self._trial_in_flight = False
            if self._state == "half-open" or self._failures >= self.fail_max:
                self._state, self._opened_at = "open", self._clock()

    def abandoned(self) -> None:
        """A call ended without telling either way (interrupted): a half-open trial may be made again."""
        with self._lock:
            self._trial_in_flight = False
