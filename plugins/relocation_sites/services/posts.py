"""Public-welfare posts at a site (三(五)2): opened, filled by a resident, ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    EVERYWHERE,
    ErrorCode,
    Problem,
    Problems,
    Scope,
    person,
    persons_in,
    raise_if,
    utcnow,
)
from plugins.relocation_sites import validation
from plugins.relocation_sites.models import site_household, site_post
from plugins.relocation_sites.services.common import (
    check_version,
    child_row,
    collect,
    created,
    site_row,
    versioned_update,
)

PAY_RANGE_YUAN = (0, 10_000)


@dataclass
class PostData:
    """A post as entered: vacant, or with its holder and start date; pay in yuan a month."""

    site_id: int
    title: str
    opened_on: date
    holder_id_number: str | None = None
    start_date: date | None = None
    monthly_pay: Decimal | None = None


async def _holder(
    conn: AsyncConnection,
    site: Row[Any],
    id_number: str,
    start: date | None,
    *,
    opened: date,
    today: date,
    scope: Scope,
    other_than: int | None = None,
) -> tuple[int | None, list[Problem]]:
    """Check a holder for a post at `site` from `start`; return the person's id and problems."""
    key = id_number.strip().upper()
    found = (await conn.execute(persons_in(scope).where(person.c.id_number_hash == key))).first()
    if found is None:
        return None, [
            Problem(
                "holder_id_number", ErrorCode.NOT_FOUND, f"找不到身份证号为 {key} 的人", id_number
            )
        ]
    problems = []
    lives_at = (
        await conn.execute(
            select(site_household.c.site_id).where(
                site_household.c.household_id == found.household_id
            )
        )
    ).scalar_one_or_none()
    if lives_at != site.id:
        problems.append(
            Problem(
                "holder_id_number",
                ErrorCode.RULE_VIOLATED,
                f"{found.name} 所在的户没有分配到安置点“{site.name}”；安置点公益性岗位安排本安置点的搬迁户",
                id_number,
            )
        )
    if start is None:
        problems.append(Problem("start_date", ErrorCode.REQUIRED, "有在岗人时须填上岗日期"))
        return found.id, problems
    checked = validation.check_day(
        start, field="start_date", label="上岗日期", today=today, earliest=opened
    )
    if isinstance(checked, Problem):
        problems.append(checked)
    overlapping = select(site_post.c.id).where(
        site_post.c.holder_person_id == found.id,
        or_(site_post.c.end_date.is_(None), site_post.c.end_date >= start),
    )
    if other_than is not None:
        overlapping = overlapping.where(site_post.c.id != other_than)
    if (await conn.execute(overlapping)).first() is not None:
        problems.append(
            Problem(
                "holder_id_number",
                ErrorCode.CONFLICT,
                f"{found.name} 在 {start.isoformat()} 已担任另一个安置点公益性岗位；同一人同时只能担任一个",
                id_number,
            )
        )
    return found.id, problems


async def create_post(
    conn: AsyncConnection, data: PostData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Open a post at a site, vacant or with its holder; return its id."""
    at = await site_row(conn, data.site_id, scope=scope)
    problems: list[Problem] = []
    values: dict[str, Any] = {"monthly_pay_fen": None, "holder_person_id": None, "start_date": None}
    collect(
        problems,
        values,
        "title",
        validation.check_text(data.title, field="title", label="岗位名称", max_length=32),
    )
    opened = validation.check_day(
        data.opened_on, field="opened_on", label="岗位开发日期", today=today
    )
    collect(problems, values, "opened_on", opened)
    if data.monthly_pay is not None:
        low, high = PAY_RANGE_YUAN
        collect(
            problems,
            values,
            "monthly_pay_fen",
            validation.check_yuan(
                data.monthly_pay, field="monthly_pay", label="月岗位补贴", low=low, high=high
            ),
        )
    if data.holder_id_number is not None and data.holder_id_number.strip():
        holder, found = await _holder(
            conn,
            at,
            data.holder_id_number,
            data.start_date,
            opened=data.opened_on,
            today=today,
            scope=scope,
        )
        problems.extend(found)
        values.update(holder_person_id=holder, start_date=data.start_date)
    elif data.start_date is not None:
        problems.append(
            Problem("start_date", ErrorCode.INVALID, "岗位空缺时不填上岗日期；上岗时用“安排在岗人”")
        )
    raise_if(problems)
    now = utcnow()
    new_id = (
        await conn.execute(
            insert(site_post)
            .values(**values, site_id=at.id, version=1, created_at=now, updated_at=now)
            .returning(site_post.c.id)
        )
    ).scalar_one()
    await created(conn, "createSitePost", site_post, new_id, {**values, "site_id": at.id})
    return int(new_id)


async def fill_post(
    conn: AsyncConnection,
    post_id: int,
    holder_id_number: str,
    start_date: date,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Give a vacant post its holder from `start_date`; return the post's id."""
    post = await child_row(conn, site_post, post_id, scope=scope, field="id", label="公益性岗位")
    check_version(post.version, expected_version)
    if post.holder_person_id is not None or post.end_date is not None:
        raise Problems.one(
            "id",
            ErrorCode.CONFLICT,
            "这个岗位已结束"
            if post.end_date is not None
            else "这个岗位已有在岗人；换人请先结束本岗位再新开",
            post_id,
        )
    at = await site_row(conn, post.site_id, scope=scope)
    holder, problems = await _holder(
        conn,
        at,
        holder_id_number,
        start_date,
        opened=post.opened_on,
        today=today,
        scope=scope,
        other_than=post.id,
    )
    raise_if(problems)
    await versioned_update(
        conn,
        site_post,
        post,
        {"holder_person_id": holder, "start_date": start_date},
        action="fillSitePost",
    )
    return int(post.id)


async def end_post(
    conn: AsyncConnection,
    post_id: int,
    end_date: date,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Close a post on `end_date` (the holder's last day, or the day a vacancy is withdrawn)."""
    post = await child_row(conn, site_post, post_id, scope=scope, field="id", label="公益性岗位")
    check_version(post.version, expected_version)
    if post.end_date is not None:
        raise Problems.one(
            "end_date",
            ErrorCode.CONFLICT,
            f"这个岗位已于 {post.end_date.isoformat()} 结束",
            end_date,
        )
    earliest = post.start_date or post.opened_on
    checked = validation.check_day(
        end_date, field="end_date", label="结束日期", today=today, earliest=earliest
    )
    if isinstance(checked, Problem):
        raise Problems([checked])
    await versioned_update(conn, site_post, post, {"end_date": end_date}, action="endSitePost")
    return int(post.id)
