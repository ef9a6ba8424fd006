"""Then: what the platform says now, read through its APIs (and its databases where it matters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_fixed

from support.clients.graphql import operations
from support.db.queries import fetch_all
from support.state import ScenarioState

PAGE = 100


def listed_on_sale(state: ScenarioState) -> set[str]:
    """Titles of this scenario's events that the on-sale listing shows (every page of it)."""
    return _listed(state, {"status": "ON_SALE"})


def listed_for_performer(state: ScenarioState, performer: str) -> set[str]:
    """Titles of this scenario's events that a fan finds when looking for ``performer``'s events."""
    return _listed(state, {"performerId": str(state.variables[f"performer:{performer}"].id)})


def _listed(state: ScenarioState, event_filter: dict[str, Any]) -> set[str]:
    wanted = {record.id: title for title, record in state.events.items()}
    found: set[str] = set()
    after = None
    while True:
        result = state.session.graphql.execute(
            operations.events(), {"filter": event_filter, "first": PAGE, "after": after}, role="fan",
        ).raise_for_errors()
        connection = result.typed.events
        found |= {wanted[edge.node.id] for edge in connection.edges if edge.node.id in wanted}
        if not connection.page_info.has_next_page:
            return found
        after = connection.page_info.end_cursor


def on_sale_pages(state: ScenarioState, page_size: int) -> list[list[str]]:
    """The on-sale listing of the scenario's venue, ``page_size`` events per page, followed from
    cursor to cursor: the titles of each page (the venue keeps other scenarios' events out)."""
    titles = {record.id: title for title, record in state.events.items()}
    venue_id = str(state.venue.id) if state.venue is not None else None
    pages: list[list[str]] = []
    after = None
    while len(pages) <= len(titles):  # never more pages than events: a cursor that loops stops here
        result = state.session.graphql.execute(
            operations.events(), {"filter": {"status": "ON_SALE", "venueId": venue_id}, "first": page_size, "after": after},
            role="fan",
        ).raise_for_errors()
        connection = result.typed.events
        pages.append([titles.get(edge.node.id, edge.node.name) for edge in connection.edges])
        if not connection.page_info.has_next_page:
            break
        after = connection.page_info.end_cursor
    return pages


def availability(state: ScenarioState, event: str | None = None) -> Any:
    """The fan's view of an event's seats and prices."""
    result = state.session.graphql.execute(operations.availability(), {"eventId": state.event(event).id}, role="fan")
    return result.raise_for_errors().typed.availability


def available_seats(state: ScenarioState, section: str, event: str | None = None) -> int:
    """Seats of ``section`` a fan can still reserve (all price codes)."""
    return sum(s.available for s in availability(state, event).sections if s.section == section)


def current_order(state: ScenarioState, name: str, order_id: str) -> Any:
    """The order as its owner sees it now."""
    result = state.session.graphql.execute(operations.order(), {"id": order_id}, as_user=state.actor(name).credentials)
    return result.raise_for_errors().typed.order


def orders_of(state: ScenarioState, name: str) -> list[Any]:
    result = state.session.graphql.execute(operations.my_orders(), {}, as_user=state.actor(name).credentials)
    return list(result.raise_for_errors().typed.my_orders)


def management_event(state: ScenarioState, title: str, role: str) -> dict[str, Any]:
    """The event as staff see it in the management REST API."""
    response = state.session.rest.call("GET", "/v1/events/{id}", role=role, path_params={"id": state.event(title).id})
    return dict(response.raise_for_problem().body)


def seats_locked_twice(state: ScenarioState, event: str | None = None) -> list[dict[str, Any]]:
    """Seats of the event that sit in more than one ACTIVE reservation (must be none: rule 1)."""
    return fetch_all(
        state.session.databases.inventory,
        """SELECT li.inventory_item_id, count(*) AS locks
             FROM reservation_lock_item li JOIN reservation_lock l ON l.id = li.lock_id
            WHERE l.event_id = %s AND l.status = 'ACTIVE'
            GROUP BY li.inventory_item_id HAVING count(*) > 1""",
        (state.event(event).id,),
    )


def wait_for_expiry(state: ScenarioState, name: str, section: str, *, limit_s: float) -> None:
    """Waits (bounded) until ``name``'s reservation is past its expiry and its seats are back."""
    reservation = state.reservations[name].value
    remaining = (reservation.expires_at - dt.datetime.now(dt.UTC)).total_seconds()
    if remaining > limit_s:
        raise TimeoutError(f"the reservation expires in {remaining:.0f}s, beyond the {limit_s:.0f}s this run may wait")
    seats_now = available_seats(state, section)
    if dt.datetime.now(dt.UTC) >= reservation.expires_at:
        return  # that read may already count the freed seats; the Then step checks what the platform shows
    expected = seats_now + len(reservation.seats)
    poll = Retrying(stop=stop_after_delay(max(remaining, 0.0) + 15), wait=wait_fixed(0.2),
                    retry=retry_if_result(lambda seats: seats < expected))
    try:
        poll(available_seats, state, section)
    except RetryError:
        pass  # the Then step reports what the platform shows; waiting longer would not change it
