"""``{name}`` placeholders in step text, doc strings and table cells, filled from scenario variables.

Why a regex and not ``str.format``: doc strings are JSON and GraphQL, full of braces that are not
placeholders. Only a brace pair around one identifier (``{order_id}``) is a placeholder, so
``{"name": "x"}`` and ``{ events { id } }`` pass through untouched. Write GraphQL selection sets
with spaces (``{ id }``), or ``{{id}}`` for a literal ``{id}``.

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

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
BUILT_INS = ("namespace", "uuid")


def render_value(value: Any) -> str:
    """A kept value as text: JSON spelling for booleans and null, so it drops into a JSON doc string."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return str(value)


def interpolate(text: str, variables: Mapping[str, Any], *, namespace: str = "") -> str:
    """``text`` with every ``{name}`` replaced; raises UnknownVariable naming the first unknown one."""

    def fill(match: re.Match[str]) -> str:
        token, name = match.group(0), match.group(1)
        if name is None:
            return token[0]  # "{{" -> "{", "}}" -> "}"
        if name == "uuid":
            return str(uuid.uuid4())
        if name == "namespace":
            return namespace
        if name not in variables:
            raise UnknownVariable(name, list(variables), BUILT_INS)
        return render_value(variables[name])

    return PLACEHOLDER.sub(fill, text)
