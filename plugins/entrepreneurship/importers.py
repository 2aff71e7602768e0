"""The plugin's ledger sheets: 创业担保贷款台账 and 创业实体台账 (docs/plugins/entrepreneurship.md).

Each kind names its columns with the variants county ledgers use; the importers and
exporters live in their own modules. Enterprises come after the 两清 ledger (their owners and
workers are registered people), loans after enterprises (a loan names the enterprise it
finances).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.sdk import (
    Caller,
    Column,
    ErrorCode,
    ImportContext,
    Problem,
    Role,
    SheetImporter,
    SheetKind,
    text,
)

LOAN_KIND = "entrepreneurship_loans"
ENTERPRISE_KIND = "entrepreneurship_enterprises"

LOAN_COLUMNS = (
    Column(
        "借款合同编号",
        "contract_number",
        required=True,
        variants=("合同编号", "贷款合同编号", "借款合同号"),
    ),
    Column("借款人姓名", "borrower_name", variants=("借款人",)),
    Column(
        "借款人身份证号",
        "borrower_id_number",
        required=True,
        variants=("借款人身份证号码", "借款人证件号码"),
    ),
    Column("贷款类别", "programme", required=True, variants=("贷款类型", "贷款种类", "贷款项目")),
    Column("贷款次数", "sequence", variants=("第几次贷款", "贷款次序")),
    Column(
        "贷款金额(元)",
        "amount",
        required=True,
        variants=("贷款金额", "金额(元)", "发放金额(元)", "贷款额度(元)"),
    ),
    Column("经办银行", "bank", required=True, variants=("贷款银行", "承贷银行", "经办金融机构")),
    Column("发放日期", "issued_on", required=True, variants=("放款日期", "贷款发放日期")),
    Column("贷款期限(月)", "term_months", required=True, variants=("贷款期限", "期限(月)", "期限")),
    Column("贷款状态", "status", variants=("状态", "还款状态")),
    Column("扶持创业实体", "enterprise", variants=("创业实体名称", "扶持企业", "创业项目")),
)

ENTERPRISE_COLUMNS = (
    Column("负责人姓名", "owner_name", variants=("负责人", "创业者姓名")),
    Column(
        "负责人身份证号",
        "owner_id_number",
        required=True,
        variants=("负责人身份证号码", "创业者身份证号"),
    ),
    Column("创业实体名称", "name", required=True, variants=("实体名称", "企业名称")),
    Column("类别", "kind", required=True, variants=("实体类别", "创业实体类别", "类型")),
    Column(
        "工商登记号",
        "registration_number",
        variants=("统一社会信用代码", "营业执照号", "注册号"),
    ),
    Column("县区", "county", required=True, variants=("县(区)", "县/区", "所属县区")),
    Column("乡镇", "township", required=True, variants=("乡(镇)", "乡镇(街道)", "所属乡镇")),
    Column("行政村", "village", variants=("村", "村(社区)", "行政村(社区)", "所属行政村")),
    Column("成立日期", "established_on", required=True, variants=("创办日期", "注册日期")),
    Column(
        "带动就业人数",
        "jobs_created",
        required=True,
        variants=("带动就业(人)", "吸纳就业人数", "带动就业人数(人)"),
    ),
    Column(
        "其中贫困劳动力人数",
        "poor_jobs",
        required=True,
        variants=("贫困劳动力人数", "吸纳贫困劳动力人数", "带动贫困劳动力就业人数"),
    ),
    Column("孵化基地", "incubation_base", variants=("入驻孵化基地", "孵化基地名称", "创业园")),
    Column(
        "吸纳贫困劳动力身份证号",
        "workers",
        variants=("贫困劳动力身份证号", "吸纳的贫困劳动力身份证号"),
    ),
)


def parse_count(value: object, *, field: str, label: str) -> int | Problem | None:
    """A whole number of people or months (a number cell, or text of digits)."""
    if isinstance(value, bool):
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数，这里是 {value}", value)
    found = text(value)
    if found is None:
        return None
    cleaned = found.replace(",", "").replace("人", "").replace("个月", "").replace("月", "")
    if cleaned.lstrip("-").isdigit():
        return int(cleaned)
    return Problem(field, ErrorCode.INVALID, f"{label}应为整数，这里是“{found}”", value)


LEAD = "RSJ"
"""The department leading 三(三)1, whose tokens (and administrators) import these ledgers."""


def refusal(caller: Caller, title: str) -> str | None:
    """Why a caller may not import this plugin's ledgers (the rights its mutations have)."""
    if caller.role == Role.ADMIN or (caller.role == Role.DEPARTMENT and caller.department == LEAD):
        return None
    return f"{title}由市人社局（或管理员）导入；您的令牌（{caller.role}）不能写入创业帮扶的记录"


def located(problem: Problem, columns: Mapping[str, str]) -> Problem:
    """A service's problem named by the sheet's field (`enterprise_id` → `enterprise`)."""
    head = problem.field.split(".", 1)[0]
    field = columns.get(problem.field, columns.get(head, problem.field))
    return Problem(field, problem.code, problem.message, problem.value)


async def _loans(ctx: ImportContext) -> SheetImporter:
    from plugins.entrepreneurship.import_loans import LoanImporter

    return LoanImporter(ctx)


async def _enterprises(ctx: ImportContext) -> SheetImporter:
    from plugins.entrepreneurship.import_enterprises import EnterpriseImporter

    return await EnterpriseImporter.open(ctx)


def _kinds() -> list[SheetKind]:
    from plugins.entrepreneurship.exporters import export_enterprises, export_loans

    kinds: list[Any] = [
        SheetKind(
            name=ENTERPRISE_KIND,
            title="创业实体台账",
            columns=ENTERPRISE_COLUMNS,
            importer=_enterprises,
            exporter=export_enterprises,
            after=("ledger",),
            description="受扶持创办的创业实体：负责人、类别、所在地、带动就业人数及其中贫困劳动力。",
        ),
        SheetKind(
            name=LOAN_KIND,
            title="创业担保贷款台账",
            columns=LOAN_COLUMNS,
            importer=_loans,
            exporter=export_loans,
            after=("ledger", ENTERPRISE_KIND),
            description="创业担保贷款：借款人、类别、金额、银行、发放日期、期限、状态、扶持的创业实体。",
        ),
    ]
    return kinds


SHEET_KINDS = _kinds()
"""The plugin's sheet kinds, returned by its `register_importers` hook."""
