"""Target records: lookup, the plan's defaults, and where a split does not add up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.metrics.definitions import TargetDefault
from core.metrics.models import metric_target
from core.metrics.periods import Period
from core.regions import parent_of
from core.sqltypes import utcnow

PLAN_SETTER = "行动方案"


@dataclass(frozen=True)
class TargetRecord:
    """A stored target."""

    id: int
    metric_key: str
    region_code: str
    period: Period
    value: Decimal
    source: str
    set_by: str
    note: str | None
    version: int

    @classmethod
    def from_row(cls, row: Row[Any]) -> TargetRecord:
        """Map a `metric_target` row."""
        return cls(
            id=row.id,
            metric_key=row.metric_key,
            region_code=row.region_code,
            period=Period(row.period_start, row.period_end),
            value=Decimal(row.value),
            source=row.source,
            set_by=row.set_by,
            note=row.note,
            version=row.version,
        )


def parse_target_value(text: object) -> Decimal:
    """A target value as an exact decimal; raises ValueError in Chinese when it is not one."""
    try:
        value = Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"目标值“{text}”不是数字") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"目标值 {text} 必须是不小于 0 的数")
    return value


async def load_targets(
    conn: AsyncConnection, keys: Iterable[str], regions: Iterable[str]
) -> dict[tuple[str, str, Period], TargetRecord]:
    """Every target of these metrics at these regions, by (metric, region, period)."""
    query = select(metric_target).where(
        metric_target.c.metric_key.in_(sorted(set(keys))),
        metric_target.c.region_code.in_(sorted(set(regions))),
    )
    found = {}
    for row in (await conn.execute(query)).all():
        record = TargetRecord.from_row(row)
        found[(record.metric_key, record.region_code, record.period)] = record
    return found


async def seed_defaults(conn: AsyncConnection, defaults: Sequence[TargetDefault]) -> int:
    """Write the plan's targets that have no record yet; never overwrite a changed one."""
    if not defaults:
        return 0
    existing = {
        (row.metric_key, row.region_code, row.period_start, row.period_end)
        for row in (
            await conn.execute(
                select(
                    metric_target.c.metric_key,
                    metric_target.c.region_code,
                    metric_target.c.period_start,
                    metric_target.c.period_end,
                ).where(metric_target.c.metric_key.in_({d.metric_key for d in defaults}))
            )
        ).all()
    }
    now = utcnow()
    rows = [
        {
            "metric_key": d.metric_key,
            "region_code": d.region_code,
            "period_start": d.period.start,
            "period_end": d.period.end,
            "value": str(d.value),
            "source": d.source,
            "set_by": PLAN_SETTER,
            "note": None,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for d in defaults
        if (d.metric_key, d.region_code, d.period.start, d.period.end) not in existing
    ]
    if rows:
        await conn.execute(insert(metric_target), rows)
    return len(rows)


@dataclass(frozen=True)
class SplitIssue:
    """A target split among child regions whose parts do not add up to the whole."""

    metric_key: str
    region_code: str
    period: Period
    target: Decimal
    parts_total: Decimal
    parts: int


async def split_issues(
    conn: AsyncConnection, keys: Iterable[str] | None = None
) -> list[SplitIssue]:
    """Every target whose children's targets (for the same metric and period) do not sum to it."""
    query = select(metric_target)
    if keys is not None:
        query = query.where(metric_target.c.metric_key.in_(sorted(set(keys))))
    records = [TargetRecord.from_row(row) for row in (await conn.execute(query)).all()]
    by_key = {(r.metric_key, r.region_code, r.period): r for r in records}
    parts: dict[tuple[str, str, Period], list[Decimal]] = defaultdict(list)
    for record in records:
        parent = parent_of(record.region_code)
        if parent is not None:
            parts[(record.metric_key, parent, record.period)].append(record.value)
    issues = []
    for (key, region, period), values in sorted(
        parts.items(), key=lambda item: (item[0][0], item[0][1])
    ):
        whole = by_key.get((key, region, period))
        if whole is not None and sum(values, Decimal(0)) != whole.value:
            issues.append(
                SplitIssue(key, region, period, whole.value, sum(values, Decimal(0)), len(values))
            )
    return issues
