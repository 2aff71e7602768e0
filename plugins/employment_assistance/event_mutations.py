"""Root mutation fields for job fairs, job pushes and the "五个一" events."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import Info, RecordError
from plugins.employment_assistance.event_inputs import (
    FiveEventCancelInput,
    FiveEventCreateInput,
    FiveEventUpdateInput,
    JobFairCancelInput,
    JobFairCreateInput,
    JobFairUpdateInput,
    JobPushCancelInput,
    JobPushCreateInput,
    JobPushUpdateInput,
)
from plugins.employment_assistance.loaders import (
    FiveEventByIdLoader,
    JobFairByIdLoader,
    JobPushByIdLoader,
)
from plugins.employment_assistance.models import five_event, job_fair, job_push
from plugins.employment_assistance.results import (
    FiveEventResult,
    FiveEventSuccess,
    JobFairResult,
    JobFairSuccess,
    JobPushResult,
    JobPushSuccess,
    changes_of,
    record_key,
    write,
)
from plugins.employment_assistance.services import events, pushes


async def _fair(info: Info, result: int | RecordError) -> JobFairResult:
    if isinstance(result, RecordError):
        return result
    found = await info.context.loader(JobFairByIdLoader).load(result)
    assert found is not None
    return JobFairSuccess(job_fair=found)


async def _push(info: Info, result: int | RecordError) -> JobPushResult:
    if isinstance(result, RecordError):
        return result
    found = await info.context.loader(JobPushByIdLoader).load(result)
    assert found is not None
    return JobPushSuccess(job_push=found)


async def _event(info: Info, result: int | RecordError) -> FiveEventResult:
    if isinstance(result, RecordError):
        return result
    found = await info.context.loader(FiveEventByIdLoader).load(result)
    assert found is not None
    return FiveEventSuccess(event=found)


@strawberry.type
class AssistanceEventMutation:
    """Root mutation fields for job fairs, job pushes and "五个一" events."""

    @strawberry.mutation(description="登记一场已举办的招聘会。")
    async def create_job_fair(
        self,
        info: Info,
        input: Annotated[JobFairCreateInput, strawberry.argument(description="招聘会。")],
    ) -> JobFairResult:
        ctx = info.context
        data = events.FairData(
            input.name,
            input.level,
            input.region_code,
            input.held_on,
            input.place,
            input.employers,
            input.postings,
            input.attendance,
        )
        return await _fair(
            info,
            await write(
                info, lambda conn: events.create_fair(conn, data, today=ctx.today, scope=ctx.scope)
            ),
        )

    @strawberry.mutation(description="修改一场招聘会。")
    async def update_job_fair(
        self,
        info: Info,
        input: Annotated[JobFairUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> JobFairResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "JobFair", "招聘会")
            changes = changes_of(
                input,
                (
                    "name",
                    "level",
                    "region_code",
                    "held_on",
                    "place",
                    "employers",
                    "postings",
                    "attendance",
                ),
            )
            return await events.update_fair(
                conn, key, changes, expected_version=input.version, today=ctx.today, scope=ctx.scope
            )

        return await _fair(info, await write(info, work))

    @strawberry.mutation(description="撤销一场招聘会（误录或未举办）；记录保留，不再计入指标。")
    async def cancel_job_fair(
        self,
        info: Info,
        input: Annotated[JobFairCancelInput, strawberry.argument(description="撤销。")],
    ) -> JobFairResult:
        scope = info.context.scope

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "JobFair", "招聘会")
            return await events.cancel(
                conn,
                job_fair,
                key,
                input.reason,
                expected_version=input.version,
                scope=scope,
                what="招聘会记录",
            )

        return await _fair(info, await write(info, work))

    @strawberry.mutation(description="登记一次岗位信息推送及送达的户。")
    async def create_job_push(
        self,
        info: Info,
        input: Annotated[JobPushCreateInput, strawberry.argument(description="推送。")],
    ) -> JobPushResult:
        ctx = info.context
        data = pushes.PushData(
            input.region_code,
            input.pushed_on,
            input.postings,
            input.channel,
            input.title,
            input.households,
            input.every_household,
        )
        return await _push(
            info,
            await write(
                info, lambda conn: pushes.create_push(conn, data, today=ctx.today, scope=ctx.scope)
            ),
        )

    @strawberry.mutation(description="修改一次岗位推送（可替换送达的户）。")
    async def update_job_push(
        self,
        info: Info,
        input: Annotated[JobPushUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> JobPushResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "JobPush", "岗位推送")
            changes = changes_of(
                input,
                (
                    "region_code",
                    "pushed_on",
                    "postings",
                    "channel",
                    "title",
                    "households",
                    "every_household",
                ),
                nullable=("title",),
            )
            return await pushes.update_push(
                conn, key, changes, expected_version=input.version, today=ctx.today, scope=ctx.scope
            )

        return await _push(info, await write(info, work))

    @strawberry.mutation(description="撤销一次岗位推送；记录保留，不再计入指标。")
    async def cancel_job_push(
        self,
        info: Info,
        input: Annotated[JobPushCancelInput, strawberry.argument(description="撤销。")],
    ) -> JobPushResult:
        scope = info.context.scope

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "JobPush", "岗位推送")
            return await events.cancel(
                conn,
                job_push,
                key,
                input.reason,
                expected_version=input.version,
                scope=scope,
                what="岗位推送记录",
            )

        return await _push(info, await write(info, work))

    @strawberry.mutation(description="登记一场已举办的“五个一”活动。")
    async def create_five_event(
        self,
        info: Info,
        input: Annotated[FiveEventCreateInput, strawberry.argument(description="活动。")],
    ) -> FiveEventResult:
        ctx = info.context
        data = events.EventData(
            input.kind, input.title, input.region_code, input.held_on, input.place, input.attendance
        )
        return await _event(
            info,
            await write(
                info, lambda conn: events.create_event(conn, data, today=ctx.today, scope=ctx.scope)
            ),
        )

    @strawberry.mutation(description="修改一场“五个一”活动。")
    async def update_five_event(
        self,
        info: Info,
        input: Annotated[FiveEventUpdateInput, strawberry.argument(description="变更内容。")],
    ) -> FiveEventResult:
        ctx = info.context

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "FiveEvent", "“五个一”活动")
            changes = changes_of(
                input, ("kind", "title", "region_code", "held_on", "place", "attendance")
            )
            return await events.update_event(
                conn, key, changes, expected_version=input.version, today=ctx.today, scope=ctx.scope
            )

        return await _event(info, await write(info, work))

    @strawberry.mutation(description="撤销一场“五个一”活动；记录保留，不再计入指标。")
    async def cancel_five_event(
        self,
        info: Info,
        input: Annotated[FiveEventCancelInput, strawberry.argument(description="撤销。")],
    ) -> FiveEventResult:
        scope = info.context.scope

        async def work(conn: AsyncConnection) -> int:
            key = record_key(input.id, "FiveEvent", "“五个一”活动")
            return await events.cancel(
                conn,
                five_event,
                key,
                input.reason,
                expected_version=input.version,
                scope=scope,
                what="活动记录",
            )

        return await _event(info, await write(info, work))
