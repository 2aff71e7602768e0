"""Root query fields of the plugin: loans, enterprises and incubation bases, with filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.engine import Row

from core.sdk import (
    PERSONAL,
    Connection,
    Info,
    PageRequest,
    Scope,
    bad_argument,
    count_rows,
    fetch_page,
    from_global_id,
    in_subtree,
    make_connection,
    person,
    region_argument,
)
from plugins.entrepreneurship import sql, types
from plugins.entrepreneurship.models import enterprise, incubation_base, loan

N = TypeVar("N")
FIRST = "取前 N 条（1 至最大页长，默认 20，最大 100）。"


@strawberry.input(description="贷款列表的筛选条件；各条件同时满足。")
class LoanFilter:
    """Filters on the loan list."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列借款人所在户在该区划及其下级的贷款。"
    )
    programmes: list[types.LoanProgramme] | None = strawberry.field(
        default=None, description="贷款类别（任一）。"
    )
    statuses: list[types.LoanStatus] | None = strawberry.field(
        default=None, description="贷款状态（任一）。"
    )
    issued_from: date | None = strawberry.field(default=None, description="发放日期不早于（含）。")
    issued_to: date | None = strawberry.field(default=None, description="发放日期不晚于（含）。")
    borrower_id_number: str | None = strawberry.field(
        default=None, description="只列这个借款人（身份证号）的贷款。"
    )


@strawberry.input(description="创业实体列表的筛选条件；各条件同时满足。")
class EnterpriseFilter:
    """Filters on the enterprise list."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列所在地在该区划及其下级的实体。"
    )
    kinds: list[types.EnterpriseKind] | None = strawberry.field(
        default=None, description="类别（任一）。"
    )
    established_from: date | None = strawberry.field(
        default=None, description="成立日期不早于（含）。"
    )
    established_to: date | None = strawberry.field(
        default=None, description="成立日期不晚于（含）。"
    )
    incubation_base_id: strawberry.ID | None = strawberry.field(
        default=None, description="只列入驻这个孵化基地（IncubationBase.id）的实体。"
    )


@strawberry.input(description="孵化基地列表的筛选条件；各条件同时满足。")
class IncubationBaseFilter:
    """Filters on the incubation base list."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列在该区划及其下级的基地。"
    )
    areas: list[types.IncubationBaseArea] | None = strawberry.field(
        default=None, description="所在地区（任一）。"
    )
    statuses: list[types.IncubationBaseStatus] | None = strawberry.field(
        default=None, description="进展（任一）。"
    )
    named_in_plan: bool | None = strawberry.field(
        default=None, description="是否在行动方案点名的四个地区。"
    )


def _dates(
    column: ColumnElement[Any], start: date | None, end: date | None, *, field: str, names: str
) -> list[ColumnElement[bool]]:
    if start is not None and end is not None and start > end:
        raise bad_argument(field, names, f"{start.isoformat()} 晚于 {end.isoformat()}")
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def loan_query(filter: LoanFilter | None, *, scope: Scope) -> Select[Any]:
    """SELECT of loan rows in scope matching the filter (no order, no limit)."""
    if filter is None:
        return sql.loans_in(scope)
    query = (
        sql.loans_under(scope, region_argument("loans", "filter.region", filter.region))
        if filter.region is not None
        else sql.loans_in(scope)
    )
    if filter.programmes:
        query = query.where(loan.c.programme.in_([p.value for p in filter.programmes]))
    if filter.statuses:
        query = query.where(loan.c.status.in_([s.value for s in filter.statuses]))
    if filter.borrower_id_number is not None:
        number = filter.borrower_id_number.strip().upper()
        holder = person.alias("holder")
        query = query.where(
            loan.c.borrower_id.in_(select(holder.c.id).where(holder.c.id_number_hash == number))
        )
    dates = _dates(
        loan.c.issued_on,
        filter.issued_from,
        filter.issued_to,
        field="loans",
        names="filter.issuedFrom",
    )
    return query.where(*dates)


def enterprise_query(filter: EnterpriseFilter | None, *, scope: Scope) -> Select[Any]:
    """SELECT of enterprise rows in scope matching the filter (no order, no limit)."""
    query = sql.enterprises_in(scope)
    if filter is None:
        return query
    if filter.region is not None:
        code = region_argument("enterprises", "filter.region", filter.region)
        query = query.where(in_subtree(enterprise.c.region_code, code))
    if filter.kinds:
        query = query.where(enterprise.c.kind.in_([k.value for k in filter.kinds]))
    if filter.incubation_base_id is not None:
        parsed = from_global_id(str(filter.incubation_base_id))
        if parsed is None or parsed[0] != "IncubationBase" or not parsed[1].isdigit():
            raise bad_argument("enterprises", "filter.incubationBaseId", "not an IncubationBase id")
        query = query.where(enterprise.c.incubation_base_id == int(parsed[1]))
    dates = _dates(
        enterprise.c.established_on,
        filter.established_from,
        filter.established_to,
        field="enterprises",
        names="filter.establishedFrom",
    )
    return query.where(*dates)


