"""Slack alerts of a run (SRS MON-001.4) through an incoming webhook.

``POST <webhook_url>`` with ``{"text": ..., "blocks": [...]}``; Slack answers 200 ``ok``. ``text`` is the
notification's fallback, ``blocks`` the message. The webhook URL is the credential: it is a Secret,
and its path is registered for masking so that no log line can quote it.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel

from support.clients.masking import register_secret
from support.config.models import FrameworkSettings
from support.config.reporting_settings import SlackSettings
from support.plugins.delivery import HttpNotifier
from support.plugins.summary import RunSummary

MAX_SECTION_TEXT = 3000  # Slack's limit for a section's text


class Text(BaseModel):
    type: Literal["plain_text", "mrkdwn"] = "mrkdwn"
    text: str


class Block(BaseModel):
    """The Block Kit blocks this plugin uses: section (text or fields) and context (elements)."""

    type: Literal["section", "context", "divider"]
    text: Text | None = None
    fields: list[Text] | None = None
    elements: list[Text] | None = None


class WebhookMessage(BaseModel):
    text: str
    blocks: list[Block]


def escape(text: str) -> str:
    """Slack's mrkdwn control characters, which scenario names may contain."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def alerts(summary: RunSummary, config: SlackSettings) -> list[str]:
    """Why this run deserves a message: failures, too many flaky scenarios (empty: none)."""
    reasons = [] if summary.succeeded else ["failed"]
    if config.flaky_alert_threshold is not None and summary.flaky > config.flaky_alert_threshold:
        reasons.append("flaky")
    return reasons


def headline(summary: RunSummary, settings: FrameworkSettings, reasons: list[str]) -> str:
    env = settings.environment
    if "failed" in reasons and summary.reason in ("usage", "unreachable", "cancelled", "crashed") and summary.message:
        return f":red_circle: Jump acceptance run on {env} ended early ({summary.reason}): {escape(summary.message)}"
    if "failed" in reasons:
        return f":red_circle: Jump acceptance run failed on {env}"
    if "flaky" in reasons:
        threshold = settings.plugins.slack.flaky_alert_threshold
        return f":large_yellow_circle: Jump acceptance run on {env}: {summary.flaky} flaky scenario(s), above {threshold}"
    return f":large_green_circle: Jump acceptance run passed on {env}"


def links(summary: RunSummary, settings: FrameworkSettings) -> list[str]:
    """The configured report, the CI job and pipeline when in CI, else the local report's path."""
    ci, out = settings.ci, []
    if settings.plugins.slack.report_url:
        out.append(f"<{settings.plugins.slack.report_url}|Report>")
    if ci.job_url:
        out.append(f"<{ci.job_url}|Job #{ci.job_id or ''}>")
    if ci.pipeline_url:
        out.append(f"<{ci.pipeline_url}|Pipeline #{ci.pipeline_id or ''}>")
    if not out and summary.report:
        out.append(f"report: `{escape(summary.report)}`")
    return out


def build_message(summary: RunSummary, settings: FrameworkSettings, reasons: list[str]) -> WebhookMessage:
    title = headline(summary, settings, reasons)
    counts = {"Passed": summary.passed, "Failed": summary.failed, "Flaky": summary.flaky, "Skipped": summary.skipped,
              "Total": summary.total, "Wall time": f"{summary.wall_s:.1f}s"}
    text = (f"{title}: {summary.failed} failed, {summary.passed} passed, {summary.flaky} flaky, "
            f"{summary.skipped} skipped of {summary.total} (shard {summary.shard}, {summary.wall_s:.1f}s)")
    blocks = [Block(type="section", text=Text(text=f"*{title}*")),
              Block(type="section", fields=[Text(text=f"*{name}*\n{value}") for name, value in counts.items()])]
    listed = summary.failed_scenarios[:settings.plugins.slack.max_listed]
    if listed:
        more = len(summary.failed_scenarios) - len(listed)
        lines = ["*Failing scenarios*", *(f"• {escape(name)}" for name in listed)] + ([f"_and {more} more_"] if more else [])
        blocks.append(Block(type="section", text=Text(text="\n".join(lines)[:MAX_SECTION_TEXT])))
    context = links(summary, settings)
    if summary.git_commit:
        context.append(f"commit `{summary.git_commit[:12]}`")
    if context:
        blocks.append(Block(type="context", elements=[Text(text=" · ".join(context))]))
    return WebhookMessage(text=text, blocks=blocks)


class SlackPlugin(HttpNotifier):
    """Registered by support.plugins.builtin when ``plugins.slack.enabled`` is true."""

    name = "slack"
    sends = "notification"

    def deliver(self, summary: RunSummary) -> None:
        config = self.settings.plugins.slack
        reasons = alerts(summary, config)
        if not reasons and config.notify != "always":
            return
        url = self.secret()
        register_secret(urlsplit(url).path)  # connection errors quote the path without the host
        self.post(url, build_message(summary, self.settings, reasons), {}, "POST webhook")
