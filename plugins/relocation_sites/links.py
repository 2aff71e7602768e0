"""The two links no record kind declares: which site a household lives at, and which
facility a relocated labourer's spell of work is at. Both point at the core's records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    PERSONAL,
    Employment,
    ErrorCode,
    Household,
    Info,
    Loader,
    Problem,
    Problems,
    RecordError,
    Scope,
    TypeExtension,
    audit,
    decode_id,
    employment,
    employments_in,
    household,
    households_in,
    person,
    raise_if,
    utcnow,
    write,
)
from plugins.relocation_sites.kinds import FACILITIES, SITES, SiteRef
from plugins.relocation_sites.models import facility_employment, site, site_household

if TYPE_CHECKING:
    SiteFacility = Any
FacilityRef = Annotated["SiteFacility", strawberry.lazy("plugins.relocation_sites.types")]


class SiteHouseholdsBySiteLoader(Loader[int, list[Household]]):
    """Households living at each site, by site id, in registration order."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Household]]:
        scope = self.context.scope
        query = (
            select(site_household.c.site_id, household)
            .join(household, household.c.id == site_household.c.household_id)
            .join(site, site.c.id == site_household.c.site_id)
            .where(site_household.c.site_id.in_(keys), scope.where(site.c.township_code))
            .where(scope.where(household.c.village_code))
            .order_by(household.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = [(row.site_id, Household.from_row(row)) for row in rows]
        return [[h for k, h in pairs if k == key] for key in keys]


class SiteIdByHouseholdLoader(Loader[int, int | None]):
    """The site a household lives at, by household id."""

    async def fetch(self, keys: list[int]) -> Sequence[int | None]:
        query = select(site_household).where(site_household.c.household_id.in_(keys))
        async with self.context.db.connect() as conn:
            found = {r.household_id: r.site_id for r in (await conn.execute(query)).all()}
        return [found.get(key) for key in keys]


class FacilityEmploymentsByFacilityLoader(Loader[int, list[Employment]]):
    """Employment records linked to each facility, by facility id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Employment]]:
        query = (
            employments_in(self.context.scope)
            .add_columns(facility_employment.c.facility_id)
            .join(facility_employment, facility_employment.c.employment_id == employment.c.id)
            .where(facility_employment.c.facility_id.in_(keys))
            .order_by(employment.c.start_date, employment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = [(row.facility_id, Employment.from_row(row)) for row in rows]
        return [[e for k, e in pairs if k == key] for key in keys]


@strawberry.type
class HouseholdRelocationSite:
    """Household.relocationSite."""

    @strawberry.field(
        description="所在的易地扶贫搬迁安置点；未分配（或不在权限范围内）时为空。应与 relocated 标记一致。"
    )
    async def relocation_site(self, info: Info) -> SiteRef | None:
        owner: Any = self
        key = await info.context.loader(SiteIdByHouseholdLoader).load(owner.pk)
        if key is None:
            return None
        return await info.context.loader(SITES.by_id).load(key)  # type: ignore[arg-type]


# -- writes -------------------------------------------------------------------------------------


async def _household(conn: AsyncConnection, registry_number: str, scope: Scope) -> Any:
    key = registry_number.strip()
    row = (
        await conn.execute(households_in(scope).where(household.c.registry_number == key))
    ).first()
    if row is None:
        raise Problems.one(
            "registry_number", ErrorCode.NOT_FOUND, f"找不到户编号为 {key} 的户", registry_number
        )
    return row


async def _site_of(conn: AsyncConnection, household_id: int) -> int | None:
    query = select(site_household.c.site_id).where(site_household.c.household_id == household_id)
    found: int | None = (await conn.execute(query)).scalar_one_or_none()
    return found


async def assign_household(
    conn: AsyncConnection, registry_number: str, site_id: int, scope: Scope
) -> int:
    """Record that a relocated household lives at a site of its county (moving it from any
    other); return the household's id. The relocated flag belongs to the 两清 ledger, so a
    household not flagged is refused rather than flagged here."""
    home = await _household(conn, registry_number, scope)
    target = await SITES.get(conn, site_id, scope)
    if target is None:
        raise Problems.one("site_id", ErrorCode.NOT_FOUND, "找不到这个安置点", site_id)
    problems = []
    if not home.relocated:
        problems.append(
            Problem(
                "registry_number",
                ErrorCode.RULE_VIOLATED,
                f"户 {home.registry_number} 未标记为易地扶贫搬迁户，不能分配到安置点；"
                "请先核实并在户信息中把“是否易地扶贫搬迁”改为“是”",
                registry_number,
            )
        )
    if home.village_code[:6] != target.county_code:
        problems.append(
            Problem(
                "site_id",
                ErrorCode.RULE_VIOLATED,
                f"户 {home.registry_number} 所在村与安置点“{target.name}”不在同一县区，"
                "搬迁户只能分配到本县区的安置点",
                site_id,
            )
        )
    raise_if(problems)
    before = await _site_of(conn, home.id)
    await conn.execute(delete(site_household).where(site_household.c.household_id == home.id))
    await conn.execute(
        insert(site_household).values(household_id=home.id, site_id=target.id, created_at=utcnow())
    )
    after = {"site_id": target.id}
    await audit.log(
        conn,
        "assignHouseholdToSite",
        site_household.name,
        home.id,
        before=None if before is None else {"site_id": before},
        after=after,
    )
    return int(home.id)


async def remove_household(conn: AsyncConnection, registry_number: str, scope: Scope) -> int:
    """Record that a household no longer lives at any site; return its id."""
    home = await _household(conn, registry_number, scope)
    before = await _site_of(conn, home.id)
    if before is None:
        raise Problems.one(
            "registry_number",
            ErrorCode.NOT_FOUND,
            f"户 {home.registry_number} 没有分配到任何安置点",
            registry_number,
        )
    await conn.execute(delete(site_household).where(site_household.c.household_id == home.id))
    await audit.log(
        conn, "removeHouseholdFromSite", site_household.name, home.id, before={"site_id": before}
    )
    return int(home.id)


async def add_worker(
    conn: AsyncConnection, facility_id: int, employment_id: int, scope: Scope
) -> int:
    """Record that a relocated labourer's spell of work is at a facility; return the facility id."""
    at = await FACILITIES.get(conn, facility_id, scope)
    if at is None:
        raise Problems.one("facility_id", ErrorCode.NOT_FOUND, "找不到这个三微平台", facility_id)
    query = (
        select(employment, household.c.relocated, household.c.registry_number)
        .select_from(
            employment.join(person, person.c.id == employment.c.person_id).join(
                household, household.c.id == person.c.household_id
            )
        )
        .where(employment.c.id == employment_id, scope.where(household.c.village_code))
    )
    job = (await conn.execute(query)).first()
    if job is None:
        raise Problems.one(
            "employment_id", ErrorCode.NOT_FOUND, "找不到这条就业记录", employment_id
        )
    problems = []
    if not job.relocated:
        problems.append(
            Problem(
                "employment_id",
                ErrorCode.RULE_VIOLATED,
                f"就业者所在的户 {job.registry_number} 不是易地扶贫搬迁户；三微平台登记的是搬迁户劳动力",
                employment_id,
            )
        )
    if job.end_date is not None and job.end_date < at.opened_on:
        problems.append(
            Problem(
                "employment_id",
                ErrorCode.RULE_VIOLATED,
                f"这段就业在 {job.end_date.isoformat()} 已结束，早于该平台建成（{at.opened_on.isoformat()}）",
                employment_id,
            )
        )
    linked = (
        await conn.execute(
            select(facility_employment.c.facility_id).where(
                facility_employment.c.employment_id == employment_id
            )
        )
    ).first()
    if linked is not None:
        where = "本平台" if linked.facility_id == at.id else "另一个三微平台"
        problems.append(
            Problem(
                "employment_id",
                ErrorCode.DUPLICATE,
                f"这段就业已登记在{where}；一段就业只属于一个平台",
                employment_id,
            )
        )
    raise_if(problems)
    await conn.execute(
        insert(facility_employment).values(
            employment_id=employment_id, facility_id=at.id, created_at=utcnow()
        )
    )
    await audit.log(
        conn,
        "addSiteFacilityWorker",
        facility_employment.name,
        employment_id,
        after={"facility_id": at.id},
    )
    return int(at.id)


async def remove_worker(
    conn: AsyncConnection, facility_id: int, employment_id: int, scope: Scope
) -> int:
    """Undo `add_worker`; return the facility id."""
    at = await FACILITIES.get(conn, facility_id, scope)
    if at is None:
        raise Problems.one("facility_id", ErrorCode.NOT_FOUND, "找不到这个三微平台", facility_id)
    visible = employments_in(scope).with_only_columns(employment.c.id)
    removed = await conn.execute(
        delete(facility_employment).where(
            facility_employment.c.facility_id == at.id,
            facility_employment.c.employment_id == employment_id,
            facility_employment.c.employment_id.in_(
                visible.where(employment.c.id == employment_id)
            ),
        )
    )
    if removed.rowcount != 1:
        raise Problems.one(
            "employment_id", ErrorCode.NOT_FOUND, "这段就业没有登记在这个平台", employment_id
        )
    await audit.log(
        conn,
        "removeSiteFacilityWorker",
        facility_employment.name,
        employment_id,
        before={"facility_id": at.id},
    )
    return int(at.id)


# -- the API of the links -----------------------------------------------------------------------


@strawberry.type(description="户的安置点分配已保存。")
class SiteHouseholdSuccess:
    """A household and the site it now lives at."""

    household: Household = strawberry.field(description="这一户。", directives=[PERSONAL])
    site: SiteRef | None = strawberry.field(description="现在所在的安置点；取消分配后为空。")


@strawberry.type(description="三微平台的就业登记已保存。")
class SiteFacilityWorkersSuccess:
    """A facility with its workers as they now are."""

    facility: FacilityRef = strawberry.field(description="这个平台。")


SiteHouseholdResult = Annotated[
    SiteHouseholdSuccess | RecordError,
    strawberry.union("SiteHouseholdResult", description="户的安置点分配变更的结果。"),
]
SiteFacilityWorkersResult = Annotated[
    SiteFacilityWorkersSuccess | RecordError,
    strawberry.union("SiteFacilityWorkersResult", description="三微平台就业登记变更的结果。"),
]


@strawberry.input(description="把一户分配到一个安置点。")
class SiteHouseholdAssignInput:
    """A household and a site."""

    registry_number: str = strawberry.field(description="户编号。")
    site_id: strawberry.ID = strawberry.field(description="安置点的全局标识（RelocationSite.id）。")


@strawberry.input(description="取消一户的安置点分配。")
class SiteHouseholdRemoveInput:
    """A household."""

    registry_number: str = strawberry.field(description="户编号。")


@strawberry.input(description="一个三微平台和一条就业记录。")
class SiteFacilityWorkerInput:
    """A facility and an employment record."""

    facility_id: strawberry.ID = strawberry.field(description="平台的全局标识（SiteFacility.id）。")
    employment_id: strawberry.ID = strawberry.field(
        description="就业记录的全局标识（Employment.id）；就业者须是易地扶贫搬迁户成员。"
    )


def _invalid(field: str, what: str) -> RecordError:
    return RecordError.from_problems([Problem(field, ErrorCode.INVALID, f"这不是{what}的标识")])


async def _household_result(info: Info, key: int | RecordError) -> Any:
    if isinstance(key, RecordError):
        return key
    async with info.context.db.connect() as conn:
        row = (await conn.execute(select(household).where(household.c.id == key))).one()
    site_id = await info.context.loader(SiteIdByHouseholdLoader).load(key)
    found = None if site_id is None else await info.context.loader(SITES.by_id).load(site_id)  # type: ignore[arg-type]
    return SiteHouseholdSuccess(household=Household.from_row(row), site=found)


async def _workers(info: Info, input: SiteFacilityWorkerInput, work: Any) -> Any:
    facility_id = decode_id(input.facility_id, "SiteFacility")
    employment_id = decode_id(input.employment_id, "Employment")
    if facility_id is None:
        return _invalid("facility_id", "三微平台")
    if employment_id is None:
        return _invalid("employment_id", "就业记录")
    scope = info.context.scope
    done = await write(info, lambda conn: work(conn, facility_id, employment_id, scope))
    if isinstance(done, RecordError):
        return done
    found = await info.context.loader(FACILITIES.by_id).load(done)  # type: ignore[arg-type]
    return SiteFacilityWorkersSuccess(facility=found)


_INPUT = strawberry.argument(description="变更内容。")


@strawberry.type
class LinkMutation:
    """Households at sites, labourers at facilities."""

    @strawberry.mutation(
        description="把一户易地扶贫搬迁户分配到本县区的安置点；未标记为搬迁户的户会被拒绝。"
    )
    async def assign_household_to_site(
        self, info: Info, input: Annotated[SiteHouseholdAssignInput, _INPUT]
    ) -> SiteHouseholdResult:
        site_id = decode_id(input.site_id, "RelocationSite")
        if site_id is None:
            return _invalid("site_id", "安置点")
        scope = info.context.scope
        key = await write(
            info, lambda conn: assign_household(conn, input.registry_number, site_id, scope)
        )
        return await _household_result(info, key)  # type: ignore[no-any-return]

    @strawberry.mutation(description="取消一户的安置点分配。")
    async def remove_household_from_site(
        self, info: Info, input: Annotated[SiteHouseholdRemoveInput, _INPUT]
    ) -> SiteHouseholdResult:
        scope = info.context.scope
        key = await write(info, lambda conn: remove_household(conn, input.registry_number, scope))
        return await _household_result(info, key)  # type: ignore[no-any-return]

    @strawberry.mutation(description="登记一名搬迁户劳动力在三微平台就业（关联其就业记录）。")
    async def add_site_facility_worker(
        self, info: Info, input: Annotated[SiteFacilityWorkerInput, _INPUT]
    ) -> SiteFacilityWorkersResult:
        return await _workers(info, input, add_worker)  # type: ignore[no-any-return]

    @strawberry.mutation(description="撤销一条三微平台就业登记（就业记录本身不动）。")
    async def remove_site_facility_worker(
        self, info: Info, input: Annotated[SiteFacilityWorkerInput, _INPUT]
    ) -> SiteFacilityWorkersResult:
        return await _workers(info, input, remove_worker)  # type: ignore[no-any-return]


LOADERS = [SiteHouseholdsBySiteLoader, SiteIdByHouseholdLoader, FacilityEmploymentsByFacilityLoader]
EXTENSIONS = [TypeExtension(Household, HouseholdRelocationSite)]
