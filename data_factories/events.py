"""Factories of the events database: venues, seasons, performers, events and event groups."""

from __future__ import annotations

import datetime as dt

import factory

from data_factories.base import RowFactory
from data_factories.declarations import ParentId, namespaced
from data_factories.models import Event, EventGroup, EventGroupMember, EventPerformer, Performer, Season, Venue

TIMEZONES = ("Europe/London", "America/New_York", "Europe/Berlin", "Australia/Sydney", "UTC")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class VenueFactory(RowFactory[Venue]):
    class Meta:
        model = Venue

    class Params:
        label = factory.Faker("last_name")

    name = factory.LazyAttribute(lambda o: namespaced(f"{o.label} Arena"))
    city = factory.Faker("city")
    country = factory.Faker("country_code")
    capacity = factory.Faker("pyint", min_value=500, max_value=60_000, step=500)
    timezone = factory.Faker("random_element", elements=TIMEZONES)


class SeasonFactory(RowFactory[Season]):
    class Meta:
        model = Season

    class Params:
        year = factory.LazyFunction(lambda: _utc_now().year)

    name = factory.LazyAttribute(lambda o: namespaced(f"Season {o.year}"))
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: dt.date(o.year + 1, 12, 31))


class PerformerFactory(RowFactory[Performer]):
    class Meta:
        model = Performer

    class Params:
        label = factory.Faker("name")

    name = factory.LazyAttribute(lambda o: namespaced(o.label))
    genre = factory.Faker("random_element", elements=("Rock", "Jazz", "Pop", "Classical", "Comedy", "Football"))


class EventFactory(RowFactory[Event]):
    """An ON_SALE event a month ahead: what most scenarios start from (``status="DRAFT"`` otherwise)."""

    class Meta:
        model = Event

    class Params:
        label = factory.Faker("catch_phrase")
        days_ahead = 30

    name = factory.LazyAttribute(lambda o: namespaced(o.label.title()))
    description = factory.Faker("sentence", nb_words=12)
    venue_id = ParentId(VenueFactory)
    season_id = None
    status = "ON_SALE"
    starts_at = factory.LazyAttribute(
        lambda o: (_utc_now() + dt.timedelta(days=o.days_ahead)).replace(hour=19, minute=30, second=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    max_tickets_per_fan = 8


class EventPerformerFactory(RowFactory[EventPerformer]):
    class Meta:
        model = EventPerformer

    event_id = ParentId(EventFactory)
    performer_id = ParentId(PerformerFactory)
    billing_order = 1


class EventGroupFactory(RowFactory[EventGroup]):
    class Meta:
        model = EventGroup

    class Params:
        label = factory.Faker("bs")

    name = factory.LazyAttribute(lambda o: namespaced(o.label.title()))


class EventGroupMemberFactory(RowFactory[EventGroupMember]):
    class Meta:
        model = EventGroupMember

    event_group_id = ParentId(EventGroupFactory)
    event_id = ParentId(EventFactory)
