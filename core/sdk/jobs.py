"""Job fairs and job pushes: one concept, declared once, that every action line records.

The plan asks for fairs and postings in two places — 三(一)6 (fairs by the city, counties and
key townships; postings pushed to poor households) and 三(五)3 (fairs and postings at each
relocation site). Both keep their own table (a fair belongs to a region in one, to a site in
the other), but every such table inherits these fields, so both are entered, shown, imported
and counted with the same names, headers and rules:

    class SiteJobFair(Record, JobFairFields, table=True):
        __tablename__ = "relocation_job_fair"
        site_id: int = parent_field(table="relocation_site", header="安置点", description="…")

`held(table, start, end)` is the one definition of a fair (or push) that counts in a period:
dated within it and not cancelled.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, and_
from sqlmodel import SQLModel

from core.enums import LabelledEnum
from core.sdk.fields import field


class JobFairLevel(LabelledEnum):
    """Who holds a job fair: the city, a county/district, a township, or a relocation site."""

    CITY = "CITY", "市级"
    COUNTY = "COUNTY", "县区级"
    TOWNSHIP = "TOWNSHIP", "乡镇级"
    SITE = "SITE", "安置点"


class JobPushChannel(LabelledEnum):
    """How postings reached households."""

    WORK_TEAM = "WORK_TEAM", "驻村工作队员"
    CONTACT = "CONTACT", "帮扶联系人"
    VILLAGE_COMMITTEE = "VILLAGE_COMMITTEE", "村两委干部"
    LABOUR_STATION = "LABOUR_STATION", "劳务工作站"
    SMS = "SMS", "短信"
    WECHAT = "WECHAT", "微信群/公众号", "微信"
    NOTICE_BOARD = "NOTICE_BOARD", "公告栏", "岗位公示栏"
    DOOR_TO_DOOR = "DOOR_TO_DOOR", "入户送岗", "入户"
    ONLINE = "ONLINE", "互联网+人社平台", "网上平台", "互联网+人社"


class JobFairFields(SQLModel):
    """The fields of a job fair (招聘会), wherever it is held."""

    title: str = field(
        header="招聘会名称",
        description="招聘会的名称。",
        max_length=128,
        searchable=True,
        variants=("名称", "活动名称"),
    )
    held_on: date = field(header="举办日期", description="举办的日期。", not_future=True)
    place: str | None = field(
        header="举办地点", description="举办的地点。", default=None, max_length=128
    )
    employers: int = field(
        header="参会企业数", description="到场招聘的用人单位数。", minimum=0, maximum=100_000
    )
    postings: int = field(
        header="提供岗位数", description="招聘会提供的岗位数。", minimum=0, maximum=10_000_000
    )
    attendees: int = field(
        header="入场人数",
        description="入场求职的人数。",
        minimum=0,
        maximum=10_000_000,
        variants=("参会人数", "入场求职人数"),
    )
    intentions: int = field(
        header="达成意向人数",
        description="与用人单位达成就业意向的人数。",
        default=0,
        minimum=0,
        maximum=10_000_000,
    )
    cancelled: bool = field(
        header="已取消", description="招聘会取消了（不计入举办场次）。", default=False
    )
    cancel_reason: str | None = field(
        header="取消原因",
        description="取消的原因。",
        default=None,
        max_length=200,
        variants=("撤销原因", "撤销说明"),
    )


class JobPushFields(SQLModel):
    """The fields of a job push (岗位推送): postings sent to households on one day."""

    pushed_on: date = field(header="推送日期", description="推送的日期。", not_future=True)
    channel: str = field(
        header="推送渠道",
        description="岗位信息送到住户的渠道。",
        max_length=24,
        choices=JobPushChannel,
    )
    postings: int = field(
        header="推送岗位数",
        description="推送的岗位信息条数。",
        minimum=0,
        maximum=10_000_000,
        variants=("推送岗位信息数", "岗位信息数"),
    )
    # A count of identified households on one record: small ones point at families.
    households: int = field(
        header="覆盖户数",
        description="收到推送的户数。查看者不可查询。",
        default=0,
        minimum=0,
        maximum=10_000_000,
        personal=True,
    )
    title: str | None = field(
        header="推送内容",
        description="推送的主题。",
        default=None,
        max_length=128,
        variants=("标题", "岗位信息标题", "汇编标题"),
    )
    cancelled: bool = field(
        header="已撤回", description="推送撤回了（不计入推送条数）。", default=False
    )
    cancel_reason: str | None = field(
        header="撤回原因",
        description="撤回的原因。",
        default=None,
        max_length=200,
        variants=("撤销原因",),
    )


def held(table: Table, start: date, end: date) -> ColumnElement[Any]:
    """A fair or push of `table` that counts between `start` and `end` (inclusive): dated
    within them and not cancelled."""
    day = table.c.held_on if "held_on" in table.c else table.c.pushed_on
    return and_(day >= start, day <= end, table.c.cancelled.is_(False))


__all__ = ["JobFairFields", "JobFairLevel", "JobPushChannel", "JobPushFields", "held"]
