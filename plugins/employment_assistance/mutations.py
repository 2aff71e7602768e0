"""Root mutation fields for workshops, village posts, minimum wages and subsidies."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ADMIN_ONLY, Info, LeadBy, RecordError, to_global_id
from plugins.employment_assistance.inputs import (
    HiringSubsidyCreateInput,
    HiringSubsidyRevokeInput,
    HiringSubsidyUpdateInput,
    MinimumWageDeleteInput,
    MinimumWageSetInput,
    PovertyWorkshopCreateInput,
    PovertyWorkshopEndInput,
    PovertyWorkshopUpdateInput,
    PovertyWorkshopWorkerInput,
    VillagePostCreateInput,
    VillagePostEndInput,
    VillagePostUpdateInput,
)
from plugins.employment_assistance.loaders import (
    HiringSubsidyByIdLoader,
    MinimumWageByIdLoader,
    VillagePostByIdLoader,
    WorkshopByIdLoader,
)
from plugins.employment_assistance.results import (
    HiringSubsidyResult,
    HiringSubsidySuccess,
    MinimumWageDeleted,
    MinimumWageDeleteResult,
    MinimumWageResult,
    MinimumWageSuccess,
    PovertyWorkshopResult,
    PovertyWorkshopSuccess,
    VillagePostResult,
    VillagePostSuccess,
    changes_of,
    record_key,
    write,
)
from plugins.employment_assistance.services import posts, subsidies, workshops


async def _workshop(info: Info, result: int | RecordError) -> PovertyWorkshopResult:
    if isinstance(result, RecordError):
        return result
    found = await info.context.loader(WorkshopByIdLoader).load(result)
    assert found is not None
    return PovertyWorkshopSuccess(workshop=found)


async def _post(info: Info, result: int | RecordError) -> VillagePostResult:
    if isinstance(result, RecordError):
        return result
    found = await info.context.loader(VillagePostByIdLoader).load(result)
    assert found is not None
    return VillagePostSuccess(post=found)


# 三(一)2 is led by 市人社局; the county governments record subsidies too.
SUBSIDY_LEADS = LeadBy(departments=["RSJ", "XQZF"])


async def _subsidy(info: Info, result: int | RecordError) -> HiringSubsidyResult:
    if isinstance(result, RecordError):
        return result
    found = await info.context.loader(HiringSubsidyByIdLoader).load(result)
    assert found is not None
    return HiringSubsidySuccess(subsidy=found)


def _update(input: Any, names: tuple[str, ...], nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    return changes_of(input, names, nullable=nullable)


@strawberry.type
class AssistanceMutation:
    """Root mutation fields for workshops, village posts, minimum wages and subsidies."""

    @strawberry.mutation(description="认定一个扶贫车间。")
    async def create_poverty_workshop(
        self,
        info: Info,
        input: Annotated[PovertyWorkshopCreateInput, strawberry.argument(description="车间。")],
    ) -> PovertyWorkshopResult:
        ctx = info.context
        data = workshops.WorkshopData(
            input.name, input.enterprise, input.township_code, input.certified_on, input.jobs
        )
        return await _workshop(
            info,
            await write(
                info,
                lambda conn: workshops.create_workshop(
                    conn, data, today=ctx.today, scope=ctx.scope
                ),
            ),
        )

    @strawberry.mutation(description="修改一个扶贫车间。")
    async def update_poverty_workshop(
        self,
        info: Info,
        input: Annotated[PovertyWorkshopUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> PovertyWorkshopResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "PovertyWorkshop", "扶贫车间")
            changes = _update(
                input, ("name", "enterprise", "township_code", "certified_on", "jobs")
            )
            return await workshops.update_workshop(
                conn,
                key,
                changes,
                expected_version=input.version,
                today=ctx.today,
                scope=ctx.scope,
            )

        return await _workshop(info, await write(info, work))

    @strawberry.mutation(description="记下扶贫车间停办（撤销认定）；记录保留，之后不再算在办。")
    async def end_poverty_workshop(
        self,
        info: Info,
        input: Annotated[PovertyWorkshopEndInput, strawberry.argument(description="停办。")],
    ) -> PovertyWorkshopResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "PovertyWorkshop", "扶贫车间")
            return await workshops.end_workshop(
                conn,
                key,
                input.ended_on,
                input.reason,
                expected_version=input.version,
                today=ctx.today,
                scope=ctx.scope,
            )

        return await _workshop(info, await write(info, work))

    @strawberry.mutation(description="把一条就业形式为“扶贫车间”的就业记录计入扶贫车间。")
    async def add_poverty_workshop_worker(
        self,
        info: Info,
        input: Annotated[
            PovertyWorkshopWorkerInput, strawberry.argument(description="车间与就业记录。")
        ],
    ) -> PovertyWorkshopResult:
        scope = info.context.scope

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.workshop_id, "PovertyWorkshop", "扶贫车间", "workshop_id")
            job = record_key(input.employment_id, "Employment", "就业记录", "employment_id")
            return await workshops.add_worker(conn, key, job, scope=scope)

        return await _workshop(info, await write(info, work))

    @strawberry.mutation(description="把一条就业记录移出扶贫车间（就业记录本身保留）。")
    async def remove_poverty_workshop_worker(
        self,
        info: Info,
        input: Annotated[
            PovertyWorkshopWorkerInput, strawberry.argument(description="车间与就业记录。")
        ],
    ) -> PovertyWorkshopResult:
        scope = info.context.scope

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.workshop_id, "PovertyWorkshop", "扶贫车间", "workshop_id")
            job = record_key(input.employment_id, "Employment", "就业记录", "employment_id")
            return await workshops.remove_worker(conn, key, job, scope=scope)

        return await _workshop(info, await write(info, work))

    @strawberry.mutation(description="在贫困村开发一个公益性岗位并安排人员上岗。")
    async def create_village_post(
        self,
        info: Info,
        input: Annotated[VillagePostCreateInput, strawberry.argument(description="岗位。")],
    ) -> VillagePostResult:
        ctx = info.context
        data = posts.PostData(
            input.village_code,
            input.post,
            input.id_number,
            input.monthly_pay,
            input.start_date,
            input.end_date,
        )
        return await _post(
            info,
            await write(
                info, lambda conn: posts.create_post(conn, data, today=ctx.today, scope=ctx.scope)
            ),
        )

    @strawberry.mutation(description="修改一个公益性岗位（含换人、调整补贴）。")
    async def update_village_post(
        self,
        info: Info,
        input: Annotated[VillagePostUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> VillagePostResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "VillagePost", "公益性岗位")
            changes = _update(
                input,
                ("village_code", "post", "id_number", "monthly_pay", "start_date", "end_date"),
                nullable=("end_date",),
            )
            return await posts.update_post(
                conn, key, changes, expected_version=input.version, today=ctx.today, scope=ctx.scope
            )

        return await _post(info, await write(info, work))

    @strawberry.mutation(description="记下公益性岗位人员离岗；记录保留。")
    async def end_village_post(
        self,
        info: Info,
        input: Annotated[VillagePostEndInput, strawberry.argument(description="离岗。")],
    ) -> VillagePostResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "VillagePost", "公益性岗位")
            return await posts.end_post(
                conn,
                key,
                input.end_date,
                expected_version=input.version,
                today=ctx.today,
                scope=ctx.scope,
            )

        return await _post(info, await write(info, work))

    @strawberry.mutation(
        description="设定（新建或修改）县区从某日起执行的月最低工资标准（仅管理员）。",
        directives=[ADMIN_ONLY],
    )
    async def set_minimum_wage(
        self,
        info: Info,
        input: Annotated[MinimumWageSetInput, strawberry.argument(description="标准。")],
    ) -> MinimumWageResult:
        scope = info.context.scope
        data = posts.MinimumWageData(
            input.county_code, input.effective_from, input.monthly_minimum, input.source
        )
        result = await write(
            info,
            lambda conn: posts.set_minimum_wage(
                conn, data, expected_version=input.version, scope=scope
            ),
        )
        if isinstance(result, RecordError):
            return result
        found = await info.context.loader(MinimumWageByIdLoader).load(result)
        assert found is not None
        return MinimumWageSuccess(minimum_wage=found)

    @strawberry.mutation(
        description="删除一条误录的最低工资标准（仅管理员；已保存的岗位不重新核对）。",
        directives=[ADMIN_ONLY],
    )
    async def delete_minimum_wage(
        self,
        info: Info,
        input: Annotated[MinimumWageDeleteInput, strawberry.argument(description="要删除的标准。")],
    ) -> MinimumWageDeleteResult:
        scope = info.context.scope

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "MinimumWage", "最低工资标准")
            return await posts.delete_minimum_wage(conn, key, scope=scope)

        result = await write(info, work)
        if isinstance(result, RecordError):
            return result
        return MinimumWageDeleted(id=to_global_id("MinimumWage", result))

    @strawberry.mutation(description="登记一笔“一岗多补”补贴。", directives=[SUBSIDY_LEADS])
    async def create_hiring_subsidy(
        self,
        info: Info,
        input: Annotated[HiringSubsidyCreateInput, strawberry.argument(description="补贴。")],
    ) -> HiringSubsidyResult:
        ctx = info.context
        data = subsidies.SubsidyData(
            kind=input.kind,
            id_number=input.id_number,
            employer=input.employer,
            hired_on=input.hired_on,
            granted_on=input.granted_on,
            graduate=input.graduate,
            monthly_amount=input.monthly_amount,
            months=input.months,
            amount=input.amount,
        )
        return await _subsidy(
            info,
            await write(
                info,
                lambda conn: subsidies.create_subsidy(conn, data, today=ctx.today, scope=ctx.scope),
            ),
        )

    @strawberry.mutation(description="修改一笔补贴的单位、日期或金额。", directives=[SUBSIDY_LEADS])
    async def update_hiring_subsidy(
        self,
        info: Info,
        input: Annotated[HiringSubsidyUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> HiringSubsidyResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "HiringSubsidy", "补贴记录")
            changes = _update(
                input,
                (
                    "employer",
                    "hired_on",
                    "granted_on",
                    "graduate",
                    "monthly_amount",
                    "months",
                    "amount",
                ),
                nullable=("monthly_amount", "months", "amount"),
            )
            return await subsidies.update_subsidy(
                conn, key, changes, expected_version=input.version, today=ctx.today, scope=ctx.scope
            )

        return await _subsidy(info, await write(info, work))

    @strawberry.mutation(
        description="撤销一笔补贴：记录保留，不再计入指标。", directives=[SUBSIDY_LEADS]
    )
    async def revoke_hiring_subsidy(
        self,
        info: Info,
        input: Annotated[HiringSubsidyRevokeInput, strawberry.argument(description="撤销。")],
    ) -> HiringSubsidyResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "HiringSubsidy", "补贴记录")
            return await subsidies.revoke_subsidy(
                conn,
                key,
                input.revoked_on,
                input.reason,
                expected_version=input.version,
                today=ctx.today,
                scope=ctx.scope,
            )

        return await _subsidy(info, await write(info, work))
