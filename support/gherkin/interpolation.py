"""``{name}`` placeholders in step text, doc strings and table cells, filled from scenario variables.

Why a regex and not ``str.format``: doc strings are JSON and GraphQL, full of braces that are not
placeholders. Only a brace pair around one identifier (``{order_id}``) is a placeholder, so
``{"name": "x"}``, ``{"a": {"b": 1}}`` and ``{ events { id } }`` pass through untouched. The one
escape is ``{{id}}``, a literal ``{id}``; any other brace, ``}}`` and ``{{`` included, stays as written
(a nested JSON object ends in ``}}``).

Built-ins: ``{namespace}`` (this run's data namespace, so names are unique per run) and ``{uuid}``
(a fresh random UUID at every occurrence).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from support.errors import UnknownVariable

PLACEHOLDER = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
BUILT_INS = ("namespace", "uuid")


def render_value(value: Any) -> str:
    """A kept value as text: JSON spelling for booleans and null, so it drops into a JSON doc string."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return str(value)


def interpolate(text: str, variables: Mapping[str, Any], *, namespace: str = "") -> str:
    """``text`` with every ``{name}`` replaced; raises UnknownVariable naming the first unknown one."""

    def fill(match: re.Match[str]) -> str:
        escaped, name = match.group(1), match.group(2)
        if escaped is not None:
            return f"{{{escaped}}}"  # "{{id}}" -> "{id}"
        if name == "uuid":
            return str(uuid.uuid4())
        if name == "namespace":
            return namespace
        if name not in variables:
            raise UnknownVariable(name, list(variables), BUILT_INS)
        return render_value(variables[name])

    return PLACEHOLDER.sub(fill, text)


def kept_value(text: str, variables: Mapping[str, Any]) -> tuple[bool, Any]:
    """(True, value) when ``text`` is exactly one kept variable (``"{author_id}"``): a check then
    compares with the value itself, a number as a number, not with its spelling."""
    match = PLACEHOLDER.fullmatch(text.strip())
    if match is None or match.group(2) is None or match.group(2) not in variables:
        return False, None
    return True, variables[match.group(2)]
