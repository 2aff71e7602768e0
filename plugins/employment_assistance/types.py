"""GraphQL types of workshops, village posts, minimum wages and subsidies, mapped from rows.

Relations resolve through per-request loaders (imported inside the resolvers, as the core's
types do, because the loaders build these types).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row

from core.sdk import PERSONAL, Employment, Info, Node, Person, Region, fen_to_yuan, to_global_id
from plugins.employment_assistance.enums import HiringSubsidyKind

DAY = Annotated[date | None, strawberry.argument(description="日期，默认今天。")]


def _day(info: Info, on: date | None) -> date:
    return on if on is not None else info.context.today


def _active(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or end >= day)


@strawberry.type(
    name="PovertyWorkshop",
    description="扶贫车间（微车间），认定在乡镇（三(一)4）：全年认定 86 个以上，覆盖全市所有乡镇。",
)
class PovertyWorkshop(Node):
    """A poverty-alleviation workshop."""

    pk: strawberry.Private[int]
    township_code: str = strawberry.field(description="所在乡镇的 9 位区划代码。")
    name: str = strawberry.field(description="车间名称，同一乡镇内唯一。")
    enterprise: str = strawberry.field(description="运营企业（或合作社）名称。")
    certified_on: date = strawberry.field(description="建成认定日期。")
    jobs: int = strawberry.field(description="提供的岗位数，单位：个，不小于 0。")
    ended_on: date | None = strawberry.field(
        description="停办（撤销认定）日期，当天仍算在办；为空表示仍在办。"
    )
    end_reason: str | None = strawberry.field(description="停办原因，未停办时为空。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> PovertyWorkshop:
        """Map an `assistance_workshop` row."""
        return cls(
            id=to_global_id("PovertyWorkshop", row.id),
            pk=row.id,
            township_code=row.township_code,
            name=row.name,
            enterprise=row.enterprise,
            certified_on=row.certified_on,
            jobs=row.jobs,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> PovertyWorkshop | None:
        from plugins.employment_assistance.loaders import WorkshopByIdLoader

        return (
            await info.context.loader(WorkshopByIdLoader).load(int(key)) if key.isdigit() else None
        )

    @strawberry.field(description="所在乡镇。")
    async def township(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.township_code)

    @strawberry.field(description="在给定日期（默认今天）是否在办：已认定且未停办。")
    def active_on(self, info: Info, on: DAY = None) -> bool:
        return _active(self.certified_on, self.ended_on, _day(info, on))

    @strawberry.field(
        description="在车间就业的贫困劳动力的就业记录（含已结束的），按开始日期排序。",
        directives=[PERSONAL],
    )
    async def workers(self, info: Info) -> list[Employment]:
        from plugins.employment_assistance.loaders import EmploymentsByWorkshopLoader

        return await info.context.loader(EmploymentsByWorkshopLoader).load(self.pk)

    # A count of identified people on one record: small ones point at families, so viewers
    # read the workshop metrics instead (small-number suppression applies there).
    @strawberry.field(
        description="在给定日期（默认今天）在车间在岗的贫困劳动力人数。单位：人。查看者不可查询。",
        directives=[PERSONAL],
    )
    async def poor_workers(self, info: Info, on: DAY = None) -> int:
        day = _day(info, on)
        jobs = await self.workers(info)
        return len({job.person_id for job in jobs if job.active_on(day)})


@strawberry.type(
    name="VillagePost",
    description=(
        "乡村公益性岗位（三(一)5）：只设在未脱贫摘帽的贫困村，每村不少于 5 个；"
        "月补贴不低于所在县区的最低工资标准。"
    ),
)
class VillagePost(Node):
    """A public-welfare post in a poor village."""

    pk: strawberry.Private[int]
    person_id: strawberry.Private[int]
    village_code: str = strawberry.field(description="所在贫困村的 12 位区划代码。")
    post: str = strawberry.field(description="岗位名称，如“保洁员”“护林员”。")
    monthly_pay: Decimal = strawberry.field(
        description="月岗位补贴，单位：元，精确到分；不低于所在县区的最低工资标准。",
        directives=[PERSONAL],
    )
    start_date: date = strawberry.field(description="上岗日期（含）。")
    end_date: date | None = strawberry.field(description="离岗日期（含当天在岗）；为空表示仍在岗。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> VillagePost:
        """Map an `assistance_village_post` row."""
        return cls(
            id=to_global_id("VillagePost", row.id),
            pk=row.id,
            person_id=row.person_id,
            village_code=row.village_code,
            post=row.post,
            monthly_pay=fen_to_yuan(row.monthly_pay_fen),
            start_date=row.start_date,
            end_date=row.end_date,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> VillagePost | None:
        from plugins.employment_assistance.loaders import VillagePostByIdLoader

        return (
            await info.context.loader(VillagePostByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    def held_on(self, day: date) -> bool:
        """Whether the post is held on `day` (both ends inclusive)."""
        return _active(self.start_date, self.end_date, day)

    @strawberry.field(description="在给定日期（默认今天）是否在岗。")
    def active_on(self, info: Info, on: DAY = None) -> bool:
        return self.held_on(_day(info, on))

    @strawberry.field(description="所在贫困村。")
    async def village(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.village_code)

    @strawberry.field(
        description="在岗人员（建档立卡户成员）；不在您权限范围内时为空。", directives=[PERSONAL]
    )
    async def holder(self, info: Info) -> Person | None:
        from core.sdk import PersonByIdLoader

        return await info.context.loader(PersonByIdLoader).load(self.person_id)


@strawberry.type(
    name="MinimumWage",
    description=(
        "县区月最低工资标准（设置表）：公益性岗位月补贴不得低于岗位开始时所在县区生效的标准。"
        "平台附带 2018 年广西标准作参考，管理员可修改或增加新标准。"
    ),
)
class MinimumWage(Node):
    """A county's monthly minimum wage from a date on."""

    pk: strawberry.Private[int]
    county_code: str = strawberry.field(description="县区 6 位区划代码。")
    monthly_minimum: Decimal = strawberry.field(description="月最低工资，单位：元，精确到分。")
    effective_from: date = strawberry.field(description="生效日期；到下一条标准生效的前一天为止。")
    source: str = strawberry.field(description="依据（文件名与文号）。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> MinimumWage:
        """Map an `assistance_minimum_wage` row."""
        return cls(
            id=to_global_id("MinimumWage", row.id),
            pk=row.id,
            county_code=row.county_code,
            monthly_minimum=fen_to_yuan(row.monthly_minimum_fen),
            effective_from=row.effective_from,
            source=row.source,
            version=row.version,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> MinimumWage | None:
        from plugins.employment_assistance.loaders import MinimumWageByIdLoader

        return (
            await info.context.loader(MinimumWageByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    @strawberry.field(description="县区。")
    async def county(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.county_code)


@strawberry.type(
    name="HiringSubsidy",
    description=(
        "“一岗多补”的一笔补贴（三(一)2）：企业吸纳贫困劳动力或贫困家庭高校毕业生就业所得。"
        "工资性补贴每人每月 300–500 元、最长 12 个月；社保补贴最长 3 年（36 个月）；"
        "高校毕业生一次性岗位补贴 3000–5000 元；一次性带动就业奖励、新增就业补贴金额不小于 0。"
    ),
)
class HiringSubsidy(Node):
    """One subsidy of "一岗多补"."""

    pk: strawberry.Private[int]
    person_id: strawberry.Private[int]
    kind: HiringSubsidyKind = strawberry.field(description="补贴种类。")
    employer: str = strawberry.field(description="吸纳就业的企业（用人单位）名称。")
    hired_on: date = strawberry.field(description="吸纳就业（入职）日期。")
    graduate: bool = strawberry.field(description="被吸纳的人是否贫困家庭高校毕业生。")
    monthly_amount: Decimal | None = strawberry.field(
        description="按月补贴的每月金额，单位：元（工资性补贴 300–500 元）；一次性补贴为空。"
    )
    months: int | None = strawberry.field(
        description="按月补贴的月数，单位：月（工资性补贴最多 12，社保补贴最多 36）；一次性补贴为空。"
    )
    amount: Decimal = strawberry.field(
        description="补贴总额，单位：元，精确到分；按月补贴为每月金额 × 月数。"
    )
    granted_on: date = strawberry.field(description="审批发放日期，不早于入职日期。")
    revoked_on: date | None = strawberry.field(
        description="撤销日期（如补贴被追回或误录）；撤销后不再计入指标。为空表示有效。"
    )
    revoke_reason: str | None = strawberry.field(description="撤销原因。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> HiringSubsidy:
        """Map an `assistance_subsidy` row."""
        monthly = row.monthly_amount_fen
        return cls(
            id=to_global_id("HiringSubsidy", row.id),
            pk=row.id,
            person_id=row.person_id,
            kind=HiringSubsidyKind(row.kind),
            employer=row.employer,
            hired_on=row.hired_on,
            graduate=row.graduate,
            monthly_amount=None if monthly is None else fen_to_yuan(monthly),
            months=row.months,
            amount=fen_to_yuan(row.amount_fen),
            granted_on=row.granted_on,
            revoked_on=row.revoked_on,
            revoke_reason=row.revoke_reason,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> HiringSubsidy | None:
        from plugins.employment_assistance.loaders import HiringSubsidyByIdLoader

        return (
            await info.context.loader(HiringSubsidyByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    @strawberry.field(description="是否已撤销。")
    def revoked(self) -> bool:
        return self.revoked_on is not None

    @strawberry.field(description="被吸纳就业的人（建档立卡户成员）。", directives=[PERSONAL])
    async def person(self, info: Info) -> Person | None:
        from core.sdk import PersonByIdLoader

        return await info.context.loader(PersonByIdLoader).load(self.person_id)


@strawberry.type(
    name="VillagePostCoverage",
    description="一个贫困村在统计日的公益性岗位数与“每村不少于 5 个”的规则相比（三(一)5）。",
)
class VillagePostCoverage:
    """A poor village, its posts and the rule."""

    village_code: str = strawberry.field(description="贫困村 12 位区划代码。")
    posts: int = strawberry.field(description="统计日在岗的公益性岗位数，单位：个。")
    required: int = strawberry.field(description="规则要求的岗位数，单位：个（每村 5 个）。")

    @strawberry.field(description="还差几个岗位才达到规则，单位：个；已达到为 0。")
    def short_by(self) -> int:
        return max(0, self.required - self.posts)

    @strawberry.field(description="是否达到每村不少于 5 个。")
    def met(self) -> bool:
        return self.posts >= self.required

    @strawberry.field(description="贫困村。")
    async def village(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.village_code)
