"""Schema directives that mark fields for the security layer (visible in schema.graphql)."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import FieldNode, GraphQLError, ValidationContext, ValidationRule
from strawberry.schema_directive import Location


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description=(
        "个人信息或逐条记录：查看者（viewer）角色不能查询这个字段，只能看汇总。"
        "身份证号与电话在任何响应中默认脱敏。"
    ),
)
class Personal:
    """Marks a field that returns personal data or individual records."""


PERSONAL = Personal()


def is_personal(field: Any) -> bool:
    """Whether a GraphQL field carries the @personal directive."""
    definition = (getattr(field, "extensions", None) or {}).get("strawberry-definition")
    return any(isinstance(d, Personal) for d in getattr(definition, "directives", ()) or ())


class PersonalFieldsRule(ValidationRule):
    """Refuses any @personal field: added to validation for callers who see aggregates only."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.context.get_parent_type()
        field = self.context.get_field_def()
        if field is not None and is_personal(field):
            self.report_error(
                GraphQLError(
                    f"字段 {getattr(parent, 'name', '?')}.{node.name.value} 带 @personal，"
                    "是个人信息或逐条记录；查看者（viewer）角色只能看汇总数字",
                    node,
                    extensions={"code": "FORBIDDEN_FIELD"},
                )
            )


__all__ = ["PERSONAL", "Personal", "PersonalFieldsRule", "ValidationContext", "is_personal"]
