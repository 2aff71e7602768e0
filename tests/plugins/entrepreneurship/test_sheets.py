"""The two ledger sheets on real .xlsx files: create, every problem located, all or nothing,
skip-invalid, corrections, scope and rights, and export → import changing nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.graphql.context import Caller
from core.importing.exporting import run_export
from core.importing.sheets import ExportRequest, sheet_kinds
from core.platform import Platform
from plugins.entrepreneurship.importers import ENTERPRISE_COLUMNS, LOAN_COLUMNS
from plugins.entrepreneurship.models import enterprise, enterprise_worker, incubation_base, loan
from plugins.entrepreneurship.validation import uscc_check_char
from tests.conftest import GraphQLClient
from tests.importing.helpers import located, rows_of, run, write_xlsx
from tests.plugins.entrepreneurship.conftest import create_base

LOAN_HEADERS = [c.header for c in LOAN_COLUMNS]
ENTERPRISE_HEADERS = [c.header for c in ENTERPRISE_COLUMNS]
COOP = "93450225MA5K0000" + "1"
COOP += uscc_check_char(COOP)


def firm(ids: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """甲's co-operative in 甲一村, with 甲子's job linked."""
    return {
        "负责人姓名": "甲",
        "负责人身份证号": ids["a_head"],
        "创业实体名称": "甲一村茶叶合作社",
        "类别": "农民专业合作社",
        "工商登记号": COOP,
        "县区": "融水县",
        "乡镇": "甲镇",
        "行政村": "甲一村",
        "成立日期": date(2019, 2, 1),
        "带动就业人数": 8,
        "其中贫困劳动力人数": 3,
        "孵化基地": None,
        "吸纳贫困劳动力身份证号": ids["a_son"],
        **overrides,
    }


def lent(ids: dict[str, str], contract: str, **overrides: Any) -> dict[str, Any]:
    """A migrant-worker loan to 甲子."""
    return {
        "借款合同编号": contract,
        "借款人姓名": "甲子",
        "借款人身份证号": ids["a_son"],
        "贷款类别": "农民工创业担保贷款",
        "贷款次数": None,
        "贷款金额(元)": "50000.50",
        "经办银行": "柳州银行",
        "发放日期": date(2019, 5, 1),
        "贷款期限(月)": 24,
        "贷款状态": "已发放",
        "扶持创业实体": None,
        **overrides,
    }


def book(
    path: Path, loans: list[dict[str, Any]] | None = None, firms: list[dict[str, Any]] | None = None
) -> Path:
    sheets = {}
    if loans is not None:  # loans first: the kinds' order, not the sheets', decides
        sheets["创业担保贷款台账"] = rows_of(loans, LOAN_HEADERS)
    if firms is not None:
        sheets["创业实体台账"] = rows_of(firms, ENTERPRISE_HEADERS)
    return write_xlsx(path, sheets)


async def rows(platform: Platform) -> dict[str, list[dict[str, Any]]]:
    """Every row of the plugin's tables."""
    tables = {
        "base": incubation_base,
        "enterprise": enterprise,
        "worker": enterprise_worker,
        "loan": loan,
    }
    async with platform.db.connect() as conn:
        return {
            name: [dict(r._mapping) for r in await conn.execute(select(t).order_by(*t.primary_key))]
            for name, t in tables.items()
        }


async def test_one_file_creates_enterprises_and_loans(
    platform: Platform, gql: GraphQLClient, ids: dict[str, str], tmp_path: Path
) -> None:
    small = lent(ids, "SM-1", **{"借款人姓名": "甲", "借款人身份证号": ids["a_head"],
                                  "贷款类别": "市扶持小微企业创业担保贷款", "贷款金额(元)": 800000,
                                  "扶持创业实体": "甲一村茶叶合作社"})  # fmt: skip
    path = book(
        tmp_path / "both.xlsx",
        loans=[
            lent(ids, "MW-2", **{"贷款次数": "二次"}),
            lent(ids, "MW-1", **{"发放日期": "2018/3/1", "贷款次数": "首次", "贷款状态": "已还清"}),
            small,
        ],
        firms=[firm(ids)],
    )
    report = await run(platform, path)
    assert report.problems == [] and report.committed
    assert report.totals.created == 4
    found = await gql(
        '{ personByIdNumber(idNumber: "%s") { loans { contractNumber sequence amount status } } '
        'enterprise(registrationNumber: "%s") { loans { contractNumber } workers { person { name } } } }'
        % (ids["a_son"], COOP)
    )
    assert found["personByIdNumber"]["loans"] == [
        {"contractNumber": "MW-1", "sequence": 1, "amount": "50000.50", "status": "REPAID"},
        {"contractNumber": "MW-2", "sequence": 2, "amount": "50000.50", "status": "ISSUED"},
    ]
    assert found["enterprise"] == {
        "loans": [{"contractNumber": "SM-1"}],
        "workers": [{"person": {"name": "甲子"}}],
    }
    again = await run(platform, path)
    assert again.totals.unchanged == 4 and again.totals.created == 0


