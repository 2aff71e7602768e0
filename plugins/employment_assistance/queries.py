"""Root query fields listing the plugin's records, with filters and cursor pagination."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import select

from core.sdk import PERSONAL, Connection, Info
from plugins.employment_assistance.event_types import FiveEvent, JobFair, JobPush
from plugins.employment_assistance.filters import (
    FiveEventFilter,
    HiringSubsidyFilter,
    JobFairFilter,
    JobPushFilter,
    PovertyWorkshopFilter,
    VillagePostFilter,
    event_query,
    fair_query,
    post_query,
    push_query,
    subsidy_query,
    workshop_query,
)
from plugins.employment_assistance.models import (
    five_event,
    job_fair,
    job_push,
    minimum_wage,
    subsidy,
    village_post,
    workshop,
)
from plugins.employment_assistance.paging import (
    After,
    Before,
    First,
    Last,
    paginate,
    region_argument,
)
from plugins.employment_assistance.types import (
    HiringSubsidy,
    MinimumWage,
    PovertyWorkshop,
    VillagePost,
)


@strawberry.type
class AssistanceQuery:
    """Root query fields listing the plugin's records."""

    @strawberry.field(description="扶贫车间列表（游标分页，按登记先后排序）。")
    async def poverty_workshops(
        self,
        info: Info,
        filter: Annotated[
            PovertyWorkshopFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PovertyWorkshop]:
        return await paginate(
            info,
            "povertyWorkshops",
            workshop_query(info, filter),
            workshop.c.id,
            PovertyWorkshop.from_row,
            lambda row: row.id,
            (first, after, last, before),
        )

    @strawberry.field(
        description="乡村公益性岗位列表（游标分页，按登记先后排序）。", directives=[PERSONAL]
    )
    async def village_posts(
        self,
        info: Info,
        filter: Annotated[
            VillagePostFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[VillagePost]:
        return await paginate(
            info,
            "villagePosts",
            post_query(info, filter),
            village_post.c.id,
            VillagePost.from_row,
            lambda row: row.id,
            (first, after, last, before),
        )

    @strawberry.field(
        description="县区月最低工资标准（设置表），按县区、生效日期排序；公益性岗位补贴以此核对。"
    )
    async def minimum_wages(
        self,
        info: Info,
        county: Annotated[
            str | None, strawberry.argument(description="只列这个县区（6 位区划代码）的标准。")
        ] = None,
    ) -> list[MinimumWage]:
        query = (
            select(minimum_wage)
            .where(info.context.scope.where(minimum_wage.c.county_code))
            .order_by(minimum_wage.c.county_code, minimum_wage.c.effective_from)
        )
        if county is not None:
            query = query.where(
                minimum_wage.c.county_code == region_argument("minimumWages", "county", county)
            )
        async with info.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [MinimumWage.from_row(row) for row in rows]

    @strawberry.field(
        description="“一岗多补”补贴列表（游标分页，按登记先后排序）。", directives=[PERSONAL]
    )
    async def hiring_subsidies(
        self,
        info: Info,
        filter: Annotated[
            HiringSubsidyFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[HiringSubsidy]:
        return await paginate(
            info,
            "hiringSubsidies",
            subsidy_query(info, filter),
            subsidy.c.id,
            HiringSubsidy.from_row,
            lambda row: row.id,
            (first, after, last, before),
        )

    @strawberry.field(description="招聘会列表（游标分页，按登记先后排序）。")
    async def job_fairs(
        self,
        info: Info,
        filter: Annotated[
            JobFairFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[JobFair]:
        return await paginate(
            info,
            "jobFairs",
            fair_query(info, filter),
            job_fair.c.id,
            JobFair.from_row,
            lambda row: row.id,
            (first, after, last, before),
        )

    @strawberry.field(description="岗位信息推送列表（游标分页，按登记先后排序）。")
    async def job_pushes(
        self,
        info: Info,
        filter: Annotated[
            JobPushFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[JobPush]:
        return await paginate(
            info,
            "jobPushes",
            push_query(info, filter),
            job_push.c.id,
            JobPush.from_row,
            lambda row: row.id,
            (first, after, last, before),
        )

    @strawberry.field(description="“五个一”活动列表（游标分页，按登记先后排序）。")
    async def five_events(
        self,
        info: Info,
        filter: Annotated[
            FiveEventFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[FiveEvent]:
        return await paginate(
            info,
            "fiveEvents",
            event_query(info, filter),
            five_event.c.id,
            FiveEvent.from_row,
            lambda row: row.id,
            (first, after, last, before),
        )
