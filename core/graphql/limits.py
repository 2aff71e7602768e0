"""Limits on every request, checked at validation time — before any resolver or SQL runs.

Each error names the limit and the setting that changes it.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from graphql.validation import NoSchemaIntrospectionCustomRule


def _fragments(context: ValidationContext) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in context.document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


def _walk(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    depth: int,
    seen: frozenset[str],
) -> tuple[int, int]:
    """(deepest field depth, aliases) under a selection set, fragments expanded."""
    if selection_set is None:
        return depth, 0
    deepest, aliases = depth, 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            aliases += selection.alias is not None
            if selection.name.value.startswith("__"):
                continue
            sub_depth, sub_aliases = _walk(selection.selection_set, fragments, depth + 1, seen)
        elif isinstance(selection, InlineFragmentNode):
            sub_depth, sub_aliases = _walk(selection.selection_set, fragments, depth, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:  # other rules report these
                continue
            sub_depth, sub_aliases = _walk(fragment.selection_set, fragments, depth, seen | {name})
        else:  # pragma: no cover - graphql-core has no other selection kinds
            continue
        deepest = max(deepest, sub_depth)
        aliases += sub_aliases
    return deepest, aliases


def size_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A rule refusing operations nested deeper than `max_depth` or using more than
    `max_aliases` aliases (fragments included, each spread counted)."""

    class SizeRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth, aliases = _walk(node.selection_set, _fragments(self.context), 0, frozenset())
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"Query depth {depth} exceeds the limit of {max_depth} (JIUYE_MAX_DEPTH)",
                        node,
                        extensions={"code": "LIMIT_DEPTH", "limit": max_depth},
                    )
                )
            if aliases > max_aliases:
                self.report_error(
                    GraphQLError(
                        f"The request uses {aliases} aliases; the limit is {max_aliases} (JIUYE_MAX_ALIASES)",
                        node,
                        extensions={"code": "LIMIT_ALIASES", "limit": max_aliases},
                    )
                )

    return SizeRule


def list_rule(max_length: int) -> type[ValidationRule]:
    """A rule refusing list literals longer than `max_length` in the document."""

    class ListRule(ValidationRule):
        def enter_list_value(self, node: ListValueNode, *_: Any) -> None:
            if len(node.values) > max_length:
                self.report_error(
                    GraphQLError(
                        f"A list of {len(node.values)} items exceeds the limit of {max_length} (JIUYE_MAX_LIST_LENGTH)",
                        node,
                        extensions={"code": "LIMIT_LIST", "limit": max_length},
                    )
                )

    return ListRule


def longest_list(value: Any) -> int:
    """The longest list anywhere inside a JSON value (request variables)."""
    if isinstance(value, list):
        return max([len(value), *(longest_list(v) for v in value)])
    if isinstance(value, dict):
        return max([0, *(longest_list(v) for v in value.values())])
    return 0


PRODUCTION_RULES: tuple[type[ValidationRule], ...] = (NoSchemaIntrospectionCustomRule,)
"""Extra rules in production mode: no introspection (schema/schema.graphql is the contract)."""
