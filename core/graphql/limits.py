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


class _Walk:
    """Depth and aliases under selection sets, each fragment walked once however often spread."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self._done: dict[tuple[str, bool], tuple[int, int]] = {}

    def selections(
        self, selection_set: SelectionSetNode | None, introspection: bool
    ) -> tuple[int, int]:
        """(depth of the deepest field below, aliases) under a selection set, fragments expanded.

        Inside introspection (`__schema`, `__type`) depth is not counted — a client's standard
        introspection query nests `ofType` deeper than any data query may — but aliases are:
        aliased copies of the schema are as large as aliased copies of anything else.
        """
        if selection_set is None:
            return 0, 0
        deepest, aliases = 0, 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                inside = introspection or selection.name.value.startswith("__")
                sub_depth, sub_aliases = self.selections(selection.selection_set, inside)
                if not inside:
                    deepest = max(deepest, sub_depth + 1)
            elif isinstance(selection, InlineFragmentNode):
                sub_depth, sub_aliases = self.selections(selection.selection_set, introspection)
                deepest = max(deepest, sub_depth)
            elif isinstance(selection, FragmentSpreadNode):
                sub_depth, sub_aliases = self.fragment(selection.name.value, introspection)
                deepest = max(deepest, sub_depth)
            else:  # pragma: no cover - graphql-core has no other selection kinds
                continue
            aliases += sub_aliases
        return deepest, aliases

    def fragment(self, name: str, introspection: bool) -> tuple[int, int]:
        key = (name, introspection)
        found = self._done.get(key)
        if found is None:
            fragment = self.fragments.get(name)
            if fragment is None:  # other rules report unknown fragments
                return 0, 0
            self._done[key] = (0, 0)  # a cycle: other rules report it
            found = self.selections(fragment.selection_set, introspection)
            self._done[key] = found
        return found


def size_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A rule refusing operations nested deeper than `max_depth` or using more than
    `max_aliases` aliases (fragments included, each spread counted)."""

    class SizeRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth, aliases = _Walk(_fragments(self.context)).selections(node.selection_set, False)
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"查询嵌套 {depth} 层，超过上限 {max_depth} 层（JIUYE_MAX_DEPTH）",
                        node,
                        extensions={"code": "LIMIT_DEPTH", "limit": max_depth},
                    )
                )
            if aliases > max_aliases:
                self.report_error(
                    GraphQLError(
                        f"请求用了 {aliases} 个别名，超过上限 {max_aliases} 个（JIUYE_MAX_ALIASES）",
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
                        f"列表有 {len(node.values)} 项，超过上限 {max_length} 项（JIUYE_MAX_LIST_LENGTH）",
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
