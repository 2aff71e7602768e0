"""The plugin's record kinds (declared once: table, API, checks) and its two link tables.

Every record reaches its region through its site's township code, so a caller's scope and the
metrics' region breakdowns apply to all of them by one indexed code column.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.sdk import (
    JobFairFields,
    JobPushFields,
    Record,
    UtcDateTime,
    field,
    money_field,
    parent_field,
    person_field,
    region_field,
    table_of,
)
from plugins.relocation_sites.enums import SiteFacilityKind

SITE_HEADER = "安置点"


def _site(description: str) -> int:
    result: int = parent_field(table="relocation_site", header=SITE_HEADER, description=description)
    return result


class RelocationSite(Record, table=True):
    """A resettlement site of 易地扶贫搬迁 (安置点)."""

    __tablename__ = "relocation_site"
    __table_args__ = (UniqueConstraint("county_code", "name", name="uq_relocation_site_name"),)

    name: str = field(
        header="安置点名称",
        description="安置点名称，县区内唯一，1–64 个字。",
        max_length=64,
        searchable=True,
    )
    township_code: str = region_field(
        header="所在乡镇",
        description="所在乡镇的区划代码；安置点登记在所在乡镇。",
        level="TOWNSHIP",
    )
    population: int = field(
        header="安置人口",
        description="安置人口，单位：人（1–100,000）。",
        minimum=1,
        maximum=100_000,
    )
    community_managed: bool = field(
        header="是否纳入社区管理",
        description="是否已纳入社区（行政村）管理；未纳入的规模以上安置点须建服务站（三(五)4）。",
    )
    has_conditions: bool = field(
        header="是否具备建微车间条件",
        description="是否具备建设微车间的条件；具备条件的安置点至少建 1 个微车间（三(五)1）。",
        default=True,
    )
    post_requirement: int | None = field(
        header="管理员设定岗位数",
        description="方案未规定岗位数的安置点（3001–4999 人）由管理员设定的应设数，单位：个（1–100）；只有管理员可改。",
        default=None,
        minimum=1,
        maximum=100,
    )
    post_requirement_basis: str | None = field(
        header="设定依据",
        description="管理员设定岗位数的依据，至多 200 字。",
        default=None,
        max_length=200,
    )
    county_code: str = Field(foreign_key="region.code", max_length=12)
    """The county of the township (its first six digits): the key names a site within it."""


class RelocationSiteHousehold(SQLModel, table=True):
    """A registered household living at a site: at most one site per household."""

    __tablename__ = "relocation_site_household"

    household_id: int = Field(foreign_key="household.id", primary_key=True)
    site_id: int = Field(foreign_key="relocation_site.id", index=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class RelocationFacility(Record, table=True):
    """A 微车间, 微田园 or 微市场 at or near a site."""

    __tablename__ = "relocation_facility"
    __table_args__ = (
        UniqueConstraint("site_id", "kind", "name", name="uq_relocation_facility_name"),
    )

    site_id: int = _site("所属安置点。")
    kind: str = field(
        header="类别",
        description="微车间、微田园或微市场。",
        max_length=16,
        choices=SiteFacilityKind,
        variants=("三微类别", "平台类别"),
    )
    name: str = field(
        header="名称",
        description="名称，1–64 个字；同一安置点同类唯一。",
        max_length=64,
        searchable=True,
        variants=("平台名称", "微车间名称"),
    )
    operator: str = field(
        header="经营主体",
        description="经营主体（企业、合作社或安置点管理机构）。",
        max_length=64,
        variants=("运营主体", "经营单位"),
    )
    distance_m: int = field(
        header="距离(米)",
        description="与安置点的距离，单位：米；0 表示在安置点内，最远为“附近”的上限（默认 5000 米）。",
        default=0,
        minimum=0,
        maximum=100_000,
        variants=("距离", "与安置点距离(米)", "距安置点(米)"),
    )
    business_registration: str | None = field(
        header="统一社会信用代码",
        description="工商登记的 18 位统一社会信用代码；未登记时为空。",
        default=None,
        max_length=18,
        variants=("工商登记号", "工商注册号"),
    )
    jobs: int = field(
        header="岗位数",
        description="提供的就业岗位数，单位：个（0–10,000）。",
        default=0,
        minimum=0,
        maximum=10_000,
        variants=("提供岗位数", "就业岗位数"),
    )
    opened_on: date = field(
        header="建成日期",
        description="建成或认定日期。",
        not_future=True,
        variants=("认定日期", "建成或认定日期"),
    )
    closed_on: date | None = field(
        header="停办日期",
        description="停办日期（含当天仍在运营）；为空表示仍在运营。",
        default=None,
        not_future=True,
        variants=("关闭日期",),
    )


class RelocationFacilityEmployment(SQLModel, table=True):
    """A relocated labourer's spell of work at a facility (the core's employment record)."""

    __tablename__ = "relocation_facility_employment"

    employment_id: int = Field(foreign_key="employment.id", primary_key=True)
    facility_id: int = Field(foreign_key="relocation_facility.id", index=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class RelocationSitePost(Record, table=True):
    """A public-welfare post at a site: vacant, or held by a resident from start to end."""

    __tablename__ = "relocation_site_post"

    site_id: int = _site("所属安置点。")
    title: str = field(
        header="岗位名称",
        description="岗位名称，如保洁员、治安巡逻员，1–32 个字。",
        max_length=32,
        searchable=True,
    )
    opened_on: date = field(header="岗位开发日期", description="岗位开发日期。", not_future=True)
    holder_id: int | None = person_field(
        description="在岗人（本安置点搬迁户的成员）；空缺时为空。",
        header="在岗人身份证号",
        name_header="在岗人姓名",
        default=None,
        editable=True,
    )
    start_date: date | None = field(
        header="上岗日期", description="在岗人上岗日期；空缺时为空。", default=None, not_future=True
    )
    end_date: date | None = field(
        header="离岗日期",
        description="岗位结束日期（在岗人离岗或岗位撤销，含当天）；为空表示仍在。",
        default=None,
        not_future=True,
    )
    monthly_pay_fen: int | None = money_field(
        header="月补贴(元)",
        description="月岗位补贴（0–10,000 元）；未登记时为空。",
        maximum=10_000,
        personal=True,
        default=None,
    )


class RelocationJobFair(Record, JobFairFields, table=True):
    """A special job fair or postings-release event held for a site."""

    __tablename__ = "relocation_job_fair"
    __table_args__ = (
        UniqueConstraint("site_id", "held_on", "title", name="uq_relocation_job_fair"),
    )

    site_id: int = _site("举办专场招聘的安置点。")


class RelocationJobPush(Record, JobPushFields, table=True):
    """Postings pushed to a site's households on one day through one channel."""

    __tablename__ = "relocation_job_push"
    __table_args__ = (
        UniqueConstraint("site_id", "pushed_on", "channel", name="uq_relocation_job_push"),
    )

    site_id: int = _site("收到推送的安置点。")


