"""Seats of an event (inventory database): seat maps, counts, and ops taking seats off sale.

Holds and releases are all or nothing: the selected seats are row-locked (FOR UPDATE, in id
order so two ops requests cannot deadlock each other) and changed only when every one of them is
in a status the action may change; a seat being reserved meanwhile waits for, or blocks, them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

import asyncpg

from sandbox.db import Databases
from sandbox.errors import Conflict, InvalidInput, NotFound, SeatsUnavailable
from sandbox.rest.crud.base import Resource, ensure_exist, transaction
from sandbox.rest.crud.errors import translated
from sandbox.rest.crud.events import event_status
from sandbox.rest.models.inventory import SEAT_STATUSES, SeatMap, SeatSelection
from sandbox.services import catalog

SEATS = Resource(
    label="seat", table="inventory_item", database="inventory", order_by="t.section, t.row_label, t.seat_number",
    select="SELECT t.id, t.event_id, t.block_id, t.section, t.row_label AS row, t.seat_number, t.status, t.updated_at "
    "FROM inventory_item t",
    filters={"event_id": "t.event_id = {}", "section": "t.section = {}", "row": "t.row_label = {}", "status": "t.status = {}"},
)
CLOSED = ("CANCELLED", "COMPLETED")
_COUNT_DELETED = "WITH d AS (DELETE FROM {table} WHERE event_id = $1 RETURNING 1) SELECT count(*) FROM d"


async def create_seat_map(db: Databases, *, event_id: UUID, seat_map: SeatMap) -> dict[str, Any]:
    """One block per (section, price code) and its seats numbered 1..n per row, in one transaction."""
    status = await event_status(db, event_id)
    if status in CLOSED:
        raise Conflict(f"event {event_id} is {status}; its inventory can no longer change")
    codes = {s.price_code for s in seat_map.sections}
    known = dict(await db.inventory.fetch("SELECT code, id FROM price_code WHERE code = ANY($1::text[])", list(codes)))
    for index, section in enumerate(seat_map.sections):
        if section.price_code not in known:
            raise InvalidInput(f"unknown price code {section.price_code!r}", field=f"sections.{index}.priceCode")
    await ensure_exist(db.inventory, "offer", [s.offer_id for s in seat_map.sections if s.offer_id], field="sections.offerId")
    created = []
    async with transaction(db.inventory) as conn:
        with translated("seat map"):
            for section in seat_map.sections:
                block_id = await conn.fetchval(
                    "INSERT INTO inventory_block (event_id, section, price_code_id, offer_id) "
                    "VALUES ($1, $2, $3, $4) RETURNING id",
                    event_id, section.section, known[section.price_code], section.offer_id,
                )
                await conn.executemany(
                    "INSERT INTO inventory_item (event_id, block_id, section, row_label, seat_number) "
                    "SELECT $1, $2, $3, $4, generate_series(1, $5)",
                    [(event_id, block_id, section.section, row.row, row.seats) for row in section.rows],
                )
                created.append({"block_id": block_id, "section": section.section, "price_code": section.price_code,
                                "offer_id": section.offer_id, "seats": sum(row.seats for row in section.rows)})
    return {"event_id": event_id, "blocks": len(created), "seats": sum(b["seats"] for b in created), "sections": created}


def _counts() -> dict[str, int]:
    return dict.fromkeys(SEAT_STATUSES, 0)


async def summarise(db: Databases, *, event_id: UUID) -> dict[str, Any]:
    """Seat counts per block and status, and for the whole event."""
    await event_status(db, event_id)
    rows = await db.inventory.fetch(
        "SELECT b.id AS block_id, b.section, pc.code AS price_code, b.offer_id, i.status, count(i.id) AS seats "
        "FROM inventory_block b JOIN price_code pc ON pc.id = b.price_code_id "
        "LEFT JOIN inventory_item i ON i.block_id = b.id WHERE b.event_id = $1 "
        "GROUP BY b.id, b.section, pc.code, b.offer_id, i.status ORDER BY b.section, pc.code",
        event_id,
    )
    blocks: dict[UUID, dict[str, Any]] = {}
    totals: defaultdict[str, int] = defaultdict(int, _counts())
    for row in rows:
        block = blocks.setdefault(row["block_id"], {
            **{key: row[key] for key in ("block_id", "section", "price_code", "offer_id")}, "total": 0, "by_status": _counts(),
        })
        if row["status"] is not None:
            block["by_status"][row["status"]] += row["seats"]
            block["total"] += row["seats"]
            totals[row["status"]] += row["seats"]
    return {"event_id": event_id, "total": sum(totals.values()), "by_status": dict(totals), "sections": list(blocks.values())}


async def delete_seat_map(db: Databases, *, event_id: UUID) -> int:
    """Removes every block and seat of a DRAFT or CANCELLED event never reserved; returns the seats removed."""
    status = await event_status(db, event_id)
    if status not in ("DRAFT", "CANCELLED"):
        raise Conflict(f"event {event_id} is {status}; only the inventory of a DRAFT or CANCELLED event can be removed")
    async with transaction(db.inventory) as conn:
        with translated("seat map", "delete"):
            await conn.execute(
                "DELETE FROM entitlement_template WHERE block_id IN (SELECT id FROM inventory_block WHERE event_id = $1)",
                event_id,
            )
            removed = await conn.fetchval(_COUNT_DELETED.format(table="inventory_item"), event_id)
            blocks = await conn.fetchval(_COUNT_DELETED.format(table="inventory_block"), event_id)
    if not blocks:
        raise NotFound(f"event {event_id} has no inventory")
    return removed


async def _select_for_update(conn: asyncpg.Connection, selection: SeatSelection) -> list[asyncpg.Record]:
    if selection.item_ids is not None:
        rows = await conn.fetch(
            f"{SEATS.query} WHERE t.event_id = $1 AND t.id = ANY($2::uuid[]) ORDER BY t.id FOR UPDATE",
            selection.event_id, selection.item_ids,
        )
        missing = set(selection.item_ids) - {row["id"] for row in rows}
        if missing:
            listed = ", ".join(sorted(map(str, missing)))
            raise InvalidInput(f"not seats of event {selection.event_id}: {listed}", field="itemIds")
        return rows
    rows = await conn.fetch(
        f"{SEATS.query} WHERE t.event_id = $1 AND t.section = $2 AND ($3::text IS NULL OR t.row_label = $3) "
        "ORDER BY t.id FOR UPDATE",
        selection.event_id, selection.section, selection.row,
    )
    if not rows:
        where = f"section {selection.section!r}" + (f" row {selection.row!r}" if selection.row else "")
        raise InvalidInput(f"event {selection.event_id} has no seats in {where}", field="section")
    return rows


async def change_seats(
    db: Databases, *, selection: SeatSelection, from_statuses: tuple[str, ...], to: str
) -> list[dict[str, Any]]:
    """Sets every selected seat to ``to`` if all are in ``from_statuses``; else 409 and nothing changes."""
    await event_status(db, selection.event_id, field="eventId")
    with translated("seat"):
        async with transaction(db.inventory) as conn:
            rows = await _select_for_update(conn, selection)
            blocked = [row for row in rows if row["status"] not in from_statuses]
            if blocked:
                listed = ", ".join(f"{r['section']}-{r['row']}-{r['seat_number']} ({r['status']})" for r in blocked[:20])
                raise SeatsUnavailable(
                    f"{len(blocked)} of {len(rows)} seats are not {' or '.join(from_statuses)}: {listed}; nothing was changed"
                )
            changed = await conn.fetch(
                "UPDATE inventory_item t SET status = $2, updated_at = now() WHERE t.id = ANY($1::uuid[]) "
                "RETURNING t.id, t.event_id, t.block_id, t.section, t.row_label AS row, t.seat_number, t.status, t.updated_at",
                [row["id"] for row in rows], to,
            )
    await catalog.sync_event_status(db, event_id=selection.event_id)  # rule 8: all seats held reads SOLD_OUT, everywhere
    return sorted((dict(row) for row in changed), key=lambda r: (r["section"], r["row"], r["seat_number"]))
