"""Root query fields beside the kinds' own: per-site scorecards and relocated-flag mismatches."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select, and_, func, or_, select

from core.sdk import (
    PERSONAL,
    Connection,
    Household,
    Info,
    PageRequest,
    Role,
    Scope,
    count_rows,
    fetch_page,
    graphql_enum,
    household,
    in_subtree,
    make_connection,
    region_argument,
)
from plugins.relocation_sites import sql
from plugins.relocation_sites.enums import RelocationLinkIssueKind, SitePopulationBand
from plugins.relocation_sites.kinds import SITES, STATIONS, SiteRef
from plugins.relocation_sites.models import site, site_household
from plugins.relocation_sites.scorecard import HouseholdFigures, SiteFigures, SiteScorecard, figures
from plugins.relocation_sites.settings import RelocationSettings

graphql_enum(RelocationLinkIssueKind, "“是否易地扶贫搬迁户”标记与安置点分配不一致的情形。")

_BANDS = {
    SitePopulationBand.UP_TO_1000: (None, 1_000),
    SitePopulationBand.FROM_1001_TO_3000: (1_001, 3_000),
    SitePopulationBand.FROM_3001_TO_4999: (3_001, 4_999),
    SitePopulationBand.FROM_5000: (5_000, None),
}

_FIRST = strawberry.argument(description="取前 N 条（1 至最大页长，默认 20，最大 100）。")
_AFTER = strawberry.argument(description="从这个游标之后开始。")
_LAST = strawberry.argument(description="取后 N 条。")
_BEFORE = strawberry.argument(description="到这个游标之前为止。")


@strawberry.input(description="安置点成绩单的筛选条件；各条件同时满足。")
class SiteScorecardFilter:
    """Filters on the list of sites."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列出该区划（市、县区或乡镇）内的安置点。"
    )
    community_managed: bool | None = strawberry.field(
        default=None, description="是否已纳入社区（行政村）管理。"
    )
    has_conditions: bool | None = strawberry.field(
        default=None, description="是否具备建设微车间的条件。"
    )
    population_band: SitePopulationBand | None = strawberry.field(
        default=None, description="安置人口所在档次（三(五)2）。"
    )
    station_required: bool | None = strawberry.field(
        default=None, description="是否须建服务站（规模以上且未纳入社区管理）。"
    )


def site_query(
    filter: SiteScorecardFilter | None, *, field: str, scope: Scope, large: int
) -> Select[Any]:
    """SELECT of site rows in scope matching the filter (no order, no limit)."""
    query = sql.sites_in(scope)
    if filter is None:
        return query
    if filter.region is not None:
        code = region_argument(field, "filter.region", filter.region)
        query = query.where(in_subtree(site.c.township_code, code))
    if filter.community_managed is not None:
        query = query.where(site.c.community_managed.is_(filter.community_managed))
    if filter.has_conditions is not None:
        query = query.where(site.c.has_conditions.is_(filter.has_conditions))
    if filter.population_band is not None:
        low, high = _BANDS[filter.population_band]
        if low is not None:
            query = query.where(site.c.population >= low)
        if high is not None:
            query = query.where(site.c.population <= high)
    if filter.station_required is not None:
        required = and_(site.c.population >= large, site.c.community_managed.is_(False))
        query = query.where(required if filter.station_required else ~required)
    return query


@strawberry.type(description="一户的“是否易地扶贫搬迁户”标记与安置点分配不一致。")
class RelocationLinkIssue:
    """A household whose relocated flag and site disagree."""

    kinds: list[RelocationLinkIssueKind] = strawberry.field(description="不一致的情形（可多项）。")
    household: Household = strawberry.field(description="这一户。")
    site_id: strawberry.Private[int | None]

    @strawberry.field(description="分配到的安置点；未分配时为空。")
    async def site(self, info: Info) -> SiteRef | None:
        if self.site_id is None:
            return None
        return await info.context.loader(SITES.by_id).load(self.site_id)  # type: ignore[arg-type]


def link_issue_query(
    region: str | None, kinds: list[RelocationLinkIssueKind] | None, *, scope: Scope
) -> Select[Any]:
    """Households in scope whose relocated flag and site link disagree."""
    linked = site_household.c.site_id.is_not(None)
    conditions = {
        RelocationLinkIssueKind.FLAGGED_WITHOUT_SITE: and_(household.c.relocated, ~linked),
        RelocationLinkIssueKind.LINKED_NOT_FLAGGED: and_(~household.c.relocated, linked),
        RelocationLinkIssueKind.OTHER_COUNTY: and_(
            linked, site.c.county_code != func.substr(household.c.village_code, 1, 6)
        ),
    }
    wanted = kinds or list(RelocationLinkIssueKind)
    query = (
        select(
            household,
            site_household.c.site_id.label("linked_site_id"),
            site.c.county_code.label("site_county_code"),
        )
        .select_from(
            household.outerjoin(
                site_household, site_household.c.household_id == household.c.id
            ).outerjoin(site, site.c.id == site_household.c.site_id)
        )
        .where(scope.where(household.c.village_code), or_(*(conditions[k] for k in wanted)))
    )
    if region is not None:
        query = query.where(in_subtree(household.c.village_code, region))
    return query


