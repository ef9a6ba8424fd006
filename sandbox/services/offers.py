"""Offers (rule 5): presales and fan-club sales on their own inventory blocks.

An offer is visible and usable only inside [starts_at, ends_at), only for events linked to it
through an event group, and, when it lists user attributes, only for fans carrying one of them.
"""

from __future__ import annotations

import uuid

import asyncpg

from sandbox.db import Databases
from sandbox.errors import AccessCodeInvalid, NotFound, OfferNotAvailable
from sandbox.services import catalog
from sandbox.services.records import Offer
from sandbox.services.validation import storable

MAX_CODE_LENGTH = 64


def visible_offers_sql(*, groups: str, fan: str) -> str:
    """Offers the fan ``fan`` (NULL: anonymous or staff) may see for the event groups ``groups``.

    Placeholders are passed in so the fragment fits into larger statements.
    """
    return f"""
SELECT o.id, o.name, o.starts_at, o.ends_at, o.requires_access_code
FROM offer o
WHERE o.starts_at <= now() AND now() < o.ends_at
  AND EXISTS (SELECT 1 FROM offer_event_group g
               WHERE g.offer_id = o.id AND g.event_group_id = ANY({groups}::uuid[]))
  AND (NOT EXISTS (SELECT 1 FROM user_attribute a WHERE a.offer_id = o.id)
       OR EXISTS (SELECT 1 FROM user_attribute a JOIN fan f ON f.id = {fan}::uuid
                   WHERE a.offer_id = o.id AND f.attributes ->> a.name = a.value))"""


async def list_offers(db: Databases, *, event_id: uuid.UUID, fan_id: uuid.UUID | None) -> list[Offer]:
    sale = await catalog.sale_info(db, event_id=event_id)
    if sale is None:
        raise NotFound(f"event {event_id} does not exist")
    rows = await db.inventory.fetch(
        f"{visible_offers_sql(groups='$1', fan='$2')} ORDER BY o.starts_at, o.name", sale.group_ids, fan_id
    )
    return [Offer(**dict(r)) for r in rows]


async def authorize_offer(
    conn: asyncpg.Connection,
    *,
    offer_id: uuid.UUID,
    group_ids: list[uuid.UUID],
    fan_id: uuid.UUID,
    access_code: str | None,
) -> uuid.UUID | None:
    """Checks the fan may reserve through the offer; returns the access code id to count later."""
    requires_code = await conn.fetchval(
        f"SELECT o.requires_access_code FROM ({visible_offers_sql(groups='$1', fan='$2')}) o WHERE o.id = $3",
        group_ids, fan_id, offer_id,
    )
    if requires_code is None:
        raise OfferNotAvailable(f"offer {offer_id} is not available for this event and fan right now")
    if not requires_code:
        return None
    if not access_code:
        raise AccessCodeInvalid("this offer needs an access code", field="accessCode")
    code_id = None
    if len(access_code) <= MAX_CODE_LENGTH and storable(access_code):
        code_id = await conn.fetchval(
            "SELECT id FROM access_code WHERE offer_id = $1 AND code = $2 AND uses < max_uses", offer_id, access_code
        )
    if code_id is None:
        raise AccessCodeInvalid("the access code is wrong or has no uses left", field="accessCode")
    return code_id


async def count_code_use(conn: asyncpg.Connection, *, access_code_id: uuid.UUID) -> None:
    """Counts one use at checkout; the guard in SQL makes a used-up code fail even under races."""
    counted = await conn.fetchval(
        "UPDATE access_code SET uses = uses + 1 WHERE id = $1 AND uses < max_uses RETURNING id", access_code_id
    )
    if counted is None:
        raise AccessCodeInvalid("the access code has no uses left", field="accessCode")
