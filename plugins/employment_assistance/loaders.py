"""Per-request loaders for every relation of the plugin's records; each applies the scope."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select

from core.sdk import (
    Employment,
    Household,
    Loader,
    employment,
    employments_in,
    household,
    households_in,
    in_subtree,
    many_per_key,
    one_per_key,
    subtree_prefix,
)
from plugins.employment_assistance import sql
from plugins.employment_assistance.event_types import FiveEvent, JobFair, JobPush
from plugins.employment_assistance.models import (
    five_event,
    job_fair,
    job_push,
    job_push_household,
    minimum_wage,
    subsidy,
    village_post,
    workshop,
    workshop_worker,
)
from plugins.employment_assistance.types import (
    HiringSubsidy,
    MinimumWage,
    PovertyWorkshop,
    VillagePost,
)


class WorkshopByIdLoader(Loader[int, PovertyWorkshop | None]):
    """Workshops by id, within the caller's scope."""

    async def fetch(self, keys: list[int]) -> Sequence[PovertyWorkshop | None]:
        query = select(workshop).where(
            workshop.c.id.in_(keys), self.context.scope.where(workshop.c.township_code)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(PovertyWorkshop.from_row, rows), lambda w: w.pk)


class WorkshopsByRegionLoader(Loader[str, list[PovertyWorkshop]]):
    """Workshops in each region's subtree (by canonical region code), oldest first."""

    async def fetch(self, keys: list[str]) -> Sequence[list[PovertyWorkshop]]:
        column = workshop.c.township_code
        query = (
            select(workshop)
            .where(or_(*(in_subtree(column, key) for key in keys)))
            .where(self.context.scope.where(column))
            .order_by(workshop.c.certified_on, workshop.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        found = [PovertyWorkshop.from_row(row) for row in rows]
        prefixes = {key: subtree_prefix(key) for key in keys}
        return [[w for w in found if w.township_code.startswith(prefixes[key])] for key in keys]


class EmploymentsByWorkshopLoader(Loader[int, list[Employment]]):
    """Employment records of each workshop's poor labourers, by workshop id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Employment]]:
        query = (
            employments_in(self.context.scope)
            .add_columns(workshop_worker.c.workshop_id)
            .join(workshop_worker, workshop_worker.c.employment_id == employment.c.id)
            .where(workshop_worker.c.workshop_id.in_(keys))
            .order_by(employment.c.start_date, employment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = [(row.workshop_id, Employment.from_row(row)) for row in rows]
        grouped = many_per_key(keys, pairs, lambda pair: pair[0])
        return [[job for _, job in group] for group in grouped]


class VillagePostByIdLoader(Loader[int, VillagePost | None]):
    """Village posts by id, within the caller's scope."""

    async def fetch(self, keys: list[int]) -> Sequence[VillagePost | None]:
        query = select(village_post).where(
            village_post.c.id.in_(keys), self.context.scope.where(village_post.c.village_code)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(VillagePost.from_row, rows), lambda p: p.pk)


class VillagePostsByPersonLoader(Loader[int, list[VillagePost]]):
    """Every village post each person has held, by person id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[VillagePost]]:
        query = (
            select(village_post)
            .where(
                village_post.c.person_id.in_(keys),
                self.context.scope.where(village_post.c.village_code),
            )
            .order_by(village_post.c.start_date, village_post.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(VillagePost.from_row, rows), lambda p: p.person_id)


class MinimumWageByIdLoader(Loader[int, MinimumWage | None]):
    """Minimum wage settings by id, within the caller's scope."""

    async def fetch(self, keys: list[int]) -> Sequence[MinimumWage | None]:
        query = select(minimum_wage).where(
            minimum_wage.c.id.in_(keys), self.context.scope.where(minimum_wage.c.county_code)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(MinimumWage.from_row, rows), lambda w: w.pk)


class HiringSubsidyByIdLoader(Loader[int, HiringSubsidy | None]):
    """Subsidies by id, within the caller's scope (through the hired person's household)."""

    async def fetch(self, keys: list[int]) -> Sequence[HiringSubsidy | None]:
        query = sql.subsidies_in(self.context.scope).where(subsidy.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(HiringSubsidy.from_row, rows), lambda s: s.pk)


class HiringSubsidiesByPersonLoader(Loader[int, list[HiringSubsidy]]):
    """Every subsidy granted for hiring each person, by person id, in the order granted."""

    async def fetch(self, keys: list[int]) -> Sequence[list[HiringSubsidy]]:
        query = (
            sql.subsidies_in(self.context.scope)
            .where(subsidy.c.person_id.in_(keys))
            .order_by(subsidy.c.granted_on, subsidy.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(HiringSubsidy.from_row, rows), lambda s: s.person_id)


class JobFairByIdLoader(Loader[int, JobFair | None]):
    """Job fairs by id, within the caller's scope."""

    async def fetch(self, keys: list[int]) -> Sequence[JobFair | None]:
        query = select(job_fair).where(
            job_fair.c.id.in_(keys), self.context.scope.where(job_fair.c.region_code)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(JobFair.from_row, rows), lambda f: f.pk)


class JobPushByIdLoader(Loader[int, JobPush | None]):
    """Job pushes by id, within the caller's scope."""

    async def fetch(self, keys: list[int]) -> Sequence[JobPush | None]:
        query = select(job_push).where(
            job_push.c.id.in_(keys), self.context.scope.where(job_push.c.region_code)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(JobPush.from_row, rows), lambda p: p.pk)


class HouseholdsByJobPushLoader(Loader[int, list[Household]]):
    """The households each push reached (those in the caller's scope), by push id."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Household]]:
        query = (
            households_in(self.context.scope)
            .add_columns(job_push_household.c.push_id)
            .join(job_push_household, job_push_household.c.household_id == household.c.id)
            .where(job_push_household.c.push_id.in_(keys))
            .order_by(household.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = [(row.push_id, Household.from_row(row)) for row in rows]
        grouped = many_per_key(keys, pairs, lambda pair: pair[0])
        return [[found for _, found in group] for group in grouped]


class FiveEventByIdLoader(Loader[int, FiveEvent | None]):
    """ "五个一" events by id, within the caller's scope."""

    async def fetch(self, keys: list[int]) -> Sequence[FiveEvent | None]:
        query = select(five_event).where(
            five_event.c.id.in_(keys), self.context.scope.where(five_event.c.region_code)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(FiveEvent.from_row, rows), lambda e: e.pk)


LOADERS = (
    WorkshopByIdLoader,
    WorkshopsByRegionLoader,
    EmploymentsByWorkshopLoader,
    VillagePostByIdLoader,
    VillagePostsByPersonLoader,
    MinimumWageByIdLoader,
    HiringSubsidyByIdLoader,
    HiringSubsidiesByPersonLoader,
    JobFairByIdLoader,
    JobPushByIdLoader,
    HouseholdsByJobPushLoader,
    FiveEventByIdLoader,
)
