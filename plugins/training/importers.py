"""Import 培训班台账: every problem reported by row and column, writes through the same rules
as the mutations, re-imports that change only what differs. Classes are few: each row goes
through the services (`create_class`, `update_class`), which check and audit it. The base
class is shared with the trainee import (`trainee_import.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from core.sdk import (
    ErrorCode,
    ImportContext,
    MoneyError,
    Problem,
    Problems,
    RowProblem,
    Scope,
    SheetRow,
    parse_date,
    parse_label,
    parse_money,
    text,
    yuan_to_fen,
)
from plugins.training import services
from plugins.training.enums import TrainingKind, TrainingOrganiserKind
from plugins.training.models import training_class
from plugins.training.sheets import (
    CLASS_COLUMNS,
    Counties,
    may_write,
    parse_count,
    refusal,
    required,
)
from plugins.training.validation import ClassData

ClassKey = tuple[str, date, str]
"""County code, opening day, name: what identifies a class in the ledgers."""


class Importer:
    """What both importers share: the context, the caller's scope and right to write."""

    def __init__(self, ctx: ImportContext, counties: Counties) -> None:
        self.ctx = ctx
        self.counties = counties
        self.scope = Scope(ctx.options.caller.region)
        self.allowed = may_write(ctx.options.caller)
        self.refused: set[str] = set()

    def reject(self, row: SheetRow, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.ctx.problem(row.sheet, row.number, problem)
        self.ctx.counts(row.sheet).rejected += 1

    def forbidden(self, rows: Sequence[SheetRow]) -> bool:
        """Reject every row when the caller may not write; say why once per sheet."""
        if self.allowed:
            return False
        for row in rows:
            if row.sheet not in self.refused:
                self.refused.add(row.sheet)
                message = refusal(self.ctx.options.caller)
                self.ctx.report.add(
                    RowProblem(row.sheet, None, None, None, None, ErrorCode.FORBIDDEN, message)
                )
            self.ctx.counts(row.sheet).rejected += 1
        return True

    def key(self, values: dict[str, Any], problems: list[Problem]) -> ClassKey | None:
        """The class a row names by county, name and opening day."""
        county = self.counties.parse(values.get("county"))
        start = parse_date(values.get("start_date"), field="start_date", label="开班日期")
        title = text(values.get("title"))
        for found in (county, start):
            if isinstance(found, Problem):
                problems.append(found)
        if isinstance(county, str) and isinstance(start, date) and title is not None:
            return county, start, title
        return None


@dataclass
class ClassRow:
    """One parsed row of 培训班台账."""

    key: ClassKey
    data: ClassData
    given: frozenset[str]
    """Optional columns the sheet has: a column it lacks leaves the stored value alone."""


class ClassImporter(Importer):
    """Creates the classes a ledger lists and updates those that differ."""

    OPTIONAL = ("trade", "place", "subsidy", "other_trainees")

    @classmethod
    async def open(cls, ctx: ImportContext) -> ClassImporter:
        return cls(ctx, await Counties.load(ctx.conn))

    def __init__(self, ctx: ImportContext, counties: Counties) -> None:
        super().__init__(ctx, counties)
        self.seen: dict[ClassKey, int] = {}

    async def add(self, rows: Sequence[SheetRow]) -> None:
        if self.forbidden(rows):
            return
        for row in rows:
            await self._row(row)

    async def finish(self) -> None:
        return None

    def _parse(self, row: SheetRow) -> ClassRow | list[Problem]:
        values = dict(row.values)
        problems: list[Problem] = []
        required(values, CLASS_COLUMNS, problems)
        key = self.key(values, problems)
        kind = parse_label(TrainingKind, values.get("kind"), field="kind", label="培训类别")
        organiser_kind = parse_label(
            TrainingOrganiserKind,
            values.get("organiser_kind"),
            field="organiser_kind",
            label="承办单位类别",
        )
        end = parse_date(values.get("end_date"), field="end_date", label="结束日期")
        subsidy = parse_money(values.get("subsidy"), field="subsidy", label="培训补贴")
        other = parse_count(
            values.get("other_trainees"), field="other_trainees", label="其他学员人数"
        )
        parsed = (kind, organiser_kind, end, subsidy, other)
        problems.extend(p for p in parsed if isinstance(p, Problem))
        if problems or key is None:
            return problems
        assert isinstance(kind, TrainingKind)
        assert isinstance(organiser_kind, TrainingOrganiserKind)
        assert isinstance(end, date)
        given = frozenset(f for f in self.OPTIONAL if self.ctx.has_column(row.sheet, f))
        data = ClassData(
            kind=kind,
            title=key[2],
            organiser=text(values.get("organiser")) or "",
            organiser_kind=organiser_kind,
            county_code=key[0],
            start_date=key[1],
            end_date=end,
            trade=text(values.get("trade")),
            place=text(values.get("place")),
            subsidy=subsidy if isinstance(subsidy, Decimal) else None,
            other_trainees=other if isinstance(other, int) else 0,
        )
        return ClassRow(key, data, given)

    async def _row(self, row: SheetRow) -> None:
        parsed = self._parse(row)
        if isinstance(parsed, list):
            self.reject(row, parsed)
            return
        first = self.seen.setdefault(parsed.key, row.number)
        if first != row.number:
            message = f"同一培训班（县区、班级名称、开班日期相同）已在第 {first} 行出现"
            self.reject(row, [Problem("title", ErrorCode.DUPLICATE, message, parsed.key[2])])
            return
        county, start, title = parsed.key
        stored = (
            await self.ctx.conn.execute(
                select(training_class).where(
                    training_class.c.county_code == county,
                    training_class.c.start_date == start,
                    training_class.c.title == title,
                )
            )
        ).first()
        if stored is not None and not self.scope.allows(stored.county_code):
            message = f"找不到区划 {county}"
            self.reject(row, [Problem("county", ErrorCode.NOT_FOUND, message, county)])
            return
        counts = self.ctx.counts(row.sheet)
        try:
            if stored is None:
                await services.create_class(self.ctx.conn, parsed.data, scope=self.scope)
                counts.created += 1
                return
            changes = self._changes(parsed, stored)
            if not changes:
                counts.unchanged += 1
                return
            await services.update_class(
                self.ctx.conn, stored.id, changes, expected_version=None, scope=self.scope
            )
            counts.updated += 1
        except Problems as exc:
            self.reject(row, exc.problems)

    def _changes(self, parsed: ClassRow, stored: Any) -> dict[str, Any]:
        data = parsed.data
        changes: dict[str, Any] = {}
        if data.kind.value != stored.kind:
            changes["kind"] = data.kind
        if data.organiser_kind.value != stored.organiser_kind:
            changes["organiser_kind"] = data.organiser_kind
        for name in ("organiser", "end_date"):
            if getattr(data, name) != getattr(stored, name):
                changes[name] = getattr(data, name)
        for name in ("trade", "place", "other_trainees"):
            if name in parsed.given and getattr(data, name) != getattr(stored, name):
                changes[name] = getattr(data, name)
        if "subsidy" in parsed.given:
            try:
                fen = yuan_to_fen(data.subsidy) if data.subsidy is not None else 0
            except MoneyError:
                fen = None  # the services report it
            if fen != stored.subsidy_fen:
                changes["subsidy"] = data.subsidy
        return changes
