"""培训班台账 and 培训学员台账: real .xlsx files built here, imported and exported through the
platform's import framework; export → import changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.graphql.context import Caller
from core.importing.exporting import run_export
from core.importing.sheets import ExportRequest, scoped_region, sheet_kinds
from core.platform import Platform
from core.records.demo import populate as populate_core
from plugins.training.demo import populate as populate_training
from plugins.training.models import enrolment, training_class
from plugins.training.sheets import CLASS_COLUMNS, TRAINEE_COLUMNS
from tests.factories import four_households
from tests.importing.helpers import located, rows_of, run, write_xlsx

CLASS_HEADERS = [c.header for c in CLASS_COLUMNS]
TRAINEE_HEADERS = [c.header for c in TRAINEE_COLUMNS]


def course(**overrides: Any) -> dict[str, Any]:
    """A 培训班台账 row: a work-leader class in 融水 opening 2019-04-08."""
    row: dict[str, Any] = {
        "县区": "融水县",
        "班级名称": "融水县2019年第二季度务工带头人培训班",
        "培训类别": "务工带头人培训",
        "开班日期": date(2019, 4, 8),
        "结束日期": date(2019, 4, 12),
        "承办单位": "柳州东城投资开发集团有限公司",
        "承办单位类别": "市属集团公司",
        "培训工种": "务工带头人",
        "培训地点": "融水县人力资源市场",
        "培训补贴(元)": "24,000.50",
        "其他学员人数": 28,
    }
    row.update(overrides)
    return row


def trainee(id_number: str, **overrides: Any) -> dict[str, Any]:
    """A 培训学员台账 row in the class above."""
    row: dict[str, Any] = {
        "县区": "450225",
        "班级名称": "融水县2019年第二季度务工带头人培训班",
        "开班日期": "2019/4/8",
        "身份证号": id_number,
        "姓名": None,
        "结业日期": date(2019, 4, 12),
        "证书编号": None,
    }
    row.update(overrides)
    return row


def book(
    path: Path, classes: list[dict[str, Any]], trainees: list[dict[str, Any]] | None = None
) -> Path:
    # The trainees' sheet comes first: the kinds' order, not the sheets', decides.
    sheets = {} if trainees is None else {"学员": rows_of(trainees, TRAINEE_HEADERS)}
    if classes:
        sheets["培训班"] = rows_of(classes, CLASS_HEADERS)
    return write_xlsx(path, sheets)


async def table(platform: Platform, which: Any) -> list[tuple[Any, ...]]:
    async with platform.db.connect() as conn:
        return [tuple(r) for r in await conn.execute(select(which).order_by(which.c.id))]


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await four_households(platform)


async def test_classes_and_trainees_in_one_file(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    path = book(
        tmp_path / "培训.xlsx",
        [course()],
        [trainee(ids["a_head"], 姓名="甲"), trainee(ids["a_son"].lower(), 结业日期=None)],
    )
    report = await run(platform, path)
    assert report.problems == [] and report.committed
    [saved] = await table(platform, training_class)
    assert saved[training_class.c.keys().index("subsidy_fen")] == 2_400_050
    assert saved[training_class.c.keys().index("other_trainees")] == 28
    assert len(await table(platform, enrolment)) == 2
    by_sheet = {s.name: s.counts for s in report.sheets}
    assert (by_sheet["培训班"].created, by_sheet["学员"].created) == (1, 2)
    # the class now has 30 trainees: it qualifies for the second quarter
    again = await run(platform, path)
    assert again.totals.unchanged == 3 and again.totals.created == 0


async def test_every_problem_located(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    path = book(
        tmp_path / "bad.xlsx",
        [
            course(),
            course(),  # the same class twice
            course(
                县区="融水乡",
                班级名称="其他班",
                培训类别="夜校",
                结束日期="2019-13-01",
                承办单位类别=None,
                其他学员人数="三十",
            ),
            course(班级名称="短班", 结束日期=date(2019, 4, 1), **{"培训补贴(元)": "-5"}),
        ],
        [
            trainee(ids["c_head"]),  # lost labour capacity
            trainee(ids["a_head"], 姓名="乙"),  # the name does not match
            trainee(ids["a_son"], 班级名称="没有的班"),
            trainee("450225199001010000"),
            trainee(ids["b_head"], 结业日期=date(2019, 4, 11)),  # before the class ended
            trainee(ids["d_head"], 结业日期=None, 证书编号="LZ1"),
            trainee(ids["d_head"], 结业日期=None),  # twice in the class
            trainee(ids["a_son"]),  # the one good row
        ],
    )
    report = await run(platform, path)
    assert not report.committed
    assert await table(platform, training_class) == []
    found = located(report)
    assert {
        (3, "班级名称", "DUPLICATE"),
        (4, "县区", "NOT_FOUND"),
        (4, "培训类别", "INVALID"),
        (4, "结束日期", "INVALID"),
        (4, "承办单位类别", "REQUIRED"),
        (4, "其他学员人数", "INVALID"),
        (5, "结束日期", "INVALID"),
        (5, "培训补贴(元)", "OUT_OF_RANGE"),
        (2, "身份证号", "RULE_VIOLATED"),
        (3, "姓名", "INVALID"),
        (4, "班级名称", "NOT_FOUND"),
        (5, "身份证号", "NOT_FOUND"),
        (6, "结业日期", "INVALID"),
        (7, "证书编号", "RULE_VIOLATED"),
        (8, "身份证号", "DUPLICATE"),
    } <= found
    skipped = await run(platform, path, skip_invalid=True)
    assert skipped.committed
    assert len(await table(platform, training_class)) == 1
    assert len(await table(platform, enrolment)) == 1  # 甲子


async def test_a_corrected_file_changes_what_differs(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    await run(
        platform, book(tmp_path / "a.xlsx", [course()], [trainee(ids["a_head"], 结业日期=None)])
    )
    before = await table(platform, training_class)
    corrected = book(
        tmp_path / "b.xlsx",
        [course(承办单位="柳州市投资控股集团有限公司")],
        [trainee(ids["a_head"], 证书编号="LZ2019000001")],
    )
    report = await run(platform, corrected)
    assert report.problems == [] and report.totals.updated == 2
    after = await table(platform, training_class)
    version = training_class.c.keys().index("version")
    assert after[0][version] == before[0][version] + 1
    [row] = await table(platform, enrolment)
    assert row[enrolment.c.keys().index("completed_on")] == date(2019, 4, 12)
    # a sheet without the optional columns leaves them alone
    bare = write_xlsx(
        tmp_path / "c.xlsx",
        {"学员": rows_of([trainee(ids["a_head"])], TRAINEE_HEADERS[:4])},
    )
    assert (await run(platform, bare)).totals.unchanged == 1
    assert (await table(platform, enrolment))[0][enrolment.c.keys().index("certificate")] == (
        "LZ2019000001"
    )


async def test_only_the_lead_department_imports(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    path = book(tmp_path / "培训.xlsx", [course()])
    county = await run(platform, path, caller=Caller(name="三江县", role="county", region="450226"))
    assert not county.committed
    assert [p.code for p in county.problems] == ["FORBIDDEN"]
    elsewhere = await run(
        platform,
        path,
        caller=Caller(name="三江县人社局", role="department", department="RSJ", region="450226"),
    )
    assert located(elsewhere) == {(2, "县区", "NOT_FOUND")}
    lead = await run(
        platform, path, caller=Caller(name="市人社局", role="department", department="RSJ")
    )
    assert lead.committed and lead.totals.created == 1


async def test_export_then_import_is_a_no_op(platform: Platform, tmp_path: Path) -> None:
    await populate_core(platform.db, seed=7, households=120)
    await populate_training(platform.db, seed=7, households=120)
    caller = Caller()
    found = sheet_kinds(platform.plugins)
    written = {}
    for kind, name in (("training_classes", "班.xlsx"), ("training_trainees", "学员.xlsx")):
        request = ExportRequest(caller, scoped_region(caller, "450200"), date(2026, 11, 25))
        written[kind] = (
            tmp_path / name,
            await run_export(
                platform.db, found[kind], request, tmp_path / name, reason="核对往返导入"
            ),
        )
    classes_path, class_rows = written["training_classes"]
    sheet = load_workbook(classes_path).active
    assert sheet is not None and sheet.title == "培训班台账"
    assert [c.value for c in sheet[1]] == CLASS_HEADERS
    assert class_rows == len(await table(platform, training_class)) > 20
    trainee_rows = written["training_trainees"][1]
    assert trainee_rows == len(await table(platform, enrolment))
    before = (await table(platform, training_class), await table(platform, enrolment))
    for path, rows in written.values():
        report = await run(platform, path)
        assert report.problems == [] and report.totals.unchanged == rows
    assert (await table(platform, training_class), await table(platform, enrolment)) == before
    one_county = tmp_path / "融水.xlsx"
    request = ExportRequest(caller, scoped_region(caller, "450225"), date(2026, 11, 25))
    rows = await run_export(
        platform.db, found["training_classes"], request, one_county, reason="核对往返导入"
    )
    assert 0 < rows < class_rows
