"""The rules that tie what the API said about an order to what the inventory database stored.

Two kinds, each finding one line that names the API's figure, the stored figure and the row:

- **API vs stored**: every total, status, line, payment and entitlement the answer carried is what
  the rows hold (``order 1f…: API said total $118.00, stored total_cents 11700 (inventory."order" id=1f…)``).
- **the stored order is whole** (PLATFORM.md business rules 3, 6, 7): total = its items, each item =
  base + fees + tax = the price its reservation quoted; a PAID order was charged once, for its total,
  its seats are SOLD and each carries one VALID entitlement; a REFUNDED order was charged once and
  refunded, each seat's entitlement is VOID; a PENDING or CANCELLED order was never charged or
  ticketed; an order that is not PAID holds no SOLD seat (unless another order bought it since), and
  once it is no longer PENDING its reservation holds none of its seats (a PAID one's is CONVERTED).

The only difference allowed between answer and row is PENDING -> CANCELLED: the platform cancels an
unpaid order by itself when its reservation ends (expiry, release, event cancelled, fan erased).
"""

from __future__ import annotations

from collections.abc import Iterator

from support.assertions import money
from support.db.stored_orders import StoredItem, StoredOrder
from support.reconciliation.observed import ApiOrder

ORDER_ROW = 'inventory."order"'
# what the platform may do to an order without answering about it (see the module docstring)
SILENT_TRANSITIONS = {("PENDING", "CANCELLED")}


def reconcile_order(api: ApiOrder, stored: StoredOrder | None) -> list[str]:
    """Every mismatch between one API answer and the stored order, one readable line each."""
    if stored is None:
        return [f"order {api.id}: the API returned it ({api.operation}), but no row is stored ({ORDER_ROW} id={api.id})"]
    return [*_answer_vs_rows(api, stored), *_whole_order(api, stored)]


# -- what the answer said --------------------------------------------------------------------
def _answer_vs_rows(api: ApiOrder, stored: StoredOrder) -> Iterator[str]:
    oid, row = stored.id, f"({ORDER_ROW} id={stored.id})"
    if api.total_cents is not None and api.total_cents != stored.total_cents:
        yield f"order {oid}: API said total {money(api.total_cents)}, stored total_cents {stored.total_cents} {row}"
    if api.status is not None and api.status != stored.status and (api.status, stored.status) not in SILENT_TRANSITIONS:
        yield f"order {oid}: API said status {api.status}, stored status {stored.status} {row}"
    if api.declined and stored.status not in ("PENDING", "CANCELLED"):
        yield f"order {oid}: API said the payment was declined, stored status {stored.status} {row}"
    if api.items is not None:
        yield from _items_vs_rows(api, stored)
    if api.payments is not None:
        yield from _payments_vs_rows(api, stored)
    if api.entitlements is not None:
        yield from _entitlements_vs_rows(api, stored)


def _items_vs_rows(api: ApiOrder, stored: StoredOrder) -> Iterator[str]:
    assert api.items is not None
    oid = stored.id
    if len(api.items) != len(stored.items):
        yield f"order {oid}: API listed {len(api.items)} seat(s), stored {len(stored.items)} (inventory.order_item order_id={oid})"
    by_seat = {i.inventory_item_id: i for i in stored.items}
    for item in api.items:
        if item.seat_id is None:
            continue
        row = by_seat.get(item.seat_id)
        if row is None:
            yield f"order {oid}: API listed seat {item.seat_id}, no inventory.order_item row of the order holds it"
        elif item.total_cents is not None and item.total_cents != row.total_cents:
            yield (f"order {oid}: API said seat {row.seat} costs {money(item.total_cents)}, stored total_cents {row.total_cents} "
                   f"(inventory.order_item id={row.id})")


