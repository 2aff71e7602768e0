"""Import the 岗位推送台账: one row per push, known by its region, date, channel and title.

The households a push reached are listed by 户编号 in one cell (separated by 、 , ; or
spaces), or 送达区划内每一户 says 是 for every household of the region. A new push is
recorded through `services.pushes` (every household inside the push's region and the
caller's scope, at least one posting, nothing in the future); a known one is corrected where
the row differs — a different list of households replaces the one held. A 撤销原因 cancels
the push; a cancelled push cannot be changed or restored by a ledger.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from core.sdk import (
    Problem,
    digits_text,
    household,
    households_in,
    in_subtree,
    parse_date,
    parse_label,
    parse_yes_no,
    text,
)
from plugins.employment_assistance.enums import JobPushChannel
from plugins.employment_assistance.import_common import Line, parse_count
from plugins.employment_assistance.import_events import CancellableImporter
from plugins.employment_assistance.models import job_push, job_push_household
from plugins.employment_assistance.services import pushes

_SEPARATORS = re.compile(r"[、,，;；\s]+")


def registry_numbers(value: object) -> list[str] | Problem:
    """The 户编号 a cell lists (a lone number cell is one 户编号)."""
    if value is None:
        return []
    if not isinstance(value, str):
        found = digits_text(value, field="households", what="户编号")
        return found if isinstance(found, Problem) else [found] if found else []
    return [number for number in _SEPARATORS.split(value.strip()) if number]


class PushImporter(CancellableImporter):
    """Records, corrects and cancels job pushes (see the module docstring)."""

    WHAT = "岗位推送记录"
    KEY_FIELD = "pushed_on"
    TABLE = job_push
    KEY = ("pushed_on", "channel", "title")
    EDITABLE = ("postings",)
    COUNTS = ()
    PLACES = ("county", "township", "village")
    SERVICE_FIELDS: ClassVar[Mapping[str, str]] = {"id": "pushed_on"}

    def parse(self, line: Line) -> None:
        cells = line.raw.values
        self.place(line, self.PLACES)
        line.values |= {
            "pushed_on": self.take(
                line, parse_date(cells.get("pushed_on"), field="pushed_on", label="推送日期")
            ),
            "postings": self.take(
                line,
                parse_count(cells.get("postings"), field="postings", label="推送岗位信息数"),
            ),
            "channel": self.take(
                line,
                parse_label(
                    JobPushChannel, cells.get("channel"), field="channel", label="推送渠道"
                ),
            ),
            "title": text(cells.get("title")),
            "households": self.take(line, registry_numbers(cells.get("households"))),
            "every_household": bool(
                self.take(
                    line,
                    parse_yes_no(
                        cells.get("every_household"),
                        field="every_household",
                        label="送达区划内每一户",
                    ),
                )
            ),
            "cancel_reason": text(cells.get("cancel_reason")),
        }

    async def create(self, values: dict[str, Any]) -> int:
        data = pushes.PushData(
            values["region_code"],
            values["pushed_on"],
            values["postings"],
            values["channel"],
            values["title"],
            values["households"] or [],
            values["every_household"],
        )
        return await pushes.create_push(
            self.conn, data, today=self.ctx.options.today, scope=self.scope
        )

    async def update(self, record_id: int, changes: dict[str, Any]) -> None:
        await pushes.update_push(
            self.conn,
            record_id,
            changes,
            expected_version=None,
            today=self.ctx.options.today,
            scope=self.scope,
        )

    async def more_changes(self, line: Line, held: Any) -> dict[str, Any]:
        """The change to the households reached, when the row's differ from those held."""
        if not (self.has(line, "households") or self.has(line, "every_household")):
            return {}
        values = line.values
        visible = households_in(self.scope).with_only_columns(household.c.registry_number)
        linked = set(
            (
                await self.conn.execute(
                    visible.join(
                        job_push_household, job_push_household.c.household_id == household.c.id
                    ).where(job_push_household.c.push_id == held.id)
                )
            ).scalars()
        )
        if values["every_household"]:
            everyone = set(
                (
                    await self.conn.execute(
                        visible.where(in_subtree(household.c.village_code, held.region_code))
                    )
                ).scalars()
            )
            if everyone == linked and not values["households"]:
                return {}
            return {"every_household": True, "households": values["households"] or []}
        wanted = values["households"] or []
        return {} if set(wanted) == linked else {"households": wanted}
