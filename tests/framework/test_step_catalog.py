"""The step catalog (./jump steps:list) and docs/writing-tests.md, which must list exactly the
registered steps: when this fails, run ``./jump steps:list --output docs/writing-tests.md``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.gherkin.catalog import collect, render_markdown, split_docstring
from support.run.docs_commands import MARKER, STEPS_DIR, document

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "writing-tests.md"


def _jump(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "support.run.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_the_committed_guide_lists_exactly_the_registered_steps() -> None:
    committed = DOC.read_text(encoding="utf-8")
    regenerated = document(committed, render_markdown(collect(STEPS_DIR)))
    assert regenerated == committed, "docs/writing-tests.md is stale: run ./jump steps:list --output docs/writing-tests.md"


def test_the_guide_keeps_its_hand_written_worked_example_above_the_marker() -> None:
    head = DOC.read_text(encoding="utf-8").split(MARKER, 1)[0]
    assert "./jump steps:list --output docs/writing-tests.md" in head
    assert 'When I send a POST request to "/v1/venues" as "admin" with:' in head


def test_every_step_has_a_gherkin_example_and_typed_parameters() -> None:
    entries = collect(STEPS_DIR)
    assert entries == collect(STEPS_DIR), "loading twice gives the same catalog (no ambiguity, deterministic order)"
    assert [e for e in entries if not split_docstring(e.example)[1]] == []
    send = next(e for e in entries if e.phrase == "I send this GraphQL request {caller:Caller}:")
    assert (send.keyword, send.module) == ("step", "steps/api_steps.py")
    assert [(p.name, p.type_name) for p in send.parameters] == [("caller", "Caller")]
    assert "with a tampered token" in send.parameters[0].description


def test_steps_list_prints_markdown_and_writes_a_file(tmp_path: Path) -> None:
    printed = _jump("steps:list")
    assert printed.returncode == 0, printed.stderr
    assert "### `steps/db_steps.py`" in printed.stdout and "**Then the databases are consistent**" in printed.stdout
    target = tmp_path / "catalog.md"
    target.write_text(f"my intro\n{MARKER}\nold catalog\n", encoding="utf-8")
    written = _jump("steps:list", "--output", str(target))
    assert written.returncode == 0 and written.stdout.startswith(f"wrote {target}")
    assert target.read_text(encoding="utf-8") == f"my intro\n{MARKER}\n\n{printed.stdout}"


def test_steps_list_refuses_an_output_in_a_missing_folder(tmp_path: Path) -> None:
    result = _jump("steps:list", "--output", str(tmp_path / "nowhere" / "x.md"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "does not exist" in result.stderr
