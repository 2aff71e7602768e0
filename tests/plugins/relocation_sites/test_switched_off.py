"""The core runs with this plugin switched off; the plugin alone builds; migrations match the models."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

from core import migrate
from core.graphql.schema import build_schema
from core.plugins import Plugins
from core.settings import Settings
from core.testing.factories import four_households
from core.testing.kit import GraphQLClient, ScratchDatabases, client_for, make_platform
from plugins.relocation_sites.models import TABLES


async def test_core_without_the_plugin(databases: ScratchDatabases) -> None:
    url = await databases.create("no_relocation")
    platform = make_platform(url, plugins="")
    try:
        assert await migrate.upgrade(platform.db, platform.plugins) == ["core"]
        async with platform.db.connect() as conn:
            tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        assert not [t for t in tables if t.startswith("relocation_")]
        await four_households(platform)
        sdl = platform.schema.as_str()
        assert "relocationSite" not in sdl and "RelocationSite" not in sdl
        async for client in client_for(platform):
            data = await client(
                '{ households(filter: {relocated: true}) { nodes { registryNumber } } metrics(asOf: "2019-09-30") { key } }'
            )
            assert data["households"]["nodes"] == [{"registryNumber": "H-B"}]
            assert not [m for m in data["metrics"] if m["key"].startswith("relocation.")]
            response = await client.post("{ relocationSites { totalCount } }")
            assert "relocationSites" in response.json()["errors"][0]["message"]
    finally:
        await platform.close()


def test_the_plugin_alone_builds() -> None:
    sdl = build_schema(Plugins(Settings(plugins="relocation"))).as_str()
    for name in (
        "type RelocationSite",
        "type SiteScorecard",
        "relocationSite: RelocationSite",
        "relocationSites: [RelocationSite!]!",
    ):
        assert name in sdl
    assert "type Workshop" not in sdl


async def test_migration_matches_the_models(database_url: str) -> None:
    platform = make_platform(database_url)
    try:
        async with platform.db.connect() as conn:
            found = await conn.run_sync(_columns)
    finally:
        await platform.close()
    for model in TABLES:
        table: Any = model.__table__  # type: ignore[union-attr]
        expected = {c.name: c.nullable for c in table.columns}
        assert found[table.name] == expected, table.name


def _columns(sync: Any) -> dict[str, dict[str, bool]]:
    inspector = inspect(sync)
    return {
        name: {c["name"]: c["nullable"] for c in inspector.get_columns(name)}
        for name in inspector.get_table_names()
        if name.startswith("relocation_")
    }


async def test_with_and_without_on_one_database(database_url: str) -> None:
    # a database migrated with the plugin serves a platform that has it switched off
    platform = make_platform(database_url, plugins="")
    try:
        async for client in client_for(platform):
            assert isinstance(client, GraphQLClient)
            data = await client("{ regions { code } }")
            assert data["regions"] == [{"code": "450200"}]
    finally:
        await platform.close()
