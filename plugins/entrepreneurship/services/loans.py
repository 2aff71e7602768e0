"""Writes to loans: amount limits, the sequence rule, the enterprise a loan finances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    EVERYWHERE,
    ErrorCode,
    Problem,
    Problems,
    Scope,
    audit,
    person,
    probes,
    raise_if,
)
from plugins.entrepreneurship import sql, validation
from plugins.entrepreneurship.enums import (
    LOAN_TRANSITIONS,
    SMALL_MICRO_KINDS,
    EnterpriseKind,
    LoanProgramme,
    LoanStatus,
)
from plugins.entrepreneurship.models import enterprise, loan
from plugins.entrepreneurship.services.common import (
    UNSET,
    check_version,
    find_person,
    stamps,
    take,
    versioned_update,
)
from plugins.entrepreneurship.settings import EntrepreneurshipSettings


@dataclass
class LoanData:
    """A loan as entered; the amount is in yuan (Decimal or text, never a float)."""

    contract_number: str
    borrower_id_number: str
    programme: LoanProgramme
    amount: Decimal | str | None
    bank: str | None
    issued_on: date | None
    term_months: int | None
    status: LoanStatus = LoanStatus.ISSUED
    enterprise_id: int | None = None


@dataclass
class LoanChanges:
    """Fields of a loan an update sets; UNSET leaves one alone (borrower and programme stay)."""

    amount: Any = UNSET
    bank: Any = UNSET
    issued_on: Any = UNSET
    term_months: Any = UNSET
    enterprise_id: Any = UNSET
    status: Any = UNSET


async def _financed(
    conn: AsyncConnection,
    enterprise_id: int | None,
    *,
    programme: LoanProgramme,
    borrower: Row[Any] | None,
    scope: Scope,
) -> list[Problem]:
    """Problems with the enterprise a loan finances (三(三)1: the city's small/micro loan is
    for registered 微车间, 微市场 and co-operatives)."""
    if enterprise_id is None:
        if programme is LoanProgramme.SMALL_MICRO:
            return [
                Problem(
                    "enterprise_id",
                    ErrorCode.REQUIRED,
                    "市扶持小微企业创业担保贷款须写明扶持的创业实体（经工商登记的微车间、微市场或农民专业合作社）",
                )
            ]
        return []
    query = sql.enterprises_in(scope).where(enterprise.c.id == enterprise_id)
    found = (await conn.execute(query)).first()
    if found is None:
        return [Problem("enterprise_id", ErrorCode.NOT_FOUND, "找不到这个创业实体", enterprise_id)]
    problems = []
    if borrower is not None and found.owner_id != borrower.id:
        problems.append(
            Problem(
                "enterprise_id",
                ErrorCode.RULE_VIOLATED,
                f"创业实体“{found.name}”的负责人不是借款人 {borrower.name}；贷款须由实体负责人申请",
                enterprise_id,
            )
        )
    if programme is LoanProgramme.SMALL_MICRO:
        kind = EnterpriseKind(found.kind)
        if kind not in SMALL_MICRO_KINDS or found.registration_number is None:
            problems.append(
                Problem(
                    "enterprise_id",
                    ErrorCode.RULE_VIOLATED,
                    "市扶持小微企业创业担保贷款只扶持经工商登记的微车间（扶贫车间）、微市场、"
                    f"农民专业合作社（含微田园）；“{found.name}”是{kind.label}"
                    f"{'' if found.registration_number else '，且没有工商登记号'}",
                    enterprise_id,
                )
            )
    return problems


async def _renumber(conn: AsyncConnection, borrower_id: int, programme: str) -> None:
    """Number a borrower's loans of one programme 1, 2, 3 by issue date."""
    rows = (
        await conn.execute(
            select(loan.c.id, loan.c.sequence)
            .where(loan.c.borrower_id == borrower_id, loan.c.programme == programme)
            .order_by(loan.c.issued_on, loan.c.id)
        )
    ).all()
    moved = [(row.id, rank) for rank, row in enumerate(rows, start=1) if row.sequence != rank]
    # Out of the way first, so that the unique (borrower, programme, sequence) never clashes.
    for loan_id, _ in moved:
        await conn.execute(update(loan).where(loan.c.id == loan_id).values(sequence=-loan_id))
    was = {row.id: row.sequence for row in rows}
    for loan_id, rank in moved:
        await conn.execute(update(loan).where(loan.c.id == loan_id).values(sequence=rank))
        await audit.log(
            conn,
            "renumber entrepreneurship_loan",
            loan.name,
            loan_id,
            before={"sequence": was[loan_id]},
            after={"sequence": rank},
        )


CONTRACT_NUMBER = "contract_number"
"""Kind of key for probe answers: a loan's 借款合同编号."""


def held_contract(contract: str) -> Any:
    """The loan with this contract number, wherever it is, and the region it counts under."""
    return (
        select(loan, sql.LOAN_REGION.label("region_code"))
        .select_from(sql.loans_with_region())
        .where(loan.c.contract_number == contract)
    )


