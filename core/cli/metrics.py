"""`jiuye metrics`: the same results as the GraphQL `metrics` field, as a table or a file."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from core.cli.main import run, state
from core.importing.cells import csv_writer, safe_cell
from core.metrics import snapshots
from core.metrics.engine import UnknownMetric
from core.metrics.periods import ACTION_PERIOD, Period, quarter_of, year_of
from core.metrics.status import STATUS_LABELS, Status
from core.problems import Problems
from core.records.models import region as region_table
from core.regions import CITY_CODE, RegionCodeError, canonical_code

COLUMNS = (
    "指标键",
    "指标",
    "区划代码",
    "区划",
    "数值",
    "单位",
    "目标",
    "应达",
    "预计期末",
    "状态",
    "说明",
    "期间",
    "统计日",
)


def _period(
    year: int | None, quarter: int | None, action: bool, start: str | None, end: str | None
) -> Period | None:
    ways = sum([year is not None, action, start is not None or end is not None])
    if ways == 0:
        if quarter is not None:
            raise click.UsageError("--quarter 须与 --year 一起给出")
        return None
    if ways > 1:
        raise click.UsageError(
            "请给出 --year（可加 --quarter）、--action-period、--start/--end 之一"
        )
    if action:
        return ACTION_PERIOD
    if year is not None:
        return quarter_of(year, quarter) if quarter is not None else year_of(year)
    if start is None or end is None:
        raise click.UsageError("--start 与 --end 须同时给出")
    return Period(date.fromisoformat(start), date.fromisoformat(end))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _rows(
    results: list[tuple[dict[str, Any], list[dict[str, Any]]]], names: dict[str, str]
) -> list[list[str]]:
    rows = []
    for result, children in results:
        for item, indent in [(result, ""), *((child, "  ") for child in children)]:
            period = Period(
                date.fromisoformat(item["periodStart"]), date.fromisoformat(item["periodEnd"])
            )
            rows.append(
                [
                    item["key"],
                    indent + item["title"],
                    item["regionCode"],
                    indent + names.get(item["regionCode"], item["regionCode"]),
                    _text(item["value"]),
                    item["unit"],
                    _text(item["target"]),
                    _text(item["expected"]),
                    _text(item["projection"]),
                    STATUS_LABELS[Status(item["status"])],
                    item["statusReason"],
                    period.label,
                    item["asOf"],
                ]
            )
    return rows


def _table(rows: list[list[str]]) -> str:
    shown = [0, 1, 3, 4, 5, 6, 7, 9]
    header = [COLUMNS[i] for i in shown]
    body = [[row[i] for i in shown] for row in rows]

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    widths = [max(width(line[i]) for line in [header, *body]) for i in range(len(shown))]
    lines = []
    for line in [header, *body]:
        lines.append(
            "  ".join(
                cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(line)
            ).rstrip()
        )
    return "\n".join(lines)


NUMBERS = tuple(COLUMNS.index(name) for name in ("数值", "目标", "应达", "预计期末"))
"""Columns written to files as numbers (a negative one stays a number, not neutralised text)."""


def _typed(row: list[str]) -> list[object]:
    """A row for a file: the number columns as numbers, the rest as text."""
    return [
        Decimal(value) if index in NUMBERS and value else value for index, value in enumerate(row)
    ]


def _write(rows: list[list[str]], fmt: str, output: str | None) -> None:
    if fmt == "table":
        click.echo(_table(rows))
        return
    if output is None:
        raise click.UsageError(f"--format {fmt} needs --output PATH")
    target = Path(output)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(COLUMNS)
        writer.writerows(_typed(row) for row in rows)
        target.write_text(buffer.getvalue(), encoding="utf-8-sig")  # BOM: Excel opens it as UTF-8
    elif fmt == "json":
        target.write_text(
            json.dumps(
                [dict(zip(COLUMNS, row, strict=True)) for row in rows], ensure_ascii=False, indent=2
            ),
            encoding="utf-8",
        )
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "指标"
        sheet.append(list(COLUMNS))
        for row in rows:
            sheet.append([safe_cell(value) for value in _typed(row)])
        book.save(target)
    click.echo(f"已写入 {target}（{len(rows)} 行）")


@click.group("metrics", invoke_without_command=True)
@click.option("--region", default=CITY_CODE, show_default=True, help="区划代码。")
@click.option("--as-of", "as_of", default=None, help="统计日 YYYY-MM-DD，默认今天。")
@click.option("--keys", default=None, help="只要这些指标，逗号分隔。")
@click.option("--year", type=int, default=None, help="期间：全年。")
@click.option(
    "--quarter", type=click.IntRange(1, 4), default=None, help="期间：季度（与 --year 同用）。"
)
@click.option("--action-period", is_flag=True, help="期间：行动期 2019-02-01 至 2019-09-30。")
@click.option("--start", default=None, help="期间开始日。")
@click.option("--end", default=None, help="期间结束日。")
@click.option("--snapshot", default=None, help="读取这个快照，而不是实时计算。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "xlsx"]),
    default="table",
    show_default=True,
)
@click.option("--output", default=None, help="输出文件（csv、json、xlsx 必填）。")
@click.pass_context
def metrics_command(
    ctx: click.Context,
    region: str,
    as_of: str | None,
    keys: str | None,
    year: int | None,
    quarter: int | None,
    action_period: bool,
    start: str | None,
    end: str | None,
    snapshot: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """各指标与目标的比较：数值、目标、应达进度、状态，含下级区划。"""
    if ctx.invoked_subcommand is not None:
        return
    try:
        code = canonical_code(region)
        day = date.fromisoformat(as_of) if as_of else date.today()
        period = _period(year, quarter, action_period, start, end)
    except (RegionCodeError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    platform = state().platform
    try:
        definitions = platform.metrics.select(keys.split(",") if keys else None)
    except UnknownMetric as exc:
        raise click.UsageError(f"没有指标 {exc.args[0]}") from None

    async def work() -> tuple[list[tuple[dict[str, Any], list[dict[str, Any]]]], dict[str, str]]:
        async with platform.db.connect() as conn:
            names = {
                row.code: row.short_name
                for row in (
                    await conn.execute(select(region_table.c.code, region_table.c.short_name))
                ).all()
            }
            if snapshot is not None:
                stored = await snapshots.find(conn, snapshot)
                if stored is None:
                    raise click.UsageError(f"没有名为“{snapshot}”的快照")
                return await snapshots.read(
                    conn, stored, code, keys.split(",") if keys else None
                ), names
            found = await platform.metrics.evaluate(conn, definitions, code, day, period)
        return [
            (snapshots.payload(ev), [snapshots.payload(c) for c in ev.children]) for ev in found
        ], names

    results, names = run(work())
    _write(_rows(results, names), fmt, output)


@metrics_command.command("snapshot")
@click.option("--as-of", "as_of", required=True, help="统计日 YYYY-MM-DD。")
@click.option("--label", required=True, help="快照名称，如“2019年二季度”。")
@click.option("--region", default=CITY_CODE, show_default=True, help="冻结这个区划及其全部下级。")
def snapshot_command(as_of: str, label: str, region: str) -> None:
    """把每个指标在每个区划的结果冻结为快照（报送后原样保留）。"""
    platform = state().platform
    try:
        day = date.fromisoformat(as_of)
        code = canonical_code(region)
    except (RegionCodeError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None

    async def work() -> snapshots.SnapshotInfo:
        async with platform.db.begin() as conn:
            return await snapshots.freeze(
                conn, platform.metrics, label=label, as_of=day, created_by="cli", root=code
            )

    try:
        stored = run(work())
    except Problems as exc:
        raise click.ClickException("；".join(p.message for p in exc.problems)) from None
    click.echo(f"已保存快照“{stored.label}”（统计日 {stored.as_of.isoformat()}）")
