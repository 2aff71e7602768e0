"""Per-request loaders for every relation of the core records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, select

from core.graphql.loaders import Loader, many_per_key, one_per_key
from core.records import sql, types
from core.records.models import department, employment, household, person, region

# The head first, then members in the order they were registered.
MEMBER_ORDER = (case((person.c.relation == "HEAD", 0), else_=1), person.c.id)


class RegionByCodeLoader(Loader[str, types.Region | None]):
    """Regions by canonical code."""

    async def fetch(self, keys: list[str]) -> Sequence[types.Region | None]:
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(select(region).where(region.c.code.in_(keys)))).all()
        return one_per_key(keys, map(types.Region.from_row, rows), lambda r: r.code)


class ChildrenByRegionLoader(Loader[str, list[types.Region]]):
    """Direct children of regions, by the parent's code, ordered by code."""

    async def fetch(self, keys: list[str]) -> Sequence[list[types.Region]]:
        query = select(region).where(region.c.parent_code.in_(keys)).order_by(region.c.code)
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Region.from_row, rows), lambda r: r.parent_code or "")


class DepartmentByCodeLoader(Loader[str, types.Department | None]):
    """Departments by code."""

    async def fetch(self, keys: list[str]) -> Sequence[types.Department | None]:
        query = select(department).where(department.c.code.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.Department.from_row, rows), lambda d: d.code)


class HouseholdByIdLoader(Loader[int, types.Household | None]):
    """Households by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.Household | None]:
        query = sql.households_in(self.context.scope).where(household.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.Household.from_row, rows), lambda h: h.pk)


class PersonByIdLoader(Loader[int, types.Person | None]):
    """Persons by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.Person | None]:
        query = sql.persons_in(self.context.scope).where(person.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.Person.from_row, rows), lambda p: p.pk)


class MembersByHouseholdLoader(Loader[int, list[types.Person]]):
    """Members of households by household id: the head first, then in registration order."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Person]]:
        query = (
            sql.persons_in(self.context.scope)
            .where(person.c.household_id.in_(keys))
            .order_by(*MEMBER_ORDER)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Person.from_row, rows), lambda p: p.household_id)


class EmploymentByIdLoader(Loader[int, types.Employment | None]):
    """Employment records by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.Employment | None]:
        query = sql.employments_in(self.context.scope).where(employment.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.Employment.from_row, rows), lambda e: e.pk)


class EmploymentsByPersonLoader(Loader[int, list[types.Employment]]):
    """Employment records of persons by person id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Employment]]:
        query = (
            sql.employments_in(self.context.scope)
            .where(employment.c.person_id.in_(keys))
            .order_by(employment.c.start_date, employment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Employment.from_row, rows), lambda e: e.person_id)


LOADERS = (
    RegionByCodeLoader,
    ChildrenByRegionLoader,
    DepartmentByCodeLoader,
    HouseholdByIdLoader,
    PersonByIdLoader,
    MembersByHouseholdLoader,
    EmploymentByIdLoader,
    EmploymentsByPersonLoader,
)


async def prefetch_members(
    context: Any, households: Sequence[types.Household], *, with_employments: bool
) -> None:
    """Hand each household its members (and each member their employments) in one batch each."""
    if not households:
        return
    members = await context.loader(MembersByHouseholdLoader).fetch([h.pk for h in households])
    for household_obj, found in zip(households, members, strict=True):
        household_obj.prefetched_members = list(found)
    if with_employments:
        await prefetch_employments(context, [m for found in members for m in found])


async def prefetch_employments(context: Any, persons: Sequence[types.Person]) -> None:
    """Hand each person their employment records, fetched in one batch."""
    if not persons:
        return
    spells = await context.loader(EmploymentsByPersonLoader).fetch([p.pk for p in persons])
    for person_obj, found in zip(persons, spells, strict=True):
        person_obj.prefetched_employments = list(found)