async def create_loan(
    conn: AsyncConnection,
    data: LoanData,
    *,
    today: date,
    settings: EntrepreneurshipSettings,
    scope: Scope = EVERYWHERE,
) -> int:
    """Record a loan issued to a registered person; return its id."""
    problems: list[Problem] = []
    answers: list[probes.Answer] = []
    values: dict[str, Any] = {"programme": data.programme.value, "status": data.status.value}
    contract = validation.check_contract_number(data.contract_number)
    if isinstance(contract, Problem):
        problems.append(contract)
    else:
        taken = (await conn.execute(held_contract(contract))).first()
        if taken is not None and not scope.allows(taken.region_code):
            answers.append(probes.Answer(CONTRACT_NUMBER, contract))
            problems.append(probes.elsewhere("contract_number", "借款合同编号", contract))
        elif taken is not None:
            problems.append(
                Problem(
                    "contract_number",
                    ErrorCode.DUPLICATE,
                    f"借款合同编号 {contract} 已经登记",
                    contract,
                )
            )
        values["contract_number"] = contract
    borrower = await find_person(
        conn, data.borrower_id_number, field="borrower_id_number", scope=scope, lock=True
    )
    if isinstance(borrower, Problem):
        problems.append(borrower)
    else:
        held = (
            await conn.execute(
                select(loan.c.id).where(
                    loan.c.borrower_id == borrower.id, loan.c.programme == data.programme.value
                )
            )
        ).all()
        sequence = validation.sequence_problem(data.programme, len(held))
        if sequence is not None:
            problems.append(sequence)
        values.update(borrower_id=borrower.id, sequence=len(held) + 1)
    problems.extend(
        _loan_fields(
            values,
            amount=data.amount,
            bank=data.bank,
            issued_on=data.issued_on,
            term_months=data.term_months,
            programme=data.programme,
            today=today,
            settings=settings,
        )
    )
    problems.extend(
        await _financed(
            conn,
            data.enterprise_id,
            programme=data.programme,
            borrower=None if isinstance(borrower, Problem) else borrower,
            scope=scope,
        )
    )
    values["enterprise_id"] = data.enterprise_id
    if not isinstance(contract, Problem):
        await probes.admit(conn, scope, answers)
    raise_if(problems)
    assert not isinstance(borrower, Problem)
    new_id = (
        await conn.execute(insert(loan).values(**values, **stamps()).returning(loan.c.id))
    ).scalar_one()
    await audit.log(conn, "createLoan", loan.name, new_id, after=values)
    await _renumber(conn, borrower.id, data.programme.value)
    return int(new_id)


def _loan_fields(
    values: dict[str, Any],
    *,
    programme: LoanProgramme,
    today: date,
    settings: EntrepreneurshipSettings,
    **given: Any,
) -> list[Problem]:
    """Check the given plain fields of a loan into `values`; return the problems."""
    checked: dict[str, Any] = {}
    if "amount" in given:
        limit = settings.loan_limit_fen(programme)
        fen = validation.check_amount(given["amount"], programme=programme, limit_fen=limit)
        checked["amount_fen"] = fen
    if "bank" in given:
        checked["bank"] = validation.check_text(
            given["bank"], field="bank", label="经办银行", max_length=64
        )
    if "issued_on" in given:
        checked["issued_on"] = validation.check_past_date(
            given["issued_on"], today=today, field="issued_on", label="发放日期"
        )
    if "term_months" in given:
        checked["term_months"] = validation.check_term(
            given["term_months"], maximum=settings.max_term_months
        )
    return take(values, checked)


async def update_loan(
    conn: AsyncConnection,
    loan_id: int,
    changes: LoanChanges,
    *,
    expected_version: int | None,
    today: date,
    settings: EntrepreneurshipSettings,
    scope: Scope = EVERYWHERE,
) -> int:
    """Correct a loan or move it to another status; return its id."""
    row = (await conn.execute(sql.loans_in(scope).where(loan.c.id == loan_id))).first()
    if row is None:
        raise Problems.one("loan_id", ErrorCode.NOT_FOUND, "找不到这笔贷款", loan_id)
    check_version(row.version, expected_version)
    programme = LoanProgramme(row.programme)
    given = {
        name: getattr(changes, name)
        for name in ("amount", "bank", "issued_on", "term_months")
        if getattr(changes, name) is not UNSET
    }
    values: dict[str, Any] = {}
    problems = _loan_fields(values, programme=programme, today=today, settings=settings, **given)
    if changes.enterprise_id is not UNSET:
        borrower = (
            await conn.execute(select(person).where(person.c.id == row.borrower_id))
        ).first()
        problems.extend(
            await _financed(
                conn, changes.enterprise_id, programme=programme, borrower=borrower, scope=scope
            )
        )
        values["enterprise_id"] = changes.enterprise_id
    if changes.status is not UNSET:
        current, wanted = LoanStatus(row.status), LoanStatus(changes.status)
        if wanted is not current and wanted not in LOAN_TRANSITIONS[current]:
            allowed = "、".join(s.label for s in LOAN_TRANSITIONS[current]) or "无（已结清）"
            problems.append(
                Problem(
                    "status",
                    ErrorCode.CONFLICT,
                    f"贷款现为“{current.label}”，不能改为“{wanted.label}”；可改为：{allowed}",
                    wanted.label,
                )
            )
        values["status"] = wanted.value
    raise_if(problems)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        await versioned_update(conn, loan, row, changed)
        if "issued_on" in changed:
            await _renumber(conn, row.borrower_id, row.programme)
    return int(row.id)
