"""The factory base classes: persistence through the ledger, parents passed as rows or codes.

``RowFactory`` subclasses only declare values; writing, registering and typing the result is done
here once. Callers may pass a parent row instead of its id (``InventoryBlockFactory(event=e)``)
and a reference code instead of its row (``PricePointFactory(price_code="VIP")``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

import factory
from psycopg2 import sql

from data_factories.declarations import ParentId
from data_factories.errors import ReferenceDataMissing
from data_factories.models.base import Row
from data_factories.persistence import insert_one, remember, table_of
from data_factories.session import current
from support.db.queries import fetch_one

R = TypeVar("R", bound=Row)


class RowFactory(factory.Factory[R]):  # type: ignore[misc]
    """Creates one row: registered in the ledger, inserted, returned as its typed model (``R``)."""

    class Meta:
        abstract = True

    # declared attributes that are not columns: handed to _after_insert instead of the INSERT
    _extra_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def _generate(cls, strategy: Any, params: dict[str, Any]) -> Any:
        return super()._generate(strategy, cls._parents_as_ids(params))

    @classmethod
    def _parents_as_ids(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """``event=<Event>`` -> ``event_id=<id>``; ``price_code="VIP"`` -> looked up by code; ``season=None`` -> NULL."""
        declared = cls._meta.declarations
        out: dict[str, Any] = {}
        for name, value in params.items():
            column = f"{name}_id"
            if name in declared or column not in declared:
                out[name] = value
            elif value is None or isinstance(value, Row):
                out[column] = None if value is None else value.key()["id"]
            elif isinstance(value, str) and _is_reference(declared[column]):
                out[f"{column}__code"] = value
            else:
                raise TypeError(f"{cls.__name__}: pass {name}= a row (or {column}= an id), not {type(value).__name__}")
        return out

    @classmethod
    def _split(cls, kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        extras = {k: kwargs.pop(k) for k in cls._extra_fields if k in kwargs}
        return kwargs, extras

    @classmethod
    def _build(cls, model_class: type[Row], *args: Any, **kwargs: Any) -> Row:
        """An unsaved row (ids filled client-side) for tests that only need the values."""
        row, extras = cls._split(kwargs)
        for col in model_class.__key__:
            row.setdefault(col, uuid.uuid4())
        model = model_class.model_validate(row)
        remember(model)
        return model

    @classmethod
    def _create(cls, model_class: type[Row], *args: Any, **kwargs: Any) -> Row:
        row, extras = cls._split(kwargs)
        return cls._after_insert(insert_one(model_class, row), extras)

    @classmethod
    def _after_insert(cls, model: Row, extras: dict[str, Any]) -> Row:
        """Hook for rows that come with others (a fan's login account)."""
        return model


def _is_reference(declaration: Any) -> bool:
    return isinstance(declaration, ParentId) and issubclass(declaration.get_factory(), ReferenceFactory)


class ReferenceFactory(RowFactory[R]):
    """Reference data (price codes, price types): looked up by code, created only when asked.

    Tests must not invent reference data the platform does not have, or they would pass against
    a database no real deployment looks like; ``create_missing=True`` is the explicit way out.
    """

    class Meta:
        abstract = True

    _extra_fields = ("create_missing",)
    create_missing = False

    @classmethod
    def _create(cls, model_class: type[Row], *args: Any, **kwargs: Any) -> Row:
        row, extras = cls._split(kwargs)
        table = table_of(model_class)
        found = fetch_one(current().databases[model_class.__database__],
                          sql.SQL("SELECT * FROM {} WHERE code = %s").format(sql.Identifier(table.name)), (row["code"],))
        if found is not None:
            model = model_class.model_validate(found)
            remember(model)
            return model
        if not extras.get("create_missing"):
            raise ReferenceDataMissing(f"no {table.name} with code {row['code']!r} (pass create_missing=True to create one)")
        return insert_one(model_class, row)
