"""The Slack plugin (MON-001.4 alerts) against a stub incoming webhook.

Slack cannot be reached from here (no network, no workspace): tests/stubs/slack.py stands in for
hooks.slack.com, a real HTTP server that speaks the webhook protocol (200 ok, 400 invalid_payload,
404 no_service, 5xx).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from support.plugins.slack import SlackPlugin
from tests.framework.plugins_support import closed_port_url, finish_run, plugin_settings, summary
from tests.stubs.slack import HOOK_PATH, SlackStub, running_slack

SECRET = HOOK_PATH.rsplit("/", 1)[1]
PASSED = {"failed": 0, "exit_code": 0, "failed_scenarios": []}


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackStub]:
    with running_slack() as stub:
        monkeypatch.setenv("JUMP_TEST_SLACK_WEBHOOK", stub.webhook_url)
        yield stub


def enabled(**extra: str) -> dict[str, str]:
    return {"plugins.slack.enabled": "true", "plugins.slack.webhook_url": "env:JUMP_TEST_SLACK_WEBHOOK", **extra}


@pytest.mark.req("MON-001.4")
def test_a_failed_run_posts_counts_failures_and_links(hook: SlackStub, caplog: pytest.LogCaptureFixture) -> None:
    settings = plugin_settings(enabled(**{"plugins.slack.report_url": "https://jump.example/report/"}),
                               environ={"CI_JOB_URL": "https://gitlab.example/jump/-/jobs/77", "CI_JOB_ID": "77"})
    finish_run(settings, summary())
    [message] = hook.messages
    assert message["text"] == (":red_circle: Jump acceptance run failed on local: 2 failed, 7 passed, 1 flaky, "
                               "1 skipped of 11 (shard 2/3, 42.5s)")
    title, counts, failures, context = message["blocks"]
    assert title == {"type": "section", "text": {"type": "mrkdwn", "text": "*:red_circle: Jump acceptance run failed on local*"}}
    assert [f["text"] for f in counts["fields"]][:2] == ["*Passed*\n7", "*Failed*\n2"]
    assert failures["text"]["text"] == ("*Failing scenarios*\n• Checkout :: Pay with a &lt;declined&gt; card\n"
                                        "• Refunds :: Refund a cancelled event")
    assert context["elements"][0]["text"] == ("<https://jump.example/report/|Report> · <https://gitlab.example/jump/-/jobs/77|Job #77>"
                                              " · commit `0123456789ab`")
    assert SECRET not in caplog.text


def test_only_the_first_failures_are_named(hook: SlackStub) -> None:
    names = [f"Feature :: scenario {n}" for n in range(8)]
    finish_run(plugin_settings(enabled(**{"plugins.slack.max_listed": "3"})), summary(failed=8, failed_scenarios=names))
    lines = hook.messages[0]["blocks"][2]["text"]["text"].splitlines()
    assert lines[1:] == ["• Feature :: scenario 0", "• Feature :: scenario 1", "• Feature :: scenario 2", "_and 5 more_"]


@pytest.mark.req("MON-001.4")
@pytest.mark.parametrize(("notify", "threshold", "changes", "headline"), [
    ("failures", None, PASSED, None),
    ("always", None, PASSED, ":large_green_circle: Jump acceptance run passed on local"),
    ("failures", "2", {**PASSED, "flaky": 2}, None),
    ("failures", "2", {**PASSED, "flaky": 3}, ":large_yellow_circle: Jump acceptance run on local: 3 flaky scenario(s), above 2"),
    ("failures", "5", {}, ":red_circle: Jump acceptance run failed on local"),
])
def test_alert_triggers(hook: SlackStub, notify: str, threshold: str | None, changes: dict[str, object], headline: str | None) -> None:
    """A message on failures, on more flaky scenarios than the threshold, or always; else none."""
    extra = {"plugins.slack.notify": notify} | ({"plugins.slack.flaky_alert_threshold": threshold} if threshold else {})
    finish_run(plugin_settings(enabled(**extra)), summary(**changes))
    assert [m["blocks"][0]["text"]["text"] for m in hook.messages] == ([f"*{headline}*"] if headline else [])


def test_an_unknown_webhook_is_one_warning_without_the_url(hook: SlackStub, caplog: pytest.LogCaptureFixture,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMP_TEST_SLACK_WEBHOOK", f"{hook.url}/services/T0JUMPTEST/B0JUMPTEST/revokedT0k3nXYZ")
    with caplog.at_level(logging.WARNING):
        finish_run(plugin_settings(enabled()), summary())
    assert [r.getMessage() for r in caplog.records] == ["slack: notification not sent: HTTP 404 no_service"]
    assert "revokedT0k3nXYZ" not in caplog.text and hook.messages == []


def test_an_outage_is_retried_then_one_warning(hook: SlackStub, caplog: pytest.LogCaptureFixture) -> None:
    hook.fail_next = [500, 503]
    with caplog.at_level(logging.WARNING):
        finish_run(plugin_settings(enabled(**{"plugins.slack.max_attempts": "2"})), summary())
    assert len(hook.paths) == 2 and hook.messages == []
    assert [r.getMessage() for r in caplog.records] == ["slack: notification not sent: HTTP 503 internal_error after 2 attempt(s)"]


def test_an_unreachable_webhook_never_shows_its_path(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("JUMP_TEST_SLACK_WEBHOOK", closed_port_url() + HOOK_PATH)
    with caplog.at_level(logging.DEBUG):
        finish_run(plugin_settings(enabled()), summary())
    assert "slack: notification not sent: ConnectionError after 3 attempt(s)" in caplog.text and SECRET not in caplog.text


def test_a_payload_slack_refuses_is_reported(hook: SlackStub, caplog: pytest.LogCaptureFixture) -> None:
    """The stub answers as Slack does to blocks that are not Block Kit: 400 invalid_payload."""

    class Bad(BaseModel):
        text: str = "x"
        blocks: list[dict[str, str]] = [{"type": "not-a-block"}]

    class BadSlack(SlackPlugin):
        def deliver(self, run_summary: object) -> None:
            self.post(self.secret(), Bad(), {}, "POST webhook")

    BadSlack(plugin_settings(enabled())).jump_run_finished(summary())
    assert [r.getMessage() for r in caplog.records] == ["slack: notification not sent: HTTP 400 invalid_payload"]


@pytest.mark.req("CFG-001.5")
def test_a_disabled_plugin_sends_nothing(hook: SlackStub) -> None:
    settings = plugin_settings({"plugins.slack.webhook_url": "env:JUMP_TEST_SLACK_WEBHOOK", "plugins.slack.notify": "always"})
    assert finish_run(settings, summary()) == [] and hook.paths == []
