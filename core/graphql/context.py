"""The typed per-request context every resolver receives as `info.context`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry

from core.db import Database
from core.scope import Scope
from core.security.caller import Caller  # re-exported: who a request acts for
from core.settings import Settings

if TYPE_CHECKING:
    from starlette.requests import Request

    from core.graphql.loaders import Loader
    from core.metrics.engine import MetricsEngine
    from core.plugins import Plugins

L = TypeVar("L", bound="Loader[Any, Any]")


@dataclass
class Context:
    """Per-request state: the database, settings, plugins, the caller and their loaders."""

    db: Database
    settings: Settings
    plugins: Plugins
    metrics: MetricsEngine
    caller: Caller = field(default_factory=Caller)
    request: Request | None = None
    today: date = field(default_factory=date.today)
    registered_loaders: frozenset[type[Any]] = frozenset()
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    _loaders: dict[type[Any], Any] = field(default_factory=dict)

    @property
    def scope(self) -> Scope:
        """The regions this request may see (the caller's region subtree)."""
        return Scope(self.caller.region)

    def loader(self, cls: type[L]) -> L:
        """Return this request's instance of a DataLoader class, creating it on first use."""
        instance = self._loaders.get(cls)
        if instance is None:
            if self.registered_loaders and cls not in self.registered_loaders:
                raise LookupError(
                    f"{cls.__qualname__} is not registered; return it from register_loaders"
                )
            instance = cls(self)
            self._loaders[cls] = instance
        return instance


Info = strawberry.Info[Context, None]
"""What every resolver annotates its `info` argument with."""


__all__ = ["Caller", "Context", "Info"]
