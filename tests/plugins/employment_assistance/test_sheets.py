"""The six ledger sheets on real .xlsx files: create, correct, every problem located (the
services' boundaries included), all or nothing, who may import, and export → import changing
nothing on the demo data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.graphql.context import Caller
from core.importing.exporting import run_export
from core.importing.report import ImportReport
from core.importing.sheets import ExportRequest, sheet_kinds
from core.platform import Platform
from core.sdk.sheets import sheet_kind
from plugins.employment_assistance.kinds import KINDS as RECORD_KINDS
from plugins.employment_assistance.models import (
    five_event,
    job_fair,
    job_push,
    job_push_household,
    subsidy,
    village_post,
    workshop,
    workshop_worker,
)
from tests.factories import TODAY
from tests.importing.helpers import located, rows_of, run, write_xlsx
from tests.plugins.employment_assistance.helpers import assistance_households

RECORD_TABLES = (
    workshop,
    workshop_worker,
    village_post,
    subsidy,
    job_fair,
    job_push,
    job_push_household,
    five_event,
)
KINDS = {kind.sheet: sheet_kind(kind) for kind in RECORD_KINDS if kind.sheet}
HEADERS = {name: [c.header for c in kind.columns] for name, kind in KINDS.items()}
TITLES = {name: kind.title for name, kind in KINDS.items()}

WORKSHOPS, POSTS, SUBSIDIES = (
    "assistance_workshops",
    "assistance_village_posts",
    "assistance_subsidies",
)
FAIRS, PUSHES, EVENTS = "assistance_job_fairs", "assistance_job_pushes", "assistance_five_events"


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    return await assistance_households(platform)


def book(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> Path:
    """One sheet per kind, titled as exports title it, rows given by header."""
    return write_xlsx(
        path, {TITLES[kind]: rows_of(rows, HEADERS[kind]) for kind, rows in sheets.items()}
    )


def shop(**overrides: Any) -> dict[str, Any]:
    return {
        "县区": "融水县",
        "乡镇": "甲镇",
        "车间名称": "甲镇服装扶贫车间",
        "运营企业": "柳州某服装有限公司",
        "认定日期": date(2019, 3, 1),
        "岗位数": 30,
    } | overrides


def post(ids: dict[str, str], **overrides: Any) -> dict[str, Any]:
    return {
        "县区": "融水县",
        "乡镇": "甲镇",
        "行政村": "甲一村",
        "岗位名称": "保洁员",
        "姓名": "甲",
        "身份证号": ids["a_head"],
        "月岗位补贴(元)": "1300.50",
        "上岗日期": date(2019, 3, 1),
    } | overrides


def wage(ids: dict[str, str], **overrides: Any) -> dict[str, Any]:
    return {
        "补贴种类": "工资性补贴",
        "姓名": "甲子",
        "身份证号": ids["a_son"],
        "用人单位": "柳州某汽车配件有限公司",
        "入职日期": date(2019, 3, 1),
        "是否高校毕业生": "否",
        "每月金额(元)": 500,
        "月数": 12,
        "发放日期": date(2019, 4, 15),
    } | overrides


def graduate(ids: dict[str, str], **overrides: Any) -> dict[str, Any]:
    return {
        "补贴种类": "一次性岗位补贴",
        "姓名": "己子",
        "身份证号": ids["l_son"],
        "用人单位": "柳江某电子厂",
        "入职日期": date(2019, 6, 1),
        "是否高校毕业生": "是",
        "金额(元)": "4000.50",
        "发放日期": "2019/7/1",
    } | overrides


def fair(**overrides: Any) -> dict[str, Any]:
    return {
        "招聘会名称": "融水县2019年春风行动招聘会",
        "层级": "县区级",
        "县区": "融水县",
        "举办日期": date(2019, 2, 20),
        "举办地点": "融水县体育馆",
        "参会企业数": 30,
        "提供岗位数": 1200,
        "入场人数": 800,
    } | overrides


def push(**overrides: Any) -> dict[str, Any]:
    return {
        "县区": "融水县",
        "乡镇": "甲镇",
        "行政村": "甲一村",
        "推送日期": date(2019, 8, 5),
        "推送岗位数": 20,
        "推送渠道": "驻村工作队员",
        "推送内容": "8月送岗到户",
        "送达户编号": "H-A",
    } | overrides


def event(**overrides: Any) -> dict[str, Any]:
    return {
        "活动种类": "就业引导培训",
        "活动名称": "融水县2019年春节就业引导培训",
        "县区": "融水县",
        "举办日期": date(2019, 2, 10),
        "举办地点": "融水县职业技术学校",
        "参加人数": 200,
    } | overrides


def everything(ids: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """One file's worth of every kind; the sheets in an order the import must sort."""
    return {
        SUBSIDIES: [wage(ids), graduate(ids)],
        POSTS: [post(ids)],
        WORKSHOPS: [shop(), shop(**{"县区": None, "乡镇": "450225102", "车间名称": "乙乡竹编车间"})],
        FAIRS: [
            fair(),
            fair(**{"招聘会名称": "柳州市就业援助月招聘会", "层级": "市级", "县区": None}),
            fair(**{"招聘会名称": "甲镇送岗下乡", "层级": "乡镇级", "乡镇": "甲镇"}),
        ],
        PUSHES: [
            push(),
            push(**{"乡镇": None, "行政村": None, "推送渠道": "互联网+人社平台", "推送岗位数": 1500,
                    "推送内容": "9月岗位信息汇编", "送达户编号": None}),
        ],
        EVENTS: [event(), event(**{"县区": "柳州市", "活动种类": "返乡农民工座谈会",
                                   "活动名称": "柳州市返乡农民工座谈会"})],
    }  # fmt: skip


