"""Failure messages say what was expected and what happened first; the Python class only below.

Checked where people read them: the console's FAILED line of ./jump test:run, the Allure result
(the scenario's and its failed step's statusDetails), the JUnit file GitLab gets, failures.json,
and on real exceptions of the platform's contract checks and of psycopg2.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import psycopg2
import pytest

from support import errors
from support.assertions import ExpectationFailed
from support.reporting import failure_text
from support.reporting.categories import ENVIRONMENT, PRODUCT, TEST, classify
from support.run.behave_runner import REPO
from support.stack.lifecycle import LocalStack

FEATURE = "tests/acceptance_fixtures/fails_halfway.feature"
CLASS_FIRST = re.compile(r"^\s*(?:[\w]+\.)+[A-Z]\w*(?:Error|Failed|Violation|Exception)?:")  # module.Class: ...


def test_an_expectation_reads_as_the_expectation_and_names_its_class_below() -> None:
    message = failure_text.business_message(ExpectationFailed("order 4711 total: expected '$118.00', got '$120.00'"))
    assert message.splitlines()[0] == "order 4711 total: expected '$118.00', got '$120.00'"
    assert message.splitlines()[2] == ("technical: support.assertions.ExpectationFailed: order 4711 total: "
                                       "expected '$118.00', got '$120.00'")


def test_a_contract_violation_says_the_platform_broke_its_contract() -> None:
    message = failure_text.business_message(errors.ContractViolation("POST /v1/auth/token answered HTTP 500"))
    assert message.startswith("The platform's answer broke its API contract: POST /v1/auth/token answered HTTP 500\n\n")
    assert "technical: support.errors.ContractViolation: POST /v1/auth/token answered HTTP 500" in message
    assert classify("broken", message) == TEST


def test_a_real_psycopg2_refusal_and_an_unreachable_database_in_business_words(local_stack: LocalStack, dsns: dict[str, str]) -> None:
    conn = psycopg2.connect(dsns["inventory"])
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.Error) as refused:
            cur.execute("CREATE TEMP TABLE seat_probe (code text PRIMARY KEY); INSERT INTO seat_probe VALUES ('A1'), ('A1')")
    finally:
        conn.rollback()
        conn.close()
    message = failure_text.business_message(refused.value)
    assert message.startswith("The database refused the data (a constraint did not allow it): duplicate key value")
    assert "technical: psycopg2.errors.UniqueViolation: duplicate key value" in message
    with pytest.raises(psycopg2.OperationalError) as gone:
        psycopg2.connect("postgresql://postgres@127.0.0.1:9/none", connect_timeout=2)
    down = failure_text.business_message(gone.value)
    assert down.startswith("A database could not be reached: connection to server at")
    assert classify("broken", down) == ENVIRONMENT  # the category still sees the environment problem
    assert classify("broken", failure_text.business_message(errors.PlatformUnreachable("graphql", "http://127.0.0.1:9/graphql", "connection refused"))) == ENVIRONMENT
    assert classify("failed", failure_text.business_message(AssertionError("2 seats"))) == PRODUCT


def test_console_allure_and_junit_start_with_business_words(local_stack: LocalStack, tmp_path: Path) -> None:
    env = {**os.environ, "JUMP_REPORTING__REPORTS_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "support.run.cli", "test:run", FEATURE, "--no-history", "--no-report"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]  # as it happens, and in the summary
    assert failed, run.stdout
    for line in failed:
        said = line.split("Data is created, then a check fails: ", 1)[1]
        assert said == "seats still available in section A: expected 6, got 4", line

    folder = (tmp_path / "latest").resolve()
    junit = tmp_path / "junit.xml"  # test:report builds the Allure results and the JUnit file from the run's stream
    report = subprocess.run([sys.executable, "-m", "support.run.cli", "test:report", "--reports-dir", str(folder),
                             "--format", "junit", "--output", str(junit)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert report.returncode == 0, report.stdout + report.stderr
    results = [json.loads(p.read_text()) for p in (folder / "allure-results").glob("*-result.json")]
    [scenario] = [r for r in results if r["name"] == "Data is created, then a check fails"]
    details = scenario["statusDetails"]
    assert details["message"] == "seats still available in section A: expected 6, got 4"
    assert details["trace"].startswith("technical: support.assertions.ExpectationFailed: seats still available")  # below it
    [step] = [s for s in scenario["steps"] if s["status"] == "failed"]
    assert step["statusDetails"]["message"] == details["message"]
    [failure] = [f for f in ET.parse(junit).getroot().iter("failure")]
    assert failure.get("message") == details["message"] and not CLASS_FIRST.match(failure.get("message") or "")
    assert (failure.text or "").startswith(details["message"]) and "technical: support.assertions.ExpectationFailed" in failure.text
