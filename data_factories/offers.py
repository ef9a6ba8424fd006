"""Factories of offers: the offer window, its event groups, access codes and fan-attribute gates."""

from __future__ import annotations

import datetime as dt

import factory

from data_factories.base import RowFactory
from data_factories.declarations import ParentId, namespaced
from data_factories.events import EventGroupFactory
from data_factories.models import AccessCode, Offer, OfferEventGroup, UserAttribute


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class OfferFactory(RowFactory[Offer]):
    """An offer open from yesterday for 30 days; traits ``upcoming`` and ``ended`` move the window."""

    class Meta:
        model = Offer

    class Params:
        label = factory.Faker("random_element", elements=("Presale", "Fan Club", "Members", "Early Bird", "Partner"))
        upcoming = factory.Trait(starts_at=factory.LazyFunction(lambda: _utc_now() + dt.timedelta(days=7)))
        ended = factory.Trait(
            starts_at=factory.LazyFunction(lambda: _utc_now() - dt.timedelta(days=30)),
            ends_at=factory.LazyFunction(lambda: _utc_now() - dt.timedelta(days=1)),
        )

    name = factory.LazyAttribute(lambda o: namespaced(o.label))
    starts_at = factory.LazyFunction(lambda: _utc_now() - dt.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=30))
    requires_access_code = False


class OfferEventGroupFactory(RowFactory[OfferEventGroup]):
    class Meta:
        model = OfferEventGroup

    offer_id = ParentId(OfferFactory)
    event_group_id = ParentId(EventGroupFactory)


class AccessCodeFactory(RowFactory[AccessCode]):
    """A code for an access-code offer, 10 uses, none used yet."""

    class Meta:
        model = AccessCode

    offer_id = ParentId(OfferFactory, requires_access_code=True)
    code = factory.Faker("bothify", text="JT-????-####", letters="ABCDEFGHJKLMNPQRSTUVWXYZ")
    max_uses = 10
    uses = 0


class UserAttributeFactory(RowFactory[UserAttribute]):
    """Gates an offer to fans whose attributes carry ``name = value``."""

    class Meta:
        model = UserAttribute

    offer_id = ParentId(OfferFactory)
    name = "tier"
    value = "gold"
