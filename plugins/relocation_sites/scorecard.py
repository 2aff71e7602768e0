"""The per-site scorecard of 三(五): one row per site, in a fixed number of statements.

The metrics engine breaks numbers down by region; sites sit below townships, so "by site" is
served here: the page of sites, then one grouped statement over their households, one over
their facilities, posts, fairs and pushes, and one for their stations — whatever the page size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    CAPABLE_CODES,
    SUPPRESS_BELOW,
    Scope,
    held,
    household,
    household_employed_on,
    household_has_labour,
    person,
    quantize,
    suppression,
)
from plugins.relocation_sites import rules, sql
from plugins.relocation_sites.enums import ServiceStationStatus, SiteFacilityKind
from plugins.relocation_sites.kinds import SitePostRule, SiteRef, StationRef
from plugins.relocation_sites.models import (
    facility,
    job_fair,
    job_push,
    site,
    site_household,
    site_post,
)


@dataclass(frozen=True)
class HouseholdFigures:
    """What a site's linked households add up to on a date."""

    households: int = 0
    not_flagged: int = 0
    members: int = 0
    labourers: int = 0
    labour_households: int = 0
    working_households: int = 0


@dataclass(frozen=True)
class SiteFigures:
    """What a site's facilities, posts, fairs and pushes add up to on a date."""

    workshops: int = 0
    gardens: int = 0
    markets: int = 0
    posts_filled: int = 0
    posts_vacant: int = 0
    job_fairs: int = 0
    fair_postings: int = 0
    postings_pushed: int = 0


def household_figures_query(site_ids: list[int], day: date, scope: Scope) -> Select[Any]:
    """One row per site: its linked households, their members, labour and work on `day`."""
    member = person.alias("site_member")
    members = (
        select(func.count())
        .select_from(member)
        .where(member.c.household_id == household.c.id)
        .scalar_subquery()
    )
    labourers = (
        select(func.count())
        .select_from(member)
        .where(
            member.c.household_id == household.c.id,
            member.c.labour_capacity.in_(CAPABLE_CODES),
        )
        .scalar_subquery()
    )
    labour = case((household_has_labour(), 1), else_=0)
    working = case((household_employed_on(day), 1), else_=0)
    rows = (
        select(
            site_household.c.site_id,
            case((household.c.relocated, 0), else_=1).label("not_flagged"),
            members.label("members"),
            labourers.label("labourers"),
            labour.label("labour"),
            (labour * working).label("working"),
        )
        .select_from(
            site_household.join(household, household.c.id == site_household.c.household_id)
        )
        .where(site_household.c.site_id.in_(site_ids), scope.where(household.c.village_code))
        .subquery("site_households")
    )
    return select(
        rows.c.site_id,
        func.count().label("households"),
        func.sum(rows.c.not_flagged).label("not_flagged"),
        func.sum(rows.c.members).label("members"),
        func.sum(rows.c.labourers).label("labourers"),
        func.sum(rows.c.labour).label("labour_households"),
        func.sum(rows.c.working).label("working_households"),
    ).group_by(rows.c.site_id)


def _count(table: Any, *conditions: Any) -> Any:
    return (
        select(func.count())
        .select_from(table)
        .where(table.c.site_id == site.c.id, *conditions)
        .scalar_subquery()
    )


def _total(column: Any, *conditions: Any) -> Any:
    return (
        select(func.coalesce(func.sum(column), 0))
        .where(column.table.c.site_id == site.c.id, *conditions)
        .scalar_subquery()
    )


def site_figures_query(site_ids: list[int], day: date) -> Select[Any]:
    """One row per site: facilities running and posts filled on `day`, fairs and pushes in its
    year up to `day`."""
    start = date(day.year, 1, 1)
    running = sql.facility_active_on(day)
    return select(
        site.c.id,
        *(
            _count(facility, facility.c.kind == kind.value, running).label(name)
            for name, kind in (
                ("workshops", SiteFacilityKind.WORKSHOP),
                ("gardens", SiteFacilityKind.GARDEN),
                ("markets", SiteFacilityKind.MARKET),
            )
        ),
        _count(site_post, sql.post_filled_on(day)).label("posts_filled"),
        _count(site_post, sql.post_vacant_on(day)).label("posts_vacant"),
        _count(job_fair, held(job_fair, start, day)).label("job_fairs"),
        _total(job_fair.c.postings, held(job_fair, start, day)).label("fair_postings"),
        _total(job_push.c.postings, held(job_push, start, day)).label("postings_pushed"),
    ).where(site.c.id.in_(site_ids))


async def figures(
    conn: AsyncConnection, site_ids: list[int], day: date, scope: Scope
) -> tuple[dict[int, HouseholdFigures], dict[int, SiteFigures]]:
    """Both sets of figures for these sites, in two statements."""
    if not site_ids:
        return {}, {}
    by_households = {
        row.site_id: HouseholdFigures(*(int(value or 0) for value in row[1:]))
        for row in (await conn.execute(household_figures_query(site_ids, day, scope))).all()
    }
    by_site = {
        row.id: SiteFigures(*(int(value or 0) for value in row[1:]))
        for row in (await conn.execute(site_figures_query(site_ids, day))).all()
    }
    return by_households, by_site


def station_status(required: bool, station: Any) -> ServiceStationStatus:
    """Where a site stands on its service station."""
    if station is None:
        return ServiceStationStatus.MISSING if required else ServiceStationStatus.NOT_REQUIRED
    if all(getattr(station, f"{name}_ready") for name, _ in rules.CHECKLIST):
        return ServiceStationStatus.COMPLETE
    return ServiceStationStatus.INCOMPLETE


