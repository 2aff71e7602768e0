"""Writes: every rule checked first, every problem reported at once, one transaction each.

Shared by the mutations and the station ledger import, so a rule is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.problems import ErrorCode, Problem, raise_if
from core.records.models import region
from core.regions import RegionCodeError, canonical_code, level_of
from core.scope import EVERYWHERE, Scope
from core.sqltypes import utcnow
from jiuye_public_services.enums import StaffSource
from jiuye_public_services.models import staff, station


@dataclass(frozen=True)
class StationData:
    """A station as entered."""

    village: str
    name: str
    opened_on: date
    video_platform_on: date | None = None


@dataclass(frozen=True)
class StaffData:
    """A station worker as entered."""

    name: str
    source: StaffSource
    started_on: date


def _text(problems: list[Problem], field: str, label: str, value: str, limit: int) -> str:
    cleaned = value.strip()
    if not cleaned:
        problems.append(Problem(field, ErrorCode.REQUIRED, f"{label}不能为空"))
    elif len(cleaned) > limit:
        problems.append(
            Problem(field, ErrorCode.OUT_OF_RANGE, f"{label}不能超过 {limit} 个字", value)
        )
    return cleaned


def _not_future(
    problems: list[Problem], field: str, label: str, day: date | None, today: date
) -> None:
    if day is not None and day > today:
        problems.append(
            Problem(field, ErrorCode.OUT_OF_RANGE, f"{label}不能晚于今天（{today}）", day)
        )


async def _village(
    conn: AsyncConnection, problems: list[Problem], text: str, scope: Scope
) -> str | None:
    """The canonical code of an administrative village the scope may see, or None."""
    try:
        code = canonical_code(text)
    except RegionCodeError as exc:
        problems.append(Problem("village", ErrorCode.INVALID, str(exc), text))
        return None
    if level_of(code) != "VILLAGE":
        problems.append(
            Problem(
                "village", ErrorCode.INVALID, f"劳务工作站建在行政村：{code} 不是行政村代码", text
            )
        )
        return None
    found = (
        await conn.execute(
            select(region.c.code).where(region.c.code == code, scope.where(region.c.code))
        )
    ).first()
    if found is None:
        # Out of scope reads exactly like missing.
        problems.append(Problem("village", ErrorCode.NOT_FOUND, f"没有行政村 {code}", text))
        return None
    return code


async def create_station(
    conn: AsyncConnection, data: StationData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Register a station; return its id or raise `Problems` with everything wrong."""
    problems: list[Problem] = []
    name = _text(problems, "name", "工作站名称", data.name, 64)
    _not_future(problems, "opened_on", "建站日期", data.opened_on, today)
    _not_future(
        problems, "video_platform_on", "远程视频平台开通日期", data.video_platform_on, today
    )
    village = await _village(conn, problems, data.village, scope)
    if village is not None:
        taken = (
            await conn.execute(select(station.c.name).where(station.c.village_code == village))
        ).first()
        if taken is not None:
            problems.append(
                Problem(
                    "village",
                    ErrorCode.DUPLICATE,
                    f"行政村 {village} 已有劳务工作站“{taken.name}”，每村只建一个；请修改已有的",
                    data.village,
                )
            )
    raise_if(problems)
    now = utcnow()
    new_id = await conn.scalar(
        insert(station)
        .returning(station.c.id)
        .values(
            village_code=village,
            name=name,
            opened_on=data.opened_on,
            video_platform_on=data.video_platform_on,
            version=1,
            created_at=now,
            updated_at=now,
        )
    )
    return int(new_id)


async def update_station(
    conn: AsyncConnection,
    station_id: int,
    data: StationData,
    *,
    today: date,
    scope: Scope = EVERYWHERE,
) -> bool:
    """Set a station's name and dates from a ledger row; return whether anything changed."""
    problems: list[Problem] = []
    name = _text(problems, "name", "工作站名称", data.name, 64)
    _not_future(problems, "opened_on", "建站日期", data.opened_on, today)
    _not_future(
        problems, "video_platform_on", "远程视频平台开通日期", data.video_platform_on, today
    )
    raise_if(problems)
    row = (
        await conn.execute(
            select(station).where(station.c.id == station_id, scope.where(station.c.village_code))
        )
    ).one()
    wanted = {
        "name": name,
        "opened_on": data.opened_on,
        "video_platform_on": data.video_platform_on,
    }
    if all(getattr(row, key) == value for key, value in wanted.items()):
        return False
    await conn.execute(
        update(station)
        .where(station.c.id == station_id)
        .values(**wanted, version=row.version + 1, updated_at=utcnow())
    )
    return True


async def add_staff(
    conn: AsyncConnection,
    station_id: int,
    data: StaffData,
    *,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Add a worker to a station the scope may see; return the worker's id."""
    problems: list[Problem] = []
    name = _text(problems, "name", "姓名", data.name, 32)
    _not_future(problems, "started_on", "到站日期", data.started_on, today)
    found = (
        await conn.execute(
            select(station.c.opened_on).where(
                station.c.id == station_id, scope.where(station.c.village_code)
            )
        )
    ).first()
    if found is None:
        problems.append(Problem("station", ErrorCode.NOT_FOUND, "没有这个劳务工作站"))
    elif data.started_on < found.opened_on:
        problems.append(
            Problem(
                "started_on",
                ErrorCode.RULE_VIOLATED,
                f"到站日期不能早于建站日期（{found.opened_on}）",
                data.started_on,
            )
        )
    raise_if(problems)
    new_id = await conn.scalar(
        insert(staff)
        .returning(staff.c.id)
        .values(
            station_id=station_id,
            name=name,
            source=data.source.value,
            started_on=data.started_on,
            created_at=utcnow(),
        )
    )
    return int(new_id)
