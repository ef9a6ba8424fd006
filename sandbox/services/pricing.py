"""All-in prices (rule 3): base + fixed fees + tax, tax = rate of (base + fees) rounded half up.

The rounding is done in integers: binary floats would turn 449.625 cents into 449.62499...
and round it down.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

# Price points of one event ($1) with their components folded into fees and a tax rate.
PRICE_POINTS_SQL = """
SELECT pp.price_code_id, pp.price_type_id, pt.code AS price_type, pp.base_cents,
       COALESCE(sum(c.amount_cents) FILTER (WHERE c.kind <> 'TAX'), 0)::int AS fees_cents,
       COALESCE(sum(c.rate_bps) FILTER (WHERE c.kind = 'TAX'), 0)::int AS tax_bps
FROM price_point pp
JOIN price_type pt ON pt.id = pp.price_type_id
LEFT JOIN price_component c ON c.price_point_id = pp.id
WHERE pp.event_id = $1
GROUP BY pp.id, pt.code
"""


@dataclass(frozen=True)
class Price:
    base_cents: int
    fees_cents: int
    tax_cents: int

    @property
    def total_cents(self) -> int:
        return self.base_cents + self.fees_cents + self.tax_cents


def tax_cents(subtotal_cents: int, rate_bps: int) -> int:
    """rate_bps of the subtotal, rounded half up to the cent (both operands are >= 0)."""
    return (subtotal_cents * rate_bps + 5_000) // 10_000


def all_in(base_cents: int, fees_cents: int, tax_bps: int) -> Price:
    return Price(base_cents, fees_cents, tax_cents(base_cents + fees_cents, tax_bps))


async def prices_for_type(conn: asyncpg.Connection, *, event_id: uuid.UUID, price_type_id: uuid.UUID) -> dict[uuid.UUID, Price]:
    """All-in price per price code of one event for one price type."""
    rows = await conn.fetch(f"SELECT * FROM ({PRICE_POINTS_SQL}) p WHERE p.price_type_id = $2", event_id, price_type_id)
    return {r["price_code_id"]: all_in(r["base_cents"], r["fees_cents"], r["tax_bps"]) for r in rows}
