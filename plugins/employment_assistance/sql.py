"""SQL conditions over the plugin's tables, shared by list fields, metrics and drill-through.

A metric's number and the list behind it are built from the same conditions here, so they
cannot disagree. Records of people (subsidies) and of households (pushes) reach their region
through the household, like the core's records; the others carry their own region code.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select

from core.sdk import (
    Scope,
    WorkPlace,
    employment,
    employment_active_on,
    held,
    household,
    household_has_labour,
    households_in,
)
from plugins.employment_assistance.models import (
    job_push,
    job_push_household,
    village_post,
    workshop,
)

EXPORT_PLACES = (WorkPlace.GUANGDONG.value, WorkPlace.OTHER_PROVINCE.value)
"""Where labour export (三(一)3) goes: Guangdong and every other province."""


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def reach_window(as_of: date) -> tuple[date, date]:
    """The days a push must fall on to count as "in the last two months" on `as_of` (inclusive)."""
    return months_before(as_of, 2), as_of


def workshop_active_on(day: date) -> ColumnElement[bool]:
    """A workshop is certified on or before `day` and not ended before it."""
    return and_(
        workshop.c.certified_on <= day,
        or_(workshop.c.ended_on.is_(None), workshop.c.ended_on >= day),
    )


def post_active_on(day: date) -> ColumnElement[bool]:
    """A village post is held on `day` (both ends inclusive)."""
    return and_(
        village_post.c.start_date <= day,
        or_(village_post.c.end_date.is_(None), village_post.c.end_date >= day),
    )


def township_has_workshop(township: ColumnElement[Any], day: date) -> ColumnElement[bool]:
    """The township (a code column of the outer query) has a workshop on `day`."""
    return exists(select(1).where(workshop.c.township_code == township, workshop_active_on(day)))


def village_posts_on(village: ColumnElement[Any], day: date) -> Select[Any]:
    """Scalar subquery: how many posts the village (outer code column) has on `day`."""
    return (
        select(func.count())
        .select_from(village_post)
        .where(village_post.c.village_code == village, post_active_on(day))
    )


def household_reached(as_of: date) -> ColumnElement[bool]:
    """The household (outer `household` row) got a push in the two months up to `as_of`."""
    start, end = reach_window(as_of)
    return exists(
        select(1)
        .select_from(
            job_push_household.join(job_push, job_push.c.id == job_push_household.c.push_id)
        )
        .where(job_push_household.c.household_id == household.c.id, held(job_push, start, end))
    )


def households_not_reached(as_of: date, scope: Scope) -> Select[Any]:
    """Households with labour capacity the scope may see and no push in the last two months."""
    return households_in(scope).where(household_has_labour(), ~household_reached(as_of))


def exported_on(day: date) -> ColumnElement[bool]:
    """An employment row (outer `employment`) is labour export covering `day`."""
    return and_(employment.c.place.in_(EXPORT_PLACES), employment_active_on(day))
