"""The base of every row model: which database and table it lives in, and how it is keyed."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class Row(BaseModel):
    """A row as the database returned it (``INSERT ... RETURNING *``)."""

    # extra="ignore": a deployment with more columns than the pinned schema still works
    model_config = ConfigDict(extra="ignore")

    __database__: ClassVar[str]
    __table__: ClassVar[str]
    __key__: ClassVar[tuple[str, ...]] = ("id",)

    def key(self) -> dict[str, Any]:
        """The primary key as ``{column: value}``."""
        return {c: getattr(self, c) for c in self.__key__}
