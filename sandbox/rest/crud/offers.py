"""Offers and what gates them (inventory database); the event groups they cover live in the events one."""

from __future__ import annotations

from sandbox.rest.crud.base import Link, Resource
from sandbox.rest.crud.catalog import NAME_CONTAINS

OFFERS = Resource(
    label="offer", table="offer", database="inventory", order_by="t.starts_at, t.id",
    select="SELECT t.*, ARRAY(SELECT g.event_group_id FROM offer_event_group g WHERE g.offer_id = t.id "
    "ORDER BY g.event_group_id) AS event_group_ids FROM offer t",
    filters={
        "name": NAME_CONTAINS,
        "event_group_id": "EXISTS (SELECT 1 FROM offer_event_group g WHERE g.offer_id = t.id AND g.event_group_id = {})",
        "active_at": "t.starts_at <= {0} AND {0} < t.ends_at",
    },
    children=(
        "DELETE FROM access_code WHERE offer_id = $1",
        "DELETE FROM user_attribute WHERE offer_id = $1",
        "DELETE FROM offer_event_group WHERE offer_id = $1",
    ),
    link=Link(field="event_group_ids", table="offer_event_group", owner="offer_id", target="event_group_id",
              target_table="event_group", target_database="events"),
)

ACCESS_CODES = Resource(label="access code", table="access_code", database="inventory", order_by="t.created_at, t.id")

USER_ATTRIBUTES = Resource(label="user attribute", table="user_attribute", database="inventory", order_by="t.name, t.value, t.id")
