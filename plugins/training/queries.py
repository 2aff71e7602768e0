"""Root query fields of the training plugin: classes, enrolments and the compliance grid."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select, and_, select

from core.sdk import (
    CITY_CODE,
    PERSONAL,
    Connection,
    Info,
    PageRequest,
    RegionCodeError,
    Scope,
    bad_argument,
    canonical_code,
    count_rows,
    fetch_page,
    from_global_id,
    household,
    in_subtree,
    make_connection,
    person,
)
from core.sdk import region as region_table
from plugins.training import sql, types
from plugins.training.compliance import COUNTY_LEVELS, QUALIFYING_TRAINEES, leader_grid
from plugins.training.enums import TrainingKind, TrainingOrganiserKind
from plugins.training.models import enrolment, training_class

PLAN_YEAR = 2019


def _region(field: str, argument: str, code: str) -> str:
    try:
        return canonical_code(code)
    except RegionCodeError as exc:
        raise bad_argument(field, argument, str(exc)) from None


def _pk(field: str, argument: str, global_id: str, type_name: str) -> int:
    parsed = from_global_id(global_id)
    if parsed is None or parsed[0] != type_name or not parsed[1].isdigit():
        raise bad_argument(field, argument, f"'{global_id}' is not a {type_name} id")
    return int(parsed[1])


@strawberry.input(description="培训班列表的筛选条件；各条件同时满足。")
class TrainingClassFilter:
    """Filters on the list of classes."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列出记在该区划（市或县区）名下的培训班。"
    )
    kind: TrainingKind | None = strawberry.field(default=None, description="培训类别。")
    organiser_kind: TrainingOrganiserKind | None = strawberry.field(
        default=None, description="承办单位类别。"
    )
    start_from: date | None = strawberry.field(
        default=None, description="开班日期不早于这一天（含）。"
    )
    start_to: date | None = strawberry.field(
        default=None, description="开班日期不晚于这一天（含）。"
    )
    qualifying: bool | None = strawberry.field(
        default=None,
        description=f"true：只列计入考核的务工带头人班（不少于 {QUALIFYING_TRAINEES} 人）；false：只列其余的班。",
    )


@strawberry.input(description="学员列表的筛选条件；各条件同时满足。")
class EnrolmentFilter:
    """Filters on the list of enrolments."""

    training_class: strawberry.ID | None = strawberry.field(
        default=None, description="培训班的全局标识（TrainingClass.id）。"
    )
    region: str | None = strawberry.field(
        default=None, description="区划代码：只列出户籍在该区划及其下级的学员。"
    )
    kind: TrainingKind | None = strawberry.field(default=None, description="培训类别。")
    completed: bool | None = strawberry.field(default=None, description="是否已结业。")
    completed_from: date | None = strawberry.field(
        default=None, description="结业日期不早于这一天（含）。"
    )
    completed_to: date | None = strawberry.field(
        default=None, description="结业日期不晚于这一天（含）。"
    )
    id_number: str | None = strawberry.field(default=None, description="学员的身份证号。")


def class_query(filter: TrainingClassFilter | None, *, scope: Scope) -> Select[Any]:
    """SELECT of class rows in scope matching the filter (no order, no limit)."""
    query = sql.classes_in(scope)
    if filter is None:
        return query
    if filter.region is not None:
        code = _region("trainingClasses", "filter.region", filter.region)
        query = query.where(in_subtree(training_class.c.county_code, code))
    if filter.kind is not None:
        query = query.where(training_class.c.kind == filter.kind.value)
    if filter.organiser_kind is not None:
        query = query.where(training_class.c.organiser_kind == filter.organiser_kind.value)
    if filter.start_from is not None:
        query = query.where(training_class.c.start_date >= filter.start_from)
    if filter.start_to is not None:
        query = query.where(training_class.c.start_date <= filter.start_to)
    if filter.qualifying is not None:
        qualifies = and_(
            training_class.c.kind == TrainingKind.LEADER.value,
            sql.class_size() >= QUALIFYING_TRAINEES,
        )
        query = query.where(qualifies if filter.qualifying else ~qualifies)
    return query


def enrolment_query(filter: EnrolmentFilter | None, *, scope: Scope) -> Select[Any]:
    """SELECT of enrolment rows in scope matching the filter (no order, no limit)."""
    needs_home = filter is not None and (filter.region is not None or filter.id_number is not None)
    query = sql.enrolments_in(scope, home=needs_home)
    if filter is None:
        return query
    if filter.training_class is not None:
        pk = _pk("enrolments", "filter.trainingClass", filter.training_class, "TrainingClass")
        query = query.where(enrolment.c.class_id == pk)
    if filter.region is not None:
        code = _region("enrolments", "filter.region", filter.region)
        query = query.where(in_subtree(household.c.village_code, code))
    if filter.id_number is not None:
        query = query.where(person.c.id_number_hash == filter.id_number)
    if filter.kind is not None:
        query = query.where(training_class.c.kind == filter.kind.value)
    if filter.completed is not None:
        done = enrolment.c.completed_on.is_not(None)
        query = query.where(done if filter.completed else ~done)
    if filter.completed_from is not None:
        query = query.where(enrolment.c.completed_on >= filter.completed_from)
    if filter.completed_to is not None:
        query = query.where(enrolment.c.completed_on <= filter.completed_to)
    return query


