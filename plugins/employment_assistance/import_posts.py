"""Import the 乡村公益性岗位台账: one row per holder's time on a post, known by the holder's ID
number and 上岗日期 (a person holds one post at a time).

A new row creates the post through `services.posts` (poor village, labour capacity, pay not
below the county's minimum wage on the start date, no overlap); a known one is corrected
where the row differs (village, post, pay, 离岗日期 — a blank 离岗日期 means still on the
post), with the same rules the update mutation applies.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, ClassVar

from sqlalchemy import select

from core.sdk import MoneyError, Problems, parse_date, parse_money, text, yuan_to_fen
from plugins.employment_assistance.import_common import (
    LedgerImporter,
    Line,
    holder,
    id_number_of,
)
from plugins.employment_assistance.models import village_post
from plugins.employment_assistance.services import posts


class PostImporter(LedgerImporter):
    """Creates and corrects village posts (see the module docstring)."""

    WHAT = "人员的同一段在岗（同一身份证号、同一上岗日期）"
    KEY_FIELD = "start_date"
    SERVICE_FIELDS: ClassVar[Mapping[str, str]] = {"village_code": "village", "id": "id_number"}

    def parse(self, line: Line) -> None:
        cells = line.raw.values
        self.place(line, ("county", "township", "village"))
        line.values |= {
            "post": text(cells.get("post")),
            "holder_name": text(cells.get("holder_name")),
            "id_number": id_number_of(line, self),
            "monthly_pay": self.take(
                line,
                parse_money(cells.get("monthly_pay"), field="monthly_pay", label="月岗位补贴"),
            ),
            "start_date": self.take(
                line, parse_date(cells.get("start_date"), field="start_date", label="上岗日期")
            ),
            "end_date": self.take(
                line, parse_date(cells.get("end_date"), field="end_date", label="离岗日期")
            ),
        }

    def key(self, line: Line) -> Hashable:
        return (line.values["id_number"], line.values["start_date"])

    async def write(self, line: Line) -> str:
        values = line.values
        options = self.ctx.options
        person_id, wrong_name = await holder(
            self.conn, self.scope, values["id_number"], values["holder_name"]
        )
        if wrong_name is not None:
            raise Problems([wrong_name])
        held = None
        if person_id is not None:
            held = (
                await self.conn.execute(
                    select(village_post)
                    .where(
                        village_post.c.person_id == person_id,
                        village_post.c.start_date == values["start_date"],
                        self.scope.where(village_post.c.village_code),
                    )
                    .order_by(village_post.c.id)
                )
            ).first()
        if held is None:
            data = posts.PostData(
                values["region_code"],
                values["post"],
                values["id_number"],
                values["monthly_pay"],
                values["start_date"],
                values["end_date"],
            )
            await posts.create_post(self.conn, data, today=options.today, scope=self.scope)
            return "created"
        changes: dict[str, Any] = {}
        if values["region_code"] != held.village_code:
            changes["village_code"] = values["region_code"]
        if values["post"] != held.post:
            changes["post"] = values["post"]
        if _fen(values["monthly_pay"]) != held.monthly_pay_fen:
            changes["monthly_pay"] = values["monthly_pay"]
        if self.has(line, "end_date") and values["end_date"] != held.end_date:
            changes["end_date"] = values["end_date"]
        if not changes:
            return "unchanged"
        await posts.update_post(
            self.conn,
            held.id,
            changes,
            expected_version=None,
            today=options.today,
            scope=self.scope,
        )
        return "updated"


def _fen(amount: Any) -> int | None:
    try:
        return yuan_to_fen(amount)
    except MoneyError:
        return None  # never equal to a stored amount: the service says what is wrong with it
