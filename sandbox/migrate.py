"""Versioned SQL migrations for both databases, applied in file-name order exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg

MIGRATIONS = Path(__file__).parent / "migrations"
DATABASES = {"events": "jump_events", "inventory": "jump_inventory"}


async def _apply(dsn: str, folder: Path) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migration ("
            " version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migration")}
        applied: list[str] = []
        for path in sorted(folder.glob("*.sql")):
            if path.stem in done:
                continue
            async with conn.transaction():
                await conn.execute(path.read_text(encoding="utf-8"))
                await conn.execute("INSERT INTO schema_migration (version) VALUES ($1)", path.stem)
            applied.append(f"{folder.name}/{path.name}")
        return applied
    finally:
        await conn.close()


def migrate(events_dsn: str, inventory_dsn: str) -> list[str]:
    """Bring both databases to the latest version; returns the migrations it applied."""

    async def run() -> list[str]:
        return await _apply(events_dsn, MIGRATIONS / "events") + await _apply(
            inventory_dsn, MIGRATIONS / "inventory"
        )

    return asyncio.run(run())
