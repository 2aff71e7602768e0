"""Job fairs (三(一)6) and the "五个一" events (三(一)1), and what every event-like record shares:
checked texts and counts, and cancelling (the record stays, no longer counted)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Problem, Problems, Scope, raise_if
from plugins.employment_assistance import validation
from plugins.employment_assistance.enums import FiveEventKind, JobFairLevel
from plugins.employment_assistance.models import five_event, job_fair
from plugins.employment_assistance.services.common import (
    COUNTY_LEVELS,
    check_version,
    insert_row,
    merged,
    region_row,
    row_in_scope,
    versioned_update,
)

FAIR_LEVELS = {
    JobFairLevel.CITY: frozenset({"CITY"}),
    JobFairLevel.COUNTY: COUNTY_LEVELS,
    JobFairLevel.TOWNSHIP: frozenset({"TOWNSHIP"}),
}
EVENT_LEVELS = frozenset({"CITY", "COUNTY", "DISTRICT", "TOWNSHIP", "VILLAGE"})


@dataclass
class FairData:
    """A job fair as entered."""

    name: str
    level: JobFairLevel
    region_code: str
    held_on: date
    place: str
    employers: int = 0
    postings: int = 0
    attendance: int = 0


@dataclass
class EventData:
    """A "五个一" event as entered."""

    kind: FiveEventKind
    title: str
    region_code: str
    held_on: date
    place: str
    attendance: int = 0


def texts(
    data: Any, specs: Sequence[tuple[str, str, int, bool]]
) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, label, limit, required in specs:
        text = validation.check_text(
            getattr(data, name), field=name, label=label, max_length=limit, required=required
        )
        if isinstance(text, Problem):
            problems.append(text)
        else:
            values[name] = text
    return values, problems


def counts(
    data: Any, specs: Sequence[tuple[str, str, str, int]]
) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, label, unit, minimum in specs:
        count = validation.check_count(
            getattr(data, name), field=name, label=label, unit=unit, minimum=minimum
        )
        if isinstance(count, Problem):
            problems.append(count)
        else:
            values[name] = count
    return values, problems


async def _check_fair(
    conn: AsyncConnection, data: FairData, *, today: date, scope: Scope
) -> tuple[dict[str, Any], list[Problem]]:
    values, problems = texts(
        data, (("name", "招聘会名称", 128, True), ("place", "举办地点", 128, True))
    )
    counted, more = counts(
        data,
        (
            ("employers", "参会企业数", "个", 0),
            ("postings", "提供岗位数", "个", 0),
            ("attendance", "入场人数", "人", 0),
        ),
    )
    values.update(counted, level=data.level.value, held_on=data.held_on)
    problems += more
    where = await region_row(
        conn,
        data.region_code,
        field="region_code",
        scope=scope,
        levels=FAIR_LEVELS[data.level],
        what=f"{data.level.label}招聘会",
    )
    if isinstance(where, Problem):
        problems.append(where)
    else:
        values["region_code"] = where.code
    future = validation.check_not_future(
        data.held_on, today=today, field="held_on", label="举办日期"
    )
    if future is not None:
        problems.append(future)
    return values, problems


async def create_fair(conn: AsyncConnection, data: FairData, *, today: date, scope: Scope) -> int:
    """Record a job fair that was held; return its id."""
    values, problems = await _check_fair(conn, data, today=today, scope=scope)
    raise_if(problems)
    return await insert_row(conn, job_fair, {**values, "cancelled": False}, action="createJobFair")


async def update_fair(
    conn: AsyncConnection,
    fair_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Change a job fair; return its id."""
    row = await live(conn, job_fair, fair_id, scope=scope, what="招聘会记录")
    check_version(row.version, expected_version)
    current = asdict(
        FairData(
            row.name,
            JobFairLevel(row.level),
            row.region_code,
            row.held_on,
            row.place,
            row.employers,
            row.postings,
            row.attendance,
        )
    )
    values, problems = await _check_fair(
        conn, FairData(**merged(current, changes)), today=today, scope=scope
    )
    raise_if(problems)
    await versioned_update(conn, job_fair, row, values, action="updateJobFair")
    return int(row.id)


async def live(
    conn: AsyncConnection, table: Table, record_id: int, *, scope: Scope, what: str
) -> Any:
    row = await row_in_scope(
        conn, table, record_id, scope_column="region_code", scope=scope, what=what
    )
    if row.cancelled:
        raise Problems.one("id", ErrorCode.CONFLICT, f"这条{what}已撤销，不能再改", record_id)
    return row


async def cancel(
    conn: AsyncConnection,
    table: Table,
    record_id: int,
    reason: str,
    *,
    expected_version: int | None,
    scope: Scope,
    what: str,
) -> int:
    """Cancel a fair, push or event: the record stays and is no longer counted."""
    row = await live(conn, table, record_id, scope=scope, what=what)
    check_version(row.version, expected_version)
    text = validation.check_text(reason, field="reason", label="撤销原因", max_length=200)
    if isinstance(text, Problem):
        raise Problems([text])
    await versioned_update(
        conn, table, row, {"cancelled": True, "cancel_reason": text}, action=f"cancel {table.name}"
    )
    return int(row.id)


async def _check_event(
    conn: AsyncConnection, data: EventData, *, today: date, scope: Scope
) -> tuple[dict[str, Any], list[Problem]]:
    values, problems = texts(
        data, (("title", "活动名称", 128, True), ("place", "举办地点", 128, True))
    )
    counted, more = counts(data, (("attendance", "参加人数", "人", 0),))
    values.update(counted, kind=data.kind.value, held_on=data.held_on)
    problems += more
    where = await region_row(
        conn, data.region_code, field="region_code", scope=scope, levels=EVENT_LEVELS, what="活动"
    )
    if isinstance(where, Problem):
        problems.append(where)
    else:
        values["region_code"] = where.code
    future = validation.check_not_future(
        data.held_on, today=today, field="held_on", label="举办日期"
    )
    if future is not None:
        problems.append(future)
    return values, problems


async def create_event(conn: AsyncConnection, data: EventData, *, today: date, scope: Scope) -> int:
    """Record a "五个一" event that was held; return its id."""
    values, problems = await _check_event(conn, data, today=today, scope=scope)
    raise_if(problems)
    return await insert_row(
        conn, five_event, {**values, "cancelled": False}, action="createFiveEvent"
    )


async def update_event(
    conn: AsyncConnection,
    event_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Change a "五个一" event; return its id."""
    row = await live(conn, five_event, event_id, scope=scope, what="活动记录")
    check_version(row.version, expected_version)
    current = asdict(
        EventData(
            FiveEventKind(row.kind),
            row.title,
            row.region_code,
            row.held_on,
            row.place,
            row.attendance,
        )
    )
    values, problems = await _check_event(
        conn, EventData(**merged(current, changes)), today=today, scope=scope
    )
    raise_if(problems)
    await versioned_update(conn, five_event, row, values, action="updateFiveEvent")
    return int(row.id)
