"""What a request costs, computed from its document before it runs, and the `@cost` directive.

A field costs its weight plus what is selected under it. The weight is 0 for a scalar or enum
(a name, a number), 1 for an object or list, or what the field declares with `@cost(weight:)`
— a board, a set of metrics or a drill-through run many statements and build large answers.
Under a connection, `edges` and `nodes` count once per item of the page asked for (`first` or
`last`, else the default page size); under a list declaring `@cost(listSize:)`, everything
counts that many times. Introspection is charged by the size of the answer it
would give, estimated from the schema: one point per `INTROSPECTION_VALUES` values.
A request costing more than `JIUYE_MAX_COST` is refused before any resolver or SQL runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
    is_enum_type,
    is_input_object_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from strawberry.schema_directive import Location


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description=(
        "这个字段的代价（点）：标量与枚举默认 0 点，对象与列表默认 1 点；看板、指标、明细等要运行多条 SQL "
        "的字段声明更高的代价。一个请求的总代价不得超过上限（JIUYE_MAX_COST，默认 5,000 点），"
        "连接（connection）的 edges/nodes 按每页条数计，声明了 listSize 的列表按其长度计。"
    ),
)
class Cost:
    """Declares what a field costs a request, in points (`directives=[Cost(weight=100)]`)."""

    weight: int = strawberry.field(description="代价，单位：点（≥ 0）。")
    list_size: int | None = strawberry.field(
        default=None,
        description="列表字段的估计长度，单位：项；其子字段的代价按此倍数计。不给时按 1 项计。",
    )


BOARD_COST = 1_000
"""A whole board (`dashboard`): every metric with its breakdown, targets and behind-list."""
METRICS_COST = 300
"""Every metric at once (`metrics`), or an export of the records behind one (`recordsFile`)."""
METRIC_COST = 20
"""One metric (`metric`), or one page of the records behind one (`records`)."""
PAGED = ("edges", "nodes")
"""The fields of a connection that are answered once per item of the page."""
INTROSPECTION_VALUES = 50
"""Values of an introspection answer charged one point."""


def declared(field: GraphQLField) -> Cost | None:
    """What a field declares with `@cost`, if anything."""
    definition = (field.extensions or {}).get("strawberry-definition")
    for directive in getattr(definition, "directives", ()) or ():
        if isinstance(directive, Cost):
            return directive
    return None


@dataclass(frozen=True)
class _Introspection:
    """How many items each introspection list gives, on average, in this schema."""

    sizes: Mapping[tuple[str, str], float]


def _introspection(schema: GraphQLSchema) -> _Introspection:
    types = list(schema.type_map.values())
    fields = [
        f
        for t in types
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)
        for f in t.fields.values()
    ]
    n = max(len(types), 1)

    def per_type(count: int) -> float:
        return max(count / n, 1.0)

    directives = list(schema.directives)
    return _Introspection(
        {
            ("__Schema", "types"): float(n),
            ("__Schema", "directives"): float(max(len(directives), 1)),
            ("__Type", "fields"): per_type(len(fields)),
            ("__Type", "interfaces"): per_type(
                sum(len(getattr(t, "interfaces", ())) for t in types)
            ),
            ("__Type", "possibleTypes"): per_type(
                sum(
                    len(schema.get_possible_types(t))
                    for t in types
                    if isinstance(t, GraphQLInterfaceType | GraphQLUnionType)
                )
            ),
            ("__Type", "enumValues"): per_type(
                sum(len(t.values) for t in types if is_enum_type(t))
            ),
            ("__Type", "inputFields"): per_type(
                sum(len(t.fields) for t in types if is_input_object_type(t))
            ),
            ("__Field", "args"): max(sum(len(f.args) for f in fields) / max(len(fields), 1), 1.0),
            ("__Directive", "args"): max(
                sum(len(d.args) for d in directives) / max(len(directives), 1), 1.0
            ),
        }
    )


class CostCounter:
    """Computes the cost of one operation, each fragment once."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
        *,
        default_page: int,
        max_page: int,
    ) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = dict(variables or {})
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and isinstance(definition.default_value, IntValueNode):
                self.variables[name] = int(definition.default_value.value)
        self.operation = operation
        self.default_page = default_page
        self.max_page = max_page
        self._fragment_costs: dict[tuple[str, bool, int | None], float] = {}
        self._sizes: _Introspection | None = None

    def total(self) -> int:
        """The operation's cost in points."""
        root = self.schema.get_root_type(self.operation.operation)
        if root is None:
            return 0
        return math.ceil(self._selections(self.operation.selection_set, root, False, None))

    def _selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: Any,
        introspection: bool,
        page: int | None,
    ) -> float:
        """What a selection set costs; with `page`, it is a connection's and its `edges` and
        `nodes` count once per item."""
        if selection_set is None:
            return 0.0
        total = 0.0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost = self._field(selection, parent, introspection)
                paged = page is not None and selection.name.value in PAGED
                total += cost * page if paged and page is not None else cost
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self._selections(selection.selection_set, inner, introspection, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, introspection, page)
        return total

    def _fragment(self, name: str, introspection: bool, page: int | None) -> float:
        key = (name, introspection, page)
        found = self._fragment_costs.get(key)
        if found is None:
            fragment = self.fragments.get(name)
            if fragment is None:
                return 0.0
            self._fragment_costs[key] = 0.0  # a cycle (refused at validation) adds nothing
            inner = self.schema.get_type(fragment.type_condition.name.value)
            found = self._selections(fragment.selection_set, inner, introspection, page)
            self._fragment_costs[key] = found
        return found

    def _field(self, node: FieldNode, parent: Any, introspection: bool) -> float:
        name = node.name.value
        if name == "__typename":
            return 1.0 / INTROSPECTION_VALUES if introspection else 0.0
        if name in ("__schema", "__type"):
            meta = SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef
            values = 1.0 + self._selections(
                node.selection_set, get_named_type(meta.type), True, None
            )
            return 1.0 + math.ceil(values / INTROSPECTION_VALUES)
        fields = getattr(parent, "fields", None)
        field: GraphQLField | None = fields.get(name) if fields is not None else None
        if field is None:
            return 0.0
        named = get_named_type(field.type)
        if introspection:
            if self._sizes is None:  # only requests that introspect pay for looking
                self._sizes = _introspection(self.schema)
            size = self._sizes.sizes.get((parent.name, name), 1.0)
            return size * (1.0 + self._selections(node.selection_set, named, True, None))
        cost = declared(field)
        weight = max(cost.weight, 0) if cost is not None else int(is_composite_type(named))
        items = max(cost.list_size or 1, 1) if cost is not None else 1
        paged = named.name.endswith("Connection") and (
            "first" in field.args or "last" in field.args
        )
        page = self._page(node) if paged else None
        return weight + items * self._selections(node.selection_set, named, False, page)

    def _page(self, node: FieldNode) -> int:
        """The page size a connection field asks for (`first` or `last`, else the default)."""
        arguments = {a.name.value: a.value for a in node.arguments or ()}
        for name in ("first", "last"):
            value = arguments.get(name)
            if isinstance(value, IntValueNode):
                return _clamp(int(value.value), self.max_page)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int) and not isinstance(given, bool):
                    return _clamp(given, self.max_page)
        return self.default_page


def _clamp(value: int, largest: int) -> int:
    return min(max(value, 1), largest)


def cost_error(cost: int, limit: int) -> GraphQLError:
    """The refusal of a request costing more than the limit."""
    return GraphQLError(
        f"请求的估算代价为 {cost} 点，超过上限 {limit} 点（JIUYE_MAX_COST）："
        "看板、指标与明细远比普通字段昂贵，连接按每页条数计；请减少字段或别名、缩小每页条数，或分成几个请求",
        extensions={"code": "LIMIT_COST", "limit": limit, "cost": cost},
    )
