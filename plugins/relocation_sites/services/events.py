"""Special job fairs held at a site and postings pushed to its households (三(五)3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import EVERYWHERE, ErrorCode, Problem, Scope, raise_if, utcnow
from plugins.relocation_sites import validation
from plugins.relocation_sites.enums import SiteJobPushChannel
from plugins.relocation_sites.models import job_fair, job_push
from plugins.relocation_sites.services.common import collect, created, site_row

EMPLOYERS_RANGE = (0, 1_000)
POSTINGS_RANGE = (0, 1_000_000)
ATTENDEES_RANGE = (0, 100_000)
PUSHED_RANGE = (1, 1_000_000)
HOUSEHOLDS_RANGE = (0, 100_000)


@dataclass
class FairData:
    """A job fair as entered."""

    site_id: int
    held_on: date
    title: str
    employers: int
    postings: int
    attendees: int
    intentions: int


@dataclass
class PushData:
    """A push of postings as entered."""

    site_id: int
    pushed_on: date
    channel: SiteJobPushChannel
    postings: int
    households: int


def _count(value: int, field: str, label: str, bounds: tuple[int, int], unit: str) -> Any:
    return validation.check_count(
        value, field=field, label=label, low=bounds[0], high=bounds[1], unit=unit
    )


async def record_fair(
    conn: AsyncConnection, data: FairData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Record a job fair held for a site; return its id."""
    at = await site_row(conn, data.site_id, scope=scope)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    collect(
        problems,
        values,
        "held_on",
        validation.check_day(data.held_on, field="held_on", label="举办日期", today=today),
    )
    collect(
        problems,
        values,
        "title",
        validation.check_text(data.title, field="title", label="活动名称", max_length=64),
    )
    collect(
        problems,
        values,
        "employers",
        _count(data.employers, "employers", "参会用人单位数", EMPLOYERS_RANGE, "家"),
    )
    collect(
        problems,
        values,
        "postings",
        _count(data.postings, "postings", "提供岗位数", POSTINGS_RANGE, "个"),
    )
    collect(
        problems,
        values,
        "attendees",
        _count(data.attendees, "attendees", "参加人数", ATTENDEES_RANGE, "人"),
    )
    ceiling = values.get("attendees", ATTENDEES_RANGE[1])
    collect(
        problems,
        values,
        "intentions",
        validation.check_count(
            data.intentions,
            field="intentions",
            label="达成意向人数（不超过参加人数）",
            low=0,
            high=ceiling,
            unit="人",
        ),
    )
    if "title" in values:
        same = select(job_fair.c.id).where(
            job_fair.c.site_id == at.id,
            job_fair.c.held_on == data.held_on,
            job_fair.c.title == values["title"],
        )
        if (await conn.execute(same)).first() is not None:
            problems.append(
                Problem(
                    "title",
                    ErrorCode.DUPLICATE,
                    f"安置点“{at.name}” {data.held_on.isoformat()} 的“{values['title']}”已经登记过",
                    data.title,
                )
            )
    raise_if(problems)
    new_id = (
        await conn.execute(
            insert(job_fair)
            .values(**values, site_id=at.id, created_at=utcnow())
            .returning(job_fair.c.id)
        )
    ).scalar_one()
    await created(conn, "recordSiteJobFair", job_fair, new_id, {**values, "site_id": at.id})
    return int(new_id)


async def record_push(
    conn: AsyncConnection, data: PushData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Record postings pushed to a site's households; return the push's id."""
    at = await site_row(conn, data.site_id, scope=scope)
    problems: list[Problem] = []
    values: dict[str, Any] = {"channel": data.channel.value}
    collect(
        problems,
        values,
        "pushed_on",
        validation.check_day(data.pushed_on, field="pushed_on", label="推送日期", today=today),
    )
    collect(
        problems,
        values,
        "postings",
        _count(data.postings, "postings", "推送岗位数", PUSHED_RANGE, "个"),
    )
    collect(
        problems,
        values,
        "households",
        _count(data.households, "households", "收到推送的户数", HOUSEHOLDS_RANGE, "户"),
    )
    same = select(job_push.c.id).where(
        job_push.c.site_id == at.id,
        job_push.c.pushed_on == data.pushed_on,
        job_push.c.channel == data.channel.value,
    )
    if (await conn.execute(same)).first() is not None:
        problems.append(
            Problem(
                "pushed_on",
                ErrorCode.DUPLICATE,
                f"安置点“{at.name}” {data.pushed_on.isoformat()} 经{data.channel.label}的推送已经登记过；"
                "同一天同一渠道请合并为一条",
                data.pushed_on,
            )
        )
    raise_if(problems)
    new_id = (
        await conn.execute(
            insert(job_push)
            .values(**values, site_id=at.id, created_at=utcnow())
            .returning(job_push.c.id)
        )
    ).scalar_one()
    await created(conn, "recordSiteJobPush", job_push, new_id, {**values, "site_id": at.id})
    return int(new_id)
