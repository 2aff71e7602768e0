"""Root mutation fields. Expected failures come back as the core's `RecordError` (every
problem with its field, code and Chinese message); nothing is half-written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.graphql.context import Info
from core.graphql.node import from_global_id
from core.problems import ErrorCode, Problem, Problems
from core.records.mutations import RecordError
from jiuye_public_services import services, types
from jiuye_public_services.enums import StaffSource
from jiuye_public_services.loaders import LabourStationByIdLoader

R = TypeVar("R")


@strawberry.input(description="登记一个村级劳务工作站。")
class LabourStationCreateInput:
    """A new station."""

    village: str = strawberry.field(description="所在行政村的 12 位区划代码；每村至多一个工作站。")
    name: str = strawberry.field(description="工作站名称，1–64 个字。")
    opened_on: date = strawberry.field(description="建站日期，不晚于今天。")
    video_platform_on: date | None = strawberry.field(
        default=None, description="远程视频服务平台开通日期，不晚于今天；未开通时不填。"
    )


@strawberry.input(description="给劳务工作站增加一名工作人员。")
class LabourStationStaffInput:
    """A new worker at a station."""

    station: strawberry.ID = strawberry.field(description="工作站的标识（LabourStation.id）。")
    name: str = strawberry.field(description="姓名，1–32 个字。")
    source: StaffSource = strawberry.field(description="人员来源。")
    started_on: date = strawberry.field(description="到站日期：不早于建站日期，不晚于今天。")


@strawberry.type(description="劳务工作站已保存。")
class LabourStationSuccess:
    """A station as saved."""

    station: types.LabourStation = strawberry.field(description="保存后的工作站（含工作人员）。")


LabourStationResult = Annotated[
    LabourStationSuccess | RecordError,
    strawberry.union("LabourStationResult", description="保存后的工作站，或全部问题。"),
]


async def _write(info: Info, work: Callable[[AsyncConnection], Awaitable[R]]) -> R | RecordError:
    """Run `work` in one transaction; expected problems come back as a RecordError."""
    try:
        async with info.context.db.begin() as conn:
            return await work(conn)
    except Problems as exc:
        return RecordError.from_problems(exc.problems)
    except IntegrityError:
        # Two writers raced past the same uniqueness check; the database kept one.
        return RecordError.from_problems(
            [
                Problem(
                    "village",
                    ErrorCode.CONFLICT,
                    "这个行政村的工作站正被他人同时登记，请刷新后再试",
                )
            ]
        )


async def _saved(info: Info, station_id: int) -> LabourStationSuccess:
    found = await info.context.loader(LabourStationByIdLoader).load(station_id)
    assert found is not None
    return LabourStationSuccess(station=found)


@strawberry.type
class PublicServicesMutation:
    """Root mutation fields contributed by the public-services plugin."""

    @strawberry.mutation(
        description="登记一个村级劳务工作站（可同时登记远程视频服务平台的开通日期）。"
    )
    async def create_labour_station(
        self,
        info: Info,
        input: Annotated[LabourStationCreateInput, strawberry.argument(description="工作站。")],
    ) -> LabourStationResult:
        data = services.StationData(
            input.village, input.name, input.opened_on, input.video_platform_on
        )
        result = await _write(
            info,
            lambda conn: services.create_station(
                conn, data, today=info.context.today, scope=info.context.scope
            ),
        )
        return result if isinstance(result, RecordError) else await _saved(info, result)

    @strawberry.mutation(
        description="给村级劳务工作站增加一名工作人员（三支一扶大学生、公益性岗位人员等）。"
    )
    async def add_labour_station_staff(
        self,
        info: Info,
        input: Annotated[LabourStationStaffInput, strawberry.argument(description="工作人员。")],
    ) -> LabourStationResult:
        parsed = from_global_id(input.station)
        if parsed is None or parsed[0] != "LabourStation" or not parsed[1].isdigit():
            return RecordError.from_problems(
                [
                    Problem(
                        "station", ErrorCode.INVALID, "这不是劳务工作站的标识（LabourStation.id）"
                    )
                ]
            )
        station_id = int(parsed[1])
        data = services.StaffData(input.name, input.source, input.started_on)
        result = await _write(
            info,
            lambda conn: services.add_staff(
                conn, station_id, data, today=info.context.today, scope=info.context.scope
            ),
        )
        return result if isinstance(result, RecordError) else await _saved(info, station_id)
