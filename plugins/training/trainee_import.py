"""Import 培训学员台账: each batch is looked up in a few statements, new enrolments are written
with one insert and audited with one `log_many`; changed completions go through the services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, insert, or_, select

from core.sdk import (
    CAPABLE_CODES,
    ErrorCode,
    ImportContext,
    LabourCapacity,
    Problem,
    SheetRow,
    audit,
    household,
    id_number_text,
    parse_date,
    person,
    text,
    utcnow,
)
from plugins.training import services
from plugins.training.importers import ClassKey, Importer
from plugins.training.models import enrolment, training_class
from plugins.training.sheets import TRAINEE_COLUMNS, Counties, required
from plugins.training.validation import check_completion


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


class TraineeImporter(Importer):
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
                .where(person.c.id_number_hash.in_({p.id_number for p in parsed}))
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
        await audit.log_many(
            conn,
            (
                audit.Entry("enrol", "training_enrolment", found.id, after=pairs[key])
                for found in written
                if (key := (found.class_id, found.person_id)) in pairs
            ),
        )
