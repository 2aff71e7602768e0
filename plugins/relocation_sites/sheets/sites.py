"""安置点台账: one row per site (key: 县区 + 安置点名称), with its service station's columns."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
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
    fen_to_yuan,
    in_subtree,
    parse_date,
    parse_money,
    parse_yes_no,
    text,
    utcnow,
)
from plugins.relocation_sites import rules
from plugins.relocation_sites.models import service_station, site
from plugins.relocation_sites.sheets import checks as validation
from plugins.relocation_sites.sheets.checks import POPULATION_RANGE
from plugins.relocation_sites.sheets.common import (
    COUNTY,
    SITE_NAME,
    Places,
    RowProblems,
    Sites,
    parse_count,
    yes_no,
)

CHECKLIST_HEADERS = tuple((name, f"{label}到位") for name, label in rules.CHECKLIST)
COLUMNS = (
    COUNTY,
    Column(
        "乡镇",
        "township",
        required=True,
        variants=("乡(镇)", "乡镇(街道)", "乡镇名称", "所属乡镇", "镇"),
    ),
    SITE_NAME,
    Column(
        "安置人口", "population", required=True, variants=("安置人口(人)", "安置人数", "搬迁人口")
    ),
    Column(
        "是否纳入社区管理",
        "community_managed",
        required=True,
        variants=("纳入社区管理", "是否纳入社区(行政村)管理"),
    ),
    Column(
        "是否具备建微车间条件",
        "has_conditions",
        variants=("具备建微车间条件", "是否具备建设微车间条件"),
    ),
    Column("服务站名称", "station_name", variants=("劳动就业社会保障服务站", "服务站")),
    Column("建站日期", "established_on", variants=("服务站建站日期",)),
    Column("工作人员数", "staff", variants=("服务站工作人员数", "工作人员(人)")),
    Column("市本级补助(元)", "subsidy", variants=("市本级补助", "补助资金(元)", "市级补助(元)")),
    *(Column(header, name) for name, header in CHECKLIST_HEADERS),
)
STATION_FIELDS = ("established_on", "staff", "subsidy", *(name for name, _ in rules.CHECKLIST))


@dataclass
class SiteLine:
    """One parsed row."""

    raw: SheetRow
    county: str
    township: str
    values: dict[str, Any]
    station: dict[str, Any] | None
    problems: RowProblems


class SiteImporter:
    """Creates and updates sites and their stations; never deletes."""

    def __init__(self, ctx: ImportContext, places: Places, sites: Sites) -> None:
        self.ctx = ctx
        self.places = places
        self.sites = sites
        self.scope = Scope(ctx.options.caller.region)
        self.lines: list[SiteLine] = []

    @classmethod
    async def open(cls, ctx: ImportContext) -> SiteImporter:
        """The importer for one import, with the regions and sites read once."""
        return cls(ctx, await Places.load(ctx.conn), await Sites.load(ctx.conn))

    async def add(self, rows: Sequence[SheetRow]) -> None:
        for raw in rows:
            line = self._parse(raw)
            if line is not None:
                self.lines.append(line)

    def _parse(self, raw: SheetRow) -> SiteLine | None:
        found = RowProblems(self.ctx, raw)
        get = raw.values.get
        county = found.take(self.places.county(get("county"), self.scope))
        township = found.take(self.places.township(get("township"), county)) if county else None
        values: dict[str, Any] = {}
        name = found.take(
            validation.check_text(
                text(get("site")), field="site", label="安置点名称", max_length=64
            )
        )
        population = found.take(
            parse_count(get("population"), field="population", label="安置人口")
        )
        if population is None and get("population") is None:
            found.add(Problem("population", ErrorCode.REQUIRED, "安置人口不能为空"))
        elif population is not None:
            low, high = POPULATION_RANGE
            population = found.take(
                validation.check_count(
                    population, field="population", label="安置人口", low=low, high=high, unit="人"
                )
            )
        managed = found.take(
            parse_yes_no(
                get("community_managed"), field="community_managed", label="是否纳入社区管理"
            )
        )
        if managed is None and get("community_managed") is None:
            found.add(
                Problem("community_managed", ErrorCode.REQUIRED, "是否纳入社区管理须填“是”或“否”")
            )
        conditions = found.take(
            parse_yes_no(
                get("has_conditions"), field="has_conditions", label="是否具备建微车间条件"
            )
        )
        values.update(
            name=name,
            population=population,
            community_managed=managed,
            has_conditions=True if conditions is None else conditions,
        )
        station = self._station(raw, found)
        if found.bad or county is None or township is None:
            self.ctx.counts(raw.sheet).rejected += 1
            return None
        return SiteLine(raw, county, township, values, station, found)

    def _station(self, raw: SheetRow, found: RowProblems) -> dict[str, Any] | None:
        get = raw.values.get
        name = text(get("station_name"))
        if name is None:
            if any(get(f) is not None for f in STATION_FIELDS):
                found.add(
                    Problem(
                        "station_name", ErrorCode.REQUIRED, "填了服务站的情况，就要填服务站名称"
                    )
                )
            return None
        today = self.ctx.options.today
        station: dict[str, Any] = {
            "name": found.take(
                validation.check_text(name, field="station_name", label="服务站名称", max_length=64)
            ),
        }
        day = found.take(
            parse_date(get("established_on"), field="established_on", label="建站日期")
        )
        if day is None and get("established_on") is None:
            found.add(Problem("established_on", ErrorCode.REQUIRED, "有服务站时须填建站日期"))
        elif day is not None:
            station["established_on"] = found.take(
                validation.check_day(day, field="established_on", label="建站日期", today=today)
            )
        staff = found.take(parse_count(get("staff"), field="staff", label="工作人员数"))
        low, high = rules.STAFF_RANGE
        station["staff"] = found.take(
            validation.check_count(
                staff, field="staff", label="工作人员数", low=low, high=high, unit="人"
            )
        )
        money = found.take(parse_money(get("subsidy"), field="subsidy", label="市本级补助"))
        station["subsidy_fen"] = None
        if money is not None:
            low, high = rules.SUBSIDY_RANGE_YUAN
            station["subsidy_fen"] = found.take(
                validation.check_yuan(
                    money, field="subsidy", label="市本级补助资金", low=low, high=high
                )
            )
        for item, header in CHECKLIST_HEADERS:
            flag = found.take(parse_yes_no(get(item), field=item, label=header))
            station[f"{item}_ready"] = bool(flag)
        return station

    async def finish(self) -> None:
        conn, now = self.ctx.conn, utcnow()
        entries: list[audit.Entry] = []
        first: dict[tuple[str, str], SiteLine] = {}
        stations = {row.site_id: row for row in (await conn.execute(select(service_station))).all()}
        for line in self.lines:
            key = (line.county, line.values["name"])
            counts = self.ctx.counts(line.raw.sheet)
            if key in first:
                earlier = first[key].raw
                line.problems.add(
                    Problem(
                        "site",
                        ErrorCode.DUPLICATE,
                        f"安置点“{key[1]}”重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                        key[1],
                    )
                )
                counts.rejected += 1
                continue
            first[key] = line
            existing = self.sites.by_name.get(key)
            wanted = {**line.values, "township_code": line.township}
            changed: dict[str, Any] = {}
            if existing is None:
                site_id = (
                    await conn.execute(
                        insert(site)
                        .values(
                            **wanted,
                            county_code=line.county,
                            version=1,
                            created_at=now,
                            updated_at=now,
                        )
                        .returning(site.c.id)
                    )
                ).scalar_one()
                entries.append(
                    audit.Entry("import create relocation_site", site.name, site_id, after=wanted)
                )
            else:
                site_id = existing.id
                changed = _changes(existing, wanted)
                if changed:
                    await conn.execute(
                        update(site)
                        .where(site.c.id == site_id)
                        .values(**changed, version=existing.version + 1, updated_at=now)
                    )
                    entries.append(
                        audit.Entry(
                            "import update relocation_site",
                            site.name,
                            site_id,
                            before={k: getattr(existing, k) for k in changed},
                            after=changed,
                        )
                    )
            station_changed = await self._write_station(
                conn, site_id, line, stations.get(site_id), entries
            )
            if existing is None:
                counts.created += 1
            elif changed or station_changed:
                counts.updated += 1
            else:
                counts.unchanged += 1
        await audit.log_many(conn, entries)

    async def _write_station(
        self,
        conn: AsyncConnection,
        site_id: int,
        line: SiteLine,
        existing: Row[Any] | None,
        entries: list[audit.Entry],
    ) -> bool:
        if line.station is None:
            return False  # a blank station leaves a recorded one alone
        now = utcnow()
        if existing is None:
            values = {**line.station, "site_id": site_id}
            new_id = (
                await conn.execute(
                    insert(service_station)
                    .values(**values, version=1, created_at=now, updated_at=now)
                    .returning(service_station.c.id)
                )
            ).scalar_one()
            entries.append(
                audit.Entry(
                    "import create relocation_service_station",
                    service_station.name,
                    new_id,
                    after=values,
                )
            )
            return True
        changed = _changes(existing, line.station)
        if not changed:
            return False
        await conn.execute(
            update(service_station)
            .where(service_station.c.id == existing.id)
            .values(**changed, version=existing.version + 1, updated_at=now)
        )
        entries.append(
            audit.Entry(
                "import update relocation_service_station",
                service_station.name,
                existing.id,
                before={k: getattr(existing, k) for k in changed},
                after=changed,
            )
        )
        return True


def _changes(existing: Row[Any], wanted: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if getattr(existing, k) != v}


async def export_sites(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """Every site of the region's subtree with its station, by county and registration."""
    places = await Places.load(conn)
    stations = {row.site_id: row for row in (await conn.execute(select(service_station))).all()}
    query = (
        select(site)
        .where(in_subtree(site.c.township_code, request.region))
        .order_by(site.c.county_code, site.c.id)
    )
    for row in (await conn.execute(query)).all():
        station = stations.get(row.id)
        yield [
            places.county_name(row.county_code),
            places.township_name(row.township_code),
            row.name,
            row.population,
            yes_no(row.community_managed),
            yes_no(row.has_conditions),
            *_station_cells(station),
        ]


def _station_cells(station: Row[Any] | None) -> list[object]:
    if station is None:
        return [None] * (4 + len(rules.CHECKLIST))
    established: date = station.established_on
    return [
        station.name,
        established,
        station.staff,
        None if station.subsidy_fen is None else fen_to_yuan(station.subsidy_fen),
        *(yes_no(getattr(station, f"{name}_ready")) for name, _ in rules.CHECKLIST),
    ]
