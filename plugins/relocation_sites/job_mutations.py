"""Root mutation fields for 三微 facilities and their workers, site posts, job fairs and pushes."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.sdk import Info, RecordError
from plugins.relocation_sites import inputs
from plugins.relocation_sites.loaders import (
    SiteFacilityByIdLoader,
    SiteJobFairByIdLoader,
    SiteJobPushByIdLoader,
    SitePostByIdLoader,
)
from plugins.relocation_sites.results import (
    SiteFacilityResult,
    SiteFacilitySuccess,
    SiteJobFairResult,
    SiteJobFairSuccess,
    SiteJobPushResult,
    SiteJobPushSuccess,
    SitePostResult,
    SitePostSuccess,
    not_cleared,
    record_id,
    unset,
    write,
)
from plugins.relocation_sites.services import events, facilities, posts
from plugins.relocation_sites.settings import relocation_settings

_INPUT = strawberry.argument(description="变更内容。")


async def _facility(info: Info, facility_id: int) -> SiteFacilitySuccess:
    found = await info.context.loader(SiteFacilityByIdLoader).load(facility_id)
    assert found is not None
    return SiteFacilitySuccess(facility=found)


async def _post(info: Info, post_id: int) -> SitePostSuccess:
    found = await info.context.loader(SitePostByIdLoader).load(post_id)
    assert found is not None
    return SitePostSuccess(post=found)


def _worker_ids(input: inputs.SiteFacilityWorkerInput) -> tuple[int, int] | RecordError:
    facility_id = record_id(input.facility_id, "SiteFacility", "facility_id", "三微平台")
    if isinstance(facility_id, RecordError):
        return facility_id
    employment_id = record_id(input.employment_id, "Employment", "employment_id", "就业记录")
    if isinstance(employment_id, RecordError):
        return employment_id
    return facility_id, employment_id


@strawberry.type
class SiteJobsMutation:
    """Root mutation fields for what a site offers its residents: facilities, posts, fairs."""

    @strawberry.mutation(description="登记安置点内或附近的一个微车间、微田园或微市场。")
    async def create_site_facility(
        self, info: Info, input: Annotated[inputs.CreateSiteFacilityInput, _INPUT]
    ) -> SiteFacilityResult:
        scope, today = info.context.scope, info.context.today
        site_id = record_id(input.site_id, "RelocationSite", "site_id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        data = facilities.FacilityData(
            site_id=site_id,
            kind=input.kind,
            name=input.name,
            operator=input.operator,
            opened_on=input.opened_on,
            distance=input.distance,
            business_registration=input.business_registration,
            jobs=input.jobs,
            closed_on=input.closed_on,
        )
        nearby = relocation_settings().nearby_distance_m
        result = await write(
            info,
            lambda conn: facilities.create_facility(
                conn, data, today=today, nearby_max=nearby, scope=scope
            ),
        )
        return result if isinstance(result, RecordError) else await _facility(info, result)

    @strawberry.mutation(description="修改一个三微平台，或登记它停办。")
    async def update_site_facility(
        self, info: Info, input: Annotated[inputs.UpdateSiteFacilityInput, _INPUT]
    ) -> SiteFacilityResult:
        scope, today = info.context.scope, info.context.today
        facility_id = record_id(input.id, "SiteFacility", "id", "三微平台")
        if isinstance(facility_id, RecordError):
            return facility_id
        changes = facilities.FacilityChanges(
            name=unset(input.name),
            operator=unset(input.operator),
            distance=unset(input.distance),
            business_registration=unset(input.business_registration),
            jobs=unset(input.jobs),
            closed_on=unset(input.closed_on),
        )
        refused = not_cleared(
            name=changes.name,
            operator=changes.operator,
            distance=changes.distance,
            jobs=changes.jobs,
        )
        if refused is not None:
            return refused
        nearby = relocation_settings().nearby_distance_m
        result = await write(
            info,
            lambda conn: facilities.update_facility(
                conn,
                facility_id,
                changes,
                expected_version=input.version,
                today=today,
                nearby_max=nearby,
                scope=scope,
            ),
        )
        return result if isinstance(result, RecordError) else await _facility(info, result)

    @strawberry.mutation(description="登记一名搬迁户劳动力在三微平台就业（关联其就业记录）。")
    async def add_site_facility_worker(
        self, info: Info, input: Annotated[inputs.SiteFacilityWorkerInput, _INPUT]
    ) -> SiteFacilityResult:
        scope = info.context.scope
        ids = _worker_ids(input)
        if isinstance(ids, RecordError):
            return ids
        result = await write(
            info, lambda conn: facilities.add_worker(conn, ids[0], ids[1], scope=scope)
        )
        return result if isinstance(result, RecordError) else await _facility(info, result)

    @strawberry.mutation(description="撤销一条三微平台就业登记（就业记录本身不动）。")
    async def remove_site_facility_worker(
        self, info: Info, input: Annotated[inputs.SiteFacilityWorkerInput, _INPUT]
    ) -> SiteFacilityResult:
        scope = info.context.scope
        ids = _worker_ids(input)
        if isinstance(ids, RecordError):
            return ids
        result = await write(
            info, lambda conn: facilities.remove_worker(conn, ids[0], ids[1], scope=scope)
        )
        return result if isinstance(result, RecordError) else await _facility(info, result)

    @strawberry.mutation(description="在安置点开发一个公益性岗位（可先空缺）。")
    async def create_site_post(
        self, info: Info, input: Annotated[inputs.CreateSitePostInput, _INPUT]
    ) -> SitePostResult:
        scope, today = info.context.scope, info.context.today
        site_id = record_id(input.site_id, "RelocationSite", "site_id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        data = posts.PostData(
            site_id=site_id,
            title=input.title,
            opened_on=input.opened_on,
            holder_id_number=input.holder_id_number,
            start_date=input.start_date,
            monthly_pay=input.monthly_pay,
        )
        result = await write(
            info, lambda conn: posts.create_post(conn, data, today=today, scope=scope)
        )
        return result if isinstance(result, RecordError) else await _post(info, result)

    @strawberry.mutation(description="为空缺的安置点公益性岗位安排在岗人。")
    async def fill_site_post(
        self, info: Info, input: Annotated[inputs.FillSitePostInput, _INPUT]
    ) -> SitePostResult:
        scope, today = info.context.scope, info.context.today
        post_id = record_id(input.id, "SitePost", "id", "公益性岗位")
        if isinstance(post_id, RecordError):
            return post_id
        result = await write(
            info,
            lambda conn: posts.fill_post(
                conn,
                post_id,
                input.holder_id_number,
                input.start_date,
                expected_version=input.version,
                today=today,
                scope=scope,
            ),
        )
        return result if isinstance(result, RecordError) else await _post(info, result)

    @strawberry.mutation(description="结束一个安置点公益性岗位（记结束日期，不删除）。")
    async def end_site_post(
        self, info: Info, input: Annotated[inputs.EndSitePostInput, _INPUT]
    ) -> SitePostResult:
        scope, today = info.context.scope, info.context.today
        post_id = record_id(input.id, "SitePost", "id", "公益性岗位")
        if isinstance(post_id, RecordError):
            return post_id
        result = await write(
            info,
            lambda conn: posts.end_post(
                conn,
                post_id,
                input.end_date,
                expected_version=input.version,
                today=today,
                scope=scope,
            ),
        )
        return result if isinstance(result, RecordError) else await _post(info, result)

    @strawberry.mutation(description="登记一场在安置点举办的专场招聘会或岗位发布活动。")
    async def record_site_job_fair(
        self, info: Info, input: Annotated[inputs.RecordSiteJobFairInput, _INPUT]
    ) -> SiteJobFairResult:
        scope, today = info.context.scope, info.context.today
        site_id = record_id(input.site_id, "RelocationSite", "site_id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        data = events.FairData(
            site_id=site_id,
            held_on=input.held_on,
            title=input.title,
            employers=input.employers,
            postings=input.postings,
            attendees=input.attendees,
            intentions=input.intentions,
        )
        result = await write(
            info, lambda conn: events.record_fair(conn, data, today=today, scope=scope)
        )
        if isinstance(result, RecordError):
            return result
        found = await info.context.loader(SiteJobFairByIdLoader).load(result)
        assert found is not None
        return SiteJobFairSuccess(job_fair=found)

    @strawberry.mutation(description="登记一次向安置点住户推送岗位信息。")
    async def record_site_job_push(
        self, info: Info, input: Annotated[inputs.RecordSiteJobPushInput, _INPUT]
    ) -> SiteJobPushResult:
        scope, today = info.context.scope, info.context.today
        site_id = record_id(input.site_id, "RelocationSite", "site_id", "安置点")
        if isinstance(site_id, RecordError):
            return site_id
        data = events.PushData(
            site_id=site_id,
            pushed_on=input.pushed_on,
            channel=input.channel,
            postings=input.postings,
            households=input.households,
        )
        result = await write(
            info, lambda conn: events.record_push(conn, data, today=today, scope=scope)
        )
        if isinstance(result, RecordError):
            return result
        found = await info.context.loader(SiteJobPushByIdLoader).load(result)
        assert found is not None
        return SiteJobPushSuccess(job_push=found)
