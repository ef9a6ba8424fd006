"""Fixtures of the framework's own tests: the database ones live in db_support.py."""

from tests.framework.db_support import databases, factories, registry

__all__ = ["databases", "factories", "registry"]
