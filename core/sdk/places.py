"""Regions as county offices write them in ledgers: 县区, 乡镇 and 行政村, each by name (within
the region above) or by code. A record kind's ledger uses these columns for a
`region_field(places=True)`; the deeper columns left blank place a record higher up, all of
them blank (or the city's name in 县区) place it at the city."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from core.importing.sheets import Column
from core.importing.values import digits_text, is_blank
from core.problems import ErrorCode, Problem
from core.records.region_names import COUNTY_LEVELS, RegionIndex, name_key
from core.regions import CITY_CODE, RegionCodeError, canonical_code

CITY_WORDS = frozenset({"市本级", "市级", "全市"})
"""What a 县区 cell may say for a record of the city itself (besides the city's name or code)."""
STEPS = (
    ("county", "县区", COUNTY_LEVELS, ("县(区)", "县/区", "县", "所属县区", "县区名称")),
    ("township", "乡镇", frozenset({"TOWNSHIP"}), ("乡(镇)", "乡镇(街道)", "所属乡镇", "乡镇名称")),
    ("village", "行政村", frozenset({"VILLAGE"}), ("村", "村(社区)", "行政村(社区)", "所属行政村")),
)
DEPTH = {"COUNTY": 1, "TOWNSHIP": 2, "VILLAGE": 3}
_LEVEL_NAMES = {"CITY": "市", "COUNTY": "县", "DISTRICT": "区", "TOWNSHIP": "乡镇", "VILLAGE": "村"}


def place_depth(places: bool | str, level: str | None) -> int:
    """How many of 县区, 乡镇, 行政村 a ledger has: down to `places` when it names a level,
    else down to the field's level (all three for a field of any level)."""
    deepest = places if isinstance(places, str) else level
    return DEPTH.get((deepest or "").upper(), 3)


def place_columns(api: str, level: str | None, places: bool | str = True) -> tuple[Column, ...]:
    """The ledger columns naming a region field's region (the deepest required with a level)."""
    depth = place_depth(places, level)
    return tuple(
        Column(header, f"{api}__{step}", level is not None and i == depth - 1, variants)
        for i, (step, header, _, variants) in enumerate(STEPS[:depth])
    )


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
        self, values: Mapping[str, object], columns: Sequence[Column]
    ) -> tuple[str, str] | Problem:
        """The region a row names and the field of the column naming it, or the problem."""
        fields = [c.field for c in columns]
        current: str | None = CITY_CODE
        where = fields[0]
        for position, (name, column) in enumerate(zip(fields, columns, strict=True)):
            _, label, levels, _ = STEPS[position]
            raw = values.get(name)
            written = digits_text(raw, field=name, what="区划代码")
            if isinstance(written, Problem):
                return written
            if written is None or (position == 0 and name_key(written) in self.city_words):
                if all(is_blank(values.get(f)) for f in fields[position + 1 :]):
                    if column.required or any(c.required for c in columns[position + 1 :]):
                        deepest = next(c for c in columns if c.required)
                        return Problem(deepest.field, ErrorCode.REQUIRED, f"请填写{deepest.header}")
                    return (current or CITY_CODE), where
                current = None  # a deeper column must then give a code
                continue
            if current is None and not written.isdigit():
                parent = fields[position - 1]
                return Problem(
                    parent,
                    ErrorCode.REQUIRED,
                    f"{label}“{written}”按名称填写，须同时填它所在的{STEPS[position - 1][1]}"
                    f"（或改填{label}的区划代码）",
                    values.get(parent),
                )
            found = self._step(written, raw, name, label, levels, current)
            if isinstance(found, Problem):
                return found
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
        index = self.index
        if written.isdigit():
            try:
                code = canonical_code(written)
            except RegionCodeError as exc:
                return Problem(name, ErrorCode.INVALID, str(exc), raw)
            entry = index.by_code.get(code)
            if entry is None:
                return Problem(name, ErrorCode.NOT_FOUND, f"区划代码 {code} 不在区划名单中", raw)
            if entry.level not in levels:
                level = _LEVEL_NAMES.get(entry.level, entry.level)
                return Problem(
                    name, ErrorCode.INVALID, f"{index.describe(code)} 是{level}，不是{label}", raw
                )
            if parent is not None and entry.parent_code != parent:
                return Problem(
                    name,
                    ErrorCode.INVALID,
                    f"{label} {index.describe(code)} 不在 {index.describe(parent)} 下",
                    raw,
                )
            return code
        within = index.describe(parent or CITY_CODE)
        codes = [
            c
            for c in self.children.get((parent, name_key(written)), [])
            if index.by_code[c].level in levels
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

    def names(self, code: str, depth: int) -> list[str | None]:
        """县区, 乡镇 and 行政村 of a region as exports write them (the city: its name in 县区)."""
        chain: list[str | None] = []
        entry = self.index.by_code.get(code)
        while entry is not None and entry.level != "CITY":
            chain.insert(0, entry.name)
            entry = self.index.by_code.get(entry.parent_code or "")
        if not chain:
            city = self.index.by_code.get(CITY_CODE)
            chain = [city.name if city is not None else CITY_CODE]
        return (chain + [None] * 3)[:depth]


__all__ = ["Places", "place_columns", "place_depth"]
