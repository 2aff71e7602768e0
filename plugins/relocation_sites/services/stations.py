"""Labour and social-security service stations at sites (三(五)4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import EVERYWHERE, ErrorCode, Problem, Scope, raise_if, utcnow
from plugins.relocation_sites import rules, validation
from plugins.relocation_sites.models import service_station
from plugins.relocation_sites.services.common import (
    UNSET,
    check_version,
    child_row,
    collect,
    created,
    site_row,
    versioned_update,
)


@dataclass
class Checklist:
    """The six items of 六到位; None leaves an item as it is on an update."""

    organisation: bool | None = None
    personnel: bool | None = None
    funding: bool | None = None
    premises: bool | None = None
    work: bool | None = None
    rules: bool | None = None

    def columns(self) -> dict[str, bool]:
        """The `<item>_ready` columns this checklist sets."""
        return {
            f"{name}_ready": bool(value)
            for name, _ in rules.CHECKLIST
            if (value := getattr(self, name)) is not None
        }


@dataclass
class StationData:
    """A station as entered; the subsidy in yuan."""

    site_id: int
    name: str
    established_on: date
    staff: int
    subsidy: Decimal | None = None
    checklist: Checklist = field(default_factory=Checklist)


@dataclass
class StationChanges:
    """Fields of a station an update sets; UNSET leaves one alone."""

    name: Any = UNSET
    staff: Any = UNSET
    subsidy: Any = UNSET
    checklist: Checklist = field(default_factory=Checklist)


def _check(changes: StationData | StationChanges) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    if changes.name is not UNSET:
        collect(
            problems,
            values,
            "name",
            validation.check_text(changes.name, field="name", label="服务站名称", max_length=64),
        )
    if changes.staff is not UNSET:
        low, high = rules.STAFF_RANGE
        collect(
            problems,
            values,
            "staff",
            validation.check_count(
                changes.staff, field="staff", label="工作人员数", low=low, high=high, unit="人"
            ),
        )
    if changes.subsidy is not UNSET:
        if changes.subsidy is None:
            values["subsidy_fen"] = None
        else:
            low, high = rules.SUBSIDY_RANGE_YUAN
            collect(
                problems,
                values,
                "subsidy_fen",
                validation.check_yuan(
                    changes.subsidy, field="subsidy", label="市本级补助资金", low=low, high=high
                ),
            )
    values.update(changes.checklist.columns())
    return values, problems


async def create_station(
    conn: AsyncConnection, data: StationData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Register the service station of a site; return its id."""
    at = await site_row(conn, data.site_id, scope=scope)
    values, problems = _check(data)
    collect(
        problems,
        values,
        "established_on",
        validation.check_day(
            data.established_on, field="established_on", label="建站日期", today=today
        ),
    )
    existing = select(service_station.c.id).where(service_station.c.site_id == at.id)
    if (await conn.execute(existing)).first() is not None:
        problems.append(
            Problem(
                "site_id",
                ErrorCode.DUPLICATE,
                f"安置点“{at.name}”已有服务站；一个安置点建一个服务站，修改请用“修改服务站”",
                data.site_id,
            )
        )
    raise_if(problems)
    now = utcnow()
    ready = {f"{name}_ready": False for name, _ in rules.CHECKLIST} | data.checklist.columns()
    new_id = (
        await conn.execute(
            insert(service_station)
            .values(
                {
                    "subsidy_fen": None,
                    **values,
                    **ready,
                    "site_id": at.id,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            .returning(service_station.c.id)
        )
    ).scalar_one()
    await created(
        conn, "createServiceStation", service_station, new_id, {**values, **ready, "site_id": at.id}
    )
    return int(new_id)


async def update_station(
    conn: AsyncConnection,
    station_id: int,
    changes: StationChanges,
    *,
    expected_version: int | None,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change a station's name, staff, subsidy or checklist; return its id."""
    row = await child_row(
        conn, service_station, station_id, scope=scope, field="id", label="服务站"
    )
    check_version(row.version, expected_version)
    values, problems = _check(changes)
    raise_if(problems)
    if values:
        await versioned_update(conn, service_station, row, values, action="updateServiceStation")
    return int(row.id)
