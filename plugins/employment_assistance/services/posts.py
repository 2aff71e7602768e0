"""Village public-welfare posts (三(一)5) and the county minimum wages their pay is held to."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ErrorCode, Problem, Problems, Scope, audit, fen_to_yuan, person, raise_if
from plugins.employment_assistance import validation
from plugins.employment_assistance.models import minimum_wage, village_post
from plugins.employment_assistance.services.common import (
    COUNTY_LEVELS,
    check_version,
    insert_row,
    merged,
    person_row,
    region_row,
    row_in_scope,
    versioned_update,
)

WHAT = "公益性岗位"


@dataclass
class PostData:
    """A village post as entered; the pay is in yuan."""

    village_code: str
    post: str
    id_number: str
    monthly_pay: Decimal
    start_date: date
    end_date: date | None = None


async def minimum_on(conn: AsyncConnection, county: str, day: date) -> Row[Any] | None:
    """The county's minimum wage in force on `day` (the latest one effective by then)."""
    query = (
        select(minimum_wage)
        .where(minimum_wage.c.county_code == county, minimum_wage.c.effective_from <= day)
        .order_by(minimum_wage.c.effective_from.desc())
        .limit(1)
    )
    return (await conn.execute(query)).first()


async def _check(
    conn: AsyncConnection,
    data: PostData,
    *,
    today: date,
    scope: Scope,
    exclude: int | None = None,
    changed: Collection[str] | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Check a post; on an update (`changed` names the fields given) the rules about where a
    post may be placed, who may hold it and its pay are checked again only when those change,
    so a village that has since left poverty or a standard raised since does not block edits."""

    def again(*fields: str) -> bool:
        return changed is None or any(f in changed for f in fields)

    problems: list[Problem] = []
    values: dict[str, Any] = {"start_date": data.start_date, "end_date": data.end_date}
    village = await region_row(
        conn, data.village_code, field="village_code", scope=scope, levels={"VILLAGE"}, what=WHAT
    )
    if isinstance(village, Problem):
        problems.append(village)
    elif not village.poor_village and again("village_code"):
        problems.append(
            Problem(
                "village_code",
                ErrorCode.RULE_VIOLATED,
                f"{village.name}（{village.code}）不是未脱贫摘帽的贫困村；"
                "乡村公益性岗位只在 171 个未脱贫摘帽的贫困村开发",
                data.village_code,
            )
        )
    else:
        values["village_code"] = village.code
    text = validation.check_text(data.post, field="post", label="岗位名称", max_length=64)
    if isinstance(text, Problem):
        problems.append(text)
    else:
        values["post"] = text
    holder = await person_row(
        conn,
        data.id_number,
        field="id_number",
        scope=scope,
        role="公益性岗位人员",
        require_capacity=again("id_number"),
    )
    if isinstance(holder, Problem):
        problems.append(holder)
    else:
        values["person_id"] = holder.id
    problems += validation.check_span(
        data.start_date, data.end_date, today=today, start_label="上岗日期", end_label="离岗日期"
    )
    pay = validation.check_money(data.monthly_pay, field="monthly_pay", label="月岗位补贴")
    if isinstance(pay, Problem):
        problems.append(pay)
    elif "village_code" in values and again("monthly_pay", "start_date", "village_code"):
        county = values["village_code"][:6]
        floor = await minimum_on(conn, county, data.start_date)
        if floor is None:
            problems.append(
                Problem(
                    "monthly_pay",
                    ErrorCode.RULE_VIOLATED,
                    f"{data.start_date.isoformat()} 时该县区没有生效的最低工资标准，无法核对岗位补贴；"
                    "请管理员先设定（setMinimumWage）",
                    data.monthly_pay,
                )
            )
        elif pay < floor.monthly_minimum_fen:
            problems.append(
                Problem(
                    "monthly_pay",
                    ErrorCode.OUT_OF_RANGE,
                    f"月岗位补贴不得低于当地最低工资标准 {validation.yuan(floor.monthly_minimum_fen)}"
                    f"（{floor.effective_from.isoformat()} 起执行，{floor.source}），"
                    f"这里是 {validation.yuan(pay)}",
                    data.monthly_pay,
                )
            )
    if not isinstance(pay, Problem):
        values["monthly_pay_fen"] = pay
    if "person_id" in values and not any(p.field in ("start_date", "end_date") for p in problems):
        overlap = _overlapping(values["person_id"], data.start_date, data.end_date, exclude)
        clash = (await conn.execute(overlap)).first()
        if clash is not None:
            until = clash.end_date.isoformat() if clash.end_date else "今"
            problems.append(
                Problem(
                    "id_number",
                    ErrorCode.CONFLICT,
                    f"此人 {clash.start_date.isoformat()} 至 {until} 已在“{clash.post}”岗位，"
                    "同一时间只能占一个公益性岗位",
                    data.id_number,
                )
            )
    return values, problems


def _overlapping(person_id: int, start: date, end: date | None, exclude: int | None) -> Any:
    query = select(village_post).where(
        village_post.c.person_id == person_id,
        or_(village_post.c.end_date.is_(None), village_post.c.end_date >= start),
    )
    if end is not None:
        query = query.where(village_post.c.start_date <= end)
    if exclude is not None:
        query = query.where(village_post.c.id != exclude)
    return query.limit(1)


async def create_post(conn: AsyncConnection, data: PostData, *, today: date, scope: Scope) -> int:
    """Create a post in a poor village with its holder; return its id."""
    values, problems = await _check(conn, data, today=today, scope=scope)
    raise_if(problems)
    return await insert_row(conn, village_post, values, action="createVillagePost")


async def update_post(
    conn: AsyncConnection,
    post_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Change a post's village, name, holder, pay or dates; return its id."""
    row = await row_in_scope(
        conn, village_post, post_id, scope_column="village_code", scope=scope, what=WHAT
    )
    check_version(row.version, expected_version)
    holder = (
        await conn.execute(select(person.c.id_number).where(person.c.id == row.person_id))
    ).scalar_one()
    current = asdict(
        PostData(
            row.village_code,
            row.post,
            holder,
            fen_to_yuan(row.monthly_pay_fen),
            row.start_date,
            row.end_date,
        )
    )
    data = PostData(**merged(current, changes))
    values, problems = await _check(
        conn, data, today=today, scope=scope, exclude=row.id, changed=set(changes)
    )
    raise_if(problems)
    await versioned_update(conn, village_post, row, values, action="updateVillagePost")
    return int(row.id)


async def end_post(
    conn: AsyncConnection,
    post_id: int,
    end_date: date,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope,
) -> int:
    """Record the last day a post was held; the record stays."""
    row = await row_in_scope(
        conn, village_post, post_id, scope_column="village_code", scope=scope, what=WHAT
    )
    check_version(row.version, expected_version)
    if row.end_date is not None:
        raise Problems.one(
            "end_date",
            ErrorCode.CONFLICT,
            f"这个岗位已于 {row.end_date.isoformat()} 离岗",
            end_date,
        )
    raise_if(
        validation.check_span(
            row.start_date, end_date, today=today, start_label="上岗日期", end_label="离岗日期"
        )
    )
    await versioned_update(conn, village_post, row, {"end_date": end_date}, action="endVillagePost")
    return int(row.id)


@dataclass
class MinimumWageData:
    """A county's minimum wage from a date on, as entered (yuan)."""

    county_code: str
    effective_from: date
    monthly_minimum: Decimal
    source: str


async def set_minimum_wage(
    conn: AsyncConnection,
    data: MinimumWageData,
    *,
    expected_version: int | None,
    scope: Scope,
) -> int:
    """Create or change the county's standard effective from a date; return its id."""
    problems: list[Problem] = []
    county = await region_row(
        conn,
        data.county_code,
        field="county_code",
        scope=scope,
        levels=COUNTY_LEVELS,
        what="最低工资标准",
    )
    if isinstance(county, Problem):
        problems.append(county)
    fen = validation.check_money(data.monthly_minimum, field="monthly_minimum", label="月最低工资")
    if isinstance(fen, Problem):
        problems.append(fen)
    elif fen == 0:
        problems.append(
            Problem(
                "monthly_minimum",
                ErrorCode.OUT_OF_RANGE,
                "月最低工资必须大于 0 元",
                data.monthly_minimum,
            )
        )
    source = validation.check_text(data.source, field="source", label="依据", max_length=200)
    if isinstance(source, Problem):
        problems.append(source)
    raise_if(problems)
    assert not isinstance(county, Problem)
    assert isinstance(fen, int)
    values: dict[str, Any] = {"monthly_minimum_fen": fen, "source": source}
    existing = (
        await conn.execute(
            select(minimum_wage).where(
                minimum_wage.c.county_code == county.code,
                minimum_wage.c.effective_from == data.effective_from,
            )
        )
    ).first()
    if existing is not None:
        check_version(existing.version, expected_version)
        await versioned_update(conn, minimum_wage, existing, values, action="setMinimumWage")
        return int(existing.id)
    values |= {"county_code": county.code, "effective_from": data.effective_from}
    return await insert_row(conn, minimum_wage, values, action="setMinimumWage")


async def delete_minimum_wage(conn: AsyncConnection, wage_id: int, *, scope: Scope) -> int:
    """Remove a standard entered by mistake; posts already saved are not re-checked."""
    row = await row_in_scope(
        conn, minimum_wage, wage_id, scope_column="county_code", scope=scope, what="最低工资标准"
    )
    await conn.execute(delete(minimum_wage).where(minimum_wage.c.id == row.id))
    await audit.log(conn, "deleteMinimumWage", minimum_wage.name, row.id, before=dict(row._mapping))
    return int(row.id)
