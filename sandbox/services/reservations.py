"""Reservation locks: reserve, release, expire (rules 1, 2, 4, 5, 8)."""

from sandbox.db import Databases


async def expire_locks(db: Databases) -> int:
    return 0
