"""Root mutation fields for sites, their households, post requirements and service stations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.sdk import ADMIN_ONLY, HouseholdByIdLoader, Info, LeadBy, RecordError
from plugins.relocation_sites import inputs
from plugins.relocation_sites.loaders import (
    RelocationSiteByHouseholdLoader,
    RelocationSiteByIdLoader,
    ServiceStationByIdLoader,
)
from plugins.relocation_sites.results import (
    RelocationSiteResult,
    RelocationSiteSuccess,
    ServiceStationResult,
    ServiceStationSuccess,
    SiteHouseholdResult,
    SiteHouseholdSuccess,
    not_cleared,
    record_id,
    unset,
    write,
)
from plugins.relocation_sites.services import sites, stations

_INPUT = strawberry.argument(description="变更内容。")
# 三(五)4 is led by 市人社局; the county governments build and run the stations too.
STATION_LEADS = LeadBy(departments=["RSJ", "XQZF"])


async def _site(info: Info, site_id: int) -> RelocationSiteSuccess:
    found = await info.context.loader(RelocationSiteByIdLoader).load(site_id)
    assert found is not None
    return RelocationSiteSuccess(site=found)


async def _household(info: Info, household_id: int) -> SiteHouseholdSuccess:
    found = await info.context.loader(HouseholdByIdLoader).load(household_id)
    assert found is not None
    at = await info.context.loader(RelocationSiteByHouseholdLoader).load(household_id)
    return SiteHouseholdSuccess(household=found, site=at)


async def _station(info: Info, station_id: int) -> ServiceStationSuccess:
    found = await info.context.loader(ServiceStationByIdLoader).load(station_id)
    assert found is not None
    return ServiceStationSuccess(station=found)


def _checklist(given: inputs.ServiceStationChecklistInput | None) -> stations.Checklist:
    if given is None:
        return stations.Checklist()
    return stations.Checklist(
        organisation=given.organisation,
        personnel=given.personnel,
        funding=given.funding,
        premises=given.premises,
        work=given.work,
        rules=given.rules,
    )


@strawberry.type
class RelocationSiteMutation:
    """Root mutation fields for sites, households at sites and service stations."""

    @strawberry.mutation(description="登记一个易地扶贫搬迁安置点。")
    async def create_relocation_site(
        self, info: Info, input: Annotated[inputs.CreateRelocationSiteInput, _INPUT]
    ) -> RelocationSiteResult:
        scope = info.context.scope
        data = sites.SiteData(
            name=input.name,
            township_code=input.township_code,
            population=input.population,
            community_managed=input.community_managed,
            has_conditions=input.has_conditions,
        )
        result = await write(info, lambda conn: sites.create_site(conn, data, scope=scope))
        return result if isinstance(result, RecordError) else await _site(info, result)

    @strawberry.mutation(description="修改一个安置点的名称、所在乡镇、安置人口或标记。")
    async def update_relocation_site(
        self, info: Info, input: Annotated[inputs.UpdateRelocationSiteInput, _INPUT]
    ) -> RelocationSiteResult:
        scope = info.context.scope
        site_id = record_id(input.id, "RelocationSite", "id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        changes = sites.SiteChanges(
            name=unset(input.name),
            township_code=unset(input.township_code),
            population=unset(input.population),
            community_managed=unset(input.community_managed),
            has_conditions=unset(input.has_conditions),
        )
        refused = not_cleared(
            name=changes.name,
            township_code=changes.township_code,
            population=changes.population,
            community_managed=changes.community_managed,
            has_conditions=changes.has_conditions,
        )
        if refused is not None:
            return refused
        result = await write(
            info,
            lambda conn: sites.update_site(
                conn, site_id, changes, expected_version=input.version, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _site(info, result)

    @strawberry.mutation(
        description=(
            "管理员为安置人口 3001–4999 人的安置点设定公益性岗位应设数（方案对这一档未作规定）；"
            "其他安置点按方案规则，不能设定。"
        ),
        directives=[ADMIN_ONLY],
    )
    async def set_site_post_requirement(
        self, info: Info, input: Annotated[inputs.SetSitePostRequirementInput, _INPUT]
    ) -> RelocationSiteResult:
        scope = info.context.scope
        role = info.context.caller.role
        site_id = record_id(input.site_id, "RelocationSite", "site_id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        result = await write(
            info,
            lambda conn: sites.set_post_requirement(
                conn,
                site_id,
                input.value,
                input.basis,
                expected_version=input.version,
                role=role,
                scope=scope,
            ),
        )
        return result if isinstance(result, RecordError) else await _site(info, result)

    @strawberry.mutation(
        description="把一户易地扶贫搬迁户分配到本县区的安置点；未标记为搬迁户的户会被拒绝。"
    )
    async def assign_household_to_site(
        self, info: Info, input: Annotated[inputs.SiteHouseholdAssignInput, _INPUT]
    ) -> SiteHouseholdResult:
        scope = info.context.scope
        site_id = record_id(input.site_id, "RelocationSite", "site_id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        result = await write(
            info,
            lambda conn: sites.assign_household(conn, input.registry_number, site_id, scope=scope),
        )
        return result if isinstance(result, RecordError) else await _household(info, result)

    @strawberry.mutation(description="取消一户的安置点分配。")
    async def remove_household_from_site(
        self, info: Info, input: Annotated[inputs.SiteHouseholdRemoveInput, _INPUT]
    ) -> SiteHouseholdResult:
        scope = info.context.scope
        result = await write(
            info, lambda conn: sites.remove_household(conn, input.registry_number, scope=scope)
        )
        return result if isinstance(result, RecordError) else await _household(info, result)

    @strawberry.mutation(
        description="登记一个安置点的劳动就业社会保障服务站。", directives=[STATION_LEADS]
    )
    async def create_service_station(
        self, info: Info, input: Annotated[inputs.CreateServiceStationInput, _INPUT]
    ) -> ServiceStationResult:
        scope = info.context.scope
        today = info.context.today
        site_id = record_id(input.site_id, "RelocationSite", "site_id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        data = stations.StationData(
            site_id=site_id,
            name=input.name,
            established_on=input.established_on,
            staff=input.staff,
            subsidy=input.subsidy,
            checklist=_checklist(input.checklist),
        )
        result = await write(
            info, lambda conn: stations.create_station(conn, data, today=today, scope=scope)
        )
        return result if isinstance(result, RecordError) else await _station(info, result)

    @strawberry.mutation(
        description="修改一个服务站的名称、人员、补助或“六到位”清单。", directives=[STATION_LEADS]
    )
    async def update_service_station(
        self, info: Info, input: Annotated[inputs.UpdateServiceStationInput, _INPUT]
    ) -> ServiceStationResult:
        scope = info.context.scope
        station_id = record_id(input.id, "ServiceStation", "id", "服务站")
        if isinstance(station_id, RecordError):
            return station_id
        changes = stations.StationChanges(
            name=unset(input.name),
            staff=unset(input.staff),
            subsidy=unset(input.subsidy),
            checklist=_checklist(input.checklist),
        )
        refused = not_cleared(name=changes.name, staff=changes.staff)
        if refused is not None:
            return refused
        result = await write(
            info,
            lambda conn: stations.update_station(
                conn, station_id, changes, expected_version=input.version, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _station(info, result)