class RelocationServiceStation(Record, table=True):
    """A labour and social-security service station (劳动就业社会保障服务站) at a site."""

    __tablename__ = "relocation_service_station"
    __table_args__ = (UniqueConstraint("site_id", name="uq_relocation_service_station_site"),)

    site_id: int = _site("所属安置点；一个安置点建一个服务站。")
    name: str = field(header="服务站名称", description="服务站名称，1–64 个字。", max_length=64)
    established_on: date = field(header="建站日期", description="建站日期。", not_future=True)
    staff: int = field(
        header="工作人员数",
        description="工作人员数，单位：人（三(五)4：1–3）。",
        minimum=1,
        maximum=3,
    )
    subsidy_fen: int | None = money_field(
        header="市本级补助(元)",
        description="市本级补助资金（三(五)4：按规模 50,000–100,000 元）；尚未下达时为空。",
        minimum=50_000,
        maximum=100_000,
        default=None,
    )
    organisation_ready: bool = field(header="机构到位", description="机构到位。", default=False)
    personnel_ready: bool = field(header="人员到位", description="人员到位。", default=False)
    funding_ready: bool = field(header="经费到位", description="经费到位。", default=False)
    premises_ready: bool = field(header="场地到位", description="场地到位。", default=False)
    work_ready: bool = field(header="工作到位", description="工作到位。", default=False)
    rules_ready: bool = field(header="制度到位", description="制度到位。", default=False)


site = table_of(RelocationSite)
site_household = table_of(RelocationSiteHousehold)
facility = table_of(RelocationFacility)
facility_employment = table_of(RelocationFacilityEmployment)
site_post = table_of(RelocationSitePost)
job_fair = table_of(RelocationJobFair)
job_push = table_of(RelocationJobPush)
service_station = table_of(RelocationServiceStation)

TABLES = (
    RelocationSite,
    RelocationSiteHousehold,
    RelocationFacility,
    RelocationFacilityEmployment,
    RelocationSitePost,
    RelocationJobFair,
    RelocationJobPush,
    RelocationServiceStation,
)
"""Every table of the plugin, parents before children."""
