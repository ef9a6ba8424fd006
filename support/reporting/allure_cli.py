"""Renders reports/allure-results into the HTML site with the real Allure 2 command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from support.errors import JumpError

REPO = Path(__file__).resolve().parents[2]
ALLURE_BIN = REPO / "tools" / "node_modules" / ".bin" / "allure"


class ReportError(JumpError):
    """The Allure command line is missing or failed."""


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


def render(results: Path, report: Path, timeout_s: float = 300) -> Path:
    """Runs ``allure generate``; returns the path of index.html."""
    if not results.is_dir() or not any(results.iterdir()):
        raise ReportError(f"no Allure results in {results}: run the suite first")
    carry_history(results, report)
    proc = subprocess.run(
        [str(allure_binary()), "generate", str(results), "-o", str(report), "--clean"],
        capture_output=True, text=True, timeout=timeout_s,
    )
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).strip().splitlines()
        raise ReportError(f"allure generate failed: {last[-1] if last else proc.returncode}")
    return report / "index.html"
