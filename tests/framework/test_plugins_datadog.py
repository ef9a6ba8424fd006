"""The DataDog plugin (MON-001.1-3, .5) against a stub intake, and end to end through ./jump test:run.

DataDog cannot be reached from here (no network, no account): tests/stubs/datadog.py stands in for
it, a real HTTP server that speaks the v2 series API (DD-API-KEY, 202/403/400/5xx answers).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.config import ConfigError, load_settings
from support.run.behave_runner import REPO
from support.run.selection import default_tags, list_scenarios
from support.stack.lifecycle import LocalStack
from tests.framework.plugins_support import closed_port_url, finish_run, plugin_settings, summary
from tests.stubs.datadog import DataDogStub, running_datadog
from tests.stubs.slack import running_slack

API_KEY = "dd-api-key-0123456789abcdef"


@pytest.fixture
def intake(monkeypatch: pytest.MonkeyPatch) -> Iterator[DataDogStub]:
    monkeypatch.setenv("JUMP_TEST_DD_API_KEY", API_KEY)
    with running_datadog(API_KEY) as stub:
        yield stub


def enabled(url: str, **extra: str) -> dict[str, str]:
    return {"plugins.datadog.enabled": "true", "plugins.datadog.api_url": url,
            "plugins.datadog.api_key": "env:JUMP_TEST_DD_API_KEY", **extra}


@pytest.mark.req("MON-001.1", "MON-001.2", "MON-001.3", "MON-001.5")
def test_a_run_sends_counts_gauges_and_tags(intake: DataDogStub, caplog: pytest.LogCaptureFixture) -> None:
    """One POST with every series of the run, standard and custom tags (MON-001.2, .3)."""
    settings = plugin_settings(enabled(intake.url, **{"plugins.datadog.tags": "team:qa,suite:acceptance"}),
                               environ={"CI_PIPELINE_ID": "4242", "CI_COMMIT_REF_NAME": "feature/seat#7"})
    finish_run(settings, summary())
    assert len(intake.accepted) == 1 and intake.requests == [("/api/v2/series", API_KEY)]
    series = intake.series()
    counts = {status: series[("jump.tests.scenarios", f"status:{status}")] for status in ("passed", "failed", "flaky", "skipped")}
    assert {status: s["points"][0]["value"] for status, s in counts.items()} == {"passed": 7, "failed": 2, "flaky": 1, "skipped": 1}
    assert {s["type"] for s in counts.values()} == {1} and counts["passed"]["interval"] == 42
    run = series[("jump.tests.runs", "result:failed")]
    assert run["points"][0]["value"] == 1 and "exit_code:1" in run["tags"]
    gauges = {name: series[(f"jump.tests.{name}",)] for name in ("wall_time", "flaky", "pass_rate")}
    assert {name: (g["type"], g["points"][0]["value"]) for name, g in gauges.items()} == {
        "wall_time": (3, 42.5), "flaky": (3, 1), "pass_rate": (3, 80.0)}  # 8 of 10 executed did not fail
    assert gauges["wall_time"]["unit"] == "second" and gauges["pass_rate"]["unit"] == "percent"
    assert abs(gauges["flaky"]["points"][0]["timestamp"] - time.time()) < 60
    expected = ["env:local", "shard:2/3", "git.commit.sha:0123456789abcdef", "git.branch:feature/seat_7",
                "ci.pipeline.id:4242", "team:qa", "suite:acceptance"]
    assert all(s["tags"][:len(expected)] == expected for s in series.values())
    assert "resources" not in gauges["flaky"] and API_KEY not in caplog.text


def test_a_run_with_nothing_executed_sends_no_pass_rate(intake: DataDogStub) -> None:
    finish_run(plugin_settings(enabled(intake.url)), summary(passed=0, failed=0, flaky=0, skipped=3, total=3, exit_code=0))
    assert ("jump.tests.pass_rate",) not in intake.series() and ("jump.tests.runs", "result:passed") in intake.series()


def test_a_wrong_key_is_one_warning_without_the_key(intake: DataDogStub, caplog: pytest.LogCaptureFixture,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = "dd-wrong-key-9876543210"
    monkeypatch.setenv("JUMP_TEST_DD_API_KEY", wrong)
    with caplog.at_level(logging.WARNING):
        finish_run(plugin_settings(enabled(intake.url)), summary())
    assert [r.getMessage() for r in caplog.records] == ['datadog: metrics not sent: HTTP 403 {"errors": ["Forbidden"]}']
    assert intake.accepted == [] and wrong not in caplog.text


@pytest.mark.req("MON-001.1")
def test_a_5xx_is_retried_and_then_accepted(intake: DataDogStub, caplog: pytest.LogCaptureFixture) -> None:
    intake.fail_next = [503]
    finish_run(plugin_settings(enabled(intake.url)), summary())
    assert len(intake.requests) == 2 and len(intake.accepted) == 1 and not caplog.records


def test_an_intake_outage_gives_up_with_one_warning(intake: DataDogStub, caplog: pytest.LogCaptureFixture) -> None:
    """Retried up to max_attempts, then one masked warning; the hook itself never raises."""
    intake.fail_next = [500, 502, 503]
    with caplog.at_level(logging.WARNING):
        finish_run(plugin_settings(enabled(intake.url, **{"plugins.datadog.max_attempts": "3"})), summary())
    assert len(intake.requests) == 3 and intake.accepted == []
    assert [r.getMessage() for r in caplog.records] == [
        'datadog: metrics not sent: HTTP 503 {"errors": ["Internal Server Error"]} after 3 attempt(s)']
    assert API_KEY not in caplog.text


def test_an_unreachable_intake_is_one_warning(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("JUMP_TEST_DD_API_KEY", API_KEY)
    with caplog.at_level(logging.WARNING):
        finish_run(plugin_settings(enabled(closed_port_url())), summary())
    assert [r.getMessage() for r in caplog.records] == ["datadog: metrics not sent: ConnectionError after 3 attempt(s)"]


def test_an_unset_key_variable_is_one_warning(intake: DataDogStub, caplog: pytest.LogCaptureFixture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUMP_TEST_DD_API_KEY")
    with caplog.at_level(logging.WARNING):
        finish_run(plugin_settings(enabled(intake.url)), summary())
    assert intake.requests == [] and len(caplog.records) == 1
    assert caplog.records[0].getMessage().endswith("environment variable JUMP_TEST_DD_API_KEY is not set: export it")


@pytest.mark.req("CFG-001.5")
def test_a_disabled_plugin_sends_nothing(intake: DataDogStub) -> None:
    settings = plugin_settings({"plugins.datadog.api_url": intake.url, "plugins.datadog.api_key": "env:JUMP_TEST_DD_API_KEY"})
    assert finish_run(settings, summary()) == [] and intake.requests == []


@pytest.mark.req("MON-001.2")
@pytest.mark.parametrize(("env", "overrides", "message"), [
    ("local", {"plugins.datadog.enabled": "true"}, "api_key must be set when enabled is true"),
    ("local", {"plugins.datadog.tags": "team qa"}, "string should match pattern"),
    ("staging", {"plugins.datadog.api_url": "http://dd.example"}, "only https:// URLs are accepted on staging"),
])
def test_bad_configuration_is_refused_at_load(env: str, overrides: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env, overrides, environ={})


@pytest.mark.req("MON-001.1", "MON-001.3", "MON-001.4", "CFG-001.5")
def test_test_run_reports_its_metrics_and_alerts(local_stack: LocalStack, tmp_path: Path) -> None:
    """./jump test:run on the discovery flow sends its metrics and, with notify=always, a message."""
    scenarios = len(list_scenarios(["features/discovery"], default_tags(REPO), REPO))
    with running_datadog(API_KEY) as intake, running_slack() as slack:
        env = {**os.environ, "JUMP_PLUGINS__DATADOG__ENABLED": "true", "JUMP_PLUGINS__DATADOG__API_URL": intake.url,
               "JUMP_PLUGINS__DATADOG__API_KEY": "env:JUMP_TEST_DD_API_KEY", "JUMP_TEST_DD_API_KEY": API_KEY,
               "JUMP_PLUGINS__SLACK__ENABLED": "true", "JUMP_PLUGINS__SLACK__NOTIFY": "always",
               "JUMP_PLUGINS__SLACK__WEBHOOK_URL": slack.webhook_url}
        proc = subprocess.run([sys.executable, "-m", "support.run.cli", "test:run", "--flow", "discovery", "--no-report",
                               "--no-history", "--set", f"reporting.reports_dir={tmp_path}"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    series = intake.series()
    assert series[("jump.tests.scenarios", "status:passed")]["points"][0]["value"] == scenarios
    assert series[("jump.tests.pass_rate",)]["points"][0]["value"] == 100.0
    assert "env:local" in series[("jump.tests.runs", "result:passed")]["tags"]
    assert len(slack.messages) == 1 and f"passed on local: 0 failed, {scenarios} passed" in slack.messages[0]["text"]
    assert API_KEY not in proc.stdout + proc.stderr and slack.path not in proc.stdout + proc.stderr
