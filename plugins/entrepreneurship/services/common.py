"""Helpers every write shares: lookups in scope, regions, versions."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    ErrorCode,
    Problem,
    Problems,
    RegionCodeError,
    Scope,
    audit,
    canonical_code,
    person,
    persons_in,
    region,
    utcnow,
)


class Unset:
    """Marks a field an update leaves as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()

LEVEL_NAMES = {
    "CITY": "市",
    "COUNTY": "县",
    "DISTRICT": "区",
    "TOWNSHIP": "乡镇",
    "VILLAGE": "行政村",
}


async def find_person(
    conn: AsyncConnection, id_number: str, *, field: str, scope: Scope, lock: bool = False
) -> Row[Any] | Problem:
    """The registered person with this ID number in scope, or the problem.

    `lock` takes the person's row lock (PostgreSQL), so that two loans to one borrower
    are checked one after the other.
    """
    key = (id_number or "").strip().upper()
    if not key:
        return Problem(field, ErrorCode.REQUIRED, "身份证号不能为空", id_number)
    query = persons_in(scope).where(person.c.id_number_hash == key)
    if lock:
        query = query.with_for_update(of=person)
    row: Row[Any] | None = (await conn.execute(query)).first()
    if row is None:
        return Problem(
            field,
            ErrorCode.NOT_FOUND,
            f"找不到身份证号为 {key} 的建档立卡户成员（须先在两清台账中登记）",
            id_number,
        )
    return row


async def find_region(
    conn: AsyncConnection, code: str, *, field: str, scope: Scope, levels: Collection[str]
) -> str | Problem:
    """A canonical region code in scope at one of `levels`, or the problem."""
    try:
        canonical = canonical_code(code or "")
    except RegionCodeError as exc:
        return Problem(field, ErrorCode.INVALID, str(exc), code)
    row = (await conn.execute(select(region.c.level).where(region.c.code == canonical))).first()
    if row is None or not scope.allows(canonical):
        return Problem(field, ErrorCode.NOT_FOUND, f"区划代码 {canonical} 不在区划名单中", code)
    if row.level not in levels:
        allowed = "、".join(LEVEL_NAMES.get(level, level) for level in levels)
        return Problem(
            field,
            ErrorCode.INVALID,
            f"区划 {canonical} 是{LEVEL_NAMES.get(row.level, row.level)}级，这里须是{allowed}级区划",
            code,
        )
    return canonical


def check_version(current: int, expected: int | None) -> None:
    """Refuse a change made on a stale copy of the record."""
    if expected is not None and expected != current:
        raise Problems.one(
            "version",
            ErrorCode.CONFLICT,
            f"这条记录已被他人修改（您看到的是第 {expected} 版，现在是第 {current} 版），请刷新后再改",
            expected,
        )


async def versioned_update(
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
    await audit.log(conn, f"update {table.name}", table.name, row.id, before=before, after=values)


def take(values: dict[str, Any], checked: dict[str, Any]) -> list[Problem]:
    """Move the checked values that passed into `values`; return the problems of the rest."""
    problems = []
    for column, result in checked.items():
        if isinstance(result, Problem):
            problems.append(result)
        else:
            values[column] = result
    return problems


def stamps() -> dict[str, Any]:
    """Version and timestamps of a new row."""
    now = utcnow()
    return {"version": 1, "created_at": now, "updated_at": now}
