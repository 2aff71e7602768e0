"""Fields the plugin adds to the core's types: `Household.labourStation`, `Region.labourStations`,
`Region.acceptanceItems`."""

from __future__ import annotations

from typing import cast

import strawberry

from core.graphql.context import Info
from core.hookspecs import TypeExtension
from core.records import types as core_types
from jiuye_public_services import types
from jiuye_public_services.loaders import (
    AcceptanceItemsByRegionLoader,
    LabourStationByVillageLoader,
    LabourStationsByRegionLoader,
)


@strawberry.type
class HouseholdLabourStation:
    """Fields on `Household`."""

    @strawberry.field(
        description="户所在行政村的劳务工作站；该村没有工作站（或不在您的权限范围内）时为空。"
    )
    async def labour_station(self, info: Info) -> types.LabourStation | None:
        household = cast("core_types.Household", self)
        return await info.context.loader(LabourStationByVillageLoader).load(household.village_code)


@strawberry.type
class RegionPublicServices:
    """Fields on `Region`."""

    @strawberry.field(
        description="本区划（含下级）内的村级劳务工作站，按行政村代码排序；只列出您权限范围内可见的。"
    )
    async def labour_stations(self, info: Info) -> list[types.LabourStation]:
        region = cast("core_types.Region", self)
        return await info.context.loader(LabourStationsByRegionLoader).load(region.code)

    @strawberry.field(
        description="本区划自己这一级的公共服务成效验收清单（三(四)4(2)），按项目排序。"
    )
    async def acceptance_items(self, info: Info) -> list[types.AcceptanceItem]:
        region = cast("core_types.Region", self)
        return await info.context.loader(AcceptanceItemsByRegionLoader).load(region.code)


EXTENSIONS = [
    TypeExtension(core_types.Household, HouseholdLabourStation),
    TypeExtension(core_types.Region, RegionPublicServices),
]
