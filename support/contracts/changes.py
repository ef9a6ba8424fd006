"""One difference between a pinned contract and the live one, the same shape for REST and GraphQL."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["breaking", "dangerous", "additive"]


class ContractChange(BaseModel):
    """``breaking`` fails a run; ``dangerous`` (may break a client, e.g. a new enum value it does not
    know) and ``additive`` (new optional things) are warnings."""

    api: Literal["REST", "GraphQL"]
    severity: Severity
    kind: str          # FIELD_REMOVED, TYPE_CHANGED, OPERATION_REMOVED, ...
    description: str   # one line naming where and what

    def line(self) -> str:
        return f"{self.severity:<9} {self.api} {self.kind}: {self.description}"


def breaking(changes: list[ContractChange]) -> list[ContractChange]:
    return [c for c in changes if c.severity == "breaking"]


def warnings(changes: list[ContractChange]) -> list[ContractChange]:
    return [c for c in changes if c.severity != "breaking"]
