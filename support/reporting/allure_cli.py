"""Renders reports/allure-results into the HTML site with the real Allure 2 command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from support.errors import ReportError

REPO = Path(__file__).resolve().parents[2]
ALLURE_BIN = REPO / "tools" / "node_modules" / ".bin" / "allure"


def allure_binary() -> Path:
    override = os.environ.get("JUMP_ALLURE_BIN")
    candidate = Path(override) if override else ALLURE_BIN
    if candidate.exists():
        return candidate
    found = shutil.which("allure")
    if found:
        return Path(found)
    raise ReportError("the Allure command line is not installed: run 'make setup' (npm package allure-commandline, needs Java)")


def carry_history(results: Path, previous_report: Path) -> None:
    """Copies the previous report's history into the results so trends and per-test history build up."""
    history = previous_report / "history"
    if history.is_dir():
        shutil.copytree(history, results / "history", dirs_exist_ok=True)


# allure generate is a short batch JVM: the C2 compiler and parallel GC threads cost more CPU than
# they save (about a third of its CPU time for 10,000 results; benchmarks/report_generation.py).
# ALLURE_OPTS or JAVA_OPTS set by the user win.
JVM_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"


class PendingRender:
    """``allure generate`` running in the background while the Python part of the report step works."""

    def __init__(self, results: Path, report: Path, timeout_s: float = 300, history: Path | None = None) -> None:
        if not results.is_dir() or not any(results.iterdir()):
            raise ReportError(f"no Allure results in {results}: run the suite first")
        carry_history(results, report)
        if history is not None and history.is_dir():  # the trend store shared by the run folders (reports/history)
            shutil.copytree(history, results / "history", dirs_exist_ok=True)
        env = dict(os.environ)
        if not env.get("ALLURE_OPTS") and not env.get("JAVA_OPTS"):
            env["ALLURE_OPTS"] = JVM_OPTS
        self.report, self.timeout_s = report, timeout_s
        self.proc = subprocess.Popen([str(allure_binary()), "generate", str(results), "-o", str(report), "--clean"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()

    def wait(self) -> Path:
        """Returns the path of index.html."""
        try:
            stdout, stderr = self.proc.communicate(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            raise ReportError(f"allure generate took longer than {self.timeout_s:.0f}s") from None
        if self.proc.returncode != 0:
            last = (stderr or stdout).strip().splitlines()
            raise ReportError(f"allure generate failed: {last[-1] if last else self.proc.returncode}")
        return self.report / "index.html"


def render(results: Path, report: Path, timeout_s: float = 300) -> Path:
    """Runs ``allure generate``; returns the path of index.html."""
    return PendingRender(results, report, timeout_s).wait()
