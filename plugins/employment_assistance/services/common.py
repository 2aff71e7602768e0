"""Helpers every service shares: regions, people, versions, partial updates."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    LABOUR_CAPABLE,
    ErrorCode,
    Problem,
    Problems,
    RegionCodeError,
    RegionLevel,
    Scope,
    audit,
    canonical_code,
    household,
    person,
    region,
    utcnow,
)


class Unset:
    """Marks a field an update leaves as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()
LEVEL_LABELS = {level.code: level.label for level in RegionLevel}
COUNTY_LEVELS = frozenset({"COUNTY", "DISTRICT"})


def merged(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The record as it would be after an update: `changes` over `current`, UNSET skipped."""
    return {**current, **{k: v for k, v in changes.items() if v is not UNSET}}


async def region_row(
    conn: AsyncConnection,
    code: str,
    *,
    field: str,
    scope: Scope,
    levels: Collection[str],
    what: str,
) -> Row[Any] | Problem:
    """The region a record is placed in: a known code, in scope, at one of `levels`."""
    try:
        canonical = canonical_code(code)
    except RegionCodeError as exc:
        return Problem(field, ErrorCode.INVALID, str(exc), code)
    row = (await conn.execute(select(region).where(region.c.code == canonical))).first()
    if row is None or not scope.allows(canonical):
        return Problem(field, ErrorCode.NOT_FOUND, f"区划代码 {canonical} 不在区划名单中", code)
    if row.level not in levels:
        allowed = "、".join(dict.fromkeys(LEVEL_LABELS[level] for level in levels))
        return Problem(
            field,
            ErrorCode.INVALID,
            f"{what}应登记在{allowed}，而 {row.name}（{canonical}）是{LEVEL_LABELS[row.level]}",
            code,
        )
    return row


async def person_row(
    conn: AsyncConnection,
    id_number: str,
    *,
    field: str,
    scope: Scope,
    role: str,
    require_capacity: bool = True,
) -> Row[Any] | Problem:
    """A registered person by ID number, in scope, with labour capacity (when required)."""
    key = str(id_number or "").strip().upper()
    if not key:
        return Problem(field, ErrorCode.REQUIRED, f"请填写{role}的身份证号", id_number)
    query = (
        select(person, household.c.village_code)
        .join(household, household.c.id == person.c.household_id)
        .where(person.c.id_number_hash == key, scope.where(household.c.village_code))
    )
    row = (await conn.execute(query)).first()
    if row is None:
        return Problem(
            field,
            ErrorCode.NOT_FOUND,
            f"找不到身份证号为 {key} 的建档立卡户成员，{role}须是已登记的贫困劳动力",
            id_number,
        )
    if require_capacity and row.labour_capacity not in {c.value for c in LABOUR_CAPABLE}:
        return Problem(
            field,
            ErrorCode.RULE_VIOLATED,
            f"{row.name}（{key}）没有劳动能力，不能作为{role}；"
            "有劳动能力指普通、技能、弱或半劳动力",
            id_number,
        )
    return row


async def row_in_scope(
    conn: AsyncConnection,
    table: Table,
    record_id: int,
    *,
    scope_column: str | None,
    scope: Scope,
    what: str,
    field: str = "id",
) -> Row[Any]:
    """The record with this id, or NOT_FOUND when it is missing or outside the scope."""
    query = select(table).where(table.c.id == record_id)
    if scope_column is not None:
        query = query.where(scope.where(table.c[scope_column]))
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one(field, ErrorCode.NOT_FOUND, f"找不到这条{what}", record_id)
    return row


async def person_scoped(
    conn: AsyncConnection, table: Table, record_id: int, *, scope: Scope, what: str
) -> Row[Any]:
    """A record of a person by id, visible when the person's household is in scope."""
    query = (
        select(table)
        .join(person, person.c.id == table.c.person_id)
        .join(household, household.c.id == person.c.household_id)
        .where(table.c.id == record_id, scope.where(household.c.village_code))
    )
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one("id", ErrorCode.NOT_FOUND, f"找不到这条{what}", record_id)
    return row


def check_version(current: int, expected: int | None) -> None:
    """Refuse a change made on a stale copy of the record."""
    if expected is not None and expected != current:
        raise Problems.one(
            "version",
            ErrorCode.CONFLICT,
            f"这条记录已被他人修改（您看到的是第 {expected} 版，现在是第 {current} 版），请刷新后再改",
            expected,
        )


async def insert_row(
    conn: AsyncConnection, table: Table, values: dict[str, Any], *, action: str
) -> int:
    """Insert a new record with version and timestamps, audit it, and return its id."""
    query = insert(table).values(**values, **stamps()).returning(table.c.id)
    new_id = int((await conn.execute(query)).scalar_one())
    await audit.log(conn, action, table.name, new_id, after=values)
    return new_id


async def versioned_update(
    conn: AsyncConnection,
    table: Table,
    row: Row[Any],
    values: dict[str, Any],
    *,
    action: str | None = None,
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
    await audit.log(
        conn, action or f"update {table.name}", table.name, row.id, before=before, after=values
    )


def stamps() -> dict[str, Any]:
    """Version and timestamps of a new row."""
    now = utcnow()
    return {"version": 1, "created_at": now, "updated_at": now}
