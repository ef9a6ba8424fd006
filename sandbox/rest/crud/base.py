"""Generic asyncpg CRUD over one table, shared by every resource of the REST API.

A ``Resource`` says how the API reads a table (the SELECT, the filters, the order) and what goes
with a delete; the functions below do the rest. Column names come from the models' field names,
never from the client, so the SQL built here takes only values as parameters.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from uuid import UUID

import asyncpg
from pydantic import BaseModel
from pydantic.alias_generators import to_camel
from starlette.requests import Request

from sandbox.db import Databases
from sandbox.errors import InvalidInput, NotFound
from sandbox.rest.crud.errors import translated


class Queryable(Protocol):
    """A pool or a connection: both run queries."""

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]: ...
    async def fetchrow(self, query: str, *args: Any) -> asyncpg.Record | None: ...
    async def fetchval(self, query: str, *args: Any) -> Any: ...
    async def execute(self, query: str, *args: Any) -> str: ...


@dataclass(frozen=True)
class Link:
    """A link table whose rows an owner replaces as a whole from one id-list field of its model.

    The ids must be rows of ``target_table``, which may live in the other database (offers link
    event groups), so they are checked explicitly rather than left to a foreign key.
    """

    field: str                                 # model field holding the ids: "performer_ids"
    table: str
    owner: str                                 # column holding the owner's id
    target: str                                # column holding the linked id
    target_table: str
    target_database: Literal["events", "inventory"]
    position: str | None = None                # column numbering the links 1..n (billing order)


@dataclass(frozen=True)
class Resource:
    """A table as the API sees it. Filters and ``order_by`` may use only ``t`` (and subqueries)."""

    label: str                                 # in messages and operation ids: "event group"
    table: str                                 # SQL name, quoted when needed: '"order"'
    database: Literal["events", "inventory"]
    select: str = ""                           # SELECT ... FROM <table> t [JOIN ...]; default t.*
    filters: Mapping[str, str] = field(default_factory=dict)  # filter -> condition, {} = parameter
    order_by: str = "t.created_at DESC, t.id"
    touch: bool = False                        # has updated_at, set on every update
    children: tuple[str, ...] = ()             # DELETEs ($1 = id) run before the row's own delete
    link: Link | None = None
    casts: Mapping[str, str] = field(default_factory=dict)  # column -> cast of its parameter on writes

    def param(self, column: str, index: int) -> str:
        return f"${index}{self.casts.get(column, '')}"

    @property
    def query(self) -> str:
        return self.select or f"SELECT t.* FROM {self.table} t"


def databases(request: Request) -> Databases:
    return request.app.state.db


def pool(request: Request, resource: Resource) -> asyncpg.Pool:
    return getattr(databases(request), resource.database)


@asynccontextmanager
async def transaction(db_pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    async with db_pool.acquire() as conn, conn.transaction():
        yield conn


def _where(resource: Resource, filters: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The WHERE clause of ``filters`` (names of ``resource.filters``, plus "id") and its parameters."""
    args: list[Any] = []
    clauses: list[str] = []
    for name, value in filters.items():
        args.append(value)
        clauses.append((resource.filters[name] if name != "id" else "t.id = {}").format(f"${len(args)}"))
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), args


async def fetch_page(
    conn: Queryable, resource: Resource, *, filters: Mapping[str, Any], limit: int, offset: int
) -> tuple[list[asyncpg.Record], int]:
    """One page of rows matching every given filter, and the number of matching rows."""
    where, args = _where(resource, filters)
    with translated(resource.label):
        total = await conn.fetchval(f"SELECT count(*) FROM {resource.table} t{where}", *args)
        rows = await conn.fetch(
            f"{resource.query}{where} ORDER BY {resource.order_by} LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}",
            *args, limit, offset,
        )
    return rows, total


async def fetch_one(conn: Queryable, resource: Resource, row_id: UUID, *, filters: Mapping[str, Any] | None = None
                    ) -> asyncpg.Record:
    """The row with ``row_id``, 404 when there is none (or it does not match ``filters``)."""
    where, args = _where(resource, {**(filters or {}), "id": row_id})
    row = await conn.fetchrow(f"{resource.query}{where}", *args)
    if row is None:
        raise NotFound(f"no {resource.label} with id {row_id}")
    return row


