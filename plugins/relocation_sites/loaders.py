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
    in_subtree,
    many_per_key,
    one_per_key,
    subtree_prefix,
)
from plugins.relocation_sites import sql, types
from plugins.relocation_sites.job_types import SiteJobFair, SiteJobPush, SitePost
from plugins.relocation_sites.models import (
    facility,
    facility_employment,
    job_fair,
    job_push,
    service_station,
    site,
    site_household,
    site_post,
)


class RelocationSiteByIdLoader(Loader[int, types.RelocationSite | None]):
    """Sites by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.RelocationSite | None]:
        query = sql.sites_in(self.context.scope).where(site.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.RelocationSite.from_row, rows), lambda s: s.pk)


class RelocationSiteByHouseholdLoader(Loader[int, types.RelocationSite | None]):
    """The site a household lives at, by household id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.RelocationSite | None]:
        query = (
            select(site_household.c.household_id, site)
            .join(site, site.c.id == site_household.c.site_id)
            .where(site_household.c.household_id.in_(keys), sql.in_scope(self.context.scope))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        found = {row.household_id: types.RelocationSite.from_row(row) for row in rows}
        return [found.get(key) for key in keys]


class RelocationSitesByRegionLoader(Loader[str, list[types.RelocationSite]]):
    """Sites in each region's subtree, by canonical region code, in registration order."""

    async def fetch(self, keys: list[str]) -> Sequence[list[types.RelocationSite]]:
        query = (
            sql.sites_in(self.context.scope)
            .where(or_(*(in_subtree(site.c.township_code, key) for key in keys)))
            .order_by(site.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        sites = [types.RelocationSite.from_row(row) for row in rows]
        return [
            [s for s in sites if s.township_code.startswith(subtree_prefix(key))]
            if len(key) < 12
            else []
            for key in keys
        ]


class SiteHouseholdsBySiteLoader(Loader[int, list[Household]]):
    """Households living at each site, by site id, in registration order."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Household]]:
        query = (
            sql.linked_households(self.context.scope)
            .where(site_household.c.site_id.in_(keys))
            .order_by(household.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = [(row.site_id, Household.from_row(row)) for row in rows]
        grouped = many_per_key(keys, pairs, lambda pair: pair[0])
        return [[h for _, h in group] for group in grouped]


class SiteFacilityByIdLoader(Loader[int, types.SiteFacility | None]):
    """Facilities by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.SiteFacility | None]:
        query = (
            select(facility)
            .join(site, site.c.id == facility.c.site_id)
            .where(facility.c.id.in_(keys), sql.in_scope(self.context.scope))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.SiteFacility.from_row, rows), lambda f: f.pk)


class SiteFacilitiesBySiteLoader(Loader[int, list[types.SiteFacility]]):
    """Facilities of each site, by site id, in registration order."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.SiteFacility]]:
        query = (
            select(facility)
            .join(site, site.c.id == facility.c.site_id)
            .where(facility.c.site_id.in_(keys), sql.in_scope(self.context.scope))
            .order_by(facility.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.SiteFacility.from_row, rows), lambda f: f.site_id)


class FacilityEmploymentsByFacilityLoader(Loader[int, list[Employment]]):
    """Employment records linked to each facility, by facility id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Employment]]:
        query = (
            employments_in(self.context.scope)
            .add_columns(facility_employment.c.facility_id)
            .join(facility_employment, facility_employment.c.employment_id == employment.c.id)
            .where(facility_employment.c.facility_id.in_(keys))
            .order_by(employment.c.start_date, employment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = [(row.facility_id, Employment.from_row(row)) for row in rows]
        grouped = many_per_key(keys, pairs, lambda pair: pair[0])
        return [[e for _, e in group] for group in grouped]


class SitePostByIdLoader(Loader[int, SitePost | None]):
    """Site posts by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[SitePost | None]:
        query = (
            select(site_post)
            .join(site, site.c.id == site_post.c.site_id)
            .where(site_post.c.id.in_(keys), sql.in_scope(self.context.scope))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(SitePost.from_row, rows), lambda p: p.pk)


class SitePostsBySiteLoader(Loader[int, list[SitePost]]):
    """Posts of each site, by site id, in registration order."""

    async def fetch(self, keys: list[int]) -> Sequence[list[SitePost]]:
        query = (
            select(site_post)
            .join(site, site.c.id == site_post.c.site_id)
            .where(site_post.c.site_id.in_(keys), sql.in_scope(self.context.scope))
            .order_by(site_post.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(SitePost.from_row, rows), lambda p: p.site_id)


class SiteJobFairByIdLoader(Loader[int, SiteJobFair | None]):
    """Job fairs by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[SiteJobFair | None]:
        query = (
            select(job_fair)
            .join(site, site.c.id == job_fair.c.site_id)
            .where(job_fair.c.id.in_(keys), sql.in_scope(self.context.scope))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(SiteJobFair.from_row, rows), lambda f: f.pk)


class SiteJobFairsBySiteLoader(Loader[int, list[SiteJobFair]]):
    """Job fairs of each site, by site id, by date."""

    async def fetch(self, keys: list[int]) -> Sequence[list[SiteJobFair]]:
        query = (
            select(job_fair)
            .join(site, site.c.id == job_fair.c.site_id)
            .where(job_fair.c.site_id.in_(keys), sql.in_scope(self.context.scope))
            .order_by(job_fair.c.held_on, job_fair.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(SiteJobFair.from_row, rows), lambda f: f.site_id)


class SiteJobPushByIdLoader(Loader[int, SiteJobPush | None]):
    """Job pushes by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[SiteJobPush | None]:
        query = (
            select(job_push)
            .join(site, site.c.id == job_push.c.site_id)
            .where(job_push.c.id.in_(keys), sql.in_scope(self.context.scope))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(SiteJobPush.from_row, rows), lambda p: p.pk)


class SiteJobPushesBySiteLoader(Loader[int, list[SiteJobPush]]):
    """Job pushes to each site, by site id, by date."""

    async def fetch(self, keys: list[int]) -> Sequence[list[SiteJobPush]]:
        query = (
            select(job_push)
            .join(site, site.c.id == job_push.c.site_id)
            .where(job_push.c.site_id.in_(keys), sql.in_scope(self.context.scope))
            .order_by(job_push.c.pushed_on, job_push.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(SiteJobPush.from_row, rows), lambda p: p.site_id)


class ServiceStationByIdLoader(Loader[int, types.ServiceStation | None]):
    """Service stations by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.ServiceStation | None]:
        query = (
            select(service_station)
            .join(site, site.c.id == service_station.c.site_id)
            .where(service_station.c.id.in_(keys), sql.in_scope(self.context.scope))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.ServiceStation.from_row, rows), lambda s: s.pk)


class ServiceStationBySiteLoader(Loader[int, types.ServiceStation | None]):
    """The service station of each site, by site id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.ServiceStation | None]:
        query = (
            select(service_station)
            .join(site, site.c.id == service_station.c.site_id)
            .where(service_station.c.site_id.in_(keys), sql.in_scope(self.context.scope))
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.ServiceStation.from_row, rows), lambda s: s.site_id)


LOADERS = (
    RelocationSiteByIdLoader,
    RelocationSiteByHouseholdLoader,
    RelocationSitesByRegionLoader,
    SiteHouseholdsBySiteLoader,
    SiteFacilityByIdLoader,
    SiteFacilitiesBySiteLoader,
    FacilityEmploymentsByFacilityLoader,
    SitePostByIdLoader,
    SitePostsBySiteLoader,
    SiteJobFairByIdLoader,
    SiteJobFairsBySiteLoader,
    SiteJobPushByIdLoader,
    SiteJobPushesBySiteLoader,
    ServiceStationByIdLoader,
    ServiceStationBySiteLoader,
)
