"""GraphQL types of the plugin's records: contracts mapped explicitly from table rows.

Relations resolve through per-request loaders (loaders.py), so a list of sites with their
facilities, posts and households runs a fixed number of statements whatever its length.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row

from core.sdk import (
    PERSONAL,
    Employment,
    Household,
    Info,
    Node,
    Region,
    fen_to_yuan,
    graphql_enum,
    to_global_id,
)
from plugins.relocation_sites import rules
from plugins.relocation_sites.enums import (
    ServiceStationStatus,
    SiteFacilityKind,
    SitePopulationBand,
    SitePostRuleStatus,
)
from plugins.relocation_sites.job_types import SiteJobFair, SiteJobPush, SitePost
from plugins.relocation_sites.settings import relocation_settings

graphql_enum(SiteFacilityKind, "安置点“三微”平台的类别（三(五)1）。")
graphql_enum(SitePostRuleStatus, "安置点公益性岗位应设数的来源（三(五)2）。")
graphql_enum(
    SitePopulationBand,
    "三(五)2 的安置人口分档；“以下”“以上”均含本数，1000 人属 3 个岗位一档，5000 人属 10 个岗位一档。",
)
graphql_enum(ServiceStationStatus, "安置点劳动就业社会保障服务站的建设情况（三(五)4）。")


def _year_filter(year: int | None, day: date) -> bool:
    return year is None or day.year == year


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
        return cls(
            band=rules.population_band(population),
            required=found.required,
            status=found.source,
            reason=found.basis,
        )


@strawberry.type(name="RelocationSite", description="易地扶贫搬迁安置点（三(五)）。")
class RelocationSite(Node):
    """A resettlement site."""

    pk: strawberry.Private[int]
    post_requirement_value: strawberry.Private[int | None]
    post_requirement_basis: strawberry.Private[str | None]
    name: str = strawberry.field(description="安置点名称，县区内唯一，2–64 个字。")
    county_code: str = strawberry.field(description="所在县区的 6 位区划代码。")
    township_code: str = strawberry.field(description="所在乡镇的 9 位区划代码。")
    population: int = strawberry.field(description="安置人口，单位：人（1–100,000）。")
    community_managed: bool = strawberry.field(
        description="是否已纳入社区（行政村）管理；未纳入的规模以上安置点须建服务站（三(五)4）。"
    )
    has_conditions: bool = strawberry.field(
        description="是否具备建设微车间的条件；具备条件的安置点至少建 1 个微车间（三(五)1）。"
    )
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> RelocationSite:
        """Map a `relocation_site` row."""
        return cls(
            id=to_global_id("RelocationSite", row.id),
            pk=row.id,
            post_requirement_value=row.post_requirement,
            post_requirement_basis=row.post_requirement_basis,
            name=row.name,
            county_code=row.county_code,
            township_code=row.township_code,
            population=row.population,
            community_managed=row.community_managed,
            has_conditions=row.has_conditions,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> RelocationSite | None:
        from plugins.relocation_sites.loaders import RelocationSiteByIdLoader

        return (
            await info.context.loader(RelocationSiteByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    @strawberry.field(description="公益性岗位应设数及其依据（三(五)2）。")
    def post_rule(self) -> SitePostRule:
        return SitePostRule.of(
            self.population, self.post_requirement_value, self.post_requirement_basis
        )

    @strawberry.field(
        description=(
            "是否须建劳动就业社会保障服务站：规模以上（安置人口不少于 JIUYE_RELOCATION_LARGE_SITE_POPULATION，"
            "默认 1000 人）且未纳入社区（行政村）管理（三(五)4）。"
        )
    )
    def station_required(self) -> bool:
        return rules.needs_station(
            self.population, self.community_managed, relocation_settings().large_site_population
        )

    @strawberry.field(description="所在县区。")
    async def county(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.county_code)

    @strawberry.field(description="所在乡镇。")
    async def township(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.township_code)

    @strawberry.field(
        description="分配到本安置点的建档立卡户，按登记先后排序。", directives=[PERSONAL]
    )
    async def households(self, info: Info) -> list[Household]:
        from plugins.relocation_sites.loaders import SiteHouseholdsBySiteLoader

        return await info.context.loader(SiteHouseholdsBySiteLoader).load(self.pk)

    @strawberry.field(description="本安置点的“三微”平台（含已关闭的），按登记先后排序。")
    async def facilities(
        self,
        info: Info,
        kind: Annotated[
            SiteFacilityKind | None, strawberry.argument(description="只要这一类。")
        ] = None,
    ) -> list[SiteFacility]:
        from plugins.relocation_sites.loaders import SiteFacilitiesBySiteLoader

        found = await info.context.loader(SiteFacilitiesBySiteLoader).load(self.pk)
        return [f for f in found if kind is None or f.kind is kind]

    @strawberry.field(description="本安置点的公益性岗位（含已结束的），按登记先后排序。")
    async def posts(self, info: Info) -> list[SitePost]:
        from plugins.relocation_sites.loaders import SitePostsBySiteLoader

        return await info.context.loader(SitePostsBySiteLoader).load(self.pk)

    @strawberry.field(description="本安置点的专场招聘会和岗位发布活动，按日期排序。")
    async def job_fairs(
        self,
        info: Info,
        year: Annotated[int | None, strawberry.argument(description="只要这一年的。")] = None,
    ) -> list[SiteJobFair]:
        from plugins.relocation_sites.loaders import SiteJobFairsBySiteLoader

        found = await info.context.loader(SiteJobFairsBySiteLoader).load(self.pk)
        return [f for f in found if _year_filter(year, f.held_on)]

    @strawberry.field(description="推送到本安置点的岗位信息，按日期排序。")
    async def job_pushes(
        self,
        info: Info,
        year: Annotated[int | None, strawberry.argument(description="只要这一年的。")] = None,
    ) -> list[SiteJobPush]:
        from plugins.relocation_sites.loaders import SiteJobPushesBySiteLoader

        found = await info.context.loader(SiteJobPushesBySiteLoader).load(self.pk)
        return [p for p in found if _year_filter(year, p.pushed_on)]

    @strawberry.field(description="本安置点的劳动就业社会保障服务站；没有时为空。")
    async def station(self, info: Info) -> ServiceStation | None:
        from plugins.relocation_sites.loaders import ServiceStationBySiteLoader

        return await info.context.loader(ServiceStationBySiteLoader).load(self.pk)


async def _site(info: Info, site_id: int) -> RelocationSite | None:
    from plugins.relocation_sites.loaders import RelocationSiteByIdLoader

    return await info.context.loader(RelocationSiteByIdLoader).load(site_id)


@strawberry.type(
    name="SiteFacility",
    description="安置点的“三微”平台：微车间（扶贫车间）、微田园、微市场，建在安置点内或附近（三(五)1）。",
)
class SiteFacility(Node):
    """A 微车间, 微田园 or 微市场 at or near a site."""

    pk: strawberry.Private[int]
    site_id: strawberry.Private[int]
    kind: SiteFacilityKind = strawberry.field(description="类别。")
    name: str = strawberry.field(description="名称，2–64 个字。")
    distance: int = strawberry.field(
        description="与安置点的距离，单位：米；0 表示在安置点内，最远为“附近”的上限（默认 5000 米）。"
    )
    operator: str = strawberry.field(description="经营主体（企业、合作社或安置点管理机构）。")
    business_registration: str | None = strawberry.field(
        description="工商登记的 18 位统一社会信用代码；未登记时为空。"
    )
    jobs: int = strawberry.field(description="提供的就业岗位数，单位：个。")
    opened_on: date = strawberry.field(description="建成或认定日期。")
    closed_on: date | None = strawberry.field(
        description="停办日期（含当天仍在运营）；为空表示仍在运营。"
    )
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> SiteFacility:
        """Map a `relocation_facility` row."""
        return cls(
            id=to_global_id("SiteFacility", row.id),
            pk=row.id,
            site_id=row.site_id,
            kind=SiteFacilityKind(row.kind),
            name=row.name,
            distance=row.distance_m,
            operator=row.operator,
            business_registration=row.business_registration,
            jobs=row.jobs,
            opened_on=row.opened_on,
            closed_on=row.closed_on,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> SiteFacility | None:
        from plugins.relocation_sites.loaders import SiteFacilityByIdLoader

        return (
            await info.context.loader(SiteFacilityByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    @strawberry.field(description="是否在安置点内（距离为 0）。")
    def at_site(self) -> bool:
        return self.distance == 0

    @strawberry.field(description="在给定日期（默认今天）是否在运营。")
    def active_on(
        self,
        info: Info,
        on: Annotated[date | None, strawberry.argument(description="日期，默认今天。")] = None,
    ) -> bool:
        day = on or info.context.today
        return self.opened_on <= day and (self.closed_on is None or self.closed_on >= day)

    @strawberry.field(description="所属安置点。")
    async def site(self, info: Info) -> RelocationSite | None:
        return await _site(info, self.site_id)

    @strawberry.field(
        description="在这里就业的搬迁户劳动力的就业记录（核心的 Employment）。",
        directives=[PERSONAL],
    )
    async def workers(self, info: Info) -> list[Employment]:
        from plugins.relocation_sites.loaders import FacilityEmploymentsByFacilityLoader

        return await info.context.loader(FacilityEmploymentsByFacilityLoader).load(self.pk)


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

    @strawberry.field(description="六项是否全部到位。")
    def complete(self) -> bool:
        return all(getattr(self, name) for name, _ in rules.CHECKLIST)

    @strawberry.field(description="尚未到位的项目（中文名，按方案顺序）；全部到位时为空列表。")
    def missing(self) -> list[str]:
        return [label for name, label in rules.CHECKLIST if not getattr(self, name)]


@strawberry.type(
    name="ServiceStation",
    description=(
        "安置点劳动就业社会保障服务站（三(五)4）：配 1–3 名工作人员，"
        "市本级按安置点规模补助 5–10 万元，按“六到位”原则建设。"
    ),
)
class ServiceStation(Node):
    """A labour and social-security service station at a site."""

    pk: strawberry.Private[int]
    site_id: strawberry.Private[int]
    name: str = strawberry.field(description="服务站名称，2–64 个字。")
    established_on: date = strawberry.field(description="建站日期。")
    staff: int = strawberry.field(description="工作人员数，单位：人（1–3）。")
    subsidy: Decimal | None = strawberry.field(
        description="市本级补助资金，单位：元，精确到分（50,000–100,000）；尚未下达时为空。"
    )
    checklist: ServiceStationChecklist = strawberry.field(description="“六到位”清单。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> ServiceStation:
        """Map a `relocation_service_station` row."""
        subsidy = row.subsidy_fen
        return cls(
            id=to_global_id("ServiceStation", row.id),
            pk=row.id,
            site_id=row.site_id,
            name=row.name,
            established_on=row.established_on,
            staff=row.staff,
            subsidy=None if subsidy is None else fen_to_yuan(subsidy),
            checklist=ServiceStationChecklist(
                organisation=row.organisation_ready,
                personnel=row.personnel_ready,
                funding=row.funding_ready,
                premises=row.premises_ready,
                work=row.work_ready,
                rules=row.rules_ready,
            ),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> ServiceStation | None:
        from plugins.relocation_sites.loaders import ServiceStationByIdLoader

        return (
            await info.context.loader(ServiceStationByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    @strawberry.field(description="所属安置点。")
    async def site(self, info: Info) -> RelocationSite | None:
        return await _site(info, self.site_id)
