"""Many requests at the same moment, and the proof, from the exchanges, that they were in flight together.

A race journey that sends its requests one after another proves nothing about the platform's
locking (issue 9: a serialising circuit breaker let the fair-sale journey pass with the seat row
lock removed). So ``at_once`` records the first request each action sends and fails the journey
with one line unless at least two thirds of them (and at least two) were on the wire at the same
moment, i.e. sent and not yet answered.

Why not "every request sent before the first answer came back": on a loaded two-core machine the
last of 30 threads can get the CPU to send only after the platform answered the first one (seen:
27 of 30 in flight, the last sent 516 ms late). Twenty racers for ten seats are still a race; one
or two at a time, which is what a serialising client produces, never pass.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from support.assertions import ExpectationFailed
from support.clients.exchange import Exchange
from support.plugins.hookspecs import hookimpl
from support.plugins.manager import plugin_manager

T = TypeVar("T")
log = logging.getLogger("jump")
BARRIER_TIMEOUT_S = 30.0
SHARE_IN_FLIGHT = 2 / 3  # of the racers' requests that must be in flight at one moment


def required_in_flight(racers: int) -> int:
    """How many of ``racers`` requests must be in flight at once for the race to count."""
    return min(racers, max(2, math.ceil(racers * SHARE_IN_FLIGHT)))


class RequestsDidNotOverlap(ExpectationFailed):
    """The requests of a race went out one after another: the race was not run."""


@dataclass(frozen=True)
class Overlap:
    """How the first requests of a burst lay in time (perf_counter seconds)."""

    requests: int
    expected: int
    last_sent_s: float
    first_answer_s: float
    peak_in_flight: int

    @property
    def required(self) -> int:
        return required_in_flight(self.expected)

    @property
    def overlapped(self) -> bool:
        return self.requests == self.expected and self.peak_in_flight >= self.required

    def describe(self, what: str) -> str:
        if self.requests < self.expected:
            return f"{what}: only {self.requests} of {self.expected} requests reached the wire, so the race was not run"
        gap_ms = (self.last_sent_s - self.first_answer_s) * 1000
        timing = (f"the last was sent {gap_ms:.0f} ms after the first answer arrived" if gap_ms > 0 else
                  f"all were sent before the first answer arrived ({-gap_ms:.0f} ms to spare)")
        if self.overlapped:
            return f"{what}: {self.peak_in_flight} of {self.requests} requests were in flight together; {timing}"
        return (f"{what}: the {self.requests} requests did not overlap: at most {self.peak_in_flight} were in flight at "
                f"once (at least {self.required} must be); {timing}, so the race was not run")


def overlap_of(exchanges: Sequence[Exchange], expected: int) -> Overlap:
    """The overlap of ``exchanges`` (one per racer); exchanges that never reached the wire do not count."""
    timed = [(e.sent_at_s, e.answered_at_s) for e in exchanges if e.sent_at_s is not None and e.answered_at_s is not None]
    if not timed:
        return Overlap(0, expected, 0.0, 0.0, 0)
    moments = sorted([(sent, 1) for sent, _ in timed] + [(answered, -1) for _, answered in timed])
    peak = in_flight = 0
    for _, change in moments:
        in_flight += change
        peak = max(peak, in_flight)
    return Overlap(len(timed), expected, max(s for s, _ in timed), min(a for _, a in timed), peak)


class _FirstExchangePerRacer:
    """A plugin that keeps the first exchange each racing thread sends (other threads are ignored)."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.first: dict[int, Exchange] = {}
        self.lock = threading.Lock()

    @hookimpl
    def jump_exchange(self, exchange: Any) -> None:
        racer = getattr(self.local, "racer", None)
        if racer is not None:
            with self.lock:
                self.first.setdefault(racer, exchange)


def at_once(actions: Sequence[Callable[[], T]], *, what: str) -> tuple[list[T], Overlap]:
    """Runs every action in its own thread, released together by a barrier, and proves that their
    first requests overlapped (see the module docstring); raises RequestsDidNotOverlap (one line) when not."""
    recorder = _FirstExchangePerRacer()
    barrier = threading.Barrier(len(actions))

    def race(racer: int) -> T:
        recorder.local.racer = racer
        barrier.wait(timeout=BARRIER_TIMEOUT_S)
        return actions[racer]()

    manager = plugin_manager()
    name = f"at-once-{id(recorder)}"
    manager.register(recorder, name=name)
    try:
        with ThreadPoolExecutor(max_workers=len(actions)) as pool:
            results = list(pool.map(race, range(len(actions))))
    finally:
        manager.unregister(name=name)
    overlap = overlap_of(list(recorder.first.values()), len(actions))
    if not overlap.overlapped:
        raise RequestsDidNotOverlap(overlap.describe(what))
    log.info("%s", overlap.describe(what))  # in the step's log: how much of a race it was
    return results, overlap
