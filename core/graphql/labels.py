"""The Chinese labels of every labelled enum in the schema, so no UI hard-codes them."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from core.enums import LabelledEnum
from core.graphql.context import Info
from core.graphql.errors import bad_argument


@strawberry.type(description="枚举的一个取值与它的中文名称。")
class EnumLabel:
    """One value of a labelled enum."""

    value: str = strawberry.field(description="取值（程序用，如 HEAD）。")
    label: str = strawberry.field(description="中文名称（界面显示，如“户主”）。")
    aliases: list[str] = strawberry.field(description="导入时也接受的其他写法。")


def labelled_enum(info: Info, name: str) -> type[LabelledEnum] | None:
    """The labelled enum the schema calls `name`, if it has one."""
    definition = info.schema.get_type_by_name(name)
    if not isinstance(definition, StrawberryEnumDefinition):
        return None
    wrapped = definition.wrapped_cls
    if not isinstance(wrapped, type) or not issubclass(wrapped, LabelledEnum):
        return None
    return wrapped


@strawberry.type
class LabelsQuery:
    """Root query field for the labels of enums."""

    @strawberry.field(
        description=(
            "一个带中文名称的枚举（如 Relation、WorkForm、LabourCapacity）的全部取值与名称，"
            "按定义顺序；界面据此显示，不必自己写死。不是这样的枚举时报 BAD_ARGUMENT。"
        )
    )
    def enum_labels(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="枚举在 GraphQL 中的类型名。")],
    ) -> list[EnumLabel]:
        found = labelled_enum(info, name.strip())
        if found is None:
            raise bad_argument("enumLabels", "name", f"没有带中文名称的枚举 {name.strip()[:64]}")
        return [
            EnumLabel(value=member.code, label=member.label, aliases=list(member.aliases))
            for member in found
        ]
