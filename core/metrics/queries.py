"""Root query fields of the metrics engine."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy import select

from core.graphql.context import Info
from core.graphql.cost import METRIC_COST, METRICS_COST, Cost
from core.graphql.errors import bad_argument
from core.metrics import snapshots, suppression
from core.metrics.engine import UnknownMetric
from core.metrics.models import metric_snapshot, metric_target
from core.metrics.periods import Period
from core.metrics.targets import TargetRecord, split_issues
from core.metrics.types import (
    MetricDefinitionType,
    MetricResult,
    MetricSnapshotType,
    PeriodInput,
    PeriodType,
    TargetSplitIssue,
    TargetType,
)
from core.records.queries import region_in_scope
from core.regions import CITY_CODE, in_subtree
from core.security.roles import Role


async def metrics_region(info: Info, field: str, region: str | None) -> str:
    """The region a metrics field reports on: the one asked for, checked (`region_in_scope`),
    else the caller's own (the city when the caller may see everywhere)."""
    if region is None:
        return info.context.caller.region or CITY_CODE
    return await region_in_scope(info, field, "region", region)


async def evaluate(
    info: Info,
    field: str,
    *,
    region: str | None,
    as_of: date | None,
    keys: list[str] | None,
    period: PeriodInput | None,
    snapshot: str | None,
) -> list[MetricResult]:
    """Live or frozen results for the metrics asked for, at a region with its children."""
    code = await metrics_region(info, field, region)
    return await evaluate_at(
        info, field, code=code, as_of=as_of, keys=keys, period=period, snapshot=snapshot
    )


async def evaluate_at(
    info: Info,
    field: str,
    *,
    code: str,
    as_of: date | None,
    keys: list[str] | None,
    period: PeriodInput | None,
    snapshot: str | None,
) -> list[MetricResult]:
    """`evaluate` at a region already checked (`metrics_region`)."""
    ctx = info.context
    try:
        definitions = ctx.metrics.select(keys)
    except UnknownMetric as exc:
        argument = "key" if field == "metric" else "keys"
        raise bad_argument(field, argument, f"没有指标 {exc.args[0]}") from None
    chosen: Period | None = period.to_period(field) if period is not None else None
    day = as_of or ctx.today
    async with ctx.metrics.gate.turn(), ctx.db.connect() as conn:
        if snapshot is not None:
            info_row = await snapshots.find(conn, snapshot)
            if info_row is None:
                raise bad_argument(field, "snapshot", f"没有名为“{snapshot[:64]}”的快照")
            frozen = info_row

            async def at(region: str, wanted: list[str] | None) -> list[MetricResult]:
                stored = await snapshots.read(conn, frozen, region, wanted)
                return [
                    MetricResult.from_payload(data, frozen.label, children)
                    for data, children in stored
                ]

        else:

            async def at(region: str, wanted: list[str] | None) -> list[MetricResult]:
                chosen_definitions = definitions if wanted is None else ctx.metrics.select(wanted)
                evaluations = await ctx.metrics.evaluate(
                    conn, chosen_definitions, region, day, chosen
                )
                return [MetricResult.of(ev) for ev in evaluations]

        asked = [d.key for d in definitions] if keys or snapshot is None else None
        if ctx.caller.role != Role.VIEWER:
            return await at(code, asked)
        # Viewers: small numbers withheld, with their complements (core.metrics.suppression).
        if asked is None:
            asked = [r.key for r in await at(code, None)]
        return await suppression.protect(ctx.metrics.definitions, asked, code, at)


