"""GraphQL types of the plugin: contracts mapped explicitly from table rows."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy.engine import Row

from core.graphql.context import Info
from core.graphql.directives import PERSONAL
from core.graphql.enums import graphql_enum
from core.graphql.node import Node, to_global_id
from core.money import fen_to_yuan
from core.records.types import Region
from jiuye_public_services.enums import AgencyKind, StaffSource

graphql_enum(StaffSource, "劳务工作站工作人员的来源（三(四)2）。")
graphql_enum(AgencyKind, "领取职业介绍补贴的市场主体类别（三(四)3）。")


@strawberry.type(name="LabourStationStaff", description="村级劳务工作站的一名工作人员。")
class LabourStationStaff:
    """A person working at a station."""

    pk: strawberry.Private[int]
    station_id: strawberry.Private[int]
    name: str = strawberry.field(description="姓名，不超过 32 个字。", directives=[PERSONAL])
    source: StaffSource = strawberry.field(description="人员来源。")
    started_on: date = strawberry.field(description="到站工作的日期（含）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> LabourStationStaff:
        """Map a `public_services_staff` row."""
        return cls(
            pk=row.id,
            station_id=row.station_id,
            name=row.name,
            source=StaffSource(row.source),
            started_on=row.started_on,
        )


@strawberry.type(
    name="LabourStation",
    description="村级劳务工作站（三(四)2），每个行政村至多一个；含该村远程视频服务平台（三(四)1）的开通情况。",
)
class LabourStation(Node):
    """A village labour-service station."""

    pk: strawberry.Private[int]
    village_code: str = strawberry.field(description="所在行政村的 12 位区划代码。")
    name: str = strawberry.field(description="工作站名称，不超过 64 个字。")
    opened_on: date = strawberry.field(description="建站日期（含），不晚于今天。")
    video_platform_on: date | None = strawberry.field(
        description="农民工远程视频综合服务平台开通日期；尚未开通时为空。"
    )
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> LabourStation:
        """Map a `public_services_station` row."""
        return cls(
            id=to_global_id("LabourStation", row.id),
            pk=row.id,
            village_code=row.village_code,
            name=row.name,
            opened_on=row.opened_on,
            video_platform_on=row.video_platform_on,
            version=row.version,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> LabourStation | None:
        from jiuye_public_services.loaders import LabourStationByIdLoader

        if not key.isdigit():
            return None
        return await info.context.loader(LabourStationByIdLoader).load(int(key))

    @strawberry.field(description="所在行政村。")
    async def village(self, info: Info) -> Region | None:
        from core.records.loaders import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.village_code)

    @strawberry.field(description="工作人员，按到站日期排序。")
    async def staff(self, info: Info) -> list[LabourStationStaff]:
        from jiuye_public_services.loaders import StaffByStationLoader

        return await info.context.loader(StaffByStationLoader).load(self.pk)

    @strawberry.field(description="是否已配备工作人员（至少 1 人）。")
    async def staffed(self, info: Info) -> bool:
        return bool(await self.staff(info))


@strawberry.type(
    name="PlacementSubsidy",
    description="发给组织贫困劳动力转移就业的人力资源服务机构或劳务经纪人的职业介绍补贴（三(四)3）。",
)
class PlacementSubsidy(Node):
    """A job-placement subsidy."""

    pk: strawberry.Private[int]
    county_code: str = strawberry.field(description="发放补贴的县区 6 位代码。")
    agency: str = strawberry.field(description="领取补贴的机构或经纪人名称，不超过 128 个字。")
    agency_kind: AgencyKind = strawberry.field(description="领取者类别。")
    transferred: int = strawberry.field(description="组织转移就业的贫困劳动力，单位：人，1–10000。")
    amount: Decimal = strawberry.field(description="补贴金额，单位：元，精确到分。")
    paid_on: date = strawberry.field(description="拨付日期。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> PlacementSubsidy:
        """Map a `public_services_subsidy` row."""
        return cls(
            id=to_global_id("PlacementSubsidy", row.id),
            pk=row.id,
            county_code=row.county_code,
            agency=row.agency,
            agency_kind=AgencyKind(row.agency_kind),
            transferred=row.transferred,
            amount=fen_to_yuan(row.amount_fen),
            paid_on=row.paid_on,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> PlacementSubsidy | None:
        from jiuye_public_services.loaders import PlacementSubsidyByIdLoader

        if not key.isdigit():
            return None
        return await info.context.loader(PlacementSubsidyByIdLoader).load(int(key))


@strawberry.type(
    name="AcceptanceItem",
    description="县、乡、村三级公共服务脱贫成效验收清单中的一项（三(四)4(2)）。",
)
class AcceptanceItem:
    """One checklist item of a region."""

    region_code: str = strawberry.field(description="验收对象（县区、乡镇或行政村）的区划代码。")
    item: str = strawberry.field(description="验收项目，不超过 64 个字。")
    passed_on: date | None = strawberry.field(description="验收通过日期；尚未通过时为空。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> AcceptanceItem:
        """Map a `public_services_acceptance` row."""
        return cls(region_code=row.region_code, item=row.item, passed_on=row.passed_on)
