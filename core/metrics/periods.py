"""Reporting periods: the action period, years, quarters, or any date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range [start, end] that results and targets refer to."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"期间结束日 {self.end} 早于开始日 {self.start}")

    @property
    def days(self) -> int:
        """Length in days, both ends included."""
        return (self.end - self.start).days + 1

    def elapsed(self, as_of: date) -> float:
        """Share of the period gone by at the end of `as_of`, between 0 and 1."""
        if as_of < self.start:
            return 0.0
        if as_of >= self.end:
            return 1.0
        return ((as_of - self.start).days + 1) / self.days

    def clamp(self, as_of: date) -> date:
        """The date within the period that `as_of` stands for (the end, once it has passed)."""
        return min(max(as_of, self.start), self.end)

    @property
    def label(self) -> str:
        """A Chinese label: 2019年, 2019年第二季度, 行动期 or the dates."""
        if self == ACTION_PERIOD:
            return "行动期（2019-02-01 至 2019-09-30）"
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return f"{self.start.year}年"
        for quarter in range(1, 5):
            if self == quarter_of(self.start.year, quarter):
                return f"{self.start.year}年第{'一二三四'[quarter - 1]}季度"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


def year_of(year: int) -> Period:
    """The calendar year."""
    return Period(date(year, 1, 1), date(year, 12, 31))


def quarter_of(year: int, quarter: int) -> Period:
    """A calendar quarter (1–4)."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"季度应为 1 至 4，而不是 {quarter}")
    start = date(year, 3 * quarter - 2, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(start, next_start - timedelta(days=1))


ACTION_PERIOD = Period(date(2019, 2, 1), date(2019, 9, 30))
"""The plan's action period (一、行动时间)."""

PLAN_YEAR = year_of(2019)
"""The year the plan's "全年" targets refer to."""
