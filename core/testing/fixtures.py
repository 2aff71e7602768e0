"""Pytest fixtures for the core and every plugin: a real database, the app, clients by role.

A pytest plugin, registered through the `pytest11` entry point of the jiuye distribution, so
the in-tree plugins' tests and an outside plugin's tests get the same fixtures. The database
comes from JIUYE_TEST_DATABASE_URL, else JIUYE_DATABASE_URL: a PostgreSQL URL makes the
session create (and finally drop) its own databases on that server; anything else runs on
SQLite files in a temporary folder. Override `jiuye_plugins` in a conftest to choose the
plugins (a comma-separated allow-list; None: every installed plugin).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from core import crypto, migrate
from core.platform import Platform
from core.security.caller import Caller
from core.settings import Settings
from core.testing.kit import (
    GraphQLClient,
    ScratchDatabases,
    StatementCounter,
    base_url,
    client_for,
    count_statements,
    empty,
    is_postgres,
    make_platform,
)


def pytest_configure(config: pytest.Config) -> None:
    """Give the run fresh data and lookup keys (inherited by the commands tests start)."""
    if not os.environ.get("JIUYE_DATA_KEY"):
        os.environ["JIUYE_DATA_KEY"] = crypto.new_key()
        os.environ["JIUYE_LOOKUP_KEY"] = crypto.new_key()


@pytest.fixture(scope="session")
def on_postgres() -> bool:
    """Whether this run talks to PostgreSQL."""
    return is_postgres(base_url())


@pytest.fixture(scope="session")
async def databases(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ScratchDatabases]:
    """Creates throw-away databases for the session and drops them at the end."""
    dbs = ScratchDatabases(tmp_path_factory.mktemp("db"), [])
    yield dbs
    await dbs.drop_all()


@pytest.fixture(scope="session")
def jiuye_plugins() -> str | None:
    """The plugins the fixtures load: a comma-separated allow-list, None for every installed one."""
    return None


@pytest.fixture(scope="session")
async def database_url(databases: ScratchDatabases, jiuye_plugins: str | None) -> str:
    """A migrated database shared by the session, emptied before each test that uses it."""
    url = await databases.create("main")
    platform = Platform(Settings(database_url=url, plugins=jiuye_plugins))
    await migrate.upgrade(platform.db, platform.plugins)
    await platform.close()
    return url


@pytest.fixture(scope="session")
async def demo_url(databases: ScratchDatabases, jiuye_plugins: str | None) -> str:
    """A migrated database holding the demo data (300 households); tests only read it."""
    url = await databases.create("demo")
    platform = Platform(Settings(database_url=url, plugins=jiuye_plugins))
    await migrate.upgrade(platform.db, platform.plugins)
    await platform.plugins.acall("populate_demo", db=platform.db, seed=2019, households=300)
    await platform.close()
    return url


@pytest.fixture
async def platform(database_url: str, jiuye_plugins: str | None) -> AsyncIterator[Platform]:
    """A platform with the chosen plugins, on an empty database with reference data."""
    built = make_platform(database_url, jiuye_plugins)
    await empty(built)
    yield built
    await built.close()


@pytest.fixture
async def demo_platform(demo_url: str, jiuye_plugins: str | None) -> AsyncIterator[Platform]:
    """A platform on the shared demo database; tests must not write to it."""
    built = make_platform(demo_url, jiuye_plugins)
    yield built
    await built.close()


@pytest.fixture
async def gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client for the app on the empty test database."""
    async for client in client_for(platform):
        yield client


@pytest.fixture
async def county_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client acting for 三江县 (450226) only."""
    async for client in client_for(
        platform, Caller(name="三江县人社局", role="county", region="450226")
    ):
        yield client


@pytest.fixture
async def viewer_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client with the viewer role (aggregates only), everywhere."""
    async for client in client_for(platform, Caller(name="看板", role="viewer")):
        yield client


@pytest.fixture
async def demo_viewer_gql(demo_platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A viewer on the demo database."""
    async for client in client_for(demo_platform, Caller(name="看板", role="viewer")):
        yield client


@pytest.fixture
async def department_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client acting for 市人社局 (RSJ), everywhere."""
    async for client in client_for(
        platform, Caller(name="市人社局", role="department", department="RSJ")
    ):
        yield client


@pytest.fixture
async def demo_gql(demo_platform: Platform) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client for the app on the demo database."""
    async for client in client_for(demo_platform):
        yield client


@pytest.fixture
def sql_counter(platform: Platform) -> Iterator[StatementCounter]:
    """Counts SQL statements run on the test database."""
    yield from count_statements(platform)


@pytest.fixture
def demo_sql_counter(demo_platform: Platform) -> Iterator[StatementCounter]:
    """Counts SQL statements run on the demo database."""
    yield from count_statements(demo_platform)


@pytest.fixture
def gql_as(platform: Platform) -> object:
    """Make a client for any caller: `async with gql_as(role="county", region="450226") as c:`."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def make(**caller: str | None) -> AsyncIterator[GraphQLClient]:
        async for client in client_for(platform, Caller(**caller)):  # type: ignore[arg-type]
            yield client

    return make
