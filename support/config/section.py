"""What every settings section shares: the base model and the comma-list reader of list-valued keys."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """Base of every section: unknown keys are errors, loaded settings never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def tag_list(value: object) -> object:
    """``--set plugins.datadog.tags=team:qa,suite:smoke`` (or a JSON list) as a list of tags."""
    if isinstance(value, str):
        return json.loads(value) if value.lstrip().startswith("[") else [t.strip() for t in value.split(",") if t.strip()]
    return value
