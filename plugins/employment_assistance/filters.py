"""Filters of the plugin's list fields and the SELECTs they build (scope applied first)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from sqlalchemy import Select, exists, select

from core.sdk import Info, household, in_subtree, person
from plugins.employment_assistance import sql
from plugins.employment_assistance.enums import (
    FiveEventKind,
    HiringSubsidyKind,
    JobFairLevel,
    JobPushChannel,
)
from plugins.employment_assistance.models import (
    five_event,
    job_fair,
    job_push,
    job_push_household,
    subsidy,
    village_post,
    workshop,
)
from plugins.employment_assistance.paging import (
    region_argument,
)

REGION = "区划代码：只列出该区划及其下级的记录（市、县区、乡镇或行政村）。"


@strawberry.input(description="扶贫车间列表的筛选条件；各条件同时满足。")
class PovertyWorkshopFilter:
    """Filters on the workshop list."""

    region: str | None = strawberry.field(default=None, description=REGION)
    active_on: date | None = strawberry.field(
        default=None, description="只列这一天在办（已认定、未停办）的车间。"
    )
    certified_from: date | None = strawberry.field(default=None, description="认定日期不早于。")
    certified_to: date | None = strawberry.field(default=None, description="认定日期不晚于。")


@strawberry.input(description="公益性岗位列表的筛选条件；各条件同时满足。")
class VillagePostFilter:
    """Filters on the village post list."""

    region: str | None = strawberry.field(default=None, description=REGION)
    active_on: date | None = strawberry.field(default=None, description="只列这一天在岗的岗位。")
    id_number: str | None = strawberry.field(default=None, description="上岗人员的身份证号。")


@strawberry.input(description="补贴列表的筛选条件；各条件同时满足。")
class HiringSubsidyFilter:
    """Filters on the subsidy list."""

    region: str | None = strawberry.field(
        default=None, description="区划代码：只列被吸纳的人所在户在该区划及其下级的补贴。"
    )
    kind: list[HiringSubsidyKind] | None = strawberry.field(
        default=None, description="补贴种类（任一）。"
    )
    id_number: str | None = strawberry.field(default=None, description="被吸纳的人的身份证号。")
    employer: str | None = strawberry.field(default=None, description="企业名称（完全一致）。")
    hired_from: date | None = strawberry.field(default=None, description="入职日期不早于。")
    hired_to: date | None = strawberry.field(default=None, description="入职日期不晚于。")
    granted_from: date | None = strawberry.field(default=None, description="发放日期不早于。")
    granted_to: date | None = strawberry.field(default=None, description="发放日期不晚于。")
    revoked: bool | None = strawberry.field(
        default=None, description="true 只列已撤销的，false 只列有效的；不给则都列。"
    )


@strawberry.input(description="招聘会列表的筛选条件；各条件同时满足。")
class JobFairFilter:
    """Filters on the job fair list."""

    region: str | None = strawberry.field(default=None, description=REGION)
    level: JobFairLevel | None = strawberry.field(default=None, description="层级。")
    held_from: date | None = strawberry.field(default=None, description="举办日期不早于。")
    held_to: date | None = strawberry.field(default=None, description="举办日期不晚于。")
    cancelled: bool | None = strawberry.field(
        default=None, description="true 只列已撤销的，false 只列有效的；不给则都列。"
    )


@strawberry.input(description="岗位推送列表的筛选条件；各条件同时满足。")
class JobPushFilter:
    """Filters on the job push list."""

    region: str | None = strawberry.field(default=None, description=REGION)
    pushed_from: date | None = strawberry.field(default=None, description="推送日期不早于。")
    pushed_to: date | None = strawberry.field(default=None, description="推送日期不晚于。")
    channel: JobPushChannel | None = strawberry.field(default=None, description="渠道。")
    registry_number: str | None = strawberry.field(
        default=None, description="只列送达这一户（户编号）的推送。"
    )
    cancelled: bool | None = strawberry.field(
        default=None, description="true 只列已撤销的，false 只列有效的；不给则都列。"
    )


@strawberry.input(description="“五个一”活动列表的筛选条件；各条件同时满足。")
class FiveEventFilter:
    """Filters on the event list."""

    region: str | None = strawberry.field(default=None, description=REGION)
    kind: FiveEventKind | None = strawberry.field(default=None, description="活动种类。")
    held_from: date | None = strawberry.field(default=None, description="举办日期不早于。")
    held_to: date | None = strawberry.field(default=None, description="举办日期不晚于。")
    cancelled: bool | None = strawberry.field(
        default=None, description="true 只列已撤销的，false 只列有效的；不给则都列。"
    )


def _between(query: Select[Any], column: Any, start: date | None, end: date | None) -> Select[Any]:
    if start is not None:
        query = query.where(column >= start)
    if end is not None:
        query = query.where(column <= end)
    return query


def _cancelled(query: Select[Any], column: Any, value: bool | None) -> Select[Any]:
    return query if value is None else query.where(column.is_(value))


def _region(query: Select[Any], column: Any, field: str, code: str | None) -> Select[Any]:
    if code is None:
        return query
    return query.where(in_subtree(column, region_argument(field, "filter.region", code)))


def workshop_query(info: Info, f: PovertyWorkshopFilter | None) -> Select[Any]:
    """Workshops in scope matching the filter."""
    query = select(workshop).where(info.context.scope.where(workshop.c.township_code))
    if f is None:
        return query
    query = _region(query, workshop.c.township_code, "povertyWorkshops", f.region)
    if f.active_on is not None:
        query = query.where(sql.workshop_active_on(f.active_on))
    return _between(query, workshop.c.certified_on, f.certified_from, f.certified_to)


def post_query(info: Info, f: VillagePostFilter | None) -> Select[Any]:
    """Village posts in scope matching the filter."""
    query = select(village_post).where(info.context.scope.where(village_post.c.village_code))
    if f is None:
        return query
    query = _region(query, village_post.c.village_code, "villagePosts", f.region)
    if f.active_on is not None:
        query = query.where(sql.post_active_on(f.active_on))
    if f.id_number is not None:
        holder = select(person.c.id).where(person.c.id_number_hash == f.id_number)
        query = query.where(village_post.c.person_id.in_(holder))
    return query


def subsidy_query(info: Info, f: HiringSubsidyFilter | None) -> Select[Any]:
    """Subsidies in scope matching the filter."""
    query = sql.subsidies_in(info.context.scope)
    if f is None:
        return query
    query = _region(query, household.c.village_code, "hiringSubsidies", f.region)
    if f.kind:
        query = query.where(subsidy.c.kind.in_([k.value for k in f.kind]))
    if f.id_number is not None:
        query = query.where(person.c.id_number_hash == f.id_number)
    if f.employer is not None:
        query = query.where(subsidy.c.employer == f.employer.strip())
    query = _between(query, subsidy.c.hired_on, f.hired_from, f.hired_to)
    query = _between(query, subsidy.c.granted_on, f.granted_from, f.granted_to)
    if f.revoked is not None:
        revoked = subsidy.c.revoked_on.is_not(None)
        query = query.where(revoked if f.revoked else ~revoked)
    return query


def fair_query(info: Info, f: JobFairFilter | None) -> Select[Any]:
    """Job fairs in scope matching the filter."""
    query = select(job_fair).where(info.context.scope.where(job_fair.c.region_code))
    if f is None:
        return query
    query = _region(query, job_fair.c.region_code, "jobFairs", f.region)
    if f.level is not None:
        query = query.where(job_fair.c.level == f.level.value)
    query = _between(query, job_fair.c.held_on, f.held_from, f.held_to)
    return _cancelled(query, job_fair.c.cancelled, f.cancelled)


def push_query(info: Info, f: JobPushFilter | None) -> Select[Any]:
    """Job pushes in scope matching the filter."""
    query = select(job_push).where(info.context.scope.where(job_push.c.region_code))
    if f is None:
        return query
    query = _region(query, job_push.c.region_code, "jobPushes", f.region)
    query = _between(query, job_push.c.pushed_on, f.pushed_from, f.pushed_to)
    if f.channel is not None:
        query = query.where(job_push.c.channel == f.channel.value)
    if f.registry_number is not None:
        reached = (
            select(1)
            .select_from(
                job_push_household.join(
                    household, household.c.id == job_push_household.c.household_id
                )
            )
            .where(
                job_push_household.c.push_id == job_push.c.id,
                household.c.registry_number == f.registry_number.strip(),
            )
        )
        query = query.where(exists(reached))
    return _cancelled(query, job_push.c.cancelled, f.cancelled)


def event_query(info: Info, f: FiveEventFilter | None) -> Select[Any]:
    """ "五个一" events in scope matching the filter."""
    query = select(five_event).where(info.context.scope.where(five_event.c.region_code))
    if f is None:
        return query
    query = _region(query, five_event.c.region_code, "fiveEvents", f.region)
    if f.kind is not None:
        query = query.where(five_event.c.kind == f.kind.value)
    query = _between(query, five_event.c.held_on, f.held_from, f.held_to)
    return _cancelled(query, five_event.c.cancelled, f.cancelled)
