"""Writes to the core records: every rule checked, every problem reported, nothing half-done.

Each function runs inside the caller's transaction and raises `Problems` on bad input, so
the transaction rolls back as a whole. GraphQL mutations call these; ledger imports share
the same checks from `validation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.money import MoneyError, yuan_to_fen
from core.problems import ErrorCode, Problem, Problems, raise_if
from core.records import sql, validation
from core.records.enums import LabourCapacity, PovertyStatus, Relation, WorkForm, WorkPlace
from core.records.models import employment, household, person, region
from core.regions import RegionCodeError, canonical_code
from core.scope import EVERYWHERE, Scope
from core.security import audit, probes
from core.sqltypes import utcnow


@dataclass
class PersonData:
    """A household member as entered."""

    name: str
    id_number: str
    relation: Relation
    labour_capacity: LabourCapacity
    phone: str | None = None


@dataclass
class HouseholdData:
    """A household and its members as entered."""

    registry_number: str
    village_code: str
    members: Sequence[PersonData]
    relocated: bool = False
    poverty_status: PovertyStatus = PovertyStatus.NOT_EXITED


@dataclass
class EmploymentData:
    """A spell of work as entered; the income is in yuan."""

    form: WorkForm
    place: WorkPlace
    start_date: date
    end_date: date | None = None
    employer: str | None = None
    monthly_income: Decimal | None = None
    programme: str | None = None


class Unset:
    """Marks a field an update leaves as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()


@dataclass
class PersonChanges:
    """Fields of a person an update sets; UNSET leaves one alone."""

    name: Any = UNSET
    relation: Any = UNSET
    labour_capacity: Any = UNSET
    phone: Any = UNSET


@dataclass
class HouseholdChanges:
    """Fields of a household an update sets; UNSET leaves one alone."""

    village_code: Any = UNSET
    relocated: Any = UNSET
    poverty_status: Any = UNSET