async def insert_row(conn: Queryable, resource: Resource, values: Mapping[str, Any]) -> UUID:
    columns = ", ".join(values)
    params = ", ".join(resource.param(column, i) for i, column in enumerate(values, start=1))
    with translated(resource.label):
        return await conn.fetchval(f"INSERT INTO {resource.table} ({columns}) VALUES ({params}) RETURNING id", *values.values())


async def update_row(conn: Queryable, resource: Resource, row_id: UUID, values: Mapping[str, Any]) -> None:
    """Sets the given columns (404 when the row is missing); with no values it only checks existence."""
    sets = [f"{column} = {resource.param(column, i)}" for i, column in enumerate(values, start=2)]
    if resource.touch and sets:
        sets.append("updated_at = now()")
    with translated(resource.label):
        if sets:
            statement = f"UPDATE {resource.table} SET {', '.join(sets)} WHERE id = $1 RETURNING id"
            found = await conn.fetchval(statement, row_id, *values.values())
        else:
            found = await conn.fetchval(f"SELECT id FROM {resource.table} WHERE id = $1", row_id)
    if found is None:
        raise NotFound(f"no {resource.label} with id {row_id}")


async def fetch_owned(conn: Queryable, resource: Resource, *, owner: str, owner_id: UUID) -> list[asyncpg.Record]:
    """All rows belonging to one parent row (access codes of an offer), in ``order_by`` order."""
    return await conn.fetch(f"{resource.query} WHERE t.{owner} = $1 ORDER BY {resource.order_by}", owner_id)


async def delete_row(conn: Queryable, resource: Resource, row_id: UUID, *, owner: tuple[str, UUID] | None = None) -> None:
    """Deletes the row after its ``children``; a row still referenced elsewhere is a 409.

    With ``owner`` (column, id) the row must also belong to that parent, or it is a 404.
    """
    condition, args = "id = $1", [row_id]
    if owner is not None:
        condition, args = f"id = $1 AND {owner[0]} = $2", [row_id, owner[1]]
    with translated(resource.label, "delete"):
        for statement in resource.children:
            await conn.execute(statement, row_id)
        deleted = await conn.fetchval(f"DELETE FROM {resource.table} WHERE {condition} RETURNING id", *args)
    if deleted is None:
        raise NotFound(f"no {resource.label} with id {row_id}")


async def replace_links(conn: Queryable, owner_id: UUID, link: Link, ids: list[UUID]) -> None:
    await conn.execute(f"DELETE FROM {link.table} WHERE {link.owner} = $1", owner_id)
    if link.position:
        await conn.execute(
            f"INSERT INTO {link.table} ({link.owner}, {link.target}, {link.position}) "
            "SELECT $1, target, position FROM unnest($2::uuid[]) WITH ORDINALITY AS u(target, position)",
            owner_id, ids,
        )
    elif ids:
        await conn.execute(f"INSERT INTO {link.table} ({link.owner}, {link.target}) SELECT $1, unnest($2::uuid[])", owner_id, ids)


async def save(db: Databases, resource: Resource, data: BaseModel, *, row_id: UUID | None = None) -> UUID:
    """Inserts (no ``row_id``) or updates a row from a model, and replaces its links, in one transaction.

    An update writes only the fields the client sent; the links change only when their field was sent.
    """
    link = resource.link
    values = data.model_dump(exclude_unset=row_id is not None, exclude={link.field} if link else None)
    ids: list[UUID] | None = None
    if link is not None and (row_id is None or link.field in data.model_fields_set):
        ids = list(getattr(data, link.field) or [])
        await ensure_exist(getattr(db, link.target_database), link.target_table, ids, field=to_camel(link.field))
    async with transaction(getattr(db, resource.database)) as conn:
        if row_id is None:
            row_id = await insert_row(conn, resource, values)
        else:
            await update_row(conn, resource, row_id, values)
        if link is not None and ids is not None:
            with translated(resource.label):
                await replace_links(conn, row_id, link, ids)
    return row_id


async def ensure_exist(conn: Queryable, table: str, ids: Iterable[UUID], *, field: str) -> None:
    """422 naming ``field`` when any of ``ids`` is not a row of ``table`` (checks across databases)."""
    wanted = set(ids)
    if not wanted:
        return
    found = await conn.fetch(f"SELECT id FROM {table} WHERE id = ANY($1::uuid[])", list(wanted))
    missing = wanted - {row["id"] for row in found}
    if missing:
        raise InvalidInput(f"{field}: unknown id(s) {', '.join(sorted(map(str, missing)))}", field=field)
