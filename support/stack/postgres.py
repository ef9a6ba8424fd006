"""Embedded PostgreSQL from the machine's server binaries: initdb, start, stop.

Nothing on PyPI manages a throw-away cluster with the machine's own binaries and the
root -> postgres hand-over CI needs, so this wraps pg_ctl by hand.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

from support.processes import pid_alive
from support.stack.errors import StackError

PG_BIN_CANDIDATES = [Path(p) for p in ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/14/bin")]


def find_pg_bin() -> Path:
    """The folder holding initdb and pg_ctl: $JUMP_PG_BIN, Debian's layout, or PATH."""
    override = os.environ.get("JUMP_PG_BIN")
    candidates = ([Path(override)] if override else []) + PG_BIN_CANDIDATES
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise StackError(
        "PostgreSQL server binaries not found (need initdb and pg_ctl, version 14+): "
        "install the Debian package 'postgresql-15' or set JUMP_PG_BIN"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could bind ``port`` now (the way uvicorn binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def postmaster_serves(data: Path, port: int) -> bool:
    """Whether the cluster in ``data`` is alive and listening on ``port`` (its postmaster.pid says so).

    An open port alone proves nothing: after a reboot or a kill, another process may hold the port
    a stale .jump/stack.json still names."""
    try:
        lines = (data / "postmaster.pid").read_text(encoding="utf-8").splitlines()
        pid, pg_port = int(lines[0]), int(lines[3])
    except (OSError, IndexError, ValueError):
        return False
    return pg_port == port and pid_alive(pid)


class EmbeddedPostgres:
    """One cluster under ``root``; when we are root, every server command runs as 'postgres'."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.sockets = root / "run"
        self.log = root / "postgres.log"
        self.bin = find_pg_bin()
        self.as_root = os.geteuid() == 0

    def _cmd(self, *args: str) -> list[str]:
        if self.as_root:
            return ["runuser", "-u", "postgres", "--", *args]
        return list(args)

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(self._cmd(*args), capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            last = (proc.stderr or proc.stdout).strip().splitlines()
            raise StackError(f"{Path(args[0]).name} failed: {last[-1] if last else 'exit ' + str(proc.returncode)} (log: {self.log})")
        return proc

    def _hand_over(self) -> None:
        """initdb refuses to run as root: give the cluster folder to the postgres user."""
        if not self.as_root:
            return
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise StackError("running as root needs a 'postgres' system user (Debian's postgresql package creates it)") from exc
        for path in (self.root, self.data, self.sockets):
            path.mkdir(parents=True, exist_ok=True)
            os.chown(path, pw.pw_uid, pw.pw_gid)
        if self.log.exists():
            os.chown(self.log, pw.pw_uid, pw.pw_gid)

    @property
    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(parents=True, exist_ok=True)
        self._hand_over()
        if not self.initialised:
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")

    def start(self, port: int) -> None:
        self._hand_over()
        options = (
            f"-p {port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c max_connections=200 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB"
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self) -> None:
        if not self.initialised or not (self.data / "postmaster.pid").exists():
            return
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def running(self) -> bool:
        if not (self.data / "postmaster.pid").exists():
            return False
        proc = subprocess.run(self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.data), "status"), capture_output=True, text=True)
        return proc.returncode == 0
