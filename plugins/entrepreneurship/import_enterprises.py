"""Import the 创业实体台账: one row per enterprise, keyed by its owner's ID number and its name.

Each row goes through the same services the API uses (every rule), in file order. Places are
named as the 两清 ledger names them (县区, 乡镇, and 行政村 where the enterprise is in a
village). Linked workers are given by ID number: a worker already linked keeps the employment
record linked; another gets the spell of work active on the ledger's date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from core.sdk import (
    COUNTY_LEVELS,
    ErrorCode,
    ImportContext,
    Problem,
    Problems,
    RegionCodeError,
    RegionIndex,
    Scope,
    SheetRow,
    canonical_code,
    digits_text,
    employment,
    employments_in,
    id_number_text,
    is_blank,
    name_key,
    parse_date,
    parse_label,
    person,
    persons_in,
    probes,
    text,
)
from plugins.entrepreneurship import services, sql
from plugins.entrepreneurship.enums import EnterpriseKind
from plugins.entrepreneurship.importers import located, parse_count, refusal
from plugins.entrepreneurship.models import enterprise, enterprise_worker, incubation_base
from plugins.entrepreneurship.services.common import find_person

SERVICE_FIELDS = {
    "incubation_base_id": "incubation_base",
    "worker_employment_ids": "workers",
    "enterprise_id": "name",
    "version": "name",
}
_SEPARATORS = re.compile(r"[、,，;；\s]+")


@dataclass
class EnterpriseRow:
    """One parsed row."""

    sheet: str
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    bad: bool = False


def _township(index: RegionIndex, county: object, township: object) -> str | Problem:
    """The township a row names (name within its county, or code), for enterprises not in a
    village."""
    written = digits_text(township, field="township", what="区划代码")
    if isinstance(written, Problem):
        return written
    if written is None:
        return Problem("township", ErrorCode.REQUIRED, "乡镇不能为空", township)
    if written.isdigit():
        try:
            code = canonical_code(written)
        except RegionCodeError as exc:
            return Problem("township", ErrorCode.INVALID, str(exc), township)
        entry = index.by_code.get(code)
        if entry is None or entry.level != "TOWNSHIP":
            return Problem("township", ErrorCode.NOT_FOUND, f"没有代码为 {code} 的乡镇", township)
        return code
    county_text = text(county) or ""
    counties = {
        e.code
        for e in index.by_code.values()
        if e.level in COUNTY_LEVELS
        and (
            e.code == county_text
            or name_key(county_text) in (name_key(e.name), name_key(e.short_name))
        )
    }
    if not counties:
        return Problem("county", ErrorCode.NOT_FOUND, f"区划名单中没有县区“{county_text}”", county)
    found = [
        e.code
        for e in index.by_code.values()
        if e.level == "TOWNSHIP"
        and e.parent_code in counties
        and name_key(written) in (name_key(e.name), name_key(e.short_name))
    ]
    if len(found) != 1:
        return Problem(
            "township",
            ErrorCode.NOT_FOUND if not found else ErrorCode.INVALID,
            f"县区“{county_text}”下没有（或不止一个）名为“{written}”的乡镇",
            township,
        )
    return found[0]


def place(
    index: RegionIndex, county: object, township: object, village: object
) -> str | list[Problem]:
    """The village (or, without one, the township) a row names."""
    if not is_blank(village):
        return index.resolve(county, township, village)
    found = _township(index, county, township)
    return [found] if isinstance(found, Problem) else found


class EnterpriseImporter:
    """Parses every row, then writes them in file order (see the module docstring)."""

    def __init__(self, ctx: ImportContext, regions: RegionIndex) -> None:
        self.ctx = ctx
        self.regions = regions
        self.scope = Scope(ctx.options.caller.region)
        self.rows: list[EnterpriseRow] = []

    @classmethod
    async def open(cls, ctx: ImportContext) -> EnterpriseImporter:
        """Load the region names (regions imported earlier in this file included)."""
        return cls(ctx, await RegionIndex.load(ctx.conn))

    def _problem(self, row: EnterpriseRow, problem: Problem) -> None:
        row.bad = True
        self.ctx.problem(row.sheet, row.number, problem)

    def _parse(self, raw: SheetRow) -> EnterpriseRow:
        row = EnterpriseRow(raw.sheet, raw.number)
        cells = raw.values
        parsed: dict[str, Any] = {
            "owner_name": text(cells.get("owner_name")),
            "owner_id_number": id_number_text(
                cells.get("owner_id_number"), field="owner_id_number"
            ),
            "name": text(cells.get("name")),
            "kind": parse_label(EnterpriseKind, cells.get("kind"), field="kind", label="类别"),
            "registration_number": digits_text(
                cells.get("registration_number"), field="registration_number", what="工商登记号"
            ),
            "established_on": parse_date(
                cells.get("established_on"), field="established_on", label="成立日期"
            ),
            "jobs_created": parse_count(
                cells.get("jobs_created"), field="jobs_created", label="带动就业人数"
            ),
            "poor_jobs": parse_count(
                cells.get("poor_jobs"), field="poor_jobs", label="其中贫困劳动力人数"
            ),
            "incubation_base": text(cells.get("incubation_base")),
        }
        where = place(
            self.regions, cells.get("county"), cells.get("township"), cells.get("village")
        )
        if isinstance(where, list):
            for problem in where:
                self._problem(row, problem)
        else:
            row.values["region_code"] = where
        for name, value in parsed.items():
            if isinstance(value, Problem):
                self._problem(row, value)
            else:
                row.values[name] = value
        workers: list[str] = []
        for item in _SEPARATORS.split(text(cells.get("workers")) or ""):
            number = id_number_text(item, field="workers") if item else None
            if isinstance(number, Problem):
                self._problem(row, number)
            elif number:
                workers.append(number.upper())
        row.values["workers"] = workers
        for name, label in (("owner_id_number", "负责人身份证号"), ("kind", "类别")):
            if not row.bad and row.values.get(name) is None:
                self._problem(row, Problem(name, ErrorCode.REQUIRED, f"{label}不能为空"))
        return row

    async def add(self, rows: Sequence[SheetRow]) -> None:
        refused = refusal(self.ctx.options.caller, "创业实体台账")
        for raw in rows:
            if refused is None:
                self.rows.append(self._parse(raw))
            else:
                row = EnterpriseRow(raw.sheet, raw.number)
                self._problem(row, Problem("owner_id_number", ErrorCode.FORBIDDEN, refused))
                self.rows.append(row)

    async def finish(self) -> None:
        first: dict[tuple[str, str], EnterpriseRow] = {}
        for row in self.rows:
            owner, name = row.values.get("owner_id_number"), row.values.get("name")
            if row.bad or owner is None or name is None:
                continue
            if (owner, name) in first:
                earlier = first[(owner, name)]
                self._problem(
                    row,
                    Problem(
                        "name",
                        ErrorCode.DUPLICATE,
                        f"同一负责人的创业实体“{name}”重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                        name,
                    ),
                )
            else:
                first[(owner, name)] = row
        for row in self.rows:
            if not row.bad:
                await self._write(row)
        for row in self.rows:
            if row.bad:
                self.ctx.counts(row.sheet).rejected += 1

    async def _write(self, row: EnterpriseRow) -> None:
        conn = self.ctx.conn
        values = row.values
        owner = await find_person(
            conn, values["owner_id_number"], field="owner_id_number", scope=self.scope
        )
        if isinstance(owner, Problem):
            self._problem(row, owner)  # nothing more can be checked without the owner
            return
        found: list[Problem] = []
        name = values.get("owner_name")
        if name is not None and name != owner.name:
            found.append(
                Problem(
                    "owner_name",
                    ErrorCode.INVALID,
                    f"负责人姓名“{name}”与身份证号登记的姓名“{owner.name}”不一致",
                    name,
                )
            )
        held = None
        if values.get("name") is not None:
            held = (
                await conn.execute(
                    sql.enterprises_in(self.scope).where(
                        enterprise.c.owner_id == owner.id, enterprise.c.name == values["name"]
                    )
                )
            ).first()
        base = await self._base(values.get("incubation_base"))
        workers = await self._workers(values["workers"], held)
        found.extend(p for p in (base, *workers) if isinstance(p, Problem))
        base_id = base if isinstance(base, int) else None
        worker_ids = [w for w in workers if isinstance(w, int)]
        savepoint = await conn.begin_nested()
        try:
            if held is None:
                await self._create(values, owner.id_number, base_id, worker_ids)
                outcome = "created"
            else:
                outcome = await self._update(row, held, base_id, worker_ids)
        except probes.ProbeLimit:
            raise  # refuses the whole file, not this row
        except Problems as exc:
            found.extend(exc.problems)
        if found:
            await savepoint.rollback()
            for problem in found:
                self._problem(row, located(problem, SERVICE_FIELDS))
            return
        await savepoint.commit()
        counts = self.ctx.counts(row.sheet)
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    async def _base(self, name: str | None) -> int | Problem | None:
        if name is None:
            return None
        query = sql.bases_in(self.scope).where(incubation_base.c.name == name)
        found = (await self.ctx.conn.execute(query)).first()
        if found is None:
            return Problem(
                "incubation_base", ErrorCode.NOT_FOUND, f"没有名为“{name}”的孵化基地", name
            )
        return int(found.id)

    async def _workers(self, numbers: list[str], held: Any) -> list[int | Problem]:
        """Each worker's linked employment record, or the spell active on the ledger's date."""
        if not numbers:
            return []
        conn = self.ctx.conn
        people = {
            row.id_number: row.id
            for row in await conn.execute(
                persons_in(self.scope).where(person.c.id_number_hash.in_(numbers))
            )
        }
        day = self.ctx.options.as_of
        query = employments_in(self.scope).where(employment.c.person_id.in_(list(people.values())))
        spells = list(await conn.execute(query))
        linked: set[int] = set()
        if held is not None:
            linked = set(
                (
                    await conn.execute(
                        select(enterprise_worker.c.employment_id).where(
                            enterprise_worker.c.enterprise_id == held.id
                        )
                    )
                ).scalars()
            )
        found: list[int | Problem] = []
        for number in numbers:
            person_id = people.get(number)
            if person_id is None:
                found.append(
                    Problem(
                        "workers",
                        ErrorCode.NOT_FOUND,
                        f"找不到身份证号为 {number} 的建档立卡户成员",
                        number,
                    )
                )
                continue
            mine = [s for s in spells if s.person_id == person_id]
            kept = [s.id for s in mine if s.id in linked]
            active = [
                s for s in mine if s.start_date <= day and (s.end_date is None or s.end_date >= day)
            ]
            if kept:
                found.append(kept[0])
            elif active:
                found.append(max(active, key=lambda s: (s.start_date, s.id)).id)
            else:
                found.append(
                    Problem(
                        "workers",
                        ErrorCode.NOT_FOUND,
                        f"身份证号 {number} 的人在 {day.isoformat()} 没有在岗的就业记录：请先在两清台账中登记其就业",
                        number,
                    )
                )
        return found

    async def _create(
        self, values: dict[str, Any], id_number: str, base_id: int | None, workers: list[int]
    ) -> int:
        data = services.EnterpriseData(
            owner_id_number=id_number,
            name=values.get("name") or "",
            kind=values["kind"],
            region_code=values["region_code"],
            established_on=values.get("established_on"),
            jobs_created=values.get("jobs_created"),
            poor_jobs=values.get("poor_jobs"),
            registration_number=values.get("registration_number"),
            incubation_base_id=base_id,
            worker_employment_ids=workers,
        )
        return await services.create_enterprise(
            self.ctx.conn, data, today=self.ctx.options.today, scope=self.scope
        )

    async def _update(
        self, row: EnterpriseRow, held: Any, base_id: int | None, workers: list[int]
    ) -> str:
        values = row.values
        changes = services.EnterpriseChanges()
        for name in ("kind", "region_code", "established_on", "jobs_created", "poor_jobs"):
            new = values.get(name)
            old = getattr(held, name)
            if (new.value if isinstance(new, EnterpriseKind) else new) != old:
                setattr(changes, name, new)
        present = self.ctx.has_column
        if present(row.sheet, "registration_number"):
            number = values.get("registration_number")
            number = number.upper() if number else None
            if number != held.registration_number:
                changes.registration_number = number
        if present(row.sheet, "incubation_base") and base_id != held.incubation_base_id:
            changes.incubation_base_id = base_id
        if present(row.sheet, "workers"):
            linked = set(
                (
                    await self.ctx.conn.execute(
                        select(enterprise_worker.c.employment_id).where(
                            enterprise_worker.c.enterprise_id == held.id
                        )
                    )
                ).scalars()
            )
            if set(workers) != linked:
                changes.worker_employment_ids = workers
        if all(getattr(changes, name) is services.UNSET for name in vars(changes)):
            return "unchanged"
        await services.update_enterprise(
            self.ctx.conn,
            held.id,
            changes,
            expected_version=None,
            today=self.ctx.options.today,
            scope=self.scope,
        )
        return "updated"
