"""The metrics of 三(五), their rule-based targets, and the rows each number is made of.

Site metrics are reported at the city, county and township levels (a site's region code is its
township); the per-site view is the `siteScorecards` query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, case, exists, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    ACTION_PERIOD,
    PLAN_YEAR,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
    held,
    household_status,
    subtree_prefix,
)
from plugins.relocation_sites import rules, sql
from plugins.relocation_sites.enums import SiteFacilityKind
from plugins.relocation_sites.models import (
    facility,
    job_fair,
    job_push,
    service_station,
    site,
    site_post,
)
from plugins.relocation_sites.settings import metric_settings

SITE_LEVELS = ("CITY", "COUNTY", "TOWNSHIP")
HEADLINE = "三(五)：易地扶贫搬迁户中有劳动能力的户，2019年9月30日前至少1人就业创业"


def _working(c: Any) -> Any:
    """Relocated households with labour capacity and someone at work (value)."""
    return c.labour * c.employed * c.relocated


def _relocated_labour(c: Any) -> Any:
    """Relocated households with labour capacity (base)."""
    return c.labour * c.relocated


def sites_with_workshop(q: MetricQuery) -> Select[Any]:
    """One row per site with the conditions: 1 when a 微车间 at or near it runs on `as_of`."""
    workshop = exists(
        select(1)
        .select_from(facility)
        .where(
            facility.c.site_id == site.c.id,
            facility.c.kind == SiteFacilityKind.WORKSHOP.value,
            sql.facility_active_on(q.as_of),
        )
    )
    return select(
        site.c.township_code.label("region_code"),
        site.c.id.label("entity_key"),
        case((workshop, 1), else_=0).label("value"),
    ).where(site.c.has_conditions.is_(True))


def site_posts_filled(q: MetricQuery) -> Select[Any]:
    """One row per site post whose holder is at work on `as_of`."""
    return (
        select(
            site.c.township_code.label("region_code"),
            site_post.c.id.label("entity_key"),
            literal(1).label("value"),
        )
        .select_from(site_post.join(site, site.c.id == site_post.c.site_id))
        .where(sql.post_filled_on(q.as_of))
    )


def site_job_fairs(q: MetricQuery) -> Select[Any]:
    """One row per job fair held at a site between the period's start and `as_of`."""
    return (
        select(
            site.c.township_code.label("region_code"),
            job_fair.c.id.label("entity_key"),
            literal(1).label("value"),
        )
        .select_from(job_fair.join(site, site.c.id == job_fair.c.site_id))
        .where(held(job_fair, q.start, q.end))
    )


def site_postings(q: MetricQuery) -> Select[Any]:
    """One row per push of postings to a site between the period's start and `as_of`."""
    return (
        select(
            site.c.township_code.label("region_code"),
            job_push.c.id.label("entity_key"),
            job_push.c.postings.label("value"),
        )
        .select_from(job_push.join(site, site.c.id == job_push.c.site_id))
        .where(held(job_push, q.start, q.end))
    )


def service_stations(q: MetricQuery) -> Select[Any]:
    """One row per large site no community manages: 1 when its station exists on `as_of`."""
    large = metric_settings().large_site_population
    station = exists(
        select(1)
        .select_from(service_station)
        .where(
            service_station.c.site_id == site.c.id,
            service_station.c.established_on <= q.as_of,
        )
    )
    return select(
        site.c.township_code.label("region_code"),
        site.c.id.label("entity_key"),
        case((station, 1), else_=0).label("value"),
    ).where(and_(site.c.population >= large, site.c.community_managed.is_(False)))


@dataclass(frozen=True)
class _Site:
    name: str
    township_code: str
    population: int
    community_managed: bool
    has_conditions: bool
    post_requirement: int | None
    post_requirement_basis: str | None


async def _sites(conn: AsyncConnection) -> list[_Site]:
    """Every site (a few hundred at most: rules add them up by region in Python)."""
    query = select(
        site.c.name,
        site.c.township_code,
        site.c.population,
        site.c.community_managed,
        site.c.has_conditions,
        site.c.post_requirement,
        site.c.post_requirement_basis,
    ).order_by(site.c.id)
    return [_Site(*row) for row in (await conn.execute(query)).all()]


def _within(sites: list[_Site], code: str) -> list[_Site]:
    prefix = subtree_prefix(code)
    return [s for s in sites if len(code) < 12 and s.township_code.startswith(prefix)]


def per_site_rule(
    count: Callable[[_Site], bool], per_site: int, basis: str
) -> Callable[[RuleContext], Any]:
    """A target of `per_site` for every site under a region that `count` picks."""

    async def rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
        sites = await _sites(ctx.conn)
        found = {}
        for code in ctx.regions:
            picked = [s for s in _within(sites, code) if count(s)]
            found[code] = RuleTarget(
                Decimal(per_site * len(picked)), f"{basis}；本区划 {len(picked)} 个安置点"
            )
        return found

    return rule