def check_person(
    data: PersonData, *, today: date, prefix: str = ""
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate one member; return its column values (partial on failure) and the problems."""
    problems: list[Problem] = []
    values: dict[str, Any] = {
        "relation": data.relation.value,
        "labour_capacity": data.labour_capacity.value,
    }
    name = validation.check_name(data.name, field=f"{prefix}name")
    if isinstance(name, Problem):
        problems.append(name)
    else:
        values["name"] = name
    parsed = validation.parse_id_number(data.id_number, today=today, field=f"{prefix}id_number")
    if isinstance(parsed, Problem):
        problems.append(parsed)
    else:
        values.update(id_number=parsed.value, birth_date=parsed.birth_date, sex=parsed.sex.value)
    phone = validation.normalize_phone(data.phone, field=f"{prefix}phone")
    if isinstance(phone, Problem):
        problems.append(phone)
    else:
        values["phone"] = phone
    return values, problems


async def _village(conn: AsyncConnection, code: str, *, field: str, scope: Scope) -> str | Problem:
    try:
        canonical = canonical_code(code)
    except RegionCodeError as exc:
        return Problem(field, ErrorCode.INVALID, str(exc), code)
    row = (await conn.execute(select(region.c.level).where(region.c.code == canonical))).first()
    if row is None or not scope.allows(canonical):
        return Problem(field, ErrorCode.NOT_FOUND, f"区划代码 {canonical} 不在区划名单中", code)
    if row.level != "VILLAGE":
        return Problem(
            field, ErrorCode.INVALID, f"区划 {canonical} 不是行政村，户须登记在行政村", code
        )
    return canonical


async def _registered_ids(conn: AsyncConnection, id_numbers: Sequence[str]) -> dict[str, Any]:
    if not id_numbers:
        return {}
    query = (
        select(
            person.c.id_number,
            person.c.name,
            household.c.registry_number,
            household.c.village_code,
        )
        .join(household, household.c.id == person.c.household_id)
        .where(person.c.id_number_hash.in_(id_numbers))
    )
    return {row.id_number: row for row in (await conn.execute(query)).all()}


def _already_registered(
    row: Any, *, field: str, scope: Scope, answers: list[probes.Answer]
) -> Problem:
    if not scope.allows(row.village_code):
        # Say that the person exists (a duplicate must be refused) but not where.
        answers.append(probes.Answer(probes.ID_NUMBER, row.id_number))
        return probes.elsewhere(field, "身份证号", row.id_number)
    return Problem(
        field,
        ErrorCode.DUPLICATE,
        f"身份证号 {row.id_number} 已登记在户 {row.registry_number}，同一人不能登记两次",
        row.id_number,
    )


async def create_household(
    conn: AsyncConnection, data: HouseholdData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Register a household with its members; return its id."""
    problems: list[Problem] = []
    answers: list[probes.Answer] = []
    registry = validation.check_registry_number(data.registry_number)
    if isinstance(registry, Problem):
        problems.append(registry)
    else:
        taken = (
            await conn.execute(
                select(household.c.village_code).where(household.c.registry_number == registry)
            )
        ).first()
        if taken is not None and not scope.allows(taken.village_code):
            answers.append(probes.Answer(probes.REGISTRY_NUMBER, registry))
            problems.append(probes.elsewhere("registry_number", "户编号", registry))
        elif taken is not None:
            problems.append(
                Problem(
                    "registry_number", ErrorCode.DUPLICATE, f"户编号 {registry} 已经登记", registry
                )
            )
    village = await _village(conn, data.village_code, field="village_code", scope=scope)
    if isinstance(village, Problem):
        problems.append(village)
    if not data.members:
        problems.append(Problem("members", ErrorCode.REQUIRED, "一户至少要登记一名成员（户主）"))
    members: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, member in enumerate(data.members):
        values, found = check_person(member, today=today, prefix=f"members.{index}.")
        problems.extend(found)
        number = values.get("id_number")
        if number is not None:
            if number in seen:
                problems.append(
                    Problem(
                        f"members.{index}.id_number",
                        ErrorCode.DUPLICATE,
                        f"身份证号 {number} 在本户中出现两次（第 {seen[number] + 1} 和第 {index + 1} 名成员）",
                        number,
                    )
                )
            seen.setdefault(number, index)
        members.append(values)
    registered = await _registered_ids(conn, list(seen))
    for number, index in seen.items():
        if number in registered:
            problems.append(
                _already_registered(
                    registered[number],
                    field=f"members.{index}.id_number",
                    scope=scope,
                    answers=answers,
                )
            )
    if data.members:
        head = validation.check_heads([m.relation for m in data.members], field="members")
        if head is not None:
            problems.append(head)
    await probes.admit(conn, scope, answers)
    raise_if(problems)
    now = utcnow()
    household_id = (
        await conn.execute(
            insert(household)
            .values(
                registry_number=registry,
                village_code=village,
                relocated=data.relocated,
                poverty_status=data.poverty_status.value,
                version=1,
                created_at=now,
                updated_at=now,
            )
            .returning(household.c.id)
        )
    ).scalar_one()
    await conn.execute(
        insert(person),
        [
            {
                **values,
                "household_id": household_id,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for values in members
        ],
    )
    await audit.log(
        conn,
        "createHousehold",
        "household",
        household_id,
        after={
            "registry_number": registry,
            "village_code": village,
            "relocated": data.relocated,
            "poverty_status": data.poverty_status.value,
            "members": [m.get("id_number") for m in members],
        },
    )
    return int(household_id)


async def household_by_registry(
    conn: AsyncConnection,
    registry_number: str,
    *,
    field: str = "registry_number",
    scope: Scope = EVERYWHERE,
) -> Any:
    """Return the household row with this registry number, or raise NOT_FOUND."""
    key = registry_number.strip()
    query = sql.households_in(scope).where(household.c.registry_number == key)
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one(
            field, ErrorCode.NOT_FOUND, f"找不到户编号为 {key} 的户", registry_number
        )
    return row


async def person_by_id_number(
    conn: AsyncConnection, id_number: str, *, field: str = "id_number", scope: Scope = EVERYWHERE
) -> Any:
    """Return the person row with this ID number, or raise NOT_FOUND."""
    key = id_number.strip().upper()
    row = (await conn.execute(sql.persons_in(scope).where(person.c.id_number_hash == key))).first()
    if row is None:
        raise Problems.one(field, ErrorCode.NOT_FOUND, f"找不到身份证号为 {key} 的人", id_number)
    return row


@dataclass(frozen=True)
class PersonKey:
    """How a write names the person it is about: by database id (what the API's `personId`
    decodes to) or by ID number (imports, scripts), and the input field that named them."""

    id: int | None = None
    id_number: str | None = None
    field: str = "id_number"


PersonRef = PersonKey | str
"""A person named by key, or (as before) by ID number alone."""


async def find_person(conn: AsyncConnection, ref: PersonRef, *, scope: Scope = EVERYWHERE) -> Any:
    """Return the person row a reference names within the scope, or raise NOT_FOUND."""
    key = PersonKey(id_number=ref) if isinstance(ref, str) else ref
    if key.id_number is not None:
        return await person_by_id_number(conn, key.id_number, field=key.field, scope=scope)
    row = (await conn.execute(sql.persons_in(scope).where(person.c.id == key.id))).first()
    if row is None:
        raise Problems.one(key.field, ErrorCode.NOT_FOUND, "找不到这个人（或不在您的范围内）")
    return row


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        raise Problems.one(
            "version",
            ErrorCode.CONFLICT,
            f"这条记录已被他人修改（您看到的是第 {expected} 版，现在是第 {current} 版），请刷新后再改",
            expected,
        )


async def _versioned_update(
    conn: AsyncConnection, table: Any, row: Row[Any], values: dict[str, Any]
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
    about = [row.id_number] if table is person else []
    await audit.log(
        conn, f"update {table.name}", table.name, row.id, before=before, after=values, about=about
    )


async def update_household(
    conn: AsyncConnection,
    registry_number: str,
    changes: HouseholdChanges,
    *,
    expected_version: int | None,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change a household's village, relocation flag or status; return its id."""
    row = await household_by_registry(conn, registry_number, scope=scope)
    _check_version(row.version, expected_version)
    values: dict[str, Any] = {}
    if changes.village_code is not UNSET:
        village = await _village(conn, changes.village_code, field="village_code", scope=scope)
        if isinstance(village, Problem):
            raise Problems([village])
        values["village_code"] = village
    if changes.relocated is not UNSET:
        values["relocated"] = bool(changes.relocated)
    if changes.poverty_status is not UNSET:
        values["poverty_status"] = PovertyStatus(changes.poverty_status).value
    if values:
        await _versioned_update(conn, household, row, values)
    return int(row.id)


async def create_person(
    conn: AsyncConnection,
    registry_number: str,
    data: PersonData,
    *,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Add a member to a registered household; return the person's id."""
    home = await household_by_registry(conn, registry_number, scope=scope)
    values, problems = check_person(data, today=today)
    number = values.get("id_number")
    answers: list[probes.Answer] = []
    if number is not None:
        registered = await _registered_ids(conn, [number])
        if number in registered:
            problems.append(
                _already_registered(
                    registered[number], field="id_number", scope=scope, answers=answers
                )
            )
        await probes.admit(conn, scope, answers)
    if data.relation is Relation.HEAD:
        problems.append(
            Problem(
                "relation",
                ErrorCode.RULE_VIOLATED,
                "该户已有户主；要更换户主，请用“更换户主”（changeHouseholdHead）",
                data.relation.label,
            )
        )
    raise_if(problems)
    now = utcnow()
    new_id = (
        await conn.execute(
            insert(person)
            .values(**values, household_id=home.id, version=1, created_at=now, updated_at=now)
            .returning(person.c.id)
        )
    ).scalar_one()
    await _touch(conn, home)
    await audit.log(
        conn, "createPerson", "person", new_id, after={**values, "household_id": home.id}
    )
    return int(new_id)


async def _touch(conn: AsyncConnection, home: Row[Any]) -> None:
    await conn.execute(
        update(household).where(household.c.id == home.id).values(updated_at=utcnow())
    )


async def update_person(
    conn: AsyncConnection,
    who: PersonRef,
    changes: PersonChanges,
    *,
    expected_version: int | None,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change a member's name, relation, labour capacity or phone; return the person's id."""
    row = await find_person(conn, who, scope=scope)
    _check_version(row.version, expected_version)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    if changes.name is not UNSET:
        name = validation.check_name(changes.name)
        if isinstance(name, Problem):
            problems.append(name)
        else:
            values["name"] = name
    if changes.relation is not UNSET:
        relation = Relation(changes.relation)
        was_head = row.relation == Relation.HEAD.value
        if relation is Relation.HEAD and not was_head:
            problems.append(
                Problem(
                    "relation",
                    ErrorCode.RULE_VIOLATED,
                    "该户已有户主；要更换户主，请用“更换户主”（changeHouseholdHead）",
                    relation.label,
                )
            )
        elif was_head and relation is not Relation.HEAD:
            problems.append(
                Problem(
                    "relation",
                    ErrorCode.RULE_VIOLATED,
                    "户主不能直接改为其他关系，否则该户没有户主；请用“更换户主”（changeHouseholdHead）",
                    relation.label,
                )
            )
        values["relation"] = relation.value
    if changes.labour_capacity is not UNSET:
        values["labour_capacity"] = LabourCapacity(changes.labour_capacity).value
    if changes.phone is not UNSET:
        phone = validation.normalize_phone(changes.phone)
        if isinstance(phone, Problem):
            problems.append(phone)
        else:
            values["phone"] = phone
    raise_if(problems)
    if values:
        await _versioned_update(conn, person, row, values)
    return int(row.id)


async def change_head(
    conn: AsyncConnection,
    registry_number: str,
    new_head: PersonRef,
    former_head_relation: Relation,
    *,
    scope: Scope = EVERYWHERE,
) -> int:
    """Make another member the head; the former head takes `former_head_relation`."""
    home = await household_by_registry(conn, registry_number, scope=scope)
    key = new_head
    if isinstance(key, str):
        key = PersonKey(id_number=key, field="new_head_id_number")
    head = await find_person(conn, key, scope=scope)
    if head.household_id != home.id:
        who = "这个人" if key.id_number is None else f"身份证号 {head.id_number} 的人"
        raise Problems.one(
            key.field,
            ErrorCode.INVALID,
            f"{who}不是户 {home.registry_number} 的成员",
            key.id_number,
        )
    if former_head_relation is Relation.HEAD:
        raise Problems.one(
            "former_head_relation",
            ErrorCode.INVALID,
            "原户主的新关系不能还是“户主”",
            former_head_relation.label,
        )
    if head.relation == Relation.HEAD.value:
        return int(home.id)
    old_head = (
        await conn.execute(
            select(person).where(
                person.c.household_id == home.id, person.c.relation == Relation.HEAD.value
            )
        )
    ).first()
    # The old head steps down first: the one-head index never sees two heads at once.
    if old_head is not None:
        await _versioned_update(conn, person, old_head, {"relation": former_head_relation.value})
    await _versioned_update(conn, person, head, {"relation": Relation.HEAD.value})
    await _touch(conn, home)
    return int(home.id)


def check_employment(data: EmploymentData, *, today: date) -> tuple[dict[str, Any], list[Problem]]:
    """Validate a spell of work; return its column values and the problems."""
    problems = validation.check_employment_dates(data.start_date, data.end_date, today=today)
    values: dict[str, Any] = {
        "form": data.form.value,
        "place": data.place.value,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "employer": (data.employer or "").strip() or None,
        "programme": (data.programme or "").strip() or None,
        "monthly_income_fen": None,
    }
    if values["employer"] is not None and len(values["employer"]) > 128:
        problems.append(
            Problem("employer", ErrorCode.INVALID, "就业单位名称不能超过 128 个字", data.employer)
        )
    if values["programme"] is not None and len(values["programme"]) > 64:
        problems.append(
            Problem("programme", ErrorCode.INVALID, "帮扶项目名称不能超过 64 个字", data.programme)
        )
    if data.monthly_income is not None:
        try:
            fen = yuan_to_fen(data.monthly_income)
        except MoneyError as exc:
            problems.append(
                Problem("monthly_income", ErrorCode.INVALID, str(exc), data.monthly_income)
            )
        else:
            if fen < 0:
                problems.append(
                    Problem(
                        "monthly_income",
                        ErrorCode.OUT_OF_RANGE,
                        "月收入不能为负数",
                        data.monthly_income,
                    )
                )
            values["monthly_income_fen"] = fen
    return values, problems


async def record_employment(
    conn: AsyncConnection,
    who: PersonRef,
    data: EmploymentData,
    *,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Record a spell of work for a registered person; return its id."""
    worker = await find_person(conn, who, scope=scope)
    values, problems = check_employment(data, today=today)
    same = await conn.execute(
        select(func.count())
        .select_from(employment)
        .where(
            employment.c.person_id == worker.id,
            employment.c.start_date == data.start_date,
            employment.c.form == data.form.value,
            employment.c.employer.is_(None)
            if values["employer"] is None
            else employment.c.employer == values["employer"],
        )
    )
    if same.scalar_one():
        problems.append(
            Problem(
                "start_date",
                ErrorCode.DUPLICATE,
                f"这段就业（{data.start_date.isoformat()} 起，{data.form.label}）已经登记过",
                data.start_date,
            )
        )
    raise_if(problems)
    now = utcnow()
    new_id = (
        await conn.execute(
            insert(employment)
            .values(**values, person_id=worker.id, version=1, created_at=now, updated_at=now)
            .returning(employment.c.id)
        )
    ).scalar_one()
    await audit.log(
        conn,
        "recordEmployment",
        "employment",
        new_id,
        after={**values, "person_id": worker.id},
        about=[worker.id_number],
    )
    return int(new_id)


async def end_employment(
    conn: AsyncConnection,
    employment_id: int,
    end_date: date,
    *,
    today: date,
    expected_version: int | None,
    scope: Scope = EVERYWHERE,
) -> int:
    """Close a spell of work on `end_date` (the last day worked); return its id."""
    query = sql.employments_in(scope).where(employment.c.id == employment_id)
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one(
            "employment_id", ErrorCode.NOT_FOUND, "找不到这条就业记录", employment_id
        )
    _check_version(row.version, expected_version)
    if row.end_date is not None:
        raise Problems.one(
            "end_date",
            ErrorCode.CONFLICT,
            f"这段就业已于 {row.end_date.isoformat()} 结束",
            end_date,
        )
    raise_if(validation.check_employment_dates(row.start_date, end_date, today=today))
    await _versioned_update(conn, employment, row, {"end_date": end_date})
    return int(row.id)
