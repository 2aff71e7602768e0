"""Import the 创业担保贷款台账: one row per loan, keyed by its contract number.

Rows are parsed one by one, then written in the order of their issue dates, each through the
same services the API uses (every rule, the sequence rule included) inside a savepoint: a row
whose 贷款次数 disagrees with the platform's numbering is rolled back alone. A loan already
held is corrected where the row differs; its borrower and programme cannot change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from core.sdk import (
    ErrorCode,
    ImportContext,
    MoneyError,
    Problem,
    Problems,
    Scope,
    SheetRow,
    id_number_text,
    parse_date,
    parse_label,
    parse_money,
    probes,
    text,
    yuan_to_fen,
)
from plugins.entrepreneurship import services, sql
from plugins.entrepreneurship.enums import SEQUENCE_LABELS, LoanProgramme, LoanStatus
from plugins.entrepreneurship.importers import located, parse_count, refusal
from plugins.entrepreneurship.models import enterprise, loan
from plugins.entrepreneurship.services.common import find_person
from plugins.entrepreneurship.settings import plugin_settings

SERVICE_FIELDS = {
    "enterprise_id": "enterprise",
    "loan_id": "contract_number",
    "version": "contract_number",
}
_SEQUENCES = {label: number for number, label in SEQUENCE_LABELS.items()} | {
    "1": 1,
    "2": 2,
    "3": 3,
    "第一次": 1,
    "第二次": 2,
    "第三次": 3,
}


@dataclass
class LoanRow:
    """One parsed row."""

    sheet: str
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    bad: bool = False


class LoanImporter:
    """Parses every row, then writes them by issue date (see the module docstring)."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.scope = Scope(ctx.options.caller.region)
        self.rows: list[LoanRow] = []

    def _problem(self, row: LoanRow, problem: Problem) -> None:
        row.bad = True
        self.ctx.problem(row.sheet, row.number, problem)

    def _parse(self, raw: SheetRow) -> LoanRow:
        row = LoanRow(raw.sheet, raw.number)
        cells = raw.values
        parsed: dict[str, Any] = {
            "contract_number": text(cells.get("contract_number")),
            "borrower_name": text(cells.get("borrower_name")),
            "borrower_id_number": id_number_text(
                cells.get("borrower_id_number"), field="borrower_id_number"
            ),
            "programme": parse_label(
                LoanProgramme, cells.get("programme"), field="programme", label="贷款类别"
            ),
            "amount": parse_money(cells.get("amount"), field="amount", label="贷款金额"),
            "bank": text(cells.get("bank")),
            "issued_on": parse_date(cells.get("issued_on"), field="issued_on", label="发放日期"),
            "term_months": parse_count(
                cells.get("term_months"), field="term_months", label="贷款期限（月）"
            ),
            "status": parse_label(
                LoanStatus, cells.get("status"), field="status", label="贷款状态"
            ),
            "enterprise": text(cells.get("enterprise")),
            "sequence": self._sequence(cells.get("sequence")),
        }
        for name, value in parsed.items():
            if isinstance(value, Problem):
                self._problem(row, value)
            else:
                row.values[name] = value
        for name, label in (
            ("contract_number", "借款合同编号"),
            ("borrower_id_number", "借款人身份证号"),
            ("programme", "贷款类别"),
        ):
            if not row.bad and row.values.get(name) is None:
                self._problem(row, Problem(name, ErrorCode.REQUIRED, f"{label}不能为空"))
        return row

    @staticmethod
    def _sequence(value: object) -> int | Problem | None:
        found = text(value)
        if found is None:
            return None
        number = _SEQUENCES.get(found.replace(" ", ""))
        if number is None:
            return Problem(
                "sequence",
                ErrorCode.INVALID,
                f"贷款次数应为首次、二次或三次，这里是“{found}”",
                value,
            )
        return number

    async def add(self, rows: Sequence[SheetRow]) -> None:
        refused = refusal(self.ctx.options.caller, "创业担保贷款台账")
        for raw in rows:
            if refused is None:
                self.rows.append(self._parse(raw))
            else:
                row = LoanRow(raw.sheet, raw.number)
                self._problem(row, Problem("contract_number", ErrorCode.FORBIDDEN, refused))
                self.rows.append(row)

    async def finish(self) -> None:
        first: dict[str, LoanRow] = {}
        for row in self.rows:
            key = row.values.get("contract_number")
            if row.bad or key is None:
                continue
            if key in first:
                earlier = first[key]
                self._problem(
                    row,
                    Problem(
                        "contract_number",
                        ErrorCode.DUPLICATE,
                        f"借款合同编号 {key} 重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                        key,
                    ),
                )
            else:
                first[key] = row
        good = [row for row in self.rows if not row.bad]
        # A later loan never changes an earlier one's number: by date, each row's number is final.
        good.sort(key=lambda r: (r.values.get("issued_on") or date.max, r.sheet, r.number))
        for row in good:
            await self._write(row)
        for row in self.rows:
            if row.bad:
                self.ctx.counts(row.sheet).rejected += 1

    async def _write(self, row: LoanRow) -> None:
        conn = self.ctx.conn
        values = row.values
        borrower = await find_person(
            conn, values["borrower_id_number"], field="borrower_id_number", scope=self.scope
        )
        if isinstance(borrower, Problem):
            self._problem(row, borrower)  # nothing more can be checked without the borrower
            return
        found: list[Problem] = []
        name = values.get("borrower_name")
        if name is not None and name != borrower.name:
            found.append(
                Problem(
                    "borrower_name",
                    ErrorCode.INVALID,
                    f"借款人姓名“{name}”与身份证号登记的姓名“{borrower.name}”不一致",
                    name,
                )
            )
        financed = await self._enterprise(row, borrower)
        if isinstance(financed, Problem):
            found.append(financed)
        held = (await conn.execute(services.held_contract(values["contract_number"]))).first()
        if held is not None and not self.scope.allows(held.region_code):
            contract = held.contract_number
            await probes.admit(
                conn, self.scope, [probes.Answer(services.CONTRACT_NUMBER, contract)]
            )
            self._problem(row, probes.elsewhere("contract_number", "借款合同编号", contract))
            return
        savepoint = await conn.begin_nested()
        enterprise_id = None if isinstance(financed, Problem) else financed
        try:
            if held is None:
                loan_id = await self._create(values, borrower.id_number, enterprise_id)
                outcome = "created"
            else:
                loan_id, outcome = await self._update(row, held, borrower.id, enterprise_id)
        except probes.ProbeLimit:
            raise  # refuses the whole file, not this row
        except Problems as exc:
            # The enterprise named was not found: say so once, not again as "required".
            skip = {"enterprise_id"} if isinstance(financed, Problem) else set()
            found.extend(p for p in exc.problems if p.field not in skip)
            outcome = "rejected"
        if found or outcome == "rejected":
            await savepoint.rollback()
            for problem in found:
                self._problem(row, located(problem, SERVICE_FIELDS))
            return
        wanted = values.get("sequence")
        if wanted is not None:
            got = (
                await conn.execute(select(loan.c.sequence).where(loan.c.id == loan_id))
            ).scalar_one()
            if got != wanted:
                await savepoint.rollback()
                self._problem(
                    row,
                    Problem(
                        "sequence",
                        ErrorCode.RULE_VIOLATED,
                        f"按发放日期，这是该借款人第 {got} 笔{values['programme'].label}"
                        f"（{SEQUENCE_LABELS.get(got, got)}），不是{SEQUENCE_LABELS[wanted]}："
                        "请核对贷款次数，或补登之前的贷款",
                        SEQUENCE_LABELS[wanted],
                    ),
                )
                return
        await savepoint.commit()
        counts = self.ctx.counts(row.sheet)
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    async def _enterprise(self, row: LoanRow, borrower: Any) -> int | Problem | None:
        name = row.values.get("enterprise")
        if name is None:
            return None
        query = sql.enterprises_in(self.scope).where(
            enterprise.c.owner_id == borrower.id, enterprise.c.name == name
        )
        found = (await self.ctx.conn.execute(query)).first()
        if found is None:
            return Problem(
                "enterprise",
                ErrorCode.NOT_FOUND,
                f"借款人 {borrower.name} 名下没有名为“{name}”的创业实体：请先导入创业实体台账",
                name,
            )
        return int(found.id)

    async def _create(self, values: dict[str, Any], id_number: str, financed: int | None) -> int:
        data = services.LoanData(
            contract_number=values["contract_number"],
            borrower_id_number=id_number,
            programme=values["programme"],
            amount=values.get("amount"),
            bank=values.get("bank"),
            issued_on=values.get("issued_on"),
            term_months=values.get("term_months"),
            status=values.get("status") or LoanStatus.ISSUED,
            enterprise_id=financed,
        )
        return await services.create_loan(
            self.ctx.conn,
            data,
            today=self.ctx.options.today,
            settings=plugin_settings(),
            scope=self.scope,
        )

    async def _update(
        self, row: LoanRow, held: Any, borrower_id: int, financed: int | None
    ) -> tuple[int, str]:
        values = row.values
        if held.borrower_id != borrower_id or held.programme != values["programme"].value:
            self._problem(
                row,
                Problem(
                    "contract_number",
                    ErrorCode.RULE_VIOLATED,
                    f"借款合同 {held.contract_number} 已登记为另一借款人或另一类别的贷款；"
                    "借款人和贷款类别不能改，请核对合同编号",
                    held.contract_number,
                ),
            )
            return held.id, "rejected"
        changes = services.LoanChanges()
        amount = values.get("amount")
        if amount is None or held.amount_fen != _fen(amount):
            changes.amount = amount
        for name in ("bank", "issued_on", "term_months"):
            if values.get(name) != getattr(held, name):
                setattr(changes, name, values.get(name))
        status = values.get("status")
        if status is not None and status.value != held.status:
            changes.status = status
        if self.ctx.has_column(row.sheet, "enterprise") and financed != held.enterprise_id:
            changes.enterprise_id = financed
        if all(getattr(changes, name) is services.UNSET for name in vars(changes)):
            return held.id, "unchanged"
        loan_id = await services.update_loan(
            self.ctx.conn,
            held.id,
            changes,
            expected_version=None,
            today=self.ctx.options.today,
            settings=plugin_settings(),
            scope=self.scope,
        )
        return loan_id, "updated"


def _fen(amount: Decimal) -> int | None:
    try:
        return yuan_to_fen(amount)
    except MoneyError:
        return None
