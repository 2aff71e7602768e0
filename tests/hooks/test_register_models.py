"""`register_models`: every table a part registers is the table its migrations create."""

from __future__ import annotations

from sqlalchemy import inspect

from core.platform import Platform


async def test_registered_tables_match_the_migrated_database(platform: Platform) -> None:
    registered = {
        model.__tablename__: model.__table__  # type: ignore[attr-defined]
        for contribution in platform.plugins.flat("register_models")
        for model in [contribution.value]
    }
    assert {"household", "training_class", "relocation_site"} <= set(registered)

    def columns(sync: object) -> dict[str, set[str]]:
        found = inspect(sync)
        return {name: {c["name"] for c in found.get_columns(name)} for name in registered}

    async with platform.db.connect() as conn:
        migrated = await conn.run_sync(columns)
    for name, table in registered.items():
        assert migrated[name] == {c.name for c in table.columns}, name
