"""Writes to training classes and enrolments: every rule checked, every problem reported at
once, nothing written on failure (the caller runs each in one transaction)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    CAPABLE_CODES,
    EVERYWHERE,
    ErrorCode,
    LabourCapacity,
    Problem,
    Problems,
    RegionCodeError,
    Scope,
    audit,
    canonical_code,
    fen_to_yuan,
    person,
    persons_in,
    raise_if,
    region,
    utcnow,
)
from plugins.training.compliance import COUNTY_LEVELS
from plugins.training.enums import TrainingKind, TrainingOrganiserKind
from plugins.training.models import enrolment, training_class
from plugins.training.sql import classes_in, enrolments_in
from plugins.training.validation import ClassData, check_class, check_completion


class Unset(enum.Enum):
    """Marks a field an update leaves as it is."""

    UNSET = "UNSET"


UNSET = Unset.UNSET


@dataclass(frozen=True)
class EnrolmentChanges:
    """Changes to an enrolment; UNSET leaves a field as it is, None clears it."""

    completed_on: date | Unset | None = UNSET
    certificate: str | Unset | None = UNSET


async def county_code(
    conn: AsyncConnection, code: object, *, field: str = "county", scope: Scope = EVERYWHERE
) -> str | Problem:
    """The canonical code of a county or district in scope, or the problem."""
    text = str(code or "").strip()
    if not text:
        return Problem(field, ErrorCode.REQUIRED, "所属县区不能为空", code)
    try:
        canonical = canonical_code(text)
    except RegionCodeError as exc:
        return Problem(field, ErrorCode.INVALID, str(exc), code)
    row = (await conn.execute(select(region.c.level).where(region.c.code == canonical))).first()
    if row is None or not scope.allows(canonical):
        return Problem(field, ErrorCode.NOT_FOUND, f"找不到区划 {canonical}", code)
    if row.level not in COUNTY_LEVELS:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"培训班记在县或区名下：{canonical} 不是县区代码（应为 6 位，如 450225）",
            code,
        )
    return canonical


async def class_row(
    conn: AsyncConnection, class_id: int, *, field: str = "id", scope: Scope = EVERYWHERE
) -> Any:
    """The class with this id in scope, or raise NOT_FOUND."""
    query = classes_in(scope).where(training_class.c.id == class_id)
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one(field, ErrorCode.NOT_FOUND, "找不到这个培训班", class_id)
    return row


async def enrolment_row(
    conn: AsyncConnection, enrolment_id: int, *, scope: Scope = EVERYWHERE
) -> Any:
    """The enrolment with this id in scope, or raise NOT_FOUND."""
    query = enrolments_in(scope).where(enrolment.c.id == enrolment_id)
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one("enrolment_id", ErrorCode.NOT_FOUND, "找不到这条学员记录", enrolment_id)
    return row


def check_version(current: int, expected: int | None) -> None:
    """Refuse a change made on a stale read."""
    if expected is not None and expected != current:
        raise Problems.one(
            "version",
            ErrorCode.CONFLICT,
            f"这条记录已被他人修改（您看到的是第 {expected} 版，现在是第 {current} 版），请刷新后再改",
            expected,
        )


async def _versioned_update(
    conn: AsyncConnection, table: Table, row: Row[Any], values: dict[str, Any], action: str
) -> None:
    """Apply `values` only if nobody changed the row since it was read; audit the change."""
    result = await conn.execute(
        update(table)
        .where(table.c.id == row.id, table.c.version == row.version)
        .values(**values, version=row.version + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise Problems.one(
            "version", ErrorCode.CONFLICT, "这条记录刚被他人修改，请刷新后再改", row.version
        )
    before = {key: row._mapping[key] for key in values}
    await audit.log(conn, action, table.name, row.id, before=before, after=values)


async def _same_class(
    conn: AsyncConnection, values: dict[str, Any], county: str, *, other_than: int | None = None
) -> Problem | None:
    """A class of the same county, opening day and name already registered (the ledgers' key)."""
    query = select(training_class.c.id).where(
        training_class.c.county_code == county,
        training_class.c.start_date == values["start_date"],
        training_class.c.title == values["title"],
    )
    if other_than is not None:
        query = query.where(training_class.c.id != other_than)
    if (await conn.execute(query)).first() is None:
        return None
    return Problem(
        "title",
        ErrorCode.DUPLICATE,
        f"{county} 已登记 {values['start_date'].isoformat()} 开班的“{values['title']}”，"
        "同一县区同一天开班的培训班名称不能相同",
        values["title"],
    )


async def create_class(conn: AsyncConnection, data: ClassData, *, scope: Scope = EVERYWHERE) -> int:
    """Register a training class; return its id."""
    values, problems = check_class(data)
    county = await county_code(conn, data.county_code, scope=scope)
    if isinstance(county, Problem):
        problems.append(county)
    elif not problems:
        same = await _same_class(conn, values, county)
        if same is not None:
            problems.append(same)
    raise_if(problems)
    now = utcnow()
    new_id = (
        await conn.execute(
            insert(training_class)
            .values(**values, county_code=county, version=1, created_at=now, updated_at=now)
            .returning(training_class.c.id)
        )
    ).scalar_one()
    await audit.log(
        conn,
        "createTrainingClass",
        "training_class",
        new_id,
        after={**values, "county_code": county},
    )
    return int(new_id)


def class_data(row: Row[Any]) -> ClassData:
    """A stored class as the data an update starts from."""
    return ClassData(
        kind=TrainingKind(row.kind),
        title=row.title,
        organiser=row.organiser,
        organiser_kind=TrainingOrganiserKind(row.organiser_kind),
        county_code=row.county_code,
        start_date=row.start_date,
        end_date=row.end_date,
        trade=row.trade,
        place=row.place,
        subsidy=fen_to_yuan(row.subsidy_fen),
        other_trainees=row.other_trainees,
    )


async def update_class(
    conn: AsyncConnection,
    class_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change a class (`changes` holds only the fields given); return its id."""
    row = await class_row(conn, class_id, scope=scope)
    check_version(row.version, expected_version)
    merged = replace(class_data(row), **changes)
    values, problems = check_class(merged)
    if "county_code" in changes:
        county = await county_code(conn, merged.county_code, scope=scope)
        if isinstance(county, Problem):
            problems.append(county)
        else:
            values["county_code"] = county
    if merged.end_date != row.end_date:
        early = (
            await conn.execute(
                select(func.count()).where(
                    enrolment.c.class_id == row.id, enrolment.c.completed_on < merged.end_date
                )
            )
        ).scalar_one()
        if early:
            problems.append(
                Problem(
                    "end_date",
                    ErrorCode.CONFLICT,
                    f"已有 {early} 名学员的结业日期早于新的结束日期 {merged.end_date.isoformat()}，"
                    "请先更正他们的结业日期",
                    merged.end_date,
                )
            )
    if not problems:
        same = await _same_class(
            conn, values, values.get("county_code", row.county_code), other_than=row.id
        )
        if same is not None:
            problems.append(same)
    raise_if(problems)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        await _versioned_update(conn, training_class, row, changed, "updateTrainingClass")
    return int(row.id)


async def delete_class(
    conn: AsyncConnection, class_id: int, *, expected_version: int | None, scope: Scope = EVERYWHERE
) -> None:
    """Delete a class entered by mistake; refused while it has trainees."""
    row = await class_row(conn, class_id, scope=scope)
    check_version(row.version, expected_version)
    if row.enrolled:
        raise Problems.one(
            "id",
            ErrorCode.CONFLICT,
            f"这个培训班还有 {row.enrolled} 名学员，请先移除学员再删除培训班",
            class_id,
        )
    await conn.execute(
        delete(training_class).where(
            training_class.c.id == row.id, training_class.c.version == row.version
        )
    )
    before = {c.name: row._mapping[c.name] for c in training_class.columns}
    await audit.log(conn, "deleteTrainingClass", "training_class", row.id, before=before)


async def person_row(conn: AsyncConnection, id_number: str, *, scope: Scope = EVERYWHERE) -> Any:
    """The registered person with this ID number in scope, or the problem."""
    key = (id_number or "").strip().upper()
    if not key:
        return Problem("id_number", ErrorCode.REQUIRED, "学员身份证号不能为空", id_number)
    row = (await conn.execute(persons_in(scope).where(person.c.id_number_hash == key))).first()
    if row is None:
        return Problem(
            "id_number",
            ErrorCode.NOT_FOUND,
            f"找不到身份证号为 {key} 的建档立卡户成员（学员须先在两清台账中登记）",
            id_number,
        )
    return row


async def enrol(
    conn: AsyncConnection,
    class_id: int,
    id_number: str,
    *,
    completed_on: date | None = None,
    certificate: str | None = None,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Enrol a registered person with labour capacity in a class; return the enrolment id."""
    problems: list[Problem] = []
    try:
        course = await class_row(conn, class_id, field="training_class", scope=scope)
    except Problems as exc:
        course = None
        problems.extend(exc.problems)
    trainee = await person_row(conn, id_number, scope=scope)
    values, found = check_completion(
        completed_on,
        certificate,
        class_end=course.end_date if course is not None else date.min,
        today=today,
    )
    problems.extend(found)
    if isinstance(trainee, Problem):
        problems.append(trainee)
    else:
        if trainee.labour_capacity not in CAPABLE_CODES:
            capacity = LabourCapacity(trainee.labour_capacity).label
            problems.append(
                Problem(
                    "id_number",
                    ErrorCode.RULE_VIOLATED,
                    f"{trainee.name} 登记为“{capacity}”：培训对象是有劳动能力的贫困劳动力",
                    id_number,
                )
            )
        taken = (
            None
            if course is None
            else await conn.execute(
                select(enrolment.c.id).where(
                    enrolment.c.class_id == course.id, enrolment.c.person_id == trainee.id
                )
            )
        )
        if taken is not None and taken.first() is not None:
            problems.append(
                Problem(
                    "id_number",
                    ErrorCode.DUPLICATE,
                    f"{trainee.name} 已经是这个培训班的学员",
                    id_number,
                )
            )
    raise_if(problems)
    assert course is not None
    assert not isinstance(trainee, Problem)
    now = utcnow()
    new_id = (
        await conn.execute(
            insert(enrolment)
            .values(
                **values,
                class_id=course.id,
                person_id=trainee.id,
                version=1,
                created_at=now,
                updated_at=now,
            )
            .returning(enrolment.c.id)
        )
    ).scalar_one()
    await audit.log(
        conn,
        "enrol",
        "training_enrolment",
        new_id,
        after={**values, "class_id": course.id, "person_id": trainee.id},
    )
    return int(new_id)


async def update_enrolment(
    conn: AsyncConnection,
    enrolment_id: int,
    changes: EnrolmentChanges,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Record, correct or clear a trainee's completion and certificate; return the id."""
    row = await enrolment_row(conn, enrolment_id, scope=scope)
    check_version(row.version, expected_version)
    course = await class_row(conn, row.class_id)
    completed_on = row.completed_on if changes.completed_on is UNSET else changes.completed_on
    certificate = row.certificate if changes.certificate is UNSET else changes.certificate
    values, problems = check_completion(
        completed_on, certificate, class_end=course.end_date, today=today
    )
    raise_if(problems)
    await _versioned_update(conn, enrolment, row, values, "updateEnrolment")
    return int(row.id)


async def remove_enrolment(
    conn: AsyncConnection,
    enrolment_id: int,
    *,
    expected_version: int | None,
    scope: Scope = EVERYWHERE,
) -> None:
    """Remove an enrolment entered by mistake."""
    row = await enrolment_row(conn, enrolment_id, scope=scope)
    check_version(row.version, expected_version)
    await conn.execute(
        delete(enrolment).where(enrolment.c.id == row.id, enrolment.c.version == row.version)
    )
    before = {c.name: row._mapping[c.name] for c in enrolment.columns}
    await audit.log(conn, "removeEnrolment", "training_enrolment", row.id, before=before)
