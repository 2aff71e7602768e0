""" "一岗多补" subsidies (三(一)2): amounts in range, months within the limit per hire."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Problem, Problems, Scope, fen_to_yuan, person, raise_if
from plugins.employment_assistance import validation
from plugins.employment_assistance.enums import HiringSubsidyKind
from plugins.employment_assistance.models import subsidy
from plugins.employment_assistance.services.common import (
    check_version,
    insert_row,
    merged,
    person_row,
    person_scoped,
    versioned_update,
)

WHAT = "补贴记录"


@dataclass
class SubsidyData:
    """A subsidy as entered; amounts are in yuan."""

    kind: HiringSubsidyKind
    id_number: str
    employer: str
    hired_on: date
    granted_on: date
    graduate: bool = False
    monthly_amount: Decimal | None = None
    months: int | None = None
    amount: Decimal | None = None


async def _check(
    conn: AsyncConnection,
    data: SubsidyData,
    *,
    today: date,
    scope: Scope,
    exclude: int | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    kind = data.kind
    values, problems = validation.check_subsidy_amounts(
        validation.SubsidyAmounts(
            kind, data.graduate, data.monthly_amount, data.months, data.amount
        )
    )
    values.update(
        kind=kind.value, hired_on=data.hired_on, granted_on=data.granted_on, graduate=data.graduate
    )
    # The person cannot change on an update; labour capacity is checked when the hire is recorded.
    hired = await person_row(
        conn,
        data.id_number,
        field="id_number",
        scope=scope,
        role="被吸纳就业的人",
        require_capacity=exclude is None,
    )
    if isinstance(hired, Problem):
        problems.append(hired)
    else:
        values["person_id"] = hired.id
    employer = validation.check_text(
        data.employer, field="employer", label="用人单位名称", max_length=128
    )
    if isinstance(employer, Problem):
        problems.append(employer)
    else:
        values["employer"] = employer
    for day, field, label in (
        (data.hired_on, "hired_on", "入职日期"),
        (data.granted_on, "granted_on", "发放日期"),
    ):
        future = validation.check_not_future(day, today=today, field=field, label=label)
        if future is not None:
            problems.append(future)
    if data.granted_on < data.hired_on:
        problems.append(
            Problem("granted_on", ErrorCode.INVALID, "发放日期不能早于入职日期", data.granted_on)
        )
    if "person_id" in values and "employer" in values:
        problems += await _per_hire_limits(conn, values, kind, exclude)
    return values, problems


async def _per_hire_limits(
    conn: AsyncConnection, values: dict[str, Any], kind: HiringSubsidyKind, exclude: int | None
) -> list[Problem]:
    """Months of a monthly subsidy add up per hire; a one-off subsidy is paid once per hire."""
    same_hire = [
        subsidy.c.person_id == values["person_id"],
        subsidy.c.employer == values["employer"],
        subsidy.c.kind == kind.value,
        subsidy.c.revoked_on.is_(None),
    ]
    if exclude is not None:
        same_hire.append(subsidy.c.id != exclude)
    if kind.monthly:
        if values.get("months") is None:
            return []
        paid = (
            await conn.execute(
                select(func.coalesce(func.sum(subsidy.c.months), 0)).where(*same_hire)
            )
        ).scalar_one()
        limit = validation.MAX_MONTHS[kind]
        if paid + values["months"] > limit:
            return [
                Problem(
                    "months",
                    ErrorCode.OUT_OF_RANGE,
                    f"同一人在同一单位的{kind.label}最长 {limit} 个月：已登记 {paid} 个月，"
                    f"再加 {values['months']} 个月共 {paid + values['months']} 个月；"
                    f"最多还能登记 {max(0, limit - paid)} 个月",
                    values["months"],
                )
            ]
        return []
    if (await conn.execute(select(subsidy.c.id).where(*same_hire))).first() is not None:
        return [
            Problem(
                "kind",
                ErrorCode.DUPLICATE,
                f"{kind.label}是一次性补贴，此人在“{values['employer']}”的这项补贴已经登记过",
                kind.label,
            )
        ]
    return []


async def create_subsidy(
    conn: AsyncConnection, data: SubsidyData, *, today: date, scope: Scope
) -> int:
    """Record a subsidy granted for hiring a poor labourer; return its id."""
    values, problems = await _check(conn, data, today=today, scope=scope)
    raise_if(problems)
    return await insert_row(conn, subsidy, values, action="createHiringSubsidy")


async def update_subsidy(
    conn: AsyncConnection,
    subsidy_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Change a subsidy's employer, dates or amounts (kind and person stay); return its id."""
    row = await person_scoped(conn, subsidy, subsidy_id, scope=scope, what=WHAT)
    check_version(row.version, expected_version)
    if row.revoked_on is not None:
        raise Problems.one(
            "id",
            ErrorCode.CONFLICT,
            f"这笔补贴已于 {row.revoked_on.isoformat()} 撤销，不能再改",
            subsidy_id,
        )
    holder = (
        await conn.execute(select(person.c.id_number).where(person.c.id == row.person_id))
    ).scalar_one()
    kind = HiringSubsidyKind(row.kind)
    monthly = row.monthly_amount_fen
    current = asdict(
        SubsidyData(
            kind=kind,
            id_number=holder,
            employer=row.employer,
            hired_on=row.hired_on,
            granted_on=row.granted_on,
            graduate=row.graduate,
            monthly_amount=None if monthly is None else fen_to_yuan(monthly),
            months=row.months,
            amount=None if kind.monthly else fen_to_yuan(row.amount_fen),
        )
    )
    data = SubsidyData(**merged(current, changes))
    values, problems = await _check(conn, data, today=today, scope=scope, exclude=row.id)
    raise_if(problems)
    await versioned_update(conn, subsidy, row, values, action="updateHiringSubsidy")
    return int(row.id)


async def revoke_subsidy(
    conn: AsyncConnection,
    subsidy_id: int,
    revoked_on: date,
    reason: str,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Revoke a subsidy (recovered, or entered by mistake): kept, no longer counted."""
    row = await person_scoped(conn, subsidy, subsidy_id, scope=scope, what=WHAT)
    check_version(row.version, expected_version)
    if row.revoked_on is not None:
        raise Problems.one(
            "revoked_on",
            ErrorCode.CONFLICT,
            f"这笔补贴已于 {row.revoked_on.isoformat()} 撤销",
            revoked_on,
        )
    problems: list[Problem] = []
    future = validation.check_not_future(
        revoked_on, today=today, field="revoked_on", label="撤销日期"
    )
    if future is not None:
        problems.append(future)
    if revoked_on < row.granted_on:
        problems.append(
            Problem("revoked_on", ErrorCode.INVALID, "撤销日期不能早于发放日期", revoked_on)
        )
    text = validation.check_text(reason, field="reason", label="撤销原因", max_length=200)
    if isinstance(text, Problem):
        problems.append(text)
    raise_if(problems)
    await versioned_update(
        conn,
        subsidy,
        row,
        {"revoked_on": revoked_on, "revoke_reason": text},
        action="revokeHiringSubsidy",
    )
    return int(row.id)
