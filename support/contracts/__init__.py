"""The platform's contracts, pinned in the repository, and their drift from the live platform.

``graphql.json`` (introspection; ``support/clients/graphql/jump_schema.py`` is generated from it)
and ``openapi.json`` are the pins: REST responses are validated against the pinned document and
GraphQL responses against the pinned schema, never against what the platform serves today.
``./jump schema:pull`` refreshes both; every ``./jump test:run`` compares them with the live
platform first (``gate.py``) and records the result as its own report entry.
"""
