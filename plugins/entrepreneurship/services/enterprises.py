"""Writes to enterprises: owner, region, registration number, jobs and the linked workers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    EVERYWHERE,
    ErrorCode,
    Problem,
    Problems,
    Scope,
    audit,
    employment,
    employments_in,
    probes,
    raise_if,
)
from plugins.entrepreneurship import sql, validation
from plugins.entrepreneurship.enums import EnterpriseKind
from plugins.entrepreneurship.models import enterprise, enterprise_worker, incubation_base
from plugins.entrepreneurship.services.common import (
    UNSET,
    check_version,
    find_person,
    find_region,
    stamps,
    take,
    versioned_update,
)

ENTERPRISE_LEVELS = ("TOWNSHIP", "VILLAGE")
REGISTRATION_NUMBER = "registration_number"
"""Kind of key for probe answers: an enterprise's 工商登记号."""
EMPLOYMENT_LINK = "employment_link"
"""Kind of key for probe answers: an employment record linked to an enterprise."""


@dataclass
class EnterpriseData:
    """An enterprise as entered."""

    owner_id_number: str
    name: str
    kind: EnterpriseKind
    region_code: str
    established_on: date | None
    jobs_created: int | None
    poor_jobs: int | None
    registration_number: str | None = None
    incubation_base_id: int | None = None
    worker_employment_ids: Sequence[int] = field(default_factory=tuple)


@dataclass
class EnterpriseChanges:
    """Fields of an enterprise an update sets; UNSET leaves one alone (the owner stays)."""

    name: Any = UNSET
    kind: Any = UNSET
    region_code: Any = UNSET
    established_on: Any = UNSET
    jobs_created: Any = UNSET
    poor_jobs: Any = UNSET
    registration_number: Any = UNSET
    incubation_base_id: Any = UNSET
    worker_employment_ids: Any = UNSET


async def _registration(
    conn: AsyncConnection,
    text: str | None,
    *,
    own_id: int | None,
    scope: Scope,
    answers: list[probes.Answer],
) -> str | Problem | None:
    number = validation.check_registration_number(text)
    if number is None or isinstance(number, Problem):
        return number
    query = select(enterprise.c.id, enterprise.c.region_code).where(
        enterprise.c.registration_number == number
    )
    found = (await conn.execute(query)).first()
    if found is not None and found.id != own_id and not scope.allows(found.region_code):
        answers.append(probes.Answer(REGISTRATION_NUMBER, number))
        return probes.elsewhere("registration_number", "工商登记号", number)
    if found is not None and found.id != own_id:
        return Problem(
            "registration_number",
            ErrorCode.DUPLICATE,
            f"工商登记号 {number} 已登记在另一个创业实体下",
            text,
        )
    return number


async def _base(conn: AsyncConnection, base_id: int | None, *, scope: Scope) -> Problem | None:
    if base_id is None:
        return None
    query = sql.bases_in(scope).where(incubation_base.c.id == base_id)
    if (await conn.execute(query)).first() is None:
        return Problem("incubation_base_id", ErrorCode.NOT_FOUND, "找不到这个孵化基地", base_id)
    return None


