"""Errors of the generator: defined in the framework's one tree (support/errors.py), re-exported here."""

from support.errors import GenerationError, UnknownTarget, UnsupportedCheck

__all__ = ["GenerationError", "UnknownTarget", "UnsupportedCheck"]
