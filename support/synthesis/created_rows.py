"""Rows the generated requests create through the API, registered in the cleanup ledger.

Factories register a row before inserting it; a row the platform creates for a generated
``POST`` is known only from its answer, so it is registered right after (as the access-matrix
journey does). Everything the platform hangs under it (seats under an event, components under a
price point) is found by the cleanup through the foreign keys and the cross-database ``event_id``.
A run killed between the answer and the registration can leave that one row: the window is one
statement long and the row carries the generated name only.
"""

from __future__ import annotations

import re

from data_factories.registry import Registry

# Schemathesis operation label of a creating POST -> (database, table) of the row it creates
CREATES: dict[str, tuple[str, str]] = {
    "POST /v1/venues": ("events", "venue"),
    "POST /v1/seasons": ("events", "season"),
    "POST /v1/performers": ("events", "performer"),
    "POST /v1/events": ("events", "event"),
    "POST /v1/event-groups": ("events", "event_group"),
    "POST /v1/price-points": ("inventory", "price_point"),
    "POST /v1/price-points/{id}/components": ("inventory", "price_component"),
    "POST /v1/entitlement-templates": ("inventory", "entitlement_template"),
    "POST /v1/offers": ("inventory", "offer"),
    "POST /v1/offers/{id}/access-codes": ("inventory", "access_code"),
    "POST /v1/offers/{id}/user-attributes": ("inventory", "user_attribute"),
    "POST /v1/fans": ("inventory", "fan"),
}
# creating operations whose rows hang under a parent the run owns (seats and blocks under its event):
# removed with the parent through the foreign keys and the cross-database event_id
UNDER_OWN_PARENT = frozenset({"POST /v1/events/{id}/inventory"})
UUID = re.compile(r"^[0-9a-fA-F-]{36}$")


class CreatedRows:
    """Registers what a creating operation answered with, and counts it per table."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.counts: dict[str, int] = {}
        self.ids: set[str] = set()

    def record(self, label: str, status: int, body: object) -> None:
        target = CREATES.get(label)
        if target is None or not 200 <= status < 300 or not isinstance(body, dict):
            return
        row_id = body.get("id")
        if isinstance(row_id, str) and UUID.match(row_id):
            self.registry.register(*target, row_id)
            self.ids.add(row_id)
            key = ".".join(target)
            self.counts[key] = self.counts.get(key, 0) + 1
