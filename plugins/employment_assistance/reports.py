"""Root query fields that report against the plan's rules: what is missing, and where."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import BigInteger, ColumnElement, Select, case, cast, func, select

from core.sdk import (
    CITY_CODE,
    PERSONAL,
    PLAN_YEAR,
    After,
    Before,
    Connection,
    Cost,
    First,
    Household,
    Info,
    Last,
    Region,
    RegionByCodeLoader,
    bad_argument,
    household,
    in_subtree,
    paginate,
    region_argument,
)
from core.sdk import region as region_table
from plugins.employment_assistance import sql
from plugins.employment_assistance.models import FiveEventKind, five_event
from plugins.employment_assistance.rules import POSTS_PER_VILLAGE, STATED_POSTS


def report_region(info: Info, field: str, code: str | None) -> str:
    """The region a report is about: the one asked for (within scope) or the caller's own."""
    scope = info.context.scope
    if code is None:
        return scope.region or CITY_CODE
    canonical = region_argument(field, "region", code)
    if not scope.covers(canonical):
        raise bad_argument(field, "region", f"没有区划 {canonical}，或不在您的范围内")
    return canonical


def code_key(column: ColumnElement[Any]) -> ColumnElement[int]:
    """A region code as a number, so regions page by code like records page by id."""
    return cast(column, BigInteger)


@strawberry.type(
    name="VillagePostCoverage",
    description="一个贫困村在统计日的公益性岗位数与“每村不少于 5 个”的规则相比（三(一)5）。",
)
class VillagePostCoverage:
    """A poor village, its posts and the rule."""

    village_code: str = strawberry.field(description="贫困村 12 位区划代码。")
    posts: int = strawberry.field(description="统计日在岗的公益性岗位数，单位：个。")
    required: int = strawberry.field(description="规则要求的岗位数，单位：个（每村 5 个）。")

    @strawberry.field(description="还差几个岗位才达到规则，单位：个；已达到为 0。")
    def short_by(self) -> int:
        return max(0, self.required - self.posts)

    @strawberry.field(description="是否达到每村不少于 5 个。")
    def met(self) -> bool:
        return self.posts >= self.required

    @strawberry.field(description="贫困村。")
    async def village(self, info: Info) -> Region | None:
        return await info.context.loader(RegionByCodeLoader).load(self.village_code)


@strawberry.type(
    name="FiveEventKindCoverage",
    description="一种“五个一”活动在一个区划、一段期间内举办的情况。",
)
class FiveEventKindCoverage:
    """How often one kind of event was held."""

    kind: FiveEventKind = strawberry.field(description="活动种类。")
    events: int = strawberry.field(description="举办场次（不含撤销的），单位：场。")
    attendance: int = strawberry.field(description="参加人数合计，单位：人。")

    @strawberry.field(description="是否至少举办了一次（方案要求每种至少一次）。")
    def held(self) -> bool:
        return self.events > 0


RegionArg = Annotated[
    str | None,
    strawberry.argument(description="区划代码（市、县区、乡镇）；默认您权限范围的区划（全市）。"),
]
AsOf = Annotated[date | None, strawberry.argument(description="统计日，默认今天。")]


def poor_villages(region_code: str, as_of: date) -> Select[Any]:
    """Each poor village under the region with the posts it has on `as_of`."""
    return select(
        region_table.c.code.label("code"),
        sql.village_posts_on(region_table.c.code, as_of).scalar_subquery().label("posts"),
    ).where(
        region_table.c.level == "VILLAGE",
        region_table.c.poor_village.is_(True),
        in_subtree(region_table.c.code, region_code),
    )


