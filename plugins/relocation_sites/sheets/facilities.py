"""三微台账: one row per 微车间, 微田园 or 微市场 (key: 县区 + 安置点名称 + 类别 + 名称)."""

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
from plugins.relocation_sites.enums import SiteFacilityKind
from plugins.relocation_sites.models import facility, site
from plugins.relocation_sites.settings import RelocationSettings
from plugins.relocation_sites.sheets import checks as validation
from plugins.relocation_sites.sheets.checks import JOBS_RANGE
from plugins.relocation_sites.sheets.common import (
    COUNTY,
    SITE_NAME,
    Places,
    RowProblems,
    Sites,
    parse_count,
    refusal,
    refuse_sheet,
)

COLUMNS = (
    COUNTY,
    SITE_NAME,
    Column("类别", "kind", required=True, variants=("三微类别", "平台类别")),
    Column("名称", "name", required=True, variants=("平台名称", "微车间名称")),
    Column("经营主体", "operator", required=True, variants=("运营主体", "经营单位")),
    Column("距离(米)", "distance", variants=("距离", "与安置点距离(米)", "距安置点(米)")),
    Column("统一社会信用代码", "business_registration", variants=("工商登记号", "工商注册号")),
    Column("岗位数", "jobs", variants=("提供岗位数", "就业岗位数")),
    Column("建成日期", "opened_on", required=True, variants=("认定日期", "建成或认定日期")),
    Column("停办日期", "closed_on", variants=("关闭日期",)),
)
_FIELDS = ("operator", "distance_m", "business_registration", "jobs", "opened_on", "closed_on")


@dataclass
class FacilityLine:
    """One parsed row."""

    raw: SheetRow
    site_id: int
    kind: SiteFacilityKind
    values: dict[str, Any]