def base_query(filter: IncubationBaseFilter | None, *, scope: Scope) -> Select[Any]:
    """SELECT of incubation base rows in scope matching the filter (no order, no limit)."""
    query = sql.bases_in(scope)
    if filter is None:
        return query
    if filter.region is not None:
        code = region_argument("incubationBases", "filter.region", filter.region)
        query = query.where(in_subtree(incubation_base.c.region_code, code))
    if filter.areas:
        query = query.where(incubation_base.c.area.in_([a.value for a in filter.areas]))
    if filter.statuses:
        query = query.where(incubation_base.c.status.in_([s.value for s in filter.statuses]))
    if filter.named_in_plan is not None:
        other = incubation_base.c.area == types.IncubationBaseArea.OTHER.value
        query = query.where(~other if filter.named_in_plan else other)
    return query


async def page_of(
    info: Info,
    query: Select[Any],
    key: ColumnElement[int],
    request: PageRequest,
    mapper: Callable[[Row[Any]], N],
) -> Connection[N]:
    """One page of `query` ordered by `key`, as a connection with a lazy total count."""
    ctx = info.context
    async with ctx.db.connect() as conn:
        page = await fetch_page(
            conn,
            query,
            key,
            request,
            default=ctx.settings.default_page_size,
            maximum=ctx.settings.max_page_size,
        )

    async def count() -> int:
        async with ctx.db.connect() as conn:
            return await count_rows(conn, query)

    nodes = [mapper(row) for row in page.rows]
    return make_connection(nodes, [row.id for row in page.rows], page, count)


def _one_key(field: str, id: strawberry.ID | None, natural: str | None, natural_name: str) -> None:
    if (id is None) == (natural is None):
        raise bad_argument(field, "id", f"give either 'id' or '{natural_name}', exactly one")


def _pk(id: strawberry.ID, type_name: str) -> int | None:
    parsed = from_global_id(str(id))
    if parsed is None or parsed[0] != type_name or not parsed[1].isdigit():
        return None
    return int(parsed[1])


@strawberry.type
class EntrepreneurshipQuery:
    """Root query fields contributed by the entrepreneurship plugin."""

    @strawberry.field(
        description="创业担保贷款列表（游标分页，按登记先后排序）。", directives=[PERSONAL]
    )
    async def loans(
        self,
        info: Info,
        filter: Annotated[LoanFilter | None, strawberry.argument(description="筛选条件。")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
        last: Annotated[int | None, strawberry.argument(description="取后 N 条。")] = None,
        before: Annotated[
            str | None, strawberry.argument(description="到这个游标之前为止。")
        ] = None,
    ) -> Connection[types.Loan]:
        query = loan_query(filter, scope=info.context.scope)
        request = PageRequest("loans", first, after, last, before)
        return await page_of(info, query, loan.c.id, request, types.Loan.from_row)

    @strawberry.field(
        description="按全局标识或借款合同编号查一笔贷款（二者给一个）；找不到时为空。",
        directives=[PERSONAL],
    )
    async def loan(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="Loan.id。")] = None,
        contract_number: Annotated[
            str | None, strawberry.argument(description="借款合同编号。")
        ] = None,
    ) -> types.Loan | None:
        _one_key("loan", id, contract_number, "contractNumber")
        query = sql.loans_in(info.context.scope)
        if id is not None:
            pk = _pk(id, "Loan")
            if pk is None:
                return None
            query = query.where(loan.c.id == pk)
        else:
            query = query.where(loan.c.contract_number == (contract_number or "").strip())
        async with info.context.db.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else types.Loan.from_row(row)

    @strawberry.field(
        description="创业实体列表（游标分页，按登记先后排序）。", directives=[PERSONAL]
    )
    async def enterprises(
        self,
        info: Info,
        filter: Annotated[
            EnterpriseFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
        last: Annotated[int | None, strawberry.argument(description="取后 N 条。")] = None,
        before: Annotated[
            str | None, strawberry.argument(description="到这个游标之前为止。")
        ] = None,
    ) -> Connection[types.Enterprise]:
        query = enterprise_query(filter, scope=info.context.scope)
        request = PageRequest("enterprises", first, after, last, before)
        return await page_of(info, query, enterprise.c.id, request, types.Enterprise.from_row)

    @strawberry.field(
        description="按全局标识或工商登记号查一个创业实体（二者给一个）；找不到时为空。",
        directives=[PERSONAL],
    )
    async def enterprise(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Enterprise.id。")
        ] = None,
        registration_number: Annotated[
            str | None, strawberry.argument(description="工商登记号。")
        ] = None,
    ) -> types.Enterprise | None:
        _one_key("enterprise", id, registration_number, "registrationNumber")
        query = sql.enterprises_in(info.context.scope)
        if id is not None:
            pk = _pk(id, "Enterprise")
            if pk is None:
                return None
            query = query.where(enterprise.c.id == pk)
        else:
            number = (registration_number or "").strip().upper()
            query = query.where(enterprise.c.registration_number == number)
        async with info.context.db.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else types.Enterprise.from_row(row)

    @strawberry.field(description="创业孵化基地和农民工创业园列表（游标分页，按登记先后排序）。")
    async def incubation_bases(
        self,
        info: Info,
        filter: Annotated[
            IncubationBaseFilter | None, strawberry.argument(description="筛选条件。")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[
            str | None, strawberry.argument(description="从这个游标之后开始。")
        ] = None,
        last: Annotated[int | None, strawberry.argument(description="取后 N 条。")] = None,
        before: Annotated[
            str | None, strawberry.argument(description="到这个游标之前为止。")
        ] = None,
    ) -> Connection[types.IncubationBase]:
        query = base_query(filter, scope=info.context.scope)
        request = PageRequest("incubationBases", first, after, last, before)
        return await page_of(
            info, query, incubation_base.c.id, request, types.IncubationBase.from_row
        )
