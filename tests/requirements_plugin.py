"""A pytest plugin: ``@pytest.mark.req("CI-001.2")`` tests are proof of SRS requirements.

Loaded by tests/conftest.py. It registers the marker, refuses IDs the SRS does not define (one
line, before anything runs) and, when the session ends, records each marked test's requirements
and outcome into ``reports/pytest-requirements.json`` (``--requirements-json=FILE`` for another file; with a space instead
of ``=`` pytest takes an existing FILE for a test path when it picks the rootdir, before any plugin
option is known),
which the coverage matrix reads (support/reporting/pytest_proofs.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.reporting import pytest_proofs
from support.reporting.pytest_proofs import PytestProof
from support.reporting.srs import load_requirements

MARKER = "req"
_OUTCOMES: dict[str, str] = {}          # node id -> passed | failed | skipped (worst of its phases)
_MARKED: dict[str, list[str]] = {}      # node id -> requirement IDs, every marked test collected
_MODULES: set[str] = set()              # modules this session collected


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--requirements-json", default=None, metavar="FILE",
                     help=f"where the requirement proofs go; write it as --requirements-json=FILE "
                          f"(default: reports/{pytest_proofs.FILE_NAME})")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f'{MARKER}(*ids): the test proves these SRS requirements, e.g. @pytest.mark.{MARKER}("CI-001.2")')


def requirements_of(item: pytest.Item) -> list[str]:
    return sorted({str(i) for mark in item.iter_markers(MARKER) for i in mark.args})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Runs before -k/-m deselect: every marked test of a collected module is known, run or not."""
    known = {r.id for r in load_requirements()}
    unknown: list[str] = []
    for item in items:
        _MODULES.add(pytest_proofs.module_of(item.nodeid))
        ids = requirements_of(item)
        if not ids and any(True for _ in item.iter_markers(MARKER)):
            unknown.append(f"{item.nodeid}: @pytest.mark.{MARKER}() names no requirement")
        wrong = [i for i in ids if known and i not in known]
        if wrong:
            unknown.append(f"{item.nodeid}: @pytest.mark.{MARKER} names {', '.join(wrong)}, not a requirement of the SRS")
        if ids:
            _MARKED[item.nodeid] = ids
    if unknown:
        raise pytest.UsageError("; ".join(unknown))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid not in _MARKED:
        return
    outcome = "failed" if report.failed else "skipped" if report.skipped else "passed"
    previous = _OUTCOMES.get(report.nodeid)
    if previous == "failed" or (previous == "skipped" and outcome == "passed"):
        return  # a failed or skipped phase decides; a passing teardown does not undo it
    _OUTCOMES[report.nodeid] = outcome


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _MODULES or exitstatus == pytest.ExitCode.USAGE_ERROR or hasattr(session.config, "workerinput"):
        return  # nothing collected, or refused before anything ran: the file stays as it was
    option = session.config.getoption("--requirements-json")
    path = Path(option) if option else session.config.rootpath / "reports" / pytest_proofs.FILE_NAME
    ran_at = pytest_proofs.now()
    current = [PytestProof(node_id=node, requirements=ids, outcome=_OUTCOMES.get(node, "not run"),
                           ran_at=ran_at if node in _OUTCOMES else None)
               for node, ids in _MARKED.items()]
    previous = pytest_proofs.read(path)
    pytest_proofs.write(path, pytest_proofs.merge(previous.tests if previous else [], _MODULES, current))
