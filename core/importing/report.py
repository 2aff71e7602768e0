"""What an import found: counts per sheet and every problem, by sheet, row, column and reason."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from core.problems import ErrorCode, Problem
from core.security.masking import mask_text

if TYPE_CHECKING:
    from core.importing.sheets import SheetKind

MAX_PROBLEMS = 100_000
"""Problems kept in full; past this only the count grows (a file that bad has one root cause)."""


@dataclass
class Counts:
    """Rows read and what became of them."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def add(self, other: Counts) -> None:
        """Add another sheet's counts to these."""
        self.read += other.read
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected


@dataclass(frozen=True)
class RowProblem:
    """One problem, located as a clerk sees it in Excel."""

    sheet: str | None
    """Sheet name; None for a problem with the file as a whole."""
    row: int | None
    """Row number as Excel shows it; None for a problem with the whole sheet (a missing column)."""
    column: int | None
    """1-based column index; None when the column is absent or the problem has no cell."""
    header: str | None
    """The column header as the file writes it (the canonical one when the column is absent)."""
    value: object
    code: str
    message: str

    @property
    def cell(self) -> str | None:
        """The cell reference (`C5`), when the problem has one."""
        if self.row is None or self.column is None:
            return None
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def value_text(self) -> str | None:
        """The offending value as text."""
        return display(self.value)


def display(value: object) -> str | None:
    """Show a cell value the way a person reads it (no float noise, dates as YYYY-MM-DD)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".15G")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass
class SheetResult:
    """One sheet of the file: which kind it was recognised as, its columns and its counts."""

    name: str
    kind: str | None = None
    title: str | None = None
    header_row: int | None = None
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Field → (1-based column index, header as written)."""
    unknown_columns: list[tuple[int, str]] = field(default_factory=list)
    """Columns no field claims (column index, header): listed, never imported."""
    counts: Counts = field(default_factory=Counts)
    note: str | None = None
    """Why a sheet was skipped, when it was."""


@dataclass
class ImportReport:
    """Everything an import found and did."""

    file: str
    format: str = ""
    encoding: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    as_of: date | None = None
    sheets: list[SheetResult] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    problem_count: int = 0
    committed: bool = False
    """Whether the transaction was committed (false for a dry run and a refused import)."""

    def sheet(self, name: str) -> SheetResult:
        """The result entry of a sheet, created on first use."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        created = SheetResult(name)
        self.sheets.append(created)
        return created

    def add(self, problem: RowProblem) -> None:
        """Record a located problem. ID numbers and phones in it are masked: reports are read,
        forwarded and filed by people who need the row and the reason, not the number."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            masked = replace(
                problem,
                value=mask_text(display(problem.value)) if problem.value is not None else None,
                message=mask_text(problem.message) or "",
            )
            self.problems.append(masked)

    def add_problem(
        self, sheet: str, row: int | None, problem: Problem, kind: SheetKind | None = None
    ) -> None:
        """Record a problem whose field names a column of the sheet."""
        result = self.sheet(sheet)
        located = result.columns.get(problem.field)
        if located is not None:
            column: int | None = located[0]
            header: str | None = located[1]
        else:
            column = None
            known = kind.column(problem.field) if kind is not None else None
            header = known.header if known is not None else None
        self.add(
            RowProblem(sheet, row, column, header, problem.value, problem.code, problem.message)
        )

    def fail(
        self,
        message: str,
        *,
        sheet: str | None = None,
        value: object = None,
        code: str = ErrorCode.INVALID,
    ) -> None:
        """Record a problem with the file or a whole sheet."""
        self.add(RowProblem(sheet, None, None, None, value, code, message))

    def withdraw(self, message: str, *, code: str) -> None:
        """Drop every row's problem and outcome and refuse the file as a whole with `message`
        (what the rows would have said is not to be given)."""
        self.problems.clear()
        self.problem_count = 0
        for sheet in self.sheets:
            sheet.counts = Counts(read=sheet.counts.read)
        self.fail(message, code=code)

    @property
    def totals(self) -> Counts:
        """Counts over every sheet."""
        total = Counts()
        for sheet in self.sheets:
            total.add(sheet.counts)
        return total

    def sorted_problems(self) -> list[RowProblem]:
        """Problems in the order a clerk walks the file: sheet, row, column."""
        order = {sheet.name: index for index, sheet in enumerate(self.sheets)}
        return sorted(
            self.problems,
            key=lambda p: (
                -1 if p.sheet is None else order.get(p.sheet, len(order)),
                p.row or 0,
                p.column or 0,
            ),
        )

    def outcome(self) -> str:
        """One Chinese sentence: was anything written, and why not."""
        if self.committed:
            if self.totals.rejected:
                return "已写入无误的行；有错的行（及其所在的整户）未写入"
            return "已全部写入"
        if self.dry_run:
            return "试运行：什么都没有写入"
        return "发现问题，什么都没有写入（全部无误才写入；或用“跳过有错的行”）"

    def summary(self) -> str:
        """The one-paragraph summary the CLI ends with."""
        t = self.totals
        return (
            f"读取 {t.read} 行：新增 {t.created}，更新 {t.updated}，未变 {t.unchanged}，"
            f"拒绝 {t.rejected}；问题 {self.problem_count} 个。{self.outcome()}。"
        )
