"""Setting and removing targets, and freezing snapshots, with expected failures as data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy import delete, insert, select, update

from core.graphql.context import Info
from core.graphql.results import RecordError
from core.metrics import snapshots
from core.metrics.models import metric_target
from core.metrics.targets import TargetRecord, parse_target_value
from core.metrics.types import MetricSnapshotType, PeriodInput, TargetType
from core.problems import ErrorCode, Problem, Problems
from core.records.models import region as region_table
from core.regions import RegionCodeError, canonical_code
from core.security import audit
from core.security.permissions import ADMIN_ONLY
from core.sqltypes import utcnow


@strawberry.type(description="目标已保存。")
class TargetSuccess:
    """A target as saved."""

    target: TargetType = strawberry.field(description="保存后的目标。")


@strawberry.type(description="目标已删除。")
class TargetDeleted:
    """A target removed."""

    id: strawberry.ID = strawberry.field(description="被删除目标的全局标识。")


@strawberry.type(description="快照已保存。")
class SnapshotSuccess:
    """A snapshot as stored."""

    snapshot: MetricSnapshotType = strawberry.field(description="保存的快照。")


TargetResult = Annotated[
    TargetSuccess | RecordError, strawberry.union("TargetResult", description="设定目标的结果。")
]
DeleteTargetResult = Annotated[
    TargetDeleted | RecordError,
    strawberry.union("DeleteTargetResult", description="删除目标的结果。"),
]
SnapshotResult = Annotated[
    SnapshotSuccess | RecordError,
    strawberry.union("SnapshotResult", description="保存快照的结果。"),
]


@strawberry.input(description="设定（新建或修改）一个指标在一个区划、一个期间的目标。")
class SetTargetInput:
    """A target to set."""

    metric_key: str = strawberry.field(description="指标键。")
    region: str = strawberry.field(description="区划代码（分解给下级时写下级的代码）。")
    period: PeriodInput = strawberry.field(description="期间。")
    value: Decimal = strawberry.field(description="目标值，单位同指标，不小于 0。")
    source: str = strawberry.field(description="依据：方案条款或下达任务的文件名。")
    note: str | None = strawberry.field(default=None, description="备注。")
    version: int | None = strawberry.field(
        default=None, description="修改已有目标时带上读到的版本号；已被他人修改则拒绝（CONFLICT）。"
    )


@strawberry.input(description="删除一个目标记录。")
class DeleteTargetInput:
    """A target to delete."""

    id: strawberry.ID = strawberry.field(description="目标的全局标识（Target.id）。")


@strawberry.input(description="把全部指标在每个区划的当前结果冻结为快照。")
class CreateSnapshotInput:
    """A snapshot to take."""

    label: str = strawberry.field(description="名称，如“2019年二季度”，不可重复，最多 64 个字。")
    as_of: date = strawberry.field(description="统计日。")


async def _set_target(info: Info, data: SetTargetInput) -> TargetType:
    ctx = info.context
    problems: list[Problem] = []
    if data.metric_key not in ctx.metrics.definitions:
        problems.append(
            Problem(
                "metric_key",
                ErrorCode.NOT_FOUND,
                f"没有键为 {data.metric_key} 的指标",
                data.metric_key,
            )
        )
    try:
        code = canonical_code(data.region)
    except RegionCodeError as exc:
        problems.append(Problem("region", ErrorCode.INVALID, str(exc), data.region))
        code = ""
    try:
        value = parse_target_value(data.value)
    except ValueError as exc:
        problems.append(Problem("value", ErrorCode.OUT_OF_RANGE, str(exc), data.value))
    if not data.source.strip():
        problems.append(Problem("source", ErrorCode.REQUIRED, "请写明目标的依据（条款或文件）"))
    if problems:
        raise Problems(problems)
    period = data.period.to_period("setTarget")
    async with ctx.db.begin() as conn:
        if (
            await conn.execute(select(region_table.c.code).where(region_table.c.code == code))
        ).first() is None:
            raise Problems.one(
                "region", ErrorCode.NOT_FOUND, f"区划代码 {code} 不在区划名单中", data.region
            )
        key = (
            metric_target.c.metric_key == data.metric_key,
            metric_target.c.region_code == code,
            metric_target.c.period_start == period.start,
            metric_target.c.period_end == period.end,
        )
        existing = (await conn.execute(select(metric_target).where(*key))).first()
        now = utcnow()
        values = {
            "value": str(value),
            "source": data.source.strip(),
            "note": data.note,
            "set_by": ctx.caller.name,
        }
        if existing is None:
            await conn.execute(
                insert(metric_target).values(
                    metric_key=data.metric_key,
                    region_code=code,
                    period_start=period.start,
                    period_end=period.end,
                    version=1,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
        else:
            if data.version is not None and data.version != existing.version:
                raise Problems.one(
                    "version",
                    ErrorCode.CONFLICT,
                    f"这个目标已被他人修改（现在是第 {existing.version} 版），请刷新后再改",
                )
            changed = await conn.execute(
                update(metric_target)
                .where(
                    metric_target.c.id == existing.id, metric_target.c.version == existing.version
                )
                .values(version=existing.version + 1, updated_at=now, **values)
            )
            if changed.rowcount != 1:
                raise Problems.one(
                    "version", ErrorCode.CONFLICT, "这个目标刚被他人修改，请刷新后再改"
                )
        row = (await conn.execute(select(metric_target).where(*key))).one()
        await audit.log(
            conn,
            "setTarget",
            "metric_target",
            row.id,
            before=None if existing is None else dict(existing._mapping),
            after=dict(row._mapping),
        )
    return TargetType.of(TargetRecord.from_row(row))


@strawberry.type
class MetricsMutation:
    """Root mutation fields contributed by the metrics engine."""

    @strawberry.mutation(
        description="设定或修改一个目标（含把上级目标分解给下级）。", directives=[ADMIN_ONLY]
    )
    async def set_target(
        self,
        info: Info,
        input: Annotated[SetTargetInput, strawberry.argument(description="目标。")],
    ) -> TargetResult:
        try:
            return TargetSuccess(target=await _set_target(info, input))
        except Problems as exc:
            return RecordError.from_problems(exc.problems)

    @strawberry.mutation(
        description="删除一个目标记录（行动方案的默认目标下次迁移时会恢复）。",
        directives=[ADMIN_ONLY],
    )
    async def delete_target(
        self,
        info: Info,
        input: Annotated[DeleteTargetInput, strawberry.argument(description="要删除的目标。")],
    ) -> DeleteTargetResult:
        found = await TargetType.resolve_node(info, _key(input.id))
        if found is None:
            return RecordError.from_problems([Problem("id", ErrorCode.NOT_FOUND, "找不到这个目标")])
        async with info.context.db.begin() as conn:
            await conn.execute(delete(metric_target).where(metric_target.c.id == found.pk))
            await audit.log(
                conn,
                "deleteTarget",
                "metric_target",
                found.pk,
                before={
                    "metric_key": found.metric_key,
                    "region_code": found.region_code,
                    "value": found.value,
                },
            )
        return TargetDeleted(id=input.id)

    @strawberry.mutation(
        description="把全部指标在全市每个区划的结果冻结为快照，供按期报送后原样查阅。",
        directives=[ADMIN_ONLY],
    )
    async def create_metric_snapshot(
        self,
        info: Info,
        input: Annotated[CreateSnapshotInput, strawberry.argument(description="快照。")],
    ) -> SnapshotResult:
        ctx = info.context
        try:
            # A snapshot evaluates every metric everywhere: it takes its turn with the boards.
            async with ctx.metrics.gate.turn(), ctx.db.begin() as conn:
                stored = await snapshots.freeze(
                    conn,
                    ctx.metrics,
                    label=input.label,
                    as_of=input.as_of,
                    created_by=ctx.caller.name,
                )
                await audit.log(
                    conn,
                    "createMetricSnapshot",
                    "metric_snapshot",
                    stored.id,
                    after={"label": stored.label, "as_of": stored.as_of},
                )
        except Problems as exc:
            return RecordError.from_problems(exc.problems)
        return SnapshotSuccess(
            snapshot=MetricSnapshotType(
                label=stored.label, as_of=stored.as_of, created_by=stored.created_by
            )
        )


def _key(global_id: str) -> str:
    from core.graphql.node import from_global_id

    parsed = from_global_id(global_id)
    return parsed[1] if parsed is not None and parsed[0] == "Target" else ""
