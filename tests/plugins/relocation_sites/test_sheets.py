"""The six ledger sheets through the import framework: real .xlsx files, every rule, round trips."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from core.graphql.context import Caller
from core.importing.exporting import run_export
from core.importing.report import ImportReport
from core.importing.runner import Source, run_import
from core.importing.sheets import ExportRequest, ImportOptions, sheet_kinds
from core.platform import Platform
from core.records.demo import populate as core_demo
from core.testing.factories import VILLAGE_A2, add_household, four_households, id_number, member
from core.testing.kit import GraphQLClient
from plugins.relocation_sites.demo import populate as relocation_demo
from plugins.relocation_sites.models import TABLES, site, site_household, site_post
from plugins.relocation_sites.sheets import SHEET_KINDS

TODAY = date(2026, 11, 25)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = [kind.name for kind in SHEET_KINDS]
B_HEAD = id_number(date(1960, 1, 1), 5)
E_HEAD = id_number(date(1975, 1, 1), 11)


def headers(kind: str) -> list[str]:
    return [c.header for c in next(k for k in SHEET_KINDS if k.name == kind).columns]


def workbook(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> Path:
    """One sheet per kind title, rows given by header (missing headers left blank)."""
    book = Workbook()
    book.remove(book.active)
    for kind, rows in sheets.items():
        found = next(k for k in SHEET_KINDS if k.name == kind)
        sheet = book.create_sheet(found.title)
        sheet.append(headers(kind))
        for row in rows:
            sheet.append([row.get(h) for h in headers(kind)])
    book.save(path)
    return path


async def run(
    platform: Platform, path: Path, caller: Caller | None = None, **options: Any
) -> ImportReport:
    settings = {"today": TODAY, "as_of": TODAY, "caller": caller or Caller(), **options}
    with path.open("rb") as file:
        return await run_import(
            platform.db, platform.plugins, Source(path.name, file), ImportOptions(**settings)
        )


async def export(platform: Platform, kind: str, path: Path, region: str = "450200") -> int:
    found = sheet_kinds(platform.plugins)[kind]
    request = ExportRequest(Caller(), region, TODAY)
    return await run_export(platform.db, found, request, path, reason="核对往返导入")


async def rows_of(platform: Platform) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the plugin's tables, for "nothing changed" checks."""
    async with platform.db.connect() as conn:
        return {
            model.__tablename__: [
                tuple(r)
                for r in await conn.execute(select(model.__table__))  # type: ignore[union-attr]
            ]
            for model in TABLES
        }


def problems(report: ImportReport) -> set[tuple[int | None, str | None, str]]:
    return {(p.row, p.header, p.code) for p in report.problems}


async def test_every_kind_round_trips_on_demo_data(platform: Platform, tmp_path: Path) -> None:
    await core_demo(platform.db, seed=11, households=120)
    await relocation_demo(platform.db, seed=11)
    before = await rows_of(platform)
    for kind in KINDS:
        path = tmp_path / f"{kind}.xlsx"
        written = await export(platform, kind, path)
        sheet = load_workbook(path).active
        assert sheet is not None and [c.value for c in sheet[1]] == headers(kind)
        report = await run(platform, path)
        assert report.problems == [], (kind, report.problems[:3])
        assert report.totals.unchanged == written > 0, kind
    assert await rows_of(platform) == before


def ledgers() -> dict[str, list[dict[str, Any]]]:
    """A fresh site in 融水 with everything at it, written as the sheets' rows."""
    return {
        # in the file, the kinds come in the wrong order: the import sorts them
        "relocation_job_fairs": [
            {"县区": "融水县", "安置点名称": "新安置点", "举办日期": date(2019, 3, 1), "招聘会名称": "春风行动",
             "参会企业数": 20, "提供岗位数": 600, "入场人数": 300, "达成意向人数": 90},
        ],
        "relocation_job_pushes": [
            {"县区": "融水县", "安置点名称": "新安置点", "推送日期": "2019/4/1", "推送岗位数": "2,500",
             "推送渠道": "短信", "覆盖户数": 180},
        ],
        "relocation_posts": [
            {"县区": "融水县", "安置点名称": "新安置点", "岗位名称": "保洁员", "岗位开发日期": date(2019, 3, 1),
             "在岗人姓名": "乙", "在岗人身份证号": B_HEAD, "上岗日期": date(2019, 4, 1), "月补贴(元)": "1200.50"},
            {"县区": "融水县", "安置点名称": "新安置点", "岗位名称": "保洁员", "岗位开发日期": date(2019, 3, 1)},
        ],
        "relocation_facilities": [
            {"县区": "融水县", "安置点名称": "新安置点", "类别": "扶贫车间", "名称": "苗绣车间", "经营主体": "某公司",
             "距离(米)": 300, "统一社会信用代码": "91350100M000100Y43", "岗位数": 40, "建成日期": date(2019, 2, 1)},
        ],
        "relocation_households": [
            {"户编号": "H-B", "户主姓名": "乙", "县区": "融水县", "安置点名称": "新安置点"},
            {"户编号": "H-E", "户主姓名": "戊", "安置点名称": "新安置点"},
        ],
        "relocation_sites": [
            {"县区": "融水县", "乡镇": "甲镇", "安置点名称": "新安置点", "安置人口": 4200, "是否纳入社区管理": "否",
             "服务站名称": "新安置点服务站", "建站日期": date(2019, 5, 1), "工作人员数": 2, "市本级补助(元)": 80000,
             "机构到位": "是", "人员到位": "是", "经费到位": "是", "场地到位": "是", "工作到位": "是", "制度到位": "否"},
        ],
    }  # fmt: skip


