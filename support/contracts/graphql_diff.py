"""GraphQL drift: graphql-core's own breaking/dangerous change detection, plus what was added.

graphql-core reports what the new schema breaks (``find_breaking_changes``) and what may break a
client (``find_dangerous_changes``) but not additions; those are the removals seen in reverse
(new -> old), limited to output fields and types so they never repeat a change reported forward.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    BreakingChangeType,
    GraphQLInputObjectType,
    GraphQLSchema,
    build_client_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

from support.contracts.changes import ContractChange


def schema_of(introspection: dict[str, Any]) -> GraphQLSchema:
    return build_client_schema(introspection.get("data", introspection))


def _additions(old: GraphQLSchema, new: GraphQLSchema) -> list[ContractChange]:
    added = []
    for change in find_breaking_changes(new, old):
        if change.type == BreakingChangeType.TYPE_REMOVED:
            added.append(ContractChange(api="GraphQL", severity="additive", kind="TYPE_ADDED",
                                        description=change.description.replace(" was removed.", " was added.")))
        elif change.type == BreakingChangeType.FIELD_REMOVED:
            type_name = change.description.removeprefix("Field ").split(".", 1)[0]
            if isinstance(new.type_map.get(type_name), GraphQLInputObjectType):
                continue  # reported forward as OPTIONAL_/REQUIRED_INPUT_FIELD_ADDED
            added.append(ContractChange(api="GraphQL", severity="additive", kind="FIELD_ADDED",
                                        description=change.description.replace(" was removed.", " was added.")))
    return added


def compare(pinned: dict[str, Any], live: dict[str, Any]) -> list[ContractChange]:
    """Changes from the pinned schema to the live one: breaking first, then dangerous, then additive."""
    old, new = schema_of(pinned), schema_of(live)
    changes = [ContractChange(api="GraphQL", severity="breaking", kind=c.type.name, description=c.description.rstrip("."))
               for c in find_breaking_changes(old, new)]
    changes += [ContractChange(api="GraphQL", severity="dangerous", kind=c.type.name, description=c.description.rstrip("."))
                for c in find_dangerous_changes(old, new)]
    changes += [c.model_copy(update={"description": c.description.rstrip(".")}) for c in _additions(old, new)]
    return changes
