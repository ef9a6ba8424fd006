"""The catalog tables of the events database: plain rows, read and written generically."""

from __future__ import annotations

from sandbox.rest.crud.base import Resource

NAME_CONTAINS = "strpos(lower(t.name), lower({})) > 0"

VENUES = Resource(
    label="venue", table="venue", database="events", touch=True, order_by="t.name, t.id",
    filters={"name": NAME_CONTAINS, "city": "lower(t.city) = lower({})", "country": "t.country = {}"},
)

SEASONS = Resource(
    label="season", table="season", database="events", touch=True, order_by="t.starts_on DESC, t.id",
    filters={"name": NAME_CONTAINS, "active_on": "{0} BETWEEN t.starts_on AND t.ends_on"},
)

PERFORMERS = Resource(
    label="performer", table="performer", database="events", touch=True, order_by="t.name, t.id",
    filters={"name": NAME_CONTAINS, "genre": "lower(t.genre) = lower({})"},
)
