"""The ledger (台账) of a record kind, built from its declaration.

One column per declared field, under its header (and the variants people write). A row
creates the record or, where the kind has a unique key and a record with that key exists in
the importer's scope, brings it up to date; a row that changes nothing is counted unchanged.
Every row goes through the same checks as the mutations (`RecordKind.check`). The export
writes the same columns, so export → import changes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.enums import LabelledEnum
from core.importing.sheets import (
    Column,
    ExportRequest,
    ImportContext,
    SheetImporter,
    SheetKind,
    SheetRow,
)
from core.importing.values import (
    digits_text,
    parse_date,
    parse_label,
    parse_money,
    parse_yes_no,
    text,
)
from core.money import fen_to_yuan
from core.problems import ErrorCode, Problem, Problems
from core.regions import RegionCodeError
from core.scope import Scope
from core.sdk.fields import FieldSpec, Role
from core.sdk.kinds import RecordKind, WriteContext
from core.security.masking import mask_id_number


def _parse(kind: RecordKind, spec: FieldSpec, value: object) -> object:
    """A cell as the field's value, a `Problem`, or None for a blank cell."""
    label = spec.header
    if spec.role is Role.PERSON:
        number = text(value)
        return None if number is None else number.upper()
    if spec.role is Role.REGION:
        return digits_text(value, field=spec.api, what=label)
    if spec.role is Role.MONEY:
        return parse_money(value, field=spec.api, label=label)
    if spec.choices is not None and issubclass(spec.choices, LabelledEnum):
        return parse_label(spec.choices, value, field=spec.api, label=label)
    python = kind.value_type(spec.name)
    if python is bool:
        return parse_yes_no(value, field=spec.api, label=label)
    if python is date:
        return parse_date(value, field=spec.api, label=label)
    if python is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        found = text(value)
        if found is None:
            return None
        if found.isascii() and found.lstrip("-").isdigit() and len(found) <= 18:
            return int(found)
        return Problem(spec.api, ErrorCode.INVALID, f"{label}应为整数，这里是“{found}”", value)
    return text(value)


def _cell(spec: FieldSpec, value: Any) -> object:
    if value is None:
        return None
    if spec.role is Role.MONEY:
        return fen_to_yuan(value)
    if spec.choices is not None and issubclass(spec.choices, LabelledEnum):
        return spec.choices(value).label
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


