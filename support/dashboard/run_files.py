"""A run's folder (reports/runs/<run-id>/) as the dashboard reads it: report links, coverage,
failure analysis, and each scenario's Allure result with its attachments (already masked by the
recorder: the same exchanges and created rows Allure shows).

Read-only. A finished run's files do not change, so each index is built once per folder and kept
(keyed by the folder's modification time, so a re-rendered report is read again).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from support.run import run_folder

RUN_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}(-merged)?$")


class Attachment(BaseModel):
    step: str
    name: str
    source: str
    type: str = "text/plain"


class ScenarioFiles(BaseModel):
    full_name: str
    status: str
    uuid: str
    steps: list[dict[str, Any]]
    attachments: list[Attachment]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@functools.lru_cache(maxsize=64)
def _allure_results(folder: str, _stamp: float) -> dict[str, ScenarioFiles]:
    """fullName -> the scenario's last result in allure-results/ (a rerun's result replaces the first)."""
    found: dict[str, tuple[int, ScenarioFiles]] = {}
    for path in Path(folder).glob("*-result.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        attachments: list[Attachment] = []
        steps = []
        for step in data.get("steps", []):
            steps.append({"name": step.get("name", ""), "status": step.get("status", "")})
            for item in step.get("attachments", []):
                attachments.append(Attachment(step=step.get("name", ""), name=item.get("name", ""), source=item.get("source", ""),
                                              type=item.get("type", "text/plain")))
        for item in data.get("attachments", []) or []:
            attachments.append(Attachment(step="", name=item.get("name", ""), source=item.get("source", ""),
                                          type=item.get("type", "text/plain")))
        full_name = data.get("fullName", "")
        stop = int(data.get("stop", 0))
        if full_name not in found or found[full_name][0] <= stop:
            found[full_name] = (stop, ScenarioFiles(full_name=full_name, status=data.get("status", ""), uuid=data.get("uuid", ""),
                                                    steps=steps, attachments=attachments))
    return {name: files for name, (_, files) in found.items()}


@functools.lru_cache(maxsize=64)
def _allure_uids(folder: str, _stamp: float) -> dict[str, str]:
    """fullName -> the uid of the Allure site's test case page (index.html#testresult/<uid>)."""
    uids: dict[str, str] = {}
    for path in Path(folder).glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not data.get("hidden"):
            uids[data.get("fullName", "")] = data.get("uid", "")
    return uids


class RunFolder:
    def __init__(self, reports_root: Path, run_id: str) -> None:
        self.run_id = run_id if RUN_ID.fullmatch(run_id or "") else ""
        self.root = reports_root / run_folder.RUNS / (self.run_id or ".none")

    @property
    def exists(self) -> bool:
        return bool(self.run_id) and self.root.is_dir()

    def file(self, relative: str) -> Path | None:
        """A file inside the folder, never outside it (no ``..``, no symlink out)."""
        if not self.exists:
            return None
        path = (self.root / relative).resolve()
        return path if path.is_file() and path.is_relative_to(self.root.resolve()) else None

    def links(self) -> dict[str, str]:
        """What this run has: allure, coverage, failures, junit (relative paths inside the folder)."""
        candidates = {"allure": "allure-report/index.html", "coverage": "coverage/index.html",
                      "coverage_json": "coverage/coverage.json", "failures": "failures.json"}
        found = {kind: rel for kind, rel in candidates.items() if self.exists and (self.root / rel).is_file()}
        if self.junit_files():
            found["junit"] = "junit"
        return found

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def junit_files(self) -> list[Path]:
        """junit.xml (one file per run), or junit/*.xml of runs written before the event stream."""
        if not self.exists:
            return []
        single = self.root / "junit.xml"
        return [single] if single.is_file() else sorted((self.root / "junit").glob("*.xml"))

    def json(self, relative: str) -> Any:
        path = self.file(relative)
        if path is None:
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return None

    def scenario(self, feature: str, name: str) -> ScenarioFiles | None:
        folder = self.root / "allure-results"
        if not self.exists or not folder.is_dir():
            return None
        return _allure_results(str(folder), _mtime(folder)).get(f"{feature}: {name}")

    def allure_uid(self, feature: str, name: str) -> str:
        folder = self.root / "allure-report" / "data" / "test-cases"
        if not self.exists or not folder.is_dir():
            return ""
        return _allure_uids(str(folder), _mtime(folder)).get(f"{feature}: {name}", "")


def run_folders(reports_root: Path, limit: int = 30) -> list[RunFolder]:
    """The newest run folders first (a plain behave run's ``-behave`` folder is not listed)."""
    return [RunFolder(reports_root, p.name) for p in run_folder.runs(reports_root)[::-1] if RUN_ID.fullmatch(p.name)][:limit]


def latest_folder(reports_root: Path) -> RunFolder | None:
    if (latest := run_folder.latest(reports_root)) is not None:
        return RunFolder(reports_root, latest.name)
    folders = run_folders(reports_root, 1)
    return folders[0] if folders else None
