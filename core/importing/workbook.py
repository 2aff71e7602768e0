"""Write `.xlsx` files as a stream: exported ledgers, and import reports a clerk can fix and re-import.

Every cell from data goes through `core.importing.cells` (text is never written as a formula).

A report is a copy of the imported file (every sheet, every value) with each offending cell
filled red and carrying a comment that says why, a `导入问题` column listing each row's
problems, and a `导入报告` summary sheet in front. Both are written in openpyxl's write-only
mode, so a 100,000-row file never sits in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.importing.cells import imported, neutralise, safe_cell
from core.importing.headers import REPORT_COLUMN, REPORT_SHEET
from core.importing.readers import open_book
from core.importing.report import ImportReport, RowProblem
from core.importing.sheets import SheetKind
from core.security.masking import mask_text

AUTHOR = "就业扶贫数据平台"
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
BAD_FONT = Font(color="9C0006")
BOLD = Font(bold=True)
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "0.00"


def _cell(sheet: Any, value: object) -> object:
    """A value as written: text neutralised (never a formula), dates and amounts formatted."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            value = value.date()
        else:
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = "yyyy-mm-dd hh:mm:ss"
            return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = MONEY_FORMAT
        return cell
    return value


def _header(sheet: Any, titles: Sequence[str]) -> list[object]:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, title)
        cell.font = BOLD
        cells.append(cell)
    return cells


async def write_export(
    path: Path | IO[bytes],
    kind: SheetKind,
    rows: AsyncIterator[Sequence[object]],
    *,
    masked: bool = False,
) -> int:
    """Write one sheet kind's rows under its canonical headers; return how many rows.

    With `masked`, every ID and phone number in a text cell is masked, whichever plugin's
    exporter wrote it.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind.title)
    for index, column in enumerate(kind.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(
            10, len(column.header) * 2 + 4
        )
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, [column.header for column in kind.columns]))
    count = 0
    async for row in rows:
        if masked:
            row = [mask_text(v) if isinstance(v, str) else v for v in row]
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    book.save(path)
    return count


def _mode(report: ImportReport) -> str:
    if report.dry_run:
        return "试运行（不写入）"
    return "跳过有错的行（整户跳过）" if report.skip_invalid else "全部无误才写入"


def _summary(book: Workbook, report: ImportReport) -> None:
    sheet = book.create_sheet(REPORT_SHEET)
    for letter, width in zip("ABCDEFGHI", (18, 12, 10, 18, 24, 14, 60, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    title = WriteOnlyCell(sheet, "导入报告")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    t = report.totals
    for label, value in (
        ("文件", report.file),
        ("格式", f"{report.format}{f'（{report.encoding}）' if report.encoding else ''}"),
        ("台账日期", report.as_of.isoformat() if report.as_of else ""),
        ("方式", _mode(report)),
        ("结果", report.outcome()),
        ("读取行数", t.read),
        ("新增", t.created),
        ("更新", t.updated),
        ("未变", t.unchanged),
        ("拒绝", t.rejected),
        ("问题", report.problem_count),
    ):
        sheet.append([_header(sheet, [label])[0], _cell(sheet, value)])
    sheet.append([])
    sheet.append(
        _header(sheet, ["工作表", "台账", "表头行", "读取", "新增", "更新", "未变", "拒绝", "说明"])
    )
    for result in report.sheets:
        unknown = "、".join(f"{get_column_letter(i)} 列“{h}”" for i, h in result.unknown_columns)
        notes = [
            n for n in (result.note, f"未识别、未导入的列：{unknown}" if unknown else None) if n
        ]
        c = result.counts
        row = [
            result.name,
            result.title,
            result.header_row,
            c.read,
            c.created,
            c.updated,
            c.unchanged,
            c.rejected,
            "；".join(notes),
        ]
        sheet.append([_cell(sheet, value) for value in row])
    sheet.append([])
    sheet.append(_header(sheet, ["工作表", "单元格", "行", "列名", "值", "原因代码", "原因"]))
    for problem in report.sorted_problems():
        row = [
            problem.sheet,
            problem.cell,
            problem.row,
            problem.header,
            problem.value_text,
            problem.code,
            problem.message,
        ]
        sheet.append([_cell(sheet, value) for value in row])
    if report.problem_count > len(report.problems):
        sheet.append([f"另有 {report.problem_count - len(report.problems)} 个问题未列出"])


def _flagged(sheet: Any, value: object, reasons: list[str]) -> object:
    cell = WriteOnlyCell(sheet, safe_cell(value))
    if isinstance(value, date | datetime):
        cell.number_format = DATE_FORMAT
    cell.fill = BAD_FILL
    cell.font = BAD_FONT
    comment = Comment("\n".join(reasons), AUTHOR)
    comment.width, comment.height = 320, 40 + 20 * len(reasons)
    cell.comment = comment
    return cell


def write_report(report: ImportReport, source: IO[bytes], path: Path | IO[bytes]) -> None:
    """Write the summary and a highlighted copy of every sheet of `source` (the imported file)."""
    book = Workbook(write_only=True)
    _summary(book, report)
    by_row: dict[tuple[str | None, int], list[RowProblem]] = defaultdict(list)
    for problem in report.problems:
        if problem.row is not None:
            by_row[(problem.sheet, problem.row)].append(problem)
    header_rows = {s.name: s.header_row for s in report.sheets if s.header_row is not None}
    try:
        source_book = open_book(source, report.file)
    except Exception:  # the file could not be read at all: the summary says why
        book.save(path)
        return
    with source_book:
        for origin in source_book.sheets:
            if origin.name == REPORT_SHEET:
                continue
            copy = book.create_sheet(origin.name)
            width: int | None = None
            for number, read in origin.rows():
                # The values as the import took them (`imported`), written as every export
                # writes them: importing the report imports what importing the file did.
                values = [imported(v) for v in read]
                cells: list[object] = [_cell(copy, v) for v in values]
                if width is None and number == header_rows.get(origin.name):
                    width = len(cells)
                    cells.append(_header(copy, [REPORT_COLUMN])[0])
                found = by_row.get((origin.name, number))
                if found:
                    for column in {p.column for p in found if p.column is not None}:
                        while len(cells) < column:
                            cells.append(None)
                        reasons = [p.message for p in found if p.column == column]
                        cells[column - 1] = _flagged(
                            copy, values[column - 1] if column <= len(values) else None, reasons
                        )
                    while len(cells) < (width or len(cells)):
                        cells.append(None)
                    cells.append(
                        _cell(copy, "；".join(f"{p.header or ''}：{p.message}" for p in found))
                    )
                copy.append(cells)
    book.save(path)
