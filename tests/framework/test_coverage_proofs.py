"""Pytest tests as proof of requirements: the plugin's file, the matrix over journeys and tests, the page.

The plugin is run for real: pytest in a subprocess on a scratch test module, with
tests/requirements_plugin.py loaded as in the project (``-p``) and its file sent to a temporary path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support.reporting import pytest_proofs
from support.reporting.coverage import build_coverage
from support.reporting.html import render_coverage
from support.reporting.pytest_proofs import PytestProof, PytestProofs
from support.reporting.results import parse_result
from support.reporting.srs import parse_requirements
from support.run.behave_runner import REPO

SRS = """
| ID | Requirement | Validation |
|---|---|---|
| FT-001.1 | Execute test flows | Verify |
| CI-001.2 | Support parallel test execution | Check |
| CFG-001.1 | Environment-specific configurations | Switch |
| MON-001.1 | Send metrics to DataDog | Deliver |
"""

MODULE = '''
import pytest

@pytest.mark.req("CI-001.2")
def test_shards_are_disjoint():
    pass

@pytest.mark.req("CFG-001.1", "CI-001.2")
def test_layers_override():
    assert 1 + 1 == 3

@pytest.mark.req("MON-001.1")
def test_needs_datadog():
    pytest.skip("no intake")

def test_not_a_proof():
    pass
'''


def run_pytest(project: Path, proofs: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.requirements_plugin", "-p", "no:cacheprovider",
                           "--rootdir", str(project), "-c", os.devnull, f"--requirements-json={proofs}", *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


def outcomes(proofs: Path) -> dict[str, tuple[str, list[str]]]:
    data = json.loads(proofs.read_text())
    return {t["node_id"]: (t["outcome"], t["requirements"]) for t in data["tests"]}


@pytest.mark.req("REP-001.2")
def test_the_plugin_records_each_marked_test_with_its_requirements_and_outcome(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(MODULE))
    (tmp_path / "test_other.py").write_text('import pytest\n\n@pytest.mark.req("FT-001.1")\ndef test_flow():\n    pass\n')
    proofs = tmp_path / "out" / "proofs.json"
    proc = run_pytest(tmp_path, proofs)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # one test fails on purpose
    assert outcomes(proofs) == {
        "test_other.py::test_flow": ("passed", ["FT-001.1"]),
        "test_sample.py::test_layers_override": ("failed", ["CFG-001.1", "CI-001.2"]),
        "test_sample.py::test_needs_datadog": ("skipped", ["MON-001.1"]),
        "test_sample.py::test_shards_are_disjoint": ("passed", ["CI-001.2"]),
    }

    # a partial run: a deselected test keeps its last outcome, an uncollected module keeps its proofs,
    # a test that left a collected module leaves the file
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(MODULE).replace("assert 1 + 1 == 3", "assert 1 + 1 == 2")
                                             .replace('@pytest.mark.req("CI-001.2")\ndef test_shards_are_disjoint():\n    pass\n', ""))
    proc = run_pytest(tmp_path, proofs, "test_sample.py", "-k", "layers")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert outcomes(proofs) == {
        "test_other.py::test_flow": ("passed", ["FT-001.1"]),
        "test_sample.py::test_layers_override": ("passed", ["CFG-001.1", "CI-001.2"]),
        "test_sample.py::test_needs_datadog": ("skipped", ["MON-001.1"]),
    }


def test_a_requirement_the_srs_does_not_define_stops_pytest_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "test_typo.py").write_text('import pytest\n\n@pytest.mark.req("CI-01.2")\ndef test_x():\n    pass\n')
    proofs = tmp_path / "proofs.json"
    proc = run_pytest(tmp_path, proofs)
    assert proc.returncode == 4, proc.stdout + proc.stderr  # pytest's usage error
    assert "test_typo.py::test_x: @pytest.mark.req names CI-01.2, not a requirement of the SRS" in proc.stderr
    assert not proofs.exists()


def scenario(uid: str, name: str, status: str, req: str) -> object:
    labels = [{"name": "tag", "value": f"req:{req}"}, {"name": "epic", "value": "checkout"}, {"name": "feature", "value": "Buying"}]
    return parse_result({"uuid": uid, "historyId": f"h-{uid}", "name": name, "status": status, "labels": labels,
                         "start": 0, "stop": 1})


def proofs(*tests: tuple[str, str, list[str]]) -> PytestProofs:
    return PytestProofs(written_at="2026-12-01T20:00:00+00:00",
                        tests=[PytestProof(node_id=n, outcome=o, requirements=r) for n, o, r in tests])  # type: ignore[arg-type]


def matrix():
    return build_coverage([scenario("1", "A fan buys seats", "passed", "FT-001.1")], [], parse_requirements(SRS), None,
                          proofs=proofs(("tests/t.py::test_shards", "passed", ["CI-001.2", "FT-001.1"]),
                                        ("tests/t.py::test_layers", "failed", ["CFG-001.1"]),
                                        ("tests/t.py::test_datadog", "skipped", ["MON-001.1"])))


@pytest.mark.req("REP-001.2")
def test_the_matrix_counts_journeys_and_tests_and_only_proofs_that_ran() -> None:
    coverage = matrix()
    rows = {row.id: row for row in coverage.requirement_rows}
    assert [s.scenario for s in rows["FT-001.1"].scenarios] == ["A fan buys seats"]
    assert [t.node_id for t in rows["FT-001.1"].tests] == ["tests/t.py::test_shards"]
    assert (rows["FT-001.1"].status, rows["CI-001.2"].status, rows["CFG-001.1"].status, rows["MON-001.1"].status) == (
        "passed", "passed", "failed", "skipped")
    # a failed test proves nothing works, but the requirement was exercised: covered, and shown failed
    assert (coverage.requirements.covered, coverage.requirements.total, coverage.requirements.unused) == (3, 4, ["MON-001.1"])
    assert coverage.pytest_written_at == "2026-12-01T20:00:00+00:00"
    without = build_coverage([scenario("1", "A fan buys seats", "passed", "FT-001.1")], [], parse_requirements(SRS), None)
    assert without.requirements.covered == 1 and without.pytest_written_at is None


@pytest.mark.req("REP-001.2")
def test_the_page_names_per_requirement_its_journeys_and_its_tests_at_the_requirements_anchor(tmp_path: Path) -> None:
    page = render_coverage(matrix(), tmp_path, requirement_url="coverage/index.html#{}").read_text()
    row = page[page.index('<tr id="CI-001.2">'):]
    row = row[:row.index("</tr>")]
    assert 'href="#CI-001.2"' in row and "tests/t.py::test_shards" in row and ">passed<" in row
    first = page[page.index('<tr id="FT-001.1">'):]
    assert "Buying :: A fan buys seats" in first[:first.index("</tr>")]
    assert "coverage/index.html#" not in page  # the page links to its own rows, not to itself inside the site


def test_a_run_folder_reads_the_proofs_of_its_reports_folder_and_a_loose_folder_only_its_own(tmp_path: Path) -> None:
    run = tmp_path / "reports" / "runs" / "20261201-200000-abcdef"
    run.mkdir(parents=True)
    pytest_proofs.write(tmp_path / "reports" / pytest_proofs.FILE_NAME, proofs(("t.py::a", "passed", ["CI-001.2"])).tests)
    found = pytest_proofs.for_run(run)
    assert found is not None and [t.node_id for t in found.tests] == ["t.py::a"]
    loose = tmp_path / "sample"
    loose.mkdir()
    assert pytest_proofs.for_run(loose) is None
    (loose / pytest_proofs.FILE_NAME).write_text("{not json")
    assert pytest_proofs.for_run(loose) is None  # half a file is no proof
