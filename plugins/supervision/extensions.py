"""What no declaration says: a bulletin's items (live for a draft, frozen once issued), its
printable page and file, and a task's item and bulletin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy import select

from core.sdk import (
    Cost,
    Database,
    Info,
    Loader,
    MetricsEngine,
    Region,
    RegionByCodeLoader,
    Standing,
    behind,
    to_global_id,
)


@strawberry.type(description="通报的一条：一个区划的一个指标落后于应达进度（或未报送）。")
class BulletinItem:
    """One item of a bulletin, as the board stood on its date."""

    bulletin: strawberry.Private[int | None]
    position: int = strawberry.field(description="序号，从 1 起，最落后的在前。")
    metric_key: str = strawberry.field(description="指标键。")
    title: str = strawberry.field(description="指标名称。")
    unit: str = strawberry.field(description="单位。")
    clause: str = strawberry.field(description="方案条款。")
    lead_department: str = strawberry.field(description="指标的牵头单位代码。")
    region_code: str = strawberry.field(description="落后的区划代码。")
    value: Decimal | None = strawberry.field(description="统计日的数值；未报送为空。")
    expected: Decimal | None = strawberry.field(description="统计日按期均匀推进应达到的数值。")
    target: Decimal | None = strawberry.field(description="目标值。")
    gap: Decimal | None = strawberry.field(
        description="差距：应达进度减数值（越小越好的指标为数值减应达进度），单位同指标。"
    )
    status: str = strawberry.field(description="看板状态：BEHIND（落后）或 NO_DATA（未报送）。")
    reason: str = strawberry.field(
        description="看板给出的说明，如“比按期均匀推进应达到的 … 差 …”。"
    )
    shortfall: float = strawberry.field(description="落后程度 0–1（未报送为 1）。")
    deadline: date = strawberry.field(description="指标目标期间的截止日。")

    @strawberry.field(description="落后的区划。")
    async def region(self, info: Info) -> Region | None:
        return await info.context.loader(RegionByCodeLoader).load(self.region_code)

    @classmethod
    def of(cls, position: int, s: Standing) -> BulletinItem:
        gap = None
        if s.value is not None and s.expected is not None:
            gap = abs(s.expected - s.value)
        return cls(
            bulletin=None,
            position=position,
            metric_key=s.key,
            title=s.title,
            unit=s.unit,
            clause=s.clause,
            lead_department=s.lead_department,
            region_code=s.region_code,
            value=s.value,
            expected=s.expected,
            target=s.target,
            gap=gap,
            status=s.status,
            reason=s.reason,
            shortfall=s.shortfall,
            deadline=s.deadline,
        )

    @classmethod
    def from_row(cls, row: Any) -> BulletinItem:
        def number(text: str | None) -> Decimal | None:
            return None if text is None else Decimal(text)

        value, expected = number(row.value), number(row.expected)
        return cls(
            bulletin=row.bulletin_id,
            position=row.position,
            metric_key=row.metric_key,
            title=row.title,
            unit=row.unit,
            clause=row.clause,
            lead_department=row.lead_department,
            region_code=row.region_code,
            value=value,
            expected=expected,
            target=number(row.target),
            gap=None if value is None or expected is None else abs(expected - value),
            status=row.status,
            reason=row.reason,
            shortfall=row.shortfall,
            deadline=row.deadline,
        )


async def items_of(
    db: Database, engine: MetricsEngine, key: int, status: str, code: str, as_of: date
) -> list[BulletinItem]:
    """An issued bulletin's stored items; a draft's from the board, live."""
    from plugins.supervision.models import item

    if status == "ISSUED":
        query = select(item).where(item.c.bulletin_id == key).order_by(item.c.position)
        async with db.connect() as conn:
            return [BulletinItem.from_row(row) for row in (await conn.execute(query)).all()]
    async with engine.gate.turn(), db.connect() as conn:
        found = await behind(conn, engine, code, as_of)
    return [BulletinItem.of(i, s) for i, s in enumerate(found, start=1)]


@strawberry.type
class BulletinFields:
    @strawberry.field(
        description=(
            "通报的条目，最落后的在前：已印发的为印发时冻结的条目；草稿按统计日实时计算"
            "（代价 300 点）。"
        ),
        directives=[Cost(weight=300, list_size=50)],
    )
    async def items(self, info: Info) -> list[BulletinItem]:
        me: Any = self
        ctx = info.context
        return await items_of(ctx.db, ctx.metrics, me.pk, me.status.value, me.region_code, me.as_of)

    @strawberry.field(description="可打印的通报页面（HTML）的路径，带同一令牌访问。")
    def page_url(self) -> str:
        return f"/supervision/bulletins/{self.pk}"  # type: ignore[attr-defined]

    @strawberry.field(description="通报的 Word 文件（.docx）的路径，带同一令牌访问。")
    def docx_url(self) -> str:
        return f"/supervision/bulletins/{self.pk}.docx"  # type: ignore[attr-defined]


class BulletinItemByTaskLoader(Loader[int, "BulletinItem | None"]):
    """The bulletin item each task comes from."""

    async def fetch(self, keys: list[int]) -> list[BulletinItem | None]:
        from plugins.supervision.models import item, task

        query = (
            select(item, task.c.id.label("task_key"))
            .join(task, task.c.item_id == item.c.id)
            .where(task.c.id.in_(keys))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        found = {row.task_key: BulletinItem.from_row(row) for row in rows}
        return [found.get(key) for key in keys]


@strawberry.type
class TaskFields:
    @strawberry.field(description="这项任务来自的通报条目。")
    async def item(self, info: Info) -> BulletinItem | None:
        key: int = self.pk  # type: ignore[attr-defined]
        return await info.context.loader(BulletinItemByTaskLoader).load(key)

    @strawberry.field(description="这项任务来自的通报的标识（Bulletin.id；县区看不到全市的通报）。")
    async def bulletin_id(self, info: Info) -> strawberry.ID | None:
        key: int = self.pk  # type: ignore[attr-defined]
        found = await info.context.loader(BulletinItemByTaskLoader).load(key)
        if found is None or found.bulletin is None:
            return None
        return strawberry.ID(to_global_id("Bulletin", found.bulletin))