async def test_every_problem_located_and_nothing_written(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    loans = [
        lent(ids, "A", **{"发放日期": "2019-13-01"}),
        lent(ids, "B", **{"贷款类别": "助学贷款", "贷款期限(月)": "两年"}),
        lent(ids, "C", **{"扶持创业实体": "没有这家", "借款人姓名": "别人", "贷款金额(元)": 0}),
        lent(ids, "C"),
        lent(ids, "D", **{"贷款次数": "二次"}),
        lent(ids, "E", **{"借款人身份证号": 450225199501010032}),
    ]
    firms = [
        firm(ids, **{"乡镇": "乙乡", "其中贫困劳动力人数": "三"}),
        firm(ids, **{"创业实体名称": "甲记", "工商登记号": "123", "孵化基地": "无此基地",
                     "吸纳贫困劳动力身份证号": ids["c_head"], "带动就业人数": 10001}),
    ]  # fmt: skip
    report = await run(platform, book(tmp_path / "bad.xlsx", loans, firms))
    assert not report.committed
    assert located(report) == {
        (2, "发放日期", "INVALID"),
        (3, "贷款类别", "INVALID"),
        (3, "贷款期限(月)", "INVALID"),
        (4, "借款人姓名", "INVALID"),
        (4, "扶持创业实体", "NOT_FOUND"),
        (4, "贷款金额(元)", "OUT_OF_RANGE"),
        (5, "借款合同编号", "DUPLICATE"),
        (6, "贷款次数", "RULE_VIOLATED"),
        (7, "借款人身份证号", "INVALID"),
        (2, "行政村", "INVALID"),
        (2, "其中贫困劳动力人数", "INVALID"),
        (3, "工商登记号", "INVALID"),
        (3, "孵化基地", "NOT_FOUND"),
        (3, "吸纳贫困劳动力身份证号", "NOT_FOUND"),
        (3, "带动就业人数", "OUT_OF_RANGE"),
    }
    by_cell = {(p.sheet, p.row, p.header): p.message for p in report.problems}
    assert "身份证号被 Excel 存成了数字" in by_cell[("创业担保贷款台账", 7, "借款人身份证号")]
    assert "不是首次" not in by_cell[("创业担保贷款台账", 6, "贷款次数")]
    assert "（首次），不是二次" in by_cell[("创业担保贷款台账", 6, "贷款次数")]
    assert await rows(platform) == {"base": [], "enterprise": [], "worker": [], "loan": []}


async def test_rules_of_the_services_apply_to_rows(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    father = {"借款人姓名": "甲", "借款人身份证号": ids["a_head"]}
    loans = [
        lent(ids, "A", **father, **{"贷款金额(元)": "150000.01"}),
        lent(ids, "B", **{**father, "借款人姓名": "别人", "贷款类别": "国家创业担保贷款"}),
        *(lent(ids, f"M{n}", **{"发放日期": date(2019, 1, n)}) for n in range(1, 5)),
    ]
    report = await run(platform, book(tmp_path / "rules.xlsx", loans))
    problems = {(p.row, p.header, p.code): p.message for p in report.problems}
    assert set(problems) == {
        (2, "贷款金额(元)", "OUT_OF_RANGE"),
        (3, "借款人姓名", "INVALID"),
        (7, "贷款类别", "RULE_VIOLATED"),
    }
    assert "不能超过 150,000.00 元" in problems[(2, "贷款金额(元)", "OUT_OF_RANGE")]
    assert "第 4 次不予登记" in problems[(7, "贷款类别", "RULE_VIOLATED")]
    assert not report.committed


async def test_skip_invalid_keeps_the_good_rows(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    loans = [
        lent(ids, "OK-1", **{"贷款次数": "首次"}),
        lent(ids, "WRONG", **{"发放日期": date(2019, 6, 1), "贷款次数": "首次"}),
        lent(ids, "BAD", **{"贷款期限(月)": 37}),
    ]
    report = await run(platform, book(tmp_path / "s.xlsx", loans), skip_invalid=True)
    assert report.committed
    assert located(report) == {
        (3, "贷款次数", "RULE_VIOLATED"),
        (4, "贷款期限(月)", "OUT_OF_RANGE"),
    }
    counts = report.totals
    assert (counts.created, counts.rejected) == (1, 2)
    assert [r["contract_number"] for r in (await rows(platform))["loan"]] == ["OK-1"]
    dry = await run(platform, book(tmp_path / "d.xlsx", [lent(ids, "DRY")]), dry_run=True)
    assert dry.totals.created == 1 and not dry.committed
    assert len((await rows(platform))["loan"]) == 1


async def test_a_corrected_file_updates_what_changed(
    platform: Platform, ids: dict[str, str], tmp_path: Path
) -> None:
    await run(platform, book(tmp_path / "a.xlsx", [lent(ids, "L-1")], [firm(ids)]))
    changed = book(
        tmp_path / "b.xlsx",
        [lent(ids, "L-1", **{"贷款状态": "已还清", "贷款金额(元)": 50000})],
        [firm(ids, **{"带动就业人数": 9, "吸纳贫困劳动力身份证号": None})],
    )
    report = await run(platform, changed)
    assert report.problems == [] and report.totals.updated == 2
    stored = await rows(platform)
    assert stored["worker"] == []
    (held,) = stored["loan"]
    assert (held["amount_fen"], held["status"], held["version"]) == (5_000_000, "REPAID", 2)
    other = book(tmp_path / "c.xlsx", [lent(ids, "L-1", **{"贷款类别": "国家创业担保贷款"})])
    refused = await run(platform, other)
    assert located(refused) == {(2, "借款合同编号", "RULE_VIOLATED")}
    closed = await run(
        platform, book(tmp_path / "d.xlsx", [lent(ids, "L-1", **{"贷款状态": "逾期"})])
    )
    assert located(closed) == {(2, "贷款状态", "CONFLICT")}


async def test_township_enterprises_and_bases(
    platform: Platform, gql: GraphQLClient, ids: dict[str, str], tmp_path: Path
) -> None:
    await create_base(gql, "融水县苗绣孵化基地", "OTHER", "450225", areaName="融水县")
    row = firm(ids, **{"行政村": None, "孵化基地": "融水县苗绣孵化基地", "乡镇": "450225101"})
    report = await run(platform, book(tmp_path / "t.xlsx", firms=[row]))
    assert report.problems == []
    (stored,) = (await rows(platform))["enterprise"]
    assert stored["region_code"] == "450225101"
    unknown = firm(
        ids, **{"创业实体名称": "乙", "行政村": None, "乡镇": "没有乡", "孵化基地": "无"}
    )
    report = await run(platform, book(tmp_path / "u.xlsx", firms=[unknown]))
    assert located(report) == {(2, "乡镇", "NOT_FOUND")}  # a row without its place goes no further


async def test_scope_and_rights(platform: Platform, ids: dict[str, str], tmp_path: Path) -> None:
    path = book(tmp_path / "l.xlsx", [lent(ids, "L-1")])
    sanjiang_rsj = Caller(name="三江县人社局", role="department", department="RSJ", region="450226")
    outside = await run(platform, path, caller=sanjiang_rsj)
    assert located(outside) == {(2, "借款人身份证号", "NOT_FOUND")}
    county = Caller(name="融水县", role="county", region="450225")
    refused = await run(platform, path, caller=county)
    # The sheet kind is led by 市人社局: a county's file is refused whole, before any row is read.
    assert located(refused) == {(None, None, "FORBIDDEN")}
    assert "您无权导入“创业担保贷款台账”" in refused.problems[0].message
    assert refused.totals.created == 0
    rsj = Caller(name="市人社局", role="department", department="RSJ")
    assert (await run(platform, path, caller=rsj)).totals.created == 1


async def export(platform: Platform, kind: str, path: Path, as_of: date) -> int:
    request = ExportRequest(Caller(), "450200", as_of)
    return await run_export(
        platform.db, sheet_kinds(platform.plugins)[kind], request, path, reason="核对往返导入"
    )


@pytest.mark.parametrize("as_of", [date(2026, 11, 25), date(2019, 9, 30)])
async def test_export_then_import_changes_nothing(
    demo_platform: Platform, platform: Platform, tmp_path: Path, as_of: date
) -> None:
    # The demo's records, exported, read back into a copy of the demo: first written …
    from core.records.demo import populate as core_populate
    from plugins.entrepreneurship.demo import populate

    await core_populate(platform.db, seed=5, households=400)
    await populate(platform.db, seed=5, households=400)
    before = await rows(platform)
    assert before["loan"] and before["worker"]
    firms = await export(platform, "entrepreneurship_enterprises", tmp_path / "e.xlsx", as_of)
    loans = await export(platform, "entrepreneurship_loans", tmp_path / "l.xlsx", as_of)
    assert firms and loans
    for path in (tmp_path / "e.xlsx", tmp_path / "l.xlsx"):
        report = await run(platform, path, as_of=as_of)
        assert report.problems == [] and report.totals.created == report.totals.updated == 0
    assert await rows(platform) == before
