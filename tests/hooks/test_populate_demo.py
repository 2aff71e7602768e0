"""`populate_demo`: every part with tables adds demo rows on top of the core's households."""

from __future__ import annotations

from sqlalchemy import func, select

from core.platform import Platform


async def test_every_plugin_adds_demo_rows(demo_platform: Platform) -> None:
    with_rows: set[str] = set()
    async with demo_platform.db.connect() as conn:
        for contribution in demo_platform.plugins.flat("register_models"):
            table = contribution.value.__table__
            if (await conn.execute(select(func.count()).select_from(table))).scalar():
                with_rows.add(contribution.plugin)
    demo = {name for name, _ in demo_platform.plugins.implementations("populate_demo")}
    assert demo == with_rows == set(demo_platform.plugins.names)
