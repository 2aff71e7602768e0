"""The 两清 ledger import: every rule of LEDGER.md on real .xlsx files, all or nothing, re-imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from core.graphql.context import Caller
from core.platform import Platform
from core.problems import ErrorCode
from core.records.enums import Relation
from core.records.models import employment, household, person
from core.security.masking import mask_id_number
from core.security.models import audit_log
from tests.factories import (
    VILLAGE_A1,
    VILLAGE_A2,
    VILLAGE_B1,
    add_household,
    add_regions,
    id_number,
)
from tests.factories import member as person_data
from tests.importing.helpers import (
    HEAD,
    LEDGER_HEADERS,
    OTHER,
    SON,
    WIFE,
    count,
    employed,
    family,
    ledger_file,
    located,
    member,
    rows_of,
    run,
    snapshot,
    write_xlsx,
)

pytestmark = pytest.mark.usefixtures("regions")


@pytest.fixture
async def regions(platform: Platform) -> None:
    await add_regions(platform)


async def people(platform: Platform) -> dict[str, tuple[object, ...]]:
    async with platform.db.connect() as conn:
        rows = await conn.execute(
            select(
                person.c.id_number,
                person.c.name,
                person.c.relation,
                person.c.labour_capacity,
                person.c.phone,
                person.c.sex,
                person.c.version,
            )
        )
        return {row[0]: tuple(row[1:]) for row in rows}


async def spells(platform: Platform) -> list[tuple[object, ...]]:
    async with platform.db.connect() as conn:
        rows = await conn.execute(
            select(
                person.c.id_number,
                employment.c.form,
                employment.c.place,
                employment.c.employer,
                employment.c.start_date,
                employment.c.end_date,
                employment.c.monthly_income_fen,
                employment.c.version,
            )
            .join(person, person.c.id == employment.c.person_id)
            .order_by(employment.c.id)
        )
        return [tuple(row) for row in rows]


async def test_a_ledger_creates_households_members_and_jobs(
    platform: Platform, tmp_path: Path
) -> None:
    records = [
        *family(),
        # another household named by codes: 6-digit county, 12-digit statistical forms
        member(
            **{
                "户编号": "H-2",
                "姓名": "蓝四",
                "身份证号": OTHER,
                "县区": "450225000000",
                "乡镇": 450225102,
                "行政村": VILLAGE_B1,
                "是否易地扶贫搬迁": "是",
                "安置点": "城北安置点",
                "就业状态": "已就业",
                "就业形式": "公益性岗位",
                "就业地点": "县内",
                "就业开始日期": "2019年5月8日",
                "月收入(元)": 800,
            }
        ),
    ]
    report = await run(platform, ledger_file(tmp_path / "ledger.xlsx", records))
    assert report.problems == []
    assert report.committed
    assert (report.totals.read, report.totals.created) == (4, 4)
    assert (await people(platform))[HEAD] == ("韦一", "HEAD", "ORDINARY", "13800138000", "MALE", 1)
    assert (await people(platform))[WIFE][4] == "FEMALE"
    async with platform.db.connect() as conn:
        homes = {
            row.registry_number: (row.village_code, row.relocated)
            for row in await conn.execute(select(household))
        }
    assert homes == {"H-1": (VILLAGE_A1, False), "H-2": (VILLAGE_B1, True)}
    assert await spells(platform) == [
        (HEAD, "WAGE_WORK", "IN_COUNTY", "某厂", date(2019, 3, 1), None, 300050, 1),
        (OTHER, "WELFARE_POST", "IN_COUNTY", None, date(2019, 5, 8), None, 80000, 1),
    ]


async def test_importing_the_same_file_again_changes_nothing(
    platform: Platform, tmp_path: Path
) -> None:
    path = ledger_file(tmp_path / "ledger.xlsx", family())
    assert (await run(platform, path)).committed
    before = await snapshot(platform)
    again = await run(platform, path)
    assert again.committed
    assert (again.totals.unchanged, again.totals.created, again.totals.updated) == (3, 0, 0)
    assert await snapshot(platform) == before


async def test_headers_match_in_any_order_with_variants_spaces_and_a_title_row(
    platform: Platform, tmp_path: Path
) -> None:
    headers = list(reversed(LEDGER_HEADERS))
    written = {
        "身份证号": " 身份证号码 ",
        "与户主关系": "户主关系",
        "姓名": "姓\u3000名",
        "月收入(元)": "月收入（元）",
        "县区": "县（区）",
    }
    shown = [written.get(h, h) for h in headers] + ["备注"]
    rows = rows_of(family(), headers)
    rows[0] = shown
    path = write_xlsx(
        tmp_path / "ledger.xlsx", {"台账": [["融水县两清台账（2019 年）"], [], *rows]}
    )
    report = await run(platform, path)
    assert report.problems == []
    assert report.totals.created == 3
    sheet = report.sheets[0]
    assert (sheet.kind, sheet.header_row) == ("ledger", 3)
    assert sheet.unknown_columns == [(18, "备注")]


async def test_a_missing_required_column_stops_before_any_row_is_read(
    platform: Platform, tmp_path: Path
) -> None:
    headers = [h for h in LEDGER_HEADERS if h != "身份证号"]
    records = [member(**{"与户主关系": "表哥"})]  # a bad value that must not even be looked at
    report = await run(
        platform, write_xlsx(tmp_path / "l.xlsx", {"台账": rows_of(records, headers)})
    )
    assert [(p.sheet, p.row, p.code) for p in report.problems] == [("台账", None, "INVALID")]
    assert "缺少必填列“身份证号”" in report.problems[0].message
    assert "身份证号码" in report.problems[0].message
    assert report.totals.read == 0
    assert await count(platform, household) == 0


async def test_every_bad_value_is_reported_at_once_and_nothing_is_written(
    platform: Platform, tmp_path: Path
) -> None:
    def home(n: int, **overrides: object) -> dict[str, object]:
        return member(
            **{"户编号": f"B-{n}", "身份证号": id_number(date(1960, 1, 1), n), **overrides}
        )

    records = [
        *family(),  # a good household: not written either
        home(10, 身份证号=HEAD[:17] + ("0" if HEAD[17] != "0" else "1")),
        home(11, 身份证号="450225197002301234"),
        home(12, 身份证号=450225197001011234),
        home(13, 身份证号=4.50225197001011e17),
        home(14, 身份证号="4.50225E+17"),
        home(15, 姓名=None),
        home(16, 与户主关系="表哥"),
        home(17, 劳动能力="很能干"),
        home(18, 联系电话="12345"),
        home(19, 县区="柳州县"),
        home(20, 乡镇="丙镇"),
        home(21, 乡镇="乙乡", 行政村="甲二村"),
        home(22, 行政村="450225101"),
        home(23, 是否易地扶贫搬迁="也许"),
        home(24, 是否易地扶贫搬迁="是"),
        home(25, 安置点="城北安置点"),
        home(26, 就业状态="已就业"),
        home(27, 就业单位="某厂"),
        employed(
            户编号="B-28", 身份证号=id_number(date(1960, 1, 1), 28), 就业开始日期="2019-13-01"
        ),
        employed(户编号="B-29", 身份证号=id_number(date(1960, 1, 1), 29), 就业开始日期="昨天"),
        employed(
            户编号="B-30", 身份证号=id_number(date(1960, 1, 1), 30), 就业开始日期=date(2027, 1, 1)
        ),
        employed(户编号="B-31", 身份证号=id_number(date(1960, 1, 1), 31), **{"月收入(元)": -5}),
        employed(
            户编号="B-32", 身份证号=id_number(date(1960, 1, 1), 32), **{"月收入(元)": "3000.555"}
        ),
        employed(户编号="B-33", 身份证号=id_number(date(1960, 1, 1), 33), **{"月收入(元)": "三千"}),
        home(34, 就业状态=None),
        home(35, 就业形式="务工"),
        employed(户编号="B-36", 身份证号=id_number(date(1960, 1, 1), 36), 就业地点="火星"),
    ]
    report = await run(platform, ledger_file(tmp_path / "bad.xlsx", records))
    assert not report.committed
    expected = {
        (5, "身份证号", "INVALID"),  # check digit
        (6, "身份证号", "INVALID"),  # 1970-02-30
        (7, "身份证号", "INVALID"),  # Excel made a number of it
        (8, "身份证号", "INVALID"),
        (9, "身份证号", "INVALID"),  # as text in scientific notation
        (10, "姓名", "REQUIRED"),
        (11, "与户主关系", "INVALID"),
        (12, "劳动能力", "INVALID"),
        (13, "联系电话", "INVALID"),
        (14, "县区", "NOT_FOUND"),
        (15, "乡镇", "INVALID"),  # 丙镇 is in 三江县
        (16, "行政村", "INVALID"),  # 甲二村 is in 甲镇, not 乙乡
        (17, "行政村", "INVALID"),  # a township's code
        (18, "是否易地扶贫搬迁", "INVALID"),
        (19, "安置点", "REQUIRED"),
        (20, "安置点", "RULE_VIOLATED"),
        (21, "就业形式", "REQUIRED"),
        (21, "就业地点", "REQUIRED"),
        (21, "就业开始日期", "REQUIRED"),
        (22, "就业单位", "RULE_VIOLATED"),
        (23, "就业开始日期", "INVALID"),
        (24, "就业开始日期", "INVALID"),
        (25, "就业开始日期", "INVALID"),  # later than today
        (26, "月收入(元)", "OUT_OF_RANGE"),
        (27, "月收入(元)", "INVALID"),
        (28, "月收入(元)", "INVALID"),
        (29, "就业状态", "REQUIRED"),
        (30, "就业形式", "RULE_VIOLATED"),
        (31, "就业地点", "INVALID"),
    }
    assert located(report) == expected
    assert report.problem_count == len(expected)
    messages = {p.row: p.message for p in report.problems}
    assert "被 Excel 存成了数字" in messages[7]
    assert "被 Excel 存成了数字" in messages[9]
    assert "不在 “乙乡”（450225102） 下" in messages[16]
    assert "属于 “甲镇”（450225101）" in messages[16]
    assert (report.totals.read, report.totals.rejected) == (30, 27)
    assert await count(platform, household) == 0
    assert await count(platform, person) == 0


async def test_duplicate_id_numbers_in_the_file_are_reported_on_every_row(
    platform: Platform, tmp_path: Path
) -> None:
    records = [*family(), member(**{"户编号": "H-2", "姓名": "韦某", "身份证号": SON.lower()})]
    report = await run(platform, ledger_file(tmp_path / "dup.xlsx", records))
    assert located(report) == {(4, "身份证号", "DUPLICATE"), (5, "身份证号", "DUPLICATE")}
    assert "出现了 2 次（第 4 行、第 5 行）" in report.problems[0].message
    assert await count(platform, person) == 0


async def test_an_id_number_registered_in_another_household_is_refused(
    platform: Platform, tmp_path: Path
) -> None:
    await add_household(platform, "H-DB", VILLAGE_A2, [person_data("莫五", date(1980, 4, 4), 5)])
    report = await run(
        platform,
        ledger_file(
            tmp_path / "l.xlsx",
            [*family(), member(**{"户编号": "H-2", "身份证号": OTHER, "姓名": "莫五"})],
        ),
    )
    assert located(report) == {(5, "身份证号", "DUPLICATE")}
    assert "已登记在户 H-DB（莫五）" in report.problems[0].message


async def test_a_household_needs_exactly_one_head(platform: Platform, tmp_path: Path) -> None:
    two = [*family()[:2], member(**{"姓名": "韦三", "身份证号": SON, "与户主关系": "户主"})]
    none = [
        member(**{"户编号": "H-2", "身份证号": OTHER, "与户主关系": "配偶"}),
        member(
            **{"户编号": "H-2", "身份证号": id_number(date(1990, 1, 1), 7), "与户主关系": "子女"}
        ),
    ]
    report = await run(platform, ledger_file(tmp_path / "l.xlsx", [*two, *none]))
    assert located(report) == {
        (2, "与户主关系", "RULE_VIOLATED"),
        (4, "与户主关系", "RULE_VIOLATED"),
        (5, "与户主关系", "RULE_VIOLATED"),
    }
    by_row = {p.row: p.message for p in report.problems}
    assert "这一户有 2 名户主" in by_row[2]
    assert "这一户没有户主" in by_row[5]
    assert "第 5 行、第 6 行" in by_row[5]


async def test_rows_of_one_household_must_name_the_same_village(
    platform: Platform, tmp_path: Path
) -> None:
    records = family()
    records[2]["行政村"] = "甲二村"
    report = await run(platform, ledger_file(tmp_path / "l.xlsx", records))
    assert located(report) == {(4, "行政村", "RULE_VIOLATED")}
    assert (
        "第 2 行是“甲一村”（450225101201），这里是“甲二村”（450225101202）"
        in report.problems[0].message
    )


async def test_skip_invalid_writes_good_households_and_skips_bad_ones_whole(
    platform: Platform, tmp_path: Path
) -> None:
    records = [
        *family(),
        member(**{"户编号": "H-2", "身份证号": OTHER}),
        member(**{"户编号": "H-2", "身份证号": "123", "与户主关系": "子女"}),
    ]
    report = await run(platform, ledger_file(tmp_path / "l.xlsx", records), skip_invalid=True)
    assert report.committed
    assert located(report) == {(6, "身份证号", "INVALID")}
    assert (report.totals.created, report.totals.rejected) == (3, 2)
    assert set(await people(platform)) == {HEAD, WIFE, SON}


async def test_a_dry_run_counts_but_writes_nothing(platform: Platform, tmp_path: Path) -> None:
    report = await run(platform, ledger_file(tmp_path / "l.xlsx", family()), dry_run=True)
    assert not report.committed
    assert report.totals.created == 3
    assert await count(platform, person) == 0


async def test_a_corrected_file_updates_what_changed(platform: Platform, tmp_path: Path) -> None:
    first = family()
    assert (await run(platform, ledger_file(tmp_path / "v1.xlsx", first))).committed
    second = family()
    # the head changes job (a later start): the old job ends the day before
    second[0].update({"就业单位": "新厂", "就业开始日期": "2019/8/1", "月收入(元)": 3500})
    # the head and his wife swap roles; her phone is added
    second[0]["与户主关系"] = "配偶"
    second[1].update({"与户主关系": "户主", "联系电话": "139 0013 9000"})
    # the son finds work; a grandchild is born into the household; it moves village
    second[2].update(
        {"就业状态": "是", "就业形式": "灵活就业", "就业地点": "广东省", "就业开始日期": "20190901"}
    )
    second.append(
        member(
            **{
                "姓名": "韦小",
                "身份证号": id_number(date(2019, 6, 1), 8),
                "与户主关系": "孙子女",
                "劳动能力": "无劳动力",
            }
        )
    )
    for row in second:
        row["行政村"] = "甲二村"
    report = await run(platform, ledger_file(tmp_path / "v2.xlsx", second))
    assert report.problems == []
    assert (report.totals.updated, report.totals.created, report.totals.unchanged) == (3, 1, 0)
    found = await people(platform)
    assert found[HEAD][1:] == ("SPOUSE", "ORDINARY", "13800138000", "MALE", 2)
    assert found[WIFE][1:] == ("HEAD", "ORDINARY", "13900139000", "FEMALE", 2)
    assert found[SON][5] == 1  # only his job changed
    assert await spells(platform) == [
        (HEAD, "WAGE_WORK", "IN_COUNTY", "某厂", date(2019, 3, 1), date(2019, 7, 31), 300050, 2),
        (HEAD, "WAGE_WORK", "IN_COUNTY", "新厂", date(2019, 8, 1), None, 350000, 1),
        (SON, "FLEXIBLE", "GUANGDONG", None, date(2019, 9, 1), None, None, 1),
    ]
    async with platform.db.connect() as conn:
        home = (await conn.execute(select(household))).one()
    assert (home.village_code, home.version) == (VILLAGE_A2, 2)
    # and the corrected file, imported again, changes nothing
    before = await snapshot(platform)
    assert (await run(platform, ledger_file(tmp_path / "v2.xlsx", second))).totals.unchanged == 4
    assert await snapshot(platform) == before


async def test_unemployed_on_the_ledger_date_ends_the_open_job(
    platform: Platform, tmp_path: Path
) -> None:
    await run(platform, ledger_file(tmp_path / "v1.xlsx", family()))
    second = family()
    second[0] = member()
    report = await run(platform, ledger_file(tmp_path / "v2.xlsx", second), as_of=date(2020, 1, 15))
    assert report.totals.updated == 1
    assert (await spells(platform))[0][5] == date(2020, 1, 14)


async def test_same_start_date_corrects_the_spell_in_place(
    platform: Platform, tmp_path: Path
) -> None:
    await run(platform, ledger_file(tmp_path / "v1.xlsx", family()))
    second = family()
    second[0].update({"月收入(元)": 3200.1, "就业地点": "区内县外"})
    await run(platform, ledger_file(tmp_path / "v2.xlsx", second))
    earlier = family()
    earlier[0].update({"就业开始日期": "2018-12-01"})  # the same job began earlier than recorded
    await run(platform, ledger_file(tmp_path / "v3.xlsx", earlier))
    assert await spells(platform) == [
        (HEAD, "WAGE_WORK", "IN_COUNTY", "某厂", date(2018, 12, 1), None, 300050, 3),
    ]


async def test_a_stored_head_missing_from_the_file_still_counts(
    platform: Platform, tmp_path: Path
) -> None:
    await run(platform, ledger_file(tmp_path / "v1.xlsx", family()))
    second = family()[1:]
    second[0]["与户主关系"] = "户主"
    report = await run(platform, ledger_file(tmp_path / "v2.xlsx", second))
    assert located(report) == {(2, "与户主关系", "RULE_VIOLATED")}
    # the report masks ID numbers
    assert (
        f"系统中已登记的户主 韦一（{mask_id_number(HEAD)}）不在本文件中"
        in report.problems[0].message
    )
    assert (await people(platform))[WIFE][1] == Relation.SPOUSE.value


async def test_a_relocated_household_already_known_needs_no_site_again(
    platform: Platform, tmp_path: Path
) -> None:
    first = [member(**{"是否易地扶贫搬迁": "是", "安置点": "城北安置点"})]
    assert (await run(platform, ledger_file(tmp_path / "v1.xlsx", first))).committed
    again = [member(**{"是否易地扶贫搬迁": "是"})]
    report = await run(platform, ledger_file(tmp_path / "v2.xlsx", again))
    assert report.problems == []
    assert report.totals.unchanged == 1


async def test_a_csv_saved_by_chinese_excel_is_read_as_gb18030(
    platform: Platform, tmp_path: Path
) -> None:
    lines = [",".join(LEDGER_HEADERS)]
    for record in family():
        values = ["" if record[h] is None else str(record[h]) for h in LEDGER_HEADERS]
        lines.append(",".join(values))
    path = tmp_path / "台账.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    report = await run(platform, path)
    assert report.problems == []
    assert (report.format, report.encoding) == ("csv", "gb18030")
    assert report.totals.created == 3
    assert (await spells(platform))[0][6] == 300050


async def test_problem_codes_are_the_core_error_codes(platform: Platform, tmp_path: Path) -> None:
    report = await run(platform, ledger_file(tmp_path / "l.xlsx", [member(**{"身份证号": "x"})]))
    assert {p.code for p in report.problems} <= set(ErrorCode)
    assert report.problems[0].cell == "C2"
    assert report.problems[0].value_text == "x"
    assert report.problems[0].row == 2


async def test_a_county_caller_imports_only_within_its_county(
    platform: Platform, tmp_path: Path
) -> None:
    assert (await run(platform, ledger_file(tmp_path / "l.xlsx", family()))).committed
    sanjiang = Caller(name="三江县", role="county", region="450226")
    outside = [member(**{"户编号": "H-9", "身份证号": OTHER})]  # a village of 融水县
    report = await run(platform, ledger_file(tmp_path / "o.xlsx", outside), caller=sanjiang)
    assert located(report) == {(2, "行政村", "NOT_FOUND")}
    assert "不在您的权限范围内" in report.problems[0].message
    # a household registered in another county is neither shown nor taken over
    theirs = [member(**{"县区": "三江县", "乡镇": "丙镇", "行政村": "丙一村"})]
    report = await run(platform, ledger_file(tmp_path / "t.xlsx", theirs), caller=sanjiang)
    assert located(report) == {(2, "户编号", "DUPLICATE")}
    assert "权限范围外" in report.problems[0].message
    assert "甲一村" not in report.problems[0].message


async def test_every_write_of_an_import_is_audited(platform: Platform, tmp_path: Path) -> None:
    path = ledger_file(tmp_path / "l.xlsx", family())
    await run(platform, path)
    async with platform.db.connect() as conn:
        rows = (await conn.execute(select(audit_log.c.path, audit_log.c.action))).all()
    assert {tuple(row) for row in rows} == {
        ("IMPORT", "import create household"),
        ("IMPORT", "import create person"),
        ("IMPORT", "import create employment"),
    }
    assert len(rows) == 1 + 3 + 1
    await run(platform, path)  # nothing changes, nothing is logged
    async with platform.db.connect() as conn:
        assert len((await conn.execute(select(audit_log))).all()) == 5
