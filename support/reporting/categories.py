"""Failure categories: one definition feeds both Allure's categories.json and failures.json.

Why one list: the report's "Categories" tab and ``./jump test:report --format json`` must sort a
failure the same way. The regular expressions are written so Java (Allure) and Python (``re``)
read them identically, and each failure matches exactly one of the first four categories. A company's
own categories (reporting.categories_file) go in front; Allure files a result under the first category
that matches, and ``classify`` tries them first too.
"Contract drift" is the entry ``./jump test:run`` writes before any scenario runs
(support/contracts/gate.py); it also files the passing entry that carries warnings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from support.reporting.branding import read_look_file

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


class CustomCategory(Category):
    """One entry of a company's categories file (reporting.categories_file): Allure's fields, checked.

    Unknown keys, statuses Allure does not have, a regular expression that does not compile and a
    built-in category's name are refused when the settings load, not when Allure silently ignores them."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    matchedStatuses: list[Literal["failed", "broken", "passed", "skipped", "unknown"]] = Field(default_factory=list)  # noqa: N815

    @field_validator("name")
    @classmethod
    def _not_built_in(cls, name: str) -> str:
        if name in BUILT_IN_NAMES:
            raise ValueError(f"{name!r} is a built-in category")
        return name

    @field_validator("messageRegex")
    @classmethod
    def _compiles(cls, regex: str | None) -> str | None:
        if regex is not None:
            try:
                re.compile(regex)
            except re.error as exc:
                raise ValueError(f"not a regular expression ({exc})") from None
        return regex


BUILT_IN_NAMES = (ENVIRONMENT, PRODUCT, TEST, CONTRACT_DRIFT, FLAKY)
_CUSTOM = TypeAdapter(list[CustomCategory])
MAX_CATEGORIES_BYTES = 256 * 1024


def load_categories(path: Path) -> list[Category]:
    """A categories file's entries; ValueError names the first problem in one line (entry number and field)."""
    text = read_look_file(path)
    if len(text) > MAX_CATEGORIES_BYTES:
        raise ValueError(f"{len(text)} bytes, a categories file may have at most {MAX_CATEGORIES_BYTES}")
    try:
        return [Category.model_validate(c.model_dump()) for c in _CUSTOM.validate_json(text)]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part + 1) if isinstance(part, int) else str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ValueError(f"entry {where}: {message}" if where else message) from None


def check_categories_file(path: Path | None) -> Path | None:
    if path is not None:
        load_categories(path)
    return path


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


def _matches(category: Category, status: str, message: str, flaky: bool) -> bool:
    """Allure's rule (CategoriesPlugin): every condition the category sets holds; an unset one always does."""
    return ((not category.matchedStatuses or status in category.matchedStatuses)
            and (category.messageRegex is None or re.fullmatch(category.messageRegex, message or "") is not None)
            and (category.flaky is None or category.flaky == flaky))


def classify(status: str, message: str, flaky: bool = False, custom: list[Category] | tuple[Category, ...] = ()) -> str | None:
    """The category of one result, the way Allure will file it; None for passed and skipped.

    ``custom`` (the company's, reporting.categories_file) come first, as in categories.json."""
    for category in custom:
        if status in ("failed", "broken") and _matches(category, status, message, flaky):
            return category.name
    if flaky:
        return FLAKY
    if _DRIFT_RE.fullmatch(message or "") and status in ("failed", "broken", "passed"):
        return CONTRACT_DRIFT
    if status not in ("failed", "broken"):
        return None
    if _ENV_RE.fullmatch(message or ""):
        return ENVIRONMENT
    return PRODUCT if status == "failed" else TEST


def write_categories(results: Path, custom: list[Category] | tuple[Category, ...] = ()) -> Path:
    """Allure's categories.json: the company's categories first (Allure lists them in this order), then Jump's."""
    path = results / "categories.json"
    path.write_text(json.dumps([c.model_dump(exclude_none=True) for c in [*custom, *CATEGORIES]], indent=2), encoding="utf-8")
    return path
