"""Generic list / get / create / update / delete operations over a ``Resource``.

Every resource of REST v1 reads the same way (a filtered page, one row by id) and most write the
same way, so those operations are registered here once; resources with more to do (links to
other rows, checks across the two databases) register their own create and update instead.
Operation ids follow the resource label: "event group" -> listEventGroups, getEventGroup...

No ``from __future__ import annotations`` here: the endpoints' annotations name the models passed
in, and FastAPI must see those classes, not strings it cannot resolve.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from sandbox.rest.crud.base import (
    Resource, databases, delete_row, fetch_one, fetch_owned, fetch_page, insert_row, pool, save, transaction,
)
from sandbox.rest.models.base import ApiModel, Page, PageParams, ReadModel
from sandbox.rest.openapi import problems

Guard = Callable[[Request, UUID], Awaitable[None]]


def names(resource: Resource) -> tuple[str, str]:
    """("EventGroup", "EventGroups") for the label "event group"."""
    singular = "".join(word.capitalize() for word in resource.label.split())
    return singular, singular + "s"


async def read_one(request: Request, resource: Resource, read: type[ReadModel], row_id: UUID) -> Any:
    return read.model_validate(dict(await fetch_one(pool(request, resource), resource, row_id)))


def add_list(router: APIRouter, resource: Resource, *, filters: type[PageParams], page: type[Page[Any]], allowed: object) -> None:
    async def list_rows(request: Request, query: Annotated[filters, Query()]) -> Any:  # type: ignore[valid-type]
        rows, total = await fetch_page(pool(request, resource), resource, filters=query.filters(), limit=query.limit, offset=query.offset)
        return page(items=[dict(row) for row in rows], total=total, limit=query.limit, offset=query.offset)

    _, plural = names(resource)
    router.add_api_route(
        "", list_rows, methods=["GET"], response_model=page, operation_id=f"list{plural}",
        summary=f"List {resource.label}s", dependencies=[allowed], responses=problems(422),
    )


def add_get(router: APIRouter, resource: Resource, *, read: type[ReadModel], allowed: object) -> None:
    async def get_row(request: Request, id: UUID) -> Any:
        return await read_one(request, resource, read, id)

    singular, _ = names(resource)
    router.add_api_route(
        "/{id}", get_row, methods=["GET"], response_model=read, operation_id=f"get{singular}",
        summary=f"Get a {resource.label}", dependencies=[allowed], responses=problems(404, 422),
    )


def add_create(router: APIRouter, resource: Resource, *, create: type[ApiModel], read: type[ReadModel], allowed: object) -> None:
    async def create_row(request: Request, body: create) -> Any:  # type: ignore[valid-type]
        row_id = await save(databases(request), resource, body)
        return await read_one(request, resource, read, row_id)

    singular, _ = names(resource)
    router.add_api_route(
        "", create_row, methods=["POST"], status_code=201, response_model=read, operation_id=f"create{singular}",
        summary=f"Create a {resource.label}", dependencies=[allowed], responses=problems(409, 422),
    )


def add_update(router: APIRouter, resource: Resource, *, update: type[ApiModel], read: type[ReadModel], allowed: object) -> None:
    async def update_row(request: Request, id: UUID, body: update) -> Any:  # type: ignore[valid-type]
        await save(databases(request), resource, body, row_id=id)
        return await read_one(request, resource, read, id)

    singular, _ = names(resource)
    router.add_api_route(
        "/{id}", update_row, methods=["PATCH"], response_model=read, operation_id=f"update{singular}",
        summary=f"Change a {resource.label}", dependencies=[allowed], responses=problems(404, 409, 422),
    )


def add_delete(router: APIRouter, resource: Resource, *, allowed: object, guard: Guard | None = None) -> None:
    """DELETE /{id}: 204, 404 when missing, 409 while other rows (or ``guard``) still need it."""

    async def delete(request: Request, id: UUID) -> Response:
        if guard is not None:
            await guard(request, id)
        async with transaction(pool(request, resource)) as conn:
            await delete_row(conn, resource, id)
        return Response(status_code=204)

    singular, _ = names(resource)
    router.add_api_route(
        "/{id}", delete, methods=["DELETE"], status_code=204, response_class=Response, operation_id=f"delete{singular}",
        summary=f"Delete a {resource.label}", dependencies=[allowed], responses=problems(404, 409, 422),
    )


def add_reads(router: APIRouter, resource: Resource, *, read: type[ReadModel], filters: type[PageParams],
              page: type[Page[Any]], allowed: object) -> None:
    add_list(router, resource, filters=filters, page=page, allowed=allowed)
    add_get(router, resource, read=read, allowed=allowed)


def add_crud(router: APIRouter, resource: Resource, *, read: type[ReadModel], create: type[ApiModel], update: type[ApiModel],
             filters: type[PageParams], page: type[Page[Any]], readers: object, writers: object) -> None:
    """All five operations of a resource with nothing special to check (venues, events, offers...)."""
    add_reads(router, resource, read=read, filters=filters, page=page, allowed=readers)
    add_create(router, resource, create=create, read=read, allowed=writers)
    add_update(router, resource, update=update, read=read, allowed=writers)
    add_delete(router, resource, allowed=writers)


def add_owned(router: APIRouter, parent: Resource, child: Resource, *, path: str, owner: str, create: type[ApiModel],
              read: type[ReadModel], readers: object, writers: object) -> None:
    """List, create and delete the rows a parent owns: /{id}/access-codes, /{id}/components..."""
    singular, plural = names(child)
    child_param = singular[0].lower() + singular[1:] + "Id"

    async def list_owned(request: Request, id: UUID) -> Any:
        conn = pool(request, parent)
        await fetch_one(conn, parent, id)
        return [read.model_validate(dict(row)) for row in await fetch_owned(conn, child, owner=owner, owner_id=id)]

    async def create_owned(request: Request, id: UUID, body: create) -> Any:  # type: ignore[valid-type]
        async with transaction(pool(request, parent)) as conn:
            await fetch_one(conn, parent, id)
            row_id = await insert_row(conn, child, {owner: id, **body.model_dump()})
        return await read_one(request, child, read, row_id)

    async def delete_owned(request: Request, id: UUID, child_id: Annotated[UUID, Path(alias=child_param)]) -> Response:
        async with transaction(pool(request, child)) as conn:
            await delete_row(conn, child, child_id, owner=(owner, id))
        return Response(status_code=204)

    router.add_api_route(
        f"/{{id}}/{path}", list_owned, methods=["GET"], response_model=list[read], operation_id=f"list{plural}",
        summary=f"List the {child.label}s of a {parent.label}", dependencies=[readers], responses=problems(404, 422),
    )
    router.add_api_route(
        f"/{{id}}/{path}", create_owned, methods=["POST"], status_code=201, response_model=read,
        operation_id=f"create{singular}", summary=f"Add a {child.label} to a {parent.label}",
        dependencies=[writers], responses=problems(404, 409, 422),
    )
    router.add_api_route(
        f"/{{id}}/{path}/{{{child_param}}}", delete_owned, methods=["DELETE"], status_code=204, response_class=Response,
        operation_id=f"delete{singular}", summary=f"Remove a {child.label} from a {parent.label}",
        dependencies=[writers], responses=problems(404, 409, 422),
    )
