"""The records behind a number as an .xlsx file (drill-through export)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.importing.cells import safe_cell
from core.metrics.drill import DrillRow
from core.metrics.engine import Evaluation
from core.records.models import household, person
from core.records.models import region as region_table


async def _labels(
    conn: AsyncConnection, entity_type: str | None, keys: Sequence[Any]
) -> dict[Any, list[str]]:
    """Readable columns for the core's record types; other types show their key."""
    if not keys:
        return {}
    if entity_type == "Household":
        rows = await conn.execute(
            select(household.c.id, household.c.registry_number).where(household.c.id.in_(keys))
        )
        return {r.id: [r.registry_number] for r in rows.all()}
    if entity_type == "Person":
        rows = await conn.execute(
            select(person.c.id, person.c.name, household.c.registry_number)
            .join(household, household.c.id == person.c.household_id)
            .where(person.c.id.in_(keys))
        )
        return {r.id: [r.name, r.registry_number] for r in rows.all()}
    return {}


HEADERS = {"Household": ["户编号"], "Person": ["姓名", "户编号"]}


async def workbook(
    conn: AsyncConnection, evaluation: Evaluation, rows: Sequence[DrillRow]
) -> bytes:
    """An .xlsx listing `rows` with readable labels, region names and values."""
    definition = evaluation.definition
    labels = await _labels(conn, definition.entity_type, [r.entity_key for r in rows])
    names = {
        r.code: r.name
        for r in (
            await conn.execute(
                select(region_table.c.code, region_table.c.name).where(
                    region_table.c.code.in_({r.region_code for r in rows})
                )
            )
        ).all()
    }
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "明细"
    sheet.append(
        [
            safe_cell(f"{definition.title}（{definition.key}）"),
            f"统计日 {evaluation.as_of.isoformat()}",
        ]
    )
    sheet["A1"].font = Font(bold=True)
    extra = HEADERS.get(definition.entity_type or "", [])
    sheet.append(["记录键", *extra, "区划代码", "区划", "计入分子", "计入分母"])
    for row in rows:
        shown = labels.get(row.entity_key, [""] * len(extra))
        cells = [
            str(row.entity_key),
            *shown,
            row.region_code,
            names.get(row.region_code, ""),
            row.value,
            row.base,
        ]
        # Names and region names are data: never a formula. The sums stay numbers.
        sheet.append([safe_cell(value) for value in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
