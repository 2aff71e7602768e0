"""A plugin as one declaration: who it is, its record kinds, metrics and extras.

`Plugin(...)` gathers what a plugin contributes and `Plugin.hooks()` gives the hook
implementations for the plugin's module, so `plugin.py` reads

    plugin = Plugin(info=PluginInfo(...), kinds=[STATIONS, STAFF], metrics=METRICS, ...)
    globals().update(plugin.hooks())

A hook the declaration does not cover (`populate_demo`, `register_commands`, ...) is written
in the module as before, with `@hookimpl`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.hookspecs import MigrationBranch, PluginInfo, TypeExtension, hookimpl
from core.sdk.kinds import RecordKind
from core.sdk.schema import KindSchema, build


@dataclass
class Plugin:
    """Everything one plugin contributes, declared in one place."""

    info: PluginInfo
    kinds: Sequence[RecordKind] = ()
    """Record kinds, parents before their children."""
    migrations: Path | None = None
    """The folder of the plugin's Alembic revisions (`migrations/versions`)."""
    models: Sequence[type] = ()
    """Table classes besides the record kinds'."""
    queries: Sequence[type] = ()
    mutations: Sequence[type] = ()
    types: Sequence[type] = ()
    extensions: Sequence[TypeExtension] = ()
    loaders: Sequence[type] = ()
    metrics: Sequence[Any] = ()
    targets: Sequence[Any] = ()
    sheets: Sequence[Any] = ()
    settings: type[Any] | None = None
    """The plugin's pydantic-settings class (see the `register_settings` hook)."""
    _built: dict[str, KindSchema] = field(default_factory=dict, init=False)

    def schema(self, kind: RecordKind) -> KindSchema:
        """The GraphQL parts built for one of the plugin's kinds."""
        self._build()
        return self._built[kind.name]

    def _build(self) -> None:
        if self._built:
            return
        for kind in self.kinds:
            self._built[kind.name] = build(kind, self._built)

    def hooks(self) -> dict[str, Callable[..., Any]]:
        """Hook implementations for the plugin module's namespace."""
        me = self

        @hookimpl
        def plugin_info() -> PluginInfo:
            return me.info

        @hookimpl
        def register_models() -> Sequence[type]:
            return [*(kind.model for kind in me.kinds), *me.models]

        @hookimpl
        def register_queries() -> Sequence[type]:
            me._build()
            return [*(s.query for s in me._built.values()), *me.queries]

        @hookimpl
        def register_mutations() -> Sequence[type]:
            me._build()
            built: list[type] = [s.mutation for s in me._built.values() if s.mutation]
            return [*built, *me.mutations]

        @hookimpl
        def register_types() -> Sequence[type]:
            me._build()
            return [*(s.node_type for s in me._built.values()), *me.types]

        @hookimpl
        def extend_types() -> Sequence[TypeExtension]:
            me._build()
            built = [
                TypeExtension(target=target, fields=fields)
                for s in me._built.values()
                for target, fields in s.extensions
            ]
            return [*built, *me.extensions]

        @hookimpl
        def register_loaders() -> Sequence[type]:
            me._build()
            return [*(loader for s in me._built.values() for loader in s.loaders), *me.loaders]

        @hookimpl
        def register_metrics() -> Sequence[Any]:
            return me.metrics

        @hookimpl
        def register_targets() -> Sequence[Any]:
            return me.targets

        @hookimpl
        def register_importers() -> Sequence[Any]:
            from core.sdk.sheets import sheet_kind

            built = [sheet_kind(kind) for kind in me.kinds if kind.sheet is not None]
            return [*built, *me.sheets]

        hooks: dict[str, Callable[..., Any]] = {
            "plugin_info": plugin_info,
            "register_models": register_models,
            "register_queries": register_queries,
            "register_mutations": register_mutations,
            "register_types": register_types,
            "extend_types": extend_types,
            "register_loaders": register_loaders,
            "register_metrics": register_metrics,
            "register_targets": register_targets,
            "register_importers": register_importers,
        }
        if self.settings is not None:
            settings = self.settings

            @hookimpl
            def register_settings() -> type[Any]:
                return settings

            hooks["register_settings"] = register_settings
        if self.migrations is not None:
            branch = MigrationBranch(self.info.name, self.migrations)

            @hookimpl
            def register_migrations() -> MigrationBranch:
                return branch

            hooks["register_migrations"] = register_migrations
        return hooks


__all__ = ["Plugin"]
