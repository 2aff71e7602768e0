"""The record kinds of 三(五) and the computed fields that carry the plan's meaning."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from core.sdk import (
    PERSONAL,
    Employment,
    Household,
    Info,
    RecordKind,
    Region,
    RegionByCodeLoader,
    graphql_enum,
)
from plugins.relocation_sites import models, rules
from plugins.relocation_sites.enums import (
    ServiceStationStatus,
    SitePopulationBand,
    SitePostRuleStatus,
)
from plugins.relocation_sites.settings import RelocationSettings

graphql_enum(SitePostRuleStatus, "安置点公益性岗位应设数的来源（三(五)2）。")
graphql_enum(
    SitePopulationBand,
    "三(五)2 的安置人口分档；“以下”“以上”均含本数，1000 人属 3 个岗位一档，5000 人属 10 个岗位一档。",
)
graphql_enum(ServiceStationStatus, "安置点劳动就业社会保障服务站的建设情况（三(五)4）。")

if TYPE_CHECKING:  # the types are built from the kinds; strawberry resolves them lazily
    RelocationSite = Any
    ServiceStation = Any
SiteRef = Annotated["RelocationSite", strawberry.lazy("plugins.relocation_sites.types")]
StationRef = Annotated["ServiceStation", strawberry.lazy("plugins.relocation_sites.types")]
On = Annotated[date | None, strawberry.argument(description="日期，默认今天。")]


@strawberry.type(
    description=(
        "安置点公益性岗位应设数（三(五)2）：1000 人以下（含）3 个，1001–3000 人 5 个，"
        "5000 人以上（含）10 个；3001–4999 人方案未规定，由管理员设定，未设定时为空并说明原因。"
    )
)
class SitePostRule:
    """A site's required number of public-welfare posts, with where it comes from."""

    band: SitePopulationBand = strawberry.field(description="安置人口所在档次。")
    required: int | None = strawberry.field(
        description="应设公益性岗位数，单位：个；方案未规定且管理员未设定时为空。"
    )
    status: SitePostRuleStatus = strawberry.field(description="应设数的来源。")
    reason: str = strawberry.field(description="依据或无法确定的原因（中文）。")

    @classmethod
    def of(cls, population: int, value: int | None, basis: str | None) -> SitePostRule:
        """The rule for a site of `population` residents and its administrator's figure."""
        found = rules.post_requirement(population, value, basis)
        band = rules.population_band(population)
        return cls(band=band, required=found.required, status=found.source, reason=found.basis)


def station_required(info: Info, population: int, community_managed: bool) -> bool:
    """三(五)4 for a site, with "large" as the platform's settings say."""
    large = info.context.plugins.settings_of(RelocationSettings).large_site_population
    return rules.needs_station(population, community_managed, large)


@strawberry.type
class SiteFields:
    """What a site's declaration cannot say: its rules' answers and its residents."""

    @strawberry.field(description="公益性岗位应设数及其依据（三(五)2）。")
    def post_rule(self) -> SitePostRule:
        me: Any = self
        return SitePostRule.of(me.population, me.post_requirement, me.post_requirement_basis)

    @strawberry.field(
        description=(
            "是否须建劳动就业社会保障服务站：规模以上（安置人口不少于 JIUYE_RELOCATION_LARGE_SITE_POPULATION，"
            "默认 1000 人）且未纳入社区（行政村）管理（三(五)4）。"
        )
    )
    def station_required(self, info: Info) -> bool:
        me: Any = self
        return station_required(info, me.population, me.community_managed)

    @strawberry.field(description="所在县区。")
    async def county(self, info: Info) -> Region | None:
        me: Any = self
        return await info.context.loader(RegionByCodeLoader).load(me.township_code[:6])

    @strawberry.field(
        description="分配到本安置点的建档立卡户，按登记先后排序。", directives=[PERSONAL]
    )
    async def households(self, info: Info) -> list[Household]:
        from plugins.relocation_sites.links import SiteHouseholdsBySiteLoader

        me: Any = self
        return await info.context.loader(SiteHouseholdsBySiteLoader).load(me.pk)

    @strawberry.field(description="本安置点的劳动就业社会保障服务站；没有时为空。")
    async def station(self, info: Info) -> StationRef | None:
        me: Any = self
        found = await info.context.loader(STATIONS.by_parent).load(me.pk)  # type: ignore[arg-type]
        return found[0] if found else None


@strawberry.type
class OfSite:
    """The site a child record belongs to."""

    @strawberry.field(description="所属安置点。")
    async def site(self, info: Info) -> SiteRef | None:
        me: Any = self
        return await info.context.loader(SITES.by_id).load(me.parent_key)  # type: ignore[arg-type]


@strawberry.type
class FacilityFields(OfSite):
    """A facility's place and whether it runs, and who works there."""

    @strawberry.field(description="是否在安置点内（距离为 0）。")
    def at_site(self) -> bool:
        me: Any = self
        return bool(me.distance_m == 0)

    @strawberry.field(description="在给定日期（默认今天）是否在运营。")
    def active_on(self, info: Info, on: On = None) -> bool:
        me: Any = self
        day = on or info.context.today
        return bool(me.opened_on <= day and (me.closed_on is None or me.closed_on >= day))

    @strawberry.field(
        description="在这里就业的搬迁户劳动力的就业记录（核心的 Employment）。",
        directives=[PERSONAL],
    )
    async def workers(self, info: Info) -> list[Employment]:
        from plugins.relocation_sites.links import FacilityEmploymentsByFacilityLoader

        me: Any = self
        return await info.context.loader(FacilityEmploymentsByFacilityLoader).load(me.pk)


