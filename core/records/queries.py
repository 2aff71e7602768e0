"""Root query fields of the core records: regions, departments, households, persons."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select, exists, or_, select

from core.graphql.context import Info
from core.graphql.directives import PERSONAL
from core.graphql.errors import RequestError, bad_argument
from core.graphql.node import Node, names_a_record_type, resolve_global_id
from core.graphql.pagination import Connection, PageRequest, count_rows, fetch_page, make_connection
from core.graphql.selection import node_paths, selects
from core.records import sql, types
from core.records.loaders import RegionByCodeLoader, prefetch_employments, prefetch_members
from core.records.models import department, employment, household, person, region
from core.regions import RegionCodeError, canonical_code, in_subtree
from core.scope import Scope


def region_argument(field: str, argument: str, code: str) -> str:
    """Canonicalise a region code argument; a malformed code is a request error."""
    try:
        return canonical_code(code)
    except RegionCodeError as exc:
        raise bad_argument(field, argument, str(exc)) from None


def no_such_region(field: str, argument: str, code: str) -> RequestError:
    """The one error for a region argument the caller cannot use.

    A malformed code, a code not in the region list and a region outside the caller's scope
    all read the same, so the answer never tells a caller which regions exist beyond theirs.
    """
    shown = code.strip()[:24]
    return bad_argument(field, argument, f"没有区划 {shown}，或不在您的范围内")


async def region_in_scope(info: Info, field: str, argument: str, code: str) -> str:
    """Canonicalise a region code argument the caller may use: well formed, in the region
    list and within the caller's scope; anything else is the one `no_such_region` error."""
    try:
        canonical = canonical_code(code)
    except RegionCodeError:
        raise no_such_region(field, argument, code) from None
    if not info.context.scope.allows(canonical):
        raise no_such_region(field, argument, code)
    if await info.context.loader(RegionByCodeLoader).load(canonical) is None:
        raise no_such_region(field, argument, code)
    return canonical


@strawberry.input(description="建档立卡户列表的筛选条件；各条件同时满足。")
class HouseholdFilter:
    """Filters a county officer needs on the household list."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列出该区划及其下级的户（市、县区、乡镇或行政村）。"
    )
    relocated: bool | None = strawberry.field(default=None, description="是否易地扶贫搬迁户。")
    poverty_status: types.PovertyStatus | None = strawberry.field(
        default=None, description="脱贫状态。"
    )
    has_labour_capacity: bool | None = strawberry.field(
        default=None, description="是否有劳动能力（至少一名成员有劳动能力）。"
    )
    someone_employed: bool | None = strawberry.field(
        default=None,
        description="在 employedOn 当天是否有成员在岗；false 即“无人就业户”。",
    )
    employed_on: date | None = strawberry.field(
        default=None, description="判断是否在岗的日期，默认今天。"
    )


@strawberry.input(description="人员列表的筛选条件；各条件同时满足。")
class PersonFilter:
    """Filters on the list of household members."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列出该区划及其下级的户的成员。"
    )
    relation: types.Relation | None = strawberry.field(default=None, description="与户主关系。")
    labour_capacity: list[types.LabourCapacity] | None = strawberry.field(
        default=None, description="劳动能力（任一）。"
    )
    has_labour_capacity: bool | None = strawberry.field(
        default=None, description="是否有劳动能力。"
    )
    relocated: bool | None = strawberry.field(default=None, description="是否易地扶贫搬迁户成员。")
    employed: bool | None = strawberry.field(
        default=None, description="在 employedOn 当天是否在岗。"
    )
    employed_on: date | None = strawberry.field(
        default=None, description="判断是否在岗的日期，默认今天。"
    )
    work_place: list[types.WorkPlace] | None = strawberry.field(
        default=None, description="在 employedOn 当天的就业地点（任一），如广东省。"
    )
    work_form: list[types.WorkForm] | None = strawberry.field(
        default=None, description="在 employedOn 当天的就业形式（任一）。"
    )


async def filter_region(
    info: Info, field: str, filter: HouseholdFilter | PersonFilter | None
) -> str | None:
    """The filter's region as a canonical code the caller may use, if one is given."""
    if filter is None or filter.region is None:
        return None
    return await region_in_scope(info, field, "filter.region", filter.region)


