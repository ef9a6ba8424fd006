"""Building blocks of the REST models: camelCase JSON, strict inputs, partial updates, pages.

Resources are layered Base -> Create / Update -> Read. Base holds the writable fields with the
same limits as the schema's CHECK constraints, so bad input is a 422 naming the field before it
reaches PostgreSQL; Update is derived from Base by ``partial`` so the limits are written once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
from copy import copy
from typing import Annotated, Any, ClassVar, Generic, TypeVar, Union, get_args, get_origin
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
)
from pydantic.alias_generators import to_camel

INT32_MAX = 2_147_483_647

Name = Annotated[str, Field(min_length=1, max_length=200)]
Cents = Annotated[int, Field(ge=0, le=INT32_MAX, description="Money in integer cents")]
PriceCode = Annotated[str, Field(pattern=r"^[A-Z0-9_]{1,20}$", examples=["STD"])]
PriceTypeCode = Annotated[str, Field(pattern=r"^[A-Z_]{1,20}$", examples=["ADULT"])]
SearchText = Annotated[str, Field(min_length=1, max_length=200)]


def _unique(ids: list[UUID]) -> list[UUID]:
    if len(set(ids)) != len(ids):
        raise ValueError("ids must not repeat")
    return ids


UniqueIds = Annotated[list[UUID], Field(max_length=500), AfterValidator(_unique)]


def from_json(value: Any) -> Any:
    """Decodes json/jsonb columns, which asyncpg hands over as text unless a codec is set."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class PlainText(BaseModel):
    """Refuses NUL characters anywhere in a field: PostgreSQL text cannot hold them (a 422, not a 500)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("must not contain NUL characters")
        return value


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# dates before it are refused: 0001-01-01T00:00:00Z is stored, but asyncpg reads it back as its
# -infinity (a naive datetime.min), and every later read of the row failed with a 500 (found by
# ./jump test:synthesize)
EARLIEST_YEAR = 1900
NUMBERS = {int, float}
DATES = {dt.date, dt.datetime, AwareDatetime}


def _plain_types(annotation: Any) -> set[Any]:
    """The scalar types a field accepts: int | None -> {int, NoneType}; Annotated and unions unwrapped."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _plain_types(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_plain_types(arg) for arg in get_args(annotation)))
    return {annotation}


def strict_problem(value: Any, accepted: set[Any], *, json_body: bool) -> str | None:
    """Why ``value`` is not a JSON value of the field's own type, or None when it is.

    Pydantic's lax mode turns ``false`` into 0, ``"12"`` into 12 and ``0`` into 1970-01-01; the
    platform refuses all of them (a price must not become $0 because a client sent a boolean).
    """
    if isinstance(value, bool):
        return None if bool in accepted else "must not be a boolean"
    if accepted & DATES and str not in accepted:
        if not isinstance(value, str) or not ISO_DATE.match(value):
            timed = bool(accepted & {dt.datetime, AwareDatetime})
            return "must be an ISO 8601 date" + (" and time" if timed else "") + " string"
        if int(value[:4]) < EARLIEST_YEAR:
            return f"must not be before the year {EARLIEST_YEAR}"
    if json_body and isinstance(value, str) and (accepted & NUMBERS) and str not in accepted:
        return "must be a JSON number, not a string"
    if json_body and bool in accepted and not isinstance(value, bool) and value is not None:
        return "must be true or false"
    return None


class ApiModel(PlainText):
    """Input model: camelCase aliases (snake_case accepted too), unknown fields refused, no lax coercion."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")
    json_body: ClassVar[bool] = True  # False for query models, whose numbers arrive as text
    strict_input: ClassVar[bool] = True  # False for read models, built from database rows

    @field_validator("*", mode="before")
    @classmethod
    def _strict_types(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "") if cls.strict_input else None
        if field is not None and value is not None:
            problem = strict_problem(value, _plain_types(field.annotation), json_body=cls.json_body)
            if problem:
                raise ValueError(problem)
        return value


class ReadModel(ApiModel):
    """Output model built from database rows, which may carry more columns than the API shows."""

    model_config = ConfigDict(extra="ignore")
    strict_input: ClassVar[bool] = False


def partial(model: type[ApiModel], name: str, *, doc: str) -> type[ApiModel]:
    """An update model: every field of ``model`` optional, same limits, explicit null refused.

    The default (None) is not validated, so an absent field stays unset, while a ``null`` sent
    for a non-nullable field fails the field's own type check and the 422 names it.
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        optional = copy(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation, optional)
    return create_model(name, __base__=ApiModel, __doc__=doc, __module__=model.__module__, **fields)


class PageParams(ApiModel):
    """Offset pagination shared by every list operation; filter models extend it."""

    json_body: ClassVar[bool] = False

    limit: int = Field(default=50, ge=1, le=200, description="Page size")
    offset: int = Field(default=0, ge=0, le=1_000_000, description="Rows to skip")

    def filters(self) -> dict[str, Any]:
        """The filter values that were given (pagination excluded)."""
        return self.model_dump(exclude={"limit", "offset"}, exclude_none=True)


T = TypeVar("T")


class Page(ReadModel, Generic[T]):
    """One page of a list and the total number of matching rows."""

    items: list[T]
    total: int
    limit: int
    offset: int


JsonList = Annotated[list[T], BeforeValidator(from_json)]
