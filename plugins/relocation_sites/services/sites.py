"""Sites, the households living at them, and the posts an administrator sets for a site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    EVERYWHERE,
    ErrorCode,
    Problem,
    Problems,
    RegionCodeError,
    Role,
    Scope,
    audit,
    canonical_code,
    household,
    households_in,
    raise_if,
    region,
    utcnow,
)
from plugins.relocation_sites import rules, validation
from plugins.relocation_sites.models import site, site_household
from plugins.relocation_sites.services.common import (
    UNSET,
    check_version,
    collect,
    created,
    site_row,
    versioned_update,
)

POPULATION_RANGE = (1, 100_000)
ADMIN_POSTS_RANGE = (1, 100)


@dataclass
class SiteData:
    """A site as entered."""

    name: str
    township_code: str
    population: int
    community_managed: bool
    has_conditions: bool = True


@dataclass
class SiteChanges:
    """Fields of a site an update sets; UNSET leaves one alone."""

    name: Any = UNSET
    township_code: Any = UNSET
    population: Any = UNSET
    community_managed: Any = UNSET
    has_conditions: Any = UNSET


async def _township(
    conn: AsyncConnection, code: str, *, scope: Scope, field: str = "township_code"
) -> str | Problem:
    try:
        canonical = canonical_code(code)
    except RegionCodeError as exc:
        return Problem(field, ErrorCode.INVALID, str(exc), code)
    row = (await conn.execute(select(region.c.level).where(region.c.code == canonical))).first()
    if row is None or not scope.allows(canonical):
        return Problem(field, ErrorCode.NOT_FOUND, f"区划代码 {canonical} 不在区划名单中", code)
    if row.level != "TOWNSHIP":
        return Problem(
            field, ErrorCode.INVALID, f"区划 {canonical} 不是乡镇；安置点登记在所在乡镇", code
        )
    return canonical


def _population(value: object) -> int | Problem:
    low, high = POPULATION_RANGE
    return validation.check_count(
        value, field="population", label="安置人口", low=low, high=high, unit="人"
    )


async def _name_taken(
    conn: AsyncConnection, county: str, name: str, *, other_than: int | None = None
) -> Problem | None:
    query = select(site.c.id).where(site.c.county_code == county, site.c.name == name)
    if other_than is not None:
        query = query.where(site.c.id != other_than)
    if (await conn.execute(query)).first() is None:
        return None
    return Problem("name", ErrorCode.DUPLICATE, f"本县区已有名为“{name}”的安置点", name)


async def create_site(conn: AsyncConnection, data: SiteData, *, scope: Scope = EVERYWHERE) -> int:
    """Register a site; return its id."""
    problems: list[Problem] = []
    values: dict[str, Any] = {
        "community_managed": bool(data.community_managed),
        "has_conditions": bool(data.has_conditions),
    }
    collect(
        problems,
        values,
        "name",
        validation.check_text(data.name, field="name", label="安置点名称", max_length=64),
    )
    collect(
        problems, values, "township_code", await _township(conn, data.township_code, scope=scope)
    )
    collect(problems, values, "population", _population(data.population))
    if "name" in values and "township_code" in values:
        taken = await _name_taken(conn, values["township_code"][:6], values["name"])
        if taken is not None:
            problems.append(taken)
    raise_if(problems)
    now = utcnow()
    new_id = (
        await conn.execute(
            insert(site)
            .values(
                **values,
                county_code=values["township_code"][:6],
                version=1,
                created_at=now,
                updated_at=now,
            )
            .returning(site.c.id)
        )
    ).scalar_one()
    await created(conn, "createRelocationSite", site, new_id, values)
    return int(new_id)


async def _households_at(conn: AsyncConnection, site_id: int) -> int:
    query = (
        select(func.count()).select_from(site_household).where(site_household.c.site_id == site_id)
    )
    return int((await conn.execute(query)).scalar_one())


async def update_site(
    conn: AsyncConnection,
    site_id: int,
    changes: SiteChanges,
    *,
    expected_version: int | None,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change a site's name, township, population or flags; return its id."""
    row = await site_row(conn, site_id, field="id", scope=scope)
    check_version(row.version, expected_version)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    if changes.name is not UNSET:
        collect(
            problems,
            values,
            "name",
            validation.check_text(changes.name, field="name", label="安置点名称", max_length=64),
        )
    if changes.township_code is not UNSET:
        township = await _township(conn, changes.township_code, scope=scope)
        if isinstance(township, str) and township[:6] != row.county_code:
            linked = await _households_at(conn, site_id)
            if linked:
                township = Problem(
                    "township_code",
                    ErrorCode.RULE_VIOLATED,
                    f"本安置点已分配 {linked} 户本县区的搬迁户，不能迁到其他县区；请先调整这些户",
                    changes.township_code,
                )
        collect(problems, values, "township_code", township)
        if isinstance(township, str):
            values["county_code"] = township[:6]
    if changes.population is not UNSET:
        collect(problems, values, "population", _population(changes.population))
    for flag in ("community_managed", "has_conditions"):
        if getattr(changes, flag) is not UNSET:
            values[flag] = bool(getattr(changes, flag))
    name = values.get("name", row.name)
    county = values.get("county_code", row.county_code)
    if "name" in values or "county_code" in values:
        taken = await _name_taken(conn, county, name, other_than=row.id)
        if taken is not None:
            problems.append(taken)
    raise_if(problems)
    if values:
        await versioned_update(conn, site, row, values, action="updateRelocationSite")
    return int(row.id)