async def _workers(
    conn: AsyncConnection,
    employment_ids: Sequence[int],
    *,
    poor_jobs: int | None,
    own_id: int | None,
    scope: Scope,
    answers: list[probes.Answer],
) -> list[Problem]:
    """Linked employment records: each in scope, listed once, at no other enterprise, and no
    more of them than the jobs reported for poor labourers."""
    problems: list[Problem] = []
    seen: set[int] = set()
    for index, employment_id in enumerate(employment_ids):
        if employment_id in seen:
            problems.append(
                Problem(
                    f"worker_employment_ids.{index}",
                    ErrorCode.DUPLICATE,
                    "同一条就业记录列了两次",
                    employment_id,
                )
            )
        seen.add(employment_id)
    if not seen:
        return problems
    query = employments_in(scope).where(employment.c.id.in_(seen))
    found = {row.id for row in (await conn.execute(query)).all()}
    linked = await conn.execute(
        select(
            enterprise_worker.c.employment_id,
            enterprise.c.id,
            enterprise.c.name,
            enterprise.c.region_code,
        )
        .join(enterprise, enterprise.c.id == enterprise_worker.c.enterprise_id)
        .where(enterprise_worker.c.employment_id.in_(seen))
    )
    # Say that the record is taken (it must be refused) but not by whom outside the scope.
    elsewhere = {
        row.employment_id: f"创业实体“{row.name}”" if scope.allows(row.region_code) else None
        for row in linked.all()
        if row.id != own_id
    }
    for index, employment_id in enumerate(employment_ids):
        if employment_id not in found:
            problems.append(
                Problem(
                    f"worker_employment_ids.{index}",
                    ErrorCode.NOT_FOUND,
                    "找不到这条就业记录",
                    employment_id,
                )
            )
        elif employment_id in elsewhere:
            holder = elsewhere[employment_id]
            if holder is None:
                answers.append(probes.Answer(EMPLOYMENT_LINK, str(employment_id)))
            problems.append(
                Problem(
                    f"worker_employment_ids.{index}",
                    ErrorCode.DUPLICATE,
                    f"这条就业记录已关联到{holder}"
                    if holder is not None
                    else "这条就业记录已关联到您权限范围外的实体，不能重复关联；请与市人社局核实"
                    "（这类答复记入审计日志，并有次数上限）",
                    employment_id,
                )
            )
    if poor_jobs is not None and len(seen) > poor_jobs:
        problems.append(
            Problem(
                "worker_employment_ids",
                ErrorCode.RULE_VIOLATED,
                f"关联了 {len(seen)} 条贫困劳动力就业记录，多于填报的贫困劳动力人数（{poor_jobs} 人）",
                len(seen),
            )
        )
    return problems


async def _linked(conn: AsyncConnection, enterprise_id: int) -> set[int]:
    query = select(enterprise_worker.c.employment_id).where(
        enterprise_worker.c.enterprise_id == enterprise_id
    )
    return set((await conn.execute(query)).scalars())


async def _link(conn: AsyncConnection, enterprise_id: int, employment_ids: Sequence[int]) -> None:
    before = sorted(await _linked(conn, enterprise_id))
    await conn.execute(
        delete(enterprise_worker).where(enterprise_worker.c.enterprise_id == enterprise_id)
    )
    await audit.log(
        conn,
        "link workers",
        enterprise.name,
        enterprise_id,
        before={"worker_employment_ids": before},
        after={"worker_employment_ids": sorted(set(employment_ids))},
    )
    if employment_ids:
        await conn.execute(
            insert(enterprise_worker),
            [
                {"enterprise_id": enterprise_id, "employment_id": e}
                for e in dict.fromkeys(employment_ids)
            ],
        )


async def _same_name(
    conn: AsyncConnection, owner_id: int, name: str, *, own_id: int | None
) -> Problem | None:
    query = select(enterprise.c.id).where(
        enterprise.c.owner_id == owner_id, enterprise.c.name == name
    )
    found = (await conn.execute(query)).first()
    if found is None or found.id == own_id:
        return None
    return Problem("name", ErrorCode.DUPLICATE, f"该负责人名下已有创业实体“{name}”", name)


async def create_enterprise(
    conn: AsyncConnection, data: EnterpriseData, *, today: date, scope: Scope = EVERYWHERE
) -> int:
    """Record an enterprise a registered person started; return its id."""
    answers: list[probes.Answer] = []
    values: dict[str, Any] = {
        "kind": data.kind.value,
        "incubation_base_id": data.incubation_base_id,
    }
    checked: dict[str, Any] = {
        "owner_id": await find_person(
            conn, data.owner_id_number, field="owner_id_number", scope=scope
        ),
        "name": validation.check_text(
            data.name, field="name", label="创业实体名称", max_length=128
        ),
        "region_code": await find_region(
            conn, data.region_code, field="region_code", scope=scope, levels=ENTERPRISE_LEVELS
        ),
        "established_on": validation.check_past_date(
            data.established_on, today=today, field="established_on", label="成立日期"
        ),
        "registration_number": await _registration(
            conn, data.registration_number, own_id=None, scope=scope, answers=answers
        ),
    }
    owner = checked["owner_id"]
    if not isinstance(owner, Problem):
        checked["owner_id"] = owner.id
    problems = take(values, checked)
    problems.extend(validation.check_jobs(data.jobs_created, data.poor_jobs))
    values.update(jobs_created=data.jobs_created, poor_jobs=data.poor_jobs)
    base = await _base(conn, data.incubation_base_id, scope=scope)
    if base is not None:
        problems.append(base)
    problems.extend(
        await _workers(
            conn,
            data.worker_employment_ids,
            poor_jobs=data.poor_jobs,
            own_id=None,
            scope=scope,
            answers=answers,
        )
    )
    if "owner_id" in values and "name" in values:
        same = await _same_name(conn, values["owner_id"], values["name"], own_id=None)
        if same is not None:
            problems.append(same)
    if data.registration_number or data.worker_employment_ids:
        await probes.admit(conn, scope, answers)
    raise_if(problems)
    new_id = int(
        (
            await conn.execute(
                insert(enterprise).values(**values, **stamps()).returning(enterprise.c.id)
            )
        ).scalar_one()
    )
    await audit.log(conn, "createEnterprise", enterprise.name, new_id, after=values)
    if data.worker_employment_ids:
        await _link(conn, new_id, data.worker_employment_ids)
    return new_id


