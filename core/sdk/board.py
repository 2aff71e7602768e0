"""The board's figures for a plugin's own use: who is behind, on what, by how much, and
where one metric stands in one region on a date (the same numbers `dashboard` shows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncConnection

from core.dashboard.queries import shortfall
from core.metrics.engine import MetricsEngine
from core.metrics.status import NEEDS_ACTION
from core.metrics.types import MetricResult


@dataclass(frozen=True)
class Standing:
    """One metric in one region on a date, against its expected-by-now figure."""

    key: str
    title: str
    unit: str
    clause: str
    lead_department: str
    region_code: str
    value: Decimal | None
    expected: Decimal | None
    target: Decimal | None
    status: str
    """The board's status: `MET`, `ON_TRACK`, `BEHIND`, `NO_DATA`, `NO_TARGET`, …"""
    reason: str
    shortfall: float
    """How far behind, 0–1, as the board's behind-list sorts it (`NO_DATA` is 1)."""
    deadline: date
    """The end of the metric's period."""

    @property
    def behind(self) -> bool:
        """Whether the board lists it as needing action (behind, or nothing reported)."""
        return self.status in NEEDS_ACTION

    @classmethod
    def of(cls, result: MetricResult) -> Standing:
        return cls(
            key=result.key,
            title=result.title,
            unit=result.unit,
            clause=result.clause,
            lead_department=result.lead_department_code,
            region_code=result.region_code,
            value=result.value,
            expected=result.expected,
            target=result.target,
            status=result.status.value,
            reason=result.status_reason,
            shortfall=shortfall(result),
            deadline=result.period.end,
        )


async def standings(
    conn: AsyncConnection,
    engine: MetricsEngine,
    region: str,
    as_of: date,
    *,
    keys: Sequence[str] | None = None,
    breakdown: bool = True,
) -> list[Standing]:
    """Every metric (or those of `keys`) at `region` on `as_of`, then at each child region
    (with `breakdown`), computed live as the board computes them."""
    evaluations = await engine.evaluate(
        conn, engine.select(keys), region, as_of, breakdown=breakdown
    )
    results = [MetricResult.of(evaluation) for evaluation in evaluations]
    return [Standing.of(item) for result in results for item in [result, *result.children]]


async def behind(
    conn: AsyncConnection, engine: MetricsEngine, region: str, as_of: date
) -> list[Standing]:
    """The board's behind-list for `region` on `as_of`: the region and its children where a
    metric is behind expected-by-now or unreported, the furthest behind first."""
    found = [s for s in await standings(conn, engine, region, as_of) if s.behind]
    return sorted(found, key=lambda s: (-s.shortfall, s.key, s.region_code))


__all__ = ["Standing", "behind", "standings"]
