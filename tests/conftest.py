"""Shared fixtures: the running local stack (started when it is not) and role tokens."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping

import pytest
import requests

from support.clients.transport import new_request_id, set_request_id_prefix
from support.stack.lifecycle import LocalStack
from support.stack.state import StackState

# @pytest.mark.req("CI-001.2"): the test proves an SRS requirement; recorded for the coverage matrix.
# @pytest.mark.synthesis: a minutes-long synthesis run, deselected unless -m names it (tests/synthesis_selection.py)
pytest_plugins = ("tests.requirements_plugin", "tests.synthesis_selection")

# The local stack's documented accounts (sandbox/migrations/inventory/0002_reference_data.sql).
LOCAL_CREDENTIALS = {
    "admin": ("admin", "jump-admin-local"),
    "ops": ("ops", "jump-ops-local"),
    "analyst": ("analyst", "jump-analyst-local"),
    "fan": ("demo.fan@jump.test", "jump-fan-local"),
}


# GitLab's predefined variables change what the framework does (executor "gitlab", shards from
# CI_NODE_INDEX/CI_NODE_TOTAL); a test that wants them sets them itself (monkeypatch / environ=).
CI_PREFIXES = ("CI_", "GITLAB_")


@pytest.fixture(scope="session", autouse=True)
def no_ci_variables() -> Iterator[None]:
    """The suite behaves the same on a GitLab runner as on a laptop: CI_* / GITLAB_* are removed for the session."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith(CI_PREFIXES)]:
            patch.delenv(name)
        yield


@pytest.fixture(scope="session")
def local_stack() -> LocalStack:
    stack = LocalStack()
    stack.up()
    return stack


@pytest.fixture(scope="session")
def stack_state(local_stack: LocalStack) -> Iterator[StackState]:
    """The running stack; while tests use it, their requests are filed under this session's request ids,
    and the platform's audit log entries about them are removed when the session ends."""
    state = local_stack.load_state()
    assert state is not None
    tag = f"pytest-{uuid.uuid4().hex[:8]}"
    before = set_request_id_prefix(tag)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(requests.Session, "request", _tagged_request(requests.Session.request))
        yield state
    set_request_id_prefix(before)
    from data_factories.cleanup import delete_request_tagged  # imported on use: most tests need no factories
    from data_factories.graph import ReferenceGraph
    from support.db.pool import Databases

    databases = Databases.from_dsns(state.databases, maxconn=1)
    try:
        delete_request_tagged(databases, tag, ReferenceGraph.load(databases))
    finally:
        databases.close()


def _tagged_request(send: Callable[..., requests.Response]) -> Callable[..., requests.Response]:
    """requests.Session.request giving every request without one an X-Request-Id under this session's prefix
    (the framework's own transport sets its id itself, with the same prefix)."""

    def request(self: requests.Session, method: str, url: str, **kwargs: object) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})  # type: ignore[call-overload]
        if not any(name.lower() == "x-request-id" for name in headers):
            headers["X-Request-Id"] = new_request_id()
        return send(self, method, url, headers=headers, **kwargs)

    return request


@pytest.fixture(scope="session")
def base_url(stack_state: StackState) -> str:
    return stack_state.rest_url


@pytest.fixture(scope="session")
def graphql_url(stack_state: StackState) -> str:
    return stack_state.graphql_url


@pytest.fixture(scope="session")
def dsns(stack_state: StackState) -> dict[str, str]:
    return stack_state.databases


@pytest.fixture(scope="session")
def login(base_url: str) -> Callable[[str, str], str]:
    """Exchanges credentials for an access token via POST /v1/auth/token."""

    def _login(username: str, password: str) -> str:
        response = requests.post(f"{base_url}/v1/auth/token", json={"username": username, "password": password}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    return _login


# The sandbox's tokens live 15 minutes (token_ttl_seconds); a slow, loaded pytest session outlives them.
TOKEN_REFRESH_AFTER_S = 600.0


class RoleTokens(Mapping[str, str]):
    """One access token per role, logged in again once it is older than TOKEN_REFRESH_AFTER_S."""

    def __init__(self, login: Callable[[str, str], str]) -> None:
        self._login = login
        self._issued: dict[str, tuple[float, str]] = {}

    def __getitem__(self, role: str) -> str:
        issued = self._issued.get(role)
        if issued is None or time.monotonic() - issued[0] > TOKEN_REFRESH_AFTER_S:
            issued = (time.monotonic(), self._login(*LOCAL_CREDENTIALS[role]))
            self._issued[role] = issued
        return issued[1]

    def __iter__(self) -> Iterator[str]:
        return iter(LOCAL_CREDENTIALS)

    def __len__(self) -> int:
        return len(LOCAL_CREDENTIALS)


@pytest.fixture(scope="session")
def tokens(login: Callable[[str, str], str]) -> Mapping[str, str]:
    """One access token per role of the local stack, fresh however long the session runs."""
    return RoleTokens(login)