class FacilityImporter:
    """Creates and updates facilities; never deletes (a closed one gets its 停办日期)."""

    def __init__(self, ctx: ImportContext, places: Places, sites: Sites) -> None:
        self.ctx = ctx
        self.places = places
        self.sites = sites
        self.scope = Scope(ctx.options.caller.region)
        self.nearby = ctx.plugins.settings_of(RelocationSettings).nearby_distance_m
        self.lines: list[FacilityLine] = []
        self.refused = refusal(ctx)
        self.told: set[str] = set()

    @classmethod
    async def open(cls, ctx: ImportContext) -> FacilityImporter:
        """The importer for one import (sites of this same import are seen: they come first)."""
        return cls(ctx, await Places.load(ctx.conn), await Sites.load(ctx.conn))

    async def add(self, rows: Sequence[SheetRow]) -> None:
        if self.refused is not None:
            refuse_sheet(self.ctx, rows, self.refused, self.told)
            return
        for raw in rows:
            line = self._parse(raw)
            if line is None:
                self.ctx.counts(raw.sheet).rejected += 1
            else:
                self.lines.append(line)

    def _parse(self, raw: SheetRow) -> FacilityLine | None:
        found, get = RowProblems(self.ctx, raw), raw.values.get
        today = self.ctx.options.today
        county = found.take(self.places.county(get("county"), self.scope))
        at = found.take(self.sites.find(county, get("site"))) if county else None
        kind = found.take(parse_label(SiteFacilityKind, get("kind"), field="kind", label="类别"))
        if kind is None and get("kind") is None:
            found.add(Problem("kind", ErrorCode.REQUIRED, "类别须填微车间、微田园或微市场"))
        values: dict[str, Any] = {}
        values["name"] = found.take(
            validation.check_text(text(get("name")), field="name", label="名称", max_length=64)
        )
        values["operator"] = found.take(
            validation.check_text(
                text(get("operator")), field="operator", label="经营主体", max_length=64
            )
        )
        distance = found.take(parse_count(get("distance"), field="distance", label="距离"))
        values["distance_m"] = found.take(
            validation.check_count(
                distance or 0,
                field="distance",
                label="与安置点的距离（“附近”的上限）",
                low=0,
                high=self.nearby,
                unit="米",
            )
        )
        values["business_registration"] = found.take(
            validation.check_business_registration(
                text(get("business_registration")), field="business_registration"
            )
        )
        jobs = found.take(parse_count(get("jobs"), field="jobs", label="岗位数"))
        low, high = JOBS_RANGE
        values["jobs"] = found.take(
            validation.check_count(
                jobs or 0, field="jobs", label="提供岗位数", low=low, high=high, unit="个"
            )
        )
        opened = found.take(parse_date(get("opened_on"), field="opened_on", label="建成日期"))
        if opened is None and get("opened_on") is None:
            found.add(Problem("opened_on", ErrorCode.REQUIRED, "建成日期不能为空"))
        elif opened is not None:
            opened = found.take(
                validation.check_day(opened, field="opened_on", label="建成日期", today=today)
            )
        values["opened_on"] = opened
        closed = found.take(parse_date(get("closed_on"), field="closed_on", label="停办日期"))
        if closed is not None and opened is not None:
            closed = found.take(
                validation.check_day(
                    closed, field="closed_on", label="停办日期", today=today, earliest=opened
                )
            )
        values["closed_on"] = closed
        if found.bad or at is None or kind is None:
            return None
        return FacilityLine(raw, int(at.id), kind, values)

    async def finish(self) -> None:
        conn, now = self.ctx.conn, utcnow()
        stored = {
            (row.site_id, row.kind, row.name): row
            for row in (await conn.execute(select(facility))).all()
        }
        first: dict[tuple[int, str, str], FacilityLine] = {}
        entries: list[audit.Entry] = []
        for line in self.lines:
            key = (line.site_id, line.kind.value, line.values["name"])
            counts = self.ctx.counts(line.raw.sheet)
            if key in first:
                earlier = first[key].raw
                self.ctx.problem(
                    line.raw.sheet,
                    line.raw.number,
                    Problem(
                        "name",
                        ErrorCode.DUPLICATE,
                        f"{line.kind.label}“{key[2]}”重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                        key[2],
                    ),
                )
                counts.rejected += 1
                continue
            first[key] = line
            existing = stored.get(key)
            if existing is None:
                values = {**line.values, "site_id": line.site_id, "kind": line.kind.value}
                new_id = (
                    await conn.execute(
                        insert(facility)
                        .values(**values, version=1, created_at=now, updated_at=now)
                        .returning(facility.c.id)
                    )
                ).scalar_one()
                entries.append(
                    audit.Entry(
                        "import create relocation_facility", facility.name, new_id, after=values
                    )
                )
                counts.created += 1
                continue
            changed = {f: line.values[f] for f in _FIELDS if getattr(existing, f) != line.values[f]}
            if not changed:
                counts.unchanged += 1
                continue
            await conn.execute(
                update(facility)
                .where(facility.c.id == existing.id)
                .values(**changed, version=existing.version + 1, updated_at=now)
            )
            entries.append(
                audit.Entry(
                    "import update relocation_facility",
                    facility.name,
                    existing.id,
                    before={f: getattr(existing, f) for f in changed},
                    after=changed,
                )
            )
            counts.updated += 1
        await audit.log_many(conn, entries)


async def export_facilities(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """Every facility of the region's sites, by site and registration."""
    places = await Places.load(conn)
    query = (
        select(facility, site.c.county_code, site.c.name.label("site_name"))
        .join(site, site.c.id == facility.c.site_id)
        .where(in_subtree(site.c.township_code, request.region))
        .order_by(site.c.county_code, site.c.id, facility.c.id)
    )
    for row in (await conn.execute(query)).all():
        yield [
            places.county_name(row.county_code),
            row.site_name,
            SiteFacilityKind(row.kind).label,
            row.name,
            row.operator,
            row.distance_m,
            row.business_registration,
            row.jobs,
            row.opened_on,
            row.closed_on,
        ]
