"""What a fan can buy right now: available seats and all-in prices per section and price code.

Hot path (the throughput target): the event lookup and the inline lock expiry run in parallel,
then one statement reads blocks, seat counts and prices: two round trips in sequence, three in all.
HELD, KILLED, LOCKED and SOLD seats are never counted (rule 8).
"""

from __future__ import annotations

import asyncio
import uuid

from sandbox.db import Databases
from sandbox.errors import NotFound
from sandbox.services import catalog
from sandbox.services.offers import visible_offers_sql
from sandbox.services.pricing import PRICE_POINTS_SQL, all_in
from sandbox.services.records import Availability, PriceForType, SectionAvailability
from sandbox.services.reservations import expire_locks

AVAILABILITY_SQL = f"""
WITH prices AS ({PRICE_POINTS_SQL}),
visible AS ({visible_offers_sql(groups='$2', fan='$3')}),
blocks AS (
    SELECT b.id, b.section, b.price_code_id, pc.code AS price_code, b.offer_id,
           count(i.id) FILTER (WHERE i.status = 'AVAILABLE') AS available
    FROM inventory_block b
    JOIN price_code pc ON pc.id = b.price_code_id
    LEFT JOIN inventory_item i ON i.block_id = b.id
    WHERE b.event_id = $1 AND (b.offer_id IS NULL OR b.offer_id IN (SELECT id FROM visible))
    GROUP BY b.id, pc.code),
seats AS (
    SELECT count(*) FILTER (WHERE status = 'AVAILABLE') AS event_available, count(*) AS event_total
    FROM inventory_item WHERE event_id = $1)
SELECT s.event_available, s.event_total, bl.id AS block_id, bl.section, bl.price_code, bl.offer_id,
       bl.available, p.price_type, p.base_cents, p.fees_cents, p.tax_bps
FROM seats s
LEFT JOIN (blocks bl LEFT JOIN prices p ON p.price_code_id = bl.price_code_id) ON true
ORDER BY bl.section, bl.price_code, p.price_type
"""


async def get_availability(db: Databases, *, event_id: uuid.UUID, fan_id: uuid.UUID | None) -> Availability:
    """Public blocks plus the blocks of offers this caller may see."""
    sale, _ = await asyncio.gather(catalog.sale_info(db, event_id=event_id), expire_locks(db, event_id=event_id))
    if sale is None:
        raise NotFound(f"event {event_id} does not exist")
    rows = await db.inventory.fetch(AVAILABILITY_SQL, event_id, sale.group_ids, fan_id)
    sections: dict[uuid.UUID, SectionAvailability] = {}
    for row in rows:
        if row["block_id"] is None:
            continue
        section = sections.get(row["block_id"])
        if section is None:
            section = sections[row["block_id"]] = SectionAvailability(
                section=row["section"], price_code=row["price_code"], offer_id=row["offer_id"], available=row["available"]
            )
        if row["price_type"] is not None:
            price = all_in(row["base_cents"], row["fees_cents"], row["tax_bps"])
            section.prices.append(PriceForType(row["price_type"], price))
    first = rows[0]
    status = catalog.effective_status(sale.status, first["event_available"], first["event_total"])
    if status != sale.status:
        await catalog.sync_event_status(db, event_id=event_id)
    return Availability(
        event_id=event_id,
        status=status,
        total_available=sum(s.available for s in sections.values()),
        sections=list(sections.values()),
    )
