"""Events as fans see them (read side of the events DB) and the SOLD_OUT rule (rule 8).

An ON_SALE event whose seats exist but are none of them AVAILABLE reads SOLD_OUT, and back.
The stored ``event.status`` is kept in sync by ``sync_event_status`` after every seat change;
the effective status is still computed on read because holds change seats too.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from dataclasses import dataclass

import asyncpg

from sandbox.db import Databases
from sandbox.errors import InvalidInput
from sandbox.services.records import Event, EventPage, Performer, Season, Venue
from sandbox.services.validation import check_range

SELLABLE = ("ON_SALE", "SOLD_OUT")
DEFAULT_PAGE = 20
MAX_PAGE = 100

EVENT_SQL = """
SELECT e.id, e.name, e.description, e.status, e.starts_at, e.ends_at, e.max_tickets_per_fan,
       v.id AS venue_id, v.name AS venue_name, v.city AS venue_city, v.country AS venue_country,
       s.id AS season_id, s.name AS season_name, s.starts_on, s.ends_on,
       (SELECT COALESCE(json_agg(json_build_object('id', p.id, 'name', p.name, 'genre', p.genre)
                                 ORDER BY ep.billing_order, p.name), '[]')
          FROM event_performer ep JOIN performer p ON p.id = ep.performer_id
         WHERE ep.event_id = e.id) AS performers
FROM event e
JOIN venue v ON v.id = e.venue_id
LEFT JOIN season s ON s.id = e.season_id
"""

SEAT_COUNTS_SQL = """
SELECT event_id, count(*) FILTER (WHERE status = 'AVAILABLE') AS available, count(*) AS total
FROM inventory_item WHERE event_id = ANY($1::uuid[]) GROUP BY event_id
"""


@dataclass(frozen=True)
class EventFilter:
    venue_id: uuid.UUID | None = None
    season_id: uuid.UUID | None = None
    performer_id: uuid.UUID | None = None
    status: str | None = None
    starts_after: dt.datetime | None = None
    starts_before: dt.datetime | None = None

    def where(self) -> tuple[list[str], list[object]]:
        """SQL conditions on ``event e`` and their arguments ($1..$n)."""
        clauses: list[str] = []
        args: list[object] = []
        for column, value in (("e.venue_id", self.venue_id), ("e.season_id", self.season_id), ("e.status", self.status)):
            if value is not None:
                args.append(value)
                clauses.append(f"{column} = ${len(args)}")
        if self.performer_id is not None:
            args.append(self.performer_id)
            clauses.append(f"EXISTS (SELECT 1 FROM event_performer ep WHERE ep.event_id = e.id AND ep.performer_id = ${len(args)})")
        if self.starts_after is not None:
            args.append(_aware(self.starts_after))
            clauses.append(f"e.starts_at >= ${len(args)}")
        if self.starts_before is not None:
            args.append(_aware(self.starts_before))
            clauses.append(f"e.starts_at < ${len(args)}")
        return clauses, args


@dataclass(frozen=True)
class SaleInfo:
    """What reserving and offers need to know about an event."""

    id: uuid.UUID
    status: str
    max_tickets_per_fan: int
    group_ids: list[uuid.UUID]


def _aware(value: dt.datetime) -> dt.datetime:
    """Naive date-times from clients are taken as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def effective_status(stored: str, available: int, total: int) -> str:
    if stored not in SELLABLE or total == 0:
        return stored
    return "SOLD_OUT" if available == 0 else "ON_SALE"


def encode_cursor(event: asyncpg.Record) -> str:
    raw = f"{event['starts_at'].isoformat()}|{event['id']}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        starts_at, _, event_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return dt.datetime.fromisoformat(starts_at), uuid.UUID(event_id)
    except (ValueError, binascii.Error, UnicodeError):
        raise InvalidInput("after is not a cursor returned by this API", field="after") from None


