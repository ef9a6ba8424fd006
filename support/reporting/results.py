"""Allure results (as support/reporting/allure_results.py writes them) as small typed records that
coverage, failure analysis and the JUnit file share.

Why our own model: allure-python only writes results, and the report step handles 10,000 of them
in well under a second; a slim pydantic model per result is enough.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Attachment(BaseModel):
    name: str = ""
    source: str = ""
    type: str = ""


class ScenarioResult(BaseModel):
    """One ``*-result.json``: what the report and the analytics need of it."""

    uuid: str
    history_id: str = ""
    name: str = ""
    full_name: str = ""
    status: str = "unknown"
    message: str = ""
    trace: str = ""
    flaky: bool = False
    start: int = 0
    stop: int = 0
    labels: dict[str, list[str]] = Field(default_factory=dict)
    attachments: list[Attachment] = Field(default_factory=list)

    def label(self, name: str, default: str = "") -> str:
        values = self.labels.get(name)
        return values[0] if values else default

    @property
    def tags(self) -> list[str]:
        return self.labels.get("tag", [])

    @property
    def feature(self) -> str:
        return self.label("feature", self.full_name.split(": ", 1)[0])

    @property
    def area(self) -> str:
        return self.label("epic", "(none)")

    @property
    def requirements(self) -> list[str]:
        return sorted({t.split(":", 1)[1] for t in self.tags if t.startswith("req:") and t != "req:"})  # "@req:" names none


def _attachments(node: dict[str, Any]) -> list[Attachment]:
    """Attachments of the test and of all its steps, depth first, in the order they were made."""
    found = [Attachment(**{k: a.get(k, "") for k in ("name", "source", "type")}) for a in node.get("attachments", [])]
    for step in node.get("steps", []):
        found += _attachments(step)
    return found


def parse_result(data: dict[str, Any]) -> ScenarioResult:
    labels: dict[str, list[str]] = {}
    for label in data.get("labels", []):
        labels.setdefault(str(label.get("name")), []).append(str(label.get("value")))
    details = data.get("statusDetails") or {}
    return ScenarioResult(
        uuid=data.get("uuid", ""), history_id=data.get("historyId", ""), name=data.get("name", ""),
        full_name=data.get("fullName", ""), status=data.get("status") or "unknown",
        message=details.get("message") or "", trace=details.get("trace") or "", flaky=bool(details.get("flaky")),
        start=int(data.get("start") or 0), stop=int(data.get("stop") or 0), labels=labels,
        attachments=_attachments(data),
    )


def latest_per_test(results: list[ScenarioResult]) -> list[ScenarioResult]:
    """One result per scenario: the last attempt wins (a rerun replaces the failure it retried)."""
    latest: dict[str, ScenarioResult] = {}
    for result in results:
        key = result.history_id or result.uuid
        if key not in latest or result.stop >= latest[key].stop:
            latest[key] = result
    return sorted(latest.values(), key=lambda r: (r.area, r.feature, r.name))
