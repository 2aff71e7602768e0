"""Import the 一岗多补补贴台账: one row per subsidy, known by the person's ID number, the kind,
the employer, the hire date and the grant date.

Every amount rule is the services' (`validation.check_subsidy_amounts` through
`services.subsidies`): 工资性补贴 300–500 元 a month and at most 12 months per hire in all,
社保补贴 at most 36 months, the graduate post subsidy 3,000–5,000 元 for graduates only,
one-off kinds once per hire. A known subsidy is corrected where the row differs (graduate,
amounts); a 撤销日期 revokes it. A revocation already recorded cannot be undone by a ledger.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, ClassVar

from core.sdk import (
    ErrorCode,
    Problem,
    Problems,
    fen_to_yuan,
    parse_date,
    parse_label,
    parse_money,
    parse_yes_no,
    text,
)
from plugins.employment_assistance.enums import HiringSubsidyKind
from plugins.employment_assistance.import_common import (
    LedgerImporter,
    Line,
    holder,
    id_number_of,
    parse_count,
)
from plugins.employment_assistance.models import subsidy
from plugins.employment_assistance.services import subsidies
from plugins.employment_assistance.sql import subsidies_in


class SubsidyImporter(LedgerImporter):
    """Grants, corrects and revokes subsidies (see the module docstring)."""

    WHAT = "补贴（同一人、种类、用人单位、入职日期和发放日期）"
    KEY_FIELD = "granted_on"
    SERVICE_FIELDS: ClassVar[Mapping[str, str]] = {"reason": "cancel_reason", "id": "revoked_on"}

    def parse(self, line: Line) -> None:
        cells = line.raw.values
        graduate = self.take(
            line, parse_yes_no(cells.get("graduate"), field="graduate", label="是否高校毕业生")
        )
        line.values |= {
            "kind": self.take(
                line,
                parse_label(HiringSubsidyKind, cells.get("kind"), field="kind", label="补贴种类"),
            ),
            "holder_name": text(cells.get("holder_name")),
            "id_number": id_number_of(line, self),
            "employer": text(cells.get("employer")),
            "hired_on": self.take(
                line, parse_date(cells.get("hired_on"), field="hired_on", label="入职日期")
            ),
            "graduate": bool(graduate),
            "monthly_amount": self.take(
                line,
                parse_money(cells.get("monthly_amount"), field="monthly_amount", label="每月金额"),
            ),
            "months": self.take(
                line, parse_count(cells.get("months"), field="months", label="月数")
            ),
            "amount": self.take(
                line, parse_money(cells.get("amount"), field="amount", label="金额")
            ),
            "granted_on": self.take(
                line, parse_date(cells.get("granted_on"), field="granted_on", label="发放日期")
            ),
            "revoked_on": self.take(
                line, parse_date(cells.get("revoked_on"), field="revoked_on", label="撤销日期")
            ),
            "cancel_reason": text(cells.get("cancel_reason")),
        }
        if line.values["cancel_reason"] is not None and cells.get("revoked_on") is None:
            self.problem(
                line,
                Problem(
                    "cancel_reason",
                    ErrorCode.INVALID,
                    "没有撤销日期的补贴不填撤销原因",
                    cells.get("cancel_reason"),
                ),
            )

    def key(self, line: Line) -> Hashable:
        values = line.values
        return tuple(
            values[name]
            for name in ("id_number", "kind", "employer", "hired_on", "granted_on", "revoked_on")
        )

    async def write(self, line: Line) -> str:
        values = line.values
        options = self.ctx.options
        person_id, wrong_name = await holder(
            self.conn, self.scope, values["id_number"], values["holder_name"]
        )
        if wrong_name is not None:
            raise Problems([wrong_name])
        held = None if person_id is None else await self._held(person_id, values)
        if held is None:
            data = subsidies.SubsidyData(
                kind=values["kind"],
                id_number=values["id_number"],
                employer=values["employer"],
                hired_on=values["hired_on"],
                granted_on=values["granted_on"],
                graduate=values["graduate"],
                monthly_amount=values["monthly_amount"],
                months=values["months"],
                amount=values["amount"],
            )
            new_id = await subsidies.create_subsidy(
                self.conn, data, today=options.today, scope=self.scope
            )
            await self._revoke(new_id, values)
            return "created"
        if held.revoked_on is not None:
            self._check_revocation_kept(line, held)
        changes = self._changes(line, held)
        if changes:
            if held.revoked_on is not None:
                raise Problems.one(
                    "revoked_on",
                    ErrorCode.CONFLICT,
                    f"这笔补贴已于 {held.revoked_on.isoformat()} 撤销，不能再改",
                    values["revoked_on"],
                )
            await subsidies.update_subsidy(
                self.conn,
                held.id,
                changes,
                expected_version=None,
                today=options.today,
                scope=self.scope,
            )
        revoked = held.revoked_on is None and await self._revoke(held.id, values)
        return "updated" if changes or revoked else "unchanged"

    async def _held(self, person_id: int, values: dict[str, Any]) -> Any:
        """The stored subsidy the row names: one in the same state (revoked or not) first."""
        found = (
            await self.conn.execute(
                subsidies_in(self.scope)
                .where(
                    subsidy.c.person_id == person_id,
                    subsidy.c.kind == values["kind"].value,
                    subsidy.c.employer == values["employer"],
                    subsidy.c.hired_on == values["hired_on"],
                    subsidy.c.granted_on == values["granted_on"],
                )
                .order_by(subsidy.c.id)
            )
        ).all()
        wanted = values["revoked_on"]
        same = [row for row in found if row.revoked_on == wanted]
        live = [row for row in found if row.revoked_on is None]
        return next(iter(same or live or found), None)

    def _changes(self, line: Line, held: Any) -> dict[str, Any]:
        values = line.values
        kind = HiringSubsidyKind(held.kind)
        current: dict[str, Any] = {
            "graduate": held.graduate,
            "monthly_amount": None
            if held.monthly_amount_fen is None
            else fen_to_yuan(held.monthly_amount_fen),
            "months": held.months,
            "amount": None if kind.monthly else fen_to_yuan(held.amount_fen),
        }
        changes: dict[str, Any] = {}
        for name, stored in current.items():
            if not self.has(line, name):
                continue
            if values[name] != stored:  # 300 == 300.00; 300.001 differs, and the service says why
                changes[name] = values[name]
        return changes

    async def _revoke(self, subsidy_id: int, values: dict[str, Any]) -> bool:
        if values["revoked_on"] is None:
            return False
        await subsidies.revoke_subsidy(
            self.conn,
            subsidy_id,
            values["revoked_on"],
            values["cancel_reason"] or "",
            expected_version=None,
            today=self.ctx.options.today,
            scope=self.scope,
        )
        return True

    def _check_revocation_kept(self, line: Line, held: Any) -> None:
        """A revocation already recorded stays; a row saying otherwise is refused."""
        values = line.values
        said = f"这笔补贴已于 {held.revoked_on.isoformat()} 撤销"
        if self.has(line, "revoked_on") and values["revoked_on"] != held.revoked_on:
            raise Problems.one(
                "revoked_on",
                ErrorCode.CONFLICT,
                f"{said}：撤销不能撤回，撤销日期也不能由台账改动",
                line.raw.values.get("revoked_on"),
            )
        if self.has(line, "cancel_reason") and values["cancel_reason"] != held.revoke_reason:
            raise Problems.one(
                "cancel_reason",
                ErrorCode.CONFLICT,
                f"{said}（原因：{held.revoke_reason}）：撤销原因不能由台账改动",
                line.raw.values.get("cancel_reason"),
            )