def household_query(
    filter: HouseholdFilter | None, *, region: str | None, today: date, scope: Scope
) -> Select[Any]:
    """SELECT of household rows in scope matching the filter (no order, no limit); `region` is
    the filter's region, already checked (`filter_region`)."""
    query = sql.households_in(scope)
    if filter is None:
        return query
    if region is not None:
        query = query.where(in_subtree(household.c.village_code, region))
    if filter.relocated is not None:
        query = query.where(household.c.relocated.is_(filter.relocated))
    if filter.poverty_status is not None:
        query = query.where(household.c.poverty_status == filter.poverty_status.value)
    if filter.has_labour_capacity is not None:
        has = sql.household_has_labour()
        query = query.where(has if filter.has_labour_capacity else ~has)
    if filter.someone_employed is not None:
        working = sql.household_employed_on(filter.employed_on or today)
        query = query.where(working if filter.someone_employed else ~working)
    return query


def person_query(
    filter: PersonFilter | None, *, region: str | None, today: date, scope: Scope
) -> Select[Any]:
    """SELECT of person rows in scope matching the filter (no order, no limit); `region` is
    the filter's region, already checked (`filter_region`)."""
    query = sql.persons_in(scope)
    if filter is None:
        return query
    day = filter.employed_on or today
    needs_household = region is not None or filter.relocated is not None
    if needs_household and scope.unrestricted:
        query = query.join(household, household.c.id == person.c.household_id)
    if region is not None:
        query = query.where(in_subtree(household.c.village_code, region))
    if filter.relocated is not None:
        query = query.where(household.c.relocated.is_(filter.relocated))
    if filter.relation is not None:
        query = query.where(person.c.relation == filter.relation.value)
    if filter.labour_capacity:
        query = query.where(person.c.labour_capacity.in_([c.value for c in filter.labour_capacity]))
    if filter.has_labour_capacity is not None:
        can = sql.person_can_work()
        query = query.where(can if filter.has_labour_capacity else ~can)
    if filter.employed is not None:
        working = sql.person_employed_on(day)
        query = query.where(working if filter.employed else ~working)
    if filter.work_place or filter.work_form:
        job = select(1).where(employment.c.person_id == person.c.id, sql.employment_active_on(day))
        if filter.work_place:
            job = job.where(employment.c.place.in_([p.value for p in filter.work_place]))
        if filter.work_form:
            job = job.where(employment.c.form.in_([f.value for f in filter.work_form]))
        query = query.where(exists(job))
    return query


