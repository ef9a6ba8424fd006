"""Cleanup against the running stack: exactly what a scenario created goes, with what the platform
added to it, whether the scenario passed, failed halfway, or its process was killed."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

import data_factories as df
from data_factories import Registry, ledger, session
from data_factories.registry import RUN_SCOPE
from data_factories.session import FactorySession
from support.db.pool import Databases
from support.db.queries import execute, fetch_value
from support.db.snapshot import diff
from tests.framework.db_support import assert_restored, platform_snapshots

REPO = Path(__file__).resolve().parents[2]


def _count(databases: Databases, database: str, table: str, ids: list[Any]) -> int:
    return int(
        fetch_value(
            databases[database], f'SELECT count(*) FROM "{table}" WHERE id::text = ANY(%s)', ([str(i) for i in ids],)
        )
    )


def _whole_scenario() -> dict[str, Any]:
    """One of every entity, as a busy scenario would create them through factories."""
    event = df.EventFactory(season_id=df.SeasonFactory().id)
    df.EventPerformerFactory(event=event)
    group = df.EventGroupFactory()
    df.EventGroupMemberFactory(event_group=group, event=event)
    seats = df.seat_map(event, "A", 2, 5)
    point = df.PricePointFactory(event=event)
    df.PriceComponentFactory(price_point=point)
    df.PriceComponentFactory(price_point=point, tax=True)
    template = df.EntitlementTemplateFactory(event=event)
    offer = df.OfferFactory(requires_access_code=True)
    df.OfferEventGroupFactory(offer=offer, event_group=group)
    code = df.AccessCodeFactory(offer=offer)
    df.UserAttributeFactory(offer=offer)
    fan = df.FanFactory(first_name="Maya")
    return {"event": event, "seats": seats.seats, "template": template, "offer": offer, "code": code, "fan": fan}


def _platform_checkout(databases: Databases, made: dict[str, Any]) -> dict[str, list[uuid.UUID]]:
    """What reserveSeats + checkout would add, inserted behind the framework's back (never registered)."""
    fan, event, seats = made["fan"], made["event"], made["seats"]
    ids = {
        k: [uuid.uuid4() for _ in range(n)]
        for k, n in {"lock": 2, "order": 1, "order_item": 2, "payment": 1, "entitlement": 2}.items()
    }
    adult = df.PriceTypeFactory().id
    with databases.inventory.transaction() as conn:
        for lock_id, status in zip(ids["lock"], ("ACTIVE", "CONVERTED"), strict=True):
            execute(
                conn,
                "INSERT INTO reservation_lock (id, availability_token, fan_id, event_id, price_type_id, offer_id,"
                " access_code_id, status, expires_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now() + interval '5 min')",
                (lock_id, f"avt-{lock_id.hex}", fan.id, event.id, adult, made["offer"].id, made["code"].id, status),
            )
        active, converted = ids["lock"]
        execute(
            conn,
            "UPDATE inventory_item SET status = 'LOCKED', lock_id = %s WHERE id = ANY(%s)",
            (active, [s.id for s in seats[:2]]),
        )
        for seat in seats[:4]:
            execute(
                conn,
                "INSERT INTO reservation_lock_item VALUES (%s, %s, 5000, 450, 450, 5900)",
                (active if seat in seats[:2] else converted, seat.id),
            )
        execute(
            conn,
            'INSERT INTO "order" (id, fan_id, event_id, lock_id, status, total_cents, idempotency_key)'
            " VALUES (%s, %s, %s, %s, 'PAID', 11800, 'idem-1')",
            (ids["order"][0], fan.id, event.id, converted),
        )
        for item_id, ent_id, seat in zip(ids["order_item"], ids["entitlement"], seats[2:4], strict=True):
            execute(
                conn,
                "INSERT INTO order_item VALUES (%s, %s, %s, %s, 5000, 450, 450, 5900)",
                (item_id, ids["order"][0], seat.id, adult),
            )
            execute(
                conn,
                "INSERT INTO entitlement (id, order_id, order_item_id, inventory_item_id, template_id,"
                " gate_access_level, barcode) VALUES (%s, %s, %s, %s, %s, 'GENERAL', %s)",
                (ent_id, ids["order"][0], item_id, seat.id, made["template"].id, f"BC{ent_id.hex[:16]}"),
            )
            execute(conn, "UPDATE inventory_item SET status = 'SOLD' WHERE id = %s", (seat.id,))
        execute(
            conn,
            "INSERT INTO payment (id, order_id, idempotency_key, amount_cents, status, method)"
            " VALUES (%s, %s, 'idem-1', 11800, 'CAPTURED', 'card')",
            (ids["payment"][0], ids["order"][0]),
        )
        execute(conn, "UPDATE access_code SET uses = uses + 1 WHERE id = %s", (made["code"].id,))
    return ids


