"""What a metric is: its identity, its target rules, and the SQL rows its number is made of.

A metric's `source` returns a SELECT of *rows*, one per thing counted (a household, a loan, a
class), with labelled columns:

- `region_code`: the code of the region the row belongs to (a village, township or county);
- `entity_key`: the key of the record behind the row (for drill-through);
- `value`: what the row contributes (1 to count it, 0 not to, an amount in the smallest unit);
- `base` (ratio metrics only): what the row contributes to the denominator;
  (a metric may name other columns, or expressions over them, for these: metrics that share
  one `source` function are summed in one pass over its rows, each from its own columns);
- any dimension columns the metric declares (e.g. `form`, `place`).

The engine filters the rows to a region's subtree, groups them by child region and sums them
in SQL — never by loading rows into Python — and lists the same rows for drill-through, so
a number and the list behind it cannot disagree.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.metrics.periods import PLAN_YEAR, Period

UNITS = frozenset({"人", "户", "元", "个", "期", "场", "%", "次", "条"})
LEVELS = ("CITY", "COUNTY", "TOWNSHIP", "VILLAGE")


class MetricKind(enum.StrEnum):
    """How a metric relates to time."""

    STOCK = "STOCK"
    """A state read on one date (households with someone at work on `asOf`)."""
    FLOW = "FLOW"
    """Events summed from the period's start to `asOf` (loans issued in the year)."""


class Aggregate(enum.StrEnum):
    """How rows add up to the number."""

    SUM = "SUM"
    """Sum of `value` (and of `base`)."""
    DISTINCT = "DISTINCT"
    """Number of distinct `entity_key`s among rows whose value is not 0 (one person, many loans)."""


@dataclass(frozen=True)
class MetricQuery:
    """What a source is asked for. The engine has already clamped the dates into the period."""

    as_of: date
    """The date a STOCK metric reads the state on."""
    start: date
    """The first day a FLOW metric counts events on."""
    end: date
    """The last day a FLOW metric counts events on (the period's end, or `asOf` if earlier)."""


@dataclass(frozen=True)
class RuleTarget:
    """A target computed from a rule of the plan, for one region."""

    value: Decimal | None
    """The target, or None when the plan's rule gives no answer for this region."""
    basis: str
    """How it was worked out, or why there is no answer (Chinese)."""
    stated: Decimal | None = None
    """The plan's own stated figure, when it differs from what the rule gives."""


@dataclass(frozen=True)
class RuleContext:
    """What a target rule may look at: the database and the regions and period asked about."""

    conn: AsyncConnection
    regions: Sequence[str]
    period: Period
    as_of: date


ColumnSpec = str | Callable[[Any], ColumnElement[Any]]
"""A column name of a source, or a function of the source's columns (`lambda c: c.a * c.b`)."""

TargetRule = Callable[[RuleContext], Awaitable[Mapping[str, RuleTarget]]]
"""Returns the rule's target for each region code asked about (missing: no target)."""


@dataclass(frozen=True)
class TargetDefault:
    """A target the plan itself sets, written once as a target record an administrator may change."""

    metric_key: str
    region_code: str
    period: Period
    value: Decimal
    source: str
    """Where the figure comes from: the clause, or the document that set a county's quota."""


@dataclass(frozen=True)
class MetricDefinition:
    """One metric of the plan, computed in SQL from the rows of `source`."""

    key: str
    """Stable key `<plugin>.<name>`."""
    title: str
    """Chinese title."""
    unit: str
    """One of UNITS: 人, 户, 元, 个, 期, 场, %, 次, 条."""
    clause: str
    """The plan clause it serves, e.g. `三(三)1`; `二` for the headline goal."""
    lead_department: str
    """Code of the lead department (the first unit in the clause's 责任单位 list)."""
    source: Callable[[MetricQuery], Select[Any]]
    """The rows the number is made of (see the module docstring)."""
    kind: MetricKind = MetricKind.STOCK
    aggregate: Aggregate = Aggregate.SUM
    ratio: bool = False
    """The number is 100 × Σvalue ÷ Σbase (unit %)."""
    scale: int = 1
    """Σvalue is divided by this (100 when values are fen and the unit is 元)."""
    higher_is_better: bool = True
    levels: tuple[str, ...] = LEVELS
    """Region levels the metric can be reported and broken down at."""
    default_period: Period = PLAN_YEAR
    version: int = 1
    """Raised whenever the formula changes; results and snapshots carry it."""
    entity_type: str | None = None
    """GraphQL type (implementing Node) of the records behind `entity_key`."""
    description: str = ""
    target_rule: TargetRule | None = None
    dimensions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Columns of `source` that split the number, each with its values' Chinese labels."""
    value_column: ColumnSpec = "value"
    """What this metric sums: a column of `source`, or an expression over its columns."""
    base_column: ColumnSpec = "base"
    """What this ratio metric divides by: a column of `source`, or an expression over them."""

    def scaled(self, total: Decimal) -> Decimal:
        """A raw sum in the reported unit, exact: 60000000 fen → 600000.00 元 (not 6E+5)."""
        if self.scale == 1:
            return total.quantize(Decimal(1)) if total == total.to_integral_value() else total
        places = Decimal(1).scaleb(-(len(str(self.scale)) - 1))
        return (total / self.scale).quantize(places)

    def value_of(self, columns: Any) -> ColumnElement[Any]:
        """The value expression over a row set's columns."""
        spec = self.value_column
        return columns[spec] if isinstance(spec, str) else spec(columns)

    def base_of(self, columns: Any) -> ColumnElement[Any]:
        """The base expression over a row set's columns."""
        spec = self.base_column
        return columns[spec] if isinstance(spec, str) else spec(columns)

    @property
    def plugin(self) -> str:
        """The plugin the key says the metric belongs to."""
        return self.key.split(".", 1)[0]

    @property
    def action_line(self) -> str:
        """The plan's action line the clause belongs to: `二`, `三(一)` … `三(五)`."""
        head, _, rest = self.clause.partition("(")
        if not rest:
            return head
        return f"{head}({rest.split(')', 1)[0]})"
