"""The core's own metrics: the plan's headline goal and the labour it rests on."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, literal, select

from core.metrics.definitions import (
    Aggregate,
    MetricDefinition,
    MetricQuery,
    RuleContext,
    RuleTarget,
)
from core.metrics.periods import ACTION_PERIOD
from core.records import sql
from core.records.enums import WorkForm, WorkPlace
from core.records.models import employment, household, person

HEADLINE = "行动目标（二）：2019年9月30日前，每个有劳动能力的建档立卡户至少有1人就业创业"


def household_status(q: MetricQuery) -> Select[Any]:
    """One row per household: whether it has labour capacity, whether someone works on
    `as_of`, and whether it is relocated (1 or 0 each). The core's three household metrics are
    summed from it in one pass; a plugin metric that uses this same source (with its own
    `value_column`) joins that pass instead of asking the database the same questions again
    (`relocation.households_with_employment` does)."""
    return select(
        household.c.village_code.label("region_code"),
        household.c.id.label("entity_key"),
        case((sql.household_has_labour(), 1), else_=0).label("labour"),
        case((sql.household_employed_on(q.as_of), 1), else_=0).label("employed"),
        case((household.c.relocated.is_(True), 1), else_=0).label("relocated"),
    )


def _working(c: Any) -> Any:
    return c.labour * c.employed


def _idle(c: Any) -> Any:
    return c.labour - c.labour * c.employed


def employed_workers(q: MetricQuery) -> Select[Any]:
    """One row per spell of work covering `as_of`; people are counted once."""
    return (
        select(
            household.c.village_code.label("region_code"),
            person.c.id.label("entity_key"),
            literal(1).label("value"),
            employment.c.form.label("form"),
            employment.c.place.label("place"),
        )
        .select_from(
            employment.join(person, person.c.id == employment.c.person_id).join(
                household, household.c.id == person.c.household_id
            )
        )
        .where(sql.employment_active_on(q.as_of))
    )


def constant_rule(value: int, basis: str) -> Any:
    """A target rule giving the same target to every region."""

    async def rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
        return {code: RuleTarget(Decimal(value), basis) for code in ctx.regions}

    return rule


METRICS = [
    MetricDefinition(
        key="core.labor_households",
        title="有劳动能力的建档立卡户",
        unit="户",
        clause="二",
        lead_department="XQZF",
        source=household_status,
        value_column="labour",
        default_period=ACTION_PERIOD,
        entity_type="Household",
        description="至少一名成员有劳动能力（普通、技能、弱或半劳动力）的建档立卡户数。",
    ),
    MetricDefinition(
        key="core.households_with_employment",
        title="有劳动能力且至少1人就业的户占比",
        unit="%",
        clause="二",
        lead_department="XQZF",
        source=household_status,
        value_column=_working,
        base_column="labour",
        ratio=True,
        default_period=ACTION_PERIOD,
        entity_type="Household",
        target_rule=constant_rule(100, HEADLINE),
        description="有劳动能力的户中，在统计日至少有1名成员在岗（任何就业形式）的户所占百分比。",
    ),
    MetricDefinition(
        key="core.zero_employment_households",
        title="有劳动能力但无人就业的户",
        unit="户",
        clause="二",
        lead_department="XQZF",
        source=household_status,
        value_column=_idle,
        higher_is_better=False,
        default_period=ACTION_PERIOD,
        entity_type="Household",
        target_rule=constant_rule(0, HEADLINE),
        description="有劳动能力、但统计日没有任何成员在岗的户数；目标为 0。",
    ),
    MetricDefinition(
        key="core.employed_workers",
        title="在岗的贫困劳动力",
        unit="人",
        clause="二",
        lead_department="XQZF",
        source=employed_workers,
        aggregate=Aggregate.DISTINCT,
        default_period=ACTION_PERIOD,
        entity_type="Person",
        description="统计日有在岗就业记录的建档立卡户成员人数（一人多份工作计一次），可按就业形式与地点拆分。",
        dimensions={
            "form": {m.code: m.label for m in WorkForm},
            "place": {m.code: m.label for m in WorkPlace},
        },
    ),
]
