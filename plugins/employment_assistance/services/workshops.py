"""Poverty-alleviation workshops (三(一)4) and the poor labourers they employ."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    ErrorCode,
    Problem,
    Problems,
    Scope,
    WorkForm,
    audit,
    employment,
    employments_in,
    raise_if,
    utcnow,
)
from plugins.employment_assistance import validation
from plugins.employment_assistance.models import workshop, workshop_worker
from plugins.employment_assistance.services.common import (
    UNSET,
    check_version,
    insert_row,
    merged,
    region_row,
    row_in_scope,
    versioned_update,
)

WHAT = "扶贫车间"


@dataclass
class WorkshopData:
    """A workshop as entered."""

    name: str
    enterprise: str
    township_code: str
    certified_on: date
    jobs: int = 0


async def _check(
    conn: AsyncConnection,
    data: WorkshopData,
    *,
    today: date,
    scope: Scope,
    exclude: int | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {"certified_on": data.certified_on}
    for name, label, limit in (("name", "车间名称", 128), ("enterprise", "运营企业名称", 128)):
        text = validation.check_text(getattr(data, name), field=name, label=label, max_length=limit)
        if isinstance(text, Problem):
            problems.append(text)
        else:
            values[name] = text
    township = await region_row(
        conn,
        data.township_code,
        field="township_code",
        scope=scope,
        levels={"TOWNSHIP"},
        what=WHAT,
    )
    township_name = ""
    if isinstance(township, Problem):
        problems.append(township)
    else:
        values["township_code"] = township.code
        township_name = township.name
    future = validation.check_not_future(
        data.certified_on, today=today, field="certified_on", label="认定日期"
    )
    if future is not None:
        problems.append(future)
    jobs = validation.check_count(data.jobs, field="jobs", label="岗位数", unit="个")
    if isinstance(jobs, Problem):
        problems.append(jobs)
    else:
        values["jobs"] = jobs
    if "name" in values and "township_code" in values:
        same = select(workshop.c.id).where(
            workshop.c.township_code == values["township_code"],
            workshop.c.name == values["name"],
        )
        if exclude is not None:
            same = same.where(workshop.c.id != exclude)
        if (await conn.execute(same)).first() is not None:
            problems.append(
                Problem(
                    "name",
                    ErrorCode.DUPLICATE,
                    f"{township_name}已有名为“{values['name']}”的扶贫车间",
                    data.name,
                )
            )
    return values, problems


async def create_workshop(
    conn: AsyncConnection, data: WorkshopData, *, today: date, scope: Scope
) -> int:
    """Certify a workshop in a township; return its id."""
    values, problems = await _check(conn, data, today=today, scope=scope)
    raise_if(problems)
    return await insert_row(conn, workshop, values, action="createPovertyWorkshop")


async def update_workshop(
    conn: AsyncConnection,
    workshop_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Change a workshop's name, enterprise, township, date or jobs; return its id."""
    row = await row_in_scope(
        conn, workshop, workshop_id, scope_column="township_code", scope=scope, what=WHAT
    )
    check_version(row.version, expected_version)
    current = asdict(
        WorkshopData(row.name, row.enterprise, row.township_code, row.certified_on, row.jobs)
    )
    data = WorkshopData(**merged(current, changes))
    values, problems = await _check(conn, data, today=today, scope=scope, exclude=row.id)
    if row.ended_on is not None and data.certified_on > row.ended_on:
        problems.append(
            Problem(
                "certified_on",
                ErrorCode.INVALID,
                f"认定日期不能晚于停办日期 {row.ended_on.isoformat()}",
                data.certified_on,
            )
        )
    raise_if(problems)
    await versioned_update(conn, workshop, row, values, action="updatePovertyWorkshop")
    return int(row.id)