def _payments_vs_rows(api: ApiOrder, stored: StoredOrder) -> Iterator[str]:
    assert api.payments is not None
    oid = stored.id
    if len(api.payments) != len(stored.payments):
        yield f"order {oid}: API listed {len(api.payments)} payment(s), stored {len(stored.payments)} (inventory.payment order_id={oid})"
    by_id = {p.id: p for p in stored.payments}
    for payment in api.payments:
        row = by_id.get(payment.id or "")
        if row is None:
            if payment.id is not None:
                yield f"order {oid}: API listed payment {payment.id}, no such row (inventory.payment id={payment.id})"
            continue
        if payment.amount_cents is not None and payment.amount_cents != row.amount_cents:
            yield (f"order {oid}: API said payment amount {money(payment.amount_cents)}, stored amount_cents {row.amount_cents} "
                   f"(inventory.payment id={row.id})")
        if payment.status is not None and payment.status != row.status:
            yield f"order {oid}: API said payment {payment.status}, stored status {row.status} (inventory.payment id={row.id})"


def _entitlements_vs_rows(api: ApiOrder, stored: StoredOrder) -> Iterator[str]:
    assert api.entitlements is not None
    oid = stored.id
    if len(api.entitlements) != len(stored.entitlements):
        yield (f"order {oid}: API listed {len(api.entitlements)} entitlement(s), stored {len(stored.entitlements)} "
               f"(inventory.entitlement order_id={oid})")
    by_id = {e.id: e for e in stored.entitlements}
    for ticket in api.entitlements:
        row = by_id.get(ticket.id or "")
        if row is None:
            if ticket.id is not None:
                yield f"order {oid}: API listed entitlement {ticket.id}, no such row (inventory.entitlement id={ticket.id})"
            continue
        for label, said, kept in (("status", ticket.status, row.status), ("barcode", ticket.barcode, row.barcode),
                                  ("gate access", ticket.gate_access_level, row.gate_access_level),
                                  ("seat", ticket.seat_id, row.inventory_item_id)):
            if said is not None and said != kept:
                yield f"order {oid}: API said entitlement {label} {said}, stored {kept} (inventory.entitlement id={row.id})"


# -- what a whole stored order is (business rules 3, 6, 7) ------------------------------------
def _said_status(api: ApiOrder, stored: StoredOrder) -> str:
    return f"API said {api.status}" if api.status == stored.status else f"stored status {stored.status}"


def _whole_order(api: ApiOrder, stored: StoredOrder) -> Iterator[str]:
    yield from _prices(stored)
    yield from _charges(api, stored)
    yield from _tickets_and_seats(api, stored)


def _prices(stored: StoredOrder) -> Iterator[str]:
    oid = stored.id
    items_cents = sum(i.total_cents for i in stored.items)
    if stored.items and items_cents != stored.total_cents:
        yield (f"order {oid}: stored total_cents {stored.total_cents}, but its seats sum to {items_cents} "
               f"({ORDER_ROW} id={oid}, inventory.order_item order_id={oid})")
    for item in stored.items:
        if item.base_cents + item.fees_cents + item.tax_cents != item.total_cents:
            yield (f"order {oid}: seat {item.seat} stored base {item.base_cents} + fees {item.fees_cents} + tax {item.tax_cents} "
                   f"!= total_cents {item.total_cents} (inventory.order_item id={item.id})")
        if item.reserved_total_cents is not None and item.reserved_total_cents != item.total_cents:
            yield (f"order {oid}: seat {item.seat} was reserved at {money(item.reserved_total_cents)}, stored total_cents "
                   f"{item.total_cents} (inventory.order_item id={item.id})")


