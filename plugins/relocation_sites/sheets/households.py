"""搬迁户安置台账: which registered household lives at which site (key: 户编号).

The core's "是否易地扶贫搬迁" flag and the site must agree: a row placing a household the 两清
ledger does not flag relocated is refused and says so, as is a site in another county.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
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
    household,
    households_in,
    in_subtree,
    person,
    text,
    utcnow,
)
from plugins.relocation_sites.models import site, site_household
from plugins.relocation_sites.sheets.common import (
    SITE_NAME,
    Places,
    RowProblems,
    Sites,
)

COLUMNS = (
    Column("户编号", "registry_number", required=True, variants=("户号", "户编码", "家庭编号")),
    Column("户主姓名", "head", required=True, variants=("户主",)),
    Column("县区", "county", variants=("县(区)", "县/区", "县", "县区名称", "所属县区")),
    SITE_NAME,
)
_CHUNK = 1_000


@dataclass
class HouseholdLine:
    """One row."""

    raw: SheetRow
    registry: str
    head: str | None
    problems: RowProblems


class HouseholdImporter:
    """Places households at sites (moving them from another), never removes one."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.scope = Scope(ctx.options.caller.region)
        self.lines: list[HouseholdLine] = []

    @classmethod
    async def open(cls, ctx: ImportContext) -> HouseholdImporter:
        """The importer for one import."""
        return cls(ctx)

    async def add(self, rows: Sequence[SheetRow]) -> None:
        for raw in rows:
            found = RowProblems(self.ctx, raw)
            registry = text(raw.values.get("registry_number"))
            if registry is None:
                found.add(Problem("registry_number", ErrorCode.REQUIRED, "户编号不能为空"))
                self.ctx.counts(raw.sheet).rejected += 1
                continue
            self.lines.append(HouseholdLine(raw, registry, text(raw.values.get("head")), found))

    async def _households(self, conn: AsyncConnection) -> dict[str, Any]:
        found: dict[str, Any] = {}
        registries = sorted({line.registry for line in self.lines})
        for start in range(0, len(registries), _CHUNK):
            chunk = registries[start : start + _CHUNK]
            head = person.alias("head")
            query = (
                households_in(self.scope)
                .add_columns(head.c.name.label("head_name"), site_household.c.site_id)
                .outerjoin(
                    head, (head.c.household_id == household.c.id) & (head.c.relation == "HEAD")
                )
                .outerjoin(site_household, site_household.c.household_id == household.c.id)
                .where(household.c.registry_number.in_(chunk))
            )
            found.update({row.registry_number: row for row in (await conn.execute(query)).all()})
        return found

    async def finish(self) -> None:
        conn = self.ctx.conn
        places = await Places.load(conn)
        sites = await Sites.load(conn)
        homes = await self._households(conn)
        first: dict[str, HouseholdLine] = {}
        moves: list[tuple[int, int, int | None]] = []
        for line in self.lines:
            target = self._check(line, homes.get(line.registry), places, sites, first)
            counts = self.ctx.counts(line.raw.sheet)
            if target is None:
                counts.rejected += 1
                continue
            home = homes[line.registry]
            if home.site_id == target:
                counts.unchanged += 1
                continue
            moves.append((home.id, target, home.site_id))
            if home.site_id is None:
                counts.created += 1
            else:
                counts.updated += 1
        if not moves:
            return
        now = utcnow()
        moved = [household_id for household_id, _, before in moves if before is not None]
        for start in range(0, len(moved), _CHUNK):
            chunk = moved[start : start + _CHUNK]
            await conn.execute(
                delete(site_household).where(site_household.c.household_id.in_(chunk))
            )
        await conn.execute(
            insert(site_household),
            [{"household_id": h, "site_id": s, "created_at": now} for h, s, _ in moves],
        )
        await audit.log_many(
            conn,
            [
                audit.Entry(
                    "import assign relocation_site_household",
                    site_household.name,
                    h,
                    before=None if before is None else {"site_id": before},
                    after={"site_id": s},
                )
                for h, s, before in moves
            ],
        )

    def _check(
        self,
        line: HouseholdLine,
        home: Any,
        places: Places,
        sites: Sites,
        first: dict[str, HouseholdLine],
    ) -> int | None:
        """The site the row places its household at, or None after reporting why not."""
        found, get = line.problems, line.raw.values.get
        if line.registry in first:
            earlier = first[line.registry].raw
            found.add(
                Problem(
                    "registry_number",
                    ErrorCode.DUPLICATE,
                    f"户 {line.registry} 重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                    line.registry,
                )
            )
            return None
        first[line.registry] = line
        if home is None:
            found.add(
                Problem(
                    "registry_number",
                    ErrorCode.NOT_FOUND,
                    f"找不到户编号为 {line.registry} 的户：请先导入两清台账",
                    line.registry,
                )
            )
            return None
        county = home.village_code[:6]
        if line.head is not None and home.head_name is not None and line.head != home.head_name:
            found.add(
                Problem(
                    "head",
                    ErrorCode.INVALID,
                    f"户 {line.registry} 的户主登记为“{home.head_name}”，不是“{line.head}”：请核对户编号",
                    line.head,
                )
            )
        if get("county") is not None:
            named = found.take(places.county(get("county"), Scope()))
            if named is not None and named != county:
                found.add(
                    Problem(
                        "county",
                        ErrorCode.RULE_VIOLATED,
                        f"户 {line.registry} 在 {places.county_name(county)}，搬迁户只能分配到本县区的安置点",
                        get("county"),
                    )
                )
        if not home.relocated:
            found.add(
                Problem(
                    "registry_number",
                    ErrorCode.RULE_VIOLATED,
                    f"户 {line.registry} 在两清台账中未标记为易地扶贫搬迁户，与分配安置点不一致："
                    "请先核实并在两清台账“是否易地扶贫搬迁”填“是”",
                    line.registry,
                )
            )
        at = found.take(sites.find(county, get("site")))
        if found.bad or at is None:
            return None
        return int(at.id)


async def export_households(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """Every household placed at a site of the region's subtree, by site."""
    places = await Places.load(conn)
    head = person.alias("head")
    query = (
        select(
            household.c.registry_number, head.c.name, site.c.county_code, site.c.name.label("site")
        )
        .select_from(
            site_household.join(household, household.c.id == site_household.c.household_id)
            .join(site, site.c.id == site_household.c.site_id)
            .outerjoin(head, (head.c.household_id == household.c.id) & (head.c.relation == "HEAD"))
        )
        .where(in_subtree(site.c.township_code, request.region))
        .order_by(site.c.county_code, site.c.id, household.c.id)
    )
    for row in (await conn.execute(query)).all():
        yield [row.registry_number, row.name, places.county_name(row.county_code), row.site]
