"""Dotted keys over nested dicts and settings models: the one vocabulary every config layer shares.

Layers arrive as nested dicts (TOML tables, exploded ``JUMP_A__B`` variables) or as dotted keys
(``run.parallel``); messages and ``--get`` speak dotted keys. These helpers convert between them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel


def nest(dotted: Mapping[str, Any]) -> dict[str, Any]:
    """``{"run.parallel": "4"}`` -> ``{"run": {"parallel": "4"}}``; a key cannot be both leaf and table."""
    tree: dict[str, Any] = {}
    for key, value in dotted.items():
        *parents, leaf = key.split(".")
        node = tree
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ValueError(f"{key} conflicts with {'.'.join(parents)}")
            node = child
        if isinstance(node.get(leaf), dict):
            raise ValueError(f"{key} conflicts with its own sub-keys")
        node[leaf] = value
    return tree


def leaves(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every (dotted key, value) whose value is not a table; empty tables count as leaves."""
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            yield from leaves(value, f"{dotted}.")
        else:
            yield dotted, value


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value in ``top`` replaces the one in ``base``."""
    merged = dict(base)
    for key, value in top.items():
        below = merged.get(key)
        merged[key] = deep_merge(below, value) if isinstance(below, Mapping) and isinstance(value, Mapping) else value
    return merged


def lookup(root: BaseModel | Mapping[str, Any], key: str) -> Any:
    """The value at a dotted key of a model or dict; KeyError names the first unknown part."""
    node: Any = root
    for part in key.split("."):
        if isinstance(node, BaseModel) and part in type(node).model_fields:
            node = getattr(node, part)
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            raise KeyError(key)
    return node


def relates(key: str, other: str) -> bool:
    """Whether two dotted keys are the same, or one is a table holding the other."""
    return key == other or other.startswith(f"{key}.") or key.startswith(f"{other}.")
