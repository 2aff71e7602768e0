"""GraphQL inputs of the plugin's mutations; each maps to a service's plain data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from plugins.relocation_sites.enums import SiteFacilityKind, SiteJobPushChannel

_VERSION = "您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"


@strawberry.input(description="登记一个易地扶贫搬迁安置点。")
class CreateRelocationSiteInput:
    """A new site."""

    name: str = strawberry.field(description="安置点名称，2–64 个字，县区内唯一。")
    township_code: str = strawberry.field(
        description="所在乡镇的区划代码（9 位，或补零的 12 位）。"
    )
    population: int = strawberry.field(description="安置人口，单位：人（1–100,000）。")
    community_managed: bool = strawberry.field(description="是否已纳入社区（行政村）管理。")
    has_conditions: bool = strawberry.field(
        default=True, description="是否具备建设微车间的条件（默认具备）。"
    )


@strawberry.input(description="修改一个安置点；不给的字段保持不变。")
class UpdateRelocationSiteInput:
    """Changes to a site."""

    id: strawberry.ID = strawberry.field(description="安置点的全局标识（RelocationSite.id）。")
    version: int | None = strawberry.field(default=None, description=_VERSION)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="安置点名称。")
    township_code: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="所在乡镇；已分配搬迁户的安置点不能迁到其他县区。",
    )
    population: int | None = strawberry.field(
        default=strawberry.UNSET, description="安置人口，单位：人（1–100,000）。"
    )
    community_managed: bool | None = strawberry.field(
        default=strawberry.UNSET, description="是否已纳入社区（行政村）管理。"
    )
    has_conditions: bool | None = strawberry.field(
        default=strawberry.UNSET, description="是否具备建设微车间的条件。"
    )


@strawberry.input(
    description="管理员为安置人口 3001–4999 人（方案未规定岗位数）的安置点设定公益性岗位应设数。"
)
class SetSitePostRequirementInput:
    """An administrator's figure for a site the plan's rule says nothing about."""

    site_id: strawberry.ID = strawberry.field(description="安置点的全局标识。")
    value: int | None = strawberry.field(
        description="应设岗位数，单位：个（1–100）；传 null 清除，恢复为“方案未规定”。"
    )
    basis: str | None = strawberry.field(
        default=None, description="设定依据（文件或会议纪要），2–200 个字；设定时必填。"
    )
    version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(
    description="把一户易地扶贫搬迁户分配到本县区的一个安置点（已在别处的改到这里）。"
)
class SiteHouseholdAssignInput:
    """A household and the site it lives at."""

    registry_number: str = strawberry.field(description="户编号；该户须已标记为易地扶贫搬迁户。")
    site_id: strawberry.ID = strawberry.field(description="安置点的全局标识。")


@strawberry.input(description="取消一户的安置点分配。")
class SiteHouseholdRemoveInput:
    """A household to take off its site."""

    registry_number: str = strawberry.field(description="户编号。")


@strawberry.input(description="登记安置点内或附近的一个微车间、微田园或微市场。")
class CreateSiteFacilityInput:
    """A new facility."""

    site_id: strawberry.ID = strawberry.field(description="对接的安置点的全局标识。")
    kind: SiteFacilityKind = strawberry.field(description="类别。")
    name: str = strawberry.field(description="名称，2–64 个字，同一安置点同类别内唯一。")
    operator: str = strawberry.field(description="经营主体，2–64 个字。")
    opened_on: date = strawberry.field(description="建成或认定日期（2016-01-01 至今天）。")
    distance: int = strawberry.field(
        default=0,
        description="与安置点的距离，单位：米；0 表示在安置点内，最大为“附近”的上限（默认 5000 米）。",
    )
    business_registration: str | None = strawberry.field(
        default=None, description="18 位统一社会信用代码（工商登记），可不填。"
    )
    jobs: int = strawberry.field(default=0, description="提供的就业岗位数，单位：个（0–10,000）。")
    closed_on: date | None = strawberry.field(default=None, description="停办日期；仍在运营不填。")


@strawberry.input(description="修改一个三微平台，或登记它停办；不给的字段保持不变。")
class UpdateSiteFacilityInput:
    """Changes to a facility."""

    id: strawberry.ID = strawberry.field(description="平台的全局标识（SiteFacility.id）。")
    version: int | None = strawberry.field(default=None, description=_VERSION)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="名称。")
    operator: str | None = strawberry.field(default=strawberry.UNSET, description="经营主体。")
    distance: int | None = strawberry.field(
        default=strawberry.UNSET, description="与安置点的距离，单位：米。"
    )
    business_registration: str | None = strawberry.field(
        default=strawberry.UNSET, description="统一社会信用代码；传 null 清除。"
    )
    jobs: int | None = strawberry.field(
        default=strawberry.UNSET, description="提供的就业岗位数，单位：个。"
    )
    closed_on: date | None = strawberry.field(
        default=strawberry.UNSET,
        description="停办日期（不早于建成日期、不晚于今天）；传 null 表示恢复运营。",
    )


@strawberry.input(description="三微平台与在那里就业的搬迁户劳动力的一段就业记录。")
class SiteFacilityWorkerInput:
    """A facility and an employment record."""

    facility_id: strawberry.ID = strawberry.field(description="平台的全局标识（SiteFacility.id）。")
    employment_id: strawberry.ID = strawberry.field(
        description="就业记录的全局标识（Employment.id）；就业者须是易地扶贫搬迁户成员。"
    )


@strawberry.input(description="在安置点开发一个公益性岗位：可先空缺，也可同时安排在岗人。")
class CreateSitePostInput:
    """A new post."""

    site_id: strawberry.ID = strawberry.field(description="安置点的全局标识。")
    title: str = strawberry.field(description="岗位名称，如保洁员、治安巡逻员，2–32 个字。")
    opened_on: date = strawberry.field(description="岗位开发日期（2016-01-01 至今天）。")
    holder_id_number: str | None = strawberry.field(
        default=None, description="在岗人的身份证号；须是分配到本安置点的户的成员。空缺时不填。"
    )
    start_date: date | None = strawberry.field(
        default=None, description="上岗日期（不早于开发日期、不晚于今天）；有在岗人时必填。"
    )
    monthly_pay: Decimal | None = strawberry.field(
        default=None, description="月岗位补贴，单位：元，最多两位小数（0–10,000）。"
    )


@strawberry.input(description="为空缺的安置点公益性岗位安排在岗人。")
class FillSitePostInput:
    """A holder for a vacant post."""

    id: strawberry.ID = strawberry.field(description="岗位的全局标识（SitePost.id）。")
    holder_id_number: str = strawberry.field(description="在岗人的身份证号。")
    start_date: date = strawberry.field(description="上岗日期。")
    version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="结束一个安置点公益性岗位：在岗人离岗或岗位撤销，记录保留。")
class EndSitePostInput:
    """The end of a post."""

    id: strawberry.ID = strawberry.field(description="岗位的全局标识（SitePost.id）。")
    end_date: date = strawberry.field(
        description="结束日期：在岗人最后在岗的日期，不早于上岗（或开发）日期、不晚于今天。"
    )
    version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="登记一场在安置点举办的专场招聘会或岗位发布活动。")
class RecordSiteJobFairInput:
    """A job fair held for a site."""

    site_id: strawberry.ID = strawberry.field(description="安置点的全局标识。")
    held_on: date = strawberry.field(description="举办日期（2016-01-01 至今天）。")
    title: str = strawberry.field(description="活动名称，2–64 个字。")
    employers: int = strawberry.field(description="参会用人单位数，单位：家（0–1,000）。")
    postings: int = strawberry.field(description="提供的岗位数，单位：个（0–1,000,000）。")
    attendees: int = strawberry.field(description="参加的求职者人数，单位：人（0–100,000）。")
    intentions: int = strawberry.field(description="达成就业意向的人数，单位：人，不超过参加人数。")


@strawberry.input(description="登记一次向安置点住户推送岗位信息。")
class RecordSiteJobPushInput:
    """Postings pushed to a site."""

    site_id: strawberry.ID = strawberry.field(description="安置点的全局标识。")
    pushed_on: date = strawberry.field(description="推送日期（2016-01-01 至今天）。")
    channel: SiteJobPushChannel = strawberry.field(description="推送渠道；同一天同一渠道登记一条。")
    postings: int = strawberry.field(description="推送的岗位数，单位：个（1–1,000,000）。")
    households: int = strawberry.field(description="收到推送的住户数，单位：户（0–100,000）。")


@strawberry.input(
    description="服务站“六到位”清单；新建时不给的项记为未到位，修改时不给的项保持不变。"
)
class ServiceStationChecklistInput:
    """The six items of 六到位."""

    organisation: bool | None = strawberry.field(default=None, description="机构到位。")
    personnel: bool | None = strawberry.field(default=None, description="人员到位。")
    funding: bool | None = strawberry.field(default=None, description="经费到位。")
    premises: bool | None = strawberry.field(default=None, description="场地到位。")
    work: bool | None = strawberry.field(default=None, description="工作到位。")
    rules: bool | None = strawberry.field(default=None, description="制度到位。")


@strawberry.input(description="登记一个安置点的劳动就业社会保障服务站（每个安置点一个）。")
class CreateServiceStationInput:
    """A new station."""

    site_id: strawberry.ID = strawberry.field(description="安置点的全局标识。")
    name: str = strawberry.field(description="服务站名称，2–64 个字。")
    established_on: date = strawberry.field(description="建站日期（2016-01-01 至今天）。")
    staff: int = strawberry.field(description="工作人员数，单位：人（1–3）。")
    subsidy: Decimal | None = strawberry.field(
        default=None,
        description="市本级补助资金，单位：元，最多两位小数（50,000–100,000）；尚未下达不填。",
    )
    checklist: ServiceStationChecklistInput | None = strawberry.field(
        default=None, description="“六到位”清单。"
    )


@strawberry.input(description="修改一个服务站；不给的字段保持不变。")
class UpdateServiceStationInput:
    """Changes to a station."""

    id: strawberry.ID = strawberry.field(description="服务站的全局标识（ServiceStation.id）。")
    version: int | None = strawberry.field(default=None, description=_VERSION)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="服务站名称。")
    staff: int | None = strawberry.field(
        default=strawberry.UNSET, description="工作人员数，单位：人（1–3）。"
    )
    subsidy: Decimal | None = strawberry.field(
        default=strawberry.UNSET,
        description="市本级补助资金，单位：元（50,000–100,000）；传 null 清除。",
    )
    checklist: ServiceStationChecklistInput | None = strawberry.field(
        default=None, description="“六到位”清单中要改的项。"
    )
