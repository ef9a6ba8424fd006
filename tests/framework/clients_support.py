"""Fixtures for the client tests: a platform session on the local stack (imported explicitly)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.config import load_settings, resolve_auto
from support.session import PlatformSession


@pytest.fixture(scope="module")
def platform(local_stack: object) -> Iterator[PlatformSession]:
    session = PlatformSession.open(resolve_auto(load_settings("local")))
    yield session
    session.close()
