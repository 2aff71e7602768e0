"""The work-leader class rule of 三(二)2, written once for the metric and the quarterly grid.

Each county and 柳江区 must open at least one work-leader class per calendar quarter, each
class with at least 30 trainees; the urban districts 城中, 鱼峰, 柳南, 柳北
(`region.urban_district`) at least one such class in the calendar year. A class belongs to
the quarter (and year) in which it **starts** (开班): the plan counts classes opened. A quarter
(or year) is judged once its last day is reached; until then it is in progress and a region
is not in breach for it, and a quarter not yet begun asks nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import MetricQuery, Period, quarter_of, region, year_of
from plugins.training.enums import LeaderClassComplianceStatus, TrainingKind
from plugins.training.models import training_class
from plugins.training.sql import class_size

QUALIFYING_TRAINEES = 30
"""A work-leader class counts only with at least this many trainees (每期不少于30人)."""
COUNTY_LEVELS = ("COUNTY", "DISTRICT")
RULE = (
    "三(二)2：各县和柳江区每季度开班不少于1期、每期不少于30人；"
    "城中、鱼峰、柳南、柳北区全年不少于1期（每期同样不少于30人）"
)


def quarters_in(period: Period) -> list[Period]:
    """The calendar quarters that overlap `period`, whole."""
    found = []
    for year in range(period.start.year, period.end.year + 1):
        for quarter in range(1, 5):
            whole = quarter_of(year, quarter)
            if whole.start <= period.end and whole.end >= period.start:
                found.append(whole)
    return found


def years_in(period: Period) -> list[Period]:
    """The calendar years that overlap `period`, whole."""
    return [year_of(year) for year in range(period.start.year, period.end.year + 1)]


def qualifying_class_in(county: ColumnElement[str], unit: Period) -> ColumnElement[bool]:
    """A work-leader class credited to `county` starting within `unit` has ≥ 30 trainees."""
    return exists(
        select(1)
        .select_from(training_class)
        .where(
            training_class.c.kind == TrainingKind.LEADER.value,
            training_class.c.county_code == county,
            training_class.c.start_date >= unit.start,
            training_class.c.start_date <= unit.end,
            class_size() >= QUALIFYING_TRAINEES,
        )
    )


def _kept(county: ColumnElement[str], units: Sequence[Period]) -> ColumnElement[int]:
    if not units:
        return literal(1)
    return case((and_(*(qualifying_class_in(county, u) for u in units)), 1), else_=0)


def compliance_rows(q: MetricQuery) -> Select[Any]:
    """One row per county or district: value 1 when it has missed no quarter (no year, for an
    urban district) that ended on or before `as_of` within the period."""
    # `end` is `as_of` unless the period is over; before the period starts nothing is due.
    period = Period(q.start, max(q.start, q.end))
    due_quarters = [u for u in quarters_in(period) if u.end <= q.end]
    due_years = [u for u in years_in(period) if u.end <= q.end]
    value = case(
        (region.c.urban_district, _kept(region.c.code, due_years)),
        else_=_kept(region.c.code, due_quarters),
    )
    return select(
        region.c.code.label("region_code"),
        region.c.code.label("entity_key"),
        value.label("value"),
    ).where(region.c.level.in_(COUNTY_LEVELS))


@dataclass(frozen=True)
class Cell:
    """One quarter (or the whole year) of one region in the grid."""

    period: Period
    quarter: int | None
    classes: int
    qualifying: int
    trainees: int
    status: LeaderClassComplianceStatus


@dataclass(frozen=True)
class RegionCompliance:
    """One region's line of the grid."""

    code: str
    urban_district: bool
    quarters: list[Cell]
    year: Cell
    compliant: bool


def judge(unit: Period, qualifying: int, as_of: date) -> LeaderClassComplianceStatus:
    """The status of one quarter or year that the rule applies to, on `as_of`."""
    if unit.start > as_of:
        return LeaderClassComplianceStatus.NOT_STARTED
    if qualifying:
        return LeaderClassComplianceStatus.MET
    if unit.end <= as_of:
        return LeaderClassComplianceStatus.MISSED
    return LeaderClassComplianceStatus.PENDING


def _summary(quarters: list[Cell], year: Period, as_of: date) -> LeaderClassComplianceStatus:
    statuses = {c.status for c in quarters}
    if LeaderClassComplianceStatus.MISSED in statuses:
        return LeaderClassComplianceStatus.MISSED
    if statuses == {LeaderClassComplianceStatus.MET}:
        return LeaderClassComplianceStatus.MET
    return (
        LeaderClassComplianceStatus.NOT_STARTED
        if year.start > as_of
        else LeaderClassComplianceStatus.PENDING
    )


async def leader_grid(
    conn: AsyncConnection, regions: Sequence[tuple[str, bool]], year: int, as_of: date
) -> list[RegionCompliance]:
    """The grid for `regions` (code, urban district) in `year`: classes started by `as_of`."""
    whole = year_of(year)
    query = select(
        training_class.c.county_code,
        training_class.c.start_date,
        class_size().label("size"),
    ).where(
        training_class.c.kind == TrainingKind.LEADER.value,
        training_class.c.county_code.in_([code for code, _ in regions]),
        training_class.c.start_date >= whole.start,
        training_class.c.start_date <= min(whole.end, as_of),
    )
    # (county, quarter) → [classes, qualifying, trainees]
    tally: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in (await conn.execute(query)).all():
        counts = tally[(row.county_code, (row.start_date.month - 1) // 3 + 1)]
        counts[0] += 1
        counts[1] += row.size >= QUALIFYING_TRAINEES
        counts[2] += row.size
    found = []
    for code, urban in regions:
        cells = []
        for quarter in range(1, 5):
            classes, qualifying, trainees = tally.get((code, quarter), [0, 0, 0])
            unit = quarter_of(year, quarter)
            status = (
                LeaderClassComplianceStatus.NOT_REQUIRED
                if urban
                else judge(unit, qualifying, as_of)
            )
            cells.append(Cell(unit, quarter, classes, qualifying, trainees, status))
        qualifying = sum(c.qualifying for c in cells)
        year_status = judge(whole, qualifying, as_of) if urban else _summary(cells, whole, as_of)
        year_cell = Cell(
            whole,
            None,
            sum(c.classes for c in cells),
            qualifying,
            sum(c.trainees for c in cells),
            year_status,
        )
        judged = [year_cell] if urban else cells
        compliant = all(c.status is not LeaderClassComplianceStatus.MISSED for c in judged)
        found.append(RegionCompliance(code, urban, cells, year_cell, compliant))
    return found