async def set_post_requirement(
    conn: AsyncConnection,
    site_id: int,
    value: int | None,
    basis: str | None,
    *,
    expected_version: int | None,
    role: str,
    scope: Scope = EVERYWHERE,
) -> int:
    """Set (or clear, with None) the posts a site in the plan's no-rule band needs."""
    row = await site_row(conn, site_id, scope=scope)
    if role != Role.ADMIN:
        raise Problems.one(
            "site_id",
            ErrorCode.FORBIDDEN,
            "方案未规定的安置点岗位数只能由管理员设定",
            site_id,
        )
    check_version(row.version, expected_version)
    found = rules.post_requirement(row.population)
    if found.required is not None:
        raise Problems.one(
            "value",
            ErrorCode.RULE_VIOLATED,
            f"方案已规定本安置点（{row.population:,} 人）安排 {found.required} 个公益性岗位，"
            "只有 3001–4999 人的安置点需要管理员设定",
            value,
        )
    values: dict[str, Any] = {"post_requirement": None, "post_requirement_basis": None}
    if value is not None:
        problems: list[Problem] = []
        low, high = ADMIN_POSTS_RANGE
        collect(
            problems,
            values,
            "post_requirement",
            validation.check_count(
                value, field="value", label="岗位数", low=low, high=high, unit="个"
            ),
        )
        collect(
            problems,
            values,
            "post_requirement_basis",
            validation.check_text(basis, field="basis", label="设定依据", max_length=200),
        )
        raise_if(problems)
    await versioned_update(conn, site, row, values, action="setSitePostRequirement")
    return int(row.id)


async def _household(conn: AsyncConnection, registry_number: str, *, scope: Scope) -> Any:
    key = registry_number.strip()
    query = households_in(scope).where(household.c.registry_number == key)
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one(
            "registry_number", ErrorCode.NOT_FOUND, f"找不到户编号为 {key} 的户", registry_number
        )
    return row


async def assign_household(
    conn: AsyncConnection, registry_number: str, site_id: int, *, scope: Scope = EVERYWHERE
) -> int:
    """Record that a relocated household lives at a site (moving it from any other); return
    the household's id.

    The core's relocated flag and the site must agree, so a household not flagged relocated
    is refused rather than flagged here: the flag belongs to the 两清 ledger.
    """
    home = await _household(conn, registry_number, scope=scope)
    target = await site_row(conn, site_id, scope=scope)
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
    before = (
        await conn.execute(
            select(site_household.c.site_id).where(site_household.c.household_id == home.id)
        )
    ).scalar_one_or_none()
    await conn.execute(delete(site_household).where(site_household.c.household_id == home.id))
    await conn.execute(
        insert(site_household).values(household_id=home.id, site_id=target.id, created_at=utcnow())
    )
    await audit.log(
        conn,
        "assignHouseholdToSite",
        site_household.name,
        home.id,
        before=None if before is None else {"site_id": before},
        after={"site_id": target.id},
    )
    return int(home.id)


async def remove_household(
    conn: AsyncConnection, registry_number: str, *, scope: Scope = EVERYWHERE
) -> int:
    """Record that a household no longer lives at any site; return its id."""
    home = await _household(conn, registry_number, scope=scope)
    before = (
        await conn.execute(
            select(site_household.c.site_id).where(site_household.c.household_id == home.id)
        )
    ).scalar_one_or_none()
    removed = await conn.execute(
        delete(site_household).where(site_household.c.household_id == home.id)
    )
    if removed.rowcount != 1:
        raise Problems.one(
            "registry_number",
            ErrorCode.NOT_FOUND,
            f"户 {home.registry_number} 没有分配到任何安置点",
            registry_number,
        )
    await audit.log(
        conn, "removeHouseholdFromSite", site_household.name, home.id, before={"site_id": before}
    )
    return int(home.id)
