"""Factory declarations for foreign-key columns and namespaced values.

A foreign-key column is declared as ``ParentId(ParentFactory)``: the parent row is created only
when the caller gave no id, so ``OrderFactory(event_id=e.id)`` never creates a stray event (a
plain SubFactory would, since factory-boy resolves every declaration). Columns copied from a
parent (an item's event and section come from its block) read the parent row by id.
"""

from __future__ import annotations

from typing import Any

import factory

from data_factories.models.base import Row
from data_factories.persistence import fetch
from data_factories.session import current


class ParentId(factory.SubFactory):  # type: ignore[misc]
    """The id of a parent row, created through ``factory`` when the caller passes none.

    ``ParentId(EventFactory, status="DRAFT")`` passes defaults down; callers override them with
    ``event_id__status=...`` like any SubFactory.
    """

    def evaluate(self, instance: Any, step: Any, extra: dict[str, Any]) -> Any:
        return super().evaluate(instance, step, extra).id


class ParentAttribute(factory.SelfAttribute):  # type: ignore[misc]
    """A column of the parent whose id sits at ``path`` (SelfAttribute syntax: "..order_id")."""

    def __init__(self, model: type[Row], path: str, column: str) -> None:
        super().__init__(path)
        self.model, self.column = model, column

    def evaluate(self, instance: Any, step: Any, extra: dict[str, Any]) -> Any:
        parent_id = super().evaluate(instance, step, extra)
        return getattr(fetch(self.model, parent_id), self.column)


def namespace() -> str:
    return current().namespace


def namespaced(text: str, limit: int = 200) -> str:
    """``text`` tagged with the run's namespace, within the column's length limit."""
    tag = f" [{namespace()}]"
    return text[: max(1, limit - len(tag))] + tag


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits only: safe in e-mail local parts and user names."""
    kept = "".join(ch for ch in text.lower() if ch.isascii() and (ch.isalnum() or ch in ".-"))
    return kept.strip(".-") or "fan"