@pytest.mark.req("TDG-001.4")
def test_cleanup_removes_exactly_what_the_scenario_and_the_platform_created(
    factories: FactorySession,
    databases: Databases,
    registry: Registry,
) -> None:
    before = platform_snapshots(databases)
    scenario = registry.scoped("scenario-1")
    with session.use_registry(scenario):
        made = _whole_scenario()
    platform_ids = _platform_checkout(databases, made)
    middle = platform_snapshots(databases)
    roots = scenario.entries()
    ours = {v for ref in roots for _, v in ref.pk} | {str(i) for ids in platform_ids.values() for i in ids}

    report = scenario.cleanup()

    created = {
        (name, table, tuple(str(row[c]) for c in sorted(middle[name].tables[table].key_columns)))
        for name in middle
        for table, t in diff(before[name], middle[name]).tables.items()
        for row in t.inserted
        if ours & {str(v) for v in row.values()}
    }
    deleted = {(r.database, r.table, tuple(v for _, v in r.pk)) for r in report.deleted}
    assert deleted == created, f"not deleted: {created - deleted}; not created: {deleted - created}"
    assert report.ledger_entries == len(roots) and not scenario.entries()
    assert report.summary()["inventory.entitlement"] == 2 and report.summary()["inventory.payment"] == 1
    assert_restored(databases, before, ours, report.deleted)
    assert fetch_value(databases.inventory, "SELECT count(*) FROM fan WHERE email = 'demo.fan@jump.test'") == 1
    print(f"\ncleanup of {len(report.deleted)} rows ({len(roots)} registered): {report.seconds * 1000:.0f} ms")
    assert report.seconds < 2.0


@pytest.mark.req("TDG-001.4")
def test_cleanup_after_a_scenario_that_fails_halfway(
    factories: FactorySession, databases: Databases, registry: Registry
) -> None:
    before = platform_snapshots(databases)
    scenario = registry.scoped("scenario-2")
    created: list[str] = []
    with pytest.raises(RuntimeError, match="step 3 failed"):
        try:
            with session.use_registry(scenario):
                made = _whole_scenario()
                created += [str(made["event"].id), str(made["fan"].id)]
                df.purchase(made["fan"], made["seats"][:2], template=made["template"])
                raise RuntimeError("step 3 failed")
        finally:
            created += [v for ref in scenario.entries() for _, v in ref.pk]
            report = scenario.cleanup()
    assert_restored(databases, before, created, report.deleted)
    assert _count(databases, "events", "event", [created[0]]) == 0


def test_a_scenario_scope_leaves_run_scope_data_until_the_run_ends(
    factories: FactorySession,
    databases: Databases,
    registry: Registry,
) -> None:
    event = df.EventFactory()  # run scope: shared by the feature's scenarios
    seats = df.seat_map(event, "A", 1, 4)
    scenario = registry.scoped("scenario-3")
    with session.use_registry(scenario):
        fan = df.FanFactory()
        bought = df.purchase(fan, seats.seats[:2])
    scenario.cleanup()
    assert (
        _count(databases, "inventory", "fan", [fan.id]) == 0
        and _count(databases, "inventory", "order", [bought.order.id]) == 0
    )
    assert (
        _count(databases, "events", "event", [event.id]) == 1
        and _count(databases, "inventory", "inventory_item", seats.ids()) == 4
    )
    report = registry.cleanup(RUN_SCOPE)
    assert (
        _count(databases, "events", "event", [event.id]) == 0
        and _count(databases, "inventory", "inventory_item", seats.ids()) == 0
    )
    assert report.summary()["inventory.inventory_item"] == 4


