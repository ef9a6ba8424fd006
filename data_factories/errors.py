"""Errors of the test-data layer, under the framework's DataSetupError.

    JumpError
    └── DataSetupError              support.errors: the data a step needs could not be created
        ├── SessionNotBound         a factory ran before data_factories.session.bind()
        ├── ReferenceDataMissing    a price code / price type the data needs is not in the platform
        ├── NamespaceInUse          another live process already owns the namespace
        └── CleanupError            rows could not be deleted (they stay in the ledger for the sweep)
"""

from __future__ import annotations

from support.errors import DataSetupError


class SessionNotBound(DataSetupError):
    """Factories need databases and a registry: the framework binds them before the first step."""


class ReferenceDataMissing(DataSetupError):
    """Reference data (price codes, price types) is looked up, never invented, unless asked to."""


class NamespaceInUse(DataSetupError):
    """Two processes must never share a namespace: cleanup of one would delete the other's data."""


class CleanupError(DataSetupError):
    """Deleting a scope's rows failed; the ledger keeps them so the next sweep retries."""
