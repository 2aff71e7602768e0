"""The plugin's metrics (三(一)): definitions, target rules and the plan's own targets.

The rows each number is made of come from `metric_sources`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from core.sdk import (
    CITY_CODE,
    PLAN_YEAR,
    Aggregate,
    JobFairLevel,
    JobPushChannel,
    MetricDefinition,
    MetricKind,
    Period,
    RuleContext,
    RuleTarget,
    TargetDefault,
    WorkPlace,
    level_of,
    quarter_of,
    region,
    subtree_prefix,
    year_of,
)
from plugins.employment_assistance import rules as validation
from plugins.employment_assistance.metric_sources import (
    five_events,
    households_not_reached,
    job_fairs,
    labour_export,
    postings_pushed,
    subsidised_hires,
    subsidy_paid,
    township_coverage,
    village_posts,
    workshops_certified,
)
from plugins.employment_assistance.models import FiveEventKind, HiringSubsidyKind

P = "employment_assistance"
KINDS = {m.code: m.label for m in HiringSubsidyKind}


# --- target rules --------------------------------------------------------------------------


def constant_rule(value: int, basis: str) -> Any:
    """A target rule giving the same target to every region."""

    async def rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
        return {code: RuleTarget(Decimal(value), basis) for code in ctx.regions}

    return rule


def _under(code: str, codes: list[str]) -> int:
    prefix = subtree_prefix(code)
    return sum(1 for c in codes if c.startswith(prefix))


async def posts_rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    """5 posts per not-yet-exited poor village under the region; the city also shows "about 830"."""
    query = select(region.c.code).where(
        region.c.level == "VILLAGE", region.c.poor_village.is_(True)
    )
    villages = list((await ctx.conn.execute(query)).scalars())
    found = {}
    for code in ctx.regions:
        count = _under(code, villages)
        basis = (
            f"三(一)5：每个未脱贫摘帽的贫困村不少于 {validation.POSTS_PER_VILLAGE} 个，"
            f"{count} 个贫困村 × {validation.POSTS_PER_VILLAGE}"
        )
        stated = None
        if code == CITY_CODE:
            stated = Decimal(validation.STATED_POSTS)
            basis += f"；方案写“约 {validation.STATED_POSTS} 个”（171 × 5 = 855，两者不一致）"
        found[code] = RuleTarget(Decimal(count * validation.POSTS_PER_VILLAGE), basis, stated)
    return found


def whole_year(period: Period) -> bool:
    """Whether the period is one calendar year (the plan's "全年")."""
    return period == year_of(period.start.year)


async def fairs_rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    """City 2, each county/district 2, each key poor township 3 — added up over the region."""
    if not whole_year(ctx.period):
        reason = (
            "三(一)6 规定的是全年场次（市级 2 场、县区 2 场、重点贫困乡镇 3 场），这个期间不是整年"
        )
        return {code: RuleTarget(None, reason) for code in ctx.regions}
    rows = (
        await ctx.conn.execute(
            select(region.c.code, region.c.parent_code, region.c.key_poor_township).where(
                (region.c.parent_code == CITY_CODE) | region.c.key_poor_township.is_(True)
            )
        )
    ).all()
    counties = [r.code for r in rows if r.parent_code == CITY_CODE]
    keys = [r.code for r in rows if r.key_poor_township]
    found = {}
    for code in ctx.regions:
        level = level_of(code)
        key_count = _under(code, keys)
        if level == "CITY":
            county_count = _under(code, counties)
            value = (
                validation.CITY_FAIRS
                + validation.COUNTY_FAIRS * county_count
                + validation.KEY_TOWNSHIP_FAIRS * key_count
            )
            basis = (
                f"三(一)6：市级 {validation.CITY_FAIRS} 场 + {county_count} 个县区 × "
                f"{validation.COUNTY_FAIRS} 场 + {key_count} 个重点贫困乡镇 × {validation.KEY_TOWNSHIP_FAIRS} 场"
            )
        elif level == "COUNTY":
            value = validation.COUNTY_FAIRS + validation.KEY_TOWNSHIP_FAIRS * key_count
            basis = (
                f"三(一)6：县区 {validation.COUNTY_FAIRS} 场 + {key_count} 个重点贫困乡镇 × "
                f"{validation.KEY_TOWNSHIP_FAIRS} 场"
            )
        elif level == "TOWNSHIP" and key_count:
            value = validation.KEY_TOWNSHIP_FAIRS
            basis = f"三(一)6：重点贫困乡镇每年 {validation.KEY_TOWNSHIP_FAIRS} 场"
        else:
            found[code] = RuleTarget(
                None, "三(一)6 只对重点贫困乡镇规定了场次，这里不是重点贫困乡镇"
            )
            continue
        found[code] = RuleTarget(Decimal(value), basis)
    return found


def whole_quarters(period: Period) -> int | None:
    """How many whole calendar quarters the period spans, or None if it is not made of them."""
    start, end = period.start, period.end
    if start.day != 1 or start.month % 3 != 1 or (end + timedelta(days=1)).day != 1:
        return None
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months // 3 if months % 3 == 0 else None


async def postings_rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    """At the city, 50,000 postings per quarter of the plan year; counties get their share by record."""
    if CITY_CODE not in ctx.regions:
        return {}
    quarters = whole_quarters(ctx.period)
    inside = PLAN_YEAR.start <= ctx.period.start and ctx.period.end <= PLAN_YEAR.end
    if quarters is None or not inside:
        reason = "三(一)6 规定 2019 年每个季度推送 5 万个岗位信息；这个期间不是 2019 年的整季度"
        return {CITY_CODE: RuleTarget(None, reason)}
    value = validation.POSTINGS_PER_QUARTER * quarters
    basis = f"三(一)6：每季度 {validation.POSTINGS_PER_QUARTER} 个 × {quarters} 个季度"
    return {CITY_CODE: RuleTarget(Decimal(value), basis)}


# --- definitions ---------------------------------------------------------------------------

UPPER = ("CITY", "COUNTY", "TOWNSHIP")
ALL = ("CITY", "COUNTY", "TOWNSHIP", "VILLAGE")

METRICS = [
    MetricDefinition(
        key=f"{P}.workshops",
        title="建设认定的扶贫车间",
        unit="个",
        clause="三(一)4",
        lead_department="XQZF",
        source=workshops_certified,
        kind=MetricKind.FLOW,
        levels=UPPER,
        entity_type="PovertyWorkshop",
        description="期间内建成认定的扶贫车间（微车间）个数，按认定日期计；全年目标 86 个以上。",
    ),
    MetricDefinition(
        key=f"{P}.township_workshop_coverage",
        title="有扶贫车间的乡镇占比",
        unit="%",
        clause="三(一)4",
        lead_department="XQZF",
        source=township_coverage,
        ratio=True,
        levels=UPPER,
        entity_type="Region",
        target_rule=constant_rule(100, "三(一)4：扶贫车间覆盖全市所有乡镇"),
        description="统计日至少有 1 个在办扶贫车间的乡镇所占百分比；“未计入”的记录即没有车间的乡镇。",
    ),
    MetricDefinition(
        key=f"{P}.village_posts",
        title="贫困村乡村公益性岗位",
        unit="个",
        clause="三(一)5",
        lead_department="XQZF",
        source=village_posts,
        levels=ALL,
        entity_type="VillagePost",
        target_rule=posts_rule,
        description=(
            "统计日在岗的、设在未脱贫摘帽贫困村的公益性岗位数。目标按规则为贫困村数 × 5；"
            "全市并列显示方案所写的“约 830 个”。每村是否达到 5 个见 villagePostCoverage。"
        ),
    ),
    MetricDefinition(
        key=f"{P}.subsidised_hires",
        title="“一岗多补”吸纳就业的贫困劳动力",
        unit="人",
        clause="三(一)2",
        lead_department="RSJ",
        source=subsidised_hires,
        kind=MetricKind.FLOW,
        aggregate=Aggregate.DISTINCT,
        levels=ALL,
        entity_type="Person",
        dimensions={"kind": KINDS},
        description="期间内入职、其用人单位获得“一岗多补”补贴（未撤销）的人数，一人计一次；全年目标 3000 人。",
    ),
    MetricDefinition(
        key=f"{P}.subsidy_paid",
        title="“一岗多补”补贴发放额",
        unit="元",
        clause="三(一)2",
        lead_department="RSJ",
        source=subsidy_paid,
        kind=MetricKind.FLOW,
        scale=100,
        levels=ALL,
        entity_type="HiringSubsidy",
        dimensions={"kind": KINDS},
        description="期间内发放（未撤销）的“一岗多补”补贴总额，按发放日期计；方案未定目标。",
    ),
    MetricDefinition(
        key=f"{P}.labour_export",
        title="转移到广东等省外就业的贫困劳动力",
        unit="人",
        clause="三(一)3",
        lead_department="XQZF",
        source=labour_export,
        aggregate=Aggregate.DISTINCT,
        levels=ALL,
        entity_type="Person",
        dimensions={
            "place": {
                WorkPlace.GUANGDONG.code: WorkPlace.GUANGDONG.label,
                WorkPlace.OTHER_PROVINCE.code: WorkPlace.OTHER_PROVINCE.label,
            }
        },
        description=(
            "统计日在广东省或其他省份就业的建档立卡户劳动力人数（核心就业记录，一人计一次）；"
            "全年目标不少于 4 万人，各县区任务由自治区下达后分解到县区。"
        ),
    ),
    MetricDefinition(
        key=f"{P}.job_fairs",
        title="举办的招聘会",
        unit="场",
        clause="三(一)6",
        lead_department="XQZF",
        source=job_fairs,
        kind=MetricKind.FLOW,
        levels=UPPER,
        entity_type="JobFair",
        target_rule=fairs_rule,
        dimensions={"level": {m.code: m.label for m in JobFairLevel if m is not JobFairLevel.SITE}},
        description="期间内举办（未撤销）的招聘会场次；全年目标按规则：市级 2 场、每个县区 2 场、每个重点贫困乡镇 3 场。",
    ),
    MetricDefinition(
        key=f"{P}.postings_pushed",
        title="推送的岗位信息",
        unit="个",
        clause="三(一)6",
        lead_department="XQZF",
        source=postings_pushed,
        kind=MetricKind.FLOW,
        levels=ALL,
        entity_type="JobPush",
        target_rule=postings_rule,
        dimensions={"channel": {m.code: m.label for m in JobPushChannel}},
        description="期间内（未撤销的）推送所带的岗位信息数之和；每季度目标 5 万个。",
    ),
    MetricDefinition(
        key=f"{P}.households_not_reached",
        title="两个月内未收到岗位推送的贫困户",
        unit="户",
        clause="三(一)6",
        lead_department="XQZF",
        source=households_not_reached,
        higher_is_better=False,
        levels=ALL,
        entity_type="Household",
        target_rule=constant_rule(0, "三(一)6：岗位信息每两个月推送给每个贫困户一次"),
        description=(
            "有劳动能力的建档立卡户中，统计日前两个月内（两个月前的同一天至统计日）没有收到岗位推送的户数；"
            "目标为 0。"
        ),
    ),
    MetricDefinition(
        key=f"{P}.five_events",
        title="已举办的“五个一”活动种类",
        unit="个",
        clause="三(一)1",
        lead_department="XQZF",
        source=five_events,
        kind=MetricKind.FLOW,
        aggregate=Aggregate.DISTINCT,
        levels=("CITY", "COUNTY"),
        dimensions={"kind": {m.code: m.label for m in FiveEventKind}},
        description="期间内至少举办过一次（未撤销）的“五个一”活动种类数；目标 5 种各至少一次。数字背后的记录以活动种类为键。",
    ),
]


def _plan(key: str, value: int, clause: str, period: Period = PLAN_YEAR) -> TargetDefault:
    return TargetDefault(f"{P}.{key}", CITY_CODE, period, Decimal(value), clause)


TARGETS = [
    _plan("workshops", validation.WORKSHOP_TARGET, "三(一)4"),
    _plan("subsidised_hires", validation.HIRES_TARGET, "三(一)2"),
    _plan("labour_export", validation.EXPORT_TARGET, "三(一)3"),
    _plan("five_events", validation.FIVE_EVENT_KINDS, "三(一)1"),
    *(
        _plan("postings_pushed", validation.POSTINGS_PER_QUARTER, "三(一)6", quarter_of(2019, q))
        for q in range(1, 5)
    ),
]
