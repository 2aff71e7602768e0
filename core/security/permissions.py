"""Which roles may call which mutations: checked before execution, so nothing runs when refused."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from strawberry.schema_directive import Location

from core.security.caller import Caller
from core.security.roles import Role


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="只有管理员（admin）可以调用这个变更。",
)
class AdminOnly:
    """Marks a mutation only administrators may call."""


ADMIN_ONLY = AdminOnly()


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description=(
        "可以调用这个变更的部门（部门角色）：代替插件的牵头单位，用于一条行动由别的单位牵头的情形。"
    ),
)
class LeadBy:
    """Names the departments that lead a mutation, where they differ from its plugin's."""

    departments: list[str]


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description="这个变更按它写入的每类记录自己检查调用者的权限（如导入：按台账种类）。",
)
class ChecksEachRecord:
    """Marks a mutation that checks write rights per kind of record it writes."""


CHECKS_EACH_RECORD = ChecksEachRecord()


def write_refusal(
    caller: Caller, owner: str, leads: Iterable[str] | None, owner_department: str | None, what: str
) -> str | None:
    """Why `caller` may not write records owned by plugin `owner` (led by `leads`, or by the
    plugin's department), or None when it may. One rule for mutations and imports alike."""
    role = caller.role
    if role == Role.ADMIN:
        return None
    if role == Role.VIEWER:
        return f"查看者（viewer）角色不能修改数据（{what}）"
    if role == Role.COUNTY:
        if owner == "core":
            return None
        return f"县区令牌只能修改核心记录；{what} 属于插件 {owner}"
    if role == Role.DEPARTMENT:
        allowed = (
            frozenset(leads)
            if leads is not None
            else frozenset({d for d in [owner_department] if d and owner != "core"})
        )
        if caller.department in allowed:
            return None
        return (
            f"单位 {caller.department} 不能写入 {what}"
            f"（属于插件 {owner}，牵头单位：{'、'.join(sorted(allowed)) or '无'}）"
        )
    return f"角色 {role} 不能修改数据"


def _directive(field: Any, directive: type) -> Any:
    definition = (getattr(field, "extensions", None) or {}).get("strawberry-definition")
    return next(
        (d for d in getattr(definition, "directives", ()) or () if isinstance(d, directive)), None
    )


def _has(field: Any, directive: type) -> bool:
    return _directive(field, directive) is not None


def root_fields(document: DocumentNode, operation: OperationDefinitionNode) -> list[str]:
    """Names of the root fields an operation selects, through fragments too."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names: list[str] = []

    def walk(selection_set: SelectionSetNode, seen: frozenset[str]) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names.append(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    walk(fragments[name].selection_set, seen | {name})

    walk(operation.selection_set, frozenset())
    return names


class MutationPolicy:
    """Who may call each root mutation field, from the plugin that contributes it."""

    def __init__(
        self,
        schema: GraphQLSchema,
        owners: Mapping[str, str],
        departments: Mapping[str, str | None],
    ) -> None:
        mutation = schema.mutation_type
        fields = mutation.fields if mutation is not None else {}
        self.admin_only = {name for name, field in fields.items() if _has(field, AdminOnly)}
        self.lead_by = {
            name: frozenset(found.departments)
            for name, field in fields.items()
            if (found := _directive(field, LeadBy)) is not None
        }
        self.self_checked = {
            name for name, field in fields.items() if _has(field, ChecksEachRecord)
        }
        self.owners = dict(owners)
        self.departments = dict(departments)

    def refusal(self, caller: Caller, fields: Iterable[str]) -> str | None:
        """Why the caller may not call these mutation fields, or None when it may."""
        for name in fields:
            if name == "__typename" or caller.role == Role.ADMIN:
                continue
            if caller.role == Role.VIEWER:
                return f"查看者（viewer）角色不能修改数据（{name}）"
            if name in self.admin_only:
                return f"只有管理员可以调用 {name}"
            if name in self.self_checked:
                continue
            owner = self.owners.get(name, "core")
            refused = write_refusal(
                caller, owner, self.lead_by.get(name), self.departments.get(owner), name
            )
            if refused is not None:
                return refused.replace("不能写入", "不能调用")
        return None
