"""The record kinds of 三(一), with the computed fields that carry meaning beside the declared ones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from core.sdk import ADMIN_ONLY, PERSONAL, Employment, Household, Info, RecordKind
from plugins.employment_assistance import models, rules
from plugins.employment_assistance.hatches import REACHED

On = Annotated[date | None, strawberry.argument(description="日期，默认今天。")]


def _active(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or end >= day)


@strawberry.type
class WorkshopComputed:
    @strawberry.field(description="在给定日期（默认今天）是否在办：已认定且未停办。")
    def active_on(self, info: Info, on: On = None) -> bool:
        s: Any = self
        return _active(s.certified_on, s.ended_on, on or info.context.today)

    @strawberry.field(
        description="在车间就业的贫困劳动力的就业记录（含已结束的），按开始日期排序。",
        directives=[PERSONAL],
    )
    async def workers(self, info: Info) -> list[Employment]:
        from plugins.employment_assistance.hatches import EmploymentsByWorkshopLoader

        return await info.context.loader(EmploymentsByWorkshopLoader).load(self.pk)  # type: ignore[attr-defined]

    # A count of identified people on one record: small ones point at families, so viewers
    # read the workshop metrics instead (small-number suppression applies there).
    @strawberry.field(
        description="在给定日期（默认今天）在车间在岗的贫困劳动力人数。单位：人。查看者不可查询。",
        directives=[PERSONAL],
    )
    async def poor_workers(self, info: Info, on: On = None) -> int:
        from plugins.employment_assistance.hatches import EmploymentsByWorkshopLoader

        day = on or info.context.today
        jobs = await info.context.loader(EmploymentsByWorkshopLoader).load(self.pk)  # type: ignore[attr-defined]
        return len({job.person_id for job in jobs if job.active_on(day)})


@strawberry.type
class PostComputed:
    @strawberry.field(description="在给定日期（默认今天）是否在岗。")
    def active_on(self, info: Info, on: On = None) -> bool:
        s: Any = self
        return _active(s.start_date, s.end_date, on or info.context.today)


@strawberry.type
class SubsidyComputed:
    @strawberry.field(description="是否已撤销。")
    def revoked(self) -> bool:
        return self.revoked_on is not None  # type: ignore[attr-defined]

    @strawberry.field(description="补贴总额，单位：元，精确到分；按月补贴为每月金额 × 月数。")
    def total(self) -> Decimal:
        s: Any = self
        if s.amount is not None:
            return Decimal(s.amount)
        return Decimal(s.monthly_amount or 0) * int(s.months or 0)


@strawberry.type
class PushComputed:
    @strawberry.field(
        description="送达的贫困户（您权限范围内的），按登记先后排序。", directives=[PERSONAL]
    )
    async def reached_households(self, info: Info) -> list[Household]:
        from plugins.employment_assistance.hatches import HouseholdsByJobPushLoader

        return await info.context.loader(HouseholdsByJobPushLoader).load(self.pk)  # type: ignore[attr-defined]


WORKSHOPS = RecordKind(
    models.Workshop,
    name="PovertyWorkshop",
    title="扶贫车间",
    description="扶贫车间（微车间），认定在乡镇（三(一)4）：全年认定 86 个以上，覆盖全市所有乡镇。",
    plural="povertyWorkshops",
    date_field="certified_on",
    order_by=("certified_on",),
    rules=[rules.workshop_span],
    sheet="assistance_workshops",
    sheet_title="扶贫车间台账",
    on_region="workshops",
    extra_fields=WorkshopComputed,
)
POSTS = RecordKind(
    models.VillagePost,
    name="VillagePost",
    title="乡村公益性岗位",
    description=(
        "乡村公益性岗位（三(一)5）：只设在未脱贫摘帽的贫困村，每村不少于 5 个；"
        "月补贴不低于所在县区的最低工资标准。"
    ),
    plural="villagePosts",
    date_field="start_date",
    order_by=("start_date",),
    rules=[rules.post_rules],
    sheet="assistance_village_posts",
    sheet_title="乡村公益性岗位台账",
    on_person="villagePosts",
    extra_fields=PostComputed,
)
MINIMUM_WAGES = RecordKind(
    models.MinimumWage,
    name="MinimumWage",
    title="最低工资标准",
    description=(
        "县区月最低工资标准（设置表，仅管理员修改）：公益性岗位月补贴不得低于岗位开始时所在县区"
        "生效的标准。平台附带 2018 年广西标准作参考。"
    ),
    plural="minimumWages",
    date_field="effective_from",
    directives=[ADMIN_ONLY],
)
SUBSIDIES = RecordKind(
    models.Subsidy,
    name="HiringSubsidy",
    title="“一岗多补”补贴",
    description=(
        "“一岗多补”的一笔补贴（三(一)2）：企业吸纳贫困劳动力或贫困家庭高校毕业生就业所得。"
        "工资性补贴每人每月 300–500 元、最长 12 个月；社保补贴最长 3 年（36 个月）；"
        "高校毕业生一次性岗位补贴 3000–5000 元。撤销的补贴保留记录，不计入指标。"
    ),
    plural="hiringSubsidies",
    date_field="granted_on",
    order_by=("granted_on",),
    rules=[rules.subsidy_rules],
    sheet="assistance_subsidies",
    sheet_title="一岗多补补贴台账",
    # 三(一)2 is led by 市人社局; the county governments record subsidies too.
    leads=("RSJ", "XQZF"),
    on_person="subsidies",
    extra_fields=SubsidyComputed,
)
FAIRS = RecordKind(
    models.JobFair,
    name="JobFair",
    title="招聘会",
    description="一场招聘会（三(一)6）。撤销的招聘会保留记录，但不计入指标。",
    plural="jobFairs",
    date_field="held_on",
    rules=[rules.fair_level, rules.cancellable("招聘会记录")],
    sheet="assistance_job_fairs",
    sheet_title="招聘会台账",
)
PUSHES = RecordKind(
    models.JobPush,
    name="JobPush",
    title="岗位推送",
    description=(
        "一次岗位信息推送（三(一)6）：一批汇编好的岗位信息在某天送到一些贫困户。"
        "每季度推送 5 万个岗位，每个贫困户每两个月至少收到一次（送达的户见 reachedHouseholds）。"
    ),
    plural="jobPushes",
    date_field="pushed_on",
    rules=[rules.cancellable("岗位推送记录")],
    sheet="assistance_job_pushes",
    sheet_links=REACHED,
    sheet_title="岗位推送台账",
    extra_fields=PushComputed,
)
EVENTS = RecordKind(
    models.FiveEvent,
    name="FiveEvent",
    title="“五个一”活动",
    description="“五个一”活动中的一场（三(一)1）。撤销的活动保留记录，但不计入指标。",
    plural="fiveEvents",
    date_field="held_on",
    rules=[rules.cancellable("活动记录")],
    sheet="assistance_five_events",
    sheet_title="五个一活动台账",
)

KINDS = [WORKSHOPS, POSTS, MINIMUM_WAGES, SUBSIDIES, FAIRS, PUSHES, EVENTS]