def test_rows_created_through_the_rest_api_are_registered_after_the_fact(
    databases: Databases,
    registry: Registry,
    base_url: str,
    tokens: dict[str, str],
) -> None:
    auth = {"Authorization": f"Bearer {tokens['admin']}"}
    venue = requests.post(
        f"{base_url}/v1/venues",
        headers=auth,
        timeout=10,
        json={"name": f"REST Hall [{registry.namespace}]", "city": "Leeds", "country": "GB", "capacity": 900},
    )
    assert venue.status_code == 201, venue.text
    venue_id = venue.json()["id"]
    registry.register("events", "venue", venue_id)  # registered as soon as the id is known
    event = requests.post(
        f"{base_url}/v1/events",
        headers=auth,
        timeout=10,
        json={"name": f"REST Night [{registry.namespace}]", "venueId": venue_id, "startsAt": "2030-06-01T19:00:00Z"},
    )
    assert event.status_code == 201, event.text
    report = registry.cleanup()
    assert (
        _count(databases, "events", "venue", [venue_id]) == 0
        and _count(databases, "events", "event", [event.json()["id"]]) == 0
    )
    assert report.summary() == {"events.event": 1, "events.venue": 1}


def test_cleanup_gives_back_seats_of_events_it_does_not_own(factories: FactorySession, databases: Databases) -> None:
    owner = Registry.open(databases)  # another namespace owns the event and its seats
    try:
        with session.use_registry(owner):
            seats = df.seat_map(df.EventFactory(), "A", 1, 3).seats
        mine = factories.registry.scoped("scenario-4")
        with session.use_registry(mine):
            lock, _ = df.lock_seats(df.FanFactory(), seats[:2])
        report = mine.cleanup()
        states = fetch_value(
            databases.inventory,
            "SELECT array_agg(DISTINCT status || ':' || coalesce(lock_id::text, '-'))"
            " FROM inventory_item WHERE id = ANY(%s)",
            ([s.id for s in seats],),
        )
        assert states == ["AVAILABLE:-"] and _count(databases, "inventory", "reservation_lock", [lock.id]) == 0
        assert "inventory.inventory_item" not in report.summary()
    finally:
        owner.cleanup_all()
        owner.close()


KILLED_RUN = """
import json, sys, time
from support.db.pool import Databases
import data_factories as df
from data_factories import Registry, session
databases = Databases.from_dsns(json.loads(sys.argv[1]))
registry = Registry.open(databases)
session.bind(databases, registry, seed=3)
event = df.EventFactory()
seats = df.seat_map(event, "K", 2, 5)
fan = df.FanFactory()
bought = df.purchase(fan, seats.seats[:2])
print(json.dumps({"namespace": registry.namespace, "event": str(event.id), "fan": str(fan.id),
                  "seats": [str(s) for s in seats.ids()], "order": str(bought.order.id)}), flush=True)
time.sleep(120)
"""


