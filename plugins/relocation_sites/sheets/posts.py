"""安置点公益性岗位台账: one row per post (key: 安置点 + 岗位名称 + 岗位开发日期 + 在岗人身份证号).

A row with a holder fills the matching vacant post if there is one; a vacant row matches a
vacant post opened the same day under the same title (identical vacancies match one each).
The holder is a member of a household placed at the same site, holding one post at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
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
    fen_to_yuan,
    id_number_text,
    in_subtree,
    parse_date,
    parse_money,
    person,
    persons_in,
    text,
    utcnow,
)
from plugins.relocation_sites.models import site, site_household, site_post
from plugins.relocation_sites.sheets import checks as validation
from plugins.relocation_sites.sheets.checks import PAY_RANGE_YUAN
from plugins.relocation_sites.sheets.common import (
    COUNTY,
    SITE_NAME,
    Places,
    RowProblems,
    Sites,
)

COLUMNS = (
    COUNTY,
    SITE_NAME,
    Column("岗位名称", "title", required=True, variants=("岗位", "公益性岗位")),
    Column("岗位开发日期", "opened_on", required=True, variants=("开发日期", "设岗日期")),
    Column("在岗人姓名", "holder_name", variants=("姓名", "在岗人员")),
    Column("在岗人身份证号", "holder_id_number", variants=("身份证号", "身份证号码")),
    Column("上岗日期", "start_date", variants=("上岗时间",)),
    Column("离岗日期", "end_date", variants=("离岗时间", "岗位结束日期")),
    Column("月补贴(元)", "monthly_pay", variants=("月补贴", "岗位补贴(元)", "月岗位补贴(元)")),
)
_UPDATABLE = ("start_date", "end_date", "monthly_pay_fen")


@dataclass
class PostLine:
    """One parsed row; the holder is checked in `finish`, once every person is read."""

    raw: SheetRow
    site_id: int
    values: dict[str, Any]
    holder_id_number: str | None
    holder_name: str | None
    problems: RowProblems


class PostImporter:
    """Opens, fills, updates and ends posts; never deletes."""

    def __init__(self, ctx: ImportContext, places: Places, sites: Sites) -> None:
        self.ctx = ctx
        self.places = places
        self.sites = sites
        self.scope = Scope(ctx.options.caller.region)
        self.lines: list[PostLine] = []

    @classmethod
    async def open(cls, ctx: ImportContext) -> PostImporter:
        """The importer for one import."""
        return cls(ctx, await Places.load(ctx.conn), await Sites.load(ctx.conn))

    async def add(self, rows: Sequence[SheetRow]) -> None:
        for raw in rows:
            line = self._parse(raw)
            if line is None:
                self.ctx.counts(raw.sheet).rejected += 1
            else:
                self.lines.append(line)

    def _parse(self, raw: SheetRow) -> PostLine | None:
        found, get = RowProblems(self.ctx, raw), raw.values.get
        today = self.ctx.options.today
        county = found.take(self.places.county(get("county"), self.scope))
        at = found.take(self.sites.find(county, get("site"))) if county else None
        values: dict[str, Any] = {"monthly_pay_fen": None}
        values["title"] = found.take(
            validation.check_text(
                text(get("title")), field="title", label="岗位名称", max_length=32
            )
        )
        opened = self._day(found, get("opened_on"), "opened_on", "岗位开发日期", date.min, today)
        if opened is None and get("opened_on") is None:
            found.add(Problem("opened_on", ErrorCode.REQUIRED, "岗位开发日期不能为空"))
        values["opened_on"] = opened
        number = found.take(id_number_text(get("holder_id_number"), field="holder_id_number"))
        start = self._day(found, get("start_date"), "start_date", "上岗日期", opened, today)
        if number is not None and start is None and get("start_date") is None:
            found.add(Problem("start_date", ErrorCode.REQUIRED, "有在岗人时须填上岗日期"))
        if number is None and (start is not None or text(get("holder_name")) is not None):
            found.add(
                Problem(
                    "holder_id_number",
                    ErrorCode.REQUIRED,
                    "填了在岗人的姓名或上岗日期，就要填其身份证号",
                )
            )
        values["start_date"] = start
        values["end_date"] = self._day(
            found, get("end_date"), "end_date", "离岗日期", start or opened, today
        )
        pay = found.take(parse_money(get("monthly_pay"), field="monthly_pay", label="月补贴"))
        if pay is not None:
            low, high = PAY_RANGE_YUAN
            values["monthly_pay_fen"] = found.take(
                validation.check_yuan(
                    pay, field="monthly_pay", label="月岗位补贴", low=low, high=high
                )
            )
        if at is None:
            return None
        # A row with problems still goes on to `finish`, so that its holder is checked too.
        holder = None if number is None else number.upper()
        return PostLine(raw, int(at.id), values, holder, text(get("holder_name")), found)

    def _day(
        self,
        found: RowProblems,
        raw: object,
        field: str,
        label: str,
        earliest: date | None,
        today: date,
    ) -> date | None:
        day = found.take(parse_date(raw, field=field, label=label))
        if day is None:
            return None
        floor = max(earliest or validation.EARLIEST, validation.EARLIEST)
        checked: date | None = found.take(
            validation.check_day(day, field=field, label=label, today=today, earliest=floor)
        )
        return checked

    async def _people(self, conn: AsyncConnection) -> dict[str, Any]:
        numbers = sorted({line.holder_id_number for line in self.lines if line.holder_id_number})
        if not numbers:
            return {}
        query = (
            persons_in(self.scope)
            .add_columns(site_household.c.site_id)
            .outerjoin(site_household, site_household.c.household_id == person.c.household_id)
            .where(person.c.id_number_hash.in_(numbers))
        )
        return {row.id_number: row for row in (await conn.execute(query)).all()}

    async def finish(self) -> None:
        conn, now = self.ctx.conn, utcnow()
        people = await self._people(conn)
        stored = (await conn.execute(select(site_post).order_by(site_post.c.id))).all()
        by_key: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
        held: dict[int, list[Any]] = defaultdict(list)
        for row in stored:
            by_key[(row.site_id, row.title, row.opened_on, row.holder_id)].append(row)
            if row.holder_id is not None:
                held[row.holder_id].append(row)
        used: set[int] = set()
        seen: dict[tuple[Any, ...], PostLine] = {}
        entries: list[audit.Entry] = []
        for line in self.lines:
            counts = self.ctx.counts(line.raw.sheet)
            holder = self._holder(line, people)
            if line.problems.bad:
                counts.rejected += 1
                continue
            key = (line.site_id, line.values["title"], line.values["opened_on"], holder)
            if holder is not None and key in seen:
                earlier = seen[key].raw
                line.problems.add(
                    Problem(
                        "holder_id_number",
                        ErrorCode.DUPLICATE,
                        f"同一岗位、同一在岗人重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                        line.holder_id_number,
                    )
                )
                counts.rejected += 1
                continue
            seen[key] = line
            existing = next((r for r in by_key.get(key, []) if r.id not in used), None)
            vacancy = None
            if existing is None and holder is not None:
                vacant_key = (line.site_id, line.values["title"], line.values["opened_on"], None)
                vacancy = next(
                    (
                        r
                        for r in by_key.get(vacant_key, [])
                        if r.id not in used and r.end_date is None
                    ),
                    None,
                )
            matched = existing or vacancy
            if holder is not None and self._overlaps(line, holder, held, matched):
                counts.rejected += 1
                continue
            wanted = {**line.values, "holder_id": holder}
            if matched is None:
                values = {**wanted, "site_id": line.site_id}
                new_id = (
                    await conn.execute(
                        insert(site_post)
                        .values(**values, version=1, created_at=now, updated_at=now)
                        .returning(site_post.c.id)
                    )
                ).scalar_one()
                entries.append(
                    audit.Entry(
                        "import create relocation_site_post", site_post.name, new_id, after=values
                    )
                )
                counts.created += 1
                continue
            used.add(matched.id)
            fields = ("holder_id", *_UPDATABLE)
            changed = {f: wanted[f] for f in fields if getattr(matched, f) != wanted[f]}
            if not changed:
                counts.unchanged += 1
                continue
            await conn.execute(
                update(site_post)
                .where(site_post.c.id == matched.id)
                .values(**changed, version=matched.version + 1, updated_at=now)
            )
            entries.append(
                audit.Entry(
                    "import update relocation_site_post",
                    site_post.name,
                    matched.id,
                    before={f: getattr(matched, f) for f in changed},
                    after=changed,
                )
            )
            counts.updated += 1
        await audit.log_many(conn, entries)

    def _holder(self, line: PostLine, people: dict[str, Any]) -> int | None:
        if line.holder_id_number is None:
            return None
        found = people.get(line.holder_id_number)
        if found is None:
            line.problems.add(
                Problem(
                    "holder_id_number",
                    ErrorCode.NOT_FOUND,
                    f"找不到身份证号为 {line.holder_id_number} 的人：在岗人须是已登记的建档立卡户成员",
                    line.holder_id_number,
                )
            )
            return None
        if line.holder_name is not None and line.holder_name != found.name:
            line.problems.add(
                Problem(
                    "holder_name",
                    ErrorCode.INVALID,
                    f"身份证号 {line.holder_id_number} 登记的姓名是“{found.name}”，不是“{line.holder_name}”",
                    line.holder_name,
                )
            )
        if found.site_id != line.site_id:
            at = self.sites.by_id[line.site_id].name
            line.problems.add(
                Problem(
                    "holder_id_number",
                    ErrorCode.RULE_VIOLATED,
                    f"{found.name} 所在的户没有分配到安置点“{at}”；安置点公益性岗位安排本安置点的搬迁户",
                    line.holder_id_number,
                )
            )
        return int(found.id)

    def _overlaps(
        self, line: PostLine, holder: int, held: dict[int, list[Any]], matched: Any
    ) -> bool:
        """Whether the holder holds another post over this one's time (reported when so)."""
        start, end = line.values["start_date"], line.values["end_date"]
        for other in held[holder]:
            if matched is not None and other.id == matched.id:
                continue
            other_end = other.end_date or date.max
            if other.start_date <= (end or date.max) and start <= other_end:
                line.problems.add(
                    Problem(
                        "holder_id_number",
                        ErrorCode.CONFLICT,
                        f"{line.holder_name or line.holder_id_number} 在这段时间已担任另一个安置点公益性岗位；同一人同时只能担任一个",
                        line.holder_id_number,
                    )
                )
                return True
        held[holder].append(_Held(matched.id if matched is not None else -1, start, end))
        return False


@dataclass(frozen=True)
class _Held:
    """A post a holder takes in this import (for the overlap check of later rows)."""

    id: int
    start_date: date
    end_date: date | None


async def export_posts(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """Every post of the region's sites (ended ones too), by site and registration."""
    places = await Places.load(conn)
    query = (
        select(
            site_post,
            site.c.county_code,
            site.c.name.label("site_name"),
            person.c.name,
            person.c.id_number,
        )
        .select_from(
            site_post.join(site, site.c.id == site_post.c.site_id).outerjoin(
                person, person.c.id == site_post.c.holder_id
            )
        )
        .where(in_subtree(site.c.township_code, request.region))
        .order_by(site.c.county_code, site.c.id, site_post.c.id)
    )
    for row in (await conn.execute(query)).all():
        yield [
            places.county_name(row.county_code),
            row.site_name,
            row.title,
            row.opened_on,
            row.name,
            row.id_number,
            row.start_date,
            row.end_date,
            None if row.monthly_pay_fen is None else fen_to_yuan(row.monthly_pay_fen),
        ]
