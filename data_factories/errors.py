"""Errors of the test-data layer: defined in the framework's one tree (support/errors.py), re-exported here."""

from support.errors import CleanupError, DataSetupError, NamespaceInUse, ReferenceDataMissing, SessionNotBound

__all__ = ["CleanupError", "DataSetupError", "NamespaceInUse", "ReferenceDataMissing", "SessionNotBound"]
