"""Pytest tests as proof of requirements: the file pytest writes and the coverage build reads.

Why: 29 of the SRS's 50 requirements are about the framework itself (configuration, CI, reports,
monitoring...). No journey can prove them; pytest tests marked ``@pytest.mark.req("CI-001.2")``
do. ``tests/requirements_plugin.py`` records each marked test's requirements and outcome into
``reports/pytest-requirements.json`` whenever pytest runs; the coverage matrix counts them next to
the scenarios' ``@req:`` tags.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from support.run import run_folder

FILE_NAME = "pytest-requirements.json"
Outcome = Literal["passed", "failed", "skipped", "not run"]


class PytestProof(BaseModel):
    """One marked pytest test: which requirements it proves and how it ended the last time it ran."""

    node_id: str  # tests/framework/test_config.py::test_every_environment_file_loads
    requirements: list[str]
    outcome: Outcome
    ran_at: str | None = None  # when this outcome was recorded (ISO, UTC); None: collected but never run


class PytestProofs(BaseModel):
    written_at: str
    tests: list[PytestProof] = Field(default_factory=list)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def module_of(node_id: str) -> str:
    return node_id.split("::", 1)[0]


def merge(previous: list[PytestProof], collected_modules: set[str], current: list[PytestProof]) -> list[PytestProof]:
    """This session's view of the modules it collected replaces the old one; other modules are kept.

    A partial run (``pytest tests/framework/test_config.py`` or ``-k``) so never drops the proofs
    of modules it did not look at, while a test removed from a collected module goes away.
    A test collected but deselected keeps the outcome it had the last time it ran.
    """
    before = {p.node_id: p for p in previous}
    merged = {p.node_id: p for p in previous if module_of(p.node_id) not in collected_modules}
    for proof in current:
        old = before.get(proof.node_id)
        if proof.outcome == "not run" and old is not None and old.outcome != "not run":
            proof = proof.model_copy(update={"outcome": old.outcome, "ran_at": old.ran_at})
        merged[proof.node_id] = proof
    return sorted(merged.values(), key=lambda p: p.node_id)


def read(path: Path) -> PytestProofs | None:
    """None when the file is missing or not ours (a half-written or foreign file is not proof)."""
    try:
        return PytestProofs.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None


def write(path: Path, tests: list[PytestProof]) -> Path:
    """Written to a temporary name and renamed: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(PytestProofs(written_at=now(), tests=tests).model_dump_json(indent=2), encoding="utf-8")
    temporary.replace(path)
    return path


def for_run(run_dir: Path) -> PytestProofs | None:
    """The proofs that belong with a run folder: its own copy, else the reports folder's.

    A run folder lives at ``<reports>/runs/<id>``; pytest writes ``<reports>/pytest-requirements.json``
    (in CI the unit-tests job's artifact). A folder outside that layout (a sample run in a temporary
    folder) has only its own copy, so a test's figures never depend on the last pytest session.
    """
    resolved = run_dir.resolve()
    candidates = [resolved / FILE_NAME]
    if resolved.parent.name == run_folder.RUNS:
        candidates.append(resolved.parent.parent / FILE_NAME)
    for candidate in candidates:
        proofs = read(candidate)
        if proofs is not None:
            return proofs
    return None
