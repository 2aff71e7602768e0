"""The test kit's building blocks: scratch databases, platforms, a GraphQL client, a statement counter.

Used by the fixtures in `core.testing.fixtures` (a pytest plugin loaded automatically wherever
jiuye is installed) and directly by tests that need more than the fixtures give.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import delete, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from core.app import create_app
from core.db import normalize_url
from core.platform import Platform
from core.security.caller import Caller
from core.settings import Settings


def base_url() -> str | None:
    """The database server tests run against: JIUYE_TEST_DATABASE_URL, else JIUYE_DATABASE_URL."""
    return os.environ.get("JIUYE_TEST_DATABASE_URL") or os.environ.get("JIUYE_DATABASE_URL")


def is_postgres(url: str | None) -> bool:
    """Whether a URL names PostgreSQL."""
    return url is not None and make_url(url).get_backend_name() in ("postgresql", "postgres")


@dataclass
class ScratchDatabases:
    """Creates throw-away databases for the session and drops them at the end."""

    tmp: Path
    created: list[str]

    async def create(self, label: str) -> str:
        base = base_url()
        if not is_postgres(base):
            return f"sqlite:///{self.tmp / f'{label}.db'}"
        assert base is not None
        name = f"jiuye_test_{label}_{uuid.uuid4().hex[:8]}"
        admin = create_async_engine(normalize_url(base), isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        await admin.dispose()
        self.created.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    async def drop_all(self) -> None:
        base = base_url()
        if not self.created or base is None:
            return
        admin = create_async_engine(normalize_url(base), isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            for name in self.created:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def empty(platform: Platform) -> None:
    """Delete every row, then put the shipped reference data back."""
    async with platform.db.begin() as conn:
        # Only the tables this database has: another plugin's models may be imported (by
        # `jiuye plugins check`, say) while the database was migrated without that plugin.
        present = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name in present:
                await conn.execute(delete(table))
        await platform.plugins.acall("seed_reference_data", conn=conn)


async def seed_targets(platform: Platform) -> int:
    """Write the plan's target defaults (`register_targets`) as `jiuye db upgrade` does; the
    fixtures' `empty` leaves none, so a test that reads targets calls this first."""
    from core.metrics.registry import collect_metrics, collect_target_defaults
    from core.metrics.targets import seed_defaults

    defaults = collect_target_defaults(platform.plugins, collect_metrics(platform.plugins))
    async with platform.db.begin() as conn:
        return await seed_defaults(conn, defaults)


def make_platform(url: str, plugins: str | None = None, **settings: Any) -> Platform:
    """A platform on the test database with the chosen plugins (None: all installed)."""
    return Platform(Settings(database_url=url, plugins=plugins, **settings))


class GraphQLClient:
    """Sends GraphQL requests to the app in-process, as a front end would over HTTP."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.http = client

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> httpx.Response:
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run a query that must succeed; return its data."""
        response = await self.post(query, variables)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


async def client_for(
    platform: Platform, caller: Caller | None = None
) -> AsyncIterator[GraphQLClient]:
    """A client for the app on `platform`, every request acting as `caller` (default: admin)."""

    async def resolve(request: Any) -> Caller:
        return caller or Caller()

    app = create_app(platform=platform, caller=resolve)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


class StatementCounter:
    """Counts the SQL statements an engine runs while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if (
            not statement.lstrip()
            .upper()
            .startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SELECT 1"))
        ):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()


def count_statements(platform: Platform) -> Iterator[StatementCounter]:
    """Count the statements `platform` runs until the generator is closed."""
    counter = StatementCounter()
    engine = platform.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def check_plugin(name: str) -> list[str]:
    """What `jiuye plugins check NAME` finds wrong with an installed plugin (empty: nothing)."""
    from core.plugin_check import check_plugins

    (result,) = check_plugins(Settings(), name)
    return list(result.problems)


async def import_file(
    platform: Platform,
    path: Path,
    *,
    caller: Caller | None = None,
    dry_run: bool = False,
    today: Any = None,
) -> Any:
    """Import a spreadsheet as `jiuye import` would (as the caller, default the administrator)."""
    from core.importing.runner import Source, run_import
    from core.importing.sheets import ImportOptions
    from core.testing.factories import TODAY

    day = today or TODAY
    with path.open("rb") as file:
        return await run_import(
            platform.db,
            platform.plugins,
            Source(path.name, file),
            ImportOptions(today=day, as_of=day, dry_run=dry_run, caller=caller or Caller()),
        )
