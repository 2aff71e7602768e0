"""Schema migrations: the core branch first, then every enabled plugin's branch.

Each branch has its own Alembic version table (`alembic_version` for the core,
`alembic_version_<plugin>` for a plugin), so installing or removing a plugin never stops
the others from migrating; a removed plugin's tables and data stay until it returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from core.db import Database
from core.hookspecs import MigrationBranch
from core.metrics.registry import collect_metrics, collect_target_defaults
from core.metrics.targets import seed_defaults
from core.plugins import PluginError, Plugins

SCRIPT_LOCATION = Path(__file__).parent / "migrations"


def version_table(branch: str) -> str:
    """Name of the Alembic version table of a branch."""
    return "alembic_version" if branch == "core" else f"alembic_version_{branch}"


def alembic_config(branch: MigrationBranch, connection: Connection | None = None) -> Config:
    """Alembic configuration for one branch, bound to a connection when given."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("version_locations", str(branch.versions))
    config.set_main_option("path_separator", "os")
    config.attributes["version_table"] = version_table(branch.name)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def branches(plugins: Plugins) -> list[MigrationBranch]:
    """Every enabled branch in an order that satisfies their dependencies."""
    found: dict[str, MigrationBranch] = {}
    for contribution in plugins.call("register_migrations"):
        branch = contribution.value
        if not isinstance(branch, MigrationBranch):
            raise PluginError(
                f"plugin {contribution.plugin!r}: register_migrations must return a MigrationBranch"
            )
        if branch.name != contribution.plugin:
            raise PluginError(
                f"plugin {contribution.plugin!r} names its migration branch {branch.name!r}; "
                "a branch is named after its plugin"
            )
        found[branch.name] = branch
    ordered: list[MigrationBranch] = []
    visiting: set[str] = set()

    def visit(name: str, wanted_by: str) -> None:
        if any(b.name == name for b in ordered):
            return
        if name not in found:
            raise PluginError(
                f"migration branch {wanted_by!r} depends on {name!r}, which is not enabled"
            )
        if name in visiting:
            raise PluginError(
                f"migration branches depend on each other in a cycle through {name!r}"
            )
        visiting.add(name)
        for dependency in ("core", *found[name].depends_on) if name != "core" else ():
            visit(dependency, name)
        visiting.discard(name)
        ordered.append(found[name])

    for name in sorted(found, key=lambda n: (n != "core", n)):
        visit(name, name)
    return ordered


def _upgrade(connection: Connection, branch: MigrationBranch) -> None:
    command.upgrade(alembic_config(branch, connection), "heads")


def _pending(connection: Connection, branch: MigrationBranch) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(branch))
    context = MigrationContext.configure(
        connection, opts={"version_table": version_table(branch.name)}
    )
    current = set(context.get_current_heads())
    heads = set(script.get_heads())
    if current == heads:
        return []
    pending = []
    for revision in script.walk_revisions():
        if revision.revision in current:
            continue
        # A revision is pending unless it is an ancestor of a current head.
        if not any(
            revision.revision in {r.revision for r in script.iterate_revisions(head, "base")}
            for head in current
        ):
            pending.append(revision.revision)
    return pending


async def upgrade(db: Database, plugins: Plugins) -> list[str]:
    """Migrate every enabled branch to its head, then seed reference data; return branch names."""
    done = []
    for branch in branches(plugins):
        async with db.begin() as conn:
            await conn.run_sync(_upgrade, branch)
        done.append(branch.name)
    metrics = collect_metrics(plugins)
    async with db.begin() as conn:
        await plugins.acall("seed_reference_data", conn=conn)
        await seed_defaults(conn, collect_target_defaults(plugins, metrics))
    return done


async def pending(db: Database, plugins: Plugins) -> dict[str, list[str]]:
    """Return, per enabled branch, the revisions not yet applied (empty when up to date)."""
    result: dict[str, Any] = {}
    async with db.connect() as conn:
        for branch in branches(plugins):
            result[branch.name] = await conn.run_sync(_pending, branch)
    return result
