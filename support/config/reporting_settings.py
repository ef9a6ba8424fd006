"""``[reporting]`` and ``[plugins]``: what a run leaves behind - its reports, their look and response-time
budget - and whom it tells (DataDog, Slack)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import NoDecode

from support.clients.masking import PII_KINDS, PiiKind
from support.config.secrets import Secret
from support.config.section import Section, tag_list
from support.config.values import HttpUrl, UrlPattern
from support.reporting.branding import AllureLanguage, check_logo_or_none
from support.reporting.categories import check_categories_file

_API_OPERATION = re.compile(r"^([A-Z]+ /\S*|[A-Za-z_][A-Za-z0-9_]*)$")


def _api_operation(name: str) -> str:
    """An operation as the response-time report names it: "POST /v1/orders", "GET /v1/events/{id}", "ReserveSeats"."""
    if not _API_OPERATION.match(name):
        raise PydanticCustomError("api_operation", "an operation is 'METHOD /path' or a GraphQL operation name")
    return name


ApiOperation = Annotated[str, AfterValidator(_api_operation)]


class ApiBudgetSettings(Section):
    """The p95 response time each API operation should stay under (API-001.5); none set: no budget."""

    p95_ms: PositiveFloat | None = None                  # every operation
    operations: dict[ApiOperation, PositiveFloat] = {}   # per operation, over p95_ms
    fail_run: bool = False                               # an operation over budget fails the run (exit 1); default: warn


def _blank_is_none(value: object) -> object:
    """``--set reporting.logo=`` (or the dashboard's empty field) takes the logo away again."""
    return None if isinstance(value, str) and not value.strip() else value


class ReportingSettings(Section):
    reports_dir: Path = Path("reports")
    # relative to the Allure site: the coverage page inside it, at the requirement's row
    requirement_url_pattern: UrlPattern = "coverage/index.html#{}"
    issue_url_pattern: UrlPattern = "https://gitlab.example/jump/-/issues/{}"
    owner: str = ""
    history_retention_days: PositiveInt = 90  # results history older than this is pruned at run end (SRS 5.2.1)
    # personal data masked in reports and logs (support/clients/masking.py); [] shows it in clear
    mask_pii: Annotated[list[PiiKind], NoDecode, BeforeValidator(tag_list)] = list(PII_KINDS)
    api_budget: ApiBudgetSettings = ApiBudgetSettings()
    # a company's look (docs/reports.md#customizing-the-report); kept in the run's stream, so a replay shows the same
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""  # "": Allure's "Allure Report", "Coverage"
    language: AllureLanguage = "en"  # the Allure site's language (allure generate --lang)
    logo: Annotated[Path | None, BeforeValidator(_blank_is_none), AfterValidator(check_logo_or_none)] = None  # a PNG or SVG, top left of the Allure site and the coverage page
    # a JSON list of Allure categories, listed before Jump's (support/reporting/categories.py CustomCategory)
    categories_file: Annotated[Path | None, BeforeValidator(_blank_is_none), AfterValidator(check_categories_file)] = None


# DataDog's tag rules; the length is max_length, not {0,199} in the pattern: pydantic-core's Rust regex
# unrolls a bounded repeat of the Unicode class \w, which cost ~0.3 s of every command's start-up
MetricTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][\w\-:./]*$", max_length=200)]


class NotifierSettings(Section):
    """What every HTTP plugin shares: off by default, and a secret that must be set once it is on."""

    secret_key: ClassVar[str]
    enabled: bool = False
    timeout_s: PositiveFloat = 5.0
    max_attempts: PositiveInt = 3  # on 429, 5xx and connection errors; waits follow run.retry

    @model_validator(mode="after")
    def _secret_when_enabled(self) -> NotifierSettings:
        if self.enabled and getattr(self, self.secret_key) is None:
            raise ValueError(f"{self.secret_key} must be set when enabled is true")
        return self


class DataDogSettings(NotifierSettings):
    """MON-001.1-3, .5: each run's metrics to DataDog's v2 series API (docs/plugins.md)."""

    secret_key: ClassVar[str] = "api_key"
    api_url: HttpUrl = "https://api.datadoghq.com"  # the site's API host, e.g. https://api.datadoghq.eu
    api_key: Secret | None = None
    tags: Annotated[list[MetricTag], NoDecode, BeforeValidator(tag_list)] = []  # custom tags added to every series (MON-001.2)


class SlackSettings(NotifierSettings):
    """MON-001.4: a Slack incoming-webhook message when a run fails (or always, or too flaky)."""

    secret_key: ClassVar[str] = "webhook_url"
    webhook_url: Secret | None = None  # the URL itself is the credential
    notify: Literal["failures", "always"] = "failures"
    flaky_alert_threshold: NonNegativeInt | None = None  # alert when more scenarios than this are flaky
    report_url: HttpUrl | None = None  # e.g. the GitLab Pages report; default the CI job's artifact
    max_listed: PositiveInt = 5  # failing scenarios named in the message


class PluginsSettings(Section):
    datadog: DataDogSettings = DataDogSettings()
    slack: SlackSettings = SlackSettings()
