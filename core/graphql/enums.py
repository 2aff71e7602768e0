"""Expose a LabelledEnum to GraphQL with each value described by its Chinese label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from core.enums import LabelledEnum

E = TypeVar("E", bound=type[LabelledEnum])
T = TypeVar("T")


def graphql_enum(cls: E, description: str) -> E:
    """Register `cls` as a GraphQL enum; each value's description is its label."""
    strawberry.enum(cls, description=description)
    definition: StrawberryEnumDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        member = cls[value.name]
        aliases = f"（也接受：{'、'.join(member.aliases)}）" if member.aliases else ""
        value.description = f"{member.label}{aliases}"
    return cls


def describe_enum(cls: T, descriptions: Mapping[Any, str]) -> T:
    """Give each value of an already registered strawberry enum its description."""
    definition: StrawberryEnumDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        value.description = descriptions[cls[value.name]]  # type: ignore[index]
    return cls
