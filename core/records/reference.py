"""Reference data the platform ships: the city, its ten counties/districts, the departments.

Townships and villages change and are not shipped: they come from the statistics bureau's
region list (import) or from the demo generator.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.records.models import department, region

# code, full name, short name, level, urban district (城区 other than 柳江区, per 三(二)2)
REGIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("450200", "柳州市", "柳州市", "CITY", False),
    ("450202", "城中区", "城中区", "DISTRICT", True),
    ("450203", "鱼峰区", "鱼峰区", "DISTRICT", True),
    ("450204", "柳南区", "柳南区", "DISTRICT", True),
    ("450205", "柳北区", "柳北区", "DISTRICT", True),
    ("450206", "柳江区", "柳江区", "DISTRICT", False),
    ("450222", "柳城县", "柳城县", "COUNTY", False),
    ("450223", "鹿寨县", "鹿寨县", "COUNTY", False),
    ("450224", "融安县", "融安县", "COUNTY", False),
    ("450225", "融水苗族自治县", "融水县", "COUNTY", False),
    ("450226", "三江侗族自治县", "三江县", "COUNTY", False),
)

# code, name, short name, kind — every unit in the plan's 责任单位 lists.
DEPARTMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("XQZF", "各县区人民政府", "县区政府", "COUNTY_GOVERNMENT"),
    ("RSJ", "市人社局", "人社局", "CITY_UNIT"),
    ("FPB", "市扶贫办", "扶贫办", "CITY_UNIT"),
    ("CZJ", "市财政局", "财政局", "CITY_UNIT"),
    ("GXJ", "市工信局", "工信局", "CITY_UNIT"),
    ("FGW", "市发改委", "发改委", "CITY_UNIT"),
    ("NYNCJ", "市农业农村局", "农业农村局", "CITY_UNIT"),
    ("SWJ", "市商务局", "商务局", "CITY_UNIT"),
    ("GZW", "市国资委", "国资委", "CITY_UNIT"),
    ("MZJ", "市民政局", "民政局", "CITY_UNIT"),
    ("TYJ", "市体育局", "体育局", "CITY_UNIT"),
    ("WGLJ", "市文化广电和旅游局", "文广旅局", "CITY_UNIT"),
    ("ZGH", "市总工会", "总工会", "CITY_UNIT"),
    ("FL", "市妇联", "妇联", "CITY_UNIT"),
    ("TSW", "团市委", "团市委", "CITY_UNIT"),
    ("GSL", "市工商联", "工商联", "CITY_UNIT"),
    ("RMYH", "中国人民银行柳州中心支行", "人民银行", "OTHER"),
    ("SSJT", "市属政府集团公司", "市属集团", "OTHER"),
    ("GGFW", "市扶贫开发领导小组公共服务专责小组", "公共服务专责小组", "OTHER"),
)


async def ensure_reference_data(conn: AsyncConnection) -> int:
    """Insert the shipped regions and departments that are missing; return how many."""
    have_regions = set((await conn.execute(select(region.c.code))).scalars())
    have_departments = set((await conn.execute(select(department.c.code))).scalars())
    new_regions = [
        {
            "code": code,
            "name": name,
            "short_name": short,
            "level": level,
            "parent_code": None if level == "CITY" else "450200",
            "urban_district": urban,
            "poor_village": False,
            "key_poor_township": False,
            "urban_rural_class": None,
        }
        for code, name, short, level, urban in REGIONS
        if code not in have_regions
    ]
    new_departments = [
        {"code": code, "name": name, "short_name": short, "kind": kind}
        for code, name, short, kind in DEPARTMENTS
        if code not in have_departments
    ]
    if new_regions:
        await conn.execute(insert(region), new_regions)
    if new_departments:
        await conn.execute(insert(department), new_departments)
    return len(new_regions) + len(new_departments)
