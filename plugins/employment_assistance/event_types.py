"""GraphQL types of job fairs, job pushes and the "五个一" events, mapped from rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy.engine import Row

from core.sdk import PERSONAL, Household, Info, Node, Region, to_global_id
from plugins.employment_assistance.enums import FiveEventKind, JobFairLevel, JobPushChannel


@strawberry.type(
    name="JobFair",
    description="一场招聘会（三(一)6）。撤销的招聘会保留记录，但不计入指标。",
)
class JobFair(Node):
    """A job fair."""

    pk: strawberry.Private[int]
    name: str = strawberry.field(description="招聘会名称。")
    level: JobFairLevel = strawberry.field(description="层级：市级、县区级或乡镇级。")
    region_code: str = strawberry.field(
        description="举办的区划代码：市级为市，县区级为县区（6 位），乡镇级为乡镇（9 位）。"
    )
    held_on: date = strawberry.field(description="举办日期。")
    place: str = strawberry.field(description="举办地点。")
    employers: int = strawberry.field(description="参会企业数，单位：个，不小于 0。")
    postings: int = strawberry.field(description="提供岗位数，单位：个，不小于 0。")
    attendance: int = strawberry.field(description="入场求职人数，单位：人，不小于 0。")
    cancelled: bool = strawberry.field(description="是否已撤销（如误录或未举办）。")
    cancel_reason: str | None = strawberry.field(description="撤销原因。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> JobFair:
        """Map an `assistance_job_fair` row."""
        return cls(
            id=to_global_id("JobFair", row.id),
            pk=row.id,
            name=row.name,
            level=JobFairLevel(row.level),
            region_code=row.region_code,
            held_on=row.held_on,
            place=row.place,
            employers=row.employers,
            postings=row.postings,
            attendance=row.attendance,
            cancelled=row.cancelled,
            cancel_reason=row.cancel_reason,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> JobFair | None:
        from plugins.employment_assistance.loaders import JobFairByIdLoader

        return (
            await info.context.loader(JobFairByIdLoader).load(int(key)) if key.isdigit() else None
        )

    @strawberry.field(description="举办的区划。")
    async def region(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)


@strawberry.type(
    name="JobPush",
    description=(
        "一次岗位信息推送（三(一)6）：一批汇编好的岗位信息在某天送到一些贫困户。"
        "每季度推送 5 万个岗位，每个贫困户每两个月至少收到一次。"
    ),
)
class JobPush(Node):
    """A batch of postings pushed to households."""

    pk: strawberry.Private[int]
    region_code: str = strawberry.field(
        description="推送的区划代码（县区、乡镇或行政村）；送达的户都在这个区划内。"
    )
    pushed_on: date = strawberry.field(description="推送日期。")
    postings: int = strawberry.field(description="推送的岗位信息数，单位：个，不小于 1。")
    channel: JobPushChannel = strawberry.field(description="推送渠道。")
    title: str | None = strawberry.field(description="岗位信息汇编的标题，可为空。")
    cancelled: bool = strawberry.field(description="是否已撤销（撤销后不计入指标）。")
    cancel_reason: str | None = strawberry.field(description="撤销原因。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> JobPush:
        """Map an `assistance_job_push` row."""
        return cls(
            id=to_global_id("JobPush", row.id),
            pk=row.id,
            region_code=row.region_code,
            pushed_on=row.pushed_on,
            postings=row.postings,
            channel=JobPushChannel(row.channel),
            title=row.title,
            cancelled=row.cancelled,
            cancel_reason=row.cancel_reason,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> JobPush | None:
        from plugins.employment_assistance.loaders import JobPushByIdLoader

        return (
            await info.context.loader(JobPushByIdLoader).load(int(key)) if key.isdigit() else None
        )

    @strawberry.field(description="推送的区划。")
    async def region(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)

    @strawberry.field(
        description="送达的贫困户（您权限范围内的），按登记先后排序。", directives=[PERSONAL]
    )
    async def households(self, info: Info) -> list[Household]:
        from plugins.employment_assistance.loaders import HouseholdsByJobPushLoader

        return await info.context.loader(HouseholdsByJobPushLoader).load(self.pk)

    @strawberry.field(
        description="送达的贫困户数（您权限范围内的），单位：户。查看者不可查询。",
        directives=[PERSONAL],
    )
    async def household_count(self, info: Info) -> int:
        return len(await self.households(info))


@strawberry.type(
    name="FiveEvent",
    description="“五个一”活动中的一场（三(一)1）。撤销的活动保留记录，但不计入指标。",
)
class FiveEvent(Node):
    """One of the five events."""

    pk: strawberry.Private[int]
    kind: FiveEventKind = strawberry.field(description="活动种类。")
    title: str = strawberry.field(description="活动名称。")
    region_code: str = strawberry.field(description="举办的区划代码（市、县区或乡镇）。")
    held_on: date = strawberry.field(description="举办日期。")
    place: str = strawberry.field(description="举办地点。")
    attendance: int = strawberry.field(description="参加人数，单位：人，不小于 0。")
    cancelled: bool = strawberry.field(description="是否已撤销。")
    cancel_reason: str | None = strawberry.field(description="撤销原因。")
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> FiveEvent:
        """Map an `assistance_event` row."""
        return cls(
            id=to_global_id("FiveEvent", row.id),
            pk=row.id,
            kind=FiveEventKind(row.kind),
            title=row.title,
            region_code=row.region_code,
            held_on=row.held_on,
            place=row.place,
            attendance=row.attendance,
            cancelled=row.cancelled,
            cancel_reason=row.cancel_reason,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> FiveEvent | None:
        from plugins.employment_assistance.loaders import FiveEventByIdLoader

        return (
            await info.context.loader(FiveEventByIdLoader).load(int(key)) if key.isdigit() else None
        )

    @strawberry.field(description="举办的区划。")
    async def region(self, info: Info) -> Region | None:
        from core.sdk import RegionByCodeLoader

        return await info.context.loader(RegionByCodeLoader).load(self.region_code)


@strawberry.type(
    name="FiveEventKindCoverage",
    description="一种“五个一”活动在一个区划、一段期间内举办的情况。",
)
class FiveEventKindCoverage:
    """How often one kind of event was held."""

    kind: FiveEventKind = strawberry.field(description="活动种类。")
    events: int = strawberry.field(description="举办场次（不含撤销的），单位：场。")
    attendance: int = strawberry.field(description="参加人数合计，单位：人。")

    @strawberry.field(description="是否至少举办了一次（方案要求每种至少一次）。")
    def held(self) -> bool:
        return self.events > 0
