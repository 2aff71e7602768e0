"""The plugin's place in the platform: it runs alone with the core, and the core without it."""

from __future__ import annotations

from core.graphql.schema import build_schema
from core.migrate import branches
from core.plugins import Plugins
from core.settings import Settings
from plugins.supervision.settings import SupervisionSettings
from tests.conftest import client_for, make_platform

FIELDS = ("bulletins", "rectificationTasks", "issueBulletin", "checkRectificationTasks")


def test_the_core_runs_without_it() -> None:
    sdl = build_schema(Plugins(Settings(plugins=""))).as_str()
    assert all(field not in sdl for field in FIELDS)


async def test_the_plugin_alone_with_the_core(database_url: str) -> None:
    plugins = Plugins(Settings(plugins="supervision"))
    sdl = build_schema(plugins).as_str()
    assert all(field in sdl for field in FIELDS)
    assert [b.name for b in branches(plugins)] == ["core", "supervision"]
    assert plugins.settings_of(SupervisionSettings).deadline_days == 15
    platform = make_platform(database_url, plugins="supervision")
    try:
        async for client in client_for(platform):
            data = await client(
                """mutation { createBulletin(input: {regionCode: "450226", asOf: "2019-06-30"}) {
                  ... on BulletinSuccess { bulletin { status items { metricKey regionCode } } } } }"""
            )
    finally:
        await platform.close()
    items = data["createBulletin"]["bulletin"]["items"]
    assert {i["metricKey"].split(".")[0] for i in items} == {"core"}  # the core's metrics only
