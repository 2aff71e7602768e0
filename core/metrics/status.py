"""How a value compares with its target on a date: expected-by-now, projection, status."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.metrics.definitions import MetricDefinition, MetricKind
from core.metrics.periods import Period

CENT = Decimal("0.01")


class Status(enum.StrEnum):
    """Where a metric stands against its target."""

    MET = "MET"
    ON_TRACK = "ON_TRACK"
    BEHIND = "BEHIND"
    NO_DATA = "NO_DATA"
    NO_TARGET = "NO_TARGET"
    NO_RULE = "NO_RULE"
    SUPPRESSED = "SUPPRESSED"


STATUS_LABELS = {
    Status.MET: "已达标",
    Status.ON_TRACK: "进度正常",
    Status.BEHIND: "落后",
    Status.NO_DATA: "未报送",
    Status.NO_TARGET: "无目标",
    Status.NO_RULE: "无规则",
    Status.SUPPRESSED: "不显示",
}
"""The word officials read for each status (the board, the CLI, exported files)."""

STATUS_DESCRIPTIONS = {
    Status.MET: "已达到目标。",
    Status.ON_TRACK: "未达目标，但不落后于按期均匀推进应达到的进度。",
    Status.BEHIND: "落后于按期均匀推进应达到的进度。",
    Status.NO_DATA: (
        "未报送：这里没有可统计的记录（比例的分母为 0），无从判断，不算达标；"
        "与落后的一样列入需要处理的清单。"
    ),
    Status.NO_TARGET: "没有为这个区划和期间设定目标。",
    Status.NO_RULE: "行动方案的规则对这个区划给不出目标（见说明），需管理员设定。",
    Status.SUPPRESSED: (
        "不向查看者显示：记录少于 5 条，或为免用合计减去其他数字推算出这样的小数字而一并隐藏"
        "（原因见 statusReason）。"
    ),
}

SUPPRESS_BELOW = 5
"""Aggregates resting on fewer records than this are withheld from viewers."""

PROJECT_AFTER = Decimal("0.1")
"""Share of the period that must have passed before a projection is shown: earlier, a few
days' records extended over the whole period say nothing (and blow up)."""

NEEDS_ACTION = frozenset({Status.BEHIND, Status.NO_DATA})
"""Statuses the board lists as needing action: behind, or nothing reported."""


def quantize(value: Decimal) -> Decimal:
    """Round to two places, half up, as reports print it."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Judgement:
    """The comparison of one value with one target."""

    status: Status
    reason: str
    expected: Decimal | None = None
    projection: Decimal | None = None
    progress: float | None = None


def judge(
    definition: MetricDefinition,
    *,
    value: Decimal | None,
    baseline: Decimal | None,
    target: Decimal | None,
    no_rule_reason: str | None,
    period: Period,
    as_of: date,
) -> Judgement:
    """Compare `value` on `as_of` with `target` over `period`.

    Expected-by-now assumes even progress over the period from where the metric stood at its
    start (`baseline`; 0 for flows) to the target. The projection extends the progress made so
    far at the same rate to the period's end.
    """
    if no_rule_reason is not None:
        return Judgement(Status.NO_RULE, no_rule_reason)
    if target is None:
        return Judgement(Status.NO_TARGET, "没有设定目标")
    elapsed = Decimal(str(period.elapsed(as_of)))
    start = Decimal(0) if definition.kind is MetricKind.FLOW or baseline is None else baseline
    expected = quantize(start + (target - start) * elapsed)
    if value is None:
        return Judgement(
            Status.NO_DATA,
            "分母为 0：没有报送可统计的记录（未报送），无从判断，不算达标",
            expected=expected,
        )
    projection = None
    if elapsed >= PROJECT_AFTER:
        projection = quantize(start + (value - start) / elapsed)
        # A count never goes below zero, and a share never above 100 %.
        projection = max(projection, Decimal(0))
        if definition.unit == "%":
            projection = min(projection, Decimal(100))
    progress = float(round(value / target, 4)) if target != 0 else None
    higher = definition.higher_is_better
    if (value >= target) if higher else (value <= target):
        return Judgement(Status.MET, "已达到目标", expected, projection, progress)
    if (value >= expected) if higher else (value <= expected):
        return Judgement(Status.ON_TRACK, "进度不落后于时间", expected, projection, progress)
    gap = abs(expected - value)
    return Judgement(
        Status.BEHIND,
        f"比按期均匀推进应达到的 {expected} 差 {quantize(gap)}{definition.unit}",
        expected,
        projection,
        progress,
    )
