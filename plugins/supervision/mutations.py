"""The escape hatches: issuing a bulletin, checking tasks at their deadline, the 问责 list."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from core.sdk import (
    Cost,
    ErrorCode,
    Info,
    Problem,
    RecordError,
    WriteContext,
    decode_id,
    node_type_of,
    send_notices,
    write,
)
from plugins.supervision import service
from plugins.supervision.models import BULLETINS, TASKS, TaskStatus, task
from plugins.supervision.settings import SupervisionSettings

BulletinNode = node_type_of(BULLETINS)
TaskNode = node_type_of(TASKS)


@strawberry.type(description="通报已印发：条目已冻结，每条已生成整改任务。")
class BulletinIssued:
    bulletin: BulletinNode = strawberry.field(description="印发后的通报。")  # type: ignore[valid-type]
    tasks: int = strawberry.field(description="生成的整改任务数。")


@strawberry.type(description="到期核查已完成：各状态新变化的任务数。")
class TasksChecked:
    on: date = strawberry.field(description="核查所按的日期。")
    rectified: int = strawberry.field(description="核查后不再落后、改为已整改的任务数。")
    overdue: int = strawberry.field(description="到期仍落后、改为逾期的任务数。")
    escalated: int = strawberry.field(description="逾期超过宽限期、列入问责的任务数。")


IssueResult = Annotated[
    BulletinIssued | RecordError,
    strawberry.union("IssueBulletinResult", description="印发的通报，或不能印发的原因。"),
]
CheckResult = Annotated[
    TasksChecked | RecordError,
    strawberry.union("CheckTasksResult", description="核查结果，或不能核查的原因。"),
]


def _context(info: Info, conn: Any, today: date | None = None) -> WriteContext:
    ctx = info.context
    return WriteContext(conn=conn, today=today or ctx.today, scope=ctx.scope, caller=ctx.caller)


def _settings(info: Info) -> SupervisionSettings:
    return info.context.plugins.settings_of(SupervisionSettings)


@strawberry.type
class SupervisionMutation:
    @strawberry.mutation(
        description=(
            "印发一个通报草稿：按其统计日的看板冻结落后条目、编文号，每条生成整改任务"
            "（期限为今天起若干天，见设置），并发出通知。已印发的不能再印发。"
        )
    )
    async def issue_bulletin(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="通报草稿（Bulletin.id）。")],
        version: Annotated[
            int | None, strawberry.argument(description="您读到的版本号；已被他人修改时拒绝。")
        ] = None,
    ) -> IssueResult:
        key = decode_id(id, "Bulletin")
        if key is None:
            return RecordError.from_problems(
                [Problem("id", ErrorCode.INVALID, "这不是通报的标识（Bulletin.id）")]
            )
        ctx = info.context
        async with ctx.metrics.gate.turn():
            outcome = await write(
                info,
                lambda conn: service.issue(
                    _context(info, conn), ctx.metrics, _settings(info), key, version=version
                ),
            )
        if isinstance(outcome, RecordError):
            return outcome
        tasks, notices = outcome
        await send_notices(ctx.plugins, notices)
        found = await ctx.loader(BULLETINS.by_id).load(key)  # type: ignore[arg-type]
        return BulletinIssued(bulletin=found, tasks=tasks)

    @strawberry.mutation(
        description=(
            "到期核查：对期限已到（不晚于 on）、整改中或逾期的任务，按 on 这天的看板重算："
            "不再落后的为已整改，仍落后的为逾期，逾期超过宽限期的列入问责。"
        )
    )
    async def check_rectification_tasks(
        self,
        info: Info,
        on: Annotated[
            date | None, strawberry.argument(description="核查所按的日期，默认今天。")
        ] = None,
    ) -> CheckResult:
        ctx = info.context
        day = on or ctx.today
        async with ctx.metrics.gate.turn():
            outcome = await write(
                info,
                lambda conn: service.check(_context(info, conn), ctx.metrics, _settings(info), day),
            )
        if isinstance(outcome, RecordError):
            return outcome
        counts, notices = outcome
        await send_notices(ctx.plugins, notices)
        return TasksChecked(
            on=day,
            rectified=counts.get(TaskStatus.RECTIFIED.code, 0),
            overdue=counts.get(TaskStatus.OVERDUE.code, 0),
            escalated=counts.get(TaskStatus.ESCALATED.code, 0),
        )


@strawberry.type
class SupervisionQuery:
    @strawberry.field(
        description="问责清单：逾期超过宽限期仍落后的整改任务（您范围内的），按整改期限排序。",
        directives=[Cost(weight=1, list_size=50)],
    )
    async def escalated_tasks(self, info: Info) -> list[TaskNode]:  # type: ignore[valid-type]
        query = (
            TASKS.select_in(info.context.scope)
            .where(task.c.status == TaskStatus.ESCALATED)
            .order_by(task.c.deadline, task.c.id)
        )
        async with info.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [TaskNode.from_row(row) for row in rows]  # type: ignore[attr-defined]
