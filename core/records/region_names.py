"""Regions by name or code, as ledgers write them: county → township → village.

A ledger names a household's county (full or short name, or code), township (within that
county) and village (within that township). The whole region table is small (a city has a
few thousand villages), so it is read once per import or export and looked up in memory.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.importing.values import digits_text, is_blank
from core.problems import ErrorCode, Problem
from core.records.models import region
from core.regions import RegionCodeError, canonical_code

COUNTY_LEVELS = frozenset({"COUNTY", "DISTRICT"})
_LEVEL_NAMES = {
    "PROVINCE": "省",
    "CITY": "市",
    "COUNTY": "县区",
    "DISTRICT": "县区",
    "TOWNSHIP": "乡镇",
    "VILLAGE": "行政村",
}


def name_key(text: str) -> str:
    """The comparable form of a region name: NFKC, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class RegionEntry:
    """One region as the index keeps it."""

    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class _Step:
    field: str
    label: str
    levels: frozenset[str]


_COUNTY = _Step("county", "县区", COUNTY_LEVELS)
_TOWNSHIP = _Step("township", "乡镇", frozenset({"TOWNSHIP"}))
_VILLAGE = _Step("village", "行政村", frozenset({"VILLAGE"}))


class RegionIndex:
    """Every region, by code and by (parent, name)."""

    def __init__(self, entries: list[RegionEntry]) -> None:
        self.by_code = {entry.code: entry for entry in entries}
        self._children: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        self._anywhere: dict[tuple[str, str], list[str]] = defaultdict(list)
        for entry in entries:
            level = "COUNTY" if entry.level in COUNTY_LEVELS else entry.level
            for name in {name_key(entry.name), name_key(entry.short_name)}:
                self._children[(entry.parent_code, name)].append(entry.code)
                self._anywhere[(level, name)].append(entry.code)

    @classmethod
    async def load(cls, conn: AsyncConnection) -> RegionIndex:
        """Read the whole region table."""
        rows = await conn.execute(
            select(
                region.c.code,
                region.c.name,
                region.c.short_name,
                region.c.level,
                region.c.parent_code,
            )
        )
        return cls([RegionEntry(*row) for row in rows])

    def describe(self, code: str) -> str:
        """“name”(code) for messages."""
        entry = self.by_code.get(code)
        return f"“{entry.name}”（{code}）" if entry else code

    def village_names(self, code: str) -> tuple[str, str, str]:
        """County, township and village names of a village, as the ledger writes them."""
        village = self.by_code[code]
        township = self.by_code[village.parent_code or ""]
        county = self.by_code[township.parent_code or ""]
        return county.name, township.name, village.name

    def _by_code(self, code: str, raw: object, step: _Step, parent: str | None) -> str | Problem:
        entry = self.by_code.get(code)
        if entry is None:
            return Problem(
                step.field,
                ErrorCode.NOT_FOUND,
                f"区划代码 {code} 不在区划名单中：请先导入统计用区划代码",
                raw,
            )
        if entry.level not in step.levels:
            return Problem(
                step.field,
                ErrorCode.INVALID,
                f"{self.describe(code)} 是{_LEVEL_NAMES.get(entry.level, entry.level)}，不是{step.label}",
                raw,
            )
        if parent is not None and entry.parent_code != parent:
            return Problem(
                step.field,
                ErrorCode.INVALID,
                f"{step.label} {self.describe(code)} 不在 {self.describe(parent)} 下",
                raw,
            )
        return code

    def _by_name(self, name: str, raw: object, step: _Step, parent: str | None) -> str | Problem:
        level = "COUNTY" if step is _COUNTY else next(iter(step.levels))
        key = name_key(name)
        found = (
            self._anywhere.get((level, key), [])
            if step is _COUNTY
            else self._children.get((parent, key), [])
        )
        found = [code for code in found if self.by_code[code].level in step.levels]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return Problem(
                step.field,
                ErrorCode.INVALID,
                f"名为“{name}”的{step.label}不止一个（{'、'.join(found)}）：请填区划代码",
                raw,
            )
        elsewhere = self._anywhere.get((level, key), [])
        if elsewhere and parent is not None:
            where = "、".join(self.describe(self.by_code[c].parent_code or "") for c in elsewhere)
            return Problem(
                step.field,
                ErrorCode.INVALID,
                f"{step.label}“{name}”不在 {self.describe(parent)} 下（名单中的“{name}”属于 {where}）",
                raw,
            )
        within = f"{self.describe(parent)} 下" if parent is not None else "区划名单中"
        return Problem(
            step.field,
            ErrorCode.NOT_FOUND,
            f"{within}没有名为“{name}”的{step.label}：请核对名称，或先导入统计用区划代码",
            raw,
        )

    def _find(self, raw: object, step: _Step, parent: str | None) -> str | Problem | None:
        written = digits_text(raw, field=step.field, what="区划代码")
        if isinstance(written, Problem):
            return written
        if written is None:
            return Problem(step.field, ErrorCode.REQUIRED, f"{step.label}不能为空", raw)
        if written.isdigit():
            try:
                return self._by_code(canonical_code(written), raw, step, parent)
            except RegionCodeError as exc:
                return Problem(step.field, ErrorCode.INVALID, str(exc), raw)
        return self._by_name(written, raw, step, parent)

    def resolve(self, county: object, township: object, village: object) -> str | list[Problem]:
        """The village code a row names, or the problems with its county, township and village."""
        problems: list[Problem] = []
        parent: str | None = None
        for raw, step in ((county, _COUNTY), (township, _TOWNSHIP), (village, _VILLAGE)):
            if step is not _COUNTY and parent is None:
                # The level above is unknown: a name cannot be placed, a code still can.
                found = self._find(raw, step, None) if _is_code(raw) or is_blank(raw) else None
            else:
                found = self._find(raw, step, parent)
            if isinstance(found, Problem):
                problems.append(found)
                parent = None
            else:
                parent = found
        if problems or parent is None:
            return problems
        return parent


def _is_code(raw: object) -> bool:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return True
    return isinstance(raw, str) and raw.strip().isdigit()
