"""The plugin's record kinds (三(四)): each a table, a GraphQL type, a connection, mutations and
a ledger, declared once. Tables are prefixed `public_services_`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import UniqueConstraint, select

from core.sdk import (
    Problem,
    Record,
    RecordKind,
    Row,
    WriteContext,
    field,
    money_field,
    parent_field,
    region_field,
    table_of,
)
from jiuye_public_services.enums import AgencyKind, StaffSource
from jiuye_public_services.extensions import StationStaffed


class LabourStation(Record, table=True):
    """A village labour-service station (村级劳务工作站), at most one per administrative village."""

    __tablename__ = "public_services_station"
    __table_args__ = (UniqueConstraint("village_code", name="uq_public_services_station_village"),)

    village_code: str = region_field(
        header="行政村代码",
        description="所在行政村的 12 位区划代码；每村至多一个工作站。",
        level="VILLAGE",
        variants=("村代码", "区划代码", "行政村区划代码"),
    )
    name: str = field(
        header="工作站名称",
        description="工作站名称，1–64 个字。",
        max_length=64,
        searchable=True,
        variants=("劳务工作站名称", "名称"),
    )
    opened_on: date = field(
        header="建站日期",
        description="建站日期（含），不晚于今天。",
        not_future=True,
        variants=("成立日期", "建站时间"),
    )
    video_platform_on: date | None = field(
        header="远程视频平台开通日期",
        description="农民工远程视频综合服务平台开通日期（三(四)1），不晚于今天；尚未开通时为空。",
        default=None,
        not_future=True,
        variants=("远程视频服务平台开通日期", "视频平台开通日期"),
    )


class LabourStationStaff(Record, table=True):
    """A person working at a station (三(四)2: 三支一扶 graduates, public-welfare posts)."""

    __tablename__ = "public_services_staff"

    station_id: int = parent_field(
        table="public_services_station", header="工作站", description="所在的劳务工作站。"
    )
    name: str = field(header="姓名", description="姓名，1–32 个字。", max_length=32, personal=True)
    source: str = field(
        header="人员来源", description="人员来源。", max_length=16, choices=StaffSource
    )
    started_on: date = field(
        header="到站日期",
        description="到站工作的日期（含）：不早于建站日期，不晚于今天。",
        not_future=True,
    )


class PlacementSubsidy(Record, table=True):
    """A job-placement subsidy paid to an HR agency or labour broker (三(四)3)."""

    __tablename__ = "public_services_subsidy"

    county_code: str = region_field(
        header="县区代码", description="发放补贴的县区 6 位代码。", level="COUNTY"
    )
    agency: str = field(
        header="领取机构或经纪人",
        description="领取补贴的机构或经纪人名称，1–128 个字。",
        max_length=128,
        searchable=True,
    )
    agency_kind: str = field(
        header="领取者类别", description="领取者类别。", max_length=16, choices=AgencyKind
    )
    transferred: int = field(
        header="组织转移人数",
        description="组织转移就业的贫困劳动力，单位：人，1–10000。",
        minimum=1,
        maximum=10_000,
    )
    amount_fen: int = money_field(
        header="补贴金额",
        description="补贴金额，单位：元，精确到分，0–1000000。",
        maximum=1_000_000,
    )
    paid_on: date = field(header="拨付日期", description="拨付日期，不晚于今天。", not_future=True)


class AcceptanceItem(Record, table=True):
    """One item of a county, township or village acceptance checklist (三(四)4(2))."""

    __tablename__ = "public_services_acceptance"
    __table_args__ = (
        UniqueConstraint("region_code", "item", name="uq_public_services_acceptance_item"),
    )

    region_code: str = region_field(
        header="区划代码",
        description="验收对象（县区、乡镇或行政村）的区划代码。",
        level=None,
    )
    item: str = field(header="验收项目", description="验收项目，1–64 个字。", max_length=64)
    passed_on: date | None = field(
        header="验收通过日期",
        description="验收通过日期，不晚于今天；尚未通过时为空。",
        default=None,
        not_future=True,
    )


class HrAgency(Record, table=True):
    """An HR service agency or labour broker that organises transfers (三(四)3)."""

    __tablename__ = "public_services_agency"
    __table_args__ = (UniqueConstraint("credit_code", name="uq_public_services_agency_credit"),)

    county_code: str = region_field(
        header="县区代码", description="登记所在县区的 6 位代码。", level="COUNTY"
    )
    credit_code: str = field(
        header="统一社会信用代码",
        description="统一社会信用代码（劳务经纪人填身份证号以外的登记号），18 位以内；全市唯一。",
        max_length=18,
        searchable=True,
        variants=("信用代码", "登记号"),
    )
    name: str = field(
        header="机构或经纪人名称",
        description="机构或经纪人名称，1–128 个字。",
        max_length=128,
        searchable=True,
    )
    agency_kind: str = field(
        header="类别", description="机构类别。", max_length=16, choices=AgencyKind
    )


async def staff_start_after_opening(
    ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None
) -> Iterable[Problem]:
    """A worker cannot start before the station opened."""
    opened = await ctx.conn.scalar(
        select(station.c.opened_on).where(station.c.id == values["station_id"])
    )
    if opened is not None and values["started_on"] < opened:
        return [
            Problem(
                "started_on",
                "STAFF_BEFORE_OPENING",
                f"到站日期不能早于工作站的建站日期（{opened}）",
                values["started_on"],
            )
        ]
    return []


STATIONS = RecordKind(
    LabourStation,
    name="LabourStation",
    title="村级劳务工作站",
    description="村级劳务工作站（三(四)2），每个行政村至多一个；含该村远程视频服务平台（三(四)1）的开通情况。",
    plural="labourStations",
    date_field="opened_on",
    sheet="public_services_stations",
    sheet_title="村级劳务工作站台账",
    on_region="labourStations",
    on_household="labourStation",
    extra_fields=StationStaffed,
)
STAFF = RecordKind(
    LabourStationStaff,
    name="LabourStationStaff",
    title="劳务工作站工作人员",
    description="村级劳务工作站的一名工作人员。",
    plural="labourStationStaff",
    parent=STATIONS,
    children_field="staff",
    order_by=("started_on",),
    rules=[staff_start_after_opening],
)
SUBSIDIES = RecordKind(
    PlacementSubsidy,
    name="PlacementSubsidy",
    title="职业介绍补贴",
    description="发给组织贫困劳动力转移就业的人力资源服务机构或劳务经纪人的职业介绍补贴（三(四)3）。",
    plural="placementSubsidies",
    date_field="paid_on",
    sheet="public_services_subsidies",
    sheet_title="职业介绍补贴台账",
)
ACCEPTANCE = RecordKind(
    AcceptanceItem,
    name="AcceptanceItem",
    title="公共服务成效验收项目",
    description="县、乡、村三级公共服务脱贫成效验收清单中的一项（三(四)4(2)）。",
    plural="acceptanceItems",
    order_by=("item",),
    sheet="public_services_acceptance",
    sheet_title="公共服务成效验收清单",
    on_region="acceptanceItems",
    on_region_subtree=False,
)
AGENCIES = RecordKind(
    HrAgency,
    name="HrAgency",
    title="人力资源服务机构或劳务经纪人",
    description="组织贫困劳动力转移就业的人力资源服务机构或劳务经纪人（三(四)3），按统一社会信用代码全市唯一。",
    plural="hrAgencies",
    sheet="public_services_agencies",
    sheet_title="人力资源服务机构台账",
)
KINDS = (STATIONS, STAFF, SUBSIDIES, ACCEPTANCE, AGENCIES)
"""Every record kind of the plugin, parents before children."""

station = table_of(LabourStation)
staff = table_of(LabourStationStaff)
subsidy = table_of(PlacementSubsidy)
acceptance = table_of(AcceptanceItem)
