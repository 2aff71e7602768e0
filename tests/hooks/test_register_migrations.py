"""`register_migrations`: each branch is migrated after the core, into its own version table."""

from __future__ import annotations

from sqlalchemy import inspect

from core import migrate
from core.platform import Platform


async def test_each_branch_is_migrated_to_its_head(platform: Platform) -> None:
    branches = migrate.branches(platform.plugins)
    assert branches[0].name == "core"
    assert {b.name for b in branches} == set(platform.plugins.names)
    assert all(
        not waiting for waiting in (await migrate.pending(platform.db, platform.plugins)).values()
    )
    async with platform.db.connect() as conn:
        tables = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
    assert {migrate.version_table(b.name) for b in branches} <= tables
    assert "alembic_version_training" in tables
