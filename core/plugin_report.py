"""What each loaded plugin is and contributes, for `jiuye plugins` and its `--json`."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLNamedType
from strawberry.schema.name_converter import NameConverter
from strawberry.types.base import get_object_definition

from core.hookspecs import TypeExtension
from core.platform import Platform

_NAMES = NameConverter(auto_camel_case=True)


def _type_owners(platform: Platform) -> dict[str, str]:
    owners: dict[str, str] = {}
    named: dict[str, GraphQLNamedType] = platform.schema._schema.type_map
    for name, graphql_type in named.items():
        if name.startswith("__"):
            continue
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        origin = getattr(definition, "origin", None) or getattr(definition, "wrapped_cls", None)
        owner = platform.plugins.owner_of(origin) if origin is not None else None
        if owner is not None:
            owners[name] = owner
    return owners


def _root_fields(platform: Platform, hook: str, root: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for contribution in platform.plugins.flat(hook):
        definition = get_object_definition(contribution.value, strict=True)
        fields.setdefault(contribution.plugin, []).extend(
            f"{root}.{_NAMES.from_field(f)}" for f in definition.fields
        )
    return fields


def describe_plugins(platform: Platform) -> list[dict[str, Any]]:
    """One entry per plugin, the core first."""
    plugins = platform.plugins
    owners = _type_owners(platform)
    query_fields = _root_fields(platform, "register_queries", "Query")
    mutation_fields = _root_fields(platform, "register_mutations", "Mutation")
    extension_fields: dict[str, list[str]] = {}
    for contribution in plugins.flat("extend_types"):
        extension: TypeExtension = contribution.value
        target = get_object_definition(extension.target, strict=True)
        source = get_object_definition(extension.fields, strict=True)
        extension_fields.setdefault(contribution.plugin, []).extend(
            f"{target.name}.{_NAMES.from_field(f)}" for f in source.fields
        )
    commands: dict[str, list[str]] = {}
    for contribution in plugins.flat("register_commands"):
        commands.setdefault(contribution.plugin, []).append(contribution.value.name)
    importers: dict[str, list[str]] = {}
    for contribution in plugins.flat("register_importers"):
        importers.setdefault(contribution.plugin, []).append(contribution.value.name)

    report = []
    for name in plugins.names:
        loaded = plugins.loaded[name]
        hooks = sorted(
            hook
            for hook in dir(plugins.manager.hook)
            if not hook.startswith("_")
            and any(
                impl.plugin_name == name
                for impl in getattr(plugins.manager.hook, hook).get_hookimpls()
            )
        )
        report.append(
            {
                "name": name,
                "title": loaded.info.title,
                "version": loaded.info.version,
                "department": loaded.info.department,
                "clause": loaded.info.clause,
                "requiresCore": loaded.info.requires_core,
                "distribution": loaded.distribution,
                "module": loaded.module.__name__,
                "hooks": hooks,
                "contributes": {
                    "types": sorted(t for t, owner in owners.items() if owner == name),
                    "queryFields": query_fields.get(name, []),
                    "mutationFields": mutation_fields.get(name, []),
                    "extensionFields": extension_fields.get(name, []),
                    "commands": commands.get(name, []),
                    "importers": importers.get(name, []),
                },
            }
        )
    return report
