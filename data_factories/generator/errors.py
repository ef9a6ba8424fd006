"""Errors of the schema-driven generator, under the test-data layer's DataSetupError.

    DataSetupError                 support.errors
    └── GenerationError            the generator cannot produce valid rows (names table, column, CHECK)
        ├── UnknownTarget          the schema (database) or table the user named does not exist
        └── UnsupportedCheck       a CHECK expression outside the documented solver set
"""

from __future__ import annotations

from support.errors import DataSetupError


class GenerationError(DataSetupError):
    """Generating valid rows failed; the message names the table and column to look at."""


class UnknownTarget(GenerationError):
    """A bad --schema / --table: the CLI prints the line and exits 2."""


class UnsupportedCheck(GenerationError):
    """A CHECK (or regex) the solvers cannot satisfy; better to refuse than to emit rows the INSERT rejects."""
