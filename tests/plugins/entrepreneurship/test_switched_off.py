"""The core runs without the plugin, and the plugin alone (with the core) builds its schema."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
from sqlalchemy import inspect

from core import migrate
from core.app import create_app
from core.graphql.context import Caller
from core.graphql.schema import build_schema
from core.platform import Platform
from core.plugins import Plugins
from core.settings import Settings
from tests.conftest import ScratchDatabases, make_platform
from tests.factories import VILLAGE_C1, add_household, add_regions, member


async def ask(platform: Platform, query: str) -> dict[str, Any]:
    async def caller(request: Any) -> Caller:
        return Caller()

    transport = httpx.ASGITransport(app=create_app(platform=platform, caller=caller))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/graphql", json={"query": query})
    body: dict[str, Any] = response.json()
    return body


async def test_the_core_alone_serves_on_the_same_database(platform: Platform) -> None:
    await add_regions(platform)
    await add_household(
        platform, "H-1", VILLAGE_C1, [member("丁", date(1980, 1, 1), 9, county="450226")]
    )
    core_only = make_platform(platform.settings.database_url, plugins="")
    try:
        assert core_only.plugins.names == ["core"]
        sdl = core_only.schema.as_str()
        for name in ("loans", "Enterprise", "incubationBases", "LoanProgramme"):
            assert name not in sdl
        assert not [k for k in core_only.metrics.definitions if k.startswith("entrepreneurship.")]
        body = await ask(
            core_only,
            "{ households { totalCount nodes { registryNumber members { name } } } "
            'metric(key: "core.labor_households", asOf: "2019-09-30") { value } }',
        )
        assert "errors" not in body, body
        assert body["data"]["households"]["nodes"] == [
            {"registryNumber": "H-1", "members": [{"name": "丁"}]}
        ]
        assert body["data"]["metric"] == {"value": "1"}
        refused = await ask(core_only, "{ loans { totalCount } }")
        assert "Cannot query field 'loans'" in refused["errors"][0]["message"]
    finally:
        await core_only.close()


def test_the_plugin_alone_with_the_core() -> None:
    sdl = build_schema(Plugins(Settings(plugins="entrepreneurship"))).as_str()
    for fragment in (
        "loans(",
        "incubationBases(",
        "createLoan(",
        "households(",
        "type Loan implements Node",
    ):
        assert fragment in sdl
    person = sdl[sdl.index("type Person implements Node") :].split("\n}\n")[0]
    assert "loans: [Loan!]!" in person and "enterprises: [Enterprise!]!" in person


async def test_migrations_without_and_then_with_the_plugin(databases: ScratchDatabases) -> None:
    url = await databases.create("switched_off")
    core_only = make_platform(url, plugins="")
    try:
        assert await migrate.upgrade(core_only.db, core_only.plugins) == ["core"]
        async with core_only.db.connect() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
        assert "household" in tables
        assert not [t for t in tables if t.startswith("entrepreneurship_")]
    finally:
        await core_only.close()
    with_plugin = make_platform(url, plugins="entrepreneurship")
    try:
        assert await migrate.upgrade(with_plugin.db, with_plugin.plugins) == [
            "core",
            "entrepreneurship",
        ]
        assert await migrate.pending(with_plugin.db, with_plugin.plugins) == {
            "core": [],
            "entrepreneurship": [],
        }
        async with with_plugin.db.connect() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
        assert {
            "entrepreneurship_base",
            "entrepreneurship_enterprise",
            "entrepreneurship_enterprise_worker",
            "entrepreneurship_loan",
            "alembic_version_entrepreneurship",
        } <= set(tables)
    finally:
        await with_plugin.close()


async def test_the_migration_matches_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from plugins.entrepreneurship.models import TABLES

    def differences(conn: Any) -> list[Any]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))

    platform = make_platform(database_url)
    try:
        async with platform.db.connect() as conn:
            found = await conn.run_sync(differences)
    finally:
        await platform.close()
    ours = {model.__tablename__ for model in TABLES}  # type: ignore[attr-defined]
    assert [d for d in found if any(name in repr(d) for name in ours)] == []
