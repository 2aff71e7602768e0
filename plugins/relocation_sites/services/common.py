"""What every write shares: finding a site in scope, versions, the "leave it alone" marker."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Problem, Problems, Scope, audit, utcnow
from plugins.relocation_sites import sql
from plugins.relocation_sites.models import site


class Unset:
    """Marks a field an update leaves as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()


async def site_row(
    conn: AsyncConnection, site_id: int, *, scope: Scope, field: str = "site_id"
) -> Row[Any]:
    """The site with this id within the scope, or NOT_FOUND."""
    row: Row[Any] | None = (
        await conn.execute(sql.sites_in(scope).where(site.c.id == site_id))
    ).first()
    if row is None:
        raise Problems.one(field, ErrorCode.NOT_FOUND, "找不到这个安置点", site_id)
    return row


async def child_row(
    conn: AsyncConnection, table: Table, row_id: int, *, scope: Scope, field: str, label: str
) -> Row[Any]:
    """A row of a table hanging off a site (`site_id`), within the scope, or NOT_FOUND."""
    query = (
        select(table)
        .join(site, site.c.id == table.c.site_id)
        .where(table.c.id == row_id, sql.in_scope(scope))
    )
    row = (await conn.execute(query)).first()
    if row is None:
        raise Problems.one(field, ErrorCode.NOT_FOUND, f"找不到这个{label}", row_id)
    return row


def check_version(current: int, expected: int | None) -> None:
    """Refuse a change made against a version someone else has since replaced."""
    if expected is not None and expected != current:
        raise Problems.one(
            "version",
            ErrorCode.CONFLICT,
            f"这条记录已被他人修改（您看到的是第 {expected} 版，现在是第 {current} 版），请刷新后再改",
            expected,
        )


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


async def created(
    conn: AsyncConnection, action: str, table: Table, key: int, values: dict[str, Any]
) -> None:
    """Audit a new row of `table`."""
    await audit.log(conn, action, table.name, key, after=values)


def collect(problems: list[Problem], values: dict[str, Any], column: str, found: Any) -> None:
    """Keep a checked value under `column`, or its problem."""
    if isinstance(found, Problem):
        problems.append(found)
    else:
        values[column] = found