@pytest.mark.req("TDG-001.4")
def test_the_next_run_sweeps_what_a_killed_run_left(databases: Databases, dsns: dict[str, str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, json.dumps(dsns)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line, proc.stderr.read() if proc.stderr else "no output"
        left = json.loads(line)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    ns = left["namespace"]
    assert ledger.entries(databases.results, ns) and _count(databases, "events", "event", [left["event"]]) == 1
    platform_order = uuid.uuid4()  # the platform kept working for the dead run's fan
    execute(
        databases.inventory,
        "INSERT INTO \"order\" (id, fan_id, event_id, total_cents, idempotency_key) VALUES (%s, %s, %s, 0, 'k')",
        (platform_order, left["fan"], left["event"]),
    )

    swept = ns in {r.namespace for r in df.sweep_stale(databases)}

    # a parallel test run may have swept it first (then we skipped it): give that sweeper a moment
    deadline = time.monotonic() + 10
    while ledger.entries(databases.results, ns) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not ledger.entries(databases.results, ns), f"namespace {ns} not swept (swept here: {swept})"
    assert _count(databases, "events", "event", [left["event"]]) == 0
    assert _count(databases, "inventory", "inventory_item", left["seats"]) == 0
    assert _count(databases, "inventory", "order", [left["order"], platform_order]) == 0
    assert _count(databases, "inventory", "fan", [left["fan"]]) == 0


def test_the_sweep_never_touches_a_live_namespace(factories: FactorySession, databases: Databases) -> None:
    venue = df.VenueFactory()
    execute(
        databases.results,
        f"UPDATE {ledger.TABLE} SET heartbeat = now() - interval '1 day' WHERE namespace = %s",
        (factories.namespace,),
    )
    swept = df.sweep_stale(databases, max_age=dt.timedelta(minutes=1))
    assert factories.namespace not in {r.namespace for r in swept}  # its owner (this process) holds the claim
    assert _count(databases, "events", "venue", [venue.id]) == 1


def test_the_sweep_goes_by_heartbeat_for_owners_on_other_hosts(databases: Databases) -> None:
    other = Registry.open(databases)
    with session.bound(databases, other):
        venue = df.VenueFactory()
    other.close()  # the owner is gone without cleaning up, on a host we cannot inspect
    try:
        execute(
            databases.results,
            f"UPDATE {ledger.TABLE} SET owner_host = 'ci-runner-elsewhere' WHERE namespace = %s",
            (other.namespace,),
        )
        assert other.namespace not in {r.namespace for r in df.sweep_stale(databases, max_age=dt.timedelta(hours=1))}
        execute(
            databases.results,
            f"UPDATE {ledger.TABLE} SET heartbeat = now() - interval '2 hours' WHERE namespace = %s",
            (other.namespace,),
        )
        assert other.namespace in {r.namespace for r in df.sweep_stale(databases, max_age=dt.timedelta(hours=1))}
        assert _count(databases, "events", "venue", [venue.id]) == 0
    finally:
        other.cleanup_all()


def test_cleanup_of_an_event_with_both_an_event_wide_and_a_block_template(
    factories: FactorySession, databases: Databases, registry: Registry
) -> None:
    """Detaching the block template before deleting it would give the event two event-wide templates."""
    scenario = registry.scoped("scenario-templates")
    with session.use_registry(scenario):
        event = df.EventFactory()
        seats = df.seat_map(event, "A", 1, 2)
        df.EntitlementTemplateFactory(event=event)
        block_template = df.EntitlementTemplateFactory(event=event, block_id=seats.block.id, gate_access_level="VIP")
    scenario.cleanup()
    assert _count(databases, "inventory", "entitlement_template", [block_template.id]) == 0
    assert _count(databases, "events", "event", [event.id]) == 0


def test_audit_events_of_a_run_go_with_it_by_their_request_id_and_with_the_accounts_they_name(
    factories: FactorySession, databases: Databases, registry: Registry, base_url: str,
) -> None:
    """The platform's audit log names no row for an unknown user's sign-in: its request id, which
    starts with the run's namespace, says it is the run's. An entry about a fan the run made goes
    with that fan, at the end of its scenario."""
    from support.clients.transport import new_request_id, set_request_id_prefix

    before = set_request_id_prefix(registry.namespace)
    try:
        ours, theirs = new_request_id(), f"jt-00000000.{uuid.uuid4().hex}"
        assert ours.startswith(f"{registry.namespace}.")
        for request_id in (ours, theirs):
            response = requests.post(f"{base_url}/v1/auth/token", timeout=10, headers={"X-Request-Id": request_id},
                                     json={"username": f"nobody-{uuid.uuid4().hex[:8]}", "password": "wrong-password"})
            assert response.status_code == 401
        scenario = registry.scoped("scenario-audit")
        with session.use_registry(scenario):
            fan = df.FanFactory()
        requests.post(f"{base_url}/v1/auth/token", timeout=10, headers={"X-Request-Id": uuid.uuid4().hex},
                      json={"username": fan.username, "password": fan.password})
        about_fan = "SELECT count(*) FROM audit_event WHERE fan_id = %s"
        assert fetch_value(databases.inventory, about_fan, (str(fan.id),)) == 1
        scenario.cleanup()
        assert fetch_value(databases.inventory, about_fan, (str(fan.id),)) == 0
        report = registry.cleanup_all()
        count = "SELECT count(*) FROM audit_event WHERE request_id = %s"
        assert fetch_value(databases.inventory, count, (ours,)) == 0
        assert fetch_value(databases.inventory, count, (theirs,)) == 1      # another run's entry stays
        assert report.summary().get("inventory.audit_event") == 1
    finally:
        set_request_id_prefix(before)
        execute(databases.inventory, "DELETE FROM audit_event WHERE request_id = %s", (theirs,))
