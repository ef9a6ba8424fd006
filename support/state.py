"""What one scenario knows: the actors and things its steps named, and the outcomes of its attempts.

One typed ``ScenarioState`` per scenario (set in before_scenario), passed explicitly to the
journey functions; no god object on behave's context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from data_factories.models import Event, InventoryBlock, InventoryItem, PricePoint, Venue
from data_factories.registry import Registry
from support.clients.auth import Credentials
from support.errors import ApiError, AuthenticationFailed, GraphQLResponseError, ProblemError
from support.session import PlatformSession

if TYPE_CHECKING:  # the generic steps' journeys import this module
    from support.journeys.api import ApiResponse
    from support.journeys.database import ScenarioTransaction, StoreAttempt, Watch


@dataclass
class Section:
    """A section of an event as the scenario set it up: its block, seats and adult price point."""

    name: str
    block: InventoryBlock
    seats: list[InventoryItem]
    price_point: PricePoint


@dataclass
class EventRecord:
    title: str  # the business name the feature file uses
    event: Event
    sections: dict[str, Section] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.event.id)


@dataclass
class Actor:
    """A fan the scenario named ("Maya"), with the credentials to act as them."""

    name: str
    fan_id: str
    credentials: Credentials


# What an attempt keeps as the platform's refusal (``except REFUSALS``). A ContractViolation is an ApiError
# too, but an answer the pinned contract does not allow is no refusal: it propagates and fails the step as
# what it is (one line, reported as a broken contract), never read as "failed otherwise" by a verdict.
REFUSALS: tuple[type[ApiError], ...] = (ProblemError, GraphQLResponseError, AuthenticationFailed)


@dataclass
class Outcome:
    """The result of an attempt: a typed value, or the platform's refusal (one of REFUSALS)."""

    value: Any = None
    error: ApiError | None = None


@dataclass
class ScenarioState:
    session: PlatformSession
    registry: Registry
    venue: Venue | None = None
    events: dict[str, EventRecord] = field(default_factory=dict)
    current_event: str | None = None
    actors: dict[str, Actor] = field(default_factory=dict)
    crowd: list[Actor] = field(default_factory=list)
    reservations: dict[str, Outcome] = field(default_factory=dict)   # by actor name: the last one
    checkouts: dict[str, list[Outcome]] = field(default_factory=dict)  # by actor name: every attempt
    cancellations: dict[str, Outcome] = field(default_factory=dict)    # by order owner's name
    offers: dict[str, Any] = field(default_factory=dict)               # by business name: OfferRecord
    last: Outcome = field(default_factory=Outcome)
    variables: dict[str, Any] = field(default_factory=dict)
    # generic API and database steps (steps/api_steps.py, steps/db_steps.py)
    response: ApiResponse | None = None
    request_variables: dict[str, Any] = field(default_factory=dict)
    query_rows: list[dict[str, Any]] | None = None
    watches: dict[str, Watch] = field(default_factory=dict)
    transaction: ScenarioTransaction | None = None
    store_attempt: StoreAttempt | None = None
    # requests to send when the scenario ends (deletes through the API), newest first; then the registry
    after_scenario: list[Callable[[], None]] = field(default_factory=list)

    def run_after_scenario(self) -> list[str]:
        """Sends the registered after-scenario requests, newest first; what failed, one line each
        (a failure never stops the others, nor the registry's cleanup that follows)."""
        problems: list[str] = []
        while self.after_scenario:
            request = self.after_scenario.pop()
            try:
                request()
            except Exception as exc:  # noqa: BLE001 - reported by the caller, the rest still runs
                problems.append(f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}")
        return problems

    def event(self, title: str | None = None) -> EventRecord:
        key = title or self.current_event
        if key is None or key not in self.events:
            raise LookupError(f"no event {title!r} in this scenario: add a Given step that creates it")
        return self.events[key]

    def actor(self, name: str) -> Actor:
        if name not in self.actors:
            raise LookupError(f"no fan {name!r} in this scenario: add 'Given fan \"{name}\" is registered'")
        return self.actors[name]