async def tables(platform: Platform) -> dict[str, list[dict[str, Any]]]:
    """Every row of the plugin's record tables (not the minimum wages, a setting it ships)."""
    async with platform.db.connect() as conn:
        return {
            t.name: [
                dict(r._mapping) for r in await conn.execute(select(t).order_by(*t.primary_key))
            ]
            for t in RECORD_TABLES
        }


def by_cell(report: ImportReport) -> dict[tuple[str, int | None, str | None], str]:
    return {(p.sheet, p.row, p.header): p.message for p in report.problems}


async def test_one_file_creates_every_kind_and_again_changes_nothing(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    path = book(tmp_path / "就业援助.xlsx", everything(ids))
    report = await run(platform, path)
    assert report.problems == [] and report.committed
    assert report.totals.created == 12
    stored = await tables(platform)
    (held,) = stored[village_post.name]
    assert held["monthly_pay_fen"] == 130_050 and held["village_code"] == "450225101201"
    grants = {row["kind"]: row for row in stored[subsidy.name]}
    assert grants["WAGE"]["amount_fen"] is None and grants["WAGE"]["months"] == 12
    assert grants["WAGE"]["monthly_amount_fen"] == 50_000
    assert grants["GRADUATE_POST"]["amount_fen"] == 400_050 and grants["GRADUATE_POST"]["graduate"]
    assert [r["township_code"] for r in stored[workshop.name]] == ["450225101", "450225102"]
    assert [r["region_code"] for r in stored[job_fair.name]] == ["450225", "450200", "450225101"]
    assert [(r["region_code"], r["channel"]) for r in stored[job_push.name]] == [
        ("450225101201", "WORK_TEAM"),
        ("450225", "ONLINE"),
    ]
    assert len(stored[job_push_household.name]) == 1
    assert [r["households"] for r in stored[job_push.name]] == [1, 0]
    assert [r["region_code"] for r in stored[five_event.name]] == ["450225", "450200"]
    again = await run(platform, path)
    assert again.problems == [] and again.totals.unchanged == 12
    assert again.totals.created == again.totals.updated == 0
    assert await tables(platform) == stored


async def test_headers_as_clerks_write_them(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    # A title above the header, variants of the headers in another order, codes for places.
    sheet = [
        ["融水县乡村公益性岗位花名册"],
        ["村", "身份证号码", "岗位", "月补贴（元）", "上岗时间", "乡(镇)", "县(区)", "备注"],
        ["450225101201", ids["a_head"], "护林员", 1300, "2019年3月1日", None, None, "新聘"],
    ]
    report = await run(platform, write_xlsx(tmp_path / "posts.xlsx", {"花名册": sheet}))
    assert report.problems == [] and report.totals.created == 1
    assert report.sheets[0].unknown_columns == [(8, "备注")]


async def test_every_problem_located_and_nothing_written(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    sheets = {
        WORKSHOPS: [
            shop(**{"乡镇": "没有这个镇"}),
            shop(**{"车间名称": "新车间", "认定日期": date(2027, 1, 1), "岗位数": -1}),
            shop(),
            shop(**{"运营企业": "另一家"}),  # the same workshop twice
            shop(**{"车间名称": "停办车间", "停办原因": "迁址"}),
        ],
        POSTS: [
            post(ids, **{"月岗位补贴(元)": "1299.99"}),  # 融水县's minimum is 1,300 元
            post(ids, **{"行政村": "甲二村", "身份证号": ids["b_head"], "姓名": "乙"}),  # not poor
            post(ids, **{"身份证号": ids["c_head"], "姓名": "丙", "上岗日期": "2019-13-01"}),
            post(ids, **{"身份证号": 450225197001010011, "姓名": None}),
            post(ids, **{"身份证号": ids["a_son"], "姓名": "别人"}),
        ],
        SUBSIDIES: [
            wage(ids, **{"每月金额(元)": 299}),
            wage(ids, **{"月数": 13, "用人单位": "另一家"}),
            wage(ids, **{"补贴种类": "助学补贴", "入职日期": date(2019, 5, 1)}),
            graduate(ids, **{"金额(元)": "5000.01", "是否高校毕业生": "否"}),
            wage(ids, **{"身份证号": ids["c_head"], "姓名": None, "金额(元)": 6000}),
        ],
        FAIRS: [
            fair(**{"层级": "乡镇级"}),  # a township fair placed at a county
            fair(**{"招聘会名称": "二", "入场人数": -5}),
            fair(
                **{
                    "招聘会名称": "三",
                    "层级": "省级",
                    "乡镇": "甲镇",
                    "县区": None,
                    "举办地点": None,
                }
            ),
        ],
        PUSHES: [
            push(**{"送达户编号": "H-A、H-D、H-X"}),  # H-D is in 三江, H-X nowhere
            push(**{"推送渠道": "飞鸽传书", "推送岗位数": 0, "推送内容": "二"}),
            push(**{"推送内容": "三", "送达户编号": "H-A", "送达区划内每一户": "是"}),
        ],
        EVENTS: [
            event(**{"活动种类": "广场舞"}),
            event(**{"行政村": "甲一村", "活动名称": "二"}),  # a village named without its township
            event(),  # a good row (as is the workshop of row 4)
        ],
    }
    report = await run(platform, book(tmp_path / "bad.xlsx", sheets))
    assert not report.committed and report.totals.created == 2  # the good rows: counted only
    assert {(p.sheet, p.row, p.header, p.code) for p in report.problems} == {
        ("扶贫车间台账", 2, "乡镇", "NOT_FOUND"),
        ("扶贫车间台账", 3, "认定日期", "OUT_OF_RANGE"),
        ("扶贫车间台账", 3, "岗位数", "OUT_OF_RANGE"),
        ("扶贫车间台账", 5, "车间名称", "DUPLICATE"),
        ("扶贫车间台账", 6, "停办原因", "INVALID"),
        ("乡村公益性岗位台账", 2, "月岗位补贴(元)", "OUT_OF_RANGE"),
        ("乡村公益性岗位台账", 3, "行政村", "RULE_VIOLATED"),
        ("乡村公益性岗位台账", 4, "上岗日期", "INVALID"),
        ("乡村公益性岗位台账", 5, "身份证号", "INVALID"),
        ("乡村公益性岗位台账", 6, "姓名", "INVALID"),
        ("一岗多补补贴台账", 2, "每月金额(元)", "OUT_OF_RANGE"),
        ("一岗多补补贴台账", 3, "月数", "OUT_OF_RANGE"),
        ("一岗多补补贴台账", 4, "补贴种类", "INVALID"),
        ("一岗多补补贴台账", 5, "金额(元)", "OUT_OF_RANGE"),
        ("一岗多补补贴台账", 5, "是否高校毕业生", "RULE_VIOLATED"),
        ("一岗多补补贴台账", 6, "身份证号", "RULE_VIOLATED"),
        ("一岗多补补贴台账", 6, "金额(元)", "INVALID"),
        ("招聘会台账", 2, "县区", "INVALID"),
        ("招聘会台账", 3, "入场人数", "OUT_OF_RANGE"),
        ("招聘会台账", 4, "层级", "INVALID"),
        ("岗位推送台账", 2, "送达户编号", "NOT_FOUND"),
        ("岗位推送台账", 2, "送达户编号", "INVALID"),
        ("岗位推送台账", 3, "推送渠道", "INVALID"),
        ("岗位推送台账", 4, "送达户编号", "INVALID"),
        ("五个一活动台账", 2, "活动种类", "INVALID"),
        ("五个一活动台账", 3, "乡镇", "REQUIRED"),
    }
    messages = by_cell(report)
    assert (
        "不得低于当地最低工资标准 1,300 元" in messages[("乡村公益性岗位台账", 2, "月岗位补贴(元)")]
    )
    assert "300 元至 500 元，这里是 299 元" in messages[("一岗多补补贴台账", 2, "每月金额(元)")]
    assert "最长 12 个月" in messages[("一岗多补补贴台账", 3, "月数")]
    assert "3,000 元至 5,000 元" in messages[("一岗多补补贴台账", 5, "金额(元)")]
    assert "没有劳动能力" in messages[("一岗多补补贴台账", 6, "身份证号")]
    assert "身份证号被 Excel 存成了数字" in messages[("乡村公益性岗位台账", 5, "身份证号")]
    assert "与第 4 行相同" in messages[("扶贫车间台账", 5, "车间名称")]
    pushed = [p.message for p in report.problems if (p.sheet, p.row) == ("岗位推送台账", 2)]
    assert any("H-X" in m for m in pushed) and any("不在推送的区划" in m for m in pushed)
    assert all(rows == [] for rows in (await tables(platform)).values())


@pytest.mark.parametrize(
    ("cells", "column", "accepted"),
    [
        ({"每月金额(元)": 299}, "每月金额(元)", False),
        ({"每月金额(元)": 300}, "每月金额(元)", True),
        ({"每月金额(元)": "500.00"}, "每月金额(元)", True),
        ({"每月金额(元)": 501}, "每月金额(元)", False),
        ({"月数": 12}, "月数", True),
        ({"月数": 13}, "月数", False),
        ({"补贴种类": "一次性岗位补贴", "是否高校毕业生": "是", "每月金额(元)": None, "月数": None,
          "金额(元)": "2999.99"}, "金额(元)", False),
        ({"补贴种类": "一次性岗位补贴", "是否高校毕业生": "是", "每月金额(元)": None, "月数": None,
          "金额(元)": 3000}, "金额(元)", True),
        ({"补贴种类": "一次性岗位补贴", "是否高校毕业生": "是", "每月金额(元)": None, "月数": None,
          "金额(元)": 5000}, "金额(元)", True),
        ({"补贴种类": "一次性岗位补贴", "是否高校毕业生": "是", "每月金额(元)": None, "月数": None,
          "金额(元)": "5000.01"}, "金额(元)", False),
    ],
)  # fmt: skip
async def test_subsidy_boundaries(
    platform: Platform,
    ids: dict[str, str],
    tmp_path: Path,
    cells: dict[str, Any],
    column: str,
    accepted: bool,
) -> None:
    report = await run(platform, book(tmp_path / "s.xlsx", {SUBSIDIES: [wage(ids, **cells)]}))
    if accepted:
        assert report.problems == [] and report.totals.created == 1
    else:
        assert located(report) == {(2, column, "OUT_OF_RANGE")}
        assert not report.committed


async def test_rules_across_rows_and_the_database(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    # Months add up per hire (rows of the file in turn, then what is stored); one-off kinds
    # are paid once per hire; a person holds one post at a time.
    first = book(
        tmp_path / "a.xlsx",
        {
            SUBSIDIES: [
                wage(ids, **{"月数": 6}),
                wage(ids, **{"月数": 7, "发放日期": date(2019, 10, 15)}),
                graduate(ids),
                graduate(ids, **{"发放日期": date(2019, 8, 1)}),
            ],
            POSTS: [post(ids), post(ids, **{"上岗日期": date(2019, 6, 1), "岗位名称": "护路员"})],
        },
    )
    report = await run(platform, first)
    assert located(report) == {
        (3, "月数", "OUT_OF_RANGE"),
        (5, "补贴种类", "DUPLICATE"),
        (3, "身份证号", "CONFLICT"),
    }
    assert "已登记 6 个月" in by_cell(report)[("一岗多补补贴台账", 3, "月数")]
    written = await run(platform, first, skip_invalid=True)
    assert written.committed and written.totals.created == 3
    more = book(
        tmp_path / "b.xlsx", {SUBSIDIES: [wage(ids, **{"月数": 7, "发放日期": date(2019, 11, 1)})]}
    )
    assert located(await run(platform, more)) == {(2, "月数", "OUT_OF_RANGE")}


async def test_a_corrected_file_updates_what_changed(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    await run(platform, book(tmp_path / "a.xlsx", everything(ids)))
    sheets = everything(ids)
    sheets[WORKSHOPS][0] |= {"岗位数": 40, "停办日期": date(2019, 9, 1), "停办原因": "企业迁址"}
    sheets[POSTS][0] |= {"月岗位补贴(元)": 1400, "离岗日期": date(2019, 9, 15)}
    sheets[SUBSIDIES][0] |= {"月数": 10, "撤销日期": date(2019, 9, 1), "撤销原因": "追回"}
    sheets[FAIRS][0] |= {"入场人数": 900, "已取消": "是", "取消原因": "误录"}
    sheets[PUSHES][0] |= {"送达户编号": None, "送达区划内每一户": "是", "推送岗位数": 25}
    sheets[EVENTS][0] |= {"参加人数": 250}
    report = await run(platform, book(tmp_path / "b.xlsx", sheets))
    assert report.problems == [] and report.totals.updated == 6
    assert report.totals.unchanged == 6
    stored = await tables(platform)
    shop_row = stored[workshop.name][0]
    # One update writes the jobs and the end together.
    assert (shop_row["jobs"], shop_row["ended_on"], shop_row["version"]) == (
        40,
        date(2019, 9, 1),
        2,
    )
    post_row = stored[village_post.name][0]
    assert (post_row["monthly_pay_fen"], post_row["end_date"]) == (140_000, date(2019, 9, 15))
    wage_row = stored[subsidy.name][0]
    assert (wage_row["months"], wage_row["revoked_on"]) == (10, date(2019, 9, 1))
    assert stored[job_fair.name][0]["cancelled"] and stored[job_fair.name][0]["attendees"] == 900
    assert len(stored[job_push_household.name]) == 1
    assert [r["households"] for r in stored[job_push.name]] == [
        1,
        0,
    ]  # 甲一村 holds one household: H-A
    assert stored[five_event.name][0]["attendance"] == 250
    # What is ended, revoked or cancelled stays so: the old file is refused where it disagrees.
    back = await run(platform, book(tmp_path / "c.xlsx", everything(ids)))
    assert located(back) == {
        (2, "停办日期", "CONFLICT"),
        (2, "撤销日期", "CONFLICT"),
        (2, "已取消", "CONFLICT"),
    }
    assert not back.committed


async def test_who_may_import(platform: Platform, ids: dict[str, str], tmp_path: Path) -> None:
    grants = book(tmp_path / "grants.xlsx", {SUBSIDIES: [wage(ids)]})
    shops = book(tmp_path / "shops.xlsx", {WORKSHOPS: [shop()]})
    both = book(tmp_path / "both.xlsx", {SUBSIDIES: [wage(ids)], WORKSHOPS: [shop()]})
    county = Caller(name="融水县", role="county", region="450225")
    rsj = Caller(name="市人社局", role="department", department="RSJ")
    xqzf = Caller(name="融水县人民政府", role="department", department="XQZF", region="450225")
    sanjiang = Caller(name="三江县人民政府", role="department", department="XQZF", region="450226")
    viewer = Caller(name="看板", role="viewer")
    for caller, path in ((county, grants), (county, shops), (viewer, grants), (rsj, both)):
        refused = await run(platform, path, caller=caller)
        # Refused whole, before any row is read: nothing written, not even the sheets it may write.
        assert {(p.row, p.code) for p in refused.problems} == {(None, "FORBIDDEN")}
        assert not refused.committed and refused.totals.read == 0
    assert "您无权导入“扶贫车间台账”" in (await run(platform, both, caller=rsj)).problems[0].message
    assert all(rows == [] for rows in (await tables(platform)).values())
    # Scope: 三江县's government cannot place a workshop, nor name a person, in 融水县.
    outside = await run(platform, both, caller=sanjiang)
    assert located(outside) == {(2, "乡镇", "NOT_FOUND"), (2, "身份证号", "NOT_FOUND")}
    assert (await run(platform, grants, caller=rsj)).totals.created == 1  # 三(一)2 is led by RSJ
    assert (await run(platform, both, caller=xqzf)).totals.created == 1  # the grant: unchanged


async def export(platform: Platform, kind: str, path: Path, as_of: date) -> int:
    request = ExportRequest(Caller(), "450200", as_of)
    return await run_export(
        platform.db, sheet_kinds(platform.plugins)[kind], request, path, reason="核对往返导入"
    )


@pytest.mark.parametrize("as_of", [TODAY, date(2019, 9, 30)])
async def test_export_then_import_changes_nothing(
    platform: Platform, tmp_path: Path, as_of: date
) -> None:
    from core.records.demo import populate as core_populate
    from plugins.employment_assistance.demo import populate

    await core_populate(platform.db, seed=5, households=400)
    await populate(platform.db, seed=5, households=400)
    before = await tables(platform)
    assert any(row["cancelled"] for row in before[job_fair.name])
    for kind in KINDS:
        path = tmp_path / f"{kind}.xlsx"
        written = await export(platform, kind, path, as_of)
        assert written > 0, kind
        report = await run(platform, path, as_of=as_of)
        assert report.problems == [], (kind, report.problems[:3])
        assert report.totals.unchanged == written, kind
    assert await tables(platform) == before


async def test_a_county_export_holds_its_records(platform: Platform, tmp_path: Path) -> None:
    from core.records.demo import populate as core_populate
    from plugins.employment_assistance.demo import populate

    await core_populate(platform.db, seed=5, households=200)
    await populate(platform.db, seed=5, households=200)
    path = tmp_path / "fairs.xlsx"
    request = ExportRequest(Caller(), "450226", TODAY)
    await run_export(platform.db, KINDS[FAIRS], request, path, reason="核对往返导入")
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == HEADERS[FAIRS]
    county = HEADERS[FAIRS].index("县区")
    assert {row[county].value for row in sheet.iter_rows(min_row=2)} == {"三江侗族自治县"}
