"""GraphQL types of the jobs a site brings its residents: public-welfare posts, job fairs, pushes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.engine import Row

from core.sdk import PERSONAL, Info, Node, Person, fen_to_yuan, graphql_enum, to_global_id
from plugins.relocation_sites.enums import SiteJobPushChannel

if TYPE_CHECKING:
    from plugins.relocation_sites.types import RelocationSite

graphql_enum(SiteJobPushChannel, "岗位信息推送到安置点住户的渠道。")

SiteRef = Annotated["RelocationSite", strawberry.lazy("plugins.relocation_sites.types")]


async def _site(info: Info, site_id: int) -> RelocationSite | None:
    from plugins.relocation_sites.loaders import RelocationSiteByIdLoader

    return await info.context.loader(RelocationSiteByIdLoader).load(site_id)


@strawberry.type(
    name="SitePost",
    description="安置点公益性岗位（三(五)2）：空缺，或由本安置点住户从开始日期起担任至结束日期。",
)
class SitePost(Node):
    """A public-welfare post at a site."""

    pk: strawberry.Private[int]
    site_id: strawberry.Private[int]
    holder_person_id: strawberry.Private[int | None]
    title: str = strawberry.field(description="岗位名称，如保洁员、治安巡逻员，2–32 个字。")
    opened_on: date = strawberry.field(description="岗位开发日期。")
    start_date: date | None = strawberry.field(description="在岗人上岗日期；空缺时为空。")
    end_date: date | None = strawberry.field(
        description="岗位结束日期（在岗人离岗或岗位撤销，含当天）；为空表示仍在。"
    )
    monthly_pay: Decimal | None = strawberry.field(
        description="月岗位补贴，单位：元，精确到分；未登记时为空。", directives=[PERSONAL]
    )
    version: int = strawberry.field(description="记录版本号；修改时带上它，可防止覆盖他人的修改。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")
    updated_at: datetime = strawberry.field(description="最后修改时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> SitePost:
        """Map a `relocation_site_post` row."""
        pay = row.monthly_pay_fen
        return cls(
            id=to_global_id("SitePost", row.id),
            pk=row.id,
            site_id=row.site_id,
            holder_person_id=row.holder_person_id,
            title=row.title,
            opened_on=row.opened_on,
            start_date=row.start_date,
            end_date=row.end_date,
            monthly_pay=None if pay is None else fen_to_yuan(pay),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> SitePost | None:
        from plugins.relocation_sites.loaders import SitePostByIdLoader

        return (
            await info.context.loader(SitePostByIdLoader).load(int(key)) if key.isdigit() else None
        )

    def filled_on(self, day: date) -> bool:
        """Whether the holder is at work on `day`."""
        return (
            self.holder_person_id is not None
            and self.start_date is not None
            and self.start_date <= day
            and (self.end_date is None or self.end_date >= day)
        )

    @strawberry.field(name="filled", description="在给定日期（默认今天）是否有人在岗。")
    def is_filled(
        self,
        info: Info,
        on: Annotated[date | None, strawberry.argument(description="日期，默认今天。")] = None,
    ) -> bool:
        return self.filled_on(on or info.context.today)

    @strawberry.field(description="在岗人（建档立卡户成员）；空缺时为空。", directives=[PERSONAL])
    async def holder(self, info: Info) -> Person | None:
        from core.sdk import PersonByIdLoader

        if self.holder_person_id is None:
            return None
        return await info.context.loader(PersonByIdLoader).load(self.holder_person_id)

    @strawberry.field(description="所属安置点。")
    async def site(self, info: Info) -> SiteRef | None:
        return await _site(info, self.site_id)


@strawberry.type(
    name="SiteJobFair",
    description="在安置点举办的专场招聘会或岗位发布活动（三(五)3：每个安置点全年不少于 2 场）。",
)
class SiteJobFair(Node):
    """A job fair held for a site."""

    pk: strawberry.Private[int]
    site_id: strawberry.Private[int]
    held_on: date = strawberry.field(description="举办日期。")
    title: str = strawberry.field(description="活动名称，2–64 个字。")
    employers: int = strawberry.field(description="参会用人单位数，单位：家。")
    postings: int = strawberry.field(description="提供的岗位数，单位：个。")
    attendees: int = strawberry.field(description="参加的求职者人数，单位：人。")
    intentions: int = strawberry.field(
        description="达成就业意向的人数，单位：人（不超过参加人数）。"
    )
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> SiteJobFair:
        """Map a `relocation_job_fair` row."""
        return cls(
            id=to_global_id("SiteJobFair", row.id),
            pk=row.id,
            site_id=row.site_id,
            held_on=row.held_on,
            title=row.title,
            employers=row.employers,
            postings=row.postings,
            attendees=row.attendees,
            intentions=row.intentions,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> SiteJobFair | None:
        from plugins.relocation_sites.loaders import SiteJobFairByIdLoader

        return (
            await info.context.loader(SiteJobFairByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    @strawberry.field(description="所属安置点。")
    async def site(self, info: Info) -> SiteRef | None:
        return await _site(info, self.site_id)


@strawberry.type(
    name="SiteJobPush",
    description="一次向安置点住户推送岗位信息（三(五)3：每个安置点全年不少于 3 万个）。",
)
class SiteJobPush(Node):
    """Postings pushed to a site's households."""

    pk: strawberry.Private[int]
    site_id: strawberry.Private[int]
    pushed_on: date = strawberry.field(description="推送日期。")
    channel: SiteJobPushChannel = strawberry.field(description="推送渠道。")
    postings: int = strawberry.field(description="推送的岗位数，单位：个。")
    households: int = strawberry.field(description="收到推送的住户数，单位：户。")
    created_at: datetime = strawberry.field(description="登记时间（UTC）。")

    @classmethod
    def from_row(cls, row: Row[Any]) -> SiteJobPush:
        """Map a `relocation_job_push` row."""
        return cls(
            id=to_global_id("SiteJobPush", row.id),
            pk=row.id,
            site_id=row.site_id,
            pushed_on=row.pushed_on,
            channel=SiteJobPushChannel(row.channel),
            postings=row.postings,
            households=row.households,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> SiteJobPush | None:
        from plugins.relocation_sites.loaders import SiteJobPushByIdLoader

        return (
            await info.context.loader(SiteJobPushByIdLoader).load(int(key))
            if key.isdigit()
            else None
        )

    @strawberry.field(description="所属安置点。")
    async def site(self, info: Info) -> SiteRef | None:
        return await _site(info, self.site_id)
