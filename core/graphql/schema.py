"""Build the GraphQL schema from whatever plugins are loaded.

Root fields and fields added to other parts' types are checked for clashes before the
schema is built (strawberry's `merge_types` would let one silently win); a clash stops
start-up naming both parties. Any subset of plugins builds its own schema, so tests can
build one with exactly the plugins they need.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import strawberry
from graphql import GraphQLInterfaceType, GraphQLObjectType
from strawberry.exceptions import DuplicatedTypeName
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter
from strawberry.tools import merge_types
from strawberry.types.base import StrawberryObjectDefinition, get_object_definition
from strawberry.types.field import StrawberryField

from core.hookspecs import TypeExtension
from core.plugins import Claims, Contribution, PluginError, Plugins

_NAMES = NameConverter(auto_camel_case=True)
# Strawberry keeps field lists on type definitions shared by the whole process; building
# an extended schema swaps them for a moment, so one build runs at a time.
_BUILD_LOCK = threading.Lock()


def _definition(cls: type, plugin: str, hook: str) -> StrawberryObjectDefinition:
    definition = get_object_definition(cls)
    if definition is None:
        raise PluginError(
            f"plugin {plugin!r}: {hook} returned {cls!r}, which is not a strawberry type"
        )
    return definition


def _field_name(field: StrawberryField) -> str:
    return _NAMES.from_field(field)


_ROOT_DESCRIPTIONS = {
    "Query": "查询入口：核心与各插件贡献的全部查询字段。",
    "Mutation": "变更入口：核心与各插件贡献的全部变更字段；预期内的失败以结果联合类型中的错误对象返回。",
}


def _root_type(name: str, contributions: Sequence[Contribution[type]], hook: str) -> type | None:
    claims = Claims("root field")
    classes = []
    for contribution in contributions:
        definition = _definition(contribution.value, contribution.plugin, hook)
        for field in definition.fields:
            claims.claim(f"{name}.{_field_name(field)}", contribution.plugin)
        classes.append(contribution.value)
    if not classes:
        return None
    merged = merge_types(name, tuple(classes))
    get_object_definition(merged, strict=True).description = _ROOT_DESCRIPTIONS[name]
    return merged


Additions = dict[int, tuple[StrawberryObjectDefinition, list[StrawberryField]]]


def _extension_fields(
    plugins: Plugins, extensions: Sequence[Contribution[TypeExtension]]
) -> Additions:
    claims: dict[int, Claims] = {}
    added: Additions = {}
    for contribution in extensions:
        extension = contribution.value
        if not isinstance(extension, TypeExtension):
            raise PluginError(
                f"plugin {contribution.plugin!r}: extend_types must return TypeExtension items"
            )
        target = _definition(extension.target, contribution.plugin, "extend_types")
        source = _definition(extension.fields, contribution.plugin, "extend_types")
        owned = claims.get(id(target))
        if owned is None:
            owned = claims[id(target)] = Claims("field")
            owner = plugins.owner_of(extension.target) or "?"
            for field in target.fields:
                owned.claim(f"{target.name}.{_field_name(field)}", owner)
        for field in source.fields:
            owned.claim(f"{target.name}.{_field_name(field)}", contribution.plugin)
            added.setdefault(id(target), (target, []))[1].append(copy.copy(field))
    return added


@contextmanager
def _extended(added: Additions) -> Iterator[None]:
    originals = [(definition, definition.fields) for definition, _ in added.values()]
    try:
        for definition, fields in added.values():
            definition.fields = [*definition.fields, *fields]
        yield
    finally:
        for definition, fields in originals:
            definition.fields = fields


def root_owners(plugins: Plugins, hook: str) -> dict[str, str]:
    """GraphQL name of each root field a hook contributes → the plugin contributing it."""
    owners: dict[str, str] = {}
    for contribution in plugins.flat(hook):
        definition = _definition(contribution.value, contribution.plugin, hook)
        for field in definition.fields:
            owners[_field_name(field)] = contribution.plugin
    return owners


def _plain_resolver(python_name: str) -> Any:
    def resolve(source: Any, info: Any, **_: Any) -> Any:
        return getattr(source, python_name)

    return resolve


def _fast_basic_fields(schema: strawberry.Schema) -> None:
    """Let fields that only read an attribute skip strawberry's resolver wrapper.

    Strawberry wraps every field's resolver (extensions, permissions, argument conversion);
    a field with no resolver, extension or argument only reads an attribute, so it gets a
    plain getattr. On a nested list this is most fields of the response.
    """
    for graphql_type in schema._schema.type_map.values():
        if graphql_type.name.startswith("__") or not isinstance(
            graphql_type, GraphQLObjectType | GraphQLInterfaceType
        ):
            continue
        fields = graphql_type.fields
        for graphql_field in fields.values():
            definition = (getattr(graphql_field, "extensions", None) or {}).get(
                "strawberry-definition"
            )
            if (
                isinstance(definition, StrawberryField)
                and definition.base_resolver is None
                and not definition.extensions
                and not getattr(definition, "permission_classes", None)
                and not getattr(graphql_field, "args", None)
                and graphql_field.resolve is not None
            ):
                graphql_field.resolve = _plain_resolver(definition.python_name)


def build_schema(plugins: Plugins) -> strawberry.Schema:
    """Build the schema from the loaded plugins' queries, mutations, types and extensions."""
    query = _root_type("Query", plugins.flat("register_queries"), "register_queries")
    if query is None:
        raise PluginError("no plugin contributes a root query field")
    mutation = _root_type("Mutation", plugins.flat("register_mutations"), "register_mutations")
    added = _extension_fields(plugins, plugins.flat("extend_types"))
    extra: list[Any] = [c.value for c in plugins.flat("register_types")]
    with _BUILD_LOCK, _extended(added):
        try:
            schema = strawberry.Schema(
                query=query,
                mutation=mutation,
                types=extra,
                config=StrawberryConfig(auto_camel_case=True),
            )
        except DuplicatedTypeName as exc:
            first = plugins.owner_of(exc.first_cls) if exc.first_cls else "?"
            second = plugins.owner_of(exc.second_cls) if exc.second_cls else "?"
            raise PluginError(
                f"{exc.message}: once by {first!r} ({getattr(exc.first_cls, '__module__', '?')}) "
                f"and once by {second!r} ({getattr(exc.second_cls, '__module__', '?')}); "
                "give one of them another name"
            ) from exc
    _fast_basic_fields(schema)
    return schema