def filled_on(post: Any, day: date) -> bool:
    """Whether a post's holder is at work on `day` (both ends inclusive)."""
    return (
        post.holder_id is not None
        and post.start_date is not None
        and post.start_date <= day
        and (post.end_date is None or post.end_date >= day)
    )


@strawberry.type
class PostFields(OfSite):
    """Whether a post is held."""

    @strawberry.field(description="在给定日期（默认今天）是否有人在岗。")
    def filled(self, info: Info, on: On = None) -> bool:
        return filled_on(self, on or info.context.today)


@strawberry.type(
    description="服务站“六到位”清单（三(五)4）：机构、人员、经费、场地、工作、制度是否到位。"
)
class ServiceStationChecklist:
    """The six items of 六到位."""

    organisation: bool = strawberry.field(description="机构到位。")
    personnel: bool = strawberry.field(description="人员到位。")
    funding: bool = strawberry.field(description="经费到位。")
    premises: bool = strawberry.field(description="场地到位。")
    work: bool = strawberry.field(description="工作到位。")
    rules: bool = strawberry.field(description="制度到位。")

    @classmethod
    def of(cls, station: Any) -> ServiceStationChecklist:
        """The checklist of a station node or row."""
        get = station.__getitem__ if isinstance(station, Mapping) else station.__getattribute__
        return cls(**{name: bool(get(f"{name}_ready")) for name, _ in rules.CHECKLIST})

    @strawberry.field(description="六项是否全部到位。")
    def complete(self) -> bool:
        return all(getattr(self, name) for name, _ in rules.CHECKLIST)

    @strawberry.field(description="尚未到位的项目（中文名，按方案顺序）；全部到位时为空列表。")
    def missing(self) -> list[str]:
        return [label for name, label in rules.CHECKLIST if not getattr(self, name)]


@strawberry.type
class StationFields(OfSite):
    """The 六到位 checklist as one object."""

    @strawberry.field(description="“六到位”清单。")
    def checklist(self) -> ServiceStationChecklist:
        return ServiceStationChecklist.of(self)


SITES = RecordKind(
    models.RelocationSite,
    name="RelocationSite",
    title="安置点",
    description="易地扶贫搬迁安置点（三(五)）。",
    plural="relocationSites",
    rules=[rules.site_post_requirement],
    on_region="relocationSites",
    extra_fields=SiteFields,
    computed=lambda values: (
        {"county_code": str(values["township_code"]).strip()[:6]}
        if values.get("township_code")
        else {}
    ),
)
FACILITIES = RecordKind(
    models.RelocationFacility,
    name="SiteFacility",
    title="三微平台",
    description="安置点的“三微”平台：微车间（扶贫车间）、微田园、微市场，建在安置点内或附近（三(五)1）。",
    plural="siteFacilities",
    parent=SITES,
    children_field="facilities",
    rules=[rules.facility_checks],
    date_field="opened_on",
    computed=lambda values: (
        {"business_registration": values["business_registration"].strip().upper()}
        if values.get("business_registration")
        else {}
    ),
    extra_fields=FacilityFields,
)
POSTS = RecordKind(
    models.RelocationSitePost,
    name="SitePost",
    title="安置点公益性岗位",
    description="安置点公益性岗位（三(五)2）：空缺，或由本安置点住户从上岗日期起担任至结束日期。",
    plural="sitePosts",
    parent=SITES,
    children_field="posts",
    rules=[rules.post_checks],
    date_field="opened_on",
    extra_fields=PostFields,
)
FAIRS = RecordKind(
    models.RelocationJobFair,
    name="SiteJobFair",
    title="安置点专场招聘会",
    description="在安置点举办的专场招聘会或岗位发布活动（三(五)3：每个安置点全年不少于 2 场）。",
    plural="siteJobFairs",
    parent=SITES,
    children_field="jobFairs",
    rules=[rules.fair_intentions],
    date_field="held_on",
    order_by=("held_on",),
    extra_fields=OfSite,
)
PUSHES = RecordKind(
    models.RelocationJobPush,
    name="SiteJobPush",
    title="安置点岗位推送",
    description="一次向安置点住户推送岗位信息（三(五)3：每个安置点全年不少于 3 万个）。",
    plural="siteJobPushes",
    parent=SITES,
    children_field="jobPushes",
    date_field="pushed_on",
    order_by=("pushed_on",),
    extra_fields=OfSite,
)
STATIONS = RecordKind(
    models.RelocationServiceStation,
    name="ServiceStation",
    title="劳动就业社会保障服务站",
    description=(
        "安置点劳动就业社会保障服务站（三(五)4）：配 1–3 名工作人员，"
        "市本级按安置点规模补助 5–10 万元，按“六到位”原则建设。"
    ),
    plural="serviceStations",
    parent=SITES,
    children_field="stations",
    date_field="established_on",
    extra_fields=StationFields,
    leads=["RSJ", "XQZF"],
)
KINDS = [SITES, FACILITIES, POSTS, FAIRS, PUSHES, STATIONS]