@pytest.fixture
async def people(platform: Platform) -> None:
    await four_households(platform)
    await add_household(
        platform, "H-E", VILLAGE_A2, [member("戊", date(1975, 1, 1), 11)], relocated=True
    )


@pytest.mark.usefixtures("people")
async def test_one_file_with_every_sheet(platform: Platform, tmp_path: Path) -> None:
    path = workbook(tmp_path / "安置点.xlsx", ledgers())
    report = await run(platform, path)
    assert report.problems == []
    counts = {s.kind: (s.counts.created, s.counts.updated) for s in report.sheets}
    assert counts == {
        "relocation_sites": (1, 0),
        "relocation_households": (2, 0),
        "relocation_facilities": (1, 0),
        "relocation_posts": (2, 0),
        "relocation_job_fairs": (1, 0),
        "relocation_job_pushes": (1, 0),
    }
    async with platform.db.connect() as conn:
        created = (await conn.execute(select(site))).one()
        posts = (await conn.execute(select(site_post).order_by(site_post.c.id))).all()
    assert (created.township_code, created.population, created.has_conditions) == (
        "450225101",
        4200,
        True,
    )
    assert [(p.holder_id is not None, p.monthly_pay_fen) for p in posts] == [
        (True, 120050),
        (False, None),
    ]
    # the same file again changes nothing
    before = await rows_of(platform)
    again = await run(platform, path)
    assert again.problems == [] and again.totals.unchanged == 8 and again.totals.created == 0
    assert await rows_of(platform) == before
    # a corrected file changes what differs, and the audit log says so
    changed = ledgers()
    changed["relocation_sites"][0]["安置人口"] = 5200
    changed["relocation_posts"][1].update(
        {"在岗人姓名": "戊", "在岗人身份证号": E_HEAD, "上岗日期": date(2019, 6, 1)}
    )
    third = await run(platform, workbook(tmp_path / "改.xlsx", changed))
    assert third.problems == []
    assert {s.kind: s.counts.updated for s in third.sheets if s.counts.updated} == {
        "relocation_sites": 1,
        "relocation_posts": 1,
    }
    async with platform.db.connect() as conn:
        version = (await conn.execute(select(site.c.version))).scalar_one()
        filled = (
            (await conn.execute(select(site_post.c.holder_id).order_by(site_post.c.id)))
            .scalars()
            .all()
        )
    assert version == 2 and None not in filled


@pytest.mark.usefixtures("people")
async def test_every_problem_is_reported_and_nothing_written(
    platform: Platform, tmp_path: Path
) -> None:
    bad = ledgers()
    bad["relocation_sites"].append(
        {**bad["relocation_sites"][0], "安置点名称": "另一个安置点", "安置人口": 0, "工作人员数": 4,
         "市本级补助(元)": 120000, "制度到位": "也许"}
    )  # fmt: skip
    bad["relocation_households"].append(
        {"户编号": "H-A", "户主姓名": "甲", "安置点名称": "新安置点"}
    )
    bad["relocation_households"].append(
        {"户编号": "H-D", "户主姓名": "错名", "安置点名称": "新安置点"}
    )
    bad["relocation_facilities"][0].update(
        {"距离(米)": 9000, "统一社会信用代码": "91350100M000100Y44"}
    )
    bad["relocation_posts"].append(
        {"县区": "融水县", "安置点名称": "新安置点", "岗位名称": "巡逻员", "岗位开发日期": date(2019, 3, 1),
         "在岗人身份证号": id_number(date(1970, 1, 1), 1), "上岗日期": date(2019, 2, 1)}
    )  # fmt: skip
    bad["relocation_job_fairs"][0]["达成意向人数"] = 301
    bad["relocation_job_pushes"][0]["推送渠道"] = "信鸽"
    report = await run(platform, workbook(tmp_path / "错.xlsx", bad))
    assert {
        (3, "安置人口", "OUT_OF_RANGE"),
        (3, "工作人员数", "OUT_OF_RANGE"),
        (3, "市本级补助(元)", "OUT_OF_RANGE"),
        (3, "制度到位", "INVALID"),
        (4, "户编号", "RULE_VIOLATED"),  # H-A is not flagged relocated
        (5, "户主姓名", "INVALID"),
        (5, "户编号", "RULE_VIOLATED"),  # H-D: 三江, and not relocated
        (2, "距离(米)", "OUT_OF_RANGE"),
        (2, "统一社会信用代码", "INVALID"),
        (4, "在岗人身份证号", "RULE_VIOLATED"),  # 甲 lives at no site
        (4, "上岗日期", "OUT_OF_RANGE"),  # before the post was opened
        (2, "达成意向人数", "OUT_OF_RANGE"),
        (2, "推送渠道", "INVALID"),
    } <= problems(report)
    not_flagged = next(p for p in report.problems if p.row == 4 and p.header == "户编号")
    assert "未标记为易地扶贫搬迁户" in not_flagged.message
    assert not report.committed
    assert (await rows_of(platform))["relocation_site"] == []


