"""Values at dotted paths in a JSON document: ``data.reserveSeats.seats[0].section``.

Why not jsonpath-ng: the steps need one value at one concrete path, never filters or wildcards,
and a failure must say how far the path got and what was there instead. Thirty lines do that
with a better message than a query library's empty result.

Syntax: keys separated by dots, list indexes in brackets (negative counts from the end), an
optional leading ``$.``. Keys containing dots or brackets are not supported.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from support.errors import PathNotFound

SEGMENT = re.compile(r"([^.\[\]]+)|\[(-?\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """``a.b[0]`` -> ``["a", "b", 0]``; raises PathNotFound for text that is not a path."""
    text = path[2:] if path.startswith("$.") else path
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        if text[position] == "." and parts:
            position += 1
        match = SEGMENT.match(text, position)
        if match is None:
            raise PathNotFound(f"{path!r} is not a JSON path (write data.items[0].name)")
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    if not parts:
        raise PathNotFound("an empty JSON path")
    return parts


def resolve(document: Any, path: str) -> Any:
    """The value at ``path``; raises PathNotFound naming the last good prefix and its keys."""
    current, walked = document, "$"
    for part in parse_path(path):
        if isinstance(part, int):
            if not isinstance(current, list) or not -len(current) <= part < len(current):
                size = f"a list of {len(current)}" if isinstance(current, list) else type(current).__name__
                raise PathNotFound(f"{path}: {walked} is {size}, no index [{part}]")
            current, walked = current[part], f"{walked}[{part}]"
        else:
            if not isinstance(current, dict) or part not in current:
                keys = ", ".join(sorted(current)) if isinstance(current, dict) else f"a {type(current).__name__}: {current!r:.80}"
                raise PathNotFound(f"{path}: {walked} has no {part!r} ({keys})")
            current, walked = current[part], f"{walked}.{part}"
    return current


def is_number_equal(value: Any, number: Decimal) -> bool:
    """A JSON number equal by value (5 == 5.0); the text "5" and the boolean true are not numbers."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and Decimal(str(value)) == number