_SMALL = (
    "查看者（viewer）：本点建档立卡户、劳动力、有劳动能力的户、其中有人就业的户或无人就业的户"
    "少于 5（不含 0）时为空，免得数字指向具体的户。"
)


@strawberry.type(
    name="SiteScorecard",
    description=(
        "一个安置点在统计日的成绩单（三(五)）：人口与搬迁户、就业、三微平台、公益性岗位应设与在岗、"
        "当年招聘会与岗位推送、服务站。招聘会与推送按统计日所在年份从 1 月 1 日累计到统计日。"
    ),
)
class SiteScorecard:
    """One site against every rule of 三(五) on a date."""

    site: SiteRef = strawberry.field(description="安置点。")
    as_of: date = strawberry.field(description="统计日。")
    population: int = strawberry.field(description="安置人口，单位：人。")
    households: int | None = strawberry.field(
        description=f"分配到本安置点的建档立卡户数，单位：户。{_SMALL}"
    )
    households_not_flagged: int | None = strawberry.field(
        description=f"其中未标记为易地扶贫搬迁户的户数（应为 0），单位：户。{_SMALL}"
    )
    members: int | None = strawberry.field(description=f"这些户的成员人数，单位：人。{_SMALL}")
    labourers: int | None = strawberry.field(
        description=f"其中有劳动能力的人数，单位：人。{_SMALL}"
    )
    labour_households: int | None = strawberry.field(
        description=f"有劳动能力的户数，单位：户。{_SMALL}"
    )
    households_with_employment: int | None = strawberry.field(
        description=f"有劳动能力且统计日至少 1 人在岗的户数，单位：户（目标：全部）。{_SMALL}"
    )
    employment_rate: Decimal | None = strawberry.field(
        description=(
            f"有劳动能力的户中至少 1 人在岗的百分比，保留两位小数；没有有劳动能力的户时为空。{_SMALL}"
        )
    )
    has_conditions: bool = strawberry.field(description="是否具备建设微车间的条件。")
    workshops: int = strawberry.field(
        description="统计日在运营的微车间数，单位：个（具备条件的至少 1 个）。"
    )
    gardens: int = strawberry.field(description="统计日在运营的微田园数，单位：个。")
    markets: int = strawberry.field(description="统计日在运营的微市场数，单位：个。")
    post_rule: SitePostRule = strawberry.field(description="公益性岗位应设数及其依据。")
    posts_filled: int = strawberry.field(description="统计日有人在岗的公益性岗位数，单位：个。")
    posts_vacant: int = strawberry.field(description="统计日空缺的公益性岗位数，单位：个。")
    posts_shortfall: int | None = strawberry.field(
        description="应设数减在岗数（不小于 0），单位：个；应设数不确定时为空。"
    )
    job_fairs: int = strawberry.field(
        description="当年至统计日举办的专场招聘会和岗位发布活动，单位：场。"
    )
    job_fairs_required: int = strawberry.field(
        description="全年应举办的场数（三(五)3：2 场），单位：场。"
    )
    fair_postings: int = strawberry.field(description="这些活动提供的岗位数，单位：个。")
    postings_pushed: int = strawberry.field(description="当年至统计日推送的岗位数，单位：个。")
    postings_required: int = strawberry.field(
        description="全年应推送的岗位数（三(五)3：3 万个），单位：个。"
    )
    station_required: bool = strawberry.field(
        description="是否须建服务站：规模以上且未纳入社区（行政村）管理。"
    )
    station_status: ServiceStationStatus = strawberry.field(description="服务站建设情况。")
    station: StationRef | None = strawberry.field(description="服务站；没有时为空。")

    @classmethod
    def build(
        cls,
        at: Any,
        day: date,
        people: HouseholdFigures,
        counts: SiteFigures,
        station: Any,
        large_site_population: int,
        *,
        suppress_small: bool = False,
    ) -> SiteScorecard:
        """Assemble one row from a site and its figures; `suppress_small` withholds the household
        figures of a site when any of them, or the households with nobody at work, is a small
        number (for viewers; the rule of `core.metrics.suppression`)."""
        rule = SitePostRule.of(at.population, at.post_requirement, at.post_requirement_basis)
        required = rules.needs_station(at.population, at.community_managed, large_site_population)
        rate = (
            quantize(Decimal(people.working_households * 100) / people.labour_households)
            if people.labour_households
            else None
        )
        figures = [
            suppression.Figure(people.households),
            suppression.Figure(people.labourers),
            suppression.Figure(people.labour_households, people.working_households, ratio=True),
        ]
        hidden = suppress_small and (
            people.households < SUPPRESS_BELOW
            or any(suppression.primary(f) is not None for f in figures)
        )
        return cls(
            site=at,
            as_of=day,
            population=at.population,
            households=None if hidden else people.households,
            households_not_flagged=None if hidden else people.not_flagged,
            members=None if hidden else people.members,
            labourers=None if hidden else people.labourers,
            labour_households=None if hidden else people.labour_households,
            households_with_employment=None if hidden else people.working_households,
            employment_rate=None if hidden else rate,
            has_conditions=at.has_conditions,
            workshops=counts.workshops,
            gardens=counts.gardens,
            markets=counts.markets,
            post_rule=rule,
            posts_filled=counts.posts_filled,
            posts_vacant=counts.posts_vacant,
            posts_shortfall=None
            if rule.required is None
            else max(0, rule.required - counts.posts_filled),
            job_fairs=counts.job_fairs,
            job_fairs_required=rules.JOB_FAIRS_PER_SITE,
            fair_postings=counts.fair_postings,
            postings_pushed=counts.postings_pushed,
            postings_required=rules.POSTINGS_PER_SITE,
            station_required=required,
            station_status=station_status(required, station),
            station=station,
        )
