"""Reference data the plugin ships: the 2018 Guangxi minimum wages of Liuzhou's ten areas.

Source: 《广西壮族自治区人民政府关于调整全区最低工资标准的通知》(桂政发〔2018〕6号), in force
from 2018-02-01: class one (一类, the districts of 柳州市) 1,680 元 a month; class three
(三类, every county and autonomous county) 1,300 元 a month. 柳江区 became a district of
柳州市 in 2016 and is read as class one. These rows are defaults only: an administrator
checks them against the notice in force and changes or adds standards with `setMinimumWage`;
a row that exists is never overwritten.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import region, utcnow
from plugins.employment_assistance.models import minimum_wage

SOURCE = "桂政发〔2018〕6号（2018年2月1日起执行）"
EFFECTIVE = date(2018, 2, 1)
CLASS_ONE_FEN = 168_000
CLASS_THREE_FEN = 130_000
# county code → monthly minimum in fen
STANDARDS: dict[str, int] = {
    "450202": CLASS_ONE_FEN,
    "450203": CLASS_ONE_FEN,
    "450204": CLASS_ONE_FEN,
    "450205": CLASS_ONE_FEN,
    "450206": CLASS_ONE_FEN,
    "450222": CLASS_THREE_FEN,
    "450223": CLASS_THREE_FEN,
    "450224": CLASS_THREE_FEN,
    "450225": CLASS_THREE_FEN,
    "450226": CLASS_THREE_FEN,
}


async def ensure_minimum_wages(conn: AsyncConnection) -> int:
    """Insert the shipped standards where the county has none from that date; return how many."""
    have = {
        row.county_code
        for row in (
            await conn.execute(
                select(minimum_wage.c.county_code).where(minimum_wage.c.effective_from == EFFECTIVE)
            )
        ).all()
    }
    known = set(
        (await conn.execute(select(region.c.code).where(region.c.code.in_(STANDARDS)))).scalars()
    )
    now = utcnow()
    rows = [
        {
            "county_code": county,
            "monthly_minimum_fen": fen,
            "effective_from": EFFECTIVE,
            "source": SOURCE,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for county, fen in STANDARDS.items()
        if county not in have and county in known
    ]
    if rows:
        await conn.execute(insert(minimum_wage), rows)
    return len(rows)
