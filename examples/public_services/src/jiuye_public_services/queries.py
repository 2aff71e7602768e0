"""Root query fields of the plugin."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.graphql.context import Info
from core.graphql.errors import bad_argument
from core.regions import RegionCodeError, canonical_code, in_subtree
from jiuye_public_services import sql, types
from jiuye_public_services.models import station, subsidy

RegionArgument = Annotated[
    str | None,
    strawberry.argument(description="只列这个区划（含下级）的，如 450225；默认全部可见的。"),
]


def _subtree(field: str, region: str | None) -> str | None:
    if region is None:
        return None
    try:
        return canonical_code(region)
    except RegionCodeError as exc:
        raise bad_argument(field, "region", str(exc)) from None


@strawberry.type
class PublicServicesQuery:
    """Root query fields contributed by the public-services plugin."""

    @strawberry.field(description="村级劳务工作站，按行政村代码排序；至多 5,000 个。")
    async def labour_stations(
        self, info: Info, region: RegionArgument = None
    ) -> list[types.LabourStation]:
        query = sql.stations_in(info.context.scope).order_by(station.c.village_code).limit(5_000)
        code = _subtree("labourStations", region)
        if code is not None:
            query = query.where(in_subtree(station.c.village_code, code))
        async with info.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [types.LabourStation.from_row(row) for row in rows]

    @strawberry.field(description="职业介绍补贴，按拨付日期排序；至多 5,000 条。")
    async def placement_subsidies(
        self, info: Info, region: RegionArgument = None
    ) -> list[types.PlacementSubsidy]:
        query = (
            sql.subsidies_in(info.context.scope)
            .order_by(subsidy.c.paid_on, subsidy.c.id)
            .limit(5_000)
        )
        code = _subtree("placementSubsidies", region)
        if code is not None:
            query = query.where(in_subtree(subsidy.c.county_code, code))
        async with info.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [types.PlacementSubsidy.from_row(row) for row in rows]
