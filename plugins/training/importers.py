"""Import 培训班台账 and 培训学员台账: every problem reported by row and column, writes through
the same rules as the mutations, re-imports that change only what differs.

Classes are few: each row goes through the services (`create_class`, `update_class`), which
check and audit it. Trainee ledgers can be long: each batch is looked up in a few statements,
new enrolments are written with one insert and audited with one `log_many`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, insert, or_, select

from core.importing.report import RowProblem
from core.importing.sheets import ImportContext, SheetRow
from core.importing.values import id_number_text, parse_date, parse_label, parse_money, text
from core.money import MoneyError, yuan_to_fen
from core.problems import ErrorCode, Problem, Problems
from core.records.enums import LabourCapacity
from core.records.models import household, person
from core.records.sql import CAPABLE_CODES
from core.scope import Scope
from core.security.audit import Entry, log_many
from core.sqltypes import utcnow
from plugins.training import services
from plugins.training.enums import TrainingKind, TrainingOrganiserKind
from plugins.training.models import enrolment, training_class
from plugins.training.sheets import (
    CLASS_COLUMNS,
    TRAINEE_COLUMNS,
    Counties,
    may_write,
    parse_count,
    refusal,
    required,
)
from plugins.training.validation import ClassData, check_completion

ClassKey = tuple[str, date, str]
"""County code, opening day, name: what identifies a class in the ledgers."""


class _Importer:
    """What both importers share: the context, the caller's scope and right to write."""

    def __init__(self, ctx: ImportContext, counties: Counties) -> None:
        self.ctx = ctx
        self.counties = counties
        self.scope = Scope(ctx.options.caller.region)
        self.allowed = may_write(ctx.options.caller)
        self.refused: set[str] = set()

    def reject(self, row: SheetRow, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.ctx.problem(row.sheet, row.number, problem)
        self.ctx.counts(row.sheet).rejected += 1

    def forbidden(self, rows: Sequence[SheetRow]) -> bool:
        """Reject every row when the caller may not write; say why once per sheet."""
        if self.allowed:
            return False
        for row in rows:
            if row.sheet not in self.refused:
                self.refused.add(row.sheet)
                message = refusal(self.ctx.options.caller)
                self.ctx.report.add(
                    RowProblem(row.sheet, None, None, None, None, ErrorCode.FORBIDDEN, message)
                )
            self.ctx.counts(row.sheet).rejected += 1
        return True

    def key(self, values: dict[str, Any], problems: list[Problem]) -> ClassKey | None:
        """The class a row names by county, name and opening day."""
        county = self.counties.parse(values.get("county"))
        start = parse_date(values.get("start_date"), field="start_date", label="开班日期")
        title = text(values.get("title"))
        for found in (county, start):
            if isinstance(found, Problem):
                problems.append(found)
        if isinstance(county, str) and isinstance(start, date) and title is not None:
            return county, start, title
        return None


@dataclass
class ClassRow:
    """One parsed row of 培训班台账."""

    key: ClassKey
    data: ClassData
    given: frozenset[str]
    """Optional columns the sheet has: a column it lacks leaves the stored value alone."""


class ClassImporter(_Importer):
    """Creates the classes a ledger lists and updates those that differ."""

    OPTIONAL = ("trade", "place", "subsidy", "other_trainees")

    @classmethod
    async def open(cls, ctx: ImportContext) -> ClassImporter:
        return cls(ctx, await Counties.load(ctx.conn))

    def __init__(self, ctx: ImportContext, counties: Counties) -> None:
        super().__init__(ctx, counties)
        self.seen: dict[ClassKey, int] = {}

    async def add(self, rows: Sequence[SheetRow]) -> None:
        if self.forbidden(rows):
            return
        for row in rows:
            await self._row(row)

    async def finish(self) -> None:
        return None

    def _parse(self, row: SheetRow) -> ClassRow | list[Problem]:
        values = dict(row.values)
        problems: list[Problem] = []
        required(values, CLASS_COLUMNS, problems)
        key = self.key(values, problems)
        kind = parse_label(TrainingKind, values.get("kind"), field="kind", label="培训类别")
        organiser_kind = parse_label(
            TrainingOrganiserKind,
            values.get("organiser_kind"),
            field="organiser_kind",
            label="承办单位类别",
        )
        end = parse_date(values.get("end_date"), field="end_date", label="结束日期")
        subsidy = parse_money(values.get("subsidy"), field="subsidy", label="培训补贴")
        other = parse_count(
            values.get("other_trainees"), field="other_trainees", label="其他学员人数"
        )
        parsed = (kind, organiser_kind, end, subsidy, other)
        problems.extend(p for p in parsed if isinstance(p, Problem))
        if problems or key is None:
            return problems
        assert isinstance(kind, TrainingKind)
        assert isinstance(organiser_kind, TrainingOrganiserKind)
        assert isinstance(end, date)
        given = frozenset(f for f in self.OPTIONAL if self.ctx.has_column(row.sheet, f))
        data = ClassData(
            kind=kind,
            title=key[2],
            organiser=text(values.get("organiser")) or "",
            organiser_kind=organiser_kind,
            county_code=key[0],
            start_date=key[1],
            end_date=end,
            trade=text(values.get("trade")),
            place=text(values.get("place")),
            subsidy=subsidy if isinstance(subsidy, Decimal) else None,
            other_trainees=other if isinstance(other, int) else 0,
        )
        return ClassRow(key, data, given)

    async def _row(self, row: SheetRow) -> None:
        parsed = self._parse(row)
        if isinstance(parsed, list):
            self.reject(row, parsed)
            return
        first = self.seen.setdefault(parsed.key, row.number)
        if first != row.number:
            message = f"同一培训班（县区、班级名称、开班日期相同）已在第 {first} 行出现"
            self.reject(row, [Problem("title", ErrorCode.DUPLICATE, message, parsed.key[2])])
            return
        county, start, title = parsed.key
        stored = (
            await self.ctx.conn.execute(
                select(training_class).where(
                    training_class.c.county_code == county,
                    training_class.c.start_date == start,
                    training_class.c.title == title,
                )
            )
        ).first()
        if stored is not None and not self.scope.allows(stored.county_code):
            message = f"找不到区划 {county}"
            self.reject(row, [Problem("county", ErrorCode.NOT_FOUND, message, county)])
            return
        counts = self.ctx.counts(row.sheet)
        try:
            if stored is None:
                await services.create_class(self.ctx.conn, parsed.data, scope=self.scope)
                counts.created += 1
                return
            changes = self._changes(parsed, stored)
            if not changes:
                counts.unchanged += 1
                return
            await services.update_class(
                self.ctx.conn, stored.id, changes, expected_version=None, scope=self.scope
            )
            counts.updated += 1
        except Problems as exc:
            self.reject(row, exc.problems)

    def _changes(self, parsed: ClassRow, stored: Any) -> dict[str, Any]:
        data = parsed.data
        changes: dict[str, Any] = {}
        if data.kind.value != stored.kind:
            changes["kind"] = data.kind
        if data.organiser_kind.value != stored.organiser_kind:
            changes["organiser_kind"] = data.organiser_kind
        for name in ("organiser", "end_date"):
            if getattr(data, name) != getattr(stored, name):
                changes[name] = getattr(data, name)
        for name in ("trade", "place", "other_trainees"):
            if name in parsed.given and getattr(data, name) != getattr(stored, name):
                changes[name] = getattr(data, name)
        if "subsidy" in parsed.given:
            try:
                fen = yuan_to_fen(data.subsidy) if data.subsidy is not None else 0
            except MoneyError:
                fen = None  # the services report it
            if fen != stored.subsidy_fen:
                changes["subsidy"] = data.subsidy
        return changes


@dataclass
class TraineeRow:
    """One parsed row of 培训学员台账."""

    row: SheetRow
    key: ClassKey
    id_number: str
    name: str | None
    completed_on: date | None
    certificate: str | None
    given: frozenset[str]


class TraineeImporter(_Importer):
    """Enrols the trainees a ledger lists and records their completions."""

    OPTIONAL = ("completed_on", "certificate")

    @classmethod
    async def open(cls, ctx: ImportContext) -> TraineeImporter:
        return cls(ctx, await Counties.load(ctx.conn))

    def __init__(self, ctx: ImportContext, counties: Counties) -> None:
        super().__init__(ctx, counties)
        self.seen: dict[tuple[ClassKey, str], int] = {}

    async def finish(self) -> None:
        return None

    def _parse(self, row: SheetRow) -> TraineeRow | None:
        values = dict(row.values)
        problems: list[Problem] = []
        required(values, TRAINEE_COLUMNS, problems)
        key = self.key(values, problems)
        number = id_number_text(values.get("id_number"))
        completed = parse_date(values.get("completed_on"), field="completed_on", label="结业日期")
        problems.extend(p for p in (number, completed) if isinstance(p, Problem))
        if problems or key is None or not isinstance(number, str):
            self.reject(row, problems)
            return None
        return TraineeRow(
            row,
            key,
            number.upper(),
            text(values.get("name")),
            completed if isinstance(completed, date) else None,
            text(values.get("certificate")),
            frozenset(f for f in self.OPTIONAL if self.ctx.has_column(row.sheet, f)),
        )

    async def add(self, rows: Sequence[SheetRow]) -> None:
        if self.forbidden(rows):
            return
        parsed = [found for row in rows if (found := self._parse(row)) is not None]
        if not parsed:
            return
        conn = self.ctx.conn
        keys = {p.key for p in parsed}
        classes = {
            (c.county_code, c.start_date, c.title): c
            for c in await conn.execute(
                select(training_class).where(
                    or_(
                        *(
                            and_(
                                training_class.c.county_code == county,
                                training_class.c.start_date == start,
                                training_class.c.title == title,
                            )
                            for county, start, title in keys
                        )
                    )
                )
            )
        }
        people = {
            p.id_number: p
            for p in await conn.execute(
                select(person, household.c.village_code)
                .join(household, household.c.id == person.c.household_id)
                .where(person.c.id_number.in_({p.id_number for p in parsed}))
            )
        }
        class_ids = [c.id for c in classes.values()]
        person_ids = [p.id for p in people.values()]
        existing = {
            (e.class_id, e.person_id): e
            for e in await conn.execute(
                select(enrolment).where(
                    enrolment.c.class_id.in_(class_ids), enrolment.c.person_id.in_(person_ids)
                )
            )
        }
        new: list[dict[str, Any]] = []
        for item in parsed:
            course = classes.get(item.key)
            trainee = people.get(item.id_number)
            await self._one(item, course, trainee, existing, new)
        await self._insert(new)

    async def _one(
        self,
        item: TraineeRow,
        course: Any,
        trainee: Any,
        existing: dict[tuple[int, int], Any],
        new: list[dict[str, Any]],
    ) -> None:
        row = item.row
        problems: list[Problem] = []
        first = self.seen.setdefault((item.key, item.id_number), row.number)
        if first != row.number:
            message = f"这名学员在这个培训班已在第 {first} 行出现"
            self.reject(row, [Problem("id_number", ErrorCode.DUPLICATE, message, item.id_number)])
            return
        class_seen = course is not None and self.scope.allows(course.county_code)
        person_seen = trainee is not None and self.scope.allows(trainee.village_code)
        stored = existing.get((course.id, trainee.id)) if course and trainee else None
        if stored is None:
            if not class_seen:
                county, start, title = item.key
                where = self.counties.names.get(county, county)
                message = (
                    f"找不到{where} {start.isoformat()} 开班的“{title}”：请先在培训班台账中登记"
                )
                problems.append(Problem("title", ErrorCode.NOT_FOUND, message, title))
            if not person_seen:
                problems.append(self._unknown(item))
        elif not (class_seen or person_seen):
            problems.append(self._unknown(item))
        if problems:
            self.reject(row, problems)
            return
        if item.name is not None and person_seen and item.name != trainee.name:
            message = f"姓名“{item.name}”与身份证号登记的姓名“{trainee.name}”不符"
            problems.append(Problem("name", ErrorCode.INVALID, message, item.name))
        if stored is None and trainee.labour_capacity not in CAPABLE_CODES:
            capacity = LabourCapacity(trainee.labour_capacity).label
            message = f"{trainee.name} 登记为“{capacity}”：培训对象是有劳动能力的贫困劳动力"
            problems.append(Problem("id_number", ErrorCode.RULE_VIOLATED, message, item.id_number))
        completed_on = item.completed_on
        certificate = item.certificate
        if stored is not None:
            completed_on = completed_on if "completed_on" in item.given else stored.completed_on
            certificate = certificate if "certificate" in item.given else stored.certificate
        values, found = check_completion(
            completed_on, certificate, class_end=course.end_date, today=self.ctx.options.today
        )
        problems.extend(found)
        if problems:
            self.reject(row, problems)
            return
        counts = self.ctx.counts(row.sheet)
        if stored is None:
            new.append({**values, "class_id": course.id, "person_id": trainee.id})
            counts.created += 1
        elif (values["completed_on"], values["certificate"]) == (
            stored.completed_on,
            stored.certificate,
        ):
            counts.unchanged += 1
        else:
            changes = services.EnrolmentChanges(values["completed_on"], values["certificate"])
            await services.update_enrolment(
                self.ctx.conn,
                stored.id,
                changes,
                expected_version=None,
                today=self.ctx.options.today,
                scope=self.scope,
            )
            counts.updated += 1

    @staticmethod
    def _unknown(item: TraineeRow) -> Problem:
        message = f"找不到身份证号为 {item.id_number} 的建档立卡户成员（学员须先在两清台账中登记）"
        return Problem("id_number", ErrorCode.NOT_FOUND, message, item.id_number)

    async def _insert(self, new: list[dict[str, Any]]) -> None:
        if not new:
            return
        now = utcnow()
        stamps = {"version": 1, "created_at": now, "updated_at": now}
        conn = self.ctx.conn
        await conn.execute(insert(enrolment), [{**row, **stamps} for row in new])
        pairs = {(row["class_id"], row["person_id"]): row for row in new}
        written = await conn.execute(
            select(enrolment.c.id, enrolment.c.class_id, enrolment.c.person_id).where(
                enrolment.c.class_id.in_({c for c, _ in pairs}),
                enrolment.c.person_id.in_({p for _, p in pairs}),
            )
        )
        await log_many(
            conn,
            (
                Entry("enrol", "training_enrolment", found.id, after=pairs[key])
                for found in written
                if (key := (found.class_id, found.person_id)) in pairs
            ),
        )
