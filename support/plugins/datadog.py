"""DataDog metrics of each run (SRS MON-001.1-3, .5) through the v2 series API.

``POST {api_url}/api/v2/series`` with header ``DD-API-KEY`` and ``{"series": [...]}``; DataDog answers
202 ``{"errors": []}``. Scenario counts are *count* series (type 1) so that DataDog sums them over the
shards of a pipeline and over time (rollups); wall time, flaky count and pass rate are *gauges*
(type 3) of this run. No host resource is sent: a CI runner is not a monitored host.
"""

from __future__ import annotations

import re
import time
from enum import IntEnum

from pydantic import BaseModel

from support.config.models import FrameworkSettings
from support.plugins.delivery import HttpNotifier
from support.plugins.summary import STATUSES, RunSummary

PREFIX = "jump.tests."
_TAG_UNSAFE = re.compile(r"[^\w\-:./]")


class MetricType(IntEnum):
    """MetricIntakeType of the v2 API."""

    UNSPECIFIED = 0
    COUNT = 1
    RATE = 2
    GAUGE = 3


class Point(BaseModel):
    timestamp: int  # POSIX seconds; DataDog drops points over an hour old
    value: float


class Resource(BaseModel):
    name: str
    type: str


class Series(BaseModel):
    metric: str
    type: MetricType
    points: list[Point]
    tags: list[str] = []
    unit: str | None = None
    interval: int | None = None  # seconds a count covers
    resources: list[Resource] | None = None


class MetricPayload(BaseModel):
    """The body of POST /api/v2/series."""

    series: list[Series]


def tag(key: str, value: object) -> str:
    """``key:value`` with the characters DataDog would rewrite already turned into ``_``."""
    return _TAG_UNSAFE.sub("_", f"{key}:{value}")[:200]


def standard_tags(settings: FrameworkSettings, summary: RunSummary) -> list[str]:
    """Tags every series carries: where and what ran, then the configured custom tags (MON-001.2)."""
    ci = settings.ci
    tags = [tag("env", settings.environment), tag("shard", summary.shard)]
    optional = {"git.commit.sha": summary.git_commit or ci.commit_sha, "git.branch": ci.commit_ref_name,
                "ci.pipeline.id": ci.pipeline_id}
    tags += [tag(key, value) for key, value in optional.items() if value]
    return tags + [t for t in settings.plugins.datadog.tags if t not in tags]


def build_payload(summary: RunSummary, tags: list[str], now: int) -> MetricPayload:
    """The run's series: counts per status and of the run itself, then the run's gauges."""

    def series(name: str, kind: MetricType, value: float, extra: tuple[str, ...] = (), unit: str | None = None) -> Series:
        interval = max(int(round(summary.wall_s)), 1) if kind is MetricType.COUNT else None
        return Series(metric=PREFIX + name, type=kind, points=[Point(timestamp=now, value=value)],
                      tags=[*tags, *extra], unit=unit, interval=interval)

    result = "passed" if summary.succeeded else "failed"
    out = [series("scenarios", MetricType.COUNT, summary.count(s), (f"status:{s}",)) for s in STATUSES]
    out += [
        series("runs", MetricType.COUNT, 1, (f"result:{result}", f"exit_code:{summary.exit_code}")),
        series("wall_time", MetricType.GAUGE, summary.wall_s, unit="second"),
        series("flaky", MetricType.GAUGE, summary.flaky),
    ]
    if summary.pass_rate is not None:
        out.append(series("pass_rate", MetricType.GAUGE, round(summary.pass_rate, 2), unit="percent"))
    return MetricPayload(series=out)


class DataDogPlugin(HttpNotifier):
    """Registered by support.plugins.builtin when ``plugins.datadog.enabled`` is true."""

    name = "datadog"
    sends = "metrics"

    def deliver(self, summary: RunSummary) -> None:
        payload = build_payload(summary, standard_tags(self.settings, summary), int(time.time()))
        url = f"{self.settings.plugins.datadog.api_url.rstrip('/')}/api/v2/series"
        self.post(url, payload, {"DD-API-KEY": self.secret(), "Accept": "application/json"}, "POST /api/v2/series")