@strawberry.type(
    name="VillagePostCoverageReport",
    description=(
        "贫困村公益性岗位与规则的对照（三(一)5）：每个未脱贫摘帽的贫困村不少于 5 个。"
        "规则合计（贫困村数 × 5，全市 171 × 5 = 855）与方案所写“约 830 个”并列显示。"
    ),
)
class VillagePostCoverageReport:
    """Posts in the poor villages of a region against the rule."""

    region_code: str = strawberry.field(description="区划代码。")
    as_of: date = strawberry.field(description="统计日。")
    poor_villages: int = strawberry.field(description="区划内未脱贫摘帽的贫困村数，单位：个。")
    posts: int = strawberry.field(description="这些村统计日在岗的公益性岗位数，单位：个。")
    posts_per_village: int = strawberry.field(description="规则：每村不少于几个岗位（5）。")
    rule_total: int = strawberry.field(
        description="按规则应开发的岗位数，单位：个：贫困村数 × 5（全市 171 × 5 = 855）。"
    )
    stated_total: int | None = strawberry.field(
        description="方案写明的数字，单位：个：全市“约 830 个”（与规则的 855 不一致，并列显示）；县区以下为空。"
    )
    short_villages: int = strawberry.field(description="岗位不足 5 个的贫困村数，单位：个。")
    shortfall: int = strawberry.field(
        description="各村差额之和，单位：个：每个不足 5 个的村还差几个，加起来。"
    )

    @strawberry.field(description="各贫困村的岗位数与规则（游标分页，按区划代码排序）。")
    async def villages(
        self,
        info: Info,
        only_short: Annotated[
            bool, strawberry.argument(description="只列岗位不足 5 个的村。")
        ] = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[VillagePostCoverage]:
        query = poor_villages(self.region_code, self.as_of)
        if only_short:
            query = query.where(
                sql.village_posts_on(region_table.c.code, self.as_of).scalar_subquery()
                < POSTS_PER_VILLAGE
            )
        return await paginate(
            info,
            "villagePostCoverage.villages",
            query,
            code_key(region_table.c.code),
            lambda row: VillagePostCoverage(
                village_code=row.code, posts=row.posts, required=POSTS_PER_VILLAGE
            ),
            row_key=lambda row: int(row.code),
            first=first,
            after=after,
            last=last,
            before=before,
        )


@strawberry.type
class AssistanceReportQuery:
    """Root query fields reporting against the plan's rules."""

    @strawberry.field(
        description="统计日没有在办扶贫车间的乡镇（三(一)4 要求覆盖所有乡镇），游标分页，按代码排序。"
    )
    async def townships_without_workshop(
        self,
        info: Info,
        region: RegionArg = None,
        as_of: AsOf = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Region]:
        code = report_region(info, "townshipsWithoutWorkshop", region)
        day = as_of or info.context.today
        query = select(region_table).where(
            region_table.c.level == "TOWNSHIP",
            in_subtree(region_table.c.code, code),
            ~sql.township_has_workshop(region_table.c.code, day),
        )
        return await paginate(
            info,
            "townshipsWithoutWorkshop",
            query,
            code_key(region_table.c.code),
            Region.from_row,
            row_key=lambda row: int(row.code),
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description=(
            "贫困村公益性岗位对照“每村不少于 5 个”：规则合计、方案所写约 830 个，以及不足的村。"
            "代价 20 点（汇总区划内全部贫困村）。"
        ),
        directives=[Cost(weight=20)],
    )
    async def village_post_coverage(
        self, info: Info, region: RegionArg = None, as_of: AsOf = None
    ) -> VillagePostCoverageReport:
        code = report_region(info, "villagePostCoverage", region)
        day = as_of or info.context.today
        villages = poor_villages(code, day).subquery()
        short = villages.c.posts < POSTS_PER_VILLAGE
        query = select(
            func.count(),
            func.coalesce(func.sum(villages.c.posts), 0),
            func.coalesce(func.sum(case((short, 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((short, POSTS_PER_VILLAGE - villages.c.posts), else_=0)), 0
            ),
        )
        async with info.context.db.connect() as conn:
            count, posts, short_count, shortfall = (await conn.execute(query)).one()
        return VillagePostCoverageReport(
            region_code=code,
            as_of=day,
            poor_villages=int(count),
            posts=int(posts),
            posts_per_village=POSTS_PER_VILLAGE,
            rule_total=int(count) * POSTS_PER_VILLAGE,
            stated_total=STATED_POSTS if code == CITY_CODE else None,
            short_villages=int(short_count),
            shortfall=int(shortfall),
        )

    @strawberry.field(
        description=(
            "有劳动能力、但统计日前两个月内（含当天和两个月前的同一天）没有收到岗位推送的建档立卡户"
            "（三(一)6 每两个月推送一次），游标分页，按登记先后排序。代价 20 点，另加每户所选字段的代价。"
        ),
        directives=[PERSONAL, Cost(weight=20)],
    )
    async def households_not_reached(
        self,
        info: Info,
        region: RegionArg = None,
        as_of: AsOf = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Household]:
        code = report_region(info, "householdsNotReached", region)
        day = as_of or info.context.today
        query = sql.households_not_reached(day, info.context.scope).where(
            in_subtree(household.c.village_code, code)
        )
        return await paginate(
            info,
            "householdsNotReached",
            query,
            household.c.id,
            Household.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description="“五个一”活动五种各举办了几场（不含撤销的），按种类顺序；默认 2019 年全年。"
    )
    async def five_event_coverage(
        self,
        info: Info,
        region: RegionArg = None,
        held_from: Annotated[
            date | None, strawberry.argument(description="举办日期不早于，默认 2019-01-01。")
        ] = None,
        held_to: Annotated[
            date | None, strawberry.argument(description="举办日期不晚于，默认 2019-12-31。")
        ] = None,
    ) -> list[FiveEventKindCoverage]:
        code = report_region(info, "fiveEventCoverage", region)
        query = (
            select(
                five_event.c.kind,
                func.count(),
                func.coalesce(func.sum(five_event.c.attendance), 0),
            )
            .where(
                five_event.c.cancelled.is_(False),
                in_subtree(five_event.c.region_code, code),
                info.context.scope.where(five_event.c.region_code),
                five_event.c.held_on >= (held_from or PLAN_YEAR.start),
                five_event.c.held_on <= (held_to or PLAN_YEAR.end),
            )
            .group_by(five_event.c.kind)
        )
        async with info.context.db.connect() as conn:
            found = {
                row[0]: (int(row[1]), int(row[2])) for row in (await conn.execute(query)).all()
            }
        return [
            FiveEventKindCoverage(
                kind=kind,
                events=found.get(kind.value, (0, 0))[0],
                attendance=found.get(kind.value, (0, 0))[1],
            )
            for kind in FiveEventKind
        ]
