"""村级劳务工作站台账: import (create or update a village's station) and export, through the
same rules as the mutations. Export → import changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.importing.sheets import (
    Column,
    ExportRequest,
    ImportContext,
    SheetImporter,
    SheetKind,
    SheetRow,
)
from core.importing.values import digits_text, parse_date, text
from core.problems import ErrorCode, Problem, Problems
from core.regions import RegionCodeError, canonical_code, in_subtree
from core.scope import Scope
from jiuye_public_services import services
from jiuye_public_services.models import station

STATIONS = "public_services_stations"

STATION_COLUMNS = (
    Column(
        "行政村代码", "village", required=True, variants=("村代码", "区划代码", "行政村区划代码")
    ),
    Column("工作站名称", "name", required=True, variants=("劳务工作站名称", "名称")),
    Column("建站日期", "opened_on", required=True, variants=("成立日期", "建站时间")),
    Column(
        "远程视频平台开通日期",
        "video_platform_on",
        variants=("远程视频服务平台开通日期", "视频平台开通日期"),
    ),
)


class StationImporter:
    """Each row creates the village's station or brings it up to date."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.scope = Scope(ctx.options.caller.region)
        self.seen: dict[str, int] = {}

    def reject(self, row: SheetRow, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.ctx.problem(row.sheet, row.number, problem)
        self.ctx.counts(row.sheet).rejected += 1

    def parse(self, row: SheetRow) -> services.StationData | list[Problem]:
        problems: list[Problem] = []
        village = digits_text(row.values.get("village"), field="village", what="行政村代码")
        name = text(row.values.get("name"))
        days: dict[str, date | None] = {}
        for field, label in (
            ("opened_on", "建站日期"),
            ("video_platform_on", "远程视频平台开通日期"),
        ):
            found = parse_date(row.values.get(field), field=field, label=label)
            if isinstance(found, Problem):
                problems.append(found)
            else:
                days[field] = found
        if isinstance(village, Problem):
            problems.append(village)
        elif village is None:
            problems.append(Problem("village", ErrorCode.REQUIRED, "行政村代码不能为空"))
        opened_on = days.get("opened_on")
        if "opened_on" in days and opened_on is None:
            problems.append(Problem("opened_on", ErrorCode.REQUIRED, "建站日期不能为空"))
        if problems or not isinstance(village, str) or opened_on is None:
            return problems
        return services.StationData(village, name or "", opened_on, days["video_platform_on"])

    async def add(self, rows: Sequence[SheetRow]) -> None:
        for row in rows:
            data = self.parse(row)
            if isinstance(data, list):
                self.reject(row, data)
                continue
            try:
                code = canonical_code(data.village)
            except RegionCodeError:
                code = data.village
            if code in self.seen:
                self.reject(
                    row,
                    [
                        Problem(
                            "village",
                            ErrorCode.DUPLICATE,
                            f"行政村 {code} 在第 {self.seen[code]} 行已经出现过：每村一行",
                            data.village,
                        )
                    ],
                )
                continue
            self.seen[code] = row.number
            await self.write(row, code, data)

    async def write(self, row: SheetRow, code: str, data: services.StationData) -> None:
        conn, today = self.ctx.conn, self.ctx.options.today
        existing = (
            await conn.execute(
                select(station.c.id).where(
                    station.c.village_code == code, self.scope.where(station.c.village_code)
                )
            )
        ).first()
        try:
            if existing is None:
                await services.create_station(conn, data, today=today, scope=self.scope)
                self.ctx.counts(row.sheet).created += 1
            elif await services.update_station(
                conn, existing.id, data, today=today, scope=self.scope
            ):
                self.ctx.counts(row.sheet).updated += 1
            else:
                self.ctx.counts(row.sheet).unchanged += 1
        except Problems as exc:
            self.reject(row, exc.problems)

    async def finish(self) -> None:
        """Every row was written as it came; nothing waits for the end."""


async def open_stations(ctx: ImportContext) -> SheetImporter:
    return StationImporter(ctx)


async def export_stations(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """The stations in the region's subtree, by village code."""
    query = (
        select(station)
        .where(in_subtree(station.c.village_code, request.region))
        .order_by(station.c.village_code)
    )
    for row in await conn.execute(query):
        yield [row.village_code, row.name, row.opened_on, row.video_platform_on]


SHEET_KINDS = [
    SheetKind(
        name=STATIONS,
        title="村级劳务工作站台账",
        columns=STATION_COLUMNS,
        importer=open_stations,
        exporter=export_stations,
        after=("regions",),
        description="每个行政村一行：工作站名称、建站日期、远程视频服务平台开通日期（三(四)1、三(四)2）。",
    )
]
