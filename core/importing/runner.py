"""Run an import: recognise sheets, check headers, feed rows to importers, commit or roll back.

Headers of every sheet are checked before any row is read; a missing required column stops
the import there. Then each sheet kind runs in dependency order (regions before the ledger)
inside one transaction. Rows are read in batches on a worker thread, so memory stays flat
and the event loop keeps serving. At the end the transaction commits only when the import
is not a dry run and either nothing was wrong or `skip_invalid` was asked for.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import IO

from sqlalchemy.exc import IntegrityError

from core.db import Database
from core.importing.cells import imported
from core.importing.headers import REPORT_SHEET, HeaderMatch, describe_duplicates, find_header
from core.importing.readers import Book, ReadError, SheetSource, open_book
from core.importing.report import ImportReport
from core.importing.sheets import (
    ImportContext,
    ImportOptions,
    SheetImporter,
    SheetKind,
    SheetRow,
    import_order,
    sheet_kinds,
    sheet_owners,
)
from core.importing.values import is_blank
from core.plugins import Plugins
from core.problems import ErrorCode
from core.security import audit, probes
from core.security.permissions import write_refusal

log = logging.getLogger("jiuye.importing")

Progress = Callable[[str, int, int | None], None]
"""Called after each batch with the sheet name, the bytes read and the bytes to read (if known)."""


@dataclass
class Source:
    """A file to import: the name people know it by and its bytes (seekable)."""

    name: str
    file: IO[bytes]


@dataclass
class Plan:
    """A recognised sheet and its header."""

    sheet: SheetSource
    header: HeaderMatch


class _Discard(Exception):
    """Leaves the transaction so that it rolls back (dry run, or problems found)."""


def _recognise(
    book: Book, kinds: dict[str, SheetKind], options: ImportOptions, report: ImportReport
) -> list[Plan]:
    plans: list[Plan] = []
    names = [sheet.name for sheet in book.sheets]
    if options.sheet is not None and options.sheet not in names:
        report.fail(f"文件中没有名为“{options.sheet}”的工作表（有：{'、'.join(names)}）")
        return plans
    for sheet in book.sheets:
        if options.sheet is not None and sheet.name != options.sheet:
            continue
        if options.sheet is None and sheet.name == REPORT_SHEET:
            continue
        rows = sheet.rows()
        try:
            match = find_header(rows, kinds.values())
        finally:
            if isinstance(rows, Generator):
                rows.close()
        result = report.sheet(sheet.name)
        if match is None:
            result.note = "没有认出表头，已跳过"
            if options.sheet is not None:
                report.fail(_unrecognised(kinds), sheet=sheet.name)
            continue
        result.kind, result.title, result.header_row = match.kind.name, match.kind.title, match.row
        result.columns = dict(match.columns)
        result.unknown_columns = list(match.unknown)
        for column in match.missing:
            variants = f"（也可写作：{'、'.join(column.variants)}）" if column.variants else ""
            report.fail(
                f"缺少必填列“{column.header}”{variants}：第 {match.row} 行被认作“{match.kind.title}”的表头",
                sheet=sheet.name,
            )
        for message in describe_duplicates(match):
            report.fail(message, sheet=sheet.name)
        plans.append(Plan(sheet, match))
    if not plans and not report.problem_count:
        report.fail(_unrecognised(kinds))
    return plans


def _unrecognised(kinds: dict[str, SheetKind]) -> str:
    known = "；".join(
        f"“{kind.title}”（{'、'.join(c.header for c in kind.columns if c.required)}）"
        for kind in kinds.values()
    )
    return f"没有认出任何工作表的表头。可导入的台账及其必填列：{known}"


def _batches(plan: Plan, size: int, stop: threading.Event) -> Generator[list[SheetRow]]:
    positions = plan.header.positions
    name = plan.sheet.name
    batch: list[SheetRow] = []
    for number, cells in plan.sheet.rows():
        if stop.is_set():  # the import was stopped (timed out) while this thread read
            return
        if number <= plan.header.row:
            continue
        values: dict[str, object] = {}
        filled = False
        for index, field in positions:
            # `imported`: without the quote an export puts before text a spreadsheet could run.
            value = imported(cells[index]) if index < len(cells) else None
            if is_blank(value):
                value = None
            else:
                filled = True
            values[field] = value
        if not filled:
            continue
        batch.append(SheetRow(name, number, values))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def _feed(
    plan: Plan, importer: SheetImporter, ctx: ImportContext, progress: Progress | None
) -> None:
    stop = threading.Event()
    batches = _batches(plan, ctx.options.batch_size, stop)
    counts = ctx.counts(plan.sheet.name)
    try:
        while True:
            # The reader runs on a worker thread; a task cancelled while it reads (the
            # upload's time is up) must not close the generator under it ("generator
            # already executing"), so it tells the reader to stop and waits for it: the
            # reader looks at `stop` before each row.
            reading = asyncio.ensure_future(asyncio.to_thread(next, batches, None))
            try:
                batch = await asyncio.shield(reading)
            except asyncio.CancelledError:
                stop.set()
                await asyncio.wait([reading])
                if not reading.cancelled():
                    reading.exception()  # retrieved: the import is over either way
                raise
            if batch is None:
                break
            counts.read += len(batch)
            await importer.add(batch)
            if progress is not None:
                progress(plan.sheet.name, plan.sheet.position, plan.sheet.size)
    finally:
        batches.close()


async def _run(
    db: Database,
    plugins: Plugins,
    plans: list[Plan],
    options: ImportOptions,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    kinds: list[SheetKind] = []
    for plan in plans:
        if plan.header.kind not in kinds:
            kinds.append(plan.header.kind)
    acting = audit.current_actor()
    ledger = probes.current() or probes.ProbeLedger()
    mark = ledger.mark()
    with probes.watching(ledger):
        try:
            with audit.acting_as(dataclasses.replace(acting, path="IMPORT")):
                await _transaction(db, plugins, plans, kinds, options, report, progress)
            report.committed = True
        except _Discard:
            report.committed = False
        except probes.ProbeLimit as exc:
            # Refused as a whole: the report keeps no row's answer, and none is recorded
            # as given; the refusal itself is.
            ledger.forget_answers_since(mark)
            report.withdraw(exc.problems[0].message, code=exc.problems[0].code)
            report.committed = False
        finally:
            # After the transaction, on one of their own: a dry run rolled its own back.
            await ledger.flush(db)


async def _transaction(
    db: Database,
    plugins: Plugins,
    plans: list[Plan],
    kinds: list[SheetKind],
    options: ImportOptions,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    async with db.begin() as conn:
        for kind in import_order(kinds):
            ctx = ImportContext(conn, kind, options, report, plugins)
            importer = await kind.importer(ctx)
            for plan in plans:
                if plan.header.kind is kind:
                    await _feed(plan, importer, ctx, progress)
            await importer.finish()
        if options.dry_run or (report.problem_count and not options.skip_invalid):
            raise _Discard


def _refusals(plugins: Plugins, plans: list[Plan], options: ImportOptions) -> list[tuple[str, str]]:
    """Why the caller may not import each kind of sheet the file holds (the same rights as the
    kinds' mutations: counties write core ledgers, departments the ledgers of plugins they lead)."""
    owners = sheet_owners(plugins)
    refusals = []
    for plan in plans:
        kind = plan.header.kind
        owner = owners.get(kind.name, "core")
        department = plugins.loaded[owner].info.department if owner in plugins.loaded else None
        refused = write_refusal(options.caller, owner, kind.leads, department, f"“{kind.title}”")
        if refused is not None:
            refusals.append(
                (plan.sheet.name, f"您无权导入“{kind.title}”，整个文件没有导入（{refused}）")
            )
    return refusals


async def run_import(
    db: Database,
    plugins: Plugins,
    source: Source,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every recognised sheet of a file; return the report (problems are data, not errors)."""
    report = ImportReport(
        file=source.name,
        dry_run=options.dry_run,
        skip_invalid=options.skip_invalid,
        as_of=options.as_of,
    )
    kinds = sheet_kinds(plugins)
    try:
        book = await asyncio.to_thread(open_book, source.file, source.name, options.limits)
    except ReadError as exc:
        report.fail(str(exc), code=exc.code)
        return report
    with book:
        report.format, report.encoding = book.format, book.encoding
        try:
            plans = await asyncio.to_thread(_recognise, book, kinds, options, report)
        except ReadError as exc:
            report.fail(str(exc), code=exc.code)
            return report
        if report.problem_count:
            return report  # header problems: no row is read
        refusals = _refusals(plugins, plans, options)
        for sheet, refusal in refusals:
            report.fail(refusal, sheet=sheet, code=ErrorCode.FORBIDDEN)
        if refusals:
            return report
        try:
            await _run(db, plugins, plans, options, report, progress)
        except ReadError as exc:
            report.fail(str(exc), code=exc.code)
            report.committed = False
        except IntegrityError:
            log.exception("import of %s hit a constraint", source.name)
            report.fail("写入时与他人同时进行的修改冲突（唯一性约束），什么都没有写入：请稍后重试")
            report.committed = False
    return report
