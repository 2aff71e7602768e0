"""Per-request loaders for every relation of the plugin's records; each applies the caller's scope."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_

from core.graphql.loaders import Loader, many_per_key, one_per_key
from core.regions import in_subtree, subtree_prefix
from jiuye_public_services import sql, types
from jiuye_public_services.models import acceptance, staff, station, subsidy


class LabourStationByIdLoader(Loader[int, types.LabourStation | None]):
    """Stations by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.LabourStation | None]:
        query = sql.stations_in(self.context.scope).where(station.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.LabourStation.from_row, rows), lambda s: s.pk)


class LabourStationByVillageLoader(Loader[str, types.LabourStation | None]):
    """The station of each administrative village, by village code."""

    async def fetch(self, keys: list[str]) -> Sequence[types.LabourStation | None]:
        query = sql.stations_in(self.context.scope).where(station.c.village_code.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.LabourStation.from_row, rows), lambda s: s.village_code)


class LabourStationsByRegionLoader(Loader[str, list[types.LabourStation]]):
    """Stations in each region's subtree, by region code, in village-code order."""

    async def fetch(self, keys: list[str]) -> Sequence[list[types.LabourStation]]:
        query = (
            sql.stations_in(self.context.scope)
            .where(or_(*(in_subtree(station.c.village_code, k) for k in keys)))
            .order_by(station.c.village_code)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        found = [types.LabourStation.from_row(row) for row in rows]
        return [[s for s in found if s.village_code.startswith(subtree_prefix(k))] for k in keys]


class StaffByStationLoader(Loader[int, list[types.LabourStationStaff]]):
    """Staff of stations by station id, earliest start first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.LabourStationStaff]]:
        query = (
            sql.staff_in(self.context.scope)
            .where(staff.c.station_id.in_(keys))
            .order_by(staff.c.started_on, staff.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(
            keys, map(types.LabourStationStaff.from_row, rows), lambda s: s.station_id
        )


class PlacementSubsidyByIdLoader(Loader[int, types.PlacementSubsidy | None]):
    """Placement subsidies by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.PlacementSubsidy | None]:
        query = sql.subsidies_in(self.context.scope).where(subsidy.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.PlacementSubsidy.from_row, rows), lambda s: s.pk)


class AcceptanceItemsByRegionLoader(Loader[str, list[types.AcceptanceItem]]):
    """A region's own checklist items (not its subtree's), by region code, in item order."""

    async def fetch(self, keys: list[str]) -> Sequence[list[types.AcceptanceItem]]:
        query = (
            sql.acceptance_in(self.context.scope)
            .where(acceptance.c.region_code.in_(keys))
            .order_by(acceptance.c.item)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.AcceptanceItem.from_row, rows), lambda a: a.region_code)


LOADERS = (
    LabourStationByIdLoader,
    LabourStationByVillageLoader,
    LabourStationsByRegionLoader,
    StaffByStationLoader,
    PlacementSubsidyByIdLoader,
    AcceptanceItemsByRegionLoader,
)