async def posts_rule(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    """三(五)2 summed over a region's sites; no answer where any site has none."""
    sites = await _sites(ctx.conn)
    found = {}
    for code in ctx.regions:
        within = _within(sites, code)
        required = [
            (s, rules.post_requirement(s.population, s.post_requirement, s.post_requirement_basis))
            for s in within
        ]
        unknown = [s for s, r in required if r.required is None]
        total = sum(r.required or 0 for _, r in required)
        if unknown:
            names = "、".join(f"{s.name}（{s.population:,} 人）" for s in unknown)
            found[code] = RuleTarget(
                None,
                f"{rules.NO_RULE_REASON}：{names}，共 {len(unknown)} 个安置点，需管理员设定；"
                f"其余 {len(within) - len(unknown)} 个安置点按规则合计应设 {total} 个",
            )
        else:
            found[code] = RuleTarget(
                Decimal(total),
                f"三(五)2：按安置人口逐点应设，{len(within)} 个安置点合计 {total} 个",
            )
    return found


async def _constant_100(ctx: RuleContext) -> Mapping[str, RuleTarget]:
    return {code: RuleTarget(Decimal(100), HEADLINE) for code in ctx.regions}


def _large_unmanaged(s: _Site) -> bool:
    return rules.needs_station(
        s.population, s.community_managed, metric_settings().large_site_population
    )


METRICS = [
    MetricDefinition(
        key="relocation.households_with_employment",
        title="有劳动能力的易地扶贫搬迁户至少1人就业的占比",
        unit="%",
        clause="三(五)",
        lead_department="XQZF",
        # The core's household source: the engine sums this metric in the core's own pass.
        source=household_status,
        value_column=_working,
        base_column=_relocated_labour,
        ratio=True,
        default_period=ACTION_PERIOD,
        entity_type="Household",
        target_rule=_constant_100,
        description=(
            "标记为易地扶贫搬迁户（核心的 relocated）且有劳动能力的户中，统计日至少 1 名成员在岗的户所占百分比；"
            "按户所在村归属区划。"
        ),
    ),
    MetricDefinition(
        key="relocation.sites_with_workshop",
        title="建有微车间的安置点（具备条件的）",
        unit="个",
        clause="三(五)1",
        lead_department="XQZF",
        source=sites_with_workshop,
        levels=SITE_LEVELS,
        entity_type="RelocationSite",
        target_rule=per_site_rule(
            lambda s: s.has_conditions, 1, "三(五)1：每个具备条件的安置点至少建 1 个微车间"
        ),
        description=(
            "具备条件的安置点中，统计日有在运营的微车间（在安置点内或附近对接）的个数；目标为具备条件的安置点数。"
        ),
    ),
    MetricDefinition(
        key="relocation.site_posts_filled",
        title="安置点公益性岗位在岗数",
        unit="个",
        clause="三(五)2",
        lead_department="XQZF",
        source=site_posts_filled,
        levels=SITE_LEVELS,
        entity_type="SitePost",
        target_rule=posts_rule,
        description=(
            "统计日有人在岗的安置点公益性岗位数；目标为各安置点按安置人口应设数之和。"
            "区划内有 3001–4999 人且管理员未设定的安置点时，目标为“方案未规定”（NO_RULE），说明列出这些安置点。"
        ),
    ),
    MetricDefinition(
        key="relocation.site_job_fairs",
        title="安置点专场招聘会和岗位发布活动",
        unit="场",
        clause="三(五)3",
        lead_department="XQZF",
        source=site_job_fairs,
        kind=MetricKind.FLOW,
        levels=SITE_LEVELS,
        default_period=PLAN_YEAR,
        entity_type="SiteJobFair",
        target_rule=per_site_rule(
            lambda s: True, rules.JOB_FAIRS_PER_SITE, "三(五)3：每个安置点全年不少于 2 场"
        ),
        description="期间内在安置点举办的专场招聘会和岗位发布活动场数；目标为安置点数 × 2。",
    ),
    MetricDefinition(
        key="relocation.site_postings",
        title="向安置点推送的岗位信息",
        unit="个",
        clause="三(五)3",
        lead_department="XQZF",
        source=site_postings,
        kind=MetricKind.FLOW,
        levels=SITE_LEVELS,
        default_period=PLAN_YEAR,
        entity_type="SiteJobPush",
        target_rule=per_site_rule(
            lambda s: True,
            rules.POSTINGS_PER_SITE,
            "三(五)3：每个安置点全年推送岗位信息不少于 3 万个",
        ),
        description="期间内向安置点住户推送的岗位数之和；目标为安置点数 × 30,000。",
    ),
    MetricDefinition(
        key="relocation.service_stations",
        title="建有劳动就业社会保障服务站的规模以上安置点",
        unit="个",
        clause="三(五)4",
        lead_department="RSJ",
        source=service_stations,
        levels=SITE_LEVELS,
        entity_type="RelocationSite",
        target_rule=per_site_rule(
            _large_unmanaged,
            1,
            "三(五)4：每个未纳入社区（行政村）管理的规模以上安置点建 1 个服务站",
        ),
        description=(
            "规模以上（安置人口不少于 JIUYE_RELOCATION_LARGE_SITE_POPULATION，默认 1000 人）且未纳入社区"
            "（行政村）管理的安置点中，统计日已建服务站的个数；目标为这类安置点数。"
        ),
    ),
]
