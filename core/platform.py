"""The running platform: settings, plugins, database and the schema built from them."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

import strawberry

from core.db import Database
from core.graphql.context import Context
from core.graphql.heavy import HeavyGate
from core.graphql.loaders import Loader
from core.metrics.engine import MetricsEngine
from core.plugins import Claims, PluginError, Plugins
from core.security.caller import Caller
from core.security.permissions import MutationPolicy
from core.settings import Settings

if TYPE_CHECKING:
    from starlette.requests import Request


class Platform:
    """Everything a request, a command or a test needs, built once per process."""

    def __init__(self, settings: Settings, plugins: Plugins | None = None) -> None:
        self.settings = settings
        self.plugins = plugins if plugins is not None else Plugins(settings)
        self.db = Database.from_settings(settings)

    @cached_property
    def schema(self) -> strawberry.Schema:
        """The GraphQL schema of the loaded plugins."""
        from core.graphql.schema import build_schema

        return build_schema(self.plugins)

    @cached_property
    def loaders(self) -> frozenset[type[Loader[Any, Any]]]:
        """Every registered DataLoader class; names are unique across plugins."""
        claims = Claims("DataLoader")
        found = set()
        for contribution in self.plugins.flat("register_loaders"):
            cls = contribution.value
            if not (isinstance(cls, type) and issubclass(cls, Loader)):
                raise PluginError(
                    f"plugin {contribution.plugin!r}: register_loaders must return Loader subclasses"
                )
            claims.claim(cls.__name__, contribution.plugin)
            found.add(cls)
        return frozenset(found)

    @cached_property
    def mutation_policy(self) -> MutationPolicy:
        """Who may call each mutation."""
        from core.graphql.schema import root_owners

        departments = {name: p.info.department for name, p in self.plugins.loaded.items()}
        owners = root_owners(self.plugins, "register_mutations")
        return MutationPolicy(self.schema._schema, owners, departments)

    @cached_property
    def metrics(self) -> MetricsEngine:
        """The registered metric definitions and their engine."""
        from core.metrics.registry import collect_metrics

        return MetricsEngine(
            collect_metrics(self.plugins),
            connect=self.db.connect,
            concurrency=self.settings.metric_concurrency,
            gate=HeavyGate(self.settings.heavy_concurrency, self.settings.heavy_wait_seconds),
        )

    def context(
        self,
        *,
        request: Request | None = None,
        caller: Caller | None = None,
        today: date | None = None,
    ) -> Context:
        """A fresh per-request context: new loaders, the caller, today's date."""
        return Context(
            db=self.db,
            settings=self.settings,
            plugins=self.plugins,
            metrics=self.metrics,
            caller=caller or Caller(),
            request=request,
            today=today or date.today(),
            registered_loaders=self.loaders,
        )

    async def close(self) -> None:
        """Release the database connections."""
        await self.db.dispose()
