"""Shared fixtures: a real database (SQLite file or a fresh PostgreSQL database), the app, a client.

The database comes from JIUYE_TEST_DATABASE_URL, else JIUYE_DATABASE_URL: a PostgreSQL URL
makes the suite create its own throw-away database on that server; anything else runs on a
SQLite file in a temporary folder.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from core import migrate
from core.app import create_app
from core.db import normalize_url
from core.graphql.context import Caller
from core.platform import Platform
from core.settings import Settings


def _base_url() -> str | None:
    return os.environ.get("JIUYE_TEST_DATABASE_URL") or os.environ.get("JIUYE_DATABASE_URL")


def _is_postgres(url: str | None) -> bool:
    return bool(url) and make_url(url).get_backend_name() in ("postgresql", "postgres")


@dataclass
class ScratchDatabases:
    """Creates throw-away databases for the session and drops them at the end."""

    tmp: Path
    created: list[str]

    async def create(self, label: str) -> str:
        base = _base_url()
        if not _is_postgres(base):
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
        base = _base_url()
        if not self.created or base is None:
            return
        admin = create_async_engine(normalize_url(base), isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            for name in self.created:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(scope="session")
def on_postgres() -> bool:
    """Whether this run talks to PostgreSQL."""
    return _is_postgres(_base_url())


@pytest.fixture(scope="session")
async def databases(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ScratchDatabases]:
    dbs = ScratchDatabases(tmp_path_factory.mktemp("db"), [])
    yield dbs
    await dbs.drop_all()


@pytest.fixture(scope="session")
async def database_url(databases: ScratchDatabases) -> str:
    """A migrated database (core and every plugin) shared by the session, emptied per test."""
    url = await databases.create("main")
    platform = Platform(Settings(database_url=url, plugins=None))
    await migrate.upgrade(platform.db, platform.plugins)
    await platform.close()
    return url


@pytest.fixture(scope="session")
async def demo_url(databases: ScratchDatabases) -> str:
    """A migrated database holding the default demo data (300 households); read-only."""
    url = await databases.create("demo")
    platform = Platform(Settings(database_url=url, plugins=None))
    await migrate.upgrade(platform.db, platform.plugins)
    await platform.plugins.acall("populate_demo", db=platform.db, seed=2019, households=300)
    await platform.close()
    return url


async def _empty(platform: Platform) -> None:
    """Delete every row, then put the shipped reference data back."""
    async with platform.db.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            await conn.execute(delete(table))
        await platform.plugins.acall("seed_reference_data", conn=conn)


def make_platform(url: str, plugins: str | None = None, **settings: Any) -> Platform:
    """A platform on the test database with the chosen plugins (None: all installed)."""
    return Platform(Settings(database_url=url, plugins=plugins, **settings))


@pytest.fixture
async def platform(database_url: str) -> AsyncIterator[Platform]:
    """A platform with every installed plugin, on an empty database with reference data."""
    built = make_platform(database_url)
    await _empty(built)
    yield built
    await built.close()


@pytest.fixture
async def demo_platform(demo_url: str) -> AsyncIterator[Platform]:
    """A platform on the shared demo database; tests must not write to it."""
    built = make_platform(demo_url)
    yield built
    await built.close()


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


async def _client(platform: Platform, caller: Caller | None = None) -> AsyncIterator[GraphQLClient]:
    async def resolve(request: Any) -> Caller:
        return caller or Caller()

    app = create_app(platform=platform, caller=resolve)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


@pytest.fixture
async def gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client for the app on the empty test database."""
    async for client in _client(platform):
        yield client


@pytest.fixture
async def county_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client acting for 三江县 (450226) only."""
    async for client in _client(
        platform, Caller(name="三江县人社局", role="county", region="450226")
    ):
        yield client


@pytest.fixture
async def viewer_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client with the viewer role (aggregates only), everywhere."""
    async for client in _client(platform, Caller(name="看板", role="viewer")):
        yield client


@pytest.fixture
async def demo_viewer_gql(demo_platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A viewer on the demo database."""
    async for client in _client(demo_platform, Caller(name="看板", role="viewer")):
        yield client


@pytest.fixture
async def department_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client acting for 市人社局 (RSJ), everywhere."""
    async for client in _client(
        platform, Caller(name="市人社局", role="department", department="RSJ")
    ):
        yield client


@pytest.fixture
async def demo_gql(demo_platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client for the app on the demo database."""
    async for client in _client(demo_platform):
        yield client


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
    counter = StatementCounter()
    engine = platform.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


@pytest.fixture
def sql_counter(platform: Platform) -> Iterator[StatementCounter]:
    """Counts SQL statements run on the test database."""
    yield from count_statements(platform)


@pytest.fixture
def demo_sql_counter(demo_platform: Platform) -> Iterator[StatementCounter]:
    """Counts SQL statements run on the demo database."""
    yield from count_statements(demo_platform)
