"""`seed_reference_data`: the shipped reference rows are there after the tables are emptied."""

from __future__ import annotations

from sqlalchemy import func, select

from core.platform import Platform
from core.records.models import department, region
from core.testing.kit import empty


async def test_reference_rows_come_back(platform: Platform) -> None:
    await empty(platform)
    await empty(platform)  # inserting only what is missing: twice changes nothing
    async with platform.db.connect() as conn:
        codes = set((await conn.execute(select(region.c.code))).scalars())
        departments = (await conn.execute(select(func.count()).select_from(department))).scalar()
    assert {"450200", "450225", "450226"} <= codes
    assert departments and departments > 5
