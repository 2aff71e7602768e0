"""What every ledger sheet of the plugin shares: places, counts, and the row-by-row writer.

Places are named as county offices name them: 县区, 乡镇 and 行政村, each by name (within the
level above) or by code; the deeper columns left blank place a record higher up, and all of
them blank (or the city's name in 县区) place it at the city. Rows are parsed first, keys the
file repeats are refused, then each row is written through the same services the mutations
use, inside a savepoint: a row a service refuses is rolled back alone and its problems are
reported on the row's columns.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    CITY_CODE,
    COUNTY_LEVELS,
    ErrorCode,
    ImportContext,
    Problem,
    Problems,
    RegionCodeError,
    RegionIndex,
    Scope,
    SheetRow,
    canonical_code,
    digits_text,
    id_number_text,
    is_blank,
    name_key,
    person,
    persons_in,
    text,
)

CITY_WORDS = frozenset({"市本级", "市级", "全市"})
"""What a 县区 cell may say for a record of the city itself (besides the city's name or code)."""
_STEPS = {
    "county": ("县区", COUNTY_LEVELS),
    "township": ("乡镇", frozenset({"TOWNSHIP"})),
    "village": ("行政村", frozenset({"VILLAGE"})),
}
PLACE_FIELDS = frozenset(_STEPS)
_LEVEL_NAMES = {"CITY": "市", "COUNTY": "县", "DISTRICT": "区", "TOWNSHIP": "乡镇", "VILLAGE": "村"}


def parse_count(value: object, *, field: str, label: str) -> int | Problem | None:
    """A whole number from a number cell or text such as `1,200`."""
    if isinstance(value, bool):
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数，这里是 {value:g}", value)
    found = text(value)
    if found is None:
        return None
    cleaned = unicodedata.normalize("NFKC", found).replace(",", "").replace(" ", "")
    for unit in ("个月", "个", "人", "家", "场", "月"):
        cleaned = cleaned.removesuffix(unit)
    try:
        number = Decimal(cleaned)
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数，这里是“{found}”", value)
    return int(number)


class Places:
    """Regions by code and by (parent, name), for reading and writing 县区/乡镇/行政村."""

    def __init__(self, index: RegionIndex) -> None:
        self.index = index
        self.children: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        for entry in index.by_code.values():
            for name in {name_key(entry.name), name_key(entry.short_name)}:
                self.children[(entry.parent_code, name)].append(entry.code)
        city = index.by_code.get(CITY_CODE)
        self.city_words = set(CITY_WORDS) | {CITY_CODE}
        if city is not None:
            self.city_words |= {name_key(city.name), name_key(city.short_name)}

    @classmethod
    async def load(cls, conn: AsyncConnection) -> Places:
        """Read the region table (regions imported earlier in the same file included)."""
        return cls(await RegionIndex.load(conn))

    def region(
        self, values: Mapping[str, object], fields: Sequence[str]
    ) -> tuple[str, str] | list[Problem]:
        """The region a row names and the column naming it, or the problem with its place.

        Blank deeper columns place the record higher up; a blank upper column is allowed only
        when a deeper one gives a code (a name is looked up within the level above)."""
        current: str | None = CITY_CODE
        where = fields[0]
        for position, name in enumerate(fields):
            label, levels = _STEPS[name]
            raw = values.get(name)
            written = digits_text(raw, field=name, what="区划代码")
            if isinstance(written, Problem):
                return [written]
            if written is None or (name == "county" and name_key(written) in self.city_words):
                if all(is_blank(values.get(f)) for f in fields[position + 1 :]):
                    return (current or CITY_CODE), where
                current = None  # a deeper column must then give a code
                continue
            if current is None and not written.isdigit():
                parent = fields[position - 1]
                return [
                    Problem(
                        parent,
                        ErrorCode.REQUIRED,
                        f"{label}“{written}”按名称填写，须同时填它所在的{_STEPS[parent][0]}"
                        f"（或改填{label}的区划代码）",
                        values.get(parent),
                    )
                ]
            found = self._step(written, raw, name, label, levels, current)
            if isinstance(found, Problem):
                return [found]
            current, where = found, name
        return (current or CITY_CODE), where

    def _step(
        self,
        written: str,
        raw: object,
        name: str,
        label: str,
        levels: frozenset[str],
        parent: str | None,
    ) -> str | Problem:
        if written.isdigit():
            try:
                code = canonical_code(written)
            except RegionCodeError as exc:
                return Problem(name, ErrorCode.INVALID, str(exc), raw)
            entry = self.index.by_code.get(code)
            if entry is None:
                return Problem(name, ErrorCode.NOT_FOUND, f"区划代码 {code} 不在区划名单中", raw)
            if entry.level not in levels:
                return Problem(
                    name,
                    ErrorCode.INVALID,
                    f"{self.index.describe(code)} 是{level_name(entry.level)}，不是{label}",
                    raw,
                )
            if parent is not None and entry.parent_code != parent:
                return Problem(
                    name,
                    ErrorCode.INVALID,
                    f"{label} {self.index.describe(code)} 不在 {self.index.describe(parent)} 下",
                    raw,
                )
            return code
        within = self.index.describe(parent or CITY_CODE)
        codes = [
            c
            for c in self.children.get((parent, name_key(written)), [])
            if self.index.by_code[c].level in levels
        ]
        if len(codes) == 1:
            return codes[0]
        if codes:
            return Problem(
                name,
                ErrorCode.INVALID,
                f"{within} 下名为“{written}”的{label}不止一个：请填区划代码",
                raw,
            )
        return Problem(name, ErrorCode.NOT_FOUND, f"{within} 下没有名为“{written}”的{label}", raw)

    def names(self, code: str) -> list[str | None]:
        """县区, 乡镇 and 行政村 of a region as exports write them (the city: its name in 县区)."""
        chain: list[str | None] = []
        entry = self.index.by_code.get(code)
        while entry is not None and entry.level != "CITY":
            chain.insert(0, entry.name)
            entry = self.index.by_code.get(entry.parent_code or "")
        if not chain:
            city = self.index.by_code.get(CITY_CODE)
            chain = [city.name if city is not None else CITY_CODE]
        return chain + [None] * (3 - len(chain))


def level_name(level: str) -> str:
    """市, 县, 区, 乡镇 or 村, for messages."""
    return _LEVEL_NAMES.get(level, level)


@dataclass
class Line:
    """One parsed row: its values by field, and whether a problem was found."""

    raw: SheetRow
    values: dict[str, Any] = field(default_factory=dict)
    bad: bool = False

    @property
    def sheet(self) -> str:
        return self.raw.sheet

    @property
    def number(self) -> int:
        return self.raw.number


class LedgerImporter:
    """Parses every row, refuses keys repeated in the file, writes each row through the services.

    Subclasses say how a row is parsed (`parse`), what identifies its record (`key`) and how it
    is written (`write`, which returns "created", "updated" or "unchanged" and raises
    `Problems` for whatever the services refuse).
    """

    WHAT: ClassVar[str] = ""
    """What a row records, for messages (扶贫车间)."""
    KEY_FIELD: ClassVar[str] = ""
    """The column a repeated key is reported on."""
    SERVICE_FIELDS: ClassVar[Mapping[str, str]] = {}
    """Field names of the services whose problems belong to another column of the sheet."""

    def __init__(self, ctx: ImportContext, places: Places) -> None:
        self.ctx = ctx
        self.places = places
        self.scope = Scope(ctx.options.caller.region)
        self.lines: list[Line] = []

    @classmethod
    async def open(cls, ctx: ImportContext) -> LedgerImporter:
        """The importer for one import."""
        return cls(ctx, await Places.load(ctx.conn))

    @property
    def conn(self) -> AsyncConnection:
        return self.ctx.conn

    def problem(self, line: Line, problem: Problem) -> None:
        """Report a problem with a row; the row is then rejected."""
        line.bad = True
        self.ctx.problem(line.sheet, line.number, problem)

    def take(self, line: Line, found: Any) -> Any:
        """The value of a parser, or None after reporting its problem."""
        if isinstance(found, Problem):
            self.problem(line, found)
            return None
        return found

    def place(self, line: Line, fields: Sequence[str]) -> None:
        """Resolve the row's region into `region_code` (and the column naming it)."""
        found = self.places.region(line.raw.values, fields)
        if isinstance(found, list):
            for problem in found:
                self.problem(line, problem)
            return
        line.values["region_code"], line.values["region_field"] = found
        deepest = self.ctx.kind.column(fields[-1])
        if deepest is not None and deepest.required and found[1] != deepest.field:
            self.problem(
                line, Problem(deepest.field, ErrorCode.REQUIRED, f"{deepest.header}不能为空")
            )

    def has(self, line: Line, field_name: str) -> bool:
        """Whether the row's sheet has the column (an absent column leaves stored values alone)."""
        return self.ctx.has_column(line.sheet, field_name)

    async def add(self, rows: Sequence[SheetRow]) -> None:
        for raw in rows:
            line = Line(raw)
            for column in self.ctx.kind.columns:
                # Places are checked together (a code may stand for the names above it).
                if column.field in PLACE_FIELDS:
                    continue
                if column.required and raw.values.get(column.field) is None:
                    self.problem(
                        line, Problem(column.field, ErrorCode.REQUIRED, f"{column.header}不能为空")
                    )
            self.parse(line)
            self.lines.append(line)

    def parse(self, line: Line) -> None:
        """Read the row's cells into `line.values`, reporting every problem."""
        raise NotImplementedError

    def key(self, line: Line) -> Hashable:
        """What identifies the row's record (its natural key)."""
        raise NotImplementedError

    async def write(self, line: Line) -> str:
        """Create or update the row's record; return the outcome."""
        raise NotImplementedError

    async def finish(self) -> None:
        first: dict[Hashable, Line] = {}
        for line in self.lines:
            if line.bad:
                continue
            key = self.key(line)
            earlier = first.setdefault(key, line)
            if earlier is not line:
                self.problem(
                    line,
                    Problem(
                        self.KEY_FIELD,
                        ErrorCode.DUPLICATE,
                        f"同一{self.WHAT}重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                        line.raw.values.get(self.KEY_FIELD),
                    ),
                )
        for line in self.lines:
            if not line.bad:
                await self._write(line)
        for line in self.lines:
            if line.bad:
                self.ctx.counts(line.sheet).rejected += 1

    async def _write(self, line: Line) -> None:
        savepoint = await self.conn.begin_nested()
        try:
            outcome = await self.write(line)
        except Problems as exc:
            await savepoint.rollback()
            for problem in exc.problems:
                self.problem(line, self.located(line, problem))
            return
        await savepoint.commit()
        counts = self.ctx.counts(line.sheet)
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    def located(self, line: Line, problem: Problem) -> Problem:
        """A service's problem named by the sheet's column (`township_code` → `township`)."""
        name = problem.field
        if name == "region_code":
            name = line.values.get("region_field", "county")
        else:
            name = self.SERVICE_FIELDS.get(name, name)
        return Problem(name, problem.code, problem.message, problem.value)


async def holder(
    conn: AsyncConnection, scope: Scope, id_number: str, name: str | None
) -> tuple[int | None, Problem | None]:
    """The person an ID number names (None when not registered in scope: the services say so),
    and a problem when the row's 姓名 is not the registered name."""
    found = (
        await conn.execute(persons_in(scope).where(person.c.id_number_hash == id_number))
    ).first()
    if found is None:
        return None, None
    if name is not None and name != found.name:
        return found.id, Problem(
            "holder_name",
            ErrorCode.INVALID,
            f"姓名“{name}”与身份证号 {id_number} 登记的姓名“{found.name}”不一致",
            name,
        )
    return found.id, None


def id_number_of(line: Line, importer: LedgerImporter) -> str | None:
    """The row's ID number as text, upper-case (a number Excel made of it is reported)."""
    found = importer.take(line, id_number_text(line.raw.values.get("id_number")))
    return found.upper() if found else None
