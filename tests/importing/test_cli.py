"""`jiuye import` and `jiuye export` as people run them: real processes on a real database."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import ScratchDatabases
from tests.importing.helpers import (
    LEDGER_HEADERS,
    REGION_HEADERS,
    family,
    member,
    rows_of,
    write_xlsx,
)
from tests.test_cli import jiuye

REGIONS = [
    REGION_HEADERS,
    ["450225101000", "甲镇", None, None, "否"],
    ["450225101201", "甲一村", "220", "是", None],
]


async def test_import_report_export_round_trip(databases: ScratchDatabases, tmp_path: Path) -> None:
    url = await databases.create("cli_import")
    assert jiuye("db", "upgrade", database_url=url).returncode == 0

    bad = write_xlsx(
        tmp_path / "bad.xlsx",
        {
            "区划": REGIONS,
            "两清台账": rows_of([*family(), member(**{"户编号": "H-2", "身份证号": 4.5e17})]),
        },
    )
    report = tmp_path / "report.xlsx"
    refused = jiuye("import", str(bad), "--report", str(report), database_url=url)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines()[-1] == "错误：导入未写入：发现 1 个问题"
    assert "工作表“两清台账”、第 5 行、列“身份证号”：身份证号被 Excel 存成了数字" in refused.stdout
    assert "读取 6 行：新增 5，更新 0，未变 0，拒绝 1" in refused.stdout
    assert load_workbook(report).sheetnames == ["导入报告", "区划", "两清台账"]

    good = write_xlsx(tmp_path / "good.xlsx", {"区划": REGIONS, "两清台账": rows_of(family())})
    done = jiuye("import", str(good), database_url=url)
    assert done.returncode == 0, done.stderr
    assert "读取 5 行：新增 5，更新 0，未变 0，拒绝 0；问题 0 个。已全部写入。" in done.stdout

    exported = tmp_path / "out.xlsx"
    result = jiuye(
        "export",
        "ledger",
        "--region",
        "450225",
        "--reason",
        "核对往返导入",
        str(exported),
        database_url=url,
    )
    assert result.returncode == 0, result.stderr
    assert "已导出 3 行" in result.stdout
    assert [c.value for c in load_workbook(exported).active[1]] == LEDGER_HEADERS  # type: ignore[index]
    again = jiuye("import", str(exported), "--sheet", "两清台账", database_url=url)
    assert "未变 3" in again.stdout

    # the core alone, so that kinds of installed plugins do not join the list
    unknown = jiuye(
        "export", "nope", "--region", "450225", str(exported), database_url=url, JIUYE_PLUGINS=""
    )
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines() == [
        "错误：没有名为 nope 的台账；可导出：regions（统计用区划代码）、ledger（两清台账）"
    ]
