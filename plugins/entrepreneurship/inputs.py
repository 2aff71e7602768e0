"""GraphQL input types of the plugin's mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from plugins.entrepreneurship import types

VERSION_HELP = "您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"


@strawberry.input(description="登记一笔已发放的创业担保贷款。")
class LoanCreateInput:
    """A new loan."""

    contract_number: str = strawberry.field(
        description="借款合同编号，全平台唯一，最长 32 个字符。"
    )
    borrower_id_number: str = strawberry.field(
        description="借款人的身份证号；借款人须是已登记的建档立卡户成员。"
    )
    programme: types.LoanProgramme = strawberry.field(
        description="贷款类别；农民工创业担保贷款每人最多三次，其他两类每人一次。"
    )
    amount: Decimal = strawberry.field(
        description=(
            "贷款金额，单位：元，最多两位小数，大于 0；上限按类别设定（默认国家创业担保贷款 150,000 元、"
            "市扶持小微企业创业担保贷款 3,000,000 元、农民工创业担保贷款每笔 150,000 元）。"
        )
    )
    bank: str = strawberry.field(description="经办银行，最长 64 个字。")
    issued_on: date = strawberry.field(description="发放日期，不晚于今天。")
    term_months: int = strawberry.field(description="贷款期限，单位：月，1 至设定上限（默认 36）。")
    status: types.LoanStatus = strawberry.field(
        default=types.LoanStatus.ISSUED,
        description="贷款状态，默认已发放（补登历史贷款时可填其他状态）。",
    )
    enterprise_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "贷款扶持的创业实体（Enterprise.id），其负责人须是借款人；"
            "市扶持小微企业创业担保贷款必填，且须是经工商登记的微车间、微市场或农民专业合作社。"
        ),
    )


@strawberry.input(
    description="更正一笔贷款；不给的字段保持不变。借款人和贷款类别不能改（请另登一笔）。"
)
class LoanUpdateInput:
    """Corrections to a loan."""

    loan_id: strawberry.ID = strawberry.field(description="贷款的全局标识（Loan.id）。")
    version: int | None = strawberry.field(default=None, description=VERSION_HELP)
    amount: Decimal | None = strawberry.field(
        default=strawberry.UNSET,
        description="贷款金额，单位：元，最多两位小数，不超过该类别的上限。",
    )
    bank: str | None = strawberry.field(default=strawberry.UNSET, description="经办银行。")
    issued_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="发放日期，不晚于今天；改动后重排第几次贷款。"
    )
    term_months: int | None = strawberry.field(
        default=strawberry.UNSET, description="贷款期限，单位：月。"
    )
    enterprise_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="扶持的创业实体（Enterprise.id）；传 null 取消关联。"
    )
    status: types.LoanStatus | None = strawberry.field(
        default=strawberry.UNSET, description="贷款状态（规则同 updateLoanStatus）。"
    )


@strawberry.input(description="改变一笔贷款的状态。")
class LoanStatusUpdateInput:
    """A loan's new status."""

    loan_id: strawberry.ID = strawberry.field(description="贷款的全局标识（Loan.id）。")
    status: types.LoanStatus = strawberry.field(
        description=(
            "新状态：已发放可改为已还清、逾期、已核销；逾期可改回已发放或改为已还清、已核销；"
            "已还清、已核销不能再改。"
        )
    )
    version: int | None = strawberry.field(default=None, description=VERSION_HELP)


@strawberry.input(description="登记一个受扶持创办的创业实体。")
class EnterpriseCreateInput:
    """A new enterprise."""

    owner_id_number: str = strawberry.field(
        description="负责人的身份证号；须是已登记的建档立卡户成员。"
    )
    name: str = strawberry.field(description="名称，最长 128 个字；同一负责人名下不能重名。")
    kind: types.EnterpriseKind = strawberry.field(description="类别。")
    region_code: str = strawberry.field(description="所在乡镇（9 位）或行政村（12 位）的区划代码。")
    established_on: date = strawberry.field(description="成立（创办）日期，不晚于今天。")
    jobs_created: int = strawberry.field(description="带动就业人数，单位：人，0 至 10000。")
    poor_jobs: int = strawberry.field(
        description="其中建档立卡贫困劳动力人数，单位：人，0 至带动就业人数。"
    )
    registration_number: str | None = strawberry.field(
        default=None, description="工商登记号：18 位统一社会信用代码或 15 位注册号，全平台唯一。"
    )
    incubation_base_id: strawberry.ID | None = strawberry.field(
        default=None, description="入驻的孵化基地（IncubationBase.id）。"
    )
    worker_employment_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description=(
            "在这里就业的建档立卡贫困劳动力的就业记录（Employment.id）；"
            "每条只能关联一个实体，条数不超过贫困劳动力人数。"
        ),
    )


