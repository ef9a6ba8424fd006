"""Every exchange with the platform sent while a block runs, for journeys that check what went over
the wire (the answers to a typed card number, the request id an audit entry must name)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from support.clients.exchange import Exchange
from support.plugins.hookspecs import hookimpl
from support.plugins.manager import plugin_manager


class KeptExchanges:
    """A plugin keeping every exchange sent while it is registered (retries included: one exchange each)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.exchanges: list[Exchange] = []

    @hookimpl
    def jump_exchange(self, exchange: Exchange) -> None:
        with self.lock:
            self.exchanges.append(exchange)


@contextmanager
def kept_exchanges() -> Iterator[KeptExchanges]:
    """Registers a :class:`KeptExchanges` for the block (always unregistered again)."""
    kept, manager = KeptExchanges(), plugin_manager()
    name = f"kept-exchanges-{id(kept)}"
    manager.register(kept, name=name)
    try:
        yield kept
    finally:
        manager.unregister(name=name)