@pytest.mark.usefixtures("people")
async def test_rows_naming_what_does_not_exist(platform: Platform, tmp_path: Path) -> None:
    report = await run(
        platform,
        workbook(
            tmp_path / "缺.xlsx",
            {
                "relocation_facilities": [
                    {"县区": "融水县", "安置点名称": "没有的安置点", "类别": "微田园", "名称": "园", "经营主体": "社",
                     "建成日期": date(2019, 1, 1)},
                    {"县区": "不存在县", "安置点名称": "新安置点", "类别": "微菜园", "名称": "园", "经营主体": "社",
                     "建成日期": "2019年1月"},
                ],
                "relocation_households": [{"户编号": "H-X", "户主姓名": "某", "安置点名称": "新安置点"}],
            },
        ),
    )  # fmt: skip
    assert problems(report) >= {
        (2, "安置点名称", "NOT_FOUND"),
        (3, "县区", "NOT_FOUND"),
        (3, "类别", "INVALID"),
        (3, "建成日期", "INVALID"),
        (2, "户编号", "NOT_FOUND"),
    }


@pytest.mark.usefixtures("people")
async def test_who_may_import(platform: Platform, tmp_path: Path) -> None:
    path = workbook(tmp_path / "安置点.xlsx", ledgers())
    county = await run(platform, path, Caller(name="融水县人社局", role="county", region="450225"))
    # refused sheet by sheet before any row is read, and nothing written
    assert {p.code for p in county.problems} == {"FORBIDDEN"}
    assert len(county.problems) == 6 and not county.committed
    # 三江县's government may import its own sites only
    sanjiang = Caller(name="三江县人民政府", role="department", region="450226", department="XQZF")
    outside = await run(platform, path, sanjiang)
    assert (2, "县区", "NOT_FOUND") in problems(outside)
    async with platform.db.connect() as conn:
        assert (await conn.execute(select(site_household))).all() == []
    admin = await run(platform, path)
    assert admin.committed and admin.problems == []


async def test_a_region_export_holds_its_sites_only(platform: Platform, tmp_path: Path) -> None:
    await core_demo(platform.db, seed=11, households=60)
    await relocation_demo(platform.db, seed=11)
    path = tmp_path / "三江.xlsx"
    written = await export(platform, "relocation_sites", path, "450226")
    sheet = load_workbook(path).active
    assert sheet is not None
    counties = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert counties == {"三江侗族自治县"} and written == 6


UPLOAD = """mutation($file: Upload!) { importLedger(file: $file) {
  committed created problemCount sheets { kind created } } }"""


@pytest.mark.usefixtures("people")
async def test_upload_through_the_app(gql: GraphQLClient, tmp_path: Path) -> None:
    path = workbook(tmp_path / "安置点.xlsx", ledgers())
    response = await gql.http.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPLOAD, "variables": {"file": None}}),
            "map": json.dumps({"0": ["variables.file"]}),
        },
        files={"0": (path.name, path.read_bytes(), XLSX)},
        headers={"X-Jiuye-Upload": "1"},
    )
    result = response.json()["data"]["importLedger"]
    assert result["committed"] is True and result["problemCount"] == 0 and result["created"] == 8
    sites = await gql(
        "{ relocationSites { nodes { name postRule { status } station { staff } } } }"
    )
    assert sites["relocationSites"]["nodes"] == [
        {"name": "新安置点", "postRule": {"status": "NO_RULE"}, "station": {"staff": 2}}
    ]
