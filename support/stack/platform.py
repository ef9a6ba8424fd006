"""The reference platform as a background process: start, wait until healthy, stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from tenacity import RetryError, retry, retry_if_result, stop_after_delay, wait_fixed

from support.processes import pid_alive
from support.stack.errors import StackError
from support.stack.state import PlatformOptions

REPO = Path(__file__).resolve().parents[2]


def platform_env(*, events_dsn: str, inventory_dsn: str, port: int, options: PlatformOptions, key_file: Path,
                 tls: tuple[Path, Path] | None, repo: Path = REPO) -> dict[str, str]:
    """The platform's settings; ``repo`` is the checkout whose ``sandbox/`` runs (a mutation run's copy)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    env.update(
        SANDBOX_EVENTS_DSN=events_dsn,
        SANDBOX_INVENTORY_DSN=inventory_dsn,
        SANDBOX_PORT=str(port),
        SANDBOX_LOCK_TTL_SECONDS=str(options.lock_ttl_seconds),
        SANDBOX_TOKEN_TTL_SECONDS=str(options.token_ttl_seconds),
        SANDBOX_FAULT_503_RATE=str(options.fault_503_rate),
        SANDBOX_FAULT_LATENCY_MS=str(options.fault_latency_ms),
        SANDBOX_FAULT_SEED=str(options.fault_seed),
        SANDBOX_RATE_LIMIT_PER_SECOND=str(options.rate_limit_per_second),
        SANDBOX_RATE_LIMIT_BURST=str(options.rate_limit_burst),
        SANDBOX_JWT_PRIVATE_KEY_FILE=str(key_file),
        PYTHONPATH=str(repo),
    )
    env.update({f"SANDBOX_{name.upper()}": value for name, value in options.settings.items()})
    if tls:
        env["SANDBOX_TLS_CERT_FILE"], env["SANDBOX_TLS_KEY_FILE"] = str(tls[0]), str(tls[1])
    return env


def run_migrations(env: dict[str, str]) -> list[str]:
    proc = subprocess.run([sys.executable, "-m", "sandbox", "migrate"], env=env, cwd=env["PYTHONPATH"], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()
        raise StackError(f"platform migrations failed: {last[-1] if last else proc.returncode}")
    return proc.stdout.split()


def start_platform(env: dict[str, str], log_file: Path) -> int:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "serve"],
            env=env, cwd=env["PYTHONPATH"], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    return proc.pid


def health(url: str, ca_file: Path | None = None, timeout: float = 2.0) -> dict[str, object] | None:
    """The platform's /health document, or None when it does not answer."""
    try:
        response = requests.get(f"{url}/health", timeout=timeout, verify=str(ca_file) if ca_file else True)
    except requests.RequestException:
        return None
    if response.status_code != 200:
        return None
    return response.json()


def wait_healthy(url: str, pid: int, ca_file: Path | None, log_file: Path, timeout: float = 60.0) -> dict[str, object]:
    @retry(stop=stop_after_delay(timeout), wait=wait_fixed(0.2), retry=retry_if_result(lambda r: r is None))
    def poll() -> dict[str, object] | None:
        if not pid_alive(pid):
            raise StackError(f"the platform exited during start-up; see {log_file}")
        return health(url, ca_file)

    try:
        return poll()  # type: ignore[return-value]
    except RetryError as exc:
        raise StackError(f"the platform did not answer {url}/health within {timeout:.0f}s; see {log_file}") from exc


def is_platform(pid: int) -> bool:
    """Whether ``pid`` is a live platform process (``python -m sandbox serve``), not a reused pid."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return pid_alive(pid) and b"sandbox" in argv and b"serve" in argv


def stop_platform(pid: int, grace: float = 10.0) -> None:
    if not pid_alive(pid):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.1)
    if pid_alive(pid):
        os.killpg(pid, signal.SIGKILL)
