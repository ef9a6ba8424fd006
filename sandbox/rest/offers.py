"""/v1/offers: sale windows over event groups, gated by access codes or fan attributes
(business rule 5). Staff read, admin writes. An offer used by a block or a reservation cannot
be deleted (409).
"""

from __future__ import annotations

from fastapi import APIRouter

from sandbox.rest.crud.offers import ACCESS_CODES, OFFERS, USER_ATTRIBUTES
from sandbox.rest.deps import ADMIN, STAFF_READ
from sandbox.rest.models.offers import (
    AccessCodeCreate,
    AccessCodeRead,
    OfferCreate,
    OfferFilters,
    OfferPage,
    OfferRead,
    OfferUpdate,
    UserAttributeCreate,
    UserAttributeRead,
)
from sandbox.rest.routing import add_crud, add_owned

router = APIRouter(prefix="/v1/offers", tags=["offers"])
add_crud(router, OFFERS, read=OfferRead, create=OfferCreate, update=OfferUpdate, filters=OfferFilters, page=OfferPage,
         readers=STAFF_READ, writers=ADMIN)
add_owned(router, OFFERS, ACCESS_CODES, path="access-codes", owner="offer_id", create=AccessCodeCreate, read=AccessCodeRead,
          readers=STAFF_READ, writers=ADMIN)
add_owned(router, OFFERS, USER_ATTRIBUTES, path="user-attributes", owner="offer_id", create=UserAttributeCreate,
          read=UserAttributeRead, readers=STAFF_READ, writers=ADMIN)
