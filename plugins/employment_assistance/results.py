"""Result unions of the plugin's mutations and the plumbing every mutation shares.

Expected failures come back as the core's `RecordError` (code, message, every problem); the
error codes of `core.problems.ErrorCode` cover every rule here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Info, Problem, Problems, RecordError, from_global_id
from plugins.employment_assistance.event_types import FiveEvent, JobFair, JobPush
from plugins.employment_assistance.services.common import UNSET
from plugins.employment_assistance.types import (
    HiringSubsidy,
    MinimumWage,
    PovertyWorkshop,
    VillagePost,
)

R = TypeVar("R")


@strawberry.type(description="扶贫车间保存成功。")
class PovertyWorkshopSuccess:
    """A workshop as saved."""

    workshop: PovertyWorkshop = strawberry.field(description="保存后的扶贫车间。")


@strawberry.type(description="公益性岗位保存成功。")
class VillagePostSuccess:
    """A village post as saved."""

    post: VillagePost = strawberry.field(description="保存后的公益性岗位。")


@strawberry.type(description="最低工资标准保存成功。")
class MinimumWageSuccess:
    """A minimum wage as saved."""

    minimum_wage: MinimumWage = strawberry.field(description="保存后的最低工资标准。")


@strawberry.type(description="最低工资标准已删除。")
class MinimumWageDeleted:
    """A minimum wage removed."""

    id: strawberry.ID = strawberry.field(description="被删除标准的全局标识。")


@strawberry.type(description="补贴记录保存成功。")
class HiringSubsidySuccess:
    """A subsidy as saved."""

    subsidy: HiringSubsidy = strawberry.field(description="保存后的补贴记录。")


@strawberry.type(description="招聘会保存成功。")
class JobFairSuccess:
    """A job fair as saved."""

    job_fair: JobFair = strawberry.field(description="保存后的招聘会。")


@strawberry.type(description="岗位推送保存成功。")
class JobPushSuccess:
    """A job push as saved."""

    job_push: JobPush = strawberry.field(description="保存后的岗位推送。")


@strawberry.type(description="“五个一”活动保存成功。")
class FiveEventSuccess:
    """A "五个一" event as saved."""

    event: FiveEvent = strawberry.field(description="保存后的活动。")


PovertyWorkshopResult = Annotated[
    PovertyWorkshopSuccess | RecordError,
    strawberry.union("PovertyWorkshopResult", description="扶贫车间变更的结果。"),
]
VillagePostResult = Annotated[
    VillagePostSuccess | RecordError,
    strawberry.union("VillagePostResult", description="公益性岗位变更的结果。"),
]
MinimumWageResult = Annotated[
    MinimumWageSuccess | RecordError,
    strawberry.union("MinimumWageResult", description="设定最低工资标准的结果。"),
]
MinimumWageDeleteResult = Annotated[
    MinimumWageDeleted | RecordError,
    strawberry.union("MinimumWageDeleteResult", description="删除最低工资标准的结果。"),
]
HiringSubsidyResult = Annotated[
    HiringSubsidySuccess | RecordError,
    strawberry.union("HiringSubsidyResult", description="补贴记录变更的结果。"),
]
JobFairResult = Annotated[
    JobFairSuccess | RecordError,
    strawberry.union("JobFairResult", description="招聘会变更的结果。"),
]
JobPushResult = Annotated[
    JobPushSuccess | RecordError,
    strawberry.union("JobPushResult", description="岗位推送变更的结果。"),
]
FiveEventResult = Annotated[
    FiveEventSuccess | RecordError,
    strawberry.union("FiveEventResult", description="“五个一”活动变更的结果。"),
]


def record_key(global_id: str, type_name: str, what: str, field: str = "id") -> int:
    """The database key a global ID names; an ID of another type is refused as INVALID."""
    parsed = from_global_id(global_id)
    if parsed is None or parsed[0] != type_name or not parsed[1].isdigit():
        raise Problems.one(
            field, ErrorCode.INVALID, f"这不是{what}的标识（{type_name}.id）", global_id
        )
    return int(parsed[1])


def changes_of(
    source: Any, names: Iterable[str], *, nullable: Iterable[str] = ()
) -> dict[str, Any]:
    """The fields an update input sets (strawberry.UNSET leaves one alone).

    Null clears a field only where `nullable` allows it; elsewhere it is refused.
    """
    clearable = set(nullable)
    changes: dict[str, Any] = {}
    problems = []
    for name in names:
        value = getattr(source, name)
        if value is strawberry.UNSET:
            continue
        if value is None and name not in clearable:
            problems.append(Problem(name, ErrorCode.REQUIRED, "这一项不能清空，不改就不要给"))
        changes[name] = value
    if problems:
        raise Problems(problems)
    return changes


async def write(info: Info, work: Callable[[AsyncConnection], Awaitable[R]]) -> R | RecordError:
    """Run `work` in one transaction; expected problems come back as a RecordError."""
    try:
        async with info.context.db.begin() as conn:
            return await work(conn)
    except Problems as exc:
        return RecordError.from_problems(exc.problems)
    except IntegrityError:
        # Two writers raced past the same uniqueness check; the database kept one.
        return RecordError.from_problems(
            [Problem("input", ErrorCode.CONFLICT, "同一记录正被他人同时登记，请刷新后再试")]
        )


__all__ = ["UNSET", "RecordError"]
