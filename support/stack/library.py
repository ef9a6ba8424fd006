"""The second target of the project's own tests: PostGraphile over a small ``library`` database,
and a real OAuth2 provider (node-oidc-provider) issuing the tokens it accepts.

Both are npm packages pinned in tools/package.json and run as real HTTP servers on free loopback
ports, on the local stack's PostgreSQL (database ``jump_library``, schema ``library``, from
examples/postgraphile/library.sql). PostGraphile verifies RS256 JWTs with the provider's public
key and switches to the PostgreSQL role their ``client_id`` claim names; without a token a caller is
``library_anonymous``, who may read nothing. The stack also signs a long-lived reader token with
the same key: the static bearer token of the example's ``reader`` role.

State (ports, pids, files) lives in .jump/library/state.json; ``LocalStack.down`` stops it too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import jwt
import psycopg2
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from psycopg2 import sql
from pydantic import BaseModel

from support.processes import pid_alive
from support.stack.errors import StackError
from support.stack.postgres import free_port

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "postgraphile"
DATABASE = "jump_library"
SCHEMA = "library"
AUDIENCE = "urn:jump:example:library"  # the resource the provider issues tokens for, and PostGraphile accepts
READER_ROLE, WRITER_ROLE = "library_reader", "library_writer"  # PostgreSQL roles (library.sql) = token client ids
STATIC_TOKEN_DAYS = 30


class LibraryState(BaseModel):
    graphql_port: int
    graphql_pid: int
    oauth_port: int
    oauth_pid: int
    pg_port: int
    started_at: dt.datetime

    @property
    def graphql_url(self) -> str:
        return f"http://127.0.0.1:{self.graphql_port}/graphql"

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.oauth_port}"

    @property
    def token_url(self) -> str:
        return f"{self.issuer}/token"

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{DATABASE}"


class LibraryTarget:
    """PostGraphile + its OAuth2 provider beside a running local stack (files under ``home``/library)."""

    def __init__(self, home: Path, node_modules: Path | None = None) -> None:
        self.dir = (home / "library").resolve()
        self.state_file = self.dir / "state.json"
        self.node_modules = node_modules or REPO / "tools" / "node_modules"
        self.reader_token_file = self.dir / "reader.token"
        self.writer_secret_file = self.dir / "writer.secret"
        self.key_file = self.dir / "signing-key.pem"

    # -- state -------------------------------------------------------------------------------------
    def load_state(self) -> LibraryState | None:
        try:
            return LibraryState.model_validate_json(self.state_file.read_text())
        except (OSError, ValueError):
            return None

    def running(self) -> LibraryState | None:
        """The state when both servers are alive and PostGraphile answers; None otherwise."""
        state = self.load_state()
        if state is None or not (pid_alive(state.graphql_pid) and pid_alive(state.oauth_pid)):
            return None
        return state if _graphql_answers(state.graphql_url) else None

    # -- up / down ---------------------------------------------------------------------------------
    def up(self, pg_port: int) -> tuple[LibraryState, bool]:
        """Starts what is not running on the stack's PostgreSQL; (state, whether it started anything)."""
        current = self.running()
        if current is not None and current.pg_port == pg_port:
            return current, False
        self.down()
        for tool in ("postgraphile", "oidc-provider"):
            if not (self.node_modules / tool).is_dir():
                raise StackError(f"npm package {tool} is not installed in {self.node_modules}: run 'make setup'")
        self.dir.mkdir(parents=True, exist_ok=True)
        _create_database(pg_port)
        key = self._signing_key()
        public_pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        oauth_port, graphql_port = free_port(), free_port()
        issuer = f"http://127.0.0.1:{oauth_port}"
        writer_secret = self._secret(self.writer_secret_file, lambda: secrets.token_urlsafe(32))
        jwk = rsa_jwk(key, "library-example")
        oauth_pid = spawn_oidc_provider(self.dir, {"port": oauth_port, "issuer": issuer, "audience": AUDIENCE, "jwk": jwk,
                                                   "clients": [{"client_id": WRITER_ROLE, "client_secret": writer_secret}]},
                                        self.node_modules)
        graphql_pid = _spawn([
            "node", str(self.node_modules / "postgraphile" / "cli.js"),
            "--connection", f"postgresql://postgres@127.0.0.1:{pg_port}/{DATABASE}", "--schema", SCHEMA,
            "--host", "127.0.0.1", "--port", str(graphql_port), "--default-role", "library_anonymous",
            "--jwt-secret", public_pem, "--jwt-verify-algorithms", "RS256", "--jwt-verify-audience", AUDIENCE,
            "--jwt-verify-issuer", issuer, "--jwt-role", "client_id", "--disable-query-log", "--no-setof-functions-contain-nulls",
        ], self.dir / "postgraphile.log", cwd=self.node_modules.parent)
        state = LibraryState(graphql_port=graphql_port, graphql_pid=graphql_pid, oauth_port=oauth_port, oauth_pid=oauth_pid,
                             pg_port=pg_port, started_at=dt.datetime.now(dt.UTC))
        self.state_file.write_text(state.model_dump_json(indent=2))
        _write_private(self.reader_token_file, self.static_token(key, issuer, READER_ROLE))
        _wait(lambda: _graphql_answers(state.graphql_url), graphql_pid, self.dir / "postgraphile.log", "PostGraphile")
        wait_for_oidc_provider(issuer, oauth_pid, self.dir)
        return state, True

    def down(self) -> bool:
        state = self.load_state()
        stopped = False
        for pid in (state.graphql_pid, state.oauth_pid) if state else ():
            stopped |= _stop(pid)
        self.state_file.unlink(missing_ok=True)
        return stopped

    # -- keys and tokens ---------------------------------------------------------------------------
    def _signing_key(self) -> rsa.RSAPrivateKey:
        """The provider's signing key, kept across restarts (tokens issued before stay valid)."""
        if self.key_file.exists():
            key = serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
            return key
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        _write_private(self.key_file, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()).decode())
        return key

    @staticmethod
    def static_token(key: rsa.RSAPrivateKey, issuer: str, role: str) -> str:
        """A long-lived access token for ``role``, as the provider would issue it (same key, issuer, audience)."""
        now = int(time.time())
        claims = {"iss": issuer, "aud": AUDIENCE, "sub": role, "client_id": role, "iat": now,
                  "exp": now + STATIC_TOKEN_DAYS * 86400, "scope": "library"}
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "library-example"})

    @staticmethod
    def _secret(path: Path, make: object) -> str:
        if path.exists():
            return path.read_text().strip()
        value = make()  # type: ignore[operator]
        _write_private(path, value)
        return str(value)