First = Annotated[
    int | None, strawberry.argument(description="取前 N 条（1 至最大页长，默认 20，最大 100）。")
]
After = Annotated[str | None, strawberry.argument(description="从这个游标之后开始。")]
Last = Annotated[int | None, strawberry.argument(description="取后 N 条。")]
Before = Annotated[str | None, strawberry.argument(description="到这个游标之前为止。")]


@strawberry.type
class TrainingQuery:
    """Root query fields contributed by the training plugin."""

    @strawberry.field(description="培训班列表（游标分页，按登记先后排序）。")
    async def training_classes(
        self,
        info: Info,
        filter: Annotated[
            TrainingClassFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[types.TrainingClass]:
        ctx = info.context
        query = class_query(filter, scope=ctx.scope)
        request = PageRequest("trainingClasses", first, after, last, before)
        async with ctx.db.connect() as conn:
            page = await fetch_page(
                conn,
                query,
                training_class.c.id,
                request,
                default=ctx.settings.default_page_size,
                maximum=ctx.settings.max_page_size,
            )

        async def count() -> int:
            async with ctx.db.connect() as conn:
                return await count_rows(conn, query)

        nodes = [types.TrainingClass.from_row(row) for row in page.rows]
        return make_connection(nodes, [n.pk for n in nodes], page, count)

    @strawberry.field(description="按全局标识查一个培训班；找不到或不在权限范围内时为空。")
    async def training_class(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="培训班的全局标识（TrainingClass.id）。")
        ],
    ) -> types.TrainingClass | None:
        from plugins.training.loaders import TrainingClassByIdLoader

        pk = _pk("trainingClass", "id", id, "TrainingClass")
        return await info.context.loader(TrainingClassByIdLoader).load(pk)

    @strawberry.field(
        description="学员（参训记录）列表（游标分页，按登记先后排序）。", directives=[PERSONAL]
    )
    async def enrolments(
        self,
        info: Info,
        filter: Annotated[
            EnrolmentFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[types.Enrolment]:
        ctx = info.context
        query = enrolment_query(filter, scope=ctx.scope)
        request = PageRequest("enrolments", first, after, last, before)
        async with ctx.db.connect() as conn:
            page = await fetch_page(
                conn,
                query,
                enrolment.c.id,
                request,
                default=ctx.settings.default_page_size,
                maximum=ctx.settings.max_page_size,
            )

        async def count() -> int:
            async with ctx.db.connect() as conn:
                return await count_rows(conn, query)

        nodes = [types.Enrolment.from_row(row) for row in page.rows]
        return make_connection(nodes, [n.pk for n in nodes], page, count)

    @strawberry.field(
        description=(
            "务工带头人培训考核表（三(二)2）：每个县区一行，四个季度与全年的开班期数、达标期数、"
            "学员人数与考核状态。按开班日期归入季度；只计统计日及以前开班的培训班。"
        )
    )
    async def leader_class_compliance(
        self,
        info: Info,
        year: Annotated[
            int, strawberry.argument(description="年份（2000–2100），默认 2019。")
        ] = PLAN_YEAR,
        as_of: Annotated[date | None, strawberry.argument(description="统计日，默认今天。")] = None,
        region: Annotated[
            str,
            strawberry.argument(
                description="区划代码：市（列出全部县区）或一个县区；只列出您权限范围内的县区。"
            ),
        ] = CITY_CODE,
    ) -> list[types.LeaderClassCompliance]:
        ctx = info.context
        if not 2000 <= year <= 2100:
            raise bad_argument(
                "leaderClassCompliance", "year", f"must be between 2000 and 2100 (got {year})"
            )
        code = _region("leaderClassCompliance", "region", region)
        query = (
            select(region_table.c.code, region_table.c.urban_district)
            .where(
                region_table.c.level.in_(COUNTY_LEVELS),
                in_subtree(region_table.c.code, code),
                ctx.scope.where(region_table.c.code),
            )
            .order_by(region_table.c.code)
        )
        async with ctx.db.connect() as conn:
            regions = [(row.code, bool(row.urban_district)) for row in (await conn.execute(query))]
            found = await leader_grid(conn, regions, year, as_of or ctx.today)
        return [types.LeaderClassCompliance.of(row) for row in found]