@strawberry.type
class CoreQuery:
    """Root query fields contributed by the core."""

    @strawberry.field(
        description=(
            "按区划代码查一个区划；6、9、12 位写法均可。"
            "代码有误、不在区划名单中或不在您的范围内时报 BAD_ARGUMENT。"
        )
    )
    async def region(
        self, info: Info, code: Annotated[str, strawberry.argument(description="区划代码。")]
    ) -> types.Region | None:
        # The region list is public reference data (its lists of records are scoped); a code
        # that names no region is null, one that is not a region code at all an error.
        return await info.context.loader(RegionByCodeLoader).load(
            region_argument("region", "code", code)
        )

    @strawberry.field(
        description=(
            "区划列表，按代码排序。不给 parent 和 under 时列出顶层（市级）；"
            "parent 列出直属下级；under 列出整个下级子树。"
        )
    )
    async def regions(
        self,
        info: Info,
        parent: Annotated[
            str | None, strawberry.argument(description="直属上级的区划代码。")
        ] = None,
        under: Annotated[
            str | None, strawberry.argument(description="列出该区划下的全部下级（不含其本身）。")
        ] = None,
        level: Annotated[
            types.RegionLevel | None, strawberry.argument(description="层级。")
        ] = None,
        poor_village: Annotated[
            bool | None,
            strawberry.argument(description="只列未脱贫摘帽的贫困村（true）或非贫困村（false）。"),
        ] = None,
        key_poor_township: Annotated[
            bool | None,
            strawberry.argument(description="只列重点贫困乡镇（true）或其他乡镇（false）。"),
        ] = None,
    ) -> list[types.Region]:
        query = select(region).order_by(region.c.code)
        if parent is not None:
            query = query.where(
                region.c.parent_code == await region_in_scope(info, "regions", "parent", parent)
            )
        if under is not None:
            code = await region_in_scope(info, "regions", "under", under)
            query = query.where(in_subtree(region.c.code, code), region.c.code != code)
        if parent is None and under is None and level is None:
            query = query.where(region.c.parent_code.is_(None))
        if level is not None:
            query = query.where(region.c.level == level.value)
        if poor_village is not None:
            query = query.where(region.c.poor_village.is_(poor_village))
        if key_poor_township is not None:
            query = query.where(region.c.key_poor_township.is_(key_poor_township))
        async with info.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [types.Region.from_row(row) for row in rows]

    @strawberry.field(description="全部责任单位，按代码排序。")
    async def departments(self, info: Info) -> list[types.Department]:
        async with info.context.db.connect() as conn:
            rows = (await conn.execute(select(department).order_by(department.c.code))).all()
        return [types.Department.from_row(row) for row in rows]

    @strawberry.field(description="按简码或中文全称查一个责任单位；找不到时为空。")
    async def department(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="单位简码或中文全称。")],
    ) -> types.Department | None:
        key = code.strip()
        query = select(department).where(
            or_(department.c.code == key.upper(), department.c.name == key)
        )
        async with info.context.db.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else types.Department.from_row(row)

    @strawberry.field(
        description="建档立卡户列表（游标分页，按登记先后排序）。", directives=[PERSONAL]
    )
    async def households(
        self,
        info: Info,
        filter: Annotated[
            HouseholdFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(description="取前 N 条（1 至最大页长，默认 20，最大 100）。"),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
        last: Annotated[int | None, strawberry.argument(description="取后 N 条。")] = None,
        before: Annotated[
            str | None, strawberry.argument(description="到这个游标之前为止。")
        ] = None,
    ) -> Connection[types.Household]:
        ctx = info.context
        region = await filter_region(info, "households", filter)
        query = household_query(filter, region=region, today=ctx.today, scope=ctx.scope)
        request = PageRequest("households", first, after, last, before)
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

        nodes = [types.Household.from_row(row) for row in page.rows]
        if selects(info, *node_paths("members")):
            with_jobs = selects(info, *node_paths("members", "employments"))
            await prefetch_members(ctx, nodes, with_employments=with_jobs)
        return make_connection(nodes, [n.pk for n in nodes], page, count)

    @strawberry.field(description="按户编号查一户；找不到时为空。", directives=[PERSONAL])
    async def household(
        self,
        info: Info,
        registry_number: Annotated[str, strawberry.argument(description="户编号。")],
    ) -> types.Household | None:
        query = sql.households_in(info.context.scope).where(
            household.c.registry_number == registry_number.strip()
        )
        async with info.context.db.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else types.Household.from_row(row)

    @strawberry.field(
        description="家庭成员列表（游标分页，按登记先后排序）。", directives=[PERSONAL]
    )
    async def persons(
        self,
        info: Info,
        filter: Annotated[
            PersonFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(description="取前 N 条（1 至最大页长，默认 20，最大 100）。"),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
        last: Annotated[int | None, strawberry.argument(description="取后 N 条。")] = None,
        before: Annotated[
            str | None, strawberry.argument(description="到这个游标之前为止。")
        ] = None,
    ) -> Connection[types.Person]:
        ctx = info.context
        region = await filter_region(info, "persons", filter)
        query = person_query(filter, region=region, today=ctx.today, scope=ctx.scope)
        request = PageRequest("persons", first, after, last, before)
        async with ctx.db.connect() as conn:
            page = await fetch_page(
                conn,
                query,
                person.c.id,
                request,
                default=ctx.settings.default_page_size,
                maximum=ctx.settings.max_page_size,
            )

        async def count() -> int:
            async with ctx.db.connect() as conn:
                return await count_rows(conn, query)

        nodes = [types.Person.from_row(row) for row in page.rows]
        if selects(info, *node_paths("employments")):
            await prefetch_employments(ctx, nodes)
        return make_connection(nodes, [n.pk for n in nodes], page, count)

    @strawberry.field(
        description="按身份证号查一个人（末位 x 大小写均可）；找不到时为空。", directives=[PERSONAL]
    )
    async def person_by_id_number(
        self,
        info: Info,
        id_number: Annotated[str, strawberry.argument(description="18 位居民身份证号。")],
    ) -> types.Person | None:
        query = sql.persons_in(info.context.scope).where(person.c.id_number_hash == id_number)
        async with info.context.db.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else types.Person.from_row(row)

    @strawberry.field(
        description=(
            "按全局标识取回任一记录（Relay 规范）；找不到时为空。"
            "不是本平台发出的标识（解不开、键过长或超出 64 位整数、不是记录类型）时报 BAD_ARGUMENT。"
        ),
        directives=[PERSONAL],
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="记录的全局标识。")],
    ) -> Node | None:
        if not names_a_record_type(info, id):
            raise bad_argument("node", "id", f"“{id[:40]}”不是本平台发出的记录标识")
        return await resolve_global_id(info, id)
