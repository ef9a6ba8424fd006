"""A throw-away copy of the checkout with a local stack of its own, where mutants are applied.

The working tree is never touched: the copy's platform runs the copy's ``sandbox/`` (the stack
starts the platform from the checkout its ``./jump`` lives in), against the copy's own
PostgreSQL, and the copy's ``./jump test:run`` runs the copy's features against it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from support.mutation.mutants import Mutant
from support.stack.errors import StackError
from support.stack.lifecycle import LocalStack

NOT_COPIED = (".git", ".jump", "reports", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache")
LINKED = (".venv", "tools/node_modules")  # big and read-only here: shared with the checkout


@dataclass
class Finished:
    code: int | None      # None: killed at the timeout
    seconds: float
    stderr: str

    def last_line(self) -> str:
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else ""


class Workspace:
    def __init__(self, checkout: Path, parent: Path | None = None) -> None:
        self.checkout = checkout.resolve()
        self.root = Path(tempfile.mkdtemp(prefix="jump-mutation-", dir=parent))

    def create(self) -> Workspace:
        shutil.copytree(self.checkout, self.root, dirs_exist_ok=True, symlinks=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
        for name in LINKED:
            target = (self.checkout / name).resolve()
            if target.exists():
                (self.root / name).parent.mkdir(parents=True, exist_ok=True)
                (self.root / name).symlink_to(target)
        (self.root / "reports").mkdir(exist_ok=True)
        return self

    def jump(self, *args: str, timeout: float) -> Finished:
        """``./jump ARGS`` inside the copy; past ``timeout`` its whole process group is killed."""
        env = {k: v for k, v in os.environ.items() if k not in ("JUMP_STACK_HOME", "VIRTUAL_ENV", "PYTHONPATH")}
        started = time.monotonic()
        proc = subprocess.Popen(["./jump", *args], cwd=self.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=timeout)
            return Finished(proc.returncode, time.monotonic() - started, stderr)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, stderr = proc.communicate()
            return Finished(None, time.monotonic() - started, stderr or "")
        except BaseException:  # Ctrl-C or SIGTERM of the run: never leave a test run behind
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise

    def restart(self) -> str | None:
        """Restarts the copy's platform on its own code, same options, no migrations (the schema is
        not mutated); None when it is healthy, else why it did not start. In-process: a ``./jump``
        process per mutant would cost seconds of imports."""
        stack = LocalStack(home=self.root / ".jump", repo=self.root)
        state = stack.load_state()
        if state is None:
            return "the copy's stack is not running"
        try:
            stack.restart_platform(state.options, migrate=False)
        except StackError as exc:
            return str(exc)
        return None

    def source(self, path: str) -> str:
        return (self.checkout / path).read_text(encoding="utf-8")

    def apply(self, mutant: Mutant) -> None:
        (self.root / mutant.path).write_text(mutant.apply(self.source(mutant.path)), encoding="utf-8")

    def restore(self, mutant: Mutant) -> None:
        (self.root / mutant.path).write_text(self.source(mutant.path), encoding="utf-8")

    def remove(self) -> None:
        """Stops the copy's stack and deletes the copy."""
        self.jump("stack:down", timeout=120)
        shutil.rmtree(self.root, ignore_errors=True)
