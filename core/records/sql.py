"""SQL conditions over the core tables, shared by list filters, metrics and drill-through.

A metric's number and the list behind it are built from the same conditions here, so
they cannot disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from core.records.enums import LABOUR_CAPABLE
from core.records.models import employment, household, person
from core.scope import Scope

CAPABLE_CODES = tuple(sorted(member.value for member in LABOUR_CAPABLE))


def employment_active_on(day: date) -> ColumnElement[bool]:
    """An employment row covers `day`: started on or before it, not ended before it."""
    return and_(
        employment.c.start_date <= day,
        or_(employment.c.end_date.is_(None), employment.c.end_date >= day),
    )


def person_can_work() -> ColumnElement[bool]:
    """A person row counts as having labour capacity."""
    condition: ColumnElement[bool] = person.c.labour_capacity.in_(CAPABLE_CODES)
    return condition


def person_employed_on(day: date) -> ColumnElement[bool]:
    """The person (outer `person` row) has an employment covering `day`."""
    return exists(
        select(1)
        .select_from(employment)
        .where(employment.c.person_id == person.c.id, employment_active_on(day))
    )


def household_has_labour() -> ColumnElement[bool]:
    """The household (outer `household` row) has at least one member with labour capacity."""
    member = person.alias("capable_member")
    return exists(
        select(1)
        .select_from(member)
        .where(
            member.c.household_id == household.c.id,
            member.c.labour_capacity.in_(CAPABLE_CODES),
        )
    )


def household_employed_on(day: date) -> ColumnElement[bool]:
    """At least one member of the household (outer `household` row) works on `day`."""
    member = person.alias("working_member")
    return exists(
        select(1)
        .select_from(member.join(employment, employment.c.person_id == member.c.id))
        .where(member.c.household_id == household.c.id, employment_active_on(day))
    )


def households_in(scope: Scope) -> Select[Any]:
    """Household rows the scope may see."""
    return select(household).where(scope.where(household.c.village_code))


def persons_in(scope: Scope) -> Select[Any]:
    """Person rows the scope may see (through their household's village)."""
    if scope.unrestricted:
        return select(person)
    return (
        select(person)
        .join(household, household.c.id == person.c.household_id)
        .where(scope.where(household.c.village_code))
    )


def employments_in(scope: Scope) -> Select[Any]:
    """Employment rows the scope may see (through the worker's household)."""
    if scope.unrestricted:
        return select(employment)
    return (
        select(employment)
        .join(person, person.c.id == employment.c.person_id)
        .join(household, household.c.id == person.c.household_id)
        .where(scope.where(household.c.village_code))
    )