def _event(row: asyncpg.Record, counts: tuple[int, int]) -> Event:
    season = None
    if row["season_id"] is not None:
        season = Season(row["season_id"], row["season_name"], row["starts_on"], row["ends_on"])
    performers = tuple(Performer(uuid.UUID(p["id"]), p["name"], p["genre"]) for p in json.loads(row["performers"]))
    return Event(
        id=row["id"], name=row["name"], description=row["description"],
        status=effective_status(row["status"], *counts), stored_status=row["status"],
        starts_at=row["starts_at"], ends_at=row["ends_at"], max_tickets_per_fan=row["max_tickets_per_fan"],
        venue=Venue(row["venue_id"], row["venue_name"], row["venue_city"], row["venue_country"]),
        season=season, performers=performers,
    )


async def seat_counts(db: Databases, event_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int]]:
    """(available, total) seats per event, in one round trip for a whole page."""
    if not event_ids:
        return {}
    rows = await db.inventory.fetch(SEAT_COUNTS_SQL, event_ids)
    return {r["event_id"]: (r["available"], r["total"]) for r in rows}


async def list_events(db: Databases, *, criteria: EventFilter, first: int = DEFAULT_PAGE, after: str | None = None) -> EventPage:
    """One page of events ordered by start time, keyset-paginated so pages stay stable."""
    check_range(first, "first", low=0, high=MAX_PAGE)
    clauses, filter_args = criteria.where()
    page_clauses, args = list(clauses), list(filter_args)
    if after is not None:
        starts_at, event_id = decode_cursor(after)
        args += [starts_at, event_id]
        page_clauses.append(f"(e.starts_at, e.id) > (${len(args) - 1}::timestamptz, ${len(args)}::uuid)")
    where = " AND ".join(clauses) or "true"
    page_where = " AND ".join(page_clauses) or "true"
    args.append(first + 1)
    sql = f"{EVENT_SQL} WHERE {page_where} ORDER BY e.starts_at, e.id LIMIT ${len(args)}"
    count_sql = f"SELECT count(*) FROM event e WHERE {where}"
    async with db.events.acquire() as conn:
        rows = await conn.fetch(sql, *args)
        total = await conn.fetchval(count_sql, *filter_args)
    rows, has_next = rows[:first], len(rows) > first
    counts = await seat_counts(db, [r["id"] for r in rows])
    events = [(encode_cursor(r), _event(r, counts.get(r["id"], (0, 0)))) for r in rows]
    return EventPage(events=events, total_count=total, has_next_page=has_next)


async def get_event(db: Databases, *, event_id: uuid.UUID) -> Event | None:
    row = await db.events.fetchrow(f"{EVENT_SQL} WHERE e.id = $1", event_id)
    if row is None:
        return None
    counts = (await seat_counts(db, [event_id])).get(event_id, (0, 0))
    event = _event(row, counts)
    if event.status != event.stored_status:
        await sync_event_status(db, event_id=event_id)
    return event


async def sale_info(db: Databases, *, event_id: uuid.UUID) -> SaleInfo | None:
    row = await db.events.fetchrow(
        "SELECT id, status, max_tickets_per_fan,"
        " ARRAY(SELECT event_group_id FROM event_group_member WHERE event_id = e.id) AS group_ids"
        " FROM event e WHERE id = $1",
        event_id,
    )
    return None if row is None else SaleInfo(row["id"], row["status"], row["max_tickets_per_fan"], list(row["group_ids"]))


async def sync_event_status(db: Databases, *, event_id: uuid.UUID) -> str | None:
    """Stores ON_SALE/SOLD_OUT from the seats; returns the new status when it changed.

    The event row stays locked while the seats are counted, so concurrent syncs serialise and
    the last one always counts the latest committed seats: no stale write can win.
    """
    async with db.events.acquire() as conn, conn.transaction():
        stored = await conn.fetchval("SELECT status FROM event WHERE id = $1 FOR UPDATE", event_id)
        if stored not in SELLABLE:
            return None
        available, total = (await seat_counts(db, [event_id])).get(event_id, (0, 0))
        wanted = effective_status(stored, available, total)
        if wanted == stored:
            return None
        await conn.execute("UPDATE event SET status = $2, updated_at = now() WHERE id = $1", event_id, wanted)
        return wanted
