"""The report as an .xlsx: the file itself with bad cells marked, a summary in front, re-importable."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from core.importing.workbook import write_report
from core.platform import Platform
from tests.factories import add_regions
from tests.importing.helpers import LEDGER_HEADERS, OTHER, family, ledger_file, member, run

REPORT_COLUMN = len(LEDGER_HEADERS) + 1


async def test_report_marks_bad_cells_and_the_fixed_copy_imports(
    platform: Platform, tmp_path: Path
) -> None:
    await add_regions(platform)
    records = [*family(), member(**{"户编号": "H-2", "身份证号": "4.50225E+17", "联系电话": "123"})]
    path = ledger_file(tmp_path / "ledger.xlsx", records)
    report = await run(platform, path)
    assert report.problem_count == 2
    target = tmp_path / "report.xlsx"
    with path.open("rb") as source:
        write_report(report, source, target)

    book = load_workbook(target)
    assert book.sheetnames == ["导入报告", "两清台账"]
    summary = [
        [c for c in row if c is not None] for row in book["导入报告"].iter_rows(values_only=True)
    ]
    assert ["结果", report.outcome()] in summary
    assert ["读取行数", 4] in summary
    listed = next(row for row in summary if "C5" in row)
    assert listed[:6] == ["两清台账", "C5", 5, "身份证号", "4.50225E+17", "INVALID"]
    copy = book["两清台账"]
    bad = copy["C5"]
    assert bad.value == "4.50225E+17"
    assert bad.fill.fgColor.rgb.endswith("FFC7CE")
    assert bad.comment is not None
    assert "被 Excel 存成了数字" in bad.comment.text
    assert copy["I5"].comment is not None
    assert copy.cell(1, REPORT_COLUMN).value == "导入问题"
    assert "身份证号：" in copy.cell(5, REPORT_COLUMN).value
    assert copy["C2"].comment is None

    # the clerk fixes the two cells in the report copy and imports that very file
    copy["C5"] = OTHER
    copy["I5"] = None
    book.save(target)
    again = await run(platform, target)
    assert again.problems == []
    assert again.totals.created == 4
    assert [s.name for s in again.sheets] == ["两清台账"]
    assert again.sheets[0].unknown_columns == []


async def test_report_masks_id_numbers_and_phones(platform: Platform, tmp_path: Path) -> None:
    await add_regions(platform)
    wrong_check = OTHER[:-1] + ("0" if OTHER[-1] != "0" else "1")
    records = [
        *family(),
        member(**{"户编号": "H-2", "身份证号": wrong_check, "联系电话": "23800138000"}),
    ]
    report = await run(platform, ledger_file(tmp_path / "ledger.xlsx", records))
    shown = " ".join(f"{p.value_text} {p.message}" for p in report.problems)
    assert wrong_check not in shown
    assert wrong_check[:6] + "*" * 10 + wrong_check[-2:] in shown
