"""Pluggable auth (issue 14): a provider per role from the environment, secrets resolved on first use.

Against real HTTP servers on loopback: the local stack's platform (which takes bearer tokens it
issued itself) and, for an API key, a small GraphQL endpoint of the test's own that answers only
when the key is right. OAuth2 client credentials against a real provider are in
test_example_target.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from email.message import Message
from pathlib import Path

import pytest

from support.config import ConfigError, load_settings
from support.config.snapshot import resolve_secrets
from support.session import PlatformSession
from support.stack.state import StackState
from tests.stubs.http import serving

API_KEY = "k-7f3a-not-a-real-key"


def _env(tmp_path: Path, name: str, graphql_url: str, results: str, auth: str, extra: str = "", rest_url: str | None = None) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f"""
[platform]
graphql_url = "{graphql_url}"
{f'rest_url = "{rest_url}"' if rest_url else ""}
[databases]
results = "{results}"
[contracts]
graphql = false
{extra}
{auth}
""", encoding="utf-8")
    return path


def _me(session: PlatformSession, role: str) -> dict[str, object]:
    result = session.graphql.execute("query Me { me { email } }", role=role)
    return {"status": result.status, "data": result.data, "errors": result.errors}


def test_role_names_and_providers_come_from_the_file_and_a_wrong_provider_is_one_line(tmp_path: Path, stack_state: StackState) -> None:
    bad = _env(tmp_path, "bad", stack_state.graphql_url, stack_state.dsn("jump_results"),
               '[auth.credentials.librarian]\nprovider = "kerberos"\ntoken = "s3cret-literal-token"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(str(bad), environ={})
    assert str(caught.value) == (
        f"config error: auth.credentials.librarian = {{'provider': 'kerberos', 'token': '********'}} in {bad}: "
        "provider must be one of jump, none, headers, bearer, api_key, oauth2_client_credentials")


def test_a_static_bearer_token_from_a_secret_is_sent_and_resolved_only_when_the_role_is_first_used(
        tmp_path: Path, stack_state: StackState, tokens: Mapping[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = _env(tmp_path, "tokens", stack_state.graphql_url, stack_state.dsn("jump_results"), """
[auth]
check_at_start = false
[auth.credentials.reader]
provider = "bearer"
token = "env:READER_TOKEN"
[auth.credentials.unused]
provider = "bearer"
token = "env:NEVER_SET_TOKEN"
[auth.credentials.nobody]
provider = "none"
""")
    monkeypatch.setenv("READER_TOKEN", tokens["fan"])
    monkeypatch.delenv("NEVER_SET_TOKEN", raising=False)
    settings = load_settings(str(path))
    assert resolve_secrets(settings) is settings  # nothing resolved up front: no role is used yet
    session = PlatformSession.open(settings)
    try:
        assert _me(session, "reader") == {"status": 200, "data": {"me": {"email": "demo.fan@jump.test"}}, "errors": []}
        assert _me(session, "nobody")["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
        with pytest.raises(ConfigError, match=r"auth\.credentials\.unused\.token = .*environment variable NEVER_SET_TOKEN is not set"):
            _me(session, "unused")  # the unset secret is only a problem once the role is used
        with pytest.raises(Exception, match=r"no credentials for role 'admin' in auth\.credentials \(configured: nobody, reader, unused\)"):
            _me(session, "admin")
    finally:
        session.close()


def test_static_headers_carry_any_header_and_a_jump_login_still_works_beside_them(
        tmp_path: Path, stack_state: StackState, tokens: Mapping[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = _env(tmp_path, "mixed", stack_state.graphql_url, stack_state.dsn("jump_results"), """
[auth.credentials.viaheaders]
provider = "headers"
headers = { Authorization = "env:FAN_AUTHORIZATION", X-Team = "qa" }
[auth.credentials.fan]
username = "demo.fan@jump.test"
password = "jump-fan-local"
""", extra="[run]\nmanage_local_stack = true\n", rest_url=stack_state.rest_url)
    monkeypatch.setenv("FAN_AUTHORIZATION", f"Bearer {tokens['fan']}")
    session = PlatformSession.open(load_settings(str(path)))
    try:
        assert _me(session, "viaheaders")["data"] == {"me": {"email": "demo.fan@jump.test"}}
        assert _me(session, "fan")["data"] == {"me": {"email": "demo.fan@jump.test"}}
        exchange = session.graphql.execute("query Me { me { email } }", role="viaheaders").exchange
        assert exchange.request_headers.get("X-Team") == "qa"
        assert tokens["fan"] not in json.dumps(dict(exchange.request_headers))  # masked in what reports see
    finally:
        session.close()


def test_an_api_key_goes_in_its_header_and_a_wrong_key_is_refused(tmp_path: Path, stack_state: StackState,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []

    def api(method: str, path: str, headers: Message, body: bytes) -> tuple[int, str, bytes]:
        seen.append(headers.get("X-Library-Key"))
        if headers.get("X-Library-Key") != API_KEY:
            return 401, "application/json", b'{"errors": [{"message": "bad key"}]}'
        return 200, "application/json", b'{"data": {"books": 3}}'

    with serving(api) as url:
        path = _env(tmp_path, "keyed", f"{url}/graphql", stack_state.dsn("jump_results"), """
[auth.credentials.client]
provider = "api_key"
key = "env:LIBRARY_KEY"
header = "X-Library-Key"
[auth.credentials.stranger]
provider = "api_key"
key = "wrong-key-1234"
header = "X-Library-Key"
""")
        monkeypatch.setenv("LIBRARY_KEY", API_KEY)
        session = PlatformSession.open(load_settings(str(path)))
        try:
            good = session.graphql.execute("query { books }", role="client")
            bad = session.graphql.execute("query { books }", role="stranger")
        finally:
            session.close()
    assert (good.status, good.data) == (200, {"books": 3})
    assert bad.status == 401 and bad.errors == [{"message": "bad key"}]
    assert seen[0] == API_KEY and seen[-1] == "wrong-key-1234"