async def end_workshop(
    conn: AsyncConnection,
    workshop_id: int,
    ended_on: date,
    reason: str | None,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Record that a workshop closed (or lost its certification) on `ended_on`."""
    row = await row_in_scope(
        conn, workshop, workshop_id, scope_column="township_code", scope=scope, what=WHAT
    )
    check_version(row.version, expected_version)
    if row.ended_on is not None:
        raise Problems.one(
            "ended_on",
            ErrorCode.CONFLICT,
            f"这个车间已于 {row.ended_on.isoformat()} 停办",
            ended_on,
        )
    problems = validation.check_span(
        row.certified_on, ended_on, today=today, start_label="认定日期", end_label="停办日期"
    )
    problems = [Problem("ended_on", p.code, p.message, p.value) for p in problems]
    text = validation.check_text(
        reason, field="reason", label="停办原因", max_length=200, required=False
    )
    if isinstance(text, Problem):
        problems.append(text)
    raise_if(problems)
    await versioned_update(
        conn, workshop, row, {"ended_on": ended_on, "end_reason": text}, action="endPovertyWorkshop"
    )
    return int(row.id)


async def add_worker(
    conn: AsyncConnection, workshop_id: int, employment_id: int, *, scope: Scope
) -> int:
    """Link a poor labourer's employment record (form 扶贫车间) to a workshop."""
    row = await row_in_scope(
        conn, workshop, workshop_id, scope_column="township_code", scope=scope, what=WHAT
    )
    job = (
        await conn.execute(employments_in(scope).where(employment.c.id == employment_id))
    ).first()
    if job is None:
        raise Problems.one(
            "employment_id", ErrorCode.NOT_FOUND, "找不到这条就业记录", employment_id
        )
    problems = []
    if job.form != WorkForm.WORKSHOP.value:
        problems.append(
            Problem(
                "employment_id",
                ErrorCode.RULE_VIOLATED,
                f"这条就业记录的就业形式是“{WorkForm(job.form).label}”，"
                "只有就业形式为“扶贫车间”的记录才能计入车间",
                employment_id,
            )
        )
    linked = (
        await conn.execute(
            select(workshop_worker.c.workshop_id).where(
                workshop_worker.c.employment_id == employment_id
            )
        )
    ).first()
    if linked is not None:
        problems.append(
            Problem(
                "employment_id",
                ErrorCode.DUPLICATE,
                "这条就业记录已计入本车间"
                if linked.workshop_id == row.id
                else "这条就业记录已计入另一个扶贫车间",
                employment_id,
            )
        )
    raise_if(problems)
    link = {"workshop_id": row.id, "employment_id": employment_id}
    query = (
        insert(workshop_worker).values(**link, created_at=utcnow()).returning(workshop_worker.c.id)
    )
    link_id = (await conn.execute(query)).scalar_one()
    await audit.log(conn, "addPovertyWorkshopWorker", workshop_worker.name, link_id, after=link)
    return int(row.id)


async def remove_worker(
    conn: AsyncConnection, workshop_id: int, employment_id: int, *, scope: Scope
) -> int:
    """Unlink an employment record from a workshop (the record itself stays)."""
    row = await row_in_scope(
        conn, workshop, workshop_id, scope_column="township_code", scope=scope, what=WHAT
    )
    removed = (
        await conn.execute(
            delete(workshop_worker)
            .where(
                workshop_worker.c.workshop_id == row.id,
                workshop_worker.c.employment_id == employment_id,
            )
            .returning(workshop_worker.c.id)
        )
    ).first()
    if removed is None:
        raise Problems.one(
            "employment_id", ErrorCode.NOT_FOUND, "这条就业记录没有计入本车间", employment_id
        )
    await audit.log(
        conn,
        "removePovertyWorkshopWorker",
        workshop_worker.name,
        removed.id,
        before={"workshop_id": row.id, "employment_id": employment_id},
    )
    return int(row.id)


__all__ = [
    "UNSET",
    "WorkshopData",
    "add_worker",
    "create_workshop",
    "end_workshop",
    "remove_worker",
    "update_workshop",
]
