"""Import the 招聘会台账 and the 五个一活动台账: one row per fair or event.

A fair is known by its region, date and name; a "五个一" event by its region, date, kind and
title. New ones are recorded through `services.events` (the region's level must match a
fair's 层级, nothing in the future, counts not negative); known ones are corrected where the
row differs. A 撤销原因 cancels the record (it stays, no longer counted); a cancellation
already recorded cannot be undone by a ledger, nor a cancelled record changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, ClassVar

from sqlalchemy import Table, select

from core.sdk import ErrorCode, Problem, Problems, parse_date, parse_label, text
from plugins.employment_assistance.enums import FiveEventKind, JobFairLevel
from plugins.employment_assistance.import_common import LedgerImporter, Line, parse_count
from plugins.employment_assistance.models import five_event, job_fair
from plugins.employment_assistance.services import events

FAIR_COUNTS = (("employers", "参会企业数"), ("postings", "提供岗位数"), ("attendance", "入场人数"))
EVENT_COUNTS = (("attendance", "参加人数"),)


class CancellableImporter(LedgerImporter):
    """Records, corrects and cancels fairs or events (see the module docstring)."""

    TABLE: ClassVar[Table]
    KEY: ClassVar[tuple[str, ...]]
    """The table's columns that identify a record, besides its region."""
    EDITABLE: ClassVar[tuple[str, ...]]
    """The columns a row may correct."""
    COUNTS: ClassVar[tuple[tuple[str, str], ...]]
    PLACES: ClassVar[tuple[str, ...]]

    def parse(self, line: Line) -> None:
        cells = line.raw.values
        self.place(line, self.PLACES)
        line.values |= {
            "held_on": self.take(
                line, parse_date(cells.get("held_on"), field="held_on", label="举办日期")
            ),
            "place": text(cells.get("place")),
            "cancel_reason": text(cells.get("cancel_reason")),
        }
        for name, label in self.COUNTS:
            found = self.take(line, parse_count(cells.get(name), field=name, label=label))
            line.values[name] = found or 0

    def key(self, line: Line) -> Hashable:
        return (line.values["region_code"], *(line.values[name] for name in self.KEY))

    def stored(self, name: str, value: Any) -> Any:
        """A row's value as the table holds it (enums by their code)."""
        return getattr(value, "value", value)

    async def write(self, line: Line) -> str:
        values = line.values
        table = self.TABLE
        cancelling = values["cancel_reason"] is not None
        found = (
            await self.conn.execute(
                select(table)
                .where(
                    table.c.region_code == values["region_code"],
                    *(table.c[name] == self.stored(name, values[name]) for name in self.KEY),
                    self.scope.where(table.c.region_code),
                )
                .order_by(table.c.id)
            )
        ).all()
        same = [row for row in found if row.cancelled == cancelling]
        held = next(iter(same or found), None)
        if held is None:
            new_id = await self.create(values)
            await self._cancel(new_id, values)
            return "created"
        changes = {
            name: values[name]
            for name in self.EDITABLE
            if self.has(line, name) and self.stored(name, values[name]) != getattr(held, name)
        }
        changes |= await self.more_changes(line, held)
        if held.cancelled:
            self._check_cancellation_kept(line, held, changes)
            return "unchanged"
        if changes:
            await self.update(held.id, changes)
        cancelled = await self._cancel(held.id, values)
        return "updated" if changes or cancelled else "unchanged"

    async def more_changes(self, line: Line, held: Any) -> dict[str, Any]:
        """Changes beyond the record's own columns (the households a push reached)."""
        return {}

    async def create(self, values: dict[str, Any]) -> int:
        """Record a new fair or event; return its id."""
        raise NotImplementedError

    async def update(self, record_id: int, changes: dict[str, Any]) -> None:
        """Correct a fair or event."""
        raise NotImplementedError

    async def _cancel(self, record_id: int, values: dict[str, Any]) -> bool:
        if values["cancel_reason"] is None:
            return False
        await events.cancel(
            self.conn,
            self.TABLE,
            record_id,
            values["cancel_reason"],
            expected_version=None,
            scope=self.scope,
            what=self.WHAT,
        )
        return True

    def _check_cancellation_kept(self, line: Line, held: Any, changes: dict[str, Any]) -> None:
        """A cancelled record stays as it is; a row saying otherwise is refused."""
        reason = line.values["cancel_reason"]
        said = f"这条{self.WHAT}已撤销（原因：{held.cancel_reason}）"
        if self.has(line, "cancel_reason") and reason != held.cancel_reason:
            raise Problems.one(
                "cancel_reason",
                ErrorCode.CONFLICT,
                f"{said}：撤销不能撤回，撤销原因也不能由台账改动",
                reason,
            )
        if changes:
            headers = {c.field: c.header for c in self.ctx.kind.columns}
            raise Problems(
                Problem(name, ErrorCode.CONFLICT, f"{said}，不能再改{headers[name]}", value)
                for name, value in changes.items()
            )


class FairImporter(CancellableImporter):
    """The 招聘会台账."""

    WHAT = "招聘会记录"
    KEY_FIELD = "name"
    TABLE = job_fair
    KEY = ("held_on", "name")
    EDITABLE = ("level", "place", "employers", "postings", "attendance")
    COUNTS = FAIR_COUNTS
    PLACES = ("county", "township")
    SERVICE_FIELDS: ClassVar[Mapping[str, str]] = {"id": "name"}

    def parse(self, line: Line) -> None:
        super().parse(line)
        cells = line.raw.values
        line.values["name"] = text(cells.get("name"))
        line.values["level"] = self.take(
            line, parse_label(JobFairLevel, cells.get("level"), field="level", label="层级")
        )

    async def create(self, values: dict[str, Any]) -> int:
        data = events.FairData(
            values["name"],
            values["level"],
            values["region_code"],
            values["held_on"],
            values["place"],
            values["employers"],
            values["postings"],
            values["attendance"],
        )
        return await events.create_fair(
            self.conn, data, today=self.ctx.options.today, scope=self.scope
        )

    async def update(self, record_id: int, changes: dict[str, Any]) -> None:
        await events.update_fair(
            self.conn,
            record_id,
            changes,
            expected_version=None,
            today=self.ctx.options.today,
            scope=self.scope,
        )


class EventImporter(CancellableImporter):
    """The 五个一活动台账."""

    WHAT = "“五个一”活动记录"
    KEY_FIELD = "title"
    TABLE = five_event
    KEY = ("held_on", "kind", "title")
    EDITABLE = ("place", "attendance")
    COUNTS = EVENT_COUNTS
    PLACES = ("county", "township", "village")
    SERVICE_FIELDS: ClassVar[Mapping[str, str]] = {"id": "title"}

    def parse(self, line: Line) -> None:
        super().parse(line)
        cells = line.raw.values
        line.values["title"] = text(cells.get("title"))
        line.values["kind"] = self.take(
            line, parse_label(FiveEventKind, cells.get("kind"), field="kind", label="活动种类")
        )

    async def create(self, values: dict[str, Any]) -> int:
        data = events.EventData(
            values["kind"],
            values["title"],
            values["region_code"],
            values["held_on"],
            values["place"],
            values["attendance"],
        )
        return await events.create_event(
            self.conn, data, today=self.ctx.options.today, scope=self.scope
        )

    async def update(self, record_id: int, changes: dict[str, Any]) -> None:
        await events.update_event(
            self.conn,
            record_id,
            changes,
            expected_version=None,
            today=self.ctx.options.today,
            scope=self.scope,
        )