def spawn_oidc_provider(workdir: Path, config: dict[str, object], node_modules: Path) -> int:
    """Starts examples/postgraphile/oidc/provider.mjs with ``config`` (its keys: the script's header)
    written to ``workdir``/oidc.json, logging to oidc.log; returns its pid (a process group of its own).
    Also used by the dashboard's SSO tests, with authorization-code clients and accounts."""
    path = workdir / "oidc.json"
    _write_private(path, json.dumps(config | {"oidc_provider_module": str(node_modules / "oidc-provider" / "lib" / "index.js")}))
    return _spawn(["node", str(EXAMPLE / "oidc" / "provider.mjs"), str(path)], workdir / "oidc.log", cwd=node_modules.parent)


def wait_for_oidc_provider(issuer: str, pid: int, workdir: Path, timeout_s: float = 60.0) -> None:
    """Returns when the provider serves its discovery document; StackError when it exits or stays silent."""
    _wait(lambda: _answers(f"{issuer}/.well-known/openid-configuration"), pid, workdir / "oidc.log", "the OAuth2 provider",
          timeout_s)


def stop_oidc_provider(pid: int) -> bool:
    """Stops a provider this module started (its process group); False when it was not running."""
    return _stop(pid)


def rsa_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, object]:
    """The private JWK the provider signs with (RS256)."""
    jwk: dict[str, object] = json.loads(RSAAlgorithm.to_jwk(key))
    jwk.pop("key_ops", None)  # ["sign"] would hide the key from the provider's own verification
    jwk.update(kid=kid, use="sig", alg="RS256")
    return jwk


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text)


def _create_database(pg_port: int) -> None:
    """jump_library with the example's schema and reference rows, created once."""
    conn = psycopg2.connect(host="127.0.0.1", port=pg_port, user="postgres", dbname="postgres", connect_timeout=10)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    finally:
        conn.close()
    library = psycopg2.connect(host="127.0.0.1", port=pg_port, user="postgres", dbname=DATABASE, connect_timeout=10)
    try:
        with library, library.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,))
            if cur.fetchone() is None:
                cur.execute((EXAMPLE / "library.sql").read_text(encoding="utf-8"))
    finally:
        library.close()


def _spawn(argv: list[str], log: Path, *, cwd: Path) -> int:
    if shutil.which(argv[0]) is None:
        raise StackError(f"{argv[0]} is not installed: the example target needs Node 20 (see README.md)")
    with log.open("ab") as out:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, env={**os.environ, "NODE_ENV": "production"})
    return proc.pid


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _graphql_answers(url: str) -> bool:
    try:
        response = requests.post(url, json={"query": "{ __typename }"}, timeout=2)
    except requests.RequestException:
        return False
    return response.status_code == 200


def _wait(ready: object, pid: int, log: Path, what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            raise StackError(f"{what} exited during start-up; see {log}")
        if ready():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise StackError(f"{what} did not answer within {timeout_s:.0f}s; see {log}")


def _is_ours(pid: int) -> bool:
    """A live PostGraphile or provider process of this module, not a reused pid."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return pid_alive(pid) and (b"postgraphile" in argv or b"provider.mjs" in argv)


def _stop(pid: int, grace_s: float = 5.0) -> bool:
    if not _is_ours(pid):
        return False
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.1)
    if pid_alive(pid):
        os.killpg(pid, signal.SIGKILL)
    return True


