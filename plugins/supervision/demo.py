"""One issued demo bulletin (柳人社通〔2019〕5号, the board on 2019-06-30) with its tasks in
every state a check leaves them: rectified on the first check, rectified late, escalated.

The items are written as issued, not computed: the demo hook runs before some plugins have
their demo rows, so the board of that moment is not the board the demo finally shows.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from core.sdk import Database
from plugins.supervision.models import (
    BulletinStatus,
    TaskStatus,
    bulletin,
    item,
    task,
    task_event,
    task_update,
)

CREATED = datetime(2019, 7, 5, 2, 0, 0, tzinfo=UTC)
STAMPS = {"version": 1, "created_at": CREATED, "updated_at": CREATED}
AS_OF, ISSUED, DEADLINE = date(2019, 6, 30), date(2019, 7, 5), date(2019, 7, 20)
FIRST_CHECK, SECOND_CHECK = date(2019, 7, 21), date(2019, 8, 5)
ELAPSED = Decimal(181) / Decimal(365)
# (metric key, title, unit, clause, lead, region, target)
ITEMS = (
    ("training.trained_workers", "参加培训并结业的贫困劳动力", "人", "三(二)1", "RSJ", "450225", 620),
    ("training.trained_workers", "参加培训并结业的贫困劳动力", "人", "三(二)1", "RSJ", "450226", 540),
    ("employment_assistance.subsidised_hires", "“一岗多补”吸纳就业的贫困劳动力", "人", "三(一)2",
     "RSJ", "450224", 300),
    ("employment_assistance.job_fairs", "举办的招聘会", "场", "三(一)6", "XQZF", "450223", 2),
    ("entrepreneurship.entrepreneurs", "扶持创业人数", "人", "三(三)1", "RSJ", "450200", 2000),
)  # fmt: skip
FATES = (
    [(TaskStatus.RECTIFIED, FIRST_CHECK)],
    [(TaskStatus.OVERDUE, FIRST_CHECK), (TaskStatus.ESCALATED, SECOND_CHECK)],
    [(TaskStatus.RECTIFIED, FIRST_CHECK)],
    [(TaskStatus.OVERDUE, FIRST_CHECK), (TaskStatus.RECTIFIED, SECOND_CHECK)],
    [(TaskStatus.OVERDUE, FIRST_CHECK), (TaskStatus.ESCALATED, SECOND_CHECK)],
)
UNITS = {
    "450223": "鹿寨县人社局",
    "450224": "融安县人社局",
    "450225": "融水县人社局",
    "450226": "三江县人社局",
    "450200": "市人社局",
}
MEASURES = (
    "组织乡镇摸排培训需求，新开班 {n} 期",
    "召开专场招聘会，落实“一岗多补”政策宣传",
    "约谈进度滞后的乡镇，建立周调度机制",
)
REASONS = {
    TaskStatus.RECTIFIED: "核查日 {on}：已不落后",
    TaskStatus.OVERDUE: "核查日 {on}：到期仍落后",
    TaskStatus.ESCALATED: "核查日 {on}：超过整改期限 2019-07-20 已逾 15 天仍落后，列入问责",
}


def generate(seed: int) -> dict[str, Any]:
    """The demo rows, keyed by table, in insertion order (keys are assigned on insert)."""
    rng = random.Random(seed)
    items, tasks, events, updates = [], [], [], []
    for position, (key, title, unit, clause, lead, code, target) in enumerate(ITEMS, start=1):
        expected = (Decimal(target) * ELAPSED).quantize(Decimal("0.01"))
        value = int(expected * Decimal(rng.uniform(0.3, 0.85)))
        gap = expected - value
        items.append(
            {
                "position": position,
                "metric_key": key,
                "title": title,
                "unit": unit,
                "clause": clause,
                "lead_department": lead,
                "region_code": code,
                "value": str(value),
                "expected": str(expected),
                "target": str(target),
                "status": "BEHIND",
                "reason": f"比按期均匀推进应达到的 {expected} 差 {gap}{unit}",
                "shortfall": round(float(gap / expected), 4),
                "deadline": date(2019, 12, 31),
                **STAMPS,
            }
        )
        fate = FATES[position - 1]
        tasks.append(
            {
                "region_code": code,
                "department": lead if code == "450200" else None,
                "metric_key": key,
                "metric_title": title,
                "deadline": DEADLINE,
                "status": fate[-1][0].code,
                "checked_on": fate[-1][1],
                **STAMPS,
            }
        )
        steps: list[tuple[TaskStatus | None, TaskStatus, str, date]] = [
            (None, TaskStatus.OPEN, f"柳人社通〔2019〕5号第 {position} 条", ISSUED)
        ]
        before = TaskStatus.OPEN
        for after, on in fate:
            steps.append((before, after, REASONS[after].format(on=on), on))
            before = after
        events.append(
            [
                {
                    "from_status": None if old is None else old.code,
                    "to_status": new.code,
                    "reason": reason,
                    "actor": "市人社局" if old is None else "jiuye supervision",
                    "on": on,
                    **STAMPS,
                }
                for old, new, reason, on in steps
            ]
        )
        updates.append(
            [
                {
                    "measures": rng.choice(MEASURES).format(n=rng.randint(1, 4)),
                    "evidence": None,
                    "recorded_by": UNITS[code],
                }
                | STAMPS
                for _ in range(rng.randint(0, 2))
            ]
        )
    return {"items": items, "tasks": tasks, "events": events, "updates": updates}


async def populate(db: Database, *, seed: int) -> None:
    """Insert the demo bulletin and its tasks."""
    rows = generate(seed)
    async with db.begin() as conn:
        key = (
            await conn.execute(
                insert(bulletin)
                .values(
                    region_code="450200",
                    as_of=AS_OF,
                    title="关于柳州市就业扶贫工作进展情况的通报（截至2019年06月30日）",
                    status=BulletinStatus.ISSUED.code,
                    number="柳人社通〔2019〕5号",
                    issued_on=ISSUED,
                    issued_by="市人社局",
                    **STAMPS,
                )
                .returning(bulletin.c.id)
            )
        ).scalar_one()
        for values, task_values, events, updates in zip(
            rows["items"], rows["tasks"], rows["events"], rows["updates"], strict=True
        ):
            item_key = (
                await conn.execute(
                    insert(item).values(bulletin_id=key, **values).returning(item.c.id)
                )
            ).scalar_one()
            task_key = (
                await conn.execute(
                    insert(task).values(item_id=item_key, **task_values).returning(task.c.id)
                )
            ).scalar_one()
            await conn.execute(insert(task_event), [{"task_id": task_key, **e} for e in events])
            if updates:
                await conn.execute(
                    insert(task_update), [{"task_id": task_key, **u} for u in updates]
                )
