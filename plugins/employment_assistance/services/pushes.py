"""Job pushes (三(一)6): postings delivered to households, every household inside the push's region."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    ErrorCode,
    Problem,
    Scope,
    audit,
    household,
    households_in,
    in_subtree,
    raise_if,
    subtree_prefix,
)
from plugins.employment_assistance import validation
from plugins.employment_assistance.enums import JobPushChannel
from plugins.employment_assistance.models import job_push, job_push_household
from plugins.employment_assistance.services.common import (
    check_version,
    insert_row,
    merged,
    region_row,
    versioned_update,
)
from plugins.employment_assistance.services.events import EVENT_LEVELS, counts, live, texts

PUSH_LEVELS = EVENT_LEVELS
"""A push may come from the city, a county/district, a township or a village."""
SHOWN = 10
"""How many offending registry numbers a message names before it says "and N more"."""


@dataclass
class PushData:
    """A job push as entered: the households by registry number, or every one in the region."""

    region_code: str
    pushed_on: date
    postings: int
    channel: JobPushChannel
    title: str | None = None
    households: Sequence[str] = field(default_factory=list)
    every_household: bool = False


async def _push_households(
    conn: AsyncConnection, data: PushData, region_code: str, *, scope: Scope
) -> tuple[list[int], list[Problem]]:
    """The ids of the households a push reached, all in scope and inside the push's region."""
    visible = households_in(scope).with_only_columns(
        household.c.id, household.c.registry_number, household.c.village_code
    )
    if data.every_household:
        if data.households:
            return [], [
                Problem(
                    "households",
                    ErrorCode.INVALID,
                    "已选“送达区划内每一户”，就不要再列户编号",
                    len(data.households),
                )
            ]
        rows = (
            await conn.execute(visible.where(in_subtree(household.c.village_code, region_code)))
        ).all()
        return [row.id for row in rows], []
    wanted = list(dict.fromkeys(number.strip() for number in data.households if number.strip()))
    if not wanted:
        return [], []
    rows = (await conn.execute(visible.where(household.c.registry_number.in_(wanted)))).all()
    found = {row.registry_number: row for row in rows}
    problems = []
    missing = [number for number in wanted if number not in found]
    if missing:
        problems.append(
            Problem(
                "households",
                ErrorCode.NOT_FOUND,
                f"找不到这些户编号：{_listed(missing)}",
                missing,
            )
        )
    prefix = subtree_prefix(region_code)
    outside = [n for n, row in found.items() if not row.village_code.startswith(prefix)]
    if outside:
        problems.append(
            Problem(
                "households",
                ErrorCode.INVALID,
                f"这些户不在推送的区划 {region_code} 内：{_listed(outside)}",
                outside,
            )
        )
    return [found[n].id for n in wanted if n in found], problems


def _listed(numbers: Sequence[str]) -> str:
    shown = "、".join(numbers[:SHOWN])
    return shown if len(numbers) <= SHOWN else f"{shown} 等 {len(numbers)} 户"


async def _check_push(
    conn: AsyncConnection, data: PushData, *, today: date, scope: Scope
) -> tuple[dict[str, Any], list[int] | None, list[Problem]]:
    values, problems = texts(data, (("title", "标题", 128, False),))
    counted, more = counts(data, (("postings", "推送岗位信息数", "个", 1),))
    values.update(counted, pushed_on=data.pushed_on, channel=data.channel.value)
    problems += more
    future = validation.check_not_future(
        data.pushed_on, today=today, field="pushed_on", label="推送日期"
    )
    if future is not None:
        problems.append(future)
    where = await region_row(
        conn,
        data.region_code,
        field="region_code",
        scope=scope,
        levels=PUSH_LEVELS,
        what="岗位推送",
    )
    if isinstance(where, Problem):
        problems.append(where)
        return values, None, problems
    values["region_code"] = where.code
    households, found = await _push_households(conn, data, where.code, scope=scope)
    problems += found
    return values, households, problems


async def _link(
    conn: AsyncConnection, push_id: int, households: Sequence[int], *, before: list[int] | None
) -> None:
    """Link the households a push reached, and audit which they are."""
    if households:
        await conn.execute(
            insert(job_push_household),
            [{"push_id": push_id, "household_id": h} for h in households],
        )
    await audit.log(
        conn,
        "reachJobPushHouseholds",
        job_push.name,
        push_id,
        before=None if before is None else {"household_ids": before},
        after={"household_ids": sorted(households)},
    )


async def create_push(conn: AsyncConnection, data: PushData, *, today: date, scope: Scope) -> int:
    """Record postings pushed to households on a date; return the push's id."""
    values, households, problems = await _check_push(conn, data, today=today, scope=scope)
    raise_if(problems)
    push_id = await insert_row(
        conn, job_push, {**values, "cancelled": False}, action="createJobPush"
    )
    await _link(conn, push_id, households or [], before=None)
    return push_id


async def update_push(
    conn: AsyncConnection,
    push_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Change a push; given households (or every household) replace those it reached."""
    row = await live(conn, job_push, push_id, scope=scope, what="岗位推送记录")
    check_version(row.version, expected_version)
    replace = "households" in changes or bool(changes.get("every_household"))
    kept: list[str] = []
    if not replace:
        # Households outside the caller's scope stay linked untouched; only visible ones are rechecked.
        reached = households_in(scope).with_only_columns(household.c.registry_number)
        kept = list(
            (
                await conn.execute(
                    reached.join(
                        job_push_household, job_push_household.c.household_id == household.c.id
                    ).where(job_push_household.c.push_id == row.id)
                )
            ).scalars()
        )
    current = asdict(
        PushData(
            row.region_code,
            row.pushed_on,
            row.postings,
            JobPushChannel(row.channel),
            row.title,
            kept,
            False,
        )
    )
    data = PushData(**merged(current, changes))
    values, households, problems = await _check_push(conn, data, today=today, scope=scope)
    raise_if(problems)
    await versioned_update(conn, job_push, row, values, action="updateJobPush")
    if replace:
        links = job_push_household.c
        # Only the households the caller can see are replaced; links to others stay as they are.
        visible = households_in(scope).with_only_columns(household.c.id)
        before = list(
            (
                await conn.execute(
                    delete(job_push_household)
                    .where(links.push_id == row.id, links.household_id.in_(visible))
                    .returning(links.household_id)
                )
            ).scalars()
        )
        await _link(conn, row.id, households or [], before=sorted(before))
    return int(row.id)
