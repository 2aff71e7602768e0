"""A record kind: one declaration, and the checked reads and writes every kind shares.

`RecordKind(model, ...)` reads the fields a `Record` subclass declares and gives the
operations the GraphQL layer (`core.sdk.schema`) and the sheets (`core.sdk.sheets`) are built
on: the caller's scope as SQL, the checks of a write (declared limits, the region and the
parent in scope, uniqueness, then the kind's own rules), and create, update with a version
check, and delete, each audited in the write's transaction.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    UniqueConstraint,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from core.db import table_of
from core.money import yuan_to_fen
from core.problems import ErrorCode, Problem, Problems
from core.regions import RegionCodeError, canonical_code, in_subtree, level_of
from core.scope import EVERYWHERE, Scope
from core.sdk.fields import FieldSpec, Role, python_type, specs
from core.security import audit
from core.security.caller import Caller
from core.sqltypes import utcnow

S = TypeVar("S")

LEVEL_NAMES = {"CITY": "市", "COUNTY": "县区", "TOWNSHIP": "乡镇", "VILLAGE": "行政村"}


@dataclass(frozen=True)
class WriteContext:
    """What a rule is given besides the values: the transaction, the date, who writes."""

    conn: AsyncConnection
    today: date
    scope: Scope = EVERYWHERE
    caller: Caller = field(default_factory=Caller)
    plugins: Any = None
    """The loaded plugins, for `settings_of`; None outside a request or an import."""

    def settings_of(self, cls: type[S]) -> S:
        """A plugin's settings as the platform read them (`register_settings`); read afresh
        when no platform is at hand (a script, a unit test)."""
        if self.plugins is None:
            return cls()
        found: S = self.plugins.settings_of(cls)
        return found


Rule = Callable[
    [WriteContext, Mapping[str, Any], "Row[Any] | None"],
    "Iterable[Problem] | Awaitable[Iterable[Problem]]",
]
"""A kind's own check: given the record's values after the change (and the row before it, on
an update), return the problems found; an empty list lets the write go on."""


class RecordKind:
    """A kind of record a plugin keeps, declared once as a `Record` table class."""

    def __init__(
        self,
        model: type[SQLModel],
        *,
        name: str,
        title: str,
        description: str,
        plural: str,
        parent: RecordKind | None = None,
        children_field: str | None = None,
        rules: Sequence[Rule] = (),
        date_field: str | None = None,
        order_by: Sequence[str] = (),
        sheet: str | None = None,
        sheet_title: str | None = None,
        mutations: bool | Sequence[str] = True,
        mutation_directives: Sequence[object] = (),
        locked: Callable[[Row[Any]], str | None] | None = None,
        fill: Callable[[WriteContext], Mapping[str, Any]] | None = None,
        on_region: str | None = None,
        on_region_subtree: bool = True,
        on_household: str | None = None,
        on_person: str | None = None,
        extra_fields: type | None = None,
        directives: Sequence[object] = (),
        leads: Sequence[str] = (),
        sheet_links: Any = None,
        computed: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
    ) -> None:
        self.model = model
        self.table: Table = table_of(model)
        self.name = name
        """GraphQL type name (`LabourStation`); also the audit log's record type."""
        self.title = title
        """Chinese name of one record (`村级劳务工作站`)."""
        self.description = description
        self.plural = plural
        """The root connection field (`labourStations`)."""
        self.parent = parent
        self.children_field = children_field
        """The field on the parent's type that lists these records (`staff`)."""
        self.rules = tuple(rules)
        self.fields = specs(model)
        self.date_field = date_field
        """The date the connection's `from`/`to` filter applies to."""
        self.order_by = tuple(order_by)
        self.sheet = sheet
        """Name of the ledger kind (`jiuye export NAME`); None: no sheet."""
        self.sheet_title = sheet_title or title
        verbs = ("create", "update", "delete")
        self.mutations: tuple[str, ...] = (
            (verbs if mutations else ()) if isinstance(mutations, bool) else tuple(mutations)
        )
        """Which of `create`, `update`, `delete` the API offers (True: all, False: none)."""
        if set(self.mutations) - set(verbs):
            raise TypeError(f"{name}: mutations are some of {verbs}")
        self.mutation_directives = tuple(mutation_directives)
        """Schema directives on the kind's mutations (`CHECKS_EACH_RECORD` for a kind whose
        rules decide who may write, such as records a county answers on a city's task)."""
        self.locked = locked
        self.fill = fill
        """Given the write's context, values (by API name) every create fills in itself, such as
        who recorded it (`{"recorded_by": ctx.caller.name}`); for `input=False` fields."""
        """Given a stored row, why it may no longer change or be deleted (None: it may)."""
        self.on_region = on_region
        """A field on `Region` listing the kind's records there (`labourStations`)."""
        self.on_region_subtree = on_region_subtree
        """Whether that list holds the region's whole subtree (True) or its own records only."""
        self.on_household = on_household
        """A field on `Household`: the record of the household's village (`labourStation`)."""
        self.on_person = on_person
        """A field on `Person`: the kind's records about the person (by its first person field)."""
        self.extra_fields = extra_fields
        """A strawberry type whose fields join the kind's type (`self` is the record there)."""
        self.sheet_links = sheet_links
        """A `SheetLinks`: columns the ledger carries beside the declared fields."""
        self.leads = tuple(leads)
        """Departments that lead this kind where they differ from the plugin's: they may call
        its mutations and import its ledger too (`LeadBy`)."""
        self.directives = tuple(directives)
        """Schema directives on the kind's mutations (`ADMIN_ONLY`), besides those `leads` gives."""
        self.computed = computed
        """Columns no input gives, worked out on every write from the values it has, by API
        name (a site's county from its township)."""
        self.by_id: type[Any] | None = None
        """The `<Kind>ByIdLoader` class, once the plugin's schema is built."""
        self.node_type: type[Any] | None = None
        """The kind's GraphQL type (`core.sdk.node_type_of` builds it on first use)."""
        self.by_parent: type[Any] | None = None
        """For a child kind, the `<Kind>By<Parent>Loader` class, once built."""
        self._check()

    def _check(self) -> None:
        regions = [f for f in self.fields if f.role is Role.REGION]
        parents = [f for f in self.fields if f.role is Role.PARENT]
        placed_by_person = not regions and not parents and self.person_spec is not None
        if len(regions) + len(parents) != 1 and not placed_by_person:
            raise TypeError(
                f"{self.name}: a record kind has exactly one region_field() or parent_field()"
                " (or, without either, a required person_field())"
            )
        if parents and self.parent is None:
            raise TypeError(f"{self.name}: a parent_field() needs RecordKind(parent=...)")
        if self.on_household is not None and (
            not regions or (regions[0].level or "").upper() != "VILLAGE"
        ):
            raise TypeError(f"{self.name}: on_household needs a village region_field()")
        if self.on_person is not None and not any(f.role is Role.PERSON for f in self.fields):
            raise TypeError(f"{self.name}: on_person needs a person_field()")
        for name in (self.date_field, *self.order_by):
            if name is not None and name not in self.table.c:
                raise TypeError(f"{self.name}: no column {name!r}")

    # -- what the declaration says ------------------------------------------------------------

    def spec(self, name: str) -> FieldSpec:
        """The declared field whose API name is `name` (`amount` for the column `amount_fen`)."""
        return next(f for f in self.fields if f.api == name)

    @property
    def region_spec(self) -> FieldSpec | None:
        """The kind's own region field, if it has one (children take their parent's)."""
        return next((f for f in self.fields if f.role is Role.REGION), None)

    @property
    def parent_spec(self) -> FieldSpec | None:
        """The field pointing at the parent record, if the kind has a parent."""
        return next((f for f in self.fields if f.role is Role.PARENT), None)

    @property
    def person_spec(self) -> FieldSpec | None:
        """The first required person field: where a kind without a region or parent is placed."""
        return next((f for f in self.fields if f.role is Role.PERSON and f.required), None)

    def value_type(self, name: str) -> Any:
        """The Python type of a field's value (without None)."""
        return python_type(self.model, name)

    @property
    def unique_keys(self) -> list[tuple[str, ...]]:
        """Column sets the table holds unique, as declared in `__table_args__` (a unique
        constraint, or a unique index: one a migration can add without rebuilding a table)."""
        keys = [
            tuple(c.name for c in constraint.columns)
            for constraint in self.table.constraints
            if isinstance(constraint, UniqueConstraint)
        ]
        indexes = sorted((i for i in self.table.indexes if i.unique), key=lambda i: str(i.name))
        return keys + [tuple(c.name for c in index.columns) for index in indexes]

    # -- scope --------------------------------------------------------------------------------

    def region_column(self) -> ColumnElement[Any]:
        """The SQL expression of the region code a record belongs to (a parent's, for a child)."""
        own = self.region_spec
        if own is not None:
            return self.table.c[own.name]
        if self.parent is None and self.person_spec is not None:
            # A record about a person (a subsidy) is where the person's household is.
            from core.records.models import household, person

            return (
                select(household.c.village_code)
                .join(person, person.c.household_id == household.c.id)
                .where(person.c.id == self.table.c[self.person_spec.name])
                .scalar_subquery()
            )
        assert self.parent is not None
        assert self.parent_spec is not None
        parent = self.parent.table
        return (
            select(self.parent.region_column())
            .where(parent.c.id == self.table.c[self.parent_spec.name])
            .scalar_subquery()
        )

    def select_in(self, scope: Scope) -> Select[Any]:
        """The kind's rows a caller with `scope` may see."""
        query = select(self.table)
        if scope.unrestricted:
            return query
        return query.where(scope.where(self.region_column()))

    def in_region(self, query: Select[Any], code: str) -> Select[Any]:
        """Narrow a query of this kind to a region's subtree."""
        return query.where(in_subtree(self.region_column(), code))

    async def get(self, conn: AsyncConnection, key: int, scope: Scope) -> Row[Any] | None:
        """One record by key, or None when it is missing or outside the scope."""
        query = self.select_in(scope).where(self.table.c.id == key)
        found: Row[Any] | None = (await conn.execute(query)).first()
        return found

    # -- writes -------------------------------------------------------------------------------

    def stored(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Values by API name as the table stores them, by column (元 → 分, choices → values)."""
        out: dict[str, Any] = {}
        for name, value in values.items():
            spec = self.spec(name)
            column = spec.name
            if value is None:
                out[column] = None
            elif spec.role is Role.MONEY:
                out[column] = yuan_to_fen(value)
            elif spec.choices is not None:
                out[column] = spec.choices(value).value
            elif spec.role is Role.REGION:
                out[column] = canonical_code(str(value))
            elif isinstance(value, str):
                out[column] = value.strip()
            else:
                out[column] = value
        if self.computed is not None:
            out.update(self.computed(values))
        return out

    def _declared_problems(self, values: Mapping[str, Any], today: date) -> list[Problem]:
        problems: list[Problem] = []
        for spec in self.fields:
            value = values.get(spec.api)
            if value is None or (isinstance(value, str) and not value.strip()):
                if spec.required:
                    problems.append(Problem(spec.api, ErrorCode.REQUIRED, f"请填写{spec.header}"))
                continue
            problems.extend(self._value_problems(spec, value, today))
        return problems

    def _value_problems(self, spec: FieldSpec, value: Any, today: date) -> list[Problem]:
        header = spec.header
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, str) and spec.max_length is not None and len(value) > spec.max_length:
            return [
                Problem(
                    spec.api,
                    ErrorCode.OUT_OF_RANGE,
                    f"{header}不能超过 {spec.max_length} 个字（现有 {len(value)} 个）",
                    value,
                )
            ]
        if spec.choices is not None:
            allowed = [c.value for c in spec.choices]
            raw = value.value if hasattr(value, "value") else value
            if raw not in allowed:
                return [
                    Problem(
                        spec.api,
                        ErrorCode.INVALID,
                        f"{header}只能是：{'、'.join(map(str, allowed))}",
                        value,
                    )
                ]
        if spec.role is Role.MONEY:
            try:
                amount = Decimal(str(value))
            except InvalidOperation:
                return [Problem(spec.api, ErrorCode.INVALID, f"{header}应是金额（元）", value)]
            if amount != amount.quantize(Decimal("0.01")):
                return [Problem(spec.api, ErrorCode.INVALID, f"{header}最多精确到分", value)]
            return self._range(spec, amount, "元")
        if isinstance(value, int) and not isinstance(value, bool):
            return self._range(spec, Decimal(value), "")
        if isinstance(value, date) and spec.not_future and value > today:
            return [
                Problem(spec.api, ErrorCode.OUT_OF_RANGE, f"{header}不能晚于今天（{today}）", value)
            ]
        return []

    @staticmethod
    def _range(spec: FieldSpec, value: Decimal, unit: str) -> list[Problem]:
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{'' if low is None else low}–{'' if high is None else high}{unit}"
            return [
                Problem(
                    spec.api,
                    ErrorCode.OUT_OF_RANGE,
                    f"{spec.header}应在 {bounds} 之间（现为 {value}）",
                    value,
                )
            ]
        return []

    async def _reference_problems(
        self, ctx: WriteContext, values: Mapping[str, Any]
    ) -> list[Problem]:
        from core.records.models import region as region_table

        problems: list[Problem] = []
        own = self.region_spec
        if own is not None and values.get(own.name):
            raw = str(values[own.name])
            try:
                code = canonical_code(raw)
            except RegionCodeError as exc:
                return [Problem(own.name, ErrorCode.INVALID, str(exc), raw)]
            found = (
                await ctx.conn.execute(
                    select(region_table.c.code).where(region_table.c.code == code)
                )
            ).first()
            if found is None or not ctx.scope.allows(code):
                problems.append(
                    Problem(
                        own.name, ErrorCode.NOT_FOUND, f"没有区划 {code}（或不在您的范围内）", raw
                    )
                )
            elif own.level is not None and level_of(code) != own.level.upper():
                problems.append(
                    Problem(
                        own.name,
                        ErrorCode.INVALID,
                        f"{own.header}应是{LEVEL_NAMES.get(own.level.upper(), own.level)}的代码",
                        raw,
                    )
                )
        parent = self.parent_spec
        if parent is not None and self.parent is not None and values.get(parent.name):
            row = await self.parent.get(ctx.conn, int(values[parent.name]), ctx.scope)
            if row is None:
                problems.append(
                    Problem(
                        parent.name,
                        ErrorCode.NOT_FOUND,
                        f"没有这个{self.parent.title}（或不在您的范围内）",
                    )
                )
        for spec in self.fields:
            if spec.role is Role.PERSON and values.get(spec.name) is not None:
                problems.extend(await self._person_problems(ctx, spec, values[spec.name]))
        return problems

    @staticmethod
    async def _person_problems(ctx: WriteContext, spec: FieldSpec, key: Any) -> list[Problem]:
        from core.records.models import person
        from core.records.sql import persons_in

        found = (
            await ctx.conn.execute(persons_in(ctx.scope).where(person.c.id == int(key)))
        ).first()
        if found is None:
            return [Problem(spec.api, ErrorCode.NOT_FOUND, "没有这个人（或不在您的范围内）")]
        return []

    async def _unique_problems(
        self, ctx: WriteContext, values: Mapping[str, Any], key: int | None
    ) -> list[Problem]:
        """Keys held unique that another record has. One in the caller's scope is named a
        duplicate; one outside it is the one answer for a key registered elsewhere, audited
        and capped per token (`core.security.probes`), naming nobody."""
        from core.security import probes

        problems = []
        answers = []
        for columns in self.unique_keys:
            if any(values.get(c) is None for c in columns):
                continue
            query = select(self.table.c.id, self.region_column().label("region_code")).where(
                *(self.table.c[c] == values[c] for c in columns)
            )
            if key is not None:
                query = query.where(self.table.c.id != key)
            found = (await ctx.conn.execute(query.limit(1))).first()
            if found is None:
                continue
            declared = [self.column_spec(c) for c in columns if self._declared(c)]
            headers = "、".join(spec.header for spec in declared)
            field_name = declared[-1].api if declared else "input"
            if ctx.scope.allows(found.region_code):
                problems.append(
                    Problem(field_name, ErrorCode.DUPLICATE, f"已有{headers}相同的{self.title}")
                )
            else:
                shown = "/".join(str(values[c]) for c in columns)
                problems.append(probes.elsewhere(field_name, f"{self.title}的{headers}", shown))
                answers.append(probes.Answer(f"{self.name}.{'+'.join(columns)}", shown))
        await probes.admit(ctx.conn, ctx.scope, answers)
        return problems

    def _declared(self, column: str) -> bool:
        return any(f.name == column for f in self.fields)

    def column_spec(self, column: str) -> FieldSpec:
        """The declared field stored in `column`."""
        return next(f for f in self.fields if f.name == column)

    async def check(
        self, ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None = None
    ) -> list[Problem]:
        """Every problem with a record's values: declared limits, references, uniqueness, rules."""
        problems = self._declared_problems(values, ctx.today)
        wrong = {p.field for p in problems}
        problems += await self._reference_problems(
            ctx, {k: v for k, v in values.items() if k not in wrong}
        )
        if problems:
            return problems
        stored = self.stored(values)
        problems = await self._unique_problems(ctx, stored, None if before is None else before.id)
        for rule in self.rules:
            found = rule(ctx, values, before)
            if inspect.isawaitable(found):
                found = await found
            problems.extend(found)
        return problems

    async def create(self, ctx: WriteContext, values: Mapping[str, Any]) -> int:
        """Check and insert a record; return its key. Raises `Problems`."""
        values = self.with_defaults(values)
        if self.fill is not None:
            values = {**values, **self.fill(ctx)}
        problems = await self.check(ctx, values)
        if problems:
            raise Problems(problems)
        now = utcnow()
        stored = self.stored(values)
        result = await ctx.conn.execute(
            insert(self.table)
            .values(**stored, version=1, created_at=now, updated_at=now)
            .returning(self.table.c.id)
        )
        key = int(result.scalar_one())
        await audit.log(ctx.conn, f"create{self.name}", self.name, key, after=stored)
        return key

    async def update(
        self,
        ctx: WriteContext,
        key: int,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None,
    ) -> int:
        """Check and apply changes to a record the caller may see; return its key."""
        row = await self.get(ctx.conn, key, ctx.scope)
        if row is None:
            raise Problems.one(
                "id", ErrorCode.NOT_FOUND, f"没有这个{self.title}（或不在您的范围内）"
            )
        self._refuse_locked(row)
        fixed = [n for n in changes if not self.spec(n).editable]
        if fixed:
            raise Problems.one(fixed[0], ErrorCode.INVALID, f"{self.spec(fixed[0]).header}不能修改")
        if expected_version is not None and expected_version != row.version:
            raise Problems.one(
                "version", ErrorCode.CONFLICT, "这条记录刚被他人修改，请刷新后再改", row.version
            )
        current = self.current_values(row)
        merged = {**current, **changes}
        problems = await self.check(ctx, merged, row)
        if problems:
            raise Problems(problems)
        stored = self.stored(changes)
        result = await ctx.conn.execute(
            update(self.table)
            .where(self.table.c.id == key, self.table.c.version == row.version)
            .values(**stored, version=row.version + 1, updated_at=utcnow())
        )
        if result.rowcount != 1:
            raise Problems.one(
                "version", ErrorCode.CONFLICT, "这条记录刚被他人修改，请刷新后再改", row.version
            )
        before = {name: row._mapping[name] for name in stored}
        await audit.log(ctx.conn, f"update{self.name}", self.name, key, before=before, after=stored)
        return key

    async def delete(self, ctx: WriteContext, key: int, *, expected_version: int | None) -> None:
        """Delete a record the caller may see, if nothing refers to it."""
        row = await self.get(ctx.conn, key, ctx.scope)
        if row is None:
            raise Problems.one(
                "id", ErrorCode.NOT_FOUND, f"没有这个{self.title}（或不在您的范围内）"
            )
        self._refuse_locked(row)
        if expected_version is not None and expected_version != row.version:
            raise Problems.one(
                "version", ErrorCode.CONFLICT, "这条记录刚被他人修改，请刷新后再改", row.version
            )
        await ctx.conn.execute(delete(self.table).where(self.table.c.id == key))
        before = {spec.name: row._mapping[spec.name] for spec in self.fields}  # as stored
        await audit.log(ctx.conn, f"delete{self.name}", self.name, key, before=before)

    def defaults(self) -> dict[str, Any]:
        """The declared defaults of optional fields (a blank cell or a value left out: 0, 否)."""
        found = {}
        for spec in self.fields:
            default = self.model.model_fields[spec.name].default
            if not spec.required and default is not None and isinstance(default, int | str):
                found[spec.api] = default
        return found

    def with_defaults(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """`values` with each field left out (or None) that declares a default other than None
        (`cancelled=False`, `intentions=0`) given that default."""
        out = dict(values)
        for spec in self.fields:
            info = self.model.model_fields[spec.name]
            if out.get(spec.api) is None and not info.is_required() and info.default is not None:
                out[spec.api] = info.default
        return out

    def _refuse_locked(self, row: Row[Any]) -> None:
        reason = None if self.locked is None else self.locked(row)
        if reason is not None:
            raise Problems.one("id", ErrorCode.RULE_VIOLATED, reason)

    def current_values(self, row: Row[Any]) -> dict[str, Any]:
        """A row's declared values in the form inputs give them (元 for money, enums)."""
        from core.money import fen_to_yuan

        values: dict[str, Any] = {}
        for spec in self.fields:
            value = row._mapping[spec.name]
            if value is not None and spec.role is Role.MONEY:
                value = fen_to_yuan(value)
            elif value is not None and spec.choices is not None:
                value = spec.choices(value)
            values[spec.api] = value
        return values


__all__ = ["RecordKind", "Rule", "WriteContext"]
