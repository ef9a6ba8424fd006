"""One behave worker process: the scenarios it runs, where its outputs go, and its entry point.

A worker is a plain behave run (behave.ini, environment.py -> support/hooks.py) given a list of
``path:line`` locations, with three things of its own set by the parent: its data namespace
(JUMP_NAMESPACE), the file it writes its result stream to (JUMP_EVENTS_FILE, support/run/events.py),
and the settings the parent resolved once (JUMP_SETTINGS in its environment, never on its command
line: ``ps`` shows argv to every user). It writes no report of its own: the parent builds them all
from the stream.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from data_factories.namespace import new_namespace
from support.config import FrameworkSettings
from support.config import snapshot as settings_snapshot
from support.run.run_folder import EVENTS_FILE, RUN_DIR_ENV
from support.run.worker_stream import EVENTS_ENV, WORKER_ENV

REPO = Path(__file__).resolve().parents[2]


@dataclass
class BehaveRun:
    """What every worker of one run shares: environment, resolved settings and the run's output folders."""

    env: str
    reports_dir: Path
    settings: FrameworkSettings | None = None  # resolved by the parent, handed over in the environment
    quiet: bool = True
    cwd: Path = REPO
    namespace: str = field(default_factory=new_namespace)  # the run's data namespace; workers add -w<N>

    @property
    def work_dir(self) -> Path:
        """Per-worker scratch: the worker's events before the parent relays them, behave's output (kept for debugging).

        Inside the run's own folder, so two runs sharing a checkout never read each other's events."""
        return self.reports_dir / "workers"


@dataclass
class WorkerJob:
    worker: str                 # "w1"; reruns get "r1w1"
    namespace: str              # jt-1a2b3c4d-w1
    locations: list[str]
    run: BehaveRun

    @property
    def dir(self) -> Path:
        return self.run.work_dir / self.worker

    @property
    def events_file(self) -> Path:
        return self.dir / EVENTS_FILE

    @property
    def locations_file(self) -> Path:
        return self.dir / "locations.txt"

    @property
    def log_file(self) -> Path:
        return self.dir / "behave.log"

    def argv(self) -> list[str]:
        args = [sys.executable, "-m", "support.run.behave_runner", "--no-capture-stderr", "-D", f"env={self.run.env}"]
        # null/plain: behave 1.3's progress formatter raises KeyError on a scenario whose cleanup
        # failed (Status.cleanup_error), which would kill the worker; the parent shows progress anyway
        args += ["-f", "null" if self.run.quiet else "plain", "-o", "-", "--no-color"]
        # behave reads `@file` as a list of locations: no argv length limit on big slices
        return args + [f"@{self.locations_file}"]

    def environ(self) -> dict[str, str]:
        # workers may cache bytecode even when the caller said not to: N workers each compiling
        # the same ~1,000 modules at once cost seconds of CPU per worker (__pycache__ is git-ignored)
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        environ = dict(inherited, JUMP_ENV=self.run.env, PYTHONPATH=str(REPO), JUMP_NAMESPACE=self.namespace,
                       **{EVENTS_ENV: str(self.events_file), WORKER_ENV: self.worker, RUN_DIR_ENV: str(self.run.reports_dir)})
        if self.run.settings is not None:
            settings_snapshot.export(self.run.settings, environ)
        return environ

    def start(self) -> subprocess.Popen[bytes]:
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.events_file.touch()
        # behave resolves the lines of an @file relative to that file: write absolute paths
        absolute = [str((self.run.cwd / loc).resolve()) if not loc.startswith("/") else loc for loc in self.locations]
        self.locations_file.write_text("\n".join(absolute) + "\n", encoding="utf-8")
        with self.log_file.open("wb") as log:
            return subprocess.Popen(self.argv(), cwd=self.run.cwd, env=self.environ(), stdout=log, stderr=subprocess.STDOUT)

    def reason(self) -> str:
        """Why a worker ended without reporting: behave's HOOK-ERROR line, else its last line."""
        lines = self.log_file.read_text(errors="replace").splitlines() if self.log_file.exists() else []
        hook = next((ln.strip() for ln in lines if ln.startswith("HOOK-ERROR")), "")
        return f"{hook or self.last_line()} (log: {self.log_file})"

    def last_line(self) -> str:
        """The last line a failing worker wrote (the hooks' one-line reason for exit 2 or 3)."""
        lines = [ln for ln in self.log_file.read_text(errors="replace").splitlines() if ln.strip()] if self.log_file.exists() else []
        return lines[-1].strip() if lines else ""


def main(argv: list[str]) -> int:
    """behave's own main, with a way for a hung worker to explain itself."""
    from behave.__main__ import main as behave_main

    # `kill -USR1 <worker pid>` prints every thread's stack to the worker's log
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    return int(behave_main(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
