"""Factories of prices: reference codes and types (looked up), price points and their components."""

from __future__ import annotations

import secrets

import factory

from data_factories.base import ReferenceFactory, RowFactory
from data_factories.declarations import ParentId
from data_factories.events import EventFactory
from data_factories.models import PriceCode, PriceComponent, PricePoint, PriceType


class PriceCodeFactory(ReferenceFactory[PriceCode]):
    """``PriceCodeFactory()`` is the platform's STD code; ``(code="VIP")`` another existing one."""

    class Meta:
        model = PriceCode

    code = "STD"
    description = factory.LazyAttribute(lambda o: f"{o.code.title()} (test)")


class PriceTypeFactory(ReferenceFactory[PriceType]):
    """``PriceTypeFactory()`` is ADULT; CHILD, SENIOR and STUDENT exist too."""

    class Meta:
        model = PriceType

    code = "ADULT"
    description = factory.LazyAttribute(lambda o: f"{o.code.title()} (test)")


def new_reference_code() -> str:
    """A code matching ^[A-Z0-9_]{1,20}$ that no platform seed uses (for create_missing=True)."""
    return f"JT_{secrets.token_hex(4).upper()}"


class PricePointFactory(RowFactory[PricePoint]):
    """The base price of one price code and price type at one event (integer cents)."""

    class Meta:
        model = PricePoint

    event_id = ParentId(EventFactory)
    price_code_id = ParentId(PriceCodeFactory)
    price_type_id = ParentId(PriceTypeFactory)
    base_cents = factory.Faker("pyint", min_value=1000, max_value=25_000, step=50)


class PriceComponentFactory(RowFactory[PriceComponent]):
    """A fee (fixed cents) or a tax (basis points of base + fees); SERVICE_FEE unless told.

    ``PriceComponentFactory(price_point=p, tax=True, rate_bps=825)`` for 8.25% tax.
    """

    class Meta:
        model = PriceComponent

    class Params:
        tax = factory.Trait(kind="TAX", amount_cents=None, rate_bps=825)
        facility_fee = factory.Trait(kind="FACILITY_FEE", amount_cents=200)

    price_point_id = ParentId(PricePointFactory)
    kind = "SERVICE_FEE"
    amount_cents = 450
    rate_bps = None
