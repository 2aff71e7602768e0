"""The ledger commands: `jiuye import` and `jiuye export`."""

from __future__ import annotations

import getpass
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from core.cli.main import run, state
from core.importing.exporting import ExportError, run_export
from core.importing.readers import ReadLimits
from core.importing.report import ImportReport
from core.importing.runner import Source, run_import
from core.importing.sheets import (
    ExportRequest,
    ImportOptions,
    ScopeError,
    scoped_region,
    sheet_kinds,
)
from core.importing.workbook import write_report
from core.records.models import region
from core.security import audit
from core.security.caller import Caller

SHOWN_PROBLEMS = 200
"""Problems printed to the terminal; `--report` holds them all."""
PROGRESS_FROM = 4 << 20
"""Sheets of at least this many bytes (about 8,000 ledger rows in an .xlsx) get a progress bar."""


def _day(value: datetime | None, today: date) -> date:
    day = value.date() if value is not None else today
    if day > today:
        raise click.BadParameter("不能晚于今天", param_hint="--as-of")
    return day


class _Progress:
    """One click progress bar per large sheet, on stderr when it is a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.sheet: str | None = None
        self.done = 0

    def __call__(self, sheet: str, done: int, total: int | None) -> None:
        if total is None or total < PROGRESS_FROM or not sys.stderr.isatty():
            return
        if sheet != self.sheet:
            self.close()
            self.sheet, self.done = sheet, 0
            self.bar = click.progressbar(length=total, label=f"导入 {sheet}", file=sys.stderr)
            self.bar.__enter__()
        step = min(done, total) - self.done
        self.bar.update(step)
        self.done += step

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _print(report: ImportReport) -> None:
    problems = report.sorted_problems()
    for problem in problems[:SHOWN_PROBLEMS]:
        where = "、".join(
            part
            for part in (
                problem.sheet and f"工作表“{problem.sheet}”",
                problem.row and f"第 {problem.row} 行",
                problem.header and f"列“{problem.header}”",
            )
            if part
        )
        value = f"（值：{problem.value_text}）" if problem.value_text is not None else ""
        click.echo(f"{where or '文件'}：{problem.message}{value}")
    hidden = report.problem_count - min(len(problems), SHOWN_PROBLEMS)
    if hidden > 0:
        click.echo(f"……另有 {hidden} 个问题，完整清单请用 --report 写入报告文件")
    for sheet in report.sheets:
        if sheet.note:
            click.echo(f"工作表“{sheet.name}”：{sheet.note}")
        if sheet.unknown_columns:
            names = "、".join(f"“{header}”" for _index, header in sheet.unknown_columns)
            click.echo(f"工作表“{sheet.name}”有未识别的列，未导入：{names}")
    click.echo(report.summary())


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只检查、不写入。")
@click.option("--sheet", default=None, help="只导入这个名字的工作表。")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="把报告写入这个 .xlsx：原文件的副本，有错的单元格标红并附批注，另加汇总表。",
)
@click.option("--skip-invalid", is_flag=True, help="写入无误的行，跳过有错的行（整户跳过）。")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="台账所描述的日期（默认今天），见 docs/import.md。",
)
def import_command(
    path: Path,
    dry_run: bool,
    sheet: str | None,
    report_path: Path | None,
    skip_invalid: bool,
    as_of: datetime | None,
) -> None:
    """导入台账（.xlsx 或 .csv）：认出每张工作表的表头，默认全部无误才写入。"""
    platform = state().platform
    today = date.today()
    options = ImportOptions(
        today=today,
        as_of=_day(as_of, today),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        sheet=sheet,
        caller=Caller(name="cli"),
        limits=ReadLimits.of(platform.settings),
    )
    progress = _Progress()
    with path.open("rb") as file:
        try:
            report = run(
                run_import(
                    platform.db,
                    platform.plugins,
                    Source(path.name, file),
                    options,
                    progress=progress,
                )
            )
        finally:
            progress.close()
        if report_path is not None:
            write_report(report, file, report_path)
    _print(report)
    if report_path is not None:
        click.echo(f"报告已写入 {report_path}")
    if report.problem_count and not report.committed:
        raise click.ClickException(f"导入未写入：发现 {report.problem_count} 个问题")


def _cli_actor() -> audit.Actor:
    """Who runs an export from the command line: the operating-system account."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return audit.Actor(f"cli:{user}", "admin", "CLI")


async def _export(
    kind_name: str, path: Path, region_code: str, day: date, reason: str | None, masked: bool
) -> int:
    platform = state().platform
    kinds = sheet_kinds(platform.plugins)
    kind = kinds.get(kind_name)
    if kind is None:
        names = "、".join(f"{k.name}（{k.title}）" for k in kinds.values() if k.exporter)
        raise click.ClickException(f"没有名为 {kind_name} 的台账；可导出：{names}")
    caller = Caller(name="cli")
    try:
        code = scoped_region(caller, region_code)
    except ScopeError as exc:
        raise click.ClickException(str(exc)) from None
    async with platform.db.connect() as conn:
        found = (await conn.execute(select(region.c.code).where(region.c.code == code))).first()
    if found is None:
        raise click.ClickException(f"区划 {code} 不存在")
    request = ExportRequest(caller, code, day, masked=masked)
    try:
        with audit.acting_as(_cli_actor()):
            return await run_export(platform.db, kind, request, path, reason=reason)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("export")
@click.argument("kind")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--region", "region_code", required=True, help="导出这个区划（6/9/12 位代码）及其下级。"
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="台账所描述的日期（默认今天）：导出当天在岗的就业。",
)
@click.option(
    "--reason",
    default=None,
    help="导出理由，记入审计日志；台账含完整身份证号或电话时必填（至少 4 个字）。",
)
@click.option(
    "--masked",
    is_flag=True,
    help="身份证号与电话脱敏写出（不需要理由；这样的文件不能再用来更新这些人）。",
)
def export_command(
    kind: str,
    path: Path,
    region_code: str,
    as_of: datetime | None,
    reason: str | None,
    masked: bool,
) -> None:
    """把台账（KIND：ledger 两清台账、regions 区划名单，或插件的台账）导出为 .xlsx，格式与导入相同。

    每次导出都记入审计日志（谁、哪种台账、哪个区划、多少行、理由）。
    """
    day = _day(as_of, date.today())
    count = run(_export(kind, path, region_code, day, reason, masked))
    click.echo(f"已导出 {count} 行到 {path}")


COMMANDS = [import_command, export_command]
