"""Import the 扶贫车间台账: one row per workshop, known by its township and name.

A new workshop is certified through `services.workshops`, an existing one corrected where the
row differs (operating enterprise, certified date, jobs). A 停办日期 ends the workshop; an
end already recorded cannot be undone or moved by a ledger.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, ClassVar

from sqlalchemy import select

from core.sdk import ErrorCode, Problem, Problems, parse_date, text
from plugins.employment_assistance.import_common import LedgerImporter, Line, parse_count
from plugins.employment_assistance.models import workshop
from plugins.employment_assistance.services import workshops


class WorkshopImporter(LedgerImporter):
    """Certifies and corrects workshops (see the module docstring)."""

    WHAT = "扶贫车间（同一乡镇、同一车间名称）"
    KEY_FIELD = "name"
    SERVICE_FIELDS: ClassVar[Mapping[str, str]] = {
        "township_code": "township",
        "reason": "end_reason",
        "id": "name",
    }

    def parse(self, line: Line) -> None:
        cells = line.raw.values
        self.place(line, ("county", "township"))
        line.values |= {
            "name": text(cells.get("name")),
            "enterprise": text(cells.get("enterprise")),
            "certified_on": self.take(
                line, parse_date(cells.get("certified_on"), field="certified_on", label="认定日期")
            ),
            "jobs": self.take(line, parse_count(cells.get("jobs"), field="jobs", label="岗位数")),
            "ended_on": self.take(
                line, parse_date(cells.get("ended_on"), field="ended_on", label="停办日期")
            ),
            "end_reason": text(cells.get("end_reason")),
        }
        if line.values["end_reason"] is not None and cells.get("ended_on") is None:
            self.problem(
                line,
                Problem(
                    "end_reason",
                    ErrorCode.INVALID,
                    "没有停办日期的车间不填停办原因",
                    cells.get("end_reason"),
                ),
            )

    def key(self, line: Line) -> Hashable:
        return (line.values["region_code"], line.values["name"])

    async def write(self, line: Line) -> str:
        values = line.values
        options = self.ctx.options
        held = None
        if self.scope.allows(values["region_code"]):
            held = (
                await self.conn.execute(
                    select(workshop).where(
                        workshop.c.township_code == values["region_code"],
                        workshop.c.name == values["name"],
                    )
                )
            ).first()
        if held is None:
            data = workshops.WorkshopData(
                values["name"],
                values["enterprise"],
                values["region_code"],
                values["certified_on"],
                values["jobs"] or 0,
            )
            new_id = await workshops.create_workshop(
                self.conn, data, today=options.today, scope=self.scope
            )
            await self._end(new_id, values)
            return "created"
        changes: dict[str, Any] = {}
        for name in ("enterprise", "certified_on"):
            if values[name] != getattr(held, name):
                changes[name] = values[name]
        if self.has(line, "jobs") and (values["jobs"] or 0) != held.jobs:
            changes["jobs"] = values["jobs"] or 0
        if held.ended_on is not None:
            self._check_end_kept(line, held)
        if changes:
            await workshops.update_workshop(
                self.conn,
                held.id,
                changes,
                expected_version=None,
                today=options.today,
                scope=self.scope,
            )
        ended = held.ended_on is None and await self._end(held.id, values)
        return "updated" if changes or ended else "unchanged"

    async def _end(self, workshop_id: int, values: dict[str, Any]) -> bool:
        if values["ended_on"] is None:
            return False
        await workshops.end_workshop(
            self.conn,
            workshop_id,
            values["ended_on"],
            values["end_reason"],
            expected_version=None,
            today=self.ctx.options.today,
            scope=self.scope,
        )
        return True

    def _check_end_kept(self, line: Line, held: Any) -> None:
        """An end already recorded stays as it is; a row saying otherwise is refused."""
        values = line.values
        said = f"这个车间已于 {held.ended_on.isoformat()} 停办"
        if self.has(line, "ended_on") and values["ended_on"] != held.ended_on:
            raise Problems.one(
                "ended_on",
                ErrorCode.CONFLICT,
                f"{said}：停办不能撤回，停办日期也不能由台账改动",
                line.raw.values.get("ended_on"),
            )
        if self.has(line, "end_reason") and values["end_reason"] != held.end_reason:
            raise Problems.one(
                "end_reason",
                ErrorCode.CONFLICT,
                f"{said}（原因：{held.end_reason or '未填'}）：停办原因不能由台账改动",
                line.raw.values.get("end_reason"),
            )
