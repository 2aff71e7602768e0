"""Expected-by-now, projection and status, worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import literal, select

from core.metrics.definitions import MetricDefinition, MetricKind
from core.metrics.periods import ACTION_PERIOD, Period, quarter_of, year_of
from core.metrics.status import Status, judge


def definition(**kw: object) -> MetricDefinition:
    base: dict[str, object] = {
        "key": "test.x",
        "title": "x",
        "unit": "人",
        "clause": "三(二)1",
        "lead_department": "RSJ",
        "source": lambda q: select(literal(1)),
    }
    base.update(kw)
    return MetricDefinition(**base)  # type: ignore[arg-type]


def test_periods() -> None:
    assert ACTION_PERIOD.days == 242
    assert quarter_of(2019, 2) == Period(date(2019, 4, 1), date(2019, 6, 30))
    assert quarter_of(2019, 4).label == "2019年第四季度"
    assert year_of(2019).label == "2019年"
    assert ACTION_PERIOD.elapsed(date(2019, 1, 1)) == 0
    assert ACTION_PERIOD.elapsed(date(2019, 9, 30)) == 1
    assert ACTION_PERIOD.elapsed(date(2019, 2, 1)) == 1 / 242


def test_flow_half_way() -> None:
    # 2019: 365 days; by 2019-07-02 (day 183) half the year is gone.
    flow = definition(kind=MetricKind.FLOW)
    j = judge(
        flow,
        value=Decimal(1000),
        baseline=None,
        target=Decimal(3100),
        no_rule_reason=None,
        period=year_of(2019),
        as_of=date(2019, 7, 2),
    )
    assert j.expected == Decimal("1554.25")  # 3100 × 183/365
    assert j.status is Status.BEHIND
    assert j.projection == Decimal("1994.54")  # 1000 × 365/183
    assert j.progress == round(1000 / 3100, 4)
    ahead = judge(
        flow,
        value=Decimal(1600),
        baseline=None,
        target=Decimal(3100),
        no_rule_reason=None,
        period=year_of(2019),
        as_of=date(2019, 7, 2),
    )
    assert ahead.status is Status.ON_TRACK


def test_stock_from_its_baseline() -> None:
    stock = definition(unit="%")
    j = judge(
        stock,
        value=Decimal(80),
        baseline=Decimal(60),
        target=Decimal(100),
        no_rule_reason=None,
        period=Period(date(2019, 1, 1), date(2019, 1, 10)),
        as_of=date(2019, 1, 5),
    )
    assert j.expected == Decimal("80.00")  # 60 + 40 × 5/10
    assert j.status is Status.ON_TRACK
    assert j.projection == Decimal("100.00")  # 60 + 20 / 0.5


def test_lower_is_better_and_met() -> None:
    fewer = definition(higher_is_better=False, unit="户")
    j = judge(
        fewer,
        value=Decimal(5),
        baseline=Decimal(20),
        target=Decimal(0),
        no_rule_reason=None,
        period=Period(date(2019, 1, 1), date(2019, 1, 10)),
        as_of=date(2019, 1, 5),
    )
    assert j.expected == Decimal("10.00") and j.status is Status.ON_TRACK and j.progress is None
    done = judge(
        fewer,
        value=Decimal(0),
        baseline=Decimal(20),
        target=Decimal(0),
        no_rule_reason=None,
        period=ACTION_PERIOD,
        as_of=date(2019, 9, 30),
    )
    assert done.status is Status.MET


def test_no_target_no_rule_and_empty_base() -> None:
    d = definition()
    assert (
        judge(
            d,
            value=Decimal(1),
            baseline=None,
            target=None,
            no_rule_reason=None,
            period=ACTION_PERIOD,
            as_of=date(2019, 5, 1),
        ).status
        is Status.NO_TARGET
    )
    no_rule = judge(
        d,
        value=Decimal(1),
        baseline=None,
        target=None,
        no_rule_reason="方案未规定",
        period=ACTION_PERIOD,
        as_of=date(2019, 5, 1),
    )
    assert no_rule.status is Status.NO_RULE and no_rule.reason == "方案未规定"
    empty = judge(
        d,
        value=None,
        baseline=None,
        target=Decimal(100),
        no_rule_reason=None,
        period=ACTION_PERIOD,
        as_of=date(2019, 9, 30),
    )
    assert empty.status is Status.NO_DATA and "分母为 0" in empty.reason


def test_a_region_with_nothing_is_listed_and_shortfall_stays_within_one() -> None:
    from decimal import Decimal

    from core.dashboard.queries import shortfall
    from core.metrics.status import NEEDS_ACTION, PROJECT_AFTER

    assert Status.NO_DATA in NEEDS_ACTION and Status.MET not in NEEDS_ACTION
    assert Decimal("0.1") == PROJECT_AFTER

    class Result:
        def __init__(self, status: Status, value: str | None, expected: str, higher: bool) -> None:
            self.status = status
            self.value = None if value is None else Decimal(value)
            self.expected = Decimal(expected)
            self.higher_is_better = higher

    # Lower is better and nothing was expected yet: the board once showed 189800.0 %.
    assert shortfall(Result(Status.BEHIND, "1898", "0", False)) == 1.0  # type: ignore[arg-type]
    assert shortfall(Result(Status.BEHIND, "25", "100", True)) == 0.75  # type: ignore[arg-type]
    assert shortfall(Result(Status.NO_DATA, None, "100", True)) == 1.0  # type: ignore[arg-type]
    assert shortfall(Result(Status.MET, "100", "100", True)) == 0.0  # type: ignore[arg-type]


def test_projections_wait_for_a_tenth_of_the_period_and_stay_in_range() -> None:
    share = definition(unit="%", kind=MetricKind.STOCK)
    early = judge(
        share,
        value=Decimal(90),
        baseline=Decimal(10),
        target=Decimal(100),
        no_rule_reason=None,
        period=ACTION_PERIOD,
        as_of=date(2019, 2, 20),  # 20 of 242 days: under a tenth
    )
    assert early.projection is None and early.expected is not None
    later = judge(
        share,
        value=Decimal(90),
        baseline=Decimal(10),
        target=Decimal(100),
        no_rule_reason=None,
        period=ACTION_PERIOD,
        as_of=date(2019, 4, 1),
    )
    assert later.projection == Decimal(100)  # never above 100 %
    falling = judge(
        definition(kind=MetricKind.STOCK),
        value=Decimal(1),
        baseline=Decimal(50),
        target=Decimal(100),
        no_rule_reason=None,
        period=ACTION_PERIOD,
        as_of=date(2019, 4, 1),
    )
    assert falling.projection == Decimal(0)  # never a negative count
