"""The plugin's metrics (三(四)1 and 三(四)3) and the plan's targets for them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, literal, select

from core.sdk import (
    PLAN_YEAR,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
    TargetDefault,
    region,
)
from jiuye_public_services.models import station, subsidy

VIDEO_PLATFORMS = "public_services.poor_villages_with_video_platform"
SUBSIDY_AMOUNT = "public_services.placement_subsidy_amount"

POOR_VILLAGES = {
    "450200": 171,
    "450206": 4,
    "450222": 6,
    "450223": 3,
    "450224": 25,
    "450225": 70,
    "450226": 63,
}
"""The 171 not-yet-exited poor villages by county, as 三(一)5 lists them; 三(四)1 asks every
administrative village for a platform, so each of these is one the plan expects."""


def video_platform_rows(q: MetricQuery) -> Select[Any]:
    """One row per poor village whose station's remote-video platform is live on `as_of`."""
    return (
        select(
            station.c.village_code.label("region_code"),
            station.c.id.label("entity_key"),
            literal(1).label("value"),
        )
        .select_from(station.join(region, region.c.code == station.c.village_code))
        .where(region.c.poor_village.is_(True), station.c.video_platform_on <= q.as_of)
    )


def subsidy_rows(q: MetricQuery) -> Select[Any]:
    """One row per subsidy paid in the period, in fen, credited to the paying county."""
    return select(
        subsidy.c.county_code.label("region_code"),
        subsidy.c.id.label("entity_key"),
        subsidy.c.amount_fen.label("value"),
    ).where(subsidy.c.paid_on >= q.start, subsidy.c.paid_on <= q.end)


async def no_amount_target(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    """The plan pays the subsidy "by rule" but sets no total."""
    reason = "三(四)3 要求按规定发放职业介绍补贴，但没有规定金额；如需考核，请管理员设定目标"
    return {code: RuleTarget(None, reason) for code in ctx.regions}


METRICS = [
    MetricDefinition(
        key=VIDEO_PLATFORMS,
        title="开通远程视频服务平台的贫困村",
        unit="个",
        clause="三(四)1",
        lead_department="RSJ",
        source=video_platform_rows,
        kind=MetricKind.STOCK,
        default_period=PLAN_YEAR,
        entity_type="LabourStation",
        description=(
            "统计日已开通农民工远程视频综合服务平台（记在村级劳务工作站上）的未脱贫贫困村个数。"
            "方案要求全市行政村全面启动建设；目标取三(一)5 列出的 171 个贫困村（各县区分解）。"
        ),
    ),
    MetricDefinition(
        key=SUBSIDY_AMOUNT,
        title="职业介绍补贴发放额",
        unit="元",
        clause="三(四)3",
        lead_department="RSJ",
        source=subsidy_rows,
        kind=MetricKind.FLOW,
        scale=100,
        levels=("CITY", "COUNTY"),
        default_period=PLAN_YEAR,
        entity_type="PlacementSubsidy",
        target_rule=no_amount_target,
        description="期间内拨付给人力资源服务机构和劳务经纪人的职业介绍补贴，按发放县区统计，单位：元。",
    ),
]

TARGETS = [
    TargetDefault(VIDEO_PLATFORMS, code, PLAN_YEAR, Decimal(count), "三(四)1；贫困村名单见三(一)5")
    for code, count in POOR_VILLAGES.items()
]
