"""The whole plugin contract: every hook a plugin (the core included) may implement.

Hooks are always called with keyword arguments, and an implementation declares only the
arguments it needs (pluggy's rule). Each hook says in one line what it returns. A result may be a plain value or an awaitable. The plugin guide,
docs/plugins.md, gives each hook's signature, arguments, return value and an example.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click
    from pydantic_settings import BaseSettings
    from sqlalchemy.ext.asyncio import AsyncConnection
    from starlette.routing import BaseRoute

    from core.db import Database
    from core.graphql.loaders import Loader
    from core.importing.sheets import SheetKind
    from core.metrics.definitions import MetricDefinition, TargetDefault

PROJECT = "jiuye"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@dataclass(frozen=True)
class PluginInfo:
    """Who a plugin is: shown by `jiuye plugins` and checked at start-up."""

    name: str
    """Stable identifier, also the prefix of the plugin's metric keys (`training.…`)."""
    title: str
    """Chinese title shown to people."""
    version: str
    """The plugin's own version."""
    department: str | None = None
    """Code of the lead department (责任单位) for this plugin's action line, if any."""
    clause: str | None = None
    """The plan clause the plugin serves, e.g. `三(三)`."""
    requires_core: str = ">=0.1"
    """PEP 440 specifier of the core versions the plugin works with."""
    description: str = ""
    """One paragraph on what the plugin adds."""
    table_prefix: str | None = None
    """What every table of the plugin starts with; None means `<name>_`. For a plugin whose
    tables predate the rule (`employment_assistance` keeps `assistance_…`)."""


@dataclass(frozen=True)
class TypeExtension:
    """Fields one part adds to a GraphQL type owned by another part.

    `fields` is a strawberry type whose fields are appended to `target`; inside their
    resolvers `self` is the target type's object (e.g. a core `Household`).
    """

    target: type
    fields: type


@dataclass(frozen=True)
class MigrationBranch:
    """Where a plugin's Alembic revisions live; each plugin keeps its own version table."""

    name: str
    versions: Path
    depends_on: Sequence[str] = field(default_factory=tuple)
    """Other branches that must be migrated first (every plugin branch follows `core`)."""


@dataclass(frozen=True)
class Notice:
    """Something people should hear of (a bulletin issued, a task's status changed), for
    whatever gateway (mail, SMS, a messaging app) implements `notify` to deliver."""

    event: str
    """What happened, as `<plugin>.<event>` (`supervision.bulletin_issued`)."""
    subject: str
    """One line in Chinese, fit for a message title."""
    body: str
    """The message in Chinese."""
    region: str
    """The region whose unit it concerns (a county's code, or the city's)."""
    department: str | None = None
    """The department it concerns, where one leads (`RSJ`)."""
    link: str | None = None
    """A path on this platform where it can be read (`/supervision/bulletins/3`)."""
    data: Mapping[str, Any] = field(default_factory=dict)
    """Plain values for a gateway that formats its own message."""


@hookspec
def plugin_info() -> PluginInfo:  # type: ignore[empty-body]
    """Return who this plugin is: name, title, version, department, core versions it needs."""


@hookspec
def register_models() -> Sequence[type]:  # type: ignore[empty-body]
    """Return the SQLModel table classes this plugin adds."""


@hookspec
def register_migrations() -> MigrationBranch:  # type: ignore[empty-body]
    """Return where this plugin's Alembic revisions live."""


@hookspec
def register_types() -> Sequence[type]:  # type: ignore[empty-body]
    """Return strawberry types to include even where no field names them."""


@hookspec
def register_queries() -> Sequence[type]:  # type: ignore[empty-body]
    """Return strawberry types whose fields join the root `Query`."""


@hookspec
def register_mutations() -> Sequence[type]:  # type: ignore[empty-body]
    """Return strawberry types whose fields join the root `Mutation`."""


@hookspec
def register_subscriptions() -> Sequence[type]:  # type: ignore[empty-body]
    """Return strawberry types whose fields (async generators) join the root `Subscription`,
    served over WebSocket (graphql-transport-ws) at `/graphql`."""


@hookspec
def extend_types() -> Sequence[TypeExtension]:  # type: ignore[empty-body]
    """Return fields this plugin adds to types that other parts own."""


@hookspec
def register_loaders() -> Sequence[type[Loader[Any, Any]]]:  # type: ignore[empty-body]
    """Return the DataLoader classes this plugin's resolvers use, one instance per request."""


@hookspec
def register_metrics() -> Sequence[MetricDefinition]:  # type: ignore[empty-body]
    """Return the metric definitions this plugin computes (keys `<plugin>.<name>`)."""


@hookspec
def register_targets() -> Sequence[TargetDefault]:  # type: ignore[empty-body]
    """Return the plan's own targets for this plugin's metrics, written once as defaults."""


@hookspec
def register_commands() -> Sequence[click.Command]:  # type: ignore[empty-body]
    """Return click commands to add under `jiuye`."""


@hookspec
def register_routes() -> Sequence[BaseRoute]:  # type: ignore[empty-body]
    """Return extra Starlette routes (pages, files) the app serves."""


@hookspec
def register_importers() -> Sequence[SheetKind]:  # type: ignore[empty-body]
    """Return the spreadsheet kinds (台账) this plugin imports and exports."""


@hookspec
def register_settings() -> type[BaseSettings]:  # type: ignore[empty-body]
    """Return the plugin's settings class (pydantic-settings), read and checked at start-up."""


@hookspec
def seed_reference_data(conn: AsyncConnection) -> Awaitable[None] | None:
    """Insert the reference data this plugin ships where it is missing; return nothing."""


@hookspec
def populate_demo(db: Database, seed: int, households: int) -> Awaitable[None] | None:
    """Add this plugin's demo records on top of the core's demo households; return nothing."""


@hookspec
def notify(notice: Notice) -> Awaitable[None] | None:
    """Deliver a notice to the people it concerns (mail, SMS, …); return nothing."""
