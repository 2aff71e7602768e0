"""The ledger (台账) of a record kind, built from its declaration.

One column per declared field, under its header (and the variants people write). A row
creates the record or, where the kind has a unique key and a record with that key exists in
the importer's scope, brings it up to date; a row that changes nothing is counted unchanged.
Every row goes through the same checks as the mutations (`RecordKind.check`). The export
writes the same columns, so export → import changes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
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
    id_number_text,
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
from core.sdk.places import Places, place_columns, place_depth
from core.security.masking import mask_id_number

ParentFinder = Callable[[SheetRow], "int | Problem"]
ParentCells = Callable[[int], Sequence[object]]


@dataclass(frozen=True)
class SheetParent:
    """How a child kind's ledger names the parent record: by columns people write (a county and
    a site's name) instead of a key. `finder(ctx)` is opened once per import and returns the
    lookup of a row's parent key (or the problem); `cells(conn, request)` is opened once per
    export and returns the cells naming a parent key."""

    columns: tuple[Column, ...]
    finder: Callable[[ImportContext], Awaitable[ParentFinder]]
    cells: Callable[[AsyncConnection, ExportRequest], Awaitable[ParentCells]]


def _parse(kind: RecordKind, spec: FieldSpec, value: object) -> object:
    """A cell as the field's value, a `Problem`, or None for a blank cell."""
    label = spec.header
    if spec.role is Role.PERSON:
        number = id_number_text(value, field=spec.api)
        return number.upper() if isinstance(number, str) else number
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
        digits = found.replace(",", "")  # thousands as people write them: 2,500
        if digits.isascii() and digits.lstrip("-").isdigit() and len(digits) <= 18:
            return int(digits)
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


@dataclass(frozen=True)
class SheetLinks:
    """Columns a kind's ledger carries beside its declared fields: links the plugin keeps in a
    table of its own (the households a push reached).

    `write(ctx, key, cells)` brings the record's links in line with a row's cells (by column
    field) after the record is written, returns whether they changed, and raises `Problems`
    (naming its columns) to refuse the row; `read(conn, keys, scope)` gives each record's
    cells for the export, in the order of `columns`.
    """

    columns: tuple[Column, ...]
    write: Callable[[WriteContext, int, Mapping[str, object]], Awaitable[bool]]
    read: Callable[
        [AsyncConnection, Sequence[int], Scope], Awaitable[Mapping[int, Sequence[object]]]
    ]
    after: tuple[str, ...] = ()
    """Sheet kinds the links refer to, imported first (`ledger`: households and people)."""


class KindImporter:
    """Creates or updates one record per row, through the kind's own checks."""

    def __init__(
        self, kind: RecordKind, ctx: ImportContext, parent: ParentFinder | None = None
    ) -> None:
        self.kind = kind
        self.ctx = ctx
        self.parent = parent
        caller = ctx.options.caller
        self.write_ctx = WriteContext(
            conn=ctx.conn,
            today=ctx.options.today,
            scope=Scope(caller.region),
            caller=caller,
            plugins=ctx.plugins,
        )
        keys = kind.unique_keys
        self.key = keys[0] if keys else None
        """The unique key's columns; rows are matched on it."""
        self.key_fields = [kind.column_spec(c).api for c in self.key or ()]
        self.seen: dict[tuple[object, ...], int] = {}
        own = kind.region_spec
        self.place_spec = own if own is not None and own.places else None
        self.places: Places | None = None
        self.named_by: dict[int, str] = {}
        """The place column that named each row's region (its problems are shown there)."""

    def reject(self, row: SheetRow, problems: Sequence[Problem]) -> None:
        for problem in problems:
            if self.place_spec is not None and problem.field == self.place_spec.api:
                where = self.named_by.get(row.number, f"{problem.field}__county")
                problem = Problem(where, problem.code, problem.message, problem.value)
            self.ctx.problem(row.sheet, row.number, problem)
        self.ctx.counts(row.sheet).rejected += 1

    async def place(self, row: SheetRow, values: dict[str, Any]) -> Problem | None:
        """Resolve the region the row's place columns name into the region field's value."""
        spec = self.place_spec
        assert spec is not None
        if self.places is None:
            self.places = await Places.load(self.ctx.conn)
        found = self.places.region(row.values, place_columns(spec.api, spec.level, spec.places))
        if isinstance(found, Problem):
            return found
        values[spec.api], self.named_by[row.number] = found
        return None

    def parse(self, row: SheetRow) -> dict[str, Any] | list[Problem]:
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for spec in self.kind.fields:
            if spec.role is Role.PARENT and self.parent is not None:
                found: object = self.parent(row)
            elif (
                not spec.input
                or spec is self.place_spec
                or not self.ctx.has_column(row.sheet, spec.api)
            ):
                continue  # a field the plugin sets itself is written out, never read in
            else:
                found = _parse(self.kind, spec, row.values.get(spec.api))
            if isinstance(found, Problem):
                problems.append(found)
            else:
                values[spec.api] = found
        # A blank cell of a field with a default (已取消, 达成意向人数) is that default on a new
        # record (`RecordKind.create`) and leaves a stored value as it is (`write`).
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
            misplaced = await self.place(row, values) if self.place_spec else None
            if misplaced is not None:
                self.reject(row, [misplaced])
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
        # A refused row leaves no trace: the record and its links are written together or not.
        savepoint = await conn.begin_nested()
        try:
            if existing is None:
                record, outcome = await kind.create(self.write_ctx, values), "created"
            else:
                current = kind.current_values(existing)
                defaults = kind.defaults()  # a blank count or yes/no cell leaves it as it is
                changes = {
                    name: value
                    for name, value in values.items()
                    if kind.spec(name).editable
                    and not (value is None and name in defaults)
                    and _differs(current.get(name), value)
                }
                record, outcome = int(existing.id), "updated" if changes else "unchanged"
                if changes:
                    await kind.update(self.write_ctx, record, changes, expected_version=None)
            links = kind.sheet_links
            if links is not None and await links.write(self.write_ctx, record, row.values):
                outcome = "updated" if outcome == "unchanged" else outcome
        except Problems as exc:
            await savepoint.rollback()
            self.reject(row, exc.problems)
            return
        await savepoint.commit()
        setattr(counts, outcome, getattr(counts, outcome) + 1)

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


