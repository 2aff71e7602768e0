"""Mutation results: the saved record, or the core's `RecordError` with every problem found."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Household, Info, Problem, Problems, RecordError
from plugins.relocation_sites import types
from plugins.relocation_sites.job_types import SiteJobFair, SiteJobPush, SitePost
from plugins.relocation_sites.services.common import UNSET
from plugins.relocation_sites.validation import parse_id

R = TypeVar("R")


@strawberry.type(description="安置点的登记或修改成功。")
class RelocationSiteSuccess:
    """A site as saved."""

    site: types.RelocationSite = strawberry.field(description="保存后的安置点。")


@strawberry.type(description="户的安置点分配已保存。")
class SiteHouseholdSuccess:
    """A household and the site it now lives at."""

    household: Household = strawberry.field(description="这一户。")
    site: types.RelocationSite | None = strawberry.field(
        description="现在所在的安置点；取消分配后为空。"
    )


@strawberry.type(description="三微平台的登记或修改成功。")
class SiteFacilitySuccess:
    """A facility as saved."""

    facility: types.SiteFacility = strawberry.field(description="保存后的平台。")


@strawberry.type(description="安置点公益性岗位的登记或修改成功。")
class SitePostSuccess:
    """A post as saved."""

    post: SitePost = strawberry.field(description="保存后的岗位。")


@strawberry.type(description="专场招聘会已登记。")
class SiteJobFairSuccess:
    """A job fair as saved."""

    job_fair: SiteJobFair = strawberry.field(description="保存后的招聘会。")


@strawberry.type(description="岗位推送已登记。")
class SiteJobPushSuccess:
    """A push as saved."""

    job_push: SiteJobPush = strawberry.field(description="保存后的推送。")


@strawberry.type(description="服务站的登记或修改成功。")
class ServiceStationSuccess:
    """A station as saved."""

    station: types.ServiceStation = strawberry.field(description="保存后的服务站。")


RelocationSiteResult = Annotated[
    RelocationSiteSuccess | RecordError,
    strawberry.union("RelocationSiteResult", description="安置点变更的结果。"),
]
SiteHouseholdResult = Annotated[
    SiteHouseholdSuccess | RecordError,
    strawberry.union("SiteHouseholdResult", description="户的安置点分配变更的结果。"),
]
SiteFacilityResult = Annotated[
    SiteFacilitySuccess | RecordError,
    strawberry.union("SiteFacilityResult", description="三微平台变更的结果。"),
]
SitePostResult = Annotated[
    SitePostSuccess | RecordError,
    strawberry.union("SitePostResult", description="安置点公益性岗位变更的结果。"),
]
SiteJobFairResult = Annotated[
    SiteJobFairSuccess | RecordError,
    strawberry.union("SiteJobFairResult", description="登记专场招聘会的结果。"),
]
SiteJobPushResult = Annotated[
    SiteJobPushSuccess | RecordError,
    strawberry.union("SiteJobPushResult", description="登记岗位推送的结果。"),
]
ServiceStationResult = Annotated[
    ServiceStationSuccess | RecordError,
    strawberry.union("ServiceStationResult", description="服务站变更的结果。"),
]


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


def record_id(value: str, type_name: str, field: str, label: str) -> int | RecordError:
    """The database id behind a global ID, or the error to return."""
    found = parse_id(value, type_name, field=field, label=label)
    return RecordError.from_problems([found]) if isinstance(found, Problem) else found


def unset(value: object) -> Any:
    """A strawberry UNSET as the services' UNSET."""
    return UNSET if value is strawberry.UNSET else value


def not_cleared(**fields: object) -> RecordError | None:
    """Refuse null for fields that an update may change but not empty."""
    for name, value in fields.items():
        if value is None:
            return RecordError.from_problems(
                [Problem(name, ErrorCode.REQUIRED, "这一项不能清空，不改就不要给")]
            )
    return None
