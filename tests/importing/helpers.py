"""Build real spreadsheets for import tests and run imports against the test database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from core.importing.report import ImportReport
from core.importing.runner import Source, run_import
from core.importing.sheets import ImportOptions
from core.platform import Platform
from core.records.importers import LEDGER_COLUMNS, REGION_COLUMNS
from core.records.models import employment, household, person, region
from tests.factories import TODAY, id_number

LEDGER_HEADERS = [column.header for column in LEDGER_COLUMNS]
REGION_HEADERS = [column.header for column in REGION_COLUMNS]

HEAD = id_number(date(1970, 1, 1), 1)
WIFE = id_number(date(1972, 2, 2), 2)
SON = id_number(date(1998, 3, 3), 3)
OTHER = id_number(date(1980, 4, 4), 5)


def member(**overrides: Any) -> dict[str, Any]:
    """One 两清 ledger row by header, a valid unemployed head of household H-1 in 甲一村."""
    row: dict[str, Any] = {
        "户编号": "H-1",
        "姓名": "韦一",
        "身份证号": HEAD,
        "与户主关系": "户主",
        "县区": "融水县",
        "乡镇": "甲镇",
        "行政村": "甲一村",
        "劳动能力": "普通劳动力",
        "联系电话": "13800138000",
        "是否易地扶贫搬迁": "否",
        "安置点": None,
        "就业状态": "未就业",
        "就业形式": None,
        "就业地点": None,
        "就业单位": None,
        "就业开始日期": None,
        "月收入(元)": None,
    }
    row.update(overrides)
    return row


def employed(**overrides: Any) -> dict[str, Any]:
    """A member at work: wage work in the county since 2019-03-01, 3,000.50 元 a month."""
    return member(
        **{
            "就业状态": "已就业",
            "就业形式": "务工",
            "就业地点": "县内",
            "就业单位": "某厂",
            "就业开始日期": date(2019, 3, 1),
            "月收入(元)": "3000.50",
            **overrides,
        }
    )


def family() -> list[dict[str, Any]]:
    """Household H-1: the head at work, his wife, their son."""
    return [
        employed(),
        member(**{"姓名": "覃二", "身份证号": WIFE, "与户主关系": "配偶", "联系电话": None}),
        member(**{"姓名": "韦三", "身份证号": SON, "与户主关系": "子女", "劳动能力": "技能劳动力"}),
    ]


def rows_of(
    records: Sequence[dict[str, Any]], headers: Sequence[str] = LEDGER_HEADERS
) -> list[list[Any]]:
    """The header row and one row per record, in the order of `headers`."""
    return [list(headers), *([record.get(h) for h in headers] for record in records)]


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write a workbook with one sheet per entry, rows as given."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def ledger_file(path: Path, records: Sequence[dict[str, Any]], sheet: str = "两清台账") -> Path:
    """A workbook holding one 两清 ledger sheet."""
    return write_xlsx(path, {sheet: rows_of(records)})


async def run(platform: Platform, path: Path, **options: Any) -> ImportReport:
    """Import a file the way the CLI does, on the test's fixed date."""
    settings = {"today": TODAY, "as_of": TODAY, **options}
    with path.open("rb") as file:
        return await run_import(
            platform.db, platform.plugins, Source(path.name, file), ImportOptions(**settings)
        )


def located(report: ImportReport) -> set[tuple[int | None, str | None, str]]:
    """Every problem as (row, column header, code)."""
    return {(p.row, p.header, p.code) for p in report.problems}


async def snapshot(platform: Platform) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the core record tables, for "nothing changed" checks."""
    tables = {"region": region, "household": household, "person": person, "employment": employment}
    async with platform.db.connect() as conn:
        return {
            name: [
                tuple(row) for row in await conn.execute(select(table).order_by(*table.primary_key))
            ]
            for name, table in tables.items()
        }


async def count(platform: Platform, table: Any) -> int:
    """How many rows a table holds."""
    async with platform.db.connect() as conn:
        return len((await conn.execute(select(table))).all())
