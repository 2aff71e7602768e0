"""Issuing a bulletin (number it, freeze its items, give each a task) and checking tasks on or
after their deadline. Both run in the caller's transaction and return the notices to send
once it commits."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from core.sdk import (
    ErrorCode,
    MetricsEngine,
    Notice,
    Problems,
    WriteContext,
    behind,
    level_of,
    region,
    standings,
    utcnow,
)
from plugins.supervision.models import (
    BULLETINS,
    EVENTS,
    TASKS,
    BulletinStatus,
    TaskStatus,
    bulletin,
    issued,
    item,
    task,
)
from plugins.supervision.settings import SupervisionSettings


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


async def _name(ctx: WriteContext, code: str) -> str:
    found = await ctx.conn.scalar(select(region.c.name).where(region.c.code == code))
    return str(found or code)


async def draft(ctx: WriteContext, code: str, as_of: date) -> int:
    """A draft bulletin for `code` (the city or a county) on `as_of`."""
    return await BULLETINS.create(ctx, {"region_code": code, "as_of": as_of})


async def issue(
    ctx: WriteContext,
    engine: MetricsEngine,
    settings: SupervisionSettings,
    key: int,
    *,
    version: int | None = None,
) -> tuple[int, list[Notice]]:
    """Number and issue a draft: its items are the board's behind-list on its date, stored as
    they stand; each becomes a task due `deadline_days` after today. Returns the task count."""
    row = await BULLETINS.get(ctx.conn, key, ctx.scope)
    if row is None:
        raise Problems.one("id", ErrorCode.NOT_FOUND, "没有这个通报（或不在您的范围内）")
    frozen = issued(row)
    if frozen is not None:
        raise Problems.one("id", ErrorCode.RULE_VIOLATED, frozen)
    found = await behind(ctx.conn, engine, row.region_code, row.as_of)
    year = ctx.today.year
    issued_before = await ctx.conn.scalar(
        select(func.count()).where(
            bulletin.c.status == BulletinStatus.ISSUED,
            bulletin.c.issued_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
    )
    number = f"{settings.number_prefix}〔{year}〕{int(issued_before or 0) + 1}号"
    where = await _name(ctx, row.region_code)
    title = row.title or f"关于{where}就业扶贫工作进展情况的通报（截至{row.as_of:%Y年%m月%d日}）"
    await BULLETINS.update(
        ctx,
        key,
        {
            "title": title,
            "status": BulletinStatus.ISSUED,
            "number": number,
            "issued_on": ctx.today,
            "issued_by": ctx.caller.name,
        },
        expected_version=version,
    )
    deadline = ctx.today + timedelta(days=settings.deadline_days)
    now = utcnow()
    notices = [
        Notice(
            event="supervision.bulletin_issued",
            subject=f"{number}：{title}",
            body=f"{where}有 {len(found)} 项指标落后或未报送，请于 {deadline} 前完成整改。",
            region=row.region_code,
            link=f"/supervision/bulletins/{key}",
            data={"bulletin": key, "number": number, "items": len(found)},
        )
    ]
    for position, s in enumerate(found, start=1):
        item_key = (
            await ctx.conn.execute(
                insert(item)
                .values(
                    bulletin_id=key,
                    position=position,
                    metric_key=s.key,
                    title=s.title,
                    unit=s.unit,
                    clause=s.clause,
                    lead_department=s.lead_department,
                    region_code=s.region_code,
                    value=_text(s.value),
                    expected=_text(s.expected),
                    target=_text(s.target),
                    status=s.status,
                    reason=s.reason[:256],
                    shortfall=s.shortfall,
                    deadline=s.deadline,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
                .returning(item.c.id)
            )
        ).scalar_one()
        city_wide = level_of(s.region_code) == "CITY"
        task_key = await TASKS.create(
            ctx,
            {
                "region_code": s.region_code,
                "department": s.lead_department if city_wide else None,
                "metric_key": s.key,
                "metric_title": s.title,
                "deadline": deadline,
                "status": TaskStatus.OPEN,
            },
        )
        await ctx.conn.execute(task.update().where(task.c.id == task_key).values(item_id=item_key))
        reason = f"{number}第 {position} 条：{s.reason}"
        notices.append(await _changed(ctx, task_key, None, TaskStatus.OPEN, reason, ctx.today))
    return len(found), notices


async def _changed(
    ctx: WriteContext,
    task_key: int,
    before: TaskStatus | None,
    after: TaskStatus,
    reason: str,
    on: date,
) -> Notice:
    """Record a task's change of status in its history; the notice that tells of it."""
    await EVENTS.create(
        ctx,
        {
            "task_id": task_key,
            "from_status": before,
            "to_status": after,
            "reason": reason[:256],
            "actor": ctx.caller.name[:64],
            "on": on,
        },
    )
    row = (await ctx.conn.execute(select(task).where(task.c.id == task_key))).one()
    return Notice(
        event="supervision.task_status",
        subject=f"整改任务“{row.metric_title}”：{after.label}",
        body=reason,
        region=row.region_code,
        department=row.department,
        data={"task": task_key, "from": before and before.code, "to": after.code},
    )


async def check(
    ctx: WriteContext, engine: MetricsEngine, settings: SupervisionSettings, on: date
) -> tuple[dict[str, int], list[Notice]]:
    """Check every open or overdue task in scope whose deadline is `on` or earlier against the
    board on `on`: no longer behind → RECTIFIED; still behind → OVERDUE, or ESCALATED once
    `grace_days` past the deadline. Returns how many tasks went to each status."""
    due = (
        await ctx.conn.execute(
            TASKS.select_in(ctx.scope)
            .where(
                task.c.status.in_([TaskStatus.OPEN, TaskStatus.OVERDUE]),
                task.c.deadline <= on,
            )
            .order_by(task.c.id)
        )
    ).all()
    keys_by_region: dict[str, set[str]] = defaultdict(set)
    for row in due:
        keys_by_region[row.region_code].add(row.metric_key)
    now_standing = {}
    for code, keys in keys_by_region.items():
        for s in await standings(ctx.conn, engine, code, on, keys=sorted(keys), breakdown=False):
            now_standing[(s.key, code)] = s
    counts: dict[str, int] = defaultdict(int)
    notices = []
    for row in due:
        s = now_standing[(row.metric_key, row.region_code)]
        before = TaskStatus(row.status)
        if not s.behind:
            after, reason = TaskStatus.RECTIFIED, f"核查日 {on}：已不落后（{s.reason}）"
        elif on > row.deadline + timedelta(days=settings.grace_days):
            after = TaskStatus.ESCALATED
            reason = f"核查日 {on}：超过整改期限 {row.deadline} 已逾 {settings.grace_days} 天仍落后（{s.reason}），列入问责"
        else:
            after, reason = TaskStatus.OVERDUE, f"核查日 {on}：到期仍落后（{s.reason}）"
        await TASKS.update(ctx, row.id, {"checked_on": on, "status": after}, expected_version=None)
        if after != before:
            counts[after.code] += 1
            notices.append(await _changed(ctx, row.id, before, after, reason, on))
    return dict(counts), notices
