"""A bulletin as a printable page and as a Word file, served to the caller of the token (a
bulletin outside the caller's scope is 404, like a missing one)."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docx import Document
from sqlalchemy import func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from core.sdk import region, request_context
from plugins.supervision.extensions import BulletinItem, items_of
from plugins.supervision.models import BULLETINS, BulletinStatus, item, task

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADERS = ("序号", "区划", "指标", "条款", "牵头单位", "数值", "应达", "差距", "说明")


@dataclass
class Sheet:
    """What both forms show."""

    number: str
    title: str
    as_of: date
    issued_on: date | None
    deadline: date | None
    rows: list[list[str]]


def _cell(value: Any, unit: str = "") -> str:
    return "—" if value is None else f"{value}{unit}"


async def _sheet(request: Request) -> Sheet:
    ctx = await request_context(request)
    key = int(request.path_params["key"])
    async with ctx.db.connect() as conn:
        row = await BULLETINS.get(conn, key, ctx.scope)
        if row is None:
            raise HTTPException(404, "没有这个通报（或不在您的范围内）")
        deadline = await conn.scalar(
            select(func.max(task.c.deadline))
            .select_from(task.join(item, task.c.item_id == item.c.id))
            .where(item.c.bulletin_id == key)
        )
    items: list[BulletinItem] = await items_of(
        ctx.db, ctx.metrics, key, row.status, row.region_code, row.as_of
    )
    async with ctx.db.connect() as conn:
        codes = {i.region_code for i in items}
        query = select(region.c.code, region.c.name).where(region.c.code.in_(codes))
        names = {row.code: row.name for row in (await conn.execute(query)).all()}
    rows = [
        [
            str(i.position),
            names.get(i.region_code, i.region_code),
            i.title,
            i.clause,
            i.lead_department,
            _cell(i.value, i.unit),
            _cell(i.expected, i.unit),
            _cell(i.gap, i.unit),
            i.reason,
        ]
        for i in items
    ]
    draft = row.status != BulletinStatus.ISSUED
    return Sheet(
        number="（草稿，未编号）" if draft else row.number,
        title=row.title or "通报（草稿）",
        as_of=row.as_of,
        issued_on=row.issued_on,
        deadline=deadline,
        rows=rows,
    )


def _closing(sheet: Sheet) -> str:
    if sheet.deadline is None:
        return "以上数字按统计日看板实时计算，印发时冻结。"
    return (
        f"请以上单位对照落后指标，于 {sheet.deadline} 前完成整改，并在平台报送整改措施和佐证材料；"
        "逾期仍落后、问题严重的，按照有关规定进行问责。"
    )


async def bulletin_page(request: Request) -> Response:
    """The bulletin as a printable HTML page."""
    sheet = await _sheet(request)
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>" for row in sheet.rows
    )
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(sheet.number)} {e(sheet.title)}</title>
<link rel="icon" href="data:,">
<style>
body {{ font-family: "SimSun", "WenQuanYi Micro Hei", serif; margin: 2em auto; max-width: 60em; }}
h1 {{ text-align: center; font-size: 1.5em; }} .number {{ text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #000; padding: .3em; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<p class="number">{e(sheet.number)}</p>
<h1>{e(sheet.title)}</h1>
<p>统计日：{sheet.as_of}{f"　印发日期：{sheet.issued_on}" if sheet.issued_on else ""}</p>
<p>按挂图作战看板统计日的数字，下列指标落后于按期均匀推进应达到的进度（或未报送），予以通报：</p>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<p>{e(_closing(sheet))}</p>
</body></html>"""
    return HTMLResponse(page)


async def bulletin_docx(request: Request) -> Response:
    """The bulletin as a Word file."""
    sheet = await _sheet(request)
    document = Document()
    document.add_paragraph(sheet.number)
    document.add_heading(sheet.title, level=1)
    document.add_paragraph(f"统计日：{sheet.as_of}")
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
    for row in sheet.rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    document.add_paragraph(_closing(sheet))
    out = io.BytesIO()
    document.save(out)
    name = quote(f"{sheet.number}.docx")
    return Response(
        out.getvalue(),
        media_type=DOCX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )


STATIC = Path(__file__).parent / "static"


async def tasks_page(request: Request) -> Response:
    """The county officer's page: its tasks, and a form to report on each (calls /graphql)."""
    return FileResponse(STATIC / "tasks.html", media_type="text/html; charset=utf-8")


async def tasks_script(request: Request) -> Response:
    return FileResponse(STATIC / "tasks.js", media_type="text/javascript; charset=utf-8")


ROUTES: list[BaseRoute] = [
    Route("/supervision/tasks", tasks_page, methods=["GET"]),
    Route("/supervision/tasks.js", tasks_script, methods=["GET"]),
    Route("/supervision/bulletins/{key:int}", bulletin_page, methods=["GET"]),
    Route("/supervision/bulletins/{key:int}.docx", bulletin_docx, methods=["GET"]),
]
