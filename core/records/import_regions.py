"""Import the statistics bureau's region list: townships and villages under the shipped counties.

A region list is small (a city has a few thousand rows), so its rows are kept until the end
and applied parents first: a row's parent (which follows from its code) may come anywhere in
the same file or already be in the database. The county and city rows the platform ships
are updated like any other (names, flags), never re-parented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from core.importing.sheets import ImportContext, SheetRow
from core.importing.values import digits_text, parse_yes_no, text
from core.problems import ErrorCode, Problem
from core.records.models import region
from core.regions import canonical_code, level_of, parent_of
from core.scope import Scope
from core.security.audit import Entry, log_many

URBAN_RURAL_CLASSES = frozenset({"111", "112", "121", "122", "123", "210", "220"})
"""城乡分类代码 of the statistics bureau: 111 主城区 … 220 村庄."""
_TOP_LEVELS = frozenset({"PROVINCE", "CITY"})
_FLAGS = ("urban_rural_class", "poor_village", "key_poor_township")


@dataclass
class RegionRow:
    """One parsed row of the region list."""

    sheet: str
    number: int
    code: str | None = None
    name: str | None = None
    urban_rural_class: str | None = None
    poor_village: bool = False
    key_poor_township: bool = False
    given: frozenset[str] = frozenset()
    """Optional columns the sheet has: a column it lacks leaves the stored value alone."""
    bad: bool = False


def _level(code: str, name: str) -> str:
    level = level_of(code)
    return "DISTRICT" if level == "COUNTY" and name.endswith("区") else level


class RegionImporter:
    """Collects the region rows, then writes them parents first."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.rows: list[RegionRow] = []
        self.scope = Scope(ctx.options.caller.region)
        self.entries: list[Entry] = []

    def _problem(self, row: RegionRow, problem: Problem) -> None:
        row.bad = True
        self.ctx.problem(row.sheet, row.number, problem)

    def _parse(self, raw: SheetRow) -> RegionRow:
        values = raw.values
        given = frozenset(f for f in _FLAGS if self.ctx.has_column(raw.sheet, f))
        row = RegionRow(raw.sheet, raw.number, given=given)
        code = digits_text(values.get("code"), field="code", what="统计用区划代码")
        if isinstance(code, Problem):
            self._problem(row, code)
        elif code is None:
            self._problem(row, Problem("code", ErrorCode.REQUIRED, "统计用区划代码不能为空"))
        elif not (code.isdigit() and len(code) == 12):
            self._problem(
                row,
                Problem(
                    "code",
                    ErrorCode.INVALID,
                    f"统计用区划代码应为 12 位数字，这里是“{code}”（{len(code)} 位）",
                    values.get("code"),
                ),
            )
        elif not self.scope.allows(canonical_code(code)):
            self._problem(
                row,
                Problem(
                    "code",
                    ErrorCode.FORBIDDEN,
                    f"区划 {code} 不在您的权限范围内，不能导入或修改",
                    values.get("code"),
                ),
            )
        else:
            row.code = canonical_code(code)
        name = text(values.get("name"))
        if name is None:
            self._problem(row, Problem("name", ErrorCode.REQUIRED, "名称不能为空"))
        elif len(name) > 64:
            self._problem(row, Problem("name", ErrorCode.INVALID, "名称不能超过 64 个字", name))
        else:
            row.name = name
        self._flags(row, values)
        return row

    def _flags(self, row: RegionRow, values: Any) -> None:
        klass = digits_text(
            values.get("urban_rural_class"), field="urban_rural_class", what="城乡分类代码"
        )
        if isinstance(klass, Problem):
            self._problem(row, klass)
        elif klass is not None and klass not in URBAN_RURAL_CLASSES:
            self._problem(
                row,
                Problem(
                    "urban_rural_class",
                    ErrorCode.INVALID,
                    f"城乡分类代码应为 {'、'.join(sorted(URBAN_RURAL_CLASSES))} 之一，这里是“{klass}”",
                    klass,
                ),
            )
        else:
            row.urban_rural_class = klass
        level = _level(row.code, row.name or "") if row.code else None
        for field, label, applies, noun in (
            ("poor_village", "贫困村", "VILLAGE", "行政村"),
            ("key_poor_township", "重点贫困乡镇", "TOWNSHIP", "乡镇"),
        ):
            flag = parse_yes_no(values.get(field), field=field, label=label)
            if isinstance(flag, Problem):
                self._problem(row, flag)
            elif flag and level is not None and level != applies:
                self._problem(
                    row,
                    Problem(field, ErrorCode.RULE_VIOLATED, f"只有{noun}才能标为{label}", "是"),
                )
            else:
                setattr(row, field, bool(flag))

    async def add(self, rows: Sequence[SheetRow]) -> None:
        self.rows.extend(self._parse(raw) for raw in rows)

    async def finish(self) -> None:
        conn = self.ctx.conn
        stored = {row.code: row for row in await conn.execute(select(region))}
        first: dict[str, RegionRow] = {}
        for row in self.rows:
            if row.code is None:
                continue
            if row.code in first:
                earlier = first[row.code]
                self._problem(
                    row,
                    Problem(
                        "code",
                        ErrorCode.DUPLICATE,
                        f"区划代码 {row.code} 重复：工作表“{earlier.sheet}”第 {earlier.number} 行已有",
                        row.code,
                    ),
                )
            else:
                first[row.code] = row
        written: set[str] = set()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for row in sorted(self.rows, key=lambda r: (len(r.code or ""), r.code or "")):
            if not row.bad:
                self._place(row, stored, first, written, inserts, updates)
            if row.bad:
                self.ctx.counts(row.sheet).rejected += 1
        await log_many(conn, self.entries)
        if inserts:
            await conn.execute(insert(region), inserts)
        if updates:
            await conn.execute(
                update(region)
                .where(region.c.code == bindparam("b_code"))
                .values(
                    name=bindparam("b_name"),
                    short_name=bindparam("b_short_name"),
                    urban_rural_class=bindparam("b_urban_rural_class"),
                    poor_village=bindparam("b_poor_village"),
                    key_poor_township=bindparam("b_key_poor_township"),
                ),
                updates,
            )

    def _place(
        self,
        row: RegionRow,
        stored: dict[str, Any],
        first: dict[str, RegionRow],
        written: set[str],
        inserts: list[dict[str, Any]],
        updates: list[dict[str, Any]],
    ) -> None:
        assert row.code is not None
        assert row.name is not None
        code, counts = row.code, self.ctx.counts(row.sheet)
        parent = parent_of(code)
        level = _level(code, row.name)
        if parent is not None and parent not in stored and parent not in written:
            if level in _TOP_LEVELS:
                parent = None  # the top of the tree as this platform holds it
            else:
                source = first.get(parent)
                where = (
                    f"（工作表“{source.sheet}”第 {source.number} 行有错，未能导入）"
                    if source is not None
                    else "：它既不在数据库中，也不在本文件中"
                )
                self._problem(
                    row,
                    Problem(
                        "code",
                        ErrorCode.NOT_FOUND,
                        f"上级区划 {parent} 不存在{where}",
                        code.ljust(12, "0"),
                    ),
                )
                return
        written.add(code)
        old = stored.get(code)
        if old is None:
            values = {
                "code": code,
                "name": row.name,
                "short_name": row.name,
                "level": level,
                "parent_code": parent,
                "urban_district": False,
                "poor_village": row.poor_village,
                "key_poor_township": row.key_poor_township,
                "urban_rural_class": row.urban_rural_class,
            }
            inserts.append(values)
            self.entries.append(Entry("import create region", "region", code, after=values))
            counts.created += 1
            return
        new = {
            "name": row.name,
            # A short name of its own (融水县) stays; one that only repeated the name follows it.
            "short_name": row.name if old.short_name == old.name else old.short_name,
            **{f: getattr(row, f) if f in row.given else getattr(old, f) for f in _FLAGS},
        }
        if all(getattr(old, key) == value for key, value in new.items()):
            counts.unchanged += 1
            return
        updates.append({"b_code": code, **{f"b_{key}": value for key, value in new.items()}})
        before = {key: getattr(old, key) for key in new}
        self.entries.append(Entry("import update region", "region", code, before=before, after=new))
        counts.updated += 1