@strawberry.input(description="修改一个创业实体；不给的字段保持不变。负责人不能改。")
class EnterpriseUpdateInput:
    """Changes to an enterprise."""

    enterprise_id: strawberry.ID = strawberry.field(
        description="创业实体的全局标识（Enterprise.id）。"
    )
    version: int | None = strawberry.field(default=None, description=VERSION_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="名称。")
    kind: types.EnterpriseKind | None = strawberry.field(
        default=strawberry.UNSET, description="类别。"
    )
    region_code: str | None = strawberry.field(
        default=strawberry.UNSET, description="所在乡镇或行政村的区划代码。"
    )
    established_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="成立日期，不晚于今天。"
    )
    jobs_created: int | None = strawberry.field(
        default=strawberry.UNSET, description="带动就业人数，单位：人，0 至 10000。"
    )
    poor_jobs: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="其中贫困劳动力人数，单位：人，不超过带动就业人数、不少于已关联的就业记录条数。",
    )
    registration_number: str | None = strawberry.field(
        default=strawberry.UNSET, description="工商登记号；传 null 清除。"
    )
    incubation_base_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="入驻的孵化基地；传 null 表示已迁出。"
    )
    worker_employment_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="关联的贫困劳动力就业记录（整体替换）；传 [] 全部取消。",
    )


@strawberry.input(description="登记一个创业孵化基地或农民工创业园。")
class IncubationBaseCreateInput:
    """A new incubation base."""

    name: str = strawberry.field(description="名称，全平台唯一，最长 128 个字。")
    area: types.IncubationBaseArea = strawberry.field(
        description="所在地区：方案点名的四个地区之一，或 OTHER（须填 areaName）。"
    )
    region_code: str = strawberry.field(
        description="所在县区、乡镇或行政村的区划代码；方案点名的地区须在该地区所在县内。"
    )
    area_name: str | None = strawberry.field(
        default=None, description="其他地区的名称（最长 64 个字）；方案点名的地区不用填。"
    )
    status: types.IncubationBaseStatus = strawberry.field(
        default=types.IncubationBaseStatus.CULTIVATING, description="进展，默认培育中。"
    )
    admitted_on: date | None = strawberry.field(
        default=None, description="入围自治区级名单的日期；状态为已入围时必填，不晚于今天。"
    )
    operator: str | None = strawberry.field(default=None, description="运营单位，最长 128 个字。")


@strawberry.input(description="修改一个孵化基地；不给的字段保持不变。")
class IncubationBaseUpdateInput:
    """Changes to an incubation base."""

    base_id: strawberry.ID = strawberry.field(
        description="孵化基地的全局标识（IncubationBase.id）。"
    )
    version: int | None = strawberry.field(default=None, description=VERSION_HELP)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="名称。")
    area: types.IncubationBaseArea | None = strawberry.field(
        default=strawberry.UNSET, description="所在地区。"
    )
    area_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="其他地区的名称。"
    )
    region_code: str | None = strawberry.field(
        default=strawberry.UNSET, description="所在区划代码。"
    )
    status: types.IncubationBaseStatus | None = strawberry.field(
        default=strawberry.UNSET,
        description="进展；改为已入围时须同时给 admittedOn，改为其他状态时入围日期自动清除。",
    )
    admitted_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="入围日期，不晚于今天。"
    )
    operator: str | None = strawberry.field(
        default=strawberry.UNSET, description="运营单位；传 null 清除。"
    )