def _columns(kind: RecordKind, parent: SheetParent | None = None) -> tuple[Column, ...]:
    columns: list[Column] = list(parent.columns) if parent is not None else []
    for spec in kind.fields:
        if spec.role is Role.REGION and spec.places:
            columns.extend(place_columns(spec.api, spec.level, spec.places))
            continue
        if spec.role is Role.PARENT and parent is not None:
            continue
        columns.append(
            Column(spec.header, spec.api, required=spec.required, variants=spec.variants)
        )
        if spec.role is Role.PERSON and spec.name_header:
            columns.append(Column(spec.name_header, _name_key(spec), required=False))
    if kind.sheet_links is not None:
        columns.extend(kind.sheet_links.columns)
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


def sheet_kind(
    kind: RecordKind,
    *,
    parent: SheetParent | None = None,
    name: str | None = None,
    title: str | None = None,
    after: Sequence[str] = (),
) -> SheetKind:
    """The ledger of a record kind (its `sheet` names it, or `name`). A child kind's ledger
    names its parent as `parent` says; `after` adds the ledgers to import first."""
    name = name or kind.sheet
    if name is None:
        raise TypeError(f"{kind.name} declares no sheet")
    if kind.region_spec is None and kind.person_spec is None and parent is None:
        raise TypeError(
            f"{kind.name}: a sheet needs a kind with a region_field() or person_field(),"
            " or a SheetParent"
        )
    columns = _columns(kind, parent)
    links = kind.sheet_links
    own = kind.region_spec or kind.person_spec or kind.parent_spec
    assert own is not None
    key = kind.unique_keys[0] if kind.unique_keys else (own.name,)

    async def importer(ctx: ImportContext) -> SheetImporter:
        return KindImporter(kind, ctx, None if parent is None else await parent.finder(ctx))

    async def exporter(
        conn: AsyncConnection, request: ExportRequest
    ) -> AsyncIterator[Sequence[object]]:
        scope = Scope(request.caller.region)
        query = kind.in_region(kind.select_in(scope), request.region)
        if kind.date_field is not None:
            # A ledger as of a day holds the records begun by then.
            query = query.where(kind.table.c[kind.date_field] <= request.as_of)
        query = query.order_by(*(kind.table.c[c] for c in key), kind.table.c.id)
        rows = (await conn.execute(query)).all()
        people = await _people(conn, kind, rows, request)
        places = await Places.load(conn) if any(f.places for f in kind.fields) else None
        links = kind.sheet_links
        linked = await links.read(conn, [r.id for r in rows], scope) if links else {}
        naming = None if parent is None else await parent.cells(conn, request)
        for row in rows:
            cells: list[object] = []
            for spec in kind.fields:
                value = row._mapping[spec.name]
                if spec.places and places is not None:
                    cells.extend(places.names(value, place_depth(spec.places, spec.level)))
                    continue
                if spec.role is Role.PARENT and naming is not None:
                    cells[:0] = naming(value)
                    continue
                if spec.role is not Role.PERSON:
                    cells.append(_cell(spec, value))
                    continue
                number, person_name = (
                    people.get(value, (None, None)) if value is not None else (None, None)
                )
                cells.append(number)
                if spec.name_header:
                    cells.append(person_name)
            if links is not None:
                cells.extend(linked.get(row.id, [None] * len(links.columns)))
            yield cells

    return SheetKind(
        name=name,
        title=title or kind.sheet_title,
        columns=columns,
        importer=importer,
        exporter=exporter,
        after=tuple(
            dict.fromkeys(
                (
                    "regions",
                    *(("ledger",) if kind.person_spec else ()),
                    *(links.after if links else ()),
                    *after,
                )
            )
        ),
        description=kind.description,
        leads=kind.leads or None,
    )


__all__ = ["KindImporter", "SheetLinks", "SheetParent", "sheet_kind"]