class KindImporter:
    """Creates or updates one record per row, through the kind's own checks."""

    def __init__(self, kind: RecordKind, ctx: ImportContext) -> None:
        self.kind = kind
        self.ctx = ctx
        caller = ctx.options.caller
        self.write_ctx = WriteContext(
            conn=ctx.conn, today=ctx.options.today, scope=Scope(caller.region), caller=caller
        )
        keys = kind.unique_keys
        self.key = keys[0] if keys else None
        """The unique key's columns; rows are matched on it."""
        self.key_fields = [kind.column_spec(c).api for c in self.key or ()]
        self.seen: dict[tuple[object, ...], int] = {}

    def reject(self, row: SheetRow, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.ctx.problem(row.sheet, row.number, problem)
        self.ctx.counts(row.sheet).rejected += 1

    def parse(self, row: SheetRow) -> dict[str, Any] | list[Problem]:
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for spec in self.kind.fields:
            if not spec.input or not self.ctx.has_column(row.sheet, spec.api):
                continue  # a field the plugin sets itself is written out, never read in
            found = _parse(self.kind, spec, row.values.get(spec.api))
            if isinstance(found, Problem):
                problems.append(found)
            else:
                values[spec.api] = found
        return problems or values

    async def people(self, row: SheetRow, values: dict[str, Any]) -> list[Problem]:
        """Replace each person field's ID number by the person's key, found in the importer's
        scope; a name written beside it must be the registered one."""
        from core.records.models import person
        from core.records.sql import persons_in

        problems = []
        for spec in self.kind.fields:
            number = values.get(spec.api) if spec.role is Role.PERSON else None
            if number is None:
                continue
            query = persons_in(self.write_ctx.scope).where(person.c.id_number_hash == number)
            found = (await self.ctx.conn.execute(query)).first()
            if found is None:
                problems.append(
                    Problem(
                        spec.api,
                        ErrorCode.NOT_FOUND,
                        f"找不到{spec.header}为 {number} 的登记人员（或不在您的范围内）",
                        number,
                    )
                )
                continue
            values[spec.api] = found.id
            name = text(row.values.get(_name_key(spec))) if spec.name_header else None
            if name is not None and name != found.name:
                problems.append(
                    Problem(
                        _name_key(spec),
                        ErrorCode.INVALID,
                        f"{spec.name_header}“{name}”与{spec.header}登记的姓名不符",
                        name,
                    )
                )
        return problems

    def natural_key(self, values: dict[str, Any]) -> tuple[object, ...] | None:
        if self.key is None or any(values.get(f) is None for f in self.key_fields):
            return None
        try:
            return tuple(self.kind.stored({f: values[f] for f in self.key_fields}).values())
        except (RegionCodeError, ValueError):
            return None

    async def add(self, rows: Sequence[SheetRow]) -> None:
        for row in rows:
            values = self.parse(row)
            if isinstance(values, list):
                self.reject(row, values)
                continue
            wrong = await self.people(row, values)
            if wrong:
                self.reject(row, wrong)
                continue
            key = self.natural_key(values)
            if key is not None:
                if key in self.seen:
                    headers = "、".join(self.kind.spec(f).header for f in self.key_fields)
                    self.reject(
                        row,
                        [
                            Problem(
                                self.key_fields[-1],
                                ErrorCode.DUPLICATE,
                                f"{headers}与第 {self.seen[key]} 行相同：每条{self.kind.title}一行",
                            )
                        ],
                    )
                    continue
                self.seen[key] = row.number
            await self.write(row, key, values)

    async def write(
        self, row: SheetRow, key: tuple[object, ...] | None, values: dict[str, Any]
    ) -> None:
        kind, conn = self.kind, self.ctx.conn
        existing = None
        if key is not None and self.key is not None:
            query = kind.select_in(self.write_ctx.scope).where(
                *(kind.table.c[c] == v for c, v in zip(self.key, key, strict=True))
            )
            existing = (await conn.execute(query)).first()
        counts = self.ctx.counts(row.sheet)
        # A write checks everything before it writes anything, so a refused row leaves no trace.
        try:
            if existing is None:
                await kind.create(self.write_ctx, values)
                counts.created += 1
                return
            current = kind.current_values(existing)
            changes = {
                name: value
                for name, value in values.items()
                if kind.spec(name).editable and _differs(current.get(name), value)
            }
            if not changes:
                counts.unchanged += 1
                return
            await kind.update(self.write_ctx, existing.id, changes, expected_version=None)
            counts.updated += 1
        except Problems as exc:
            self.reject(row, exc.problems)

    async def finish(self) -> None:
        """Every row was written as it came; nothing waits for the end."""


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        return current is None or new is None or Decimal(current) != Decimal(new)
    if hasattr(current, "value") and not hasattr(new, "value"):
        return bool(current.value != new)
    return bool(current != new)


def _name_key(spec: FieldSpec) -> str:
    return f"{spec.api}__name"


def _columns(kind: RecordKind) -> tuple[Column, ...]:
    columns = []
    for spec in kind.fields:
        columns.append(
            Column(spec.header, spec.api, required=spec.required, variants=spec.variants)
        )
        if spec.role is Role.PERSON and spec.name_header:
            columns.append(Column(spec.name_header, _name_key(spec), required=False))
    return tuple(columns)


async def _people(
    conn: AsyncConnection, kind: RecordKind, rows: Sequence[Any], request: ExportRequest
) -> dict[int, tuple[str | None, str]]:
    """ID number (masked where the file is, or the person is outside the caller's scope) and
    name of every person the rows name."""
    from core.records.models import household, person

    keys = {
        row._mapping[spec.name]
        for row in rows
        for spec in kind.fields
        if spec.role is Role.PERSON and row._mapping[spec.name] is not None
    }
    if not keys:
        return {}
    scope = Scope(request.caller.region)
    query = (
        select(person.c.id, person.c.id_number, person.c.name, household.c.village_code)
        .join(household, household.c.id == person.c.household_id)
        .where(person.c.id.in_(keys))
    )
    found = {}
    for row in await conn.execute(query):
        shown = request.masked or not scope.allows(row.village_code)
        found[row.id] = (mask_id_number(row.id_number) if shown else row.id_number, row.name)
    return found


def sheet_kind(kind: RecordKind) -> SheetKind:
    """The ledger of a record kind (its `sheet` names it)."""
    if kind.sheet is None:
        raise TypeError(f"{kind.name} declares no sheet")
    if kind.region_spec is None:
        raise TypeError(f"{kind.name}: a sheet needs a kind with its own region_field()")
    columns = _columns(kind)
    key = kind.unique_keys[0] if kind.unique_keys else (kind.region_spec.name,)

    async def importer(ctx: ImportContext) -> SheetImporter:
        return KindImporter(kind, ctx)

    async def exporter(
        conn: AsyncConnection, request: ExportRequest
    ) -> AsyncIterator[Sequence[object]]:
        query = kind.in_region(kind.select_in(Scope(request.caller.region)), request.region)
        query = query.order_by(*(kind.table.c[c] for c in key), kind.table.c.id)
        rows = (await conn.execute(query)).all()
        people = await _people(conn, kind, rows, request)
        for row in rows:
            cells: list[object] = []
            for spec in kind.fields:
                value = row._mapping[spec.name]
                if spec.role is not Role.PERSON:
                    cells.append(_cell(spec, value))
                    continue
                number, name = (
                    people.get(value, (None, None)) if value is not None else (None, None)
                )
                cells.append(number)
                if spec.name_header:
                    cells.append(name)
            yield cells

    return SheetKind(
        name=kind.sheet,
        title=kind.sheet_title,
        columns=columns,
        importer=importer,
        exporter=exporter,
        after=("regions",),
        description=kind.description,
    )


__all__ = ["KindImporter", "sheet_kind"]
