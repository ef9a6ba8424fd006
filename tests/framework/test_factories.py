"""data_factories against the running stack: every entity, valid rows, parents present, typed
results, namespaced and reproducible values, fans that can log in."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import psycopg2.errors
import pytest
import requests
from psycopg2 import sql

import data_factories as df
from data_factories import ledger, persistence
from data_factories.errors import ReferenceDataMissing
from data_factories.models import ALL_MODELS, Row
from data_factories.pricing import new_reference_code
from data_factories.session import FactorySession, reseed
from support.clients.masking import mask_text
from support.db.catalog import load_catalog
from support.db.pool import Databases
from support.db.queries import fetch_value

EVERY_FACTORY: dict[str, Callable[[], Row]] = {
    "venue": df.VenueFactory,
    "season": df.SeasonFactory,
    "performer": df.PerformerFactory,
    "event": df.EventFactory,
    "event_performer": df.EventPerformerFactory,
    "event_group": df.EventGroupFactory,
    "event_group_member": df.EventGroupMemberFactory,
    "price_code": df.PriceCodeFactory,
    "price_type": df.PriceTypeFactory,
    "price_point": df.PricePointFactory,
    "price_component": df.PriceComponentFactory,
    "price_component_tax": lambda: df.PriceComponentFactory(tax=True),
    "inventory_block": df.InventoryBlockFactory,
    "inventory_item": df.InventoryItemFactory,
    "entitlement_template": df.EntitlementTemplateFactory,
    "offer": df.OfferFactory,
    "offer_event_group": df.OfferEventGroupFactory,
    "access_code": df.AccessCodeFactory,
    "user_attribute": df.UserAttributeFactory,
    "fan": df.FanFactory,
    "app_user": df.AppUserFactory,
    "reservation_lock": df.ReservationLockFactory,
    "reservation_lock_item": df.ReservationLockItemFactory,
    "order": df.OrderFactory,
    "order_item": df.OrderItemFactory,
    "payment": df.PaymentFactory,
    "entitlement": df.EntitlementFactory,
    "audit_event": df.AuditEventFactory,
}


def _exists(databases: Databases, database: str, table: str, where: dict[str, Any]) -> bool:
    cond = sql.SQL(" AND ").join(sql.SQL("{}::text = %s").format(sql.Identifier(c)) for c in where)
    query = sql.SQL("SELECT count(*) FROM {} WHERE {}").format(sql.Identifier(table), cond)
    return fetch_value(databases[database], query, [str(v) for v in where.values()]) == 1


def test_every_table_of_both_databases_has_a_model_and_a_factory(databases: Databases) -> None:
    tables = {(db.name, t) for db in databases.platform() for t in load_catalog(db).tables if t != "schema_migration"}
    assert {(m.__database__, m.__table__) for m in ALL_MODELS} == tables
    assert {name.removesuffix("_tax") for name in EVERY_FACTORY} == {t for _, t in tables}


@pytest.mark.req("TDG-001.1")
@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__table__)
def test_models_match_the_catalog(databases: Databases, model: type[Row]) -> None:
    table = load_catalog(databases[model.__database__]).table(model.__table__)
    extras = getattr(model, "__extras__", frozenset())
    assert set(model.model_fields) - extras == set(table.column_names)
    assert model.__key__ == table.primary_key


@pytest.mark.req("TDG-001.2")
@pytest.mark.parametrize("name", sorted(EVERY_FACTORY))
def test_each_factory_creates_a_valid_row_with_its_parents(
    factories: FactorySession, databases: Databases, name: str
) -> None:
    row = EVERY_FACTORY[name]()
    assert isinstance(row, Row)
    assert _exists(databases, row.__database__, row.__table__, row.key())
    for fk in load_catalog(databases[row.__database__]).table(row.__table__).foreign_keys:
        values = {ref: getattr(row, col) for col, ref in zip(fk.columns, fk.ref_columns, strict=True)}
        if None not in values.values():
            assert _exists(databases, fk.ref_database, fk.ref_table, values), f"{fk.name}: parent missing"
    assert persistence.refresh(row).model_dump() == row.model_dump()


def test_defaults_keep_business_references_consistent(factories: FactorySession) -> None:
    lock_item = df.ReservationLockItemFactory()
    lock, seat = (
        persistence.fetch(df.models.ReservationLock, lock_item.lock_id),
        persistence.fetch(df.models.InventoryItem, lock_item.inventory_item_id),
    )
    assert seat.event_id == lock.event_id and (seat.status, seat.lock_id) == ("LOCKED", lock.id)
    ticket = df.EntitlementFactory()
    order = persistence.fetch(df.models.Order, ticket.order_id)
    assert persistence.fetch(df.models.InventoryItem, ticket.inventory_item_id).event_id == order.event_id
    assert lock_item.total_cents == lock_item.base_cents + lock_item.fees_cents + lock_item.tax_cents


def test_parents_passed_as_rows_ids_or_codes_create_nothing_else(factories: FactorySession) -> None:
    event = df.EventFactory(status="DRAFT", max_tickets_per_fan=4)
    block = df.InventoryBlockFactory(event=event, section="A", price_code="VIP")
    before = len(factories.registry.entries())
    point = df.PricePointFactory(event_id=event.id, price_code="VIP", price_type="CHILD", base_cents=2500)
    order = df.OrderFactory(event=event, fan_id=df.FanFactory(login=False).id)
    assert len(factories.registry.entries()) == before + 3  # price point, fan, order: no stray event
    vip = df.PriceCodeFactory(code="VIP")
    assert block.price_code_id == point.price_code_id == vip.id and order.event_id == event.id
    assert event.status == "DRAFT" and event.max_tickets_per_fan == 4 and event.created_at is not None


def test_reference_data_is_looked_up_not_invented(factories: FactorySession) -> None:
    before = len(factories.registry.entries())
    assert df.PriceTypeFactory().code == "ADULT" and df.PriceCodeFactory().code == "STD"
    assert len(factories.registry.entries()) == before  # platform reference rows are never ours
    with pytest.raises(ReferenceDataMissing, match="NOPE"):
        df.PriceTypeFactory(code="NOPE")
    created = df.PriceCodeFactory(code=new_reference_code(), create_missing=True)
    assert created.code.startswith("JT_") and len(factories.registry.entries()) == before + 1


def test_names_and_emails_carry_the_namespace_and_repeat_with_the_seed(factories: FactorySession) -> None:
    ns = factories.namespace
    assert ns in df.VenueFactory().name and ns in df.EventFactory().name
    maya = df.FanFactory(first_name="Maya", login=False)
    assert maya.email is not None and maya.email.startswith("maya.") and maya.email.endswith(f".{ns}@example.test")
    reseed(7)
    first = df.VenueFactory.build()
    reseed(7)
    again = df.VenueFactory.build()
    assert (first.name, first.city, first.country, first.capacity) == (
        again.name,
        again.city,
        again.country,
        again.capacity,
    )


def test_a_factory_fan_logs_in_and_its_password_never_shows(factories: FactorySession, base_url: str) -> None:
    maya = df.FanFactory(first_name="Maya")
    assert maya.username == maya.email and maya.password
    assert maya.password not in repr(maya) and maya.password not in str(maya)
    assert "password" not in maya.model_dump() and mask_text(f"pw={maya.password}") == "pw=********"
    response = requests.post(
        f"{base_url}/v1/auth/token", json={"username": maya.email, "password": maya.password}, timeout=10
    )
    assert response.status_code == 200, response.text
    assert response.json()["access_token"]
    hashed = fetch_value(
        factories.databases.inventory, "SELECT password_hash FROM app_user WHERE fan_id = %s", (maya.id,)
    )
    assert hashed.startswith("pbkdf2_sha256$1000$")


def test_seat_map_writes_many_seats_in_one_go(factories: FactorySession) -> None:
    event = df.EventFactory()
    started = time.perf_counter()
    seats = df.seat_map(event, "Stalls", rows=30, seats_per_row=40, price_code="PREMIUM")
    elapsed = time.perf_counter() - started
    print(f"\nseat_map of {len(seats.seats)} seats: {elapsed * 1000:.0f} ms")
    assert len(seats.seats) == 1200 and len({(s.row_label, s.seat_number) for s in seats.seats}) == 1200
    assert [s.row_label for s in seats.row("AD")][:1] == ["AD"] and seats.seats[0].seat_number == 1
    assert {s.event_id for s in seats.seats} == {event.id} and {s.block_id for s in seats.seats} == {seats.block.id}
    assert len(factories.registry.entries()) >= 1200 + 1


def test_a_failed_insert_leaves_no_ledger_entry(factories: FactorySession) -> None:
    before = len(factories.registry.entries())
    with pytest.raises(psycopg2.errors.CheckViolation) as failure:
        df.VenueFactory(country="xx")
    assert any("events.venue" in note for note in failure.value.__notes__)
    assert len(factories.registry.entries()) == before


def test_rows_are_in_the_ledger_before_they_are_inserted(
    factories: FactorySession, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = persistence.psycopg2.extras.execute_values

    def checking(cur: Any, query: str, argslist: list[tuple[Any, ...]], **kw: Any) -> Any:
        if ledger.TABLE in query:  # the ledger's own write
            return real(cur, query, argslist, **kw)
        pending = {e.ref.pk for e in ledger.entries(factories.databases.results, factories.namespace)}
        columns = query.split("(", 1)[1].split(")", 1)[0].replace('"', "").split(", ")
        at = columns.index("id")
        seen.append(all((("id", str(args[at])),) in pending for args in argslist))
        return real(cur, query, argslist, **kw)

    monkeypatch.setattr(persistence.psycopg2.extras, "execute_values", checking)
    df.PerformerFactory(id=uuid.uuid4())
    df.seat_map(df.EventFactory(id=uuid.uuid4()), "Z", 1, 3)
    assert seen and all(seen)
