"""Failure categories: one definition feeds both Allure's categories.json and failures.json.

Why one list: the report's "Categories" tab and ``./jump test:report --format json`` must sort a
failure the same way. The regular expressions are written so Java (Allure) and Python (``re``)
read them identically, and each failure matches exactly one of the first four categories.
"Contract drift" is the entry ``./jump test:run`` writes before any scenario runs
(support/contracts/gate.py); it also files the passing entry that carries warnings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, Field

PRODUCT, TEST, ENVIRONMENT, FLAKY = "Product defects", "Test defects", "Environment problems", "Flaky tests"
CONTRACT_DRIFT = "Contract drift"
DRIFT_PREFIX = "Contract drift:"  # the gate's message starts with it; nothing else does

# The platform or its databases could not be reached, or kept answering 5xx after the retries.
_ENV_START = r"(?:[\w.]+\.)?(?:\w*Unreachable|StackError|ConnectionError|ConnectTimeout|ReadTimeout|Timeout\w*|OperationalError|CircuitBreakerError)\b"
# messages are business words first (support/reporting/failure_text.py): "... could not be reached: ...", and the
# exception class follows on the "technical: <module.Class>: ..." line
_ENV_ANYWHERE = (r"(?:unreachable at|timed out|Connection refused|circuit open|-> 5\d\d\b|status 5\d\d\b|could not be reached"
                 rf"|technical: {_ENV_START})")
_DRIFT = rf"(?s){DRIFT_PREFIX}.*"
_ENVIRONMENT = rf"(?s)(?!{DRIFT_PREFIX})(?:{_ENV_START}.*|.*{_ENV_ANYWHERE}.*)"
_NOT_ENVIRONMENT = rf"(?s)(?!{DRIFT_PREFIX}|{_ENV_START}|.*{_ENV_ANYWHERE}).*"


class Category(BaseModel):
    """One entry of Allure's categories.json (field names are Allure's)."""

    name: str
    description: str = ""
    matchedStatuses: list[str] = Field(default_factory=list)  # noqa: N815 - Allure's key
    messageRegex: str | None = None  # noqa: N815
    flaky: bool | None = None


CATEGORIES: list[Category] = [
    Category(name=ENVIRONMENT, matchedStatuses=["failed", "broken"], messageRegex=_ENVIRONMENT,
             description="The platform or a database was unreachable, timed out or answered 5xx after the retries."),
    Category(name=PRODUCT, matchedStatuses=["failed"], messageRegex=_NOT_ENVIRONMENT,
             description="An expectation about the platform's behaviour did not hold (ExpectationFailed, AssertionError)."),
    Category(name=TEST, matchedStatuses=["broken"], messageRegex=_NOT_ENVIRONMENT,
             description="A step or its data broke before the platform was judged (DataSetupError, any other error)."),
    Category(name=CONTRACT_DRIFT, matchedStatuses=["failed", "broken", "passed"], messageRegex=_DRIFT,
             description="The live platform's GraphQL schema or OpenAPI document differs from the pinned one "
                         "(support/contracts/): failed for breaking changes, passed with warnings for additive ones."),
    Category(name=FLAKY, matchedStatuses=["passed", "failed", "broken"], flaky=True,
             description="Failed, then passed when the execution engine ran it again (tag 'flaky')."),
]
_ENV_RE = re.compile(_ENVIRONMENT)
_DRIFT_RE = re.compile(_DRIFT)


def classify(status: str, message: str, flaky: bool = False) -> str | None:
    """The category of one result, the way Allure will file it; None for passed and skipped."""
    if flaky:
        return FLAKY
    if _DRIFT_RE.fullmatch(message or "") and status in ("failed", "broken", "passed"):
        return CONTRACT_DRIFT
    if status not in ("failed", "broken"):
        return None
    if _ENV_RE.fullmatch(message or ""):
        return ENVIRONMENT
    return PRODUCT if status == "failed" else TEST


def write_categories(results: Path) -> Path:
    path = results / "categories.json"
    path.write_text(json.dumps([c.model_dump(exclude_none=True) for c in CATEGORIES], indent=2), encoding="utf-8")
    return path
