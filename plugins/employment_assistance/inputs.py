"""Inputs of the mutations on workshops, village posts, minimum wages and subsidies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from plugins.employment_assistance.enums import HiringSubsidyKind

VERSION = "您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"


@strawberry.input(description="认定一个扶贫车间（微车间）。")
class PovertyWorkshopCreateInput:
    """A new workshop."""

    name: str = strawberry.field(description="车间名称，同一乡镇内不能重复，最多 128 字。")
    enterprise: str = strawberry.field(description="运营企业（或合作社）名称，最多 128 字。")
    township_code: str = strawberry.field(description="所在乡镇的区划代码（9 位）。")
    certified_on: date = strawberry.field(description="建成认定日期，不晚于今天。")
    jobs: int = strawberry.field(default=0, description="提供的岗位数，单位：个，不小于 0。")


@strawberry.input(description="修改一个扶贫车间；不给的字段保持不变。")
class PovertyWorkshopUpdateInput:
    """Changes to a workshop."""

    id: strawberry.ID = strawberry.field(description="车间的全局标识（PovertyWorkshop.id）。")
    version: int | None = strawberry.field(default=None, description=VERSION)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="车间名称。")
    enterprise: str | None = strawberry.field(default=strawberry.UNSET, description="运营企业。")
    township_code: str | None = strawberry.field(
        default=strawberry.UNSET, description="所在乡镇的区划代码。"
    )
    certified_on: date | None = strawberry.field(default=strawberry.UNSET, description="认定日期。")
    jobs: int | None = strawberry.field(default=strawberry.UNSET, description="岗位数，单位：个。")


@strawberry.input(description="记下扶贫车间停办（撤销认定）：记录保留。")
class PovertyWorkshopEndInput:
    """The end of a workshop."""

    id: strawberry.ID = strawberry.field(description="车间的全局标识。")
    ended_on: date = strawberry.field(
        description="停办日期（当天仍算在办），不早于认定日期、不晚于今天。"
    )
    reason: str | None = strawberry.field(default=None, description="停办原因，最多 200 字。")
    version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="把一名贫困劳动力的就业记录计入（或移出）扶贫车间。")
class PovertyWorkshopWorkerInput:
    """A workshop and an employment record."""

    workshop_id: strawberry.ID = strawberry.field(description="车间的全局标识。")
    employment_id: strawberry.ID = strawberry.field(
        description="就业记录的全局标识（Employment.id），就业形式须为“扶贫车间”。"
    )


@strawberry.input(description="在贫困村开发一个公益性岗位并安排人员上岗。")
class VillagePostCreateInput:
    """A new village post."""

    village_code: str = strawberry.field(description="未脱贫摘帽贫困村的区划代码（12 位）。")
    post: str = strawberry.field(description="岗位名称，如“保洁员”，最多 64 字。")
    id_number: str = strawberry.field(
        description="上岗人员的身份证号：已登记、有劳动能力的建档立卡户成员，同一时间只占一个岗位。"
    )
    monthly_pay: Decimal = strawberry.field(
        description="月岗位补贴，单位：元，最多两位小数；不低于上岗时所在县区的最低工资标准。"
    )
    start_date: date = strawberry.field(description="上岗日期，不晚于今天。")
    end_date: date | None = strawberry.field(default=None, description="离岗日期；仍在岗则不填。")


@strawberry.input(description="修改一个公益性岗位；不给的字段保持不变。")
class VillagePostUpdateInput:
    """Changes to a village post."""

    id: strawberry.ID = strawberry.field(description="岗位的全局标识（VillagePost.id）。")
    version: int | None = strawberry.field(default=None, description=VERSION)
    village_code: str | None = strawberry.field(default=strawberry.UNSET, description="贫困村。")
    post: str | None = strawberry.field(default=strawberry.UNSET, description="岗位名称。")
    id_number: str | None = strawberry.field(
        default=strawberry.UNSET, description="换人：新上岗人员的身份证号。"
    )
    monthly_pay: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="月岗位补贴，单位：元。"
    )
    start_date: date | None = strawberry.field(default=strawberry.UNSET, description="上岗日期。")
    end_date: date | None = strawberry.field(
        default=strawberry.UNSET, description="离岗日期；传 null 表示仍在岗。"
    )


@strawberry.input(description="记下公益性岗位人员离岗：记录保留。")
class VillagePostEndInput:
    """The end of a post."""

    id: strawberry.ID = strawberry.field(description="岗位的全局标识。")
    end_date: date = strawberry.field(description="最后在岗的日期，不早于上岗日期、不晚于今天。")
    version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="设定一个县区从某日起执行的月最低工资标准（已有同日标准则修改）。")
class MinimumWageSetInput:
    """A minimum wage to set."""

    county_code: str = strawberry.field(description="县区的区划代码（6 位）。")
    effective_from: date = strawberry.field(description="生效日期。")
    monthly_minimum: Decimal = strawberry.field(description="月最低工资，单位：元，大于 0。")
    source: str = strawberry.field(description="依据（文件名与文号），最多 200 字。")
    version: int | None = strawberry.field(
        default=None, description="修改已有标准时带上读到的版本号；已被他人修改则拒绝。"
    )


@strawberry.input(description="删除一条误录的最低工资标准。")
class MinimumWageDeleteInput:
    """A minimum wage to delete."""

    id: strawberry.ID = strawberry.field(description="标准的全局标识（MinimumWage.id）。")


@strawberry.input(
    description=(
        "登记一笔“一岗多补”补贴。工资性补贴、社保补贴填每月金额和月数；"
        "其余（一次性岗位补贴、带动就业奖励、新增就业补贴）填金额。"
    )
)
class HiringSubsidyCreateInput:
    """A new subsidy."""

    kind: HiringSubsidyKind = strawberry.field(description="补贴种类。")
    id_number: str = strawberry.field(
        description="被吸纳就业的人的身份证号：已登记、有劳动能力的建档立卡户成员。"
    )
    employer: str = strawberry.field(description="吸纳就业的企业名称，最多 128 字。")
    hired_on: date = strawberry.field(description="入职日期，不晚于今天。")
    granted_on: date = strawberry.field(description="审批发放日期，不早于入职日期、不晚于今天。")
    graduate: bool = strawberry.field(
        default=False, description="被吸纳的人是否贫困家庭高校毕业生（一次性岗位补贴须为是）。"
    )
    monthly_amount: Decimal | None = strawberry.field(
        default=None,
        description="按月补贴的每月金额，单位：元；工资性补贴 300–500 元，社保补贴不小于 0。",
    )
    months: int | None = strawberry.field(
        default=None,
        description="按月补贴的月数：工资性补贴同一人同一单位累计最多 12 个月，社保补贴累计最多 36 个月。",
    )
    amount: Decimal | None = strawberry.field(
        default=None,
        description="一次性补贴的金额，单位：元；高校毕业生一次性岗位补贴 3000–5000 元，其余不小于 0。",
    )


@strawberry.input(
    description="修改一笔补贴（种类和人不能改，改错了请撤销后重录）；不给的字段保持不变。"
)
class HiringSubsidyUpdateInput:
    """Changes to a subsidy."""

    id: strawberry.ID = strawberry.field(description="补贴的全局标识（HiringSubsidy.id）。")
    version: int | None = strawberry.field(default=None, description=VERSION)
    employer: str | None = strawberry.field(default=strawberry.UNSET, description="企业名称。")
    hired_on: date | None = strawberry.field(default=strawberry.UNSET, description="入职日期。")
    granted_on: date | None = strawberry.field(default=strawberry.UNSET, description="发放日期。")
    graduate: bool | None = strawberry.field(
        default=strawberry.UNSET, description="是否贫困家庭高校毕业生。"
    )
    monthly_amount: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="每月金额，单位：元（按月补贴）。"
    )
    months: int | None = strawberry.field(
        default=strawberry.UNSET, description="月数（按月补贴）。"
    )
    amount: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="金额，单位：元（一次性补贴）。"
    )


@strawberry.input(description="撤销一笔补贴（如追回或误录）：记录保留，不再计入指标和月数上限。")
class HiringSubsidyRevokeInput:
    """A subsidy to revoke."""

    id: strawberry.ID = strawberry.field(description="补贴的全局标识。")
    revoked_on: date = strawberry.field(description="撤销日期，不早于发放日期、不晚于今天。")
    reason: str = strawberry.field(description="撤销原因，最多 200 字。")
    version: int | None = strawberry.field(default=None, description=VERSION)
