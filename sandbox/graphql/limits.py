"""Limits on what one GraphQL document may ask for: depth, aliases and cost.

Depth and aliases use strawberry's own extensions (QueryDepthLimiter, MaxAliasesLimiter).
Strawberry has no cost analysis, so the cost rule is written here: every field costs 1, and the
fields under a list argument ``first: n`` count n times (a variable ``first`` counts as the
largest page, 100), so ``events(first: 100) { items { performers { ... } } }`` costs what it
fetches. A document over a limit fails validation: nothing runs, the error's code is
QUERY_TOO_COMPLEX.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
)
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension

LARGEST_PAGE = 100
LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found. Allowed", "exceeds the maximum cost")


def _page_size(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value == "first":
            if isinstance(argument.value, IntValueNode):
                return max(1, int(argument.value.value))
            if isinstance(argument.value, VariableNode):
                return LARGEST_PAGE
    return 1


def _cost(selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += 1 + _page_size(selection) * _cost(selection.selection_set, fragments, seen)
        elif isinstance(selection, InlineFragmentNode):
            total += _cost(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:  # cycles are refused by the standard rules anyway
                total += _cost(fragments[name].selection_set, fragments, seen | {name})
    return total


def cost_rule(max_cost: int) -> type[ValidationRule]:
    class MaxCost(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            for definition in document.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    cost = _cost(definition.selection_set, fragments, frozenset())
                    if cost > max_cost:
                        name = definition.name.value if definition.name else "anonymous"
                        context.report_error(GraphQLError(
                            f"'{name}' costs {cost}, which exceeds the maximum cost of {max_cost}"))

    return MaxCost


def limit_extensions(*, max_depth: int, max_aliases: int, max_cost: int) -> list[SchemaExtension]:
    return [
        QueryDepthLimiter(max_depth=max_depth),
        MaxAliasesLimiter(max_alias_count=max_aliases),
        AddValidationRules([cost_rule(max_cost)]),
    ]


def is_limit_error(message: str) -> bool:
    return any(marker in message for marker in LIMIT_MESSAGES)
