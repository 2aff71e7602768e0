"""The schema: built from any subset of plugins, described everywhere, committed and current."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, GraphQLUnionType

from core.graphql.schema import build_schema
from core.plugins import Plugins
from core.settings import Settings

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "allow",
    [
        "",
        "training",
        "entrepreneurship",
        "relocation",
        "employment_assistance",
        "supervision",
        None,
    ],
)
def test_any_subset_of_plugins_builds(allow: str | None) -> None:
    schema = build_schema(Plugins(Settings(plugins=allow)))
    assert "households" in schema.as_str()


def test_every_type_field_and_argument_is_described() -> None:
    schema = build_schema(Plugins(Settings(plugins=None)))._schema
    missing = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{name}.{v}" for v, value in graphql_type.values.items() if not value.description
            ]
        if isinstance(graphql_type, GraphQLUnionType) and not graphql_type.description:
            missing.append(name)
    assert missing == [], missing


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8")
    assert committed == build_schema(Plugins(Settings(plugins=None))).as_str().rstrip() + "\n"
