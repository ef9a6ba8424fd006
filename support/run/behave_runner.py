"""Runs behave in a child process with the project's hooks, and reads back what it wrote."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class BehaveRun:
    """One behave invocation: what to select and where its results go."""

    env: str
    reports_dir: Path
    tags: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    userdata: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    quiet: bool = False

    @property
    def allure_results(self) -> Path:
        return self.reports_dir / "allure-results"

    @property
    def junit_dir(self) -> Path:
        return self.reports_dir / "junit"

    def argv(self) -> list[str]:
        args = [sys.executable, "-m", "behave", "--no-capture-stderr", "-D", f"env={self.env}"]
        # behave.ini already names the pretty and Allure formatters (so a plain `behave` run
        # reports too); formats given here are added to those, not substituted for them
        if self.quiet:
            args += ["-f", "progress", "-o", "-"]
        args += ["--junit", "--junit-directory", str(self.junit_dir)]
        for key, value in self.userdata.items():
            args += ["-D", f"{key}={value}"]
        for expression in self.tags:
            args += ["--tags", expression]
        if self.dry_run:
            args.append("--dry-run")
        return args + (self.paths or ["features"])


def fresh_results(run: BehaveRun) -> None:
    """Empties the results of the previous run (the rendered report keeps its history)."""
    for folder in (run.allure_results, run.junit_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)


def run_behave(run: BehaveRun) -> int:
    env = dict(os.environ, JUMP_ENV=run.env, PYTHONPATH=str(REPO))
    return subprocess.run(run.argv(), cwd=REPO, env=env).returncode
