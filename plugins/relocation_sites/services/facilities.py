"""The "三微" platforms (微车间, 微田园, 微市场) and the relocated labourers working there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    EVERYWHERE,
    ErrorCode,
    Problem,
    Problems,
    Scope,
    audit,
    employment,
    employments_in,
    household,
    person,
    raise_if,
    utcnow,
)
from plugins.relocation_sites import validation
from plugins.relocation_sites.enums import SiteFacilityKind
from plugins.relocation_sites.models import facility, facility_employment
from plugins.relocation_sites.services.common import (
    UNSET,
    check_version,
    child_row,
    collect,
    created,
    site_row,
    versioned_update,
)

JOBS_RANGE = (0, 10_000)


@dataclass
class FacilityData:
    """A facility as entered; `distance` in metres (0 at the site)."""

    site_id: int
    kind: SiteFacilityKind
    name: str
    operator: str
    opened_on: date
    distance: int = 0
    business_registration: str | None = None
    jobs: int = 0
    closed_on: date | None = None


@dataclass
class FacilityChanges:
    """Fields of a facility an update sets; UNSET leaves one alone."""

    name: Any = UNSET
    operator: Any = UNSET
    distance: Any = UNSET
    business_registration: Any = UNSET
    jobs: Any = UNSET
    closed_on: Any = UNSET


def _check_fields(
    changes: FacilityData | FacilityChanges, *, nearby_max: int
) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    if changes.name is not UNSET:
        collect(
            problems,
            values,
            "name",
            validation.check_text(changes.name, field="name", label="名称", max_length=64),
        )
    if changes.operator is not UNSET:
        collect(
            problems,
            values,
            "operator",
            validation.check_text(
                changes.operator, field="operator", label="经营主体", max_length=64
            ),
        )
    if changes.distance is not UNSET:
        collect(
            problems,
            values,
            "distance_m",
            validation.check_count(
                changes.distance,
                field="distance",
                label="与安置点的距离（“附近”的上限）",
                low=0,
                high=nearby_max,
                unit="米",
            ),
        )
    if changes.business_registration is not UNSET:
        collect(
            problems,
            values,
            "business_registration",
            validation.check_business_registration(
                changes.business_registration, field="business_registration"
            ),
        )
    if changes.jobs is not UNSET:
        low, high = JOBS_RANGE
        collect(
            problems,
            values,
            "jobs",
            validation.check_count(
                changes.jobs, field="jobs", label="提供岗位数", low=low, high=high, unit="个"
            ),
        )
    return values, problems


def _check_closed(closed: date | None, opened: date, *, today: date) -> Problem | None:
    if closed is None:
        return None
    found = validation.check_day(
        closed, field="closed_on", label="停办日期", today=today, earliest=opened
    )
    return found if isinstance(found, Problem) else None


async def create_facility(
    conn: AsyncConnection,
    data: FacilityData,
    *,
    today: date,
    nearby_max: int,
    scope: Scope = EVERYWHERE,
) -> int:
    """Register a facility at or near a site; return its id."""
    at = await site_row(conn, data.site_id, scope=scope)
    values, problems = _check_fields(data, nearby_max=nearby_max)
    opened = validation.check_day(data.opened_on, field="opened_on", label="建成日期", today=today)
    collect(problems, values, "opened_on", opened)
    if isinstance(opened, date):
        closed = _check_closed(data.closed_on, opened, today=today)
        if closed is not None:
            problems.append(closed)
    if "name" in values:
        taken = await conn.execute(
            select(facility.c.id).where(
                facility.c.site_id == at.id,
                facility.c.kind == data.kind.value,
                facility.c.name == values["name"],
            )
        )
        if taken.first() is not None:
            problems.append(
                Problem(
                    "name",
                    ErrorCode.DUPLICATE,
                    f"安置点“{at.name}”已登记名为“{values['name']}”的{data.kind.label}",
                    data.name,
                )
            )
    raise_if(problems)
    now = utcnow()
    new_id = (
        await conn.execute(
            insert(facility)
            .values(
                **values,
                site_id=at.id,
                kind=data.kind.value,
                closed_on=data.closed_on,
                version=1,
                created_at=now,
                updated_at=now,
            )
            .returning(facility.c.id)
        )
    ).scalar_one()
    await created(
        conn,
        "createSiteFacility",
        facility,
        new_id,
        {**values, "site_id": at.id, "kind": data.kind.value, "closed_on": data.closed_on},
    )
    return int(new_id)


async def update_facility(
    conn: AsyncConnection,
    facility_id: int,
    changes: FacilityChanges,
    *,
    expected_version: int | None,
    today: date,
    nearby_max: int,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change a facility's details, or record that it closed; return its id."""
    row = await child_row(conn, facility, facility_id, scope=scope, field="id", label="三微平台")
    check_version(row.version, expected_version)
    values, problems = _check_fields(changes, nearby_max=nearby_max)
    if changes.closed_on is not UNSET:
        closed = _check_closed(changes.closed_on, row.opened_on, today=today)
        if closed is not None:
            problems.append(closed)
        values["closed_on"] = changes.closed_on
    if "name" in values:
        taken = await conn.execute(
            select(facility.c.id).where(
                facility.c.site_id == row.site_id,
                facility.c.kind == row.kind,
                facility.c.name == values["name"],
                facility.c.id != row.id,
            )
        )
        if taken.first() is not None:
            problems.append(
                Problem("name", ErrorCode.DUPLICATE, f"本安置点已有同名的平台“{values['name']}”")
            )
    raise_if(problems)
    if values:
        await versioned_update(conn, facility, row, values, action="updateSiteFacility")
    return int(row.id)


async def add_worker(
    conn: AsyncConnection, facility_id: int, employment_id: int, *, scope: Scope = EVERYWHERE
) -> int:
    """Record that a relocated labourer's spell of work is at a facility; return the facility id."""
    at = await child_row(
        conn, facility, facility_id, scope=scope, field="facility_id", label="三微平台"
    )
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
        problems.append(
            Problem(
                "employment_id",
                ErrorCode.DUPLICATE,
                "这段就业已登记在"
                + ("本平台" if linked.facility_id == at.id else "另一个三微平台")
                + "；一段就业只属于一个平台",
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
    conn: AsyncConnection, facility_id: int, employment_id: int, *, scope: Scope = EVERYWHERE
) -> int:
    """Undo `add_worker`; return the facility id."""
    at = await child_row(
        conn, facility, facility_id, scope=scope, field="facility_id", label="三微平台"
    )
    visible = employments_in(scope).where(employment.c.id == employment_id)
    removed = await conn.execute(
        delete(facility_employment).where(
            facility_employment.c.facility_id == at.id,
            facility_employment.c.employment_id == employment_id,
            facility_employment.c.employment_id.in_(visible.with_only_columns(employment.c.id)),
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
