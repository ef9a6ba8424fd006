"""Card numbers (PCI DSS): a number typed where a payment token belongs is refused, never echoed in
an answer and never stored. The platform takes tokens from the payment provider (``tok_visa``), so
a primary account number reaching it is a mistake it must not make worse."""

from __future__ import annotations

import json
import re
from typing import Any

from support.clients.masking import CARD
from support.db.card_numbers import places_holding
from support.journeys import buying
from support.journeys.exchanges_kept import kept_exchanges
from support.state import Outcome, ScenarioState


def shows(value: Any, digits: str) -> bool:
    """Whether ``value`` (any JSON-like value) carries the card number ``digits``, as typed (any grouping) or
    as the framework's masking already rewrote it (``************1111``: exchanges are masked when recorded)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    typed = any(re.sub(r"\D", "", m.group()) == digits for m in CARD.finditer(text))
    return typed or "*" * (len(digits) - 4) + digits[-4:] in text


def checkout_typing_card_number(state: ScenarioState, name: str, card_number: str) -> Outcome:
    """``name`` checks out with a card number where the payment token belongs; the answers are kept."""
    with kept_exchanges() as answers:
        outcome = buying.checkout(state, name, card_number)
    state.variables["typed card number"] = re.sub(r"\D", "", card_number)
    state.variables["answers to the card number"] = answers.exchanges
    return outcome


def where_the_card_number_shows(state: ScenarioState) -> list[str]:
    """Every answer that echoes the typed card number (body or headers) and every stored value holding it."""
    digits = state.variables["typed card number"]
    places = [f"the answer to {e.operation} (HTTP {e.status})" for e in state.variables["answers to the card number"]
              if shows(e.response_body, digits) or shows(e.response_headers, digits)]
    return places + [f"stored in {place}" for place in places_holding(state.session.databases, digits)]
