"""The `importLedger` mutation: a web upload gets the same import and the same report as the CLI."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

# `ErrorCode` is exposed to GraphQL as `RecordErrorCode` by the shared results.
from core.graphql import results as _registers_record_error_code  # noqa: F401
from core.graphql.context import Info
from core.graphql.errors import bad_argument
from core.importing.readers import ReadLimits
from core.importing.report import ImportReport, RowProblem, SheetResult
from core.importing.runner import Source, run_import
from core.importing.sheets import ImportOptions
from core.problems import ErrorCode
from core.security.permissions import CHECKS_EACH_RECORD


@strawberry.type(description="导入中发现的一个问题：哪个工作表、哪一行、哪一列、什么值、为什么。")
class ImportProblem:
    """One problem of an import, located as Excel shows it."""

    sheet: str | None = strawberry.field(
        description="工作表名称；整个文件的问题（如无法读取）为空。"
    )
    row: int | None = strawberry.field(
        description="行号，与 Excel 左侧显示的一致；整张工作表的问题（如缺少必填列）为空。"
    )
    column: str | None = strawberry.field(
        description="列名（文件中的表头文字）；与具体列无关时为空。"
    )
    cell: str | None = strawberry.field(
        description="单元格位置，如 C5；该列不在文件中或问题不在某个单元格时为空。"
    )
    value: str | None = strawberry.field(description="出问题的值（文本形式）；没有值时为空。")
    code: ErrorCode = strawberry.field(description="原因代码。")
    reason: str = strawberry.field(description="中文说明：错在哪里、如何改正。")

    @classmethod
    def from_problem(cls, problem: RowProblem) -> ImportProblem:
        """Map a report problem."""
        known = problem.code in ErrorCode.__members__.values()
        return cls(
            sheet=problem.sheet,
            row=problem.row,
            column=problem.header,
            cell=problem.cell,
            value=problem.value_text,
            code=ErrorCode(problem.code) if known else ErrorCode.INVALID,
            reason=problem.message,
        )


@strawberry.type(description="文件中一张工作表的导入情况。")
class ImportSheet:
    """One sheet of an imported file."""

    name: str = strawberry.field(description="工作表名称（CSV 文件为文件名）。")
    kind: str | None = strawberry.field(
        description="认出的台账种类（如 ledger、regions）；没认出表头、已跳过时为空。"
    )
    title: str | None = strawberry.field(description="台账种类的中文名，如“两清台账”。")
    header_row: int | None = strawberry.field(description="表头所在的行号。")
    rows_read: int = strawberry.field(description="读取的数据行数（不含表头与空行）。单位：行。")
    created: int = strawberry.field(description="新增的行数。单位：行。")
    updated: int = strawberry.field(description="有更新的行数。单位：行。")
    unchanged: int = strawberry.field(description="与平台一致、没有变化的行数。单位：行。")
    rejected: int = strawberry.field(description="因有错（或同户有错）而未写入的行数。单位：行。")
    unknown_columns: list[str] = strawberry.field(
        description="没有认出、因而没有导入的列（表头文字）。"
    )
    note: str | None = strawberry.field(description="说明，如工作表为何被跳过。")

    @classmethod
    def from_result(cls, result: SheetResult) -> ImportSheet:
        """Map a sheet result."""
        c = result.counts
        return cls(
            name=result.name,
            kind=result.kind,
            title=result.title,
            header_row=result.header_row,
            rows_read=c.read,
            created=c.created,
            updated=c.updated,
            unchanged=c.unchanged,
            rejected=c.rejected,
            unknown_columns=[header for _index, header in result.unknown_columns],
            note=result.note,
        )


@strawberry.type(
    description="一次台账导入的结果。默认全部无误才写入（一个事务）；发现问题时什么都不写，并一次列出全部问题。"
)
class ImportResult:
    """What an import found and did."""

    committed: bool = strawberry.field(
        description="是否已写入。试运行，或发现问题且未选择跳过有错的行时为 false：什么都没有写入。"
    )
    dry_run: bool = strawberry.field(description="是否试运行（只检查，不写入）。")
    skip_invalid: bool = strawberry.field(
        description="是否跳过有错的行（整户跳过）、写入其余的行。"
    )
    as_of: date = strawberry.field(
        description="台账所描述的日期（结束就业时以其前一天为结束日期）。"
    )
    file_name: str = strawberry.field(description="上传的文件名。")
    rows_read: int = strawberry.field(description="读取的数据行数。单位：行。")
    created: int = strawberry.field(description="新增的行数。单位：行。")
    updated: int = strawberry.field(description="有更新的行数。单位：行。")
    unchanged: int = strawberry.field(description="没有变化的行数。单位：行。")
    rejected: int = strawberry.field(description="未写入的行数。单位：行。")
    problem_count: int = strawberry.field(description="问题总数。单位：个。")
    problems: list[ImportProblem] = strawberry.field(
        description="全部问题，按工作表、行、列排序（最多 100,000 个，其余只计数）。"
    )
    sheets: list[ImportSheet] = strawberry.field(description="文件中每张工作表的情况。")
    summary: str = strawberry.field(description="一句话中文摘要。")

    @classmethod
    def from_report(cls, report: ImportReport, as_of: date) -> ImportResult:
        """Map an import report."""
        t = report.totals
        return cls(
            committed=report.committed,
            dry_run=report.dry_run,
            skip_invalid=report.skip_invalid,
            as_of=as_of,
            file_name=report.file,
            rows_read=t.read,
            created=t.created,
            updated=t.updated,
            unchanged=t.unchanged,
            rejected=t.rejected,
            problem_count=report.problem_count,
            problems=[ImportProblem.from_problem(p) for p in report.sorted_problems()],
            sheets=[ImportSheet.from_result(s) for s in report.sheets],
            summary=report.summary(),
        )


@strawberry.type
class ImportMutation:
    """Root mutation fields for spreadsheet imports."""

    @strawberry.mutation(
        description=(
            "导入台账文件（.xlsx 或 .csv，GraphQL multipart 上传；请求须带 X-Jiuye-Upload 头）。"
            "认出文件中每张台账（区划名单先于两清台账），返回与命令行相同的报告。"
            "调用者只能导入有权写的台账：县区写核心台账，部门写本部门牵头插件的台账。"
        ),
        directives=[CHECKS_EACH_RECORD],
    )
    async def import_ledger(
        self,
        info: Info,
        file: Annotated[
            Upload,
            strawberry.argument(
                description="台账文件（.xlsx，或 UTF-8 / GB18030 的 .csv），不超过上传上限。"
            ),
        ],
        dry_run: Annotated[bool, strawberry.argument(description="只检查、不写入。")] = False,
        skip_invalid: Annotated[
            bool,
            strawberry.argument(
                description="写入无误的行，跳过有错的行（有错行所在的整户都跳过）。"
            ),
        ] = False,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="台账所描述的日期，默认今天；不能晚于今天。"),
        ] = None,
        sheet: Annotated[
            str | None, strawberry.argument(description="只导入这个名字的工作表。")
        ] = None,
    ) -> ImportResult:
        if not isinstance(file, UploadFile):
            raise bad_argument("importLedger", "file", "须为 multipart 请求中的文件")
        context = info.context
        day = as_of or context.today
        if day > context.today:
            raise bad_argument("importLedger", "asOf", "不能晚于今天")
        options = ImportOptions(
            today=context.today,
            as_of=day,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            sheet=sheet,
            caller=context.caller,
            limits=ReadLimits.of(context.settings),
        )
        report = await run_import(
            context.db, context.plugins, Source(file.filename or "upload", file.file), options
        )
        return ImportResult.from_report(report, day)
