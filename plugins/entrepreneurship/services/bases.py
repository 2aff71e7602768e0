"""Writes to incubation bases: the plan's areas, their counties, the way to the region's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import EVERYWHERE, ErrorCode, Problem, Problems, Scope, audit, raise_if
from plugins.entrepreneurship import sql, validation
from plugins.entrepreneurship.enums import IncubationBaseArea, IncubationBaseStatus
from plugins.entrepreneurship.models import incubation_base
from plugins.entrepreneurship.services.common import (
    UNSET,
    check_version,
    find_region,
    stamps,
    take,
    versioned_update,
)

BASE_LEVELS = ("COUNTY", "DISTRICT", "TOWNSHIP", "VILLAGE")


@dataclass
class IncubationBaseData:
    """An incubation base as entered."""

    name: str
    area: IncubationBaseArea
    region_code: str
    status: IncubationBaseStatus = IncubationBaseStatus.CULTIVATING
    area_name: str | None = None
    admitted_on: date | None = None
    operator: str | None = None


@dataclass
class IncubationBaseChanges:
    """Fields of a base an update sets; UNSET leaves one alone."""

    name: Any = UNSET
    area: Any = UNSET
    area_name: Any = UNSET
    region_code: Any = UNSET
    status: Any = UNSET
    admitted_on: Any = UNSET
    operator: Any = UNSET


async def _name(conn: AsyncConnection, text: object, *, own_id: int | None) -> str | Problem:
    name = validation.check_text(text, field="name", label="基地名称", max_length=128)
    if not isinstance(name, str):
        return name or Problem("name", ErrorCode.REQUIRED, "基地名称不能为空", text)
    found = (
        await conn.execute(select(incubation_base.c.id).where(incubation_base.c.name == name))
    ).first()
    if found is not None and found.id != own_id:
        return Problem("name", ErrorCode.DUPLICATE, f"已有名为“{name}”的孵化基地", text)
    return name


async def _checked(
    conn: AsyncConnection,
    values: dict[str, Any],
    *,
    name: object,
    area: IncubationBaseArea,
    area_name: object,
    region_code: str,
    status: IncubationBaseStatus,
    admitted_on: date | None,
    operator: object,
    own_id: int | None,
    today: date,
    scope: Scope,
) -> list[Problem]:
    """Check a whole base (as it would be after the change) into `values`."""
    values.update(area=area.value, status=status.value, admitted_on=admitted_on)
    checked: dict[str, Any] = {
        "name": await _name(conn, name, own_id=own_id),
        "area_name": validation.check_area(area, area_name),
        "region_code": await find_region(
            conn, region_code, field="region_code", scope=scope, levels=BASE_LEVELS
        ),
        "operator": validation.check_text(
            operator, field="operator", label="运营单位", max_length=128, required=False
        ),
    }
    problems = take(values, checked)
    if "region_code" in values:
        outside = validation.area_region_problem(area, values["region_code"])
        if outside is not None:
            problems.append(outside)
    problems.extend(validation.check_admission(status, admitted_on, today=today))
    return problems


async def create_incubation_base(
    conn: AsyncConnection, data: IncubationBaseData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Record an incubation base or migrant-worker entrepreneurship park; return its id."""
    values: dict[str, Any] = {}
    problems = await _checked(
        conn,
        values,
        name=data.name,
        area=data.area,
        area_name=data.area_name,
        region_code=data.region_code,
        status=data.status,
        admitted_on=data.admitted_on,
        operator=data.operator,
        own_id=None,
        today=today,
        scope=scope,
    )
    raise_if(problems)
    statement = insert(incubation_base).values(**values, **stamps())
    new_id = int((await conn.execute(statement.returning(incubation_base.c.id))).scalar_one())
    await audit.log(conn, "createIncubationBase", incubation_base.name, new_id, after=values)
    return new_id


async def update_incubation_base(
    conn: AsyncConnection,
    base_id: int,
    changes: IncubationBaseChanges,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change a base: its details, or its progress toward the region's list; return its id."""
    row = (await conn.execute(sql.bases_in(scope).where(incubation_base.c.id == base_id))).first()
    if row is None:
        raise Problems.one("base_id", ErrorCode.NOT_FOUND, "找不到这个孵化基地", base_id)
    check_version(row.version, expected_version)

    def after(name: str) -> Any:
        change = getattr(changes, name)
        return getattr(row, name) if change is UNSET else change

    status = IncubationBaseStatus(after("status"))
    admitted_on = after("admitted_on")
    if changes.status is not UNSET and changes.admitted_on is UNSET:
        # Leaving the list clears the date; joining it needs one given.
        admitted_on = row.admitted_on if status is IncubationBaseStatus.ADMITTED else None
    values: dict[str, Any] = {}
    problems = await _checked(
        conn,
        values,
        name=after("name"),
        area=IncubationBaseArea(after("area")),
        area_name=after("area_name"),
        region_code=after("region_code"),
        status=status,
        admitted_on=admitted_on,
        operator=after("operator"),
        own_id=row.id,
        today=today,
        scope=scope,
    )
    raise_if(problems)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        await versioned_update(conn, incubation_base, row, changed)
    return int(row.id)
