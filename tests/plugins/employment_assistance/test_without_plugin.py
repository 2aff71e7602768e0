"""The core runs with this plugin switched off, and the plugin's schema builds on its own."""

from __future__ import annotations

from sqlalchemy import inspect

from core import migrate
from core.graphql.schema import build_schema
from core.platform import Platform
from core.plugins import Plugins
from core.settings import Settings
from tests.conftest import ScratchDatabases, client_for, make_platform
from tests.factories import four_households

OURS = ("PovertyWorkshop", "VillagePost", "HiringSubsidy", "JobFair", "JobPush", "FiveEvent")


async def _post(platform: Platform, query: str) -> dict[str, object]:
    async for client in client_for(platform):
        response = await client.post(query)
    body: dict[str, object] = response.json()
    return body


def test_schemas_with_and_without_the_plugin() -> None:
    alone = build_schema(Plugins(Settings(plugins="employment_assistance"))).as_str()
    for name in (*OURS, "MinimumWage", "VillagePostCoverageReport", "HiringSubsidyKind"):
        assert f"type {name}" in alone or f"enum {name}" in alone, name
    assert "villagePosts:" in alone and "workshops:" in alone
    core = build_schema(Plugins(Settings(plugins=""))).as_str()
    for name in OURS:
        assert name not in core
    assert "villagePosts" not in core and "povertyWorkshops" not in core


async def test_the_core_alone_on_a_database_that_has_the_plugins_tables(
    database_url: str, platform: Platform
) -> None:
    await four_households(platform)
    core = make_platform(database_url, plugins="")
    try:
        body = await _post(
            core,
            '{ households { totalCount } metrics(asOf: "2019-09-30") { key } }',
        )
        assert "errors" not in body, body
        data = body["data"]
        assert isinstance(data, dict)
        assert data["households"] == {"totalCount": 4}
        assert all(not m["key"].startswith("employment_assistance.") for m in data["metrics"])
        missing = await _post(core, "{ povertyWorkshops { totalCount } }")
        assert "errors" in missing
    finally:
        await core.close()


async def test_the_core_alone_migrates_a_fresh_database(databases: ScratchDatabases) -> None:
    url = await databases.create("core_only")
    core = make_platform(url, plugins="")
    try:
        assert await migrate.upgrade(core.db, core.plugins) == ["core"]
        async with core.db.connect() as conn:
            tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        assert "household" in tables
        assert not any(name.startswith("assistance_") for name in tables)
        body = await _post(core, '{ region(code: "450226") { name } }')
        assert body == {"data": {"region": {"name": "三江侗族自治县"}}}
    finally:
        await core.close()
