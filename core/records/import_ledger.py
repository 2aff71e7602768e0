"""Import the 两清 ledger: parse and stage every row, then check and write household by household.

Phase one parses each row on its own (`ledger_rows`) and stages it. Phase two finds ID
numbers used twice in the file, then walks the staged rows one batch of whole households at
a time: it reads what the database holds for them in a few statements, applies the rules
that need a whole household (one head, the same village, a member not registered in another
household, 安置点 for relocated households), decides every change and writes the batch with
bulk statements (`ledger_write`). A household with any bad row is never written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row

from core.importing.sheets import ImportContext, SheetRow
from core.problems import ErrorCode, Problem
from core.records import validation
from core.records.enums import PovertyStatus, Relation
from core.records.ledger_rows import RowParser
from core.records.ledger_stage import Stage
from core.records.ledger_write import Changes, NewMember, apply, plan_spell
from core.records.models import employment, household, person
from core.records.region_names import RegionIndex
from core.scope import Scope
from core.security import probes
from core.security.audit import Entry
from core.sqltypes import utcnow

_CONSISTENT = (("village", "行政村"), ("relocated", "是否易地扶贫搬迁"), ("site", "安置点"))


class LedgerImporter:
    """The 两清 ledger's importer (see the module docstring)."""

    def __init__(self, ctx: ImportContext, regions: RegionIndex, stage: Stage) -> None:
        self.ctx = ctx
        self.regions = regions
        self.stage = stage
        self.scope = Scope(ctx.options.caller.region)
        self.parser = RowParser(regions, today=ctx.options.today, scope=self.scope)
        self.sheets: list[str] = []
        self._columns: dict[str, tuple[bool, bool]] = {}
        self._answers: list[probes.Answer] = []
        """Keys of this batch found registered outside the caller's scope."""

    @classmethod
    async def open(cls, ctx: ImportContext) -> LedgerImporter:
        """Load the region names (regions imported earlier in this file included) and stage."""
        # A token at its limit of probe answers imports nothing, whatever the file holds.
        await probes.admit(ctx.conn, Scope(ctx.options.caller.region))
        stage = Stage(ctx.conn)
        await stage.create()
        return cls(ctx, await RegionIndex.load(ctx.conn), stage)

    def _sheet(self, name: str) -> int:
        if name not in self.sheets:
            self.sheets.append(name)
            self._columns[name] = (
                self.ctx.has_column(name, "phone"),
                self.ctx.has_column(name, "relocated"),
            )
        return self.sheets.index(name)

    def _where(self, row: Row[Any]) -> str:
        name = self.sheets[row.sheet]
        return f"第 {row.line} 行" if len(self.sheets) == 1 else f"“{name}”第 {row.line} 行"

    def _shown(self, value: object, field: str) -> str:
        if field == "village":
            return self.regions.describe(str(value))
        if isinstance(value, bool):
            return "“是”" if value else "“否”"
        return f"“{value}”"

    def _problem(self, row: Row[Any], problem: Problem) -> None:
        self.ctx.problem(self.sheets[row.sheet], row.line, problem)

    async def add(self, rows: Sequence[SheetRow]) -> None:
        staged = []
        for raw in rows:
            index = self._sheet(raw.sheet)
            phone_given, relocated_given = self._columns[raw.sheet]
            values, problems = self.parser.parse(
                raw, phone_given=phone_given, relocated_given=relocated_given
            )
            for problem in problems:
                self.ctx.problem(raw.sheet, raw.number, problem)
            if values["registry"] is None:
                self.ctx.counts(raw.sheet).rejected += 1  # belongs to no household
                continue
            staged.append({**values, "sheet": index, "line": raw.number, "bad": bool(problems)})
        await self.stage.add(staged)

    async def finish(self) -> None:
        duplicates: dict[str, list[Any]] = defaultdict(list)
        for row in await self.stage.duplicate_ids():
            duplicates[row.id_number].append(row)
        for number, rows in duplicates.items():
            places = "、".join(self._where(r) for r in rows)
            for row in rows:
                self._problem(
                    row,
                    Problem(
                        "id_number",
                        ErrorCode.DUPLICATE,
                        f"身份证号 {number} 在本文件中出现了 {len(rows)} 次（{places}）：同一人只能登记一次",
                        number,
                    ),
                )
        async for groups in self.stage.households():
            await self._batch(groups)
        await self.stage.drop()

    async def _batch(self, groups: list[list[Row[Any]]]) -> None:
        conn = self.ctx.conn
        keys = self.stage.keys(groups[0][0].registry, groups[-1][0].registry)
        homes = {
            row.registry_number: row
            for row in await conn.execute(
                select(household).where(household.c.registry_number.in_(keys.registries))
            )
        }
        people = {
            row.id_number: row
            for row in await conn.execute(
                select(person, household.c.registry_number, household.c.village_code)
                .join(household, household.c.id == person.c.household_id)
                .where(person.c.id_number_hash.in_(keys.id_number_hashes))
            )
        }
        members: dict[int, list[Any]] = defaultdict(list)
        for row in await conn.execute(
            select(person.c.id_number, person.c.name, person.c.relation, person.c.household_id)
            .join(household, household.c.id == person.c.household_id)
            .where(household.c.registry_number.in_(keys.registries))
        ):
            members[row.household_id].append(row)
        spells: dict[int, list[Any]] = defaultdict(list)
        for row in await conn.execute(
            select(employment)
            .join(person, person.c.id == employment.c.person_id)
            .where(person.c.id_number_hash.in_(keys.id_number_hashes))
        ):
            spells[row.person_id].append(row)
        changes = Changes(household_ids={reg: h.id for reg, h in homes.items()})
        for group in groups:
            home = homes.get(group[0].registry)
            if self._check(group, home, people, members.get(home.id, []) if home else []):
                self._plan(group, home, people, spells, changes)
            else:
                for staged in group:
                    self.ctx.counts(self.sheets[staged.sheet]).rejected += 1
        if self._answers:
            answers, self._answers = self._answers, []
            await probes.admit(conn, self.scope, answers)
        await apply(conn, changes, keys, utcnow())

    def _check(
        self,
        group: list[Row[Any]],
        home: Row[Any] | None,
        people: dict[str, Row[Any]],
        stored_members: list[Row[Any]],
    ) -> bool:
        """Apply the household rules; report what breaks them; return whether it may be written."""
        ok = not any(row.bad for row in group)
        registry = group[0].registry
        if home is not None and not self.scope.allows(home.village_code):
            self._answers.append(probes.Answer(probes.REGISTRY_NUMBER, registry))
            self._problem(group[0], probes.elsewhere("registry_number", "户编号", registry))
            return False
        seen: dict[str, tuple[Row[Any], object]] = {}
        for row in group:
            for field, label in _CONSISTENT:
                value = getattr(row, field)
                if value is None:
                    continue
                if field in seen and seen[field][1] != value:
                    first, first_value = seen[field]
                    ok = False
                    self._problem(
                        row,
                        Problem(
                            field,
                            ErrorCode.RULE_VIOLATED,
                            f"同一户（户编号 {registry}）各行的{label}应一致：{self._where(first)}是{self._shown(first_value, field)}，这里是{self._shown(value, field)}",
                            value,
                        ),
                    )
                seen.setdefault(field, (row, value))
            known = people.get(row.id_number) if row.id_number else None
            if known is not None and (home is None or known.household_id != home.id):
                ok = False
                if self.scope.allows(known.village_code):
                    self._problem(
                        row,
                        Problem(
                            "id_number",
                            ErrorCode.DUPLICATE,
                            f"身份证号 {row.id_number} 已登记在户 {known.registry_number}"
                            f"（{known.name}），同一人不能登记在两户",
                            row.id_number,
                        ),
                    )
                else:  # say that, not where
                    self._answers.append(probes.Answer(probes.ID_NUMBER, row.id_number))
                    self._problem(row, probes.elsewhere("id_number", "身份证号", row.id_number))
        if all(row.relation is not None for row in group):
            in_file = {row.id_number for row in group}
            others = [m for m in stored_members if m.id_number not in in_file]
            head = validation.check_heads([Relation(r.relation) for r in [*group, *others]])
            if head is not None:
                ok = False
                heads = [row for row in group if row.relation == Relation.HEAD.value] or group[:1]
                stored = [m for m in others if m.relation == Relation.HEAD.value]
                extra = "".join(
                    f"；系统中已登记的户主 {m.name}（{m.id_number}）不在本文件中" for m in stored
                )
                rows = "、".join(self._where(r) for r in group)
                for row in heads:
                    self._problem(
                        row,
                        Problem(
                            "relation",
                            head.code,
                            f"{head.message}（户编号 {registry}：{rows}{extra}）",
                            row.relation and Relation(row.relation).label,
                        ),
                    )
        relocated = self._relocated(group)
        site = seen.get("site")
        if relocated and site is None and not (home is not None and home.relocated):
            ok = False
            self._problem(
                group[0],
                Problem(
                    "site", ErrorCode.REQUIRED, f"易地扶贫搬迁户（户编号 {registry}）必须填写安置点"
                ),
            )
        return ok

    @staticmethod
    def _relocated(group: list[Row[Any]]) -> bool | None:
        """The household's 是否易地扶贫搬迁: what a row states, 否 when the column is blank, None without it."""
        stated = [row.relocated for row in group if row.relocated is not None]
        if stated:
            return bool(stated[0])
        return False if any(row.relocated_given for row in group) else None

    def _plan(
        self,
        group: list[Row[Any]],
        home: Row[Any] | None,
        people: dict[str, Row[Any]],
        spells: dict[int, list[Row[Any]]],
        changes: Changes,
    ) -> None:
        registry = group[0].registry
        relocated = self._relocated(group)
        village = group[0].village
        home_changed = False
        if home is None:
            values = {
                "registry_number": registry,
                "village_code": village,
                "relocated": bool(relocated),
                "poverty_status": PovertyStatus.NOT_EXITED.value,
            }
            changes.households.append(values)
            changes.entries.append(
                Entry("import create household", "household", registry, after=values)
            )
        else:
            new_relocated = home.relocated if relocated is None else relocated
            if (home.village_code, home.relocated) != (village, new_relocated):
                home_changed = True
                changes.household_updates.append(
                    {"b_id": home.id, "b_village_code": village, "b_relocated": new_relocated}
                )
                changes.entries.append(
                    Entry(
                        "import update household",
                        "household",
                        registry,
                        before={"village_code": home.village_code, "relocated": home.relocated},
                        after={"village_code": village, "relocated": new_relocated},
                    )
                )
        as_of = self.ctx.options.as_of
        for row in group:
            counts = self.ctx.counts(self.sheets[row.sheet])
            known = people.get(row.id_number)
            plan = plan_spell(row, spells.get(known.id, []) if known else [], as_of=as_of)
            if known is None:
                values = {
                    "name": row.name,
                    "id_number": row.id_number,
                    "sex": row.sex,
                    "birth_date": row.birth_date,
                    "relation": row.relation,
                    "labour_capacity": row.capacity,
                    "phone": row.phone,
                }
                changes.members.append(NewMember(registry, values, plan.begin))
                changes.entries.append(
                    Entry("import create person", "person", row.id_number, after=values)
                )
                changes.add_spell_plan(row.id_number, None, plan)
                counts.created += 1
                continue
            changes.add_spell_plan(row.id_number, known.id, plan)
            new = {
                "b_name": row.name,
                "b_relation": row.relation,
                "b_labour_capacity": row.capacity,
                "b_phone": row.phone if row.phone_given else known.phone,
            }
            old = (known.name, known.relation, known.labour_capacity, known.phone)
            person_changed = old != tuple(new.values())
            if person_changed:
                target = (
                    changes.step_downs
                    if known.relation == Relation.HEAD.value != row.relation
                    else changes.person_updates
                )
                target.append({"b_id": known.id, **new})
                fields = ("name", "relation", "labour_capacity", "phone")
                changes.entries.append(
                    Entry(
                        "import update person",
                        "person",
                        row.id_number,
                        before=dict(zip(fields, old, strict=True)),
                        after=dict(zip(fields, new.values(), strict=True)),
                    )
                )
            if person_changed or plan.changes or home_changed:
                counts.updated += 1
            else:
                counts.unchanged += 1
