"""Connection pools for the two databases (asyncpg)."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from sandbox.settings import SandboxSettings


@dataclass
class Databases:
    events: asyncpg.Pool
    inventory: asyncpg.Pool

    @classmethod
    async def open(cls, settings: SandboxSettings) -> Databases:
        kwargs = {"min_size": 2, "max_size": settings.db_pool_size, "command_timeout": 30}
        events = await asyncpg.create_pool(settings.events_dsn, **kwargs)
        inventory = await asyncpg.create_pool(settings.inventory_dsn, **kwargs)
        return cls(events=events, inventory=inventory)

    async def close(self) -> None:
        await self.events.close()
        await self.inventory.close()
