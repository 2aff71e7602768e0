"""The training plugin's metrics (三(二)1 and 三(二)2), their targets and target rules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, literal, select

from core.sdk import (
    PLAN_YEAR,
    Aggregate,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
    TargetDefault,
    household,
    in_subtree,
    level_of,
    person,
    region,
)
from plugins.training.compliance import COUNTY_LEVELS, RULE, compliance_rows
from plugins.training.enums import TrainingKind
from plugins.training.models import enrolment, training_class
from plugins.training.settings import training_settings
from plugins.training.sql import placed

TRAINED = "training.trained_workers"
COMPLIANCE = "training.leader_class_compliance"
PLACEMENT = "training.placement_rate"
TRAINED_TARGET = Decimal(3100)
KINDS = {"kind": {m.code: m.label for m in TrainingKind}}


def _completions() -> Any:
    return (
        enrolment.join(training_class, training_class.c.id == enrolment.c.class_id)
        .join(person, person.c.id == enrolment.c.person_id)
        .join(household, household.c.id == person.c.household_id)
    )


def trained_rows(q: MetricQuery) -> Select[Any]:
    """One row per completion in the period, keyed by the trainee; people are counted once.
    A trainee belongs to the region their household lives in."""
    return (
        select(
            household.c.village_code.label("region_code"),
            person.c.id.label("entity_key"),
            literal(1).label("value"),
            training_class.c.kind.label("kind"),
        )
        .select_from(_completions())
        .where(enrolment.c.completed_on >= q.start, enrolment.c.completed_on <= q.end)
    )


def placement_rows(q: MetricQuery) -> Select[Any]:
    """One row per completion of a precise-training (vocational) class in the period, the
    classes 三(二)1 links to placement: `placed` when an employment record starts within
    the window after completion (and by `as_of`); `judged` once the window has closed by
    `as_of`. A completion whose window is still open and that is not yet placed is left out."""
    window = training_settings().placement_window_days
    closed_by = q.as_of - timedelta(days=window)
    is_placed = placed(window, known_by=q.as_of)
    return (
        select(
            household.c.village_code.label("region_code"),
            enrolment.c.id.label("entity_key"),
            case((is_placed, 1), else_=0).label("placed"),
            case((enrolment.c.completed_on <= closed_by, 1), else_=0).label("closed"),
        )
        .select_from(_completions())
        .where(
            training_class.c.kind == TrainingKind.VOCATIONAL.value,
            enrolment.c.completed_on >= q.start,
            enrolment.c.completed_on <= q.end,
        )
    )


def _judged(c: Any) -> Any:
    # placed OR window closed, as arithmetic over 0/1 columns
    return c.placed + c.closed - c.placed * c.closed


async def compliance_targets(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    """All county-level regions under a city or province; 1 for each county or district."""
    found: dict[str, RuleTarget] = {}
    for code in ctx.regions:
        level = level_of(code)
        if level in ("CITY", "PROVINCE"):
            counted = select(func.count()).where(
                region.c.level.in_(COUNTY_LEVELS), in_subtree(region.c.code, code)
            )
            total = int((await ctx.conn.execute(counted)).scalar_one())
            found[code] = RuleTarget(Decimal(total), f"{RULE}：辖区内 {total} 个县区全部达标")
        elif level == "COUNTY":
            found[code] = RuleTarget(Decimal(1), RULE)
    return found


async def placement_targets(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    """The plan asks for placement on passing but states no rate."""
    reason = "三(二)1 要求“培训合格即上岗”，但没有规定上岗比例；如需考核，请管理员设定目标"
    return {code: RuleTarget(None, reason) for code in ctx.regions}


METRICS = [
    MetricDefinition(
        key=TRAINED,
        title="参加培训并结业的贫困劳动力",
        unit="人",
        clause="三(二)1",
        lead_department="RSJ",
        source=trained_rows,
        kind=MetricKind.FLOW,
        aggregate=Aggregate.DISTINCT,
        default_period=PLAN_YEAR,
        entity_type="Person",
        dimensions=KINDS,
        description=(
            "期间内结业（结业日期在期间内）的建档立卡户劳动力人数，精准培训与务工带头人培训均计；"
            "一人结业多期只计一次；按学员户籍所在区划统计。全年目标 3100 人，县区任务可作为下级目标分解。"
        ),
    ),
    MetricDefinition(
        key=COMPLIANCE,
        title="务工带头人培训达标的县区",
        unit="个",
        clause="三(二)2",
        lead_department="RSJ",
        source=compliance_rows,
        levels=("CITY", "COUNTY"),
        default_period=PLAN_YEAR,
        entity_type="Region",
        target_rule=compliance_targets,
        description=(
            "截至统计日没有错过任何考核期的县区个数：各县和柳江区每个已结束的季度至少开班 1 期且"
            "该期不少于 30 人；城中、鱼峰、柳南、柳北区全年至少 1 期（年度结束时考核）。"
            "按开班日期归入季度；进行中的季度和未开始的季度不算未达标。"
        ),
    ),
    MetricDefinition(
        key=PLACEMENT,
        title="培训结业后按期上岗率",
        unit="%",
        clause="三(二)1",
        lead_department="RSJ",
        source=placement_rows,
        kind=MetricKind.FLOW,
        ratio=True,
        value_column="placed",
        base_column=_judged,
        default_period=PLAN_YEAR,
        entity_type="Enrolment",
        target_rule=placement_targets,
        description=(
            "期间内精准培训班（三(二)1，职业技能培训）结业的学员中，结业当天起若干天内（默认 30 天，JIUYE_TRAINING_PLACEMENT_WINDOW_DAYS）"
            "有新的就业记录开始的比例；按每次结业计。窗口尚未结束且尚未上岗的结业暂不计入分母。"
        ),
    ),
]

TARGETS = [TargetDefault(TRAINED, "450200", PLAN_YEAR, TRAINED_TARGET, "三(二)1")]
