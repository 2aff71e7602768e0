"""Inputs of the mutations on job fairs, job pushes and the "五个一" events."""

from __future__ import annotations

from datetime import date

import strawberry

from plugins.employment_assistance.enums import FiveEventKind, JobFairLevel, JobPushChannel
from plugins.employment_assistance.inputs import VERSION


@strawberry.input(description="登记一场已举办的招聘会。")
class JobFairCreateInput:
    """A new job fair."""

    name: str = strawberry.field(description="招聘会名称，最多 128 字。")
    level: JobFairLevel = strawberry.field(description="层级；须与区划的层级一致。")
    region_code: str = strawberry.field(
        description="举办的区划：市级填市（450200），县区级填县区（6 位），乡镇级填乡镇（9 位）。"
    )
    held_on: date = strawberry.field(description="举办日期，不晚于今天。")
    place: str = strawberry.field(description="举办地点，最多 128 字。")
    employers: int = strawberry.field(default=0, description="参会企业数，单位：个，不小于 0。")
    postings: int = strawberry.field(default=0, description="提供岗位数，单位：个，不小于 0。")
    attendance: int = strawberry.field(default=0, description="入场人数，单位：人，不小于 0。")


@strawberry.input(description="修改一场招聘会；不给的字段保持不变。")
class JobFairUpdateInput:
    """Changes to a job fair."""

    id: strawberry.ID = strawberry.field(description="招聘会的全局标识（JobFair.id）。")
    version: int | None = strawberry.field(default=None, description=VERSION)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="名称。")
    level: JobFairLevel | None = strawberry.field(default=strawberry.UNSET, description="层级。")
    region_code: str | None = strawberry.field(default=strawberry.UNSET, description="区划代码。")
    held_on: date | None = strawberry.field(default=strawberry.UNSET, description="举办日期。")
    place: str | None = strawberry.field(default=strawberry.UNSET, description="举办地点。")
    employers: int | None = strawberry.field(
        default=strawberry.UNSET, description="参会企业数，单位：个。"
    )
    postings: int | None = strawberry.field(
        default=strawberry.UNSET, description="提供岗位数，单位：个。"
    )
    attendance: int | None = strawberry.field(
        default=strawberry.UNSET, description="入场人数，单位：人。"
    )


@strawberry.input(description="撤销一场招聘会（误录或未举办）：记录保留，不再计入指标。")
class JobFairCancelInput:
    """A job fair to cancel."""

    id: strawberry.ID = strawberry.field(description="全局标识（JobFair.id）。")
    reason: str = strawberry.field(description="撤销原因，最多 200 字。")
    version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="撤销一次岗位推送（误录或未举办）：记录保留，不再计入指标。")
class JobPushCancelInput:
    """A job push to cancel."""

    id: strawberry.ID = strawberry.field(description="全局标识（JobPush.id）。")
    reason: str = strawberry.field(description="撤销原因，最多 200 字。")
    version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="撤销一场“五个一”活动（误录或未举办）：记录保留，不再计入指标。")
class FiveEventCancelInput:
    """A "五个一" event to cancel."""

    id: strawberry.ID = strawberry.field(description="全局标识（FiveEvent.id）。")
    reason: str = strawberry.field(description="撤销原因，最多 200 字。")
    version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(
    description="登记一次岗位信息推送：送达的户按户编号列出，或选“送达区划内每一户”。"
)
class JobPushCreateInput:
    """A new job push."""

    region_code: str = strawberry.field(description="推送的区划（县区、乡镇或行政村）。")
    pushed_on: date = strawberry.field(description="推送日期，不晚于今天。")
    postings: int = strawberry.field(description="推送的岗位信息数，单位：个，不小于 1。")
    channel: JobPushChannel = strawberry.field(description="推送渠道。")
    title: str | None = strawberry.field(
        default=None, description="岗位信息汇编的标题，最多 128 字。"
    )
    households: list[str] = strawberry.field(
        default_factory=list,
        description="送达的户的户编号，须在推送的区划内；可为空（如只在网上发布）。",
    )
    every_household: bool = strawberry.field(
        default=False, description="为 true 时送达区划内（您权限范围内）的每一户，不再列户编号。"
    )


@strawberry.input(
    description="修改一次岗位推送；给出 households 或 everyHousehold 时替换送达的户。"
)
class JobPushUpdateInput:
    """Changes to a job push."""

    id: strawberry.ID = strawberry.field(description="推送的全局标识（JobPush.id）。")
    version: int | None = strawberry.field(default=None, description=VERSION)
    region_code: str | None = strawberry.field(default=strawberry.UNSET, description="推送的区划。")
    pushed_on: date | None = strawberry.field(default=strawberry.UNSET, description="推送日期。")
    postings: int | None = strawberry.field(
        default=strawberry.UNSET, description="推送的岗位信息数，单位：个。"
    )
    channel: JobPushChannel | None = strawberry.field(
        default=strawberry.UNSET, description="渠道。"
    )
    title: str | None = strawberry.field(
        default=strawberry.UNSET, description="标题；传 null 清除。"
    )
    households: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="送达的户的户编号（替换原有的）。"
    )
    every_household: bool | None = strawberry.field(
        default=strawberry.UNSET, description="为 true 时改为送达区划内的每一户。"
    )


@strawberry.input(description="登记一场已举办的“五个一”活动。")
class FiveEventCreateInput:
    """A new "五个一" event."""

    kind: FiveEventKind = strawberry.field(description="活动种类。")
    title: str = strawberry.field(description="活动名称，最多 128 字。")
    region_code: str = strawberry.field(description="举办的区划（市、县区、乡镇或行政村）。")
    held_on: date = strawberry.field(description="举办日期，不晚于今天。")
    place: str = strawberry.field(description="举办地点，最多 128 字。")
    attendance: int = strawberry.field(default=0, description="参加人数，单位：人，不小于 0。")


@strawberry.input(description="修改一场“五个一”活动；不给的字段保持不变。")
class FiveEventUpdateInput:
    """Changes to a "五个一" event."""

    id: strawberry.ID = strawberry.field(description="活动的全局标识（FiveEvent.id）。")
    version: int | None = strawberry.field(default=None, description=VERSION)
    kind: FiveEventKind | None = strawberry.field(
        default=strawberry.UNSET, description="活动种类。"
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="活动名称。")
    region_code: str | None = strawberry.field(default=strawberry.UNSET, description="区划代码。")
    held_on: date | None = strawberry.field(default=strawberry.UNSET, description="举办日期。")
    place: str | None = strawberry.field(default=strawberry.UNSET, description="举办地点。")
    attendance: int | None = strawberry.field(
        default=strawberry.UNSET, description="参加人数，单位：人。"
    )
