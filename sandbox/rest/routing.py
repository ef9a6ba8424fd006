"""Generic list / get / create / update / delete operations over a ``Resource``.

Every resource of REST v1 reads the same way (a filtered page, one row by id) and most write the
same way, so those operations are registered here once; resources with more to do (links to
other rows, checks across the two databases) register their own create and update instead.
Operation ids follow the resource label: "event group" -> listEventGroups, getEventGroup...

No ``from __future__ import annotations`` here: the endpoints' annotations name the models passed
in, and FastAPI must see those classes, not strings it cannot resolve.
"""

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, params
from starlette.requests import Request
from starlette.responses import Response

from sandbox.rest.crud.base import (
    Resource,
    databases,
    delete_row,
    fetch_one,
    fetch_owned,
    fetch_page,
    insert_row,
    pool,
    save,
    transaction,
)
from sandbox.rest.models.base import ApiModel, Page, PageParams, ReadModel
from sandbox.rest.openapi import problems
from sandbox.security.tokens import Principal

Guard = Callable[[Request, UUID], Awaitable[None]]
Scope = Callable[[Principal], Mapping[str, Any]]  # extra filters limiting what a caller may read
Present = Callable[[Mapping[str, Any], Principal], Mapping[str, Any]]  # the row as the caller may see it
Seen = Callable[[Request, Principal, list[Mapping[str, Any]]], Awaitable[None]]  # told which rows a caller read


def _everything(_: Principal) -> Mapping[str, Any]:
    return {}


def _as_stored(row: Mapping[str, Any], _: Principal) -> Mapping[str, Any]:
    return row


async def _unrecorded(_: Request, __: Principal, ___: list[Mapping[str, Any]]) -> None:
    return None


def names(resource: Resource) -> tuple[str, str]:
    """("EventGroup", "EventGroups") for the label "event group"."""
    singular = "".join(word.capitalize() for word in resource.label.split())
    return singular, singular + "s"


def _route(router: APIRouter, method: str, path: str, endpoint: Callable[..., Any], *, operation_id: str, summary: str,
           allowed: params.Depends, errors: tuple[int, ...], **options: Any) -> None:
    if method == "DELETE":
        options.update(status_code=204, response_class=Response)
    router.add_api_route(path, endpoint, methods=[method], operation_id=operation_id, summary=summary,
                         dependencies=[allowed], responses=problems(*errors), **options)


async def read_one(request: Request, resource: Resource, read: type[ReadModel], row_id: UUID) -> Any:
    return read.model_validate(dict(await fetch_one(pool(request, resource), resource, row_id)))


def add_list(router: APIRouter, resource: Resource, *, filters: type[PageParams], page: type[Page[Any]],
             allowed: params.Depends, scope: Scope = _everything, present: Present = _as_stored,
             seen: Seen = _unrecorded) -> None:
    async def list_rows(request: Request, query: Annotated[filters, Query()],  # type: ignore[valid-type]
                        caller: Annotated[Principal, allowed]) -> Any:
        given: PageParams = query
        rows, total = await fetch_page(
            pool(request, resource), resource, filters={**given.filters(), **scope(caller)}, limit=given.limit,
            offset=given.offset,
        )
        await seen(request, caller, [dict(row) for row in rows])
        return page.model_validate(
            {"items": [dict(present(dict(row), caller)) for row in rows], "total": total, "limit": given.limit, "offset": given.offset}
        )

    _route(router, "GET", "", list_rows, operation_id=f"list{names(resource)[1]}", summary=f"List {resource.label}s",
           allowed=allowed, errors=(422,), response_model=page)


def add_get(router: APIRouter, resource: Resource, *, read: type[ReadModel], allowed: params.Depends,
            scope: Scope = _everything, present: Present = _as_stored, seen: Seen = _unrecorded) -> None:
    async def get_row(request: Request, id: UUID, caller: Annotated[Principal, allowed]) -> Any:
        row = await fetch_one(pool(request, resource), resource, id, filters=scope(caller))
        await seen(request, caller, [dict(row)])
        return read.model_validate(dict(present(dict(row), caller)))

    _route(router, "GET", "/{id}", get_row, operation_id=f"get{names(resource)[0]}", summary=f"Get a {resource.label}",
           allowed=allowed, errors=(404, 422), response_model=read)


def add_create(router: APIRouter, resource: Resource, *, create: type[ApiModel], read: type[ReadModel],
               allowed: params.Depends) -> None:
    async def create_row(request: Request, body: create) -> Any:  # type: ignore[valid-type]
        row_id = await save(databases(request), resource, body)
        return await read_one(request, resource, read, row_id)

    _route(router, "POST", "", create_row, operation_id=f"create{names(resource)[0]}", summary=f"Create a {resource.label}",
           allowed=allowed, errors=(409, 422), status_code=201, response_model=read)


