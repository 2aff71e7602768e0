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

from core.graphql.bounds import SCALAR_OVERRIDES
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
    "Subscription": "订阅入口（WebSocket，graphql-transport-ws 协议，地址同 /graphql）：数据变化时推送。",
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


def _method_resolver(definition: StrawberryField, info_class: type) -> Any:
    """Call a resolver method that takes only `self` (and perhaps `info`) directly."""
    resolver = definition.base_resolver
    assert resolver is not None
    func: Any = resolver.wrapped_func
    info_parameter = resolver.info_parameter
    if info_parameter is None:

        def resolve_plain(source: Any, info: Any, **_: Any) -> Any:
            return func(source)

        return resolve_plain
    name = info_parameter.name

    def resolve(source: Any, info: Any, **_: Any) -> Any:
        return func(source, **{name: info_class(_raw_info=info, _field=definition)})

    return resolve


def _simple_method(definition: StrawberryField) -> bool:
    """A resolver method with no GraphQL arguments that needs nothing but `self` and `info`."""
    resolver = definition.base_resolver
    return (
        resolver is not None
        and not isinstance(resolver.wrapped_func, staticmethod | classmethod)
        and resolver.self_parameter is not None
        and not resolver.arguments
        and resolver.root_parameter is None
        and resolver.parent_parameter is None
        and set(resolver.signature.parameters)
        == {resolver.self_parameter.name}
        | ({resolver.info_parameter.name} if resolver.info_parameter else set())
    )


def _fast_basic_fields(schema: strawberry.Schema) -> None:
    """Let fields that only read an attribute, or call a method with no arguments, skip
    strawberry's resolver wrapper.

    Strawberry wraps every field's resolver (extensions, permissions, argument conversion,
    a new `Info` through several layers); a field with no extension, permission or argument
    needs none of it. A plain attribute gets a `getattr`; a method taking only `self` and
    `info` is called directly (its result, awaitable or not, goes to graphql-core as it
    would from strawberry). On a nested list these are almost every field of the response.
    """
    info_class = schema.config.info_class
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
                not isinstance(definition, StrawberryField)
                or definition.extensions
                or getattr(definition, "permission_classes", None)
                or getattr(graphql_field, "args", None)
                or graphql_field.resolve is None
            ):
                continue
            if definition.base_resolver is None:
                graphql_field.resolve = _plain_resolver(definition.python_name)
            elif _simple_method(definition):
                graphql_field.resolve = _method_resolver(definition, info_class)


def build_schema(plugins: Plugins) -> strawberry.Schema:
    """Build the schema from the loaded plugins' queries, mutations, types and extensions."""
    query = _root_type("Query", plugins.flat("register_queries"), "register_queries")
    if query is None:
        raise PluginError("no plugin contributes a root query field")
    mutation = _root_type("Mutation", plugins.flat("register_mutations"), "register_mutations")
    subscription = _root_type(
        "Subscription", plugins.flat("register_subscriptions"), "register_subscriptions"
    )
    added = _extension_fields(plugins, plugins.flat("extend_types"))
    extra: list[Any] = [c.value for c in plugins.flat("register_types")]
    with _BUILD_LOCK, _extended(added):
        try:
            schema = strawberry.Schema(
                query=query,
                mutation=mutation,
                subscription=subscription,
                types=extra,
                config=StrawberryConfig(auto_camel_case=True),
                scalar_overrides=SCALAR_OVERRIDES,
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
