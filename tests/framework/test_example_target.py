"""The second real target (issue 14): PostGraphile over the example library database, with a real
OAuth2 provider (node-oidc-provider) issuing the tokens it accepts, both started by the local stack
(support/stack/library.py) on loopback. The example feature folder itself runs in make test
(`./jump test:run --env postgraphile examples/postgraphile/features`); these tests prove what a
green run there cannot: tokens really come from the provider, a wrong client secret is one line,
pinning one target leaves the other's contracts alone, and the after-scenario API delete happens.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from typer.testing import CliRunner

from support.clients.auth_providers import OAuth2ClientCredentialsAuth
from support.config import ensure_local_stack, load_settings, resolve_auto
from support.config.models import FrameworkSettings
from support.errors import AuthenticationFailed
from support.run.cli import app
from support.session import PlatformSession
from support.stack.lifecycle import LocalStack

REPO = Path(__file__).resolve().parents[2]
FEATURE = REPO / "examples" / "postgraphile" / "features" / "library" / "books.feature"
JUMP_PINS = [REPO / "support" / "contracts" / "graphql.json", REPO / "support" / "contracts" / "openapi.json",
             REPO / "support" / "clients" / "graphql" / "jump_schema.py"]
ADD_AUTHOR = "mutation Add($name: String!) { createAuthor(input: {author: {name: $name}}) { author { id name } } }"


def _settings(overrides: dict[str, str] | None = None) -> FrameworkSettings:
    settings = load_settings("postgraphile", overrides)
    ensure_local_stack(settings)  # the library target beside the stack (idempotent)
    return resolve_auto(settings)


@pytest.fixture(scope="module")
def library(local_stack: LocalStack) -> FrameworkSettings:
    return _settings()


def _authors(settings: FrameworkSettings, name: str) -> int:
    with psycopg2.connect(settings.databases.named()["library"].dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM library.author WHERE name = %s", (name,))
        return int(cur.fetchone()[0])


@pytest.fixture()
def delete_authors(library: FrameworkSettings) -> Iterator[list[str]]:
    """Names of authors a test added; deleted afterwards, passed or failed."""
    names: list[str] = []
    yield names
    with psycopg2.connect(library.databases.named()["library"].dsn) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM library.author WHERE name = ANY(%s)", (names,))


def test_the_writer_gets_its_token_from_the_real_oauth2_provider_and_reuses_it(library: FrameworkSettings,
                                                                              delete_authors: list[str]) -> None:
    name = f"Token test {os.getpid()}"
    delete_authors.append(name)
    session = PlatformSession.open(library)
    try:
        first = session.graphql.execute(ADD_AUTHOR, {"name": name}, role="writer")
        provider = session.auth.provider("writer")
        assert isinstance(provider, OAuth2ClientCredentialsAuth)
        token = provider.headers()["Authorization"]
        second = session.graphql.execute("query { allAuthors { totalCount } }", role="writer")
        assert provider.headers()["Authorization"] == token  # one token per worker until it expires
        provider.forget()
        assert provider.headers()["Authorization"] != token  # after a 401 the next request fetches a fresh one
        reader = session.graphql.execute(ADD_AUTHOR, {"name": f"{name} (reader)"}, role="reader")
        visitor = session.graphql.execute("query { allBooks { totalCount } }", role="visitor")
    finally:
        session.close()
    assert first.errors == [] and first.data["createAuthor"]["author"]["name"] == name  # type: ignore[index]
    assert second.errors == [] and second.data["allAuthors"]["totalCount"] >= 3  # type: ignore[index]
    assert _authors(library, name) == 1
    # the static bearer token reads but may not write; no token reads nothing (PostGraphile's roles)
    assert reader.errors[0]["message"] == "permission denied for table author"
    assert visitor.errors[0]["message"] == "permission denied for table book"


def test_a_wrong_client_secret_is_one_line_naming_the_role() -> None:
    settings = _settings({"auth.credentials.writer.client_secret": "not-the-secret-1234"})
    session = PlatformSession.open(settings)
    try:
        with pytest.raises(AuthenticationFailed) as caught:
            session.graphql.execute("query { allAuthors { totalCount } }", role="writer")
    finally:
        session.close()
    assert str(caught.value).startswith(f"the OAuth2 token endpoint {settings.auth.credentials['writer'].token_url} "
                                        "refused client 'library_writer' of role writer (invalid_client)")
    assert "not-the-secret-1234" not in str(caught.value)


def test_pulling_one_targets_contracts_leaves_jumps_pins_and_module_alone(library: FrameworkSettings, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in JUMP_PINS}
    monkeypatch.setenv("JUMP_CONTRACTS__DIR", str(tmp_path / "pins"))
    result = CliRunner().invoke(app, ["schema:pull", "--env", "postgraphile"])
    assert result.exit_code == 0, result.output
    assert "pinned environment postgraphile's contracts for the first time" in result.stdout
    assert sorted(p.name for p in (tmp_path / "pins").iterdir()) == ["graphql.json", "schema.py"]  # no OpenAPI: none fetched
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in JUMP_PINS} == before
    imported = subprocess.run([sys.executable, "-c", "import schema; print(sorted(schema.schema.Mutation.__field_names__)[:2])"],
                              cwd=tmp_path / "pins", capture_output=True, text=True, timeout=60, check=False)
    assert imported.returncode == 0 and "create_author" in imported.stdout, imported.stderr
    # the committed pin is what PostGraphile serves today
    assert (tmp_path / "pins" / "graphql.json").read_text() == (REPO / "examples/postgraphile/contracts/graphql.json").read_text()


def test_the_after_scenario_request_deletes_what_the_scenario_made_through_the_api(library: FrameworkSettings) -> None:
    line = next(i for i, text in enumerate(FEATURE.read_text().splitlines(), 1) if "the change is removed through the API" in text)
    done = subprocess.run([sys.executable, "-m", "behave", "-D", "env=postgraphile", "--no-capture", "-f", "plain",
                           f"{FEATURE.relative_to(REPO)}:{line}"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
                          env={k: v for k, v in os.environ.items() if k != "JUMP_SETTINGS"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "1 scenario passed" in done.stdout
    with psycopg2.connect(library.databases.named()["library"].dsn) as conn, conn.cursor() as cur:
        # the scenario registered no row with the database cleanup: only its GraphQL delete can have removed it
        cur.execute("SELECT count(*) FROM library.author WHERE name LIKE 'Draft %' OR name LIKE 'Final %'")
        assert cur.fetchone()[0] == 0