def add_update(router: APIRouter, resource: Resource, *, update: type[ApiModel], read: type[ReadModel],
               allowed: params.Depends) -> None:
    """PATCH /{id}: only the fields sent change; an empty body changes nothing."""

    async def update_row(request: Request, id: UUID, body: update) -> Any:  # type: ignore[valid-type]
        await save(databases(request), resource, body, row_id=id)
        return await read_one(request, resource, read, id)

    _route(router, "PATCH", "/{id}", update_row, operation_id=f"update{names(resource)[0]}",
           summary=f"Change a {resource.label}", allowed=allowed, errors=(404, 409, 422), response_model=read)


def add_delete(router: APIRouter, resource: Resource, *, allowed: params.Depends, guard: Guard | None = None) -> None:
    """DELETE /{id}: 204, 404 when missing, 409 while other rows (or ``guard``) still need it."""

    async def delete(request: Request, id: UUID) -> Response:
        if guard is not None:
            await guard(request, id)
        async with transaction(pool(request, resource)) as conn:
            await delete_row(conn, resource, id)
        return Response(status_code=204)

    _route(router, "DELETE", "/{id}", delete, operation_id=f"delete{names(resource)[0]}",
           summary=f"Delete a {resource.label}", allowed=allowed, errors=(404, 409, 422))


def add_reads(router: APIRouter, resource: Resource, *, read: type[ReadModel], filters: type[PageParams],
              page: type[Page[Any]], allowed: params.Depends, scope: Scope = _everything,
              present: Present = _as_stored, seen: Seen = _unrecorded) -> None:
    """List and get, both limited to the rows ``scope`` and the fields ``present`` let the caller see;
    ``seen`` hears which rows were read (the audit log of personal data)."""
    add_list(router, resource, filters=filters, page=page, allowed=allowed, scope=scope, present=present, seen=seen)
    add_get(router, resource, read=read, allowed=allowed, scope=scope, present=present, seen=seen)


def add_crud(router: APIRouter, resource: Resource, *, read: type[ReadModel], create: type[ApiModel],
             update: type[ApiModel], filters: type[PageParams], page: type[Page[Any]], readers: params.Depends,
             writers: params.Depends) -> None:
    """All five operations of a resource with nothing special to check (venues, offers...)."""
    add_reads(router, resource, read=read, filters=filters, page=page, allowed=readers)
    add_create(router, resource, create=create, read=read, allowed=writers)
    add_update(router, resource, update=update, read=read, allowed=writers)
    add_delete(router, resource, allowed=writers)


def add_owned(router: APIRouter, parent: Resource, child: Resource, *, path: str, owner: str, create: type[ApiModel],
              read: type[ReadModel], readers: params.Depends, writers: params.Depends) -> None:
    """List, create and delete the rows a parent owns (/{id}/access-codes); ``owner`` is their parent column."""
    singular, plural = names(child)
    child_param = singular[0].lower() + singular[1:] + "Id"

    async def list_owned(request: Request, id: UUID) -> Any:
        conn = pool(request, parent)
        await fetch_one(conn, parent, id)
        return [read.model_validate(dict(row)) for row in await fetch_owned(conn, child, owner=owner, owner_id=id)]

    async def create_owned(request: Request, id: UUID, body: create) -> Any:  # type: ignore[valid-type]
        values: ApiModel = body
        async with transaction(pool(request, parent)) as conn:
            await fetch_one(conn, parent, id)
            row_id = await insert_row(conn, child, {owner: id, **values.model_dump()})
        return await read_one(request, child, read, row_id)

    async def delete_owned(request: Request, id: UUID, child_id: Annotated[UUID, Path(alias=child_param)]) -> Response:
        async with transaction(pool(request, child)) as conn:
            await delete_row(conn, child, child_id, owner=(owner, id))
        return Response(status_code=204)

    of = f"a {parent.label}"
    _route(router, "GET", f"/{{id}}/{path}", list_owned, operation_id=f"list{plural}", summary=f"List the {child.label}s of {of}",
           allowed=readers, errors=(404, 422), response_model=list[read])  # type: ignore[valid-type]
    _route(router, "POST", f"/{{id}}/{path}", create_owned, operation_id=f"create{singular}",
           summary=f"Add a {child.label} to {of}", allowed=writers, errors=(404, 409, 422), status_code=201, response_model=read)
    _route(router, "DELETE", f"/{{id}}/{path}/{{{child_param}}}", delete_owned, operation_id=f"delete{singular}",
           summary=f"Remove a {child.label} from {of}", allowed=writers, errors=(404, 409, 422))
