"""What no declaration says: the link tables. A workshop counts the employment records (form
扶贫车间) of its poor labourers; a push reached households, listed by 户编号 (the push's
`households` count follows the links)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import strawberry
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    Column,
    Employment,
    ErrorCode,
    Household,
    Info,
    Loader,
    Problem,
    Problems,
    RecordError,
    Scope,
    SheetLinks,
    WorkForm,
    WriteContext,
    audit,
    decode_id,
    digits_text,
    employment,
    employments_in,
    household,
    households_in,
    in_subtree,
    many_per_key,
    parse_yes_no,
    raise_if,
    subtree_prefix,
    utcnow,
    write,
)
from plugins.employment_assistance.models import job_push, job_push_household, workshop_worker

SHOWN = 10
"""How many offending registry numbers a message names before it says "and N more"."""


class EmploymentsByWorkshopLoader(Loader[int, list[Employment]]):
    """Employment records of each workshop's poor labourers, by workshop id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Employment]]:
        query = (
            employments_in(self.context.scope)
            .add_columns(workshop_worker.c.workshop_id)
            .join(workshop_worker, workshop_worker.c.employment_id == employment.c.id)
            .where(workshop_worker.c.workshop_id.in_(keys))
            .order_by(employment.c.start_date, employment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = many_per_key(keys, rows, lambda row: row.workshop_id)
        return [[Employment.from_row(row) for row in group] for group in pairs]


class HouseholdsByJobPushLoader(Loader[int, list[Household]]):
    """The households each push reached (those in the caller's scope), by push id."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Household]]:
        query = (
            households_in(self.context.scope)
            .add_columns(job_push_household.c.push_id)
            .join(job_push_household, job_push_household.c.household_id == household.c.id)
            .where(job_push_household.c.push_id.in_(keys))
            .order_by(household.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = many_per_key(keys, rows, lambda row: row.push_id)
        return [[Household.from_row(row) for row in group] for group in pairs]


def reached_count() -> Any:
    """Scalar subquery: how many households the (outer) push is linked to."""
    links = job_push_household.c
    return select(func.count()).where(links.push_id == job_push.c.id).scalar_subquery()


@strawberry.input(description="扶贫车间与一条就业记录。")
class PovertyWorkshopWorkerInput:
    workshop_id: strawberry.ID = strawberry.field(description="扶贫车间（PovertyWorkshop.id）。")
    employment_id: strawberry.ID = strawberry.field(description="就业记录（Employment.id）。")


@strawberry.input(description="一次推送送达的户：列出户编号，或选送达区划内每一户。")
class JobPushHouseholdsInput:
    id: strawberry.ID = strawberry.field(description="岗位推送（JobPush.id）。")
    households: list[str] = strawberry.field(
        default_factory=list, description="送达的户编号；替换您权限范围内原来登记的。"
    )
    every_household: bool = strawberry.field(
        default=False, description="送达推送区划内（您权限范围内的）每一户。"
    )


@strawberry.type(description="链接已保存。")
class LinksSaved:
    id: strawberry.ID = strawberry.field(description="保存的扶贫车间或岗位推送的标识。")
    count: int = strawberry.field(description="保存后链接的就业记录数或送达户数。")


LinksResult = Annotated[
    LinksSaved | RecordError,
    strawberry.union("LinksResult", description="链接保存后的结果，或全部问题。"),
]


def _key(global_id: str, type_name: str, field: str, what: str) -> int:
    key = decode_id(global_id, type_name)
    if key is None:
        raise Problems.one(field, ErrorCode.INVALID, f"这不是{what}的标识（{type_name}.id）")
    return key


async def _workshop(conn: AsyncConnection, info: Info, global_id: str) -> int:
    from plugins.employment_assistance.kinds import WORKSHOPS

    key = _key(global_id, "PovertyWorkshop", "workshop_id", "扶贫车间")
    if await WORKSHOPS.get(conn, key, info.context.scope) is None:
        raise Problems.one("workshop_id", ErrorCode.NOT_FOUND, "找不到这个扶贫车间")
    return key


async def _count(conn: AsyncConnection, column: Any, key: int) -> int:
    return int((await conn.execute(select(func.count()).where(column == key))).scalar_one())


async def add_worker(
    conn: AsyncConnection, info: Info, data: PovertyWorkshopWorkerInput
) -> LinksSaved:
    """Link a poor labourer's employment record (form 扶贫车间) to a workshop."""
    shop = await _workshop(conn, info, data.workshop_id)
    job_key = _key(data.employment_id, "Employment", "employment_id", "就业记录")
    query = employments_in(info.context.scope).where(employment.c.id == job_key)
    job = (await conn.execute(query)).first()
    if job is None:
        raise Problems.one("employment_id", ErrorCode.NOT_FOUND, "找不到这条就业记录")
    problems = []
    if job.form != WorkForm.WORKSHOP.value:
        problems.append(
            Problem(
                "employment_id",
                ErrorCode.RULE_VIOLATED,
                f"这条就业记录的就业形式是“{WorkForm(job.form).label}”，"
                "只有就业形式为“扶贫车间”的记录才能计入车间",
            )
        )
    links = workshop_worker.c
    linked = (
        await conn.execute(select(links.workshop_id).where(links.employment_id == job_key))
    ).first()
    if linked is not None:
        where = "本车间" if linked.workshop_id == shop else "另一个扶贫车间"
        problems.append(Problem("employment_id", ErrorCode.DUPLICATE, f"这条就业记录已计入{where}"))
    raise_if(problems)
    link = {"workshop_id": shop, "employment_id": job_key}
    new = await conn.execute(
        insert(workshop_worker).values(**link, created_at=utcnow()).returning(links.id)
    )
    await audit.log(
        conn, "addPovertyWorkshopWorker", workshop_worker.name, new.scalar_one(), after=link
    )
    return LinksSaved(id=data.workshop_id, count=await _count(conn, links.workshop_id, shop))


async def remove_worker(
    conn: AsyncConnection, info: Info, data: PovertyWorkshopWorkerInput
) -> LinksSaved:
    """Unlink an employment record from a workshop (the record itself stays)."""
    shop = await _workshop(conn, info, data.workshop_id)
    job_key = _key(data.employment_id, "Employment", "employment_id", "就业记录")
    links = workshop_worker.c
    removed = (
        await conn.execute(
            delete(workshop_worker)
            .where(links.workshop_id == shop, links.employment_id == job_key)
            .returning(links.id)
        )
    ).first()
    if removed is None:
        raise Problems.one("employment_id", ErrorCode.NOT_FOUND, "这条就业记录没有计入本车间")
    before = {"workshop_id": shop, "employment_id": job_key}
    await audit.log(
        conn, "removePovertyWorkshopWorker", workshop_worker.name, removed.id, before=before
    )
    return LinksSaved(id=data.workshop_id, count=await _count(conn, links.workshop_id, shop))


def _listed(numbers: Sequence[str]) -> str:
    shown = "、".join(numbers[:SHOWN])
    return shown if len(numbers) <= SHOWN else f"{shown} 等 {len(numbers)} 户"


async def relink(
    ctx: WriteContext, push: Any, numbers: Sequence[str], every: bool, field: str
) -> int:
    """Replace the households (in the writer's scope) a push reached, all inside its region;
    the push's count becomes how many it is linked to."""
    if push.cancelled:
        raise Problems.one("id", ErrorCode.CONFLICT, "这条岗位推送记录已撤销，不能再改")
    visible = households_in(ctx.scope).with_only_columns(
        household.c.id, household.c.registry_number, household.c.village_code
    )
    wanted = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    if every and wanted:
        raise Problems.one(field, ErrorCode.INVALID, "已选“送达区划内每一户”，就不要再列户编号")
    if every:
        query = visible.where(in_subtree(household.c.village_code, push.region_code))
    else:
        query = visible.where(household.c.registry_number.in_(wanted))
    found = {row.registry_number: row for row in await ctx.conn.execute(query)}
    problems = []
    missing = [n for n in wanted if n not in found]
    if missing:
        problems.append(
            Problem(field, ErrorCode.NOT_FOUND, f"找不到这些户编号：{_listed(missing)}")
        )
    prefix = subtree_prefix(push.region_code)
    outside = [n for n, row in found.items() if not row.village_code.startswith(prefix)]
    if outside:
        where = f"这些户不在推送的区划 {push.region_code} 内：{_listed(outside)}"
        problems.append(Problem(field, ErrorCode.INVALID, where))
    raise_if(problems)
    links, conn, key = job_push_household.c, ctx.conn, push.id
    mine = links.household_id.in_(visible.with_only_columns(household.c.id))
    before = (
        await conn.execute(
            delete(job_push_household)
            .where(links.push_id == key, mine)
            .returning(links.household_id)
        )
    ).scalars()
    households = sorted(row.id for row in found.values())
    if households:
        rows = [{"push_id": key, "household_id": h} for h in households]
        await conn.execute(insert(job_push_household), rows)
    count = await _count(conn, links.push_id, key)
    await conn.execute(
        update(job_push)
        .where(job_push.c.id == key)
        .values(households=count, version=push.version + 1, updated_at=utcnow())
    )
    await audit.log(
        conn, "reachJobPushHouseholds", "JobPush", key,
        before={"household_ids": sorted(before)}, after={"household_ids": households},
    )  # fmt: skip
    return count


def _context(conn: AsyncConnection, info: Info) -> WriteContext:
    c = info.context
    return WriteContext(conn=conn, today=c.today, scope=c.scope, caller=c.caller)


async def reach(conn: AsyncConnection, info: Info, data: JobPushHouseholdsInput) -> LinksSaved:
    """The households a push reached, as a mutation gives them."""
    from plugins.employment_assistance.kinds import PUSHES

    push = await PUSHES.get(conn, _key(data.id, "JobPush", "id", "岗位推送"), info.context.scope)
    if push is None:
        raise Problems.one("id", ErrorCode.NOT_FOUND, "找不到这条岗位推送记录")
    ctx = _context(conn, info)
    count = await relink(ctx, push, data.households, data.every_household, "households")
    return LinksSaved(id=data.id, count=count)


_SEPARATORS = re.compile(r"[、,，;；\s]+")


async def reached_cells(ctx: WriteContext, key: int, cells: Mapping[str, object]) -> bool:
    """A ledger row's 送达户编号 (separated by 、 , ; or spaces) or 送达区划内每一户: blank
    leaves the links alone; the same households as held change nothing."""
    raw, every = (
        cells.get("reached"),
        parse_yes_no(
            cells.get("every_household"), field="every_household", label="送达区划内每一户"
        ),
    )
    if isinstance(every, Problem):
        raise Problems([every])
    numbers = [n for n in _SEPARATORS.split(str(raw or "").strip()) if n]
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        numbers = [digits_text(raw, field="reached", what="户编号") or ""]
    if not numbers and not every:
        return False
    push = (await ctx.conn.execute(select(job_push).where(job_push.c.id == key))).one()
    held = await _numbers(ctx.conn, [key], ctx.scope)
    visible = households_in(ctx.scope).with_only_columns(household.c.registry_number)
    wanted = set(numbers)
    if every:
        region = in_subtree(household.c.village_code, push.region_code)
        wanted = set((await ctx.conn.execute(visible.where(region))).scalars())
    if wanted == set(held.get(key, [])):
        return False
    await relink(ctx, push, numbers, bool(every), "reached")
    return True


async def _numbers(
    conn: AsyncConnection, keys: Sequence[int], scope: Scope
) -> dict[int, list[str]]:
    query = (
        households_in(scope)
        .with_only_columns(job_push_household.c.push_id, household.c.registry_number)
        .join(job_push_household, job_push_household.c.household_id == household.c.id)
        .where(job_push_household.c.push_id.in_(keys))
        .order_by(job_push_household.c.push_id, household.c.id)
    )
    found: dict[int, list[str]] = {}
    for row in await conn.execute(query):
        found.setdefault(row.push_id, []).append(row.registry_number)
    return found


async def reached_export(
    conn: AsyncConnection, keys: Sequence[int], scope: Scope
) -> dict[int, list[object]]:
    """Each push's 送达户编号, as a ledger lists them."""
    return {
        key: ["、".join(numbers), None]
        for key, numbers in (await _numbers(conn, keys, scope)).items()
    }


REACHED = SheetLinks(
    columns=(
        Column("送达户编号", "reached", variants=("户编号", "送达户", "送达的户")),
        Column(
            "送达区划内每一户",
            "every_household",
            variants=("是否送达每一户", "送达每一户", "全部送达"),
        ),
    ),
    write=reached_cells,
    read=reached_export,
    after=("ledger",),
)


@strawberry.type
class LinkMutation:
    @strawberry.mutation(description="把一条就业形式为“扶贫车间”的就业记录计入扶贫车间。")
    async def add_poverty_workshop_worker(
        self,
        info: Info,
        input: Annotated[
            PovertyWorkshopWorkerInput, strawberry.argument(description="车间与就业记录。")
        ],
    ) -> LinksResult:
        return await write(info, lambda conn: add_worker(conn, info, input))

    @strawberry.mutation(description="把一条就业记录移出扶贫车间（就业记录本身保留）。")
    async def remove_poverty_workshop_worker(
        self,
        info: Info,
        input: Annotated[
            PovertyWorkshopWorkerInput, strawberry.argument(description="车间与就业记录。")
        ],
    ) -> LinksResult:
        return await write(info, lambda conn: remove_worker(conn, info, input))

    @strawberry.mutation(
        description="登记一次推送送达的户（替换您权限范围内原来登记的）；覆盖户数随之更新。"
    )
    async def reach_job_push_households(
        self,
        info: Info,
        input: Annotated[
            JobPushHouseholdsInput, strawberry.argument(description="推送与送达的户。")
        ],
    ) -> LinksResult:
        return await write(info, lambda conn: reach(conn, info, input))


LOADERS = [EmploymentsByWorkshopLoader, HouseholdsByJobPushLoader]