async def update_enterprise(
    conn: AsyncConnection,
    enterprise_id: int,
    changes: EnterpriseChanges,
    *,
    expected_version: int | None,
    today: date,
    scope: Scope = EVERYWHERE,
) -> int:
    """Change an enterprise's details, jobs or linked workers; return its id."""
    row = (
        await conn.execute(sql.enterprises_in(scope).where(enterprise.c.id == enterprise_id))
    ).first()
    if row is None:
        raise Problems.one(
            "enterprise_id", ErrorCode.NOT_FOUND, "找不到这个创业实体", enterprise_id
        )
    check_version(row.version, expected_version)
    answers: list[probes.Answer] = []
    checked: dict[str, Any] = {}
    values: dict[str, Any] = {}
    if changes.name is not UNSET:
        checked["name"] = validation.check_text(
            changes.name, field="name", label="创业实体名称", max_length=128
        )
    if changes.kind is not UNSET:
        values["kind"] = EnterpriseKind(changes.kind).value
    if changes.region_code is not UNSET:
        checked["region_code"] = await find_region(
            conn, changes.region_code, field="region_code", scope=scope, levels=ENTERPRISE_LEVELS
        )
    if changes.established_on is not UNSET:
        checked["established_on"] = validation.check_past_date(
            changes.established_on, today=today, field="established_on", label="成立日期"
        )
    if changes.registration_number is not UNSET:
        checked["registration_number"] = await _registration(
            conn, changes.registration_number, own_id=row.id, scope=scope, answers=answers
        )
    problems = take(values, checked)
    jobs = row.jobs_created if changes.jobs_created is UNSET else changes.jobs_created
    poor = row.poor_jobs if changes.poor_jobs is UNSET else changes.poor_jobs
    if changes.jobs_created is not UNSET or changes.poor_jobs is not UNSET:
        problems.extend(validation.check_jobs(jobs, poor))
        values.update(jobs_created=jobs, poor_jobs=poor)
    if changes.incubation_base_id is not UNSET:
        base = await _base(conn, changes.incubation_base_id, scope=scope)
        if base is not None:
            problems.append(base)
        values["incubation_base_id"] = changes.incubation_base_id
    workers = changes.worker_employment_ids
    if workers is not UNSET:
        problems.extend(
            await _workers(
                conn, workers, poor_jobs=poor, own_id=row.id, scope=scope, answers=answers
            )
        )
    elif changes.poor_jobs is not UNSET:
        count = len(await _linked(conn, row.id))
        if count > poor:
            problems.append(
                Problem(
                    "poor_jobs",
                    ErrorCode.RULE_VIOLATED,
                    f"已关联 {count} 条贫困劳动力就业记录，贫困劳动力人数不能少于 {count} 人",
                    poor,
                )
            )
    if "name" in values:
        same = await _same_name(conn, row.owner_id, values["name"], own_id=row.id)
        if same is not None:
            problems.append(same)
    if (changes.registration_number not in (UNSET, None)) or (workers not in (UNSET, None, [])):
        await probes.admit(conn, scope, answers)
    raise_if(problems)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    relinked = workers is not UNSET and set(workers) != await _linked(conn, row.id)
    if changed or relinked:
        await versioned_update(conn, enterprise, row, changed)
    if relinked:
        await _link(conn, row.id, workers)
    return int(row.id)
