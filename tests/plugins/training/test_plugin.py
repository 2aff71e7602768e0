"""The plugin's place in the platform: the core runs without it, it runs alone with the core."""

from __future__ import annotations

from core.graphql.schema import build_schema
from core.migrate import branches
from core.plugins import Plugins
from core.settings import Settings
from tests.conftest import client_for, make_platform

TRAINING_FIELDS = ("trainingClasses", "leaderClassCompliance", "enrol", "trainings")


async def _post(platform_url: str, plugins: str, query: str) -> dict[str, object]:
    platform = make_platform(platform_url, plugins=plugins)
    body: dict[str, object] = {}
    try:
        async for client in client_for(platform):
            body = (await client.post(query)).json()
    finally:
        await platform.close()
    return body


async def test_core_runs_with_the_plugin_switched_off(database_url: str) -> None:
    sdl = build_schema(Plugins(Settings(plugins=""))).as_str()
    assert "households" in sdl
    for field in TRAINING_FIELDS:
        assert field not in sdl
    body = await _post(
        database_url,
        "",
        '{ regions { code } metricDefinitions { key } region(code: "450225") { name } }',
    )
    assert "errors" not in body, body
    data = body["data"]
    assert isinstance(data, dict)
    assert data["region"] == {"name": "融水苗族自治县"}
    assert all(not d["key"].startswith("training.") for d in data["metricDefinitions"])
    assert [b.name for b in branches(Plugins(Settings(plugins="")))] == ["core"]


async def test_the_plugin_alone_with_the_core(database_url: str) -> None:
    sdl = build_schema(Plugins(Settings(plugins="training"))).as_str()
    for field in TRAINING_FIELDS:
        assert field in sdl
    body = await _post(
        database_url,
        "training",
        '{ trainingClasses { totalCount } leaderClassCompliance(asOf: "2019-12-31") { regionCode } }',
    )
    assert "errors" not in body, body
    assert [b.name for b in branches(Plugins(Settings(plugins="training")))] == [
        "core",
        "training",
    ]


def test_plugin_info() -> None:
    plugins = Plugins(Settings(plugins="training"))
    info = plugins.loaded["training"].info
    assert (info.name, info.department, info.clause) == ("training", "RSJ", "三(二)")