def _charges(api: ApiOrder, stored: StoredOrder) -> Iterator[str]:
    oid = stored.id
    expected = api.total_cents if api.total_cents is not None else stored.total_cents
    said = "API said total" if api.total_cents is not None else "stored total"
    charged = [p for p in stored.payments if p.status in ("CAPTURED", "REFUNDED")]
    if len(charged) > 1:
        yield f"order {oid}: charged {len(charged)} times (inventory.payment ids {', '.join(p.id for p in charged)})"
    wanted = {"PAID": "CAPTURED", "REFUNDED": "REFUNDED"}.get(stored.status)
    if wanted is None:  # PENDING or CANCELLED: nothing may have been taken
        for p in charged:
            yield f"order {oid}: {_said_status(api, stored)}, but payment {p.status} {money(p.amount_cents)} (inventory.payment id={p.id})"
        return
    matching = [p for p in charged if p.status == wanted]
    if not matching:
        yield f"order {oid}: {_said_status(api, stored)}, but no {wanted} payment is stored (inventory.payment order_id={oid})"
    for p in charged:
        if p.status != wanted:
            yield f"order {oid}: {_said_status(api, stored)}, but payment is {p.status} (inventory.payment id={p.id})"
        elif p.amount_cents != expected:
            yield f"order {oid}: {said} {money(expected)}, {p.status} payment amount_cents {p.amount_cents} (inventory.payment id={p.id})"


def _tickets_and_seats(api: ApiOrder, stored: StoredOrder) -> Iterator[str]:
    oid, paid = stored.id, stored.status == "PAID"
    valid = [e for e in stored.entitlements if e.status == "VALID"]
    if paid:
        if stored.lock_status not in (None, "CONVERTED"):
            yield (f"order {oid}: {_said_status(api, stored)}, but its reservation is {stored.lock_status}, not CONVERTED "
                   f"(inventory.reservation_lock id={stored.lock_id})")
        for item in stored.items:
            yield from _paid_seat(api, stored, item)
        if len(valid) > len(stored.items):  # a missing one is named per seat above
            yield (f"order {oid}: {len(stored.items)} seat(s) paid for, {len(valid)} VALID entitlement(s) stored "
                   f"(inventory.entitlement order_id={oid})")
        return
    for ticket in valid:
        yield f"order {oid}: {_said_status(api, stored)}, but entitlement is still VALID (inventory.entitlement id={ticket.id})"
    if stored.status == "REFUNDED":  # it was paid: every seat got a ticket, now void
        issued = {e.order_item_id for e in stored.entitlements}
        for item in stored.items:
            if item.id not in issued:
                yield (f"order {oid}: {_said_status(api, stored)}, seat {item.seat} has no (voided) entitlement "
                       f"(inventory.entitlement order_item_id={item.id})")
    else:  # PENDING or CANCELLED: never paid, so never ticketed
        for ticket in stored.entitlements:
            if ticket.status != "VALID":
                yield f"order {oid}: {_said_status(api, stored)}, but an entitlement was issued (inventory.entitlement id={ticket.id})"
    if stored.status != "PENDING":  # its reservation ended with it: converted, released or expired
        for item in stored.items:
            if item.locked_by_order:
                yield (f"order {oid}: {_said_status(api, stored)}, but seat {item.seat} is still LOCKED by its reservation "
                       f"(inventory.inventory_item id={item.inventory_item_id}, inventory.reservation_lock id={stored.lock_id})")
    for item in stored.items:
        if item.seat_status == "SOLD" and item.resold_to is None:
            yield (f"order {oid}: {_said_status(api, stored)}, but seat {item.seat} is still SOLD "
                   f"(inventory.inventory_item id={item.inventory_item_id})")


def _paid_seat(api: ApiOrder, stored: StoredOrder, item: StoredItem) -> Iterator[str]:
    oid = stored.id
    if item.seat_status != "SOLD":
        yield (f"order {oid}: {_said_status(api, stored)}, seat {item.seat} stored status {item.seat_status} "
               f"(inventory.inventory_item id={item.inventory_item_id})")
    tickets = [e for e in stored.entitlements if e.order_item_id == item.id]
    valid = [e for e in tickets if e.status == "VALID"]
    if not valid:
        yield (f"order {oid}: {_said_status(api, stored)}, seat {item.seat} has no VALID entitlement "
               f"(inventory.entitlement order_item_id={item.id})")
    for ticket in tickets:
        if ticket.inventory_item_id != item.inventory_item_id:
            yield (f"order {oid}: entitlement for seat {item.seat} names seat {ticket.inventory_item_id} "
                   f"(inventory.entitlement id={ticket.id})")
