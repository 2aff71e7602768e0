"""The `dashboard` root field: one request gives a region's whole board."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy import func, select

from core.dashboard.types import (
    ACTION_LINES,
    HEADLINE_KEY,
    BehindItem,
    Dashboard,
    DashboardCell,
    DashboardColumn,
    DashboardLine,
    DashboardRow,
)
from core.graphql.context import Info
from core.graphql.cost import BOARD_COST, Cost
from core.metrics.periods import ACTION_PERIOD
from core.metrics.queries import evaluate_at, metrics_region
from core.metrics.status import NEEDS_ACTION, Status
from core.metrics.types import MetricResult
from core.records.models import employment
from core.records.models import region as region_table


async def board_date(info: Info) -> date:
    """The date a board opens on when none is asked for: the action period's end once it is
    past, else the latest date the records reach (an employment starting or ending), never
    after today. A board of 2019's data viewed years later shows 2019, not today."""
    today = info.context.today
    if today > ACTION_PERIOD.end:
        return ACTION_PERIOD.end
    async with info.context.db.connect() as conn:
        latest = (
            await conn.execute(
                select(
                    func.max(employment.c.start_date).filter(employment.c.start_date <= today),
                    func.max(employment.c.end_date).filter(employment.c.end_date <= today),
                )
            )
        ).one()
    found = [d for d in latest if d is not None]
    return max(found) if found else today


def shortfall(result: MetricResult) -> float:
    """How far behind expected-by-now, from 0 (not behind) to 1 (nothing done, or nothing
    reported): the gap as a share of the larger of expected and actual."""
    if result.status is Status.NO_DATA:
        return 1.0
    if result.status is not Status.BEHIND or result.value is None or result.expected is None:
        return 0.0
    gap = (
        (result.expected - result.value)
        if result.higher_is_better
        else (result.value - result.expected)
    )
    scale = max(abs(result.expected), abs(result.value), Decimal(1))
    return float(min(round(max(gap, Decimal(0)) / scale, 4), Decimal(1)))


@strawberry.type
class DashboardQuery:
    """Root query field contributed by the board."""

    @strawberry.field(
        description=(
            "挂图作战看板：总目标在上，各项行动的指标与应达进度，下级区划 × 指标矩阵，"
            "以及落后清单（最落后的在前）。新插件的指标自动出现在这里。代价 1,000 点。"
        ),
        directives=[Cost(weight=BOARD_COST)],
    )
    async def dashboard(
        self,
        info: Info,
        region: Annotated[
            str | None,
            strawberry.argument(description="区划代码，默认您的范围（不限范围时为柳州市）。"),
        ] = None,
        as_of: Annotated[
            date | None,
            strawberry.argument(
                description=(
                    "统计日。默认：行动期已过时为行动期末，否则为数据所到的最近一天（不晚于今天）。"
                )
            ),
        ] = None,
        snapshot: Annotated[str | None, strawberry.argument(description="读取这个快照。")] = None,
    ) -> Dashboard:
        code = await metrics_region(info, "dashboard", region)
        if as_of is None and snapshot is None:
            as_of = await board_date(info)
        results = await evaluate_at(
            info, "dashboard", code=code, as_of=as_of, keys=None, period=None, snapshot=snapshot
        )
        async with info.context.db.connect() as conn:
            names = {
                row.code: row.short_name
                for row in (
                    await conn.execute(
                        select(region_table.c.code, region_table.c.short_name).where(
                            (region_table.c.code == code) | (region_table.c.parent_code == code)
                        )
                    )
                ).all()
            }
        lines: dict[str, list[MetricResult]] = {}
        for result in results:
            lines.setdefault(result.action_line, []).append(result)
        ordered = sorted(lines, key=lambda line: (line != "二", line))
        child_codes: list[str] = []
        for result in results:
            for child in result.children:
                if child.region_code not in child_codes:
                    child_codes.append(child.region_code)
        rows = []
        for child_code in sorted(child_codes):
            cells = [
                DashboardCell(key=result.key, result=child)
                for result in results
                for child in result.children
                if child.region_code == child_code
            ]
            rows.append(
                DashboardRow(
                    region_code=child_code,
                    region_name=names.get(child_code, child_code),
                    cells=cells,
                    behind=sum(c.result.status in NEEDS_ACTION for c in cells),
                )
            )
        behind = [
            BehindItem(result=item, shortfall=shortfall(item), deadline=item.period.end)
            for result in results
            for item in [result, *result.children]
            if item.status in NEEDS_ACTION
        ]
        behind.sort(key=lambda b: (-b.shortfall, b.result.key, b.result.region_code))
        headline = next((r for r in results if r.key == HEADLINE_KEY), None)
        return Dashboard(
            region_code=code,
            region_name=names.get(code, code),
            as_of=results[0].as_of if results else (as_of or info.context.today),
            snapshot=snapshot,
            period=headline.period if headline else None,
            headline=headline,
            lines=[
                DashboardLine(
                    action_line=line,
                    title=ACTION_LINES.get(line, line),
                    metrics=lines[line],
                    behind=sum(r.status in NEEDS_ACTION for r in lines[line]),
                )
                for line in ordered
            ],
            columns=[
                DashboardColumn(key=r.key, title=r.title, unit=r.unit, action_line=r.action_line)
                for r in results
            ],
            rows=rows,
            behind=behind,
        )
