"""安置点招聘活动台账: one row per special job fair or per push of postings (三(五)3).

A fair is known by its site, date and title; a push by its site, date and channel. Columns
that belong to the other type must stay empty, so that nothing a clerk writes is dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    Column,
    ErrorCode,
    ExportRequest,
    ImportContext,
    JobPushChannel,
    LabelledEnum,
    Problem,
    Scope,
    SheetRow,
    audit,
    in_subtree,
    parse_date,
    parse_label,
    text,
    utcnow,
)
from plugins.relocation_sites.models import job_fair, job_push, site
from plugins.relocation_sites.sheets import checks as events
from plugins.relocation_sites.sheets import checks as validation
from plugins.relocation_sites.sheets.common import (
    COUNTY,
    SITE_NAME,
    Places,
    RowProblems,
    Sites,
    parse_count,
)


class EventType(LabelledEnum):
    """What a row records."""

    FAIR = "FAIR", "专场招聘会", "招聘会", "岗位发布活动", "专场招聘会或岗位发布活动"
    PUSH = "PUSH", "岗位推送", "推送", "岗位信息推送"


COLUMNS = (
    COUNTY,
    SITE_NAME,
    Column("活动类型", "type", required=True, variants=("类型",)),
    Column("日期", "day", required=True, variants=("举办日期", "推送日期", "活动日期")),
    Column("活动名称", "title", variants=("招聘会名称",)),
    Column("参会单位数", "employers", variants=("参会企业数", "用人单位数")),
    Column("岗位数", "postings", required=True, variants=("提供岗位数", "推送岗位数")),
    Column("参会人数", "attendees", variants=("求职人数", "参加人数")),
    Column("达成意向人数", "intentions", variants=("达成就业意向人数", "意向人数")),
    Column("推送渠道", "channel", variants=("渠道",)),
    Column("推送户数", "households", variants=("收到推送户数",)),
)
FAIR_ONLY = ("title", "employers", "attendees", "intentions")
PUSH_ONLY = ("channel", "households")
_HEADERS = {column.field: column.header for column in COLUMNS}


@dataclass
class EventLine:
    """One parsed row."""

    raw: SheetRow
    type: EventType
    key: tuple[Any, ...]
    values: dict[str, Any]


class EventImporter:
    """Records fairs and pushes, corrects their figures; never deletes."""

    def __init__(self, ctx: ImportContext, places: Places, sites: Sites) -> None:
        self.ctx = ctx
        self.places = places
        self.sites = sites
        self.scope = Scope(ctx.options.caller.region)
        self.lines: list[EventLine] = []

    @classmethod
    async def open(cls, ctx: ImportContext) -> EventImporter:
        """The importer for one import."""
        return cls(ctx, await Places.load(ctx.conn), await Sites.load(ctx.conn))

    async def add(self, rows: Sequence[SheetRow]) -> None:
        for raw in rows:
            line = self._parse(raw)
            if line is None:
                self.ctx.counts(raw.sheet).rejected += 1
            else:
                self.lines.append(line)

    def _count(
        self, found: RowProblems, raw: SheetRow, field: str, bounds: tuple[int, int], unit: str
    ) -> Any:
        label = _HEADERS[field]
        value = found.take(parse_count(raw.values.get(field), field=field, label=label))
        if value is None:
            if raw.values.get(field) is None:
                found.add(Problem(field, ErrorCode.REQUIRED, f"{label}不能为空"))
            return None
        return found.take(
            validation.check_count(
                value, field=field, label=label, low=bounds[0], high=bounds[1], unit=unit
            )
        )

    def _parse(self, raw: SheetRow) -> EventLine | None:
        found, get = RowProblems(self.ctx, raw), raw.values.get
        county = found.take(self.places.county(get("county"), self.scope))
        at = found.take(self.sites.find(county, get("site"))) if county else None
        kind = found.take(parse_label(EventType, get("type"), field="type", label="活动类型"))
        if kind is None and get("type") is None:
            found.add(Problem("type", ErrorCode.REQUIRED, "活动类型须填“专场招聘会”或“岗位推送”"))
        day = found.take(parse_date(get("day"), field="day", label="日期"))
        if day is None and get("day") is None:
            found.add(Problem("day", ErrorCode.REQUIRED, "日期不能为空"))
        elif day is not None:
            day = found.take(
                validation.check_day(day, field="day", label="日期", today=self.ctx.options.today)
            )
        if kind is None:
            return None
        other = PUSH_ONLY if kind is EventType.FAIR else FAIR_ONLY
        for field in other:
            if get(field) is not None:
                found.add(
                    Problem(
                        field, ErrorCode.INVALID, f"{kind.label}不填“{_HEADERS[field]}”", get(field)
                    )
                )
        if kind is EventType.FAIR:
            values, key = self._fair(found, raw, day)
        else:
            values, key = self._push(found, raw, day)
        if found.bad or at is None:
            return None
        return EventLine(raw, kind, (int(at.id), *key), values)

    def _fair(
        self, found: RowProblems, raw: SheetRow, day: Any
    ) -> tuple[dict[str, Any], tuple[Any, ...]]:
        title = found.take(
            validation.check_text(
                text(raw.values.get("title")), field="title", label="活动名称", max_length=64
            )
        )
        values = {
            "held_on": day,
            "title": title,
            "employers": self._count(found, raw, "employers", events.EMPLOYERS_RANGE, "家"),
            "postings": self._count(found, raw, "postings", events.POSTINGS_RANGE, "个"),
            "attendees": self._count(found, raw, "attendees", events.ATTENDEES_RANGE, "人"),
        }
        ceiling = (
            values["attendees"] if values["attendees"] is not None else events.ATTENDEES_RANGE[1]
        )
        values["intentions"] = self._count(found, raw, "intentions", (0, ceiling), "人")
        return values, (day, title)

    def _push(
        self, found: RowProblems, raw: SheetRow, day: Any
    ) -> tuple[dict[str, Any], tuple[Any, ...]]:
        channel = found.take(
            parse_label(
                JobPushChannel, raw.values.get("channel"), field="channel", label="推送渠道"
            )
        )
        if channel is None and raw.values.get("channel") is None:
            found.add(Problem("channel", ErrorCode.REQUIRED, "岗位推送须填推送渠道"))
        values = {
            "pushed_on": day,
            "channel": None if channel is None else channel.value,
            "postings": self._count(found, raw, "postings", events.PUSHED_RANGE, "个"),
            "households": self._count(found, raw, "households", events.HOUSEHOLDS_RANGE, "户"),
        }
        return values, (day, values["channel"])

    async def finish(self) -> None:
        conn, now = self.ctx.conn, utcnow()
        stored: dict[tuple[Any, ...], Any] = {}
        for row in (await conn.execute(select(job_fair))).all():
            stored[(EventType.FAIR, row.site_id, row.held_on, row.title)] = row
        for row in (await conn.execute(select(job_push))).all():
            stored[(EventType.PUSH, row.site_id, row.pushed_on, row.channel)] = row
        first: dict[tuple[Any, ...], EventLine] = {}
        entries: list[audit.Entry] = []
        for line in self.lines:
            counts = self.ctx.counts(line.raw.sheet)
            key = (line.type, *line.key)
            table = job_fair if line.type is EventType.FAIR else job_push
            if key in first:
                earlier = first[key].raw
                self.ctx.problem(
                    line.raw.sheet,
                    line.raw.number,
                    Problem(
                        "day",
                        ErrorCode.DUPLICATE,
                        f"同一安置点同一天的这场{line.type.label}重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                    ),
                )
                counts.rejected += 1
                continue
            first[key] = line
            existing = stored.get(key)
            if existing is None:
                values = {**line.values, "site_id": line.key[0]}
                new_id = (
                    await conn.execute(
                        insert(table)
                        .values(**values, version=1, created_at=now, updated_at=now)
                        .returning(table.c.id)
                    )
                ).scalar_one()
                entries.append(
                    audit.Entry(f"import create {table.name}", table.name, new_id, after=values)
                )
                counts.created += 1
                continue
            changed = {f: v for f, v in line.values.items() if getattr(existing, f) != v}
            if not changed:
                counts.unchanged += 1
                continue
            await conn.execute(
                update(table)
                .where(table.c.id == existing.id)
                .values(**changed, version=existing.version + 1, updated_at=now)
            )
            entries.append(
                audit.Entry(
                    f"import update {table.name}",
                    table.name,
                    existing.id,
                    before={f: getattr(existing, f) for f in changed},
                    after=changed,
                )
            )
            counts.updated += 1
        await audit.log_many(conn, entries)


async def export_events(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """Every fair, then every push, of the region's sites, by site and date."""
    places = await Places.load(conn)
    within = in_subtree(site.c.township_code, request.region)
    fairs = (
        select(job_fair, site.c.county_code, site.c.name.label("site_name"))
        .join(site, site.c.id == job_fair.c.site_id)
        .where(within)
        .order_by(site.c.county_code, site.c.id, job_fair.c.held_on, job_fair.c.id)
    )
    for row in (await conn.execute(fairs)).all():
        yield [
            places.county_name(row.county_code),
            row.site_name,
            EventType.FAIR.label,
            row.held_on,
            row.title,
            row.employers,
            row.postings,
            row.attendees,
            row.intentions,
            None,
            None,
        ]
    pushes = (
        select(job_push, site.c.county_code, site.c.name.label("site_name"))
        .join(site, site.c.id == job_push.c.site_id)
        .where(within)
        .order_by(site.c.county_code, site.c.id, job_push.c.pushed_on, job_push.c.id)
    )
    for row in (await conn.execute(pushes)).all():
        yield [
            places.county_name(row.county_code),
            row.site_name,
            EventType.PUSH.label,
            row.pushed_on,
            None,
            None,
            row.postings,
            None,
            None,
            JobPushChannel(row.channel).label,
            row.households,
        ]
