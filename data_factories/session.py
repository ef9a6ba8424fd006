"""The factories' current session: which databases to write to and which registry records it.

Factory-boy calls ``_create`` with no context, so the framework binds one session per process
(``bind`` in before_all, ``use_registry`` around each scenario). Process-global on purpose:
parallel workers are processes, and threads a scenario starts must see the same session.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import factory.random

from data_factories.errors import SessionNotBound
from data_factories.registry import Registry
from support.db.pool import Databases


@dataclass
class FactorySession:
    databases: Databases
    registry: Registry
    seed: int | None = None
    # rows created or read in this session, by (table, id): parents' columns without a query
    rows: dict[tuple[str, str], Any] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        return self.registry.namespace


_current: FactorySession | None = None
_lock = threading.Lock()


def bind(databases: Databases, registry: Registry, *, seed: int | None = None) -> FactorySession:
    """Makes factories write to ``databases`` and register into ``registry``; ``seed`` fixes Faker's values."""
    global _current
    with _lock:
        _current = FactorySession(databases, registry, seed)
    if seed is not None:
        reseed(seed)
    return _current


def unbind() -> None:
    global _current
    with _lock:
        _current = None


def current() -> FactorySession:
    session = _current
    if session is None:
        raise SessionNotBound("no factory session: call data_factories.session.bind(databases, registry) first")
    return session


def reseed(seed: int) -> None:
    """Same seed, same generated names and values (factory-boy's and Faker's shared random)."""
    factory.random.reseed_random(seed)


@contextmanager
def bound(databases: Databases, registry: Registry, *, seed: int | None = None) -> Iterator[FactorySession]:
    """``bind`` for the length of a block (tests, scripts)."""
    global _current
    previous = _current
    session = bind(databases, registry, seed=seed)
    try:
        yield session
    finally:
        with _lock:
            _current = previous


@contextmanager
def use_registry(registry: Registry) -> Iterator[FactorySession]:
    """Records into ``registry`` (a scenario's scope) for the length of a block."""
    session = current()
    previous = session.registry
    session.registry = registry
    try:
        yield session
    finally:
        session.registry = previous
