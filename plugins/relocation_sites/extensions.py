"""Fields the plugin adds to the core's types: a household's site, a region's sites."""

from __future__ import annotations

import strawberry

from core.sdk import Household, Info, Region, TypeExtension
from plugins.relocation_sites import types


@strawberry.type
class HouseholdRelocationSite:
    """Household.relocationSite."""

    @strawberry.field(
        description="所在的易地扶贫搬迁安置点；未分配（或不在权限范围内）时为空。应与 relocated 标记一致。"
    )
    async def relocation_site(self, info: Info) -> types.RelocationSite | None:
        from plugins.relocation_sites.loaders import RelocationSiteByHouseholdLoader

        owner: Household = self  # type: ignore[assignment]  # the resolver runs on a Household
        return await info.context.loader(RelocationSiteByHouseholdLoader).load(owner.pk)


@strawberry.type
class RegionRelocationSites:
    """Region.relocationSites."""

    @strawberry.field(
        description="该区划内（含下级）的易地扶贫搬迁安置点，按登记先后排序；行政村下为空列表。"
    )
    async def relocation_sites(self, info: Info) -> list[types.RelocationSite]:
        from plugins.relocation_sites.loaders import RelocationSitesByRegionLoader

        owner: Region = self  # type: ignore[assignment]  # the resolver runs on a Region
        return await info.context.loader(RelocationSitesByRegionLoader).load(owner.code)


EXTENSIONS = [
    TypeExtension(Household, HouseholdRelocationSite),
    TypeExtension(Region, RegionRelocationSites),
]
