"""REST API v1 (management): one router module per resource.

Layout (after full-stack-fastapi-template's backend/app): ``models/`` holds the pydantic models
(Base -> Create / Update -> Read), ``crud/`` the keyword-only database functions, ``routing.py``
the generic list / get / create / update / delete operations, ``deps.py`` the role checks and
``openapi.py`` the served document. Conventions: JSON in camelCase, money in integer cents, errors
as application/problem+json; an unknown id in the path is a 404, in a body a 422 naming the field.
"""

from fastapi import APIRouter

from sandbox.rest import (
    audit,
    auth,
    entitlement_templates,
    event_groups,
    events,
    fans,
    holds,
    inventory,
    keys,
    offers,
    orders,
    performers,
    price_points,
    seasons,
    venues,
)
from sandbox.rest.openapi import install_openapi

ROUTERS: list[APIRouter] = [
    auth.router, keys.router, venues.router, seasons.router, performers.router, events.router, event_groups.router, inventory.router,
    holds.router, price_points.router, entitlement_templates.router, offers.router, orders.router, fans.router,
    audit.router,
]

__all__ = ["ROUTERS", "install_openapi"]