@strawberry.type
class MetricsQuery:
    """Root query fields contributed by the metrics engine."""

    @strawberry.field(
        description=(
            "指标结果：每个指标在一个区划的数值、目标、应达进度、状态，以及下级区划的拆分（breakdown）。"
            "给 snapshot 时读取当时报送的快照。代价 300 点，另加每个指标（按 30 个计）所选字段的代价。"
        ),
        directives=[Cost(weight=METRICS_COST, list_size=30)],
    )
    async def metrics(
        self,
        info: Info,
        region: Annotated[
            str | None,
            strawberry.argument(description="区划代码，默认您的范围（不限范围时为柳州市）。"),
        ] = None,
        as_of: Annotated[date | None, strawberry.argument(description="统计日，默认今天。")] = None,
        keys: Annotated[
            list[str] | None, strawberry.argument(description="只要这些指标（默认全部）。")
        ] = None,
        period: Annotated[
            PeriodInput | None, strawberry.argument(description="统计期间，默认各指标的默认期间。")
        ] = None,
        snapshot: Annotated[str | None, strawberry.argument(description="快照名称。")] = None,
    ) -> list[MetricResult]:
        return await evaluate(
            info, "metrics", region=region, as_of=as_of, keys=keys, period=period, snapshot=snapshot
        )

    @strawberry.field(
        description="一个指标的结果（参数同 metrics）。代价 20 点。",
        directives=[Cost(weight=METRIC_COST)],
    )
    async def metric(
        self,
        info: Info,
        key: Annotated[str, strawberry.argument(description="指标键。")],
        region: Annotated[
            str | None,
            strawberry.argument(description="区划代码，默认您的范围（不限范围时为柳州市）。"),
        ] = None,
        as_of: Annotated[date | None, strawberry.argument(description="统计日，默认今天。")] = None,
        period: Annotated[PeriodInput | None, strawberry.argument(description="统计期间。")] = None,
        snapshot: Annotated[str | None, strawberry.argument(description="快照名称。")] = None,
    ) -> MetricResult | None:
        found = await evaluate(
            info, "metric", region=region, as_of=as_of, keys=[key], period=period, snapshot=snapshot
        )
        return found[0] if found else None

    @strawberry.field(description="全部已注册指标的定义（核心与各插件）。")
    def metric_definitions(self, info: Info) -> list[MetricDefinitionType]:
        return [MetricDefinitionType.of(d) for d in info.context.metrics.select(None)]

    @strawberry.field(description="目标记录，按指标、区划、期间排序。")
    async def targets(
        self,
        info: Info,
        metric_key: Annotated[
            str | None, strawberry.argument(description="只要这个指标的目标。")
        ] = None,
        region: Annotated[
            str | None, strawberry.argument(description="只要这个区划及其下级的目标。")
        ] = None,
    ) -> list[TargetType]:
        query = select(metric_target).order_by(
            metric_target.c.metric_key, metric_target.c.region_code, metric_target.c.period_start
        )
        if metric_key is not None:
            query = query.where(metric_target.c.metric_key == metric_key)
        if region is not None:
            code = await region_in_scope(info, "targets", "region", region)
            query = query.where(in_subtree(metric_target.c.region_code, code))
        async with info.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [TargetType.of(TargetRecord.from_row(row)) for row in rows]

    @strawberry.field(description="分解到下级后各部分之和与本级目标不一致的目标。")
    async def target_split_issues(
        self,
        info: Info,
        metric_keys: Annotated[
            list[str] | None, strawberry.argument(description="只查这些指标。")
        ] = None,
    ) -> list[TargetSplitIssue]:
        async with info.context.db.connect() as conn:
            issues = await split_issues(conn, metric_keys)
        return [
            TargetSplitIssue(
                metric_key=i.metric_key,
                region_code=i.region_code,
                period=PeriodType.of(i.period),
                target=i.target,
                parts_total=i.parts_total,
                parts=i.parts,
                difference=i.parts_total - i.target,
            )
            for i in issues
        ]

    @strawberry.field(description="已保存的指标快照，新的在前。")
    async def metric_snapshots(self, info: Info) -> list[MetricSnapshotType]:
        async with info.context.db.connect() as conn:
            rows = (
                await conn.execute(select(metric_snapshot).order_by(metric_snapshot.c.id.desc()))
            ).all()
        return [
            MetricSnapshotType(label=r.label, as_of=r.as_of, created_by=r.created_by) for r in rows
        ]
