"""stack:up / stack:status / stack:down: the local stack's whole life, idempotently."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

from support.stack import platform
from support.stack.errors import StackError
from support.stack.postgres import EmbeddedPostgres, free_port, port_is_free, port_is_open, postmaster_serves
from support.stack.state import SHORT_LOCK_TTL_S, PlatformOptions, StackState

REPO = Path(__file__).resolve().parents[2]
DATABASES = ("jump_events", "jump_inventory", "jump_results")

log = logging.getLogger("jump")


@dataclass
class StackStatus:
    state: StackState | None
    postgres_running: bool
    health: dict[str, object] | None

    @property
    def up(self) -> bool:
        return self.state is not None and self.postgres_running and self.health is not None

    def as_json(self) -> dict[str, object]:
        if self.state is None:
            return {"running": False, "health": None, "graphql_url": None, "rest_url": None, "databases": {}}
        return {
            "running": self.up,
            "health": self.health,
            "graphql_url": self.state.graphql_url,
            "rest_url": self.state.rest_url,
            "databases": self.state.databases,
            "postgres": {"running": self.postgres_running, "port": self.state.pg_port},
            "platform": {"pid": self.state.platform_pid, "port": self.state.platform_port},
            "short_ttl_platform": {"pid": self.state.short_ttl_pid, "port": self.state.short_ttl_port,
                                   "graphql_url": self.state.short_ttl_graphql_url},
            "options": self.state.options.model_dump(),
            "ca_file": str(self.state.ca_file) if self.state.ca_file else None,
            "started_at": self.state.started_at.isoformat(),
        }


class LocalStack:
    """The embedded PostgreSQL plus the platform, with state under ``home`` (default .jump/)."""

    def __init__(self, home: Path | None = None, repo: Path = REPO) -> None:
        self.repo = repo  # whose sandbox/ the platform runs: this checkout, or a mutation run's copy of it
        self.home = home or Path(os.environ.get("JUMP_STACK_HOME", repo / ".jump"))
        self.state_file = self.home / "stack.json"
        self.platform_log = self.home / "platform.log"
        self.short_ttl_log = self.home / "platform-short-ttl.log"
        self.key_file = self.home / "keys" / "jwt.pem"

    # -- state ---------------------------------------------------------------
    def load_state(self) -> StackState | None:
        if not self.state_file.exists():
            return None
        try:
            return StackState.model_validate_json(self.state_file.read_text())
        except ValueError as exc:
            raise StackError(f"{self.state_file} is unreadable ({exc.__class__.__name__}); remove it and run stack:up") from exc

    def _save_state(self, state: StackState) -> None:
        """Atomically (workers read the file while extra platforms are recorded in it)."""
        self.home.mkdir(parents=True, exist_ok=True)
        partial = self.state_file.with_suffix(".json.tmp")
        partial.write_text(state.model_dump_json(indent=2))
        partial.replace(self.state_file)

    def _track_extra_platform(self, pid: int, *, running: bool) -> None:
        """Records (or forgets) a second platform's pid in the stack state, so stack:down stops it
        even when the run that started it was killed."""
        with self._exclusive():
            state = self.load_state()
            if state is None:
                return
            pids = [p for p in state.extra_platform_pids if p != pid and platform.is_platform(p)]
            self._save_state(state.model_copy(update={"extra_platform_pids": [*pids, pid] if running else pids}))

    def _postgres(self, root: Path | None = None) -> EmbeddedPostgres:
        return EmbeddedPostgres(root or self._pg_root())

    def _pg_root(self) -> Path:
        """.jump/pg, unless we are root and the postgres user cannot reach it (a 0700 checkout
        folder): then a folder under the system temp dir, named after this checkout."""
        preferred = self.home / "pg"
        if os.geteuid() != 0:
            return preferred
        self.home.mkdir(parents=True, exist_ok=True)
        reachable = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(self.home)], capture_output=True)
        if reachable.returncode == 0:
            return preferred
        digest = hashlib.sha1(str(self.home.resolve()).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"jump-pg-{digest}"

    def status(self) -> StackStatus:
        state = self.load_state()
        if state is None:
            return StackStatus(None, False, None)
        pg_running = port_is_open(state.pg_port) and postmaster_serves(state.pg_root / "data", state.pg_port)
        live = platform.health(state.rest_url, state.ca_file) if platform.pid_alive(state.platform_pid) else None
        return StackStatus(state, pg_running, live)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One stack:up/restart/down at a time per stack home (parallel workers all call up())."""
        self.home.mkdir(parents=True, exist_ok=True)
        with (self.home / "stack.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- up ------------------------------------------------------------------
    def up(self, options: PlatformOptions | None = None) -> tuple[StackStatus, bool]:
        """Starts what is not running; returns the status and whether anything was started."""
        with self._exclusive():
            return self._up(options)

    def sandbox_digest(self) -> str:
        """What the platform's code and migrations are now: a running platform started from other code is stale."""
        digest = hashlib.sha1()
        for path in sorted((self.repo / "sandbox").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(self.repo)).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def platform_is_stale(self, state: StackState | None) -> bool:
        """The running platform was started from other sandbox code (a pull, a branch switch, an edit):
        its answers and schema would not be those of the checkout, so the next run restarts it."""
        return state is not None and state.sandbox_digest != self.sandbox_digest()

    def _up(self, options: PlatformOptions | None) -> tuple[StackStatus, bool]:
        current = self.status()
        if current.up and current.state is not None and self.platform_is_stale(current.state):
            log.warning("the sandbox code changed since the platform started: restarting it (migrations applied)")
            self._start_platform(current.state.pg_port, current.state.pg_root, options or current.state.options)
            return self.status(), True
        if current.up:
            return current, False
        options = options or (current.state.options if current.state else PlatformOptions())
        pg = self._postgres()
        pg.init()
        pg_port = current.state.pg_port if current.state and current.postgres_running else None
        if pg_port is None:
            if pg.running():
                pg.stop()
            pg_port = self._previous_pg_port() or free_port()
            pg.start(pg_port)
            (self.home / "pg.port").write_text(str(pg_port))
        self._create_databases(pg_port)
        self._start_platform(pg_port, pg.root, options)
        return self.status(), True

    def _previous_pg_port(self) -> int | None:
        """The port PostgreSQL had last time, when it is free: the databases keep their DSNs across
        stack:down/up, and with them the target identity the test-data ledger records."""
        try:
            port = int((self.home / "pg.port").read_text())
        except (OSError, ValueError):
            return None
        return port if port_is_free(port) else None

    def _create_databases(self, pg_port: int) -> None:
        try:
            conn = psycopg2.connect(host="127.0.0.1", port=pg_port, user="postgres", dbname="postgres", connect_timeout=10)
        except psycopg2.OperationalError as exc:
            raise StackError(f"the local PostgreSQL on port {pg_port} does not answer ({str(exc).strip().splitlines()[0]}): "
                             "run ./jump stack:down, then ./jump stack:up") from None
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT datname FROM pg_database")
                existing = {row[0] for row in cur.fetchall()}
                for name in DATABASES:
                    if name not in existing:
                        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            conn.close()

    def _start_platform(self, pg_port: int, pg_root: Path, options: PlatformOptions, migrate: bool = True) -> StackState:
        """The platform, and beside it the short-lifetime platform (same databases, a short seat-lock
        TTL) that only the reservation-expiry scenarios use; both are started before either is awaited.
        Both run ``self.repo``'s sandbox; ``migrate=False`` skips the migrations (the schema is unchanged)."""
        from support.stack.tls import create_local_ca, write_rsa_key  # cryptography: paid by stack:up only, not by status

        state = self.load_state()
        if state:
            for pid in (state.platform_pid, state.short_ttl_pid):
                if pid and platform.pid_alive(pid):
                    platform.stop_platform(pid)
        # a restart keeps the platforms' ports, so URLs other processes hold stay valid
        port = state.platform_port if state and port_is_free(state.platform_port) else free_port()
        short_port = state.short_ttl_port if state and state.short_ttl_port and port_is_free(state.short_ttl_port) else free_port()
        tls_files = create_local_ca(self.home / "tls") if options.tls else None

        def env_for(listen: int, with_options: PlatformOptions) -> dict[str, str]:
            return platform.platform_env(
                events_dsn=f"postgresql://postgres@127.0.0.1:{pg_port}/jump_events",
                inventory_dsn=f"postgresql://postgres@127.0.0.1:{pg_port}/jump_inventory",
                port=listen, options=with_options, key_file=write_rsa_key(self.key_file),
                tls=(tls_files[1], tls_files[2]) if tls_files else None, repo=self.repo,
            )

        env = env_for(port, options)
        if migrate:
            platform.run_migrations(env)
        pid = platform.start_platform(env, self.platform_log)
        short_options = options.model_copy(update={"lock_ttl_seconds": min(SHORT_LOCK_TTL_S, options.lock_ttl_seconds)})
        short_pid = platform.start_platform(env_for(short_port, short_options), self.short_ttl_log)
        state = StackState(
            pg_port=pg_port, pg_root=pg_root, platform_port=port, platform_pid=pid, options=options,
            ca_file=tls_files[0] if tls_files else None, started_at=dt.datetime.now(dt.UTC),
            short_ttl_port=short_port, short_ttl_pid=short_pid,
            extra_platform_pids=state.extra_platform_pids if state else [], sandbox_digest=self.sandbox_digest(),
        )
        self._save_state(state)
        platform.wait_healthy(state.rest_url, pid, state.ca_file, self.platform_log)
        platform.wait_healthy(f"{state.scheme}://127.0.0.1:{short_port}", short_pid, state.ca_file, self.short_ttl_log)
        return state

    def restart_platform(self, options: PlatformOptions, *, migrate: bool = True) -> StackStatus:
        """Same databases, a platform process with other options (faults, TTLs, TLS) or other code.

        ``migrate=False`` skips the migrations (a mutation run restarts once per mutant, the schema unchanged).
        """
        with self._exclusive():
            return self._restart_platform(options, migrate)

    def _restart_platform(self, options: PlatformOptions, migrate: bool = True) -> StackStatus:
        state = self.load_state()
        if state is None or not port_is_open(state.pg_port):
            raise StackError("the local stack is not running: run ./jump stack:up first")
        self._start_platform(state.pg_port, state.pg_root, options, migrate)
        return self.status()

    @contextmanager
    def extra_platform(self, options: PlatformOptions) -> Iterator[str]:
        """A second platform process on the same databases, for tests that need faults or short TTLs."""
        from support.stack.tls import create_local_ca, write_rsa_key  # cryptography: paid by stack:up only, not by status

        state = self.load_state()
        if state is None or not port_is_open(state.pg_port):
            raise StackError("the local stack is not running: run ./jump stack:up first")
        port = free_port()
        tls_files = create_local_ca(self.home / f"tls-{port}") if options.tls else None
        env = platform.platform_env(
            events_dsn=state.dsn("jump_events"), inventory_dsn=state.dsn("jump_inventory"), port=port,
            options=options, key_file=write_rsa_key(self.key_file), tls=(tls_files[1], tls_files[2]) if tls_files else None,
            repo=self.repo,
        )
        log = self.home / f"platform-{port}.log"
        pid = platform.start_platform(env, log)
        self._track_extra_platform(pid, running=True)
        url = f"{'https' if options.tls else 'http'}://127.0.0.1:{port}"
        try:
            platform.wait_healthy(url, pid, tls_files[0] if tls_files else None, log)
            yield url
        finally:
            platform.stop_platform(pid)
            self._track_extra_platform(pid, running=False)
            if tls_files:
                shutil.rmtree(tls_files[0].parent, ignore_errors=True)
        log.unlink(missing_ok=True)  # kept only when the process failed (the exception skips this)

    # -- down ----------------------------------------------------------------
    def down(self) -> bool:
        """Stops the platform and PostgreSQL; returns whether anything was running."""
        with self._exclusive():
            return self._down()

    def _down(self) -> bool:
        from support.stack.library import LibraryTarget  # on use: it brings PyJWT and cryptography

        state = self.load_state()
        was_running = LibraryTarget(self.home).down()  # the example target runs on this PostgreSQL
        for pid in state.extra_platform_pids if state is not None else []:
            if platform.is_platform(pid):  # left by a killed run (extra_platform stops its own otherwise)
                platform.stop_platform(pid)
                was_running = True
        for pid in (state.platform_pid, state.short_ttl_pid) if state is not None else ():
            if pid and platform.pid_alive(pid):
                platform.stop_platform(pid)
                was_running = True
        pg = self._postgres(state.pg_root if state else None)
        if pg.initialised and pg.running():
            pg.stop()
            was_running = True
        if self.state_file.exists():
            self.state_file.unlink()
        return was_running

