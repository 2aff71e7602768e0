"""村级劳务工作站台账: import creates and updates, every problem located, export → import is a no-op."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jiuye_public_services.models import STATIONS, station
from openpyxl import Workbook
from sqlalchemy import select

from core.importing.runner import Source, run_import
from core.importing.sheets import ImportOptions
from core.platform import Platform
from core.sdk.sheets import sheet_kind
from core.testing.factories import TODAY, VILLAGE_A1, VILLAGE_A2, add_regions

KIND = sheet_kind(STATIONS)
HEADERS = [c.header for c in KIND.columns]


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "村级劳务工作站台账"
    for row in [HEADERS, *rows]:
        sheet.append(row)
    book.save(path)
    return path


async def run(platform: Platform, path: Path) -> Any:
    with path.open("rb") as file:
        return await run_import(
            platform.db,
            platform.plugins,
            Source(path.name, file),
            ImportOptions(today=TODAY, as_of=TODAY),
        )


async def test_import_update_and_round_trip(platform: Platform, tmp_path: Path) -> None:
    await add_regions(platform)
    first = workbook(
        tmp_path / "a.xlsx",
        [
            [VILLAGE_A1, "甲一村劳务工作站", date(2019, 3, 1), date(2019, 5, 1)],
            [VILLAGE_A2, "甲二村劳务工作站", "2019年3月2日", None],
        ],
    )
    report = await run(platform, first)
    assert report.committed and report.problem_count == 0, report.problems
    assert report.sheets[0].counts.created == 2
    again = workbook(
        tmp_path / "b.xlsx",
        [
            [VILLAGE_A1, "甲一村劳务工作站", date(2019, 3, 1), date(2019, 5, 1)],
            [VILLAGE_A2, "甲二村劳务工作站", date(2019, 3, 2), date(2019, 6, 1)],
        ],
    )
    report = await run(platform, again)
    counts = report.sheets[0].counts
    assert (counts.unchanged, counts.updated) == (1, 1)
    from core.graphql.context import Caller
    from core.importing.sheets import ExportRequest

    assert KIND.exporter is not None
    async with platform.db.connect() as conn:
        rows = [
            list(r) async for r in KIND.exporter(conn, ExportRequest(Caller(), "450225", TODAY))
        ]
    report = await run(platform, workbook(tmp_path / "c.xlsx", rows))
    assert report.sheets[0].counts.unchanged == 2


async def test_problems_are_located_and_nothing_is_written(
    platform: Platform, tmp_path: Path
) -> None:
    await add_regions(platform)
    path = workbook(
        tmp_path / "bad.xlsx",
        [
            [VILLAGE_A1, "甲一村劳务工作站", date(2019, 3, 1), None],
            ["450225101", "乡镇不行", date(2019, 3, 1), None],
            [VILLAGE_A2, "甲二村", "三月", None],
            [VILLAGE_A1, "重复", date(2019, 3, 1), None],
        ],
    )
    report = await run(platform, path)
    assert not report.committed
    assert {(p.row, p.header, p.code) for p in report.problems} == {
        (3, "行政村代码", "INVALID"),
        (4, "建站日期", "INVALID"),
        (5, "行政村代码", "DUPLICATE"),
    }
    async with platform.db.connect() as conn:
        assert (await conn.execute(select(station))).all() == []