def _issue(row: Any) -> RelocationLinkIssue:
    kinds = []
    if row.relocated and row.linked_site_id is None:
        kinds.append(RelocationLinkIssueKind.FLAGGED_WITHOUT_SITE)
    if not row.relocated and row.linked_site_id is not None:
        kinds.append(RelocationLinkIssueKind.LINKED_NOT_FLAGGED)
    if row.linked_site_id is not None and row.site_county_code != row.village_code[:6]:
        kinds.append(RelocationLinkIssueKind.OTHER_COUNTY)
    return RelocationLinkIssue(
        kinds=kinds, household=Household.from_row(row), site_id=row.linked_site_id
    )


@strawberry.type
class RelocationQuery:
    """Root query fields contributed by the relocation plugin."""

    @strawberry.field(
        description=(
            "按安置点的成绩单（每个安置点一行，游标分页，按登记先后排序）：三(五)各项要求逐点对照。"
            "指标按区划拆分到乡镇为止，按安置点看用这里。"
        )
    )
    async def site_scorecards(
        self,
        info: Info,
        filter: Annotated[
            SiteScorecardFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        as_of: Annotated[date | None, strawberry.argument(description="统计日，默认今天。")] = None,
        first: Annotated[int | None, _FIRST] = None,
        after: Annotated[str | None, _AFTER] = None,
        last: Annotated[int | None, _LAST] = None,
        before: Annotated[str | None, _BEFORE] = None,
    ) -> Connection[SiteScorecard]:
        from plugins.relocation_sites.types import RelocationSite

        ctx = info.context
        day = as_of or ctx.today
        large = ctx.plugins.settings_of(RelocationSettings).large_site_population
        query = site_query(filter, field="siteScorecards", scope=ctx.scope, large=large)
        request = PageRequest("siteScorecards", first, after, last, before)
        async with ctx.db.connect() as conn:
            page = await fetch_page(
                conn,
                query,
                site.c.id,
                request,
                default=ctx.settings.default_page_size,
                maximum=ctx.settings.max_page_size,
            )
            sites = [RelocationSite.from_row(row) for row in page.rows]  # type: ignore[attr-defined]
            people, counts = await figures(conn, [s.pk for s in sites], day, ctx.scope)
        stations = await ctx.loader(STATIONS.by_parent).load_many([s.pk for s in sites])  # type: ignore[arg-type]
        viewer = ctx.caller.role == Role.VIEWER

        async def count() -> int:
            async with ctx.db.connect() as conn:
                return await count_rows(conn, query)

        cards = [
            SiteScorecard.build(
                s,
                day,
                people.get(s.pk, HouseholdFigures()),
                counts.get(s.pk, SiteFigures()),
                station[0] if station else None,
                large,
                suppress_small=viewer,
            )
            for s, station in zip(sites, stations, strict=True)
        ]
        return make_connection(cards, [s.pk for s in sites], page, count)

    @strawberry.field(
        description=(
            "“是否易地扶贫搬迁户”标记与安置点分配不一致的户（游标分页，按户登记先后排序）："
            "标记为搬迁户却未分配安置点、已分配却未标记、所在村与安置点不在同一县区。"
        ),
        directives=[PERSONAL],
    )
    async def relocation_link_issues(
        self,
        info: Info,
        region: Annotated[
            str | None, strawberry.argument(description="区划代码：只查该区划内的户。")
        ] = None,
        kinds: Annotated[
            list[RelocationLinkIssueKind] | None,
            strawberry.argument(description="只查这些情形（默认全部）。"),
        ] = None,
        first: Annotated[int | None, _FIRST] = None,
        after: Annotated[str | None, _AFTER] = None,
        last: Annotated[int | None, _LAST] = None,
        before: Annotated[str | None, _BEFORE] = None,
    ) -> Connection[RelocationLinkIssue]:
        ctx = info.context
        code = None if region is None else region_argument("relocationLinkIssues", "region", region)
        query = link_issue_query(code, kinds, scope=ctx.scope)
        request = PageRequest("relocationLinkIssues", first, after, last, before)
        async with ctx.db.connect() as conn:
            page = await fetch_page(
                conn,
                query,
                household.c.id,
                request,
                default=ctx.settings.default_page_size,
                maximum=ctx.settings.max_page_size,
            )

        async def count() -> int:
            async with ctx.db.connect() as conn:
                return await count_rows(conn, query)

        issues = [_issue(row) for row in page.rows]
        return make_connection(issues, [i.household.pk for i in issues], page, count)
