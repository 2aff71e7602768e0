"""The region list (统计用区划代码): codes, parents, flags, re-imports, and its place before the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.platform import Platform
from core.records.models import region
from tests.importing.helpers import (
    LEDGER_HEADERS,
    REGION_HEADERS,
    family,
    located,
    rows_of,
    run,
    snapshot,
    write_xlsx,
)

TOWNSHIP = ["450225101000", "甲镇", None, "否", "是"]
VILLAGE_1 = ["450225101201", "甲一村", "220", "是", None]
VILLAGE_2 = ["450225101202", "甲二村", 220, "否", None]


def region_file(path: Path, *rows: list[Any]) -> Path:
    return write_xlsx(path, {"区划": [REGION_HEADERS, *rows]})


async def stored(platform: Platform, code: str) -> tuple[Any, ...]:
    async with platform.db.connect() as conn:
        row = (await conn.execute(select(region).where(region.c.code == code))).one()
    return (
        row.name,
        row.short_name,
        row.level,
        row.parent_code,
        row.urban_rural_class,
        row.poor_village,
        row.key_poor_township,
    )


async def test_a_region_list_adds_townships_and_villages(
    platform: Platform, tmp_path: Path
) -> None:
    # a village may come before its township: parents are applied first
    report = await run(platform, region_file(tmp_path / "r.xlsx", VILLAGE_1, TOWNSHIP, VILLAGE_2))
    assert report.problems == []
    assert report.totals.created == 3
    assert await stored(platform, "450225101") == (
        "甲镇",
        "甲镇",
        "TOWNSHIP",
        "450225",
        None,
        False,
        True,
    )
    assert await stored(platform, "450225101201") == (
        "甲一村",
        "甲一村",
        "VILLAGE",
        "450225101",
        "220",
        True,
        False,
    )
    before = await snapshot(platform)
    again = await run(platform, region_file(tmp_path / "r.xlsx", VILLAGE_1, TOWNSHIP, VILLAGE_2))
    assert again.totals.unchanged == 3
    assert await snapshot(platform) == before


async def test_re_importing_updates_names_and_flags_but_keeps_a_short_name(
    platform: Platform, tmp_path: Path
) -> None:
    await run(platform, region_file(tmp_path / "r.xlsx", TOWNSHIP, VILLAGE_1))
    renamed = ["450225101201", "甲新村", "210", "否", None]
    county = ["450225000000", "融水苗族自治县", None, None, None]
    report = await run(platform, region_file(tmp_path / "r2.xlsx", TOWNSHIP, renamed, county))
    assert (report.totals.updated, report.totals.unchanged) == (1, 2)
    assert await stored(platform, "450225101201") == (
        "甲新村",
        "甲新村",
        "VILLAGE",
        "450225101",
        "210",
        False,
        False,
    )
    assert (await stored(platform, "450225"))[:2] == ("融水苗族自治县", "融水县")


async def test_bad_region_rows(platform: Platform, tmp_path: Path) -> None:
    report = await run(
        platform,
        region_file(
            tmp_path / "r.xlsx",
            ["4502251012", "短码村", None, None, None],  # row 2: not 12 digits
            ["450299101201", "无主村", None, None, None],  # row 3: no such county or township
            ["450225101201", None, None, None, None],  # row 4: no name
            ["450225101202", "甲二村", "999", "也许", None],  # row 5: class and flag
            ["450225101000", "甲镇", None, "是", None],  # row 6: a township is no poor village
            ["450225101000", "甲镇", None, None, None],  # row 7: the same code twice
        ),
    )
    assert located(report) == {
        (2, "统计用区划代码", "INVALID"),
        (3, "统计用区划代码", "NOT_FOUND"),
        (4, "名称", "REQUIRED"),
        (5, "城乡分类代码", "INVALID"),
        (5, "贫困村", "INVALID"),
        (6, "贫困村", "RULE_VIOLATED"),
        (7, "统计用区划代码", "DUPLICATE"),
    }
    assert "上级区划 450299101 不存在" in next(p.message for p in report.problems if p.row == 3)
    assert not report.committed


async def test_regions_are_imported_before_the_ledger_that_names_them(
    platform: Platform, tmp_path: Path
) -> None:
    # the ledger sheet comes first in the workbook; the region list is still applied first
    path = write_xlsx(
        tmp_path / "both.xlsx",
        {
            "两清台账": rows_of(family(), LEDGER_HEADERS),
            "区划": [REGION_HEADERS, TOWNSHIP, VILLAGE_1, VILLAGE_2],
        },
    )
    report = await run(platform, path)
    assert report.problems == []
    assert [(s.name, s.kind, s.counts.created) for s in report.sheets] == [
        ("两清台账", "ledger", 3),
        ("区划", "regions", 3),
    ]
