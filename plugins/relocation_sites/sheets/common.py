"""What every relocation sheet shares: places by name, sites by name, counts.

Sites are named as county offices name them: the county (full or short name, or code) and
the site's name, unique within its county. The region and site tables are small, so both are
read once per import and looked up in memory.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    Column,
    ErrorCode,
    ExportRequest,
    ImportContext,
    Problem,
    RegionCodeError,
    RegionIndex,
    Scope,
    SheetParent,
    SheetRow,
    canonical_code,
    digits_text,
    name_key,
    text,
)
from plugins.relocation_sites.models import site

COUNTY = Column(
    "县区", "county", required=True, variants=("县(区)", "县/区", "县", "县区名称", "所属县区")
)
SITE_NAME = Column(
    "安置点名称", "site", required=True, variants=("安置点", "集中安置点", "搬迁安置点")
)


def yes_no(flag: bool) -> str:
    """是 / 否, as the sheets write flags."""
    return "是" if flag else "否"


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
    try:
        number = Decimal(cleaned)
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数，这里是“{found}”", value)
    return int(number)


class Places:
    """Counties and their townships, by code or by name, as the sheets write them."""

    def __init__(self, index: RegionIndex) -> None:
        self.index = index
        self.counties: dict[str, str] = {}
        self.townships: dict[tuple[str, str], list[str]] = {}
        for entry in index.by_code.values():
            names = {name_key(entry.name), name_key(entry.short_name)}
            if entry.level in ("COUNTY", "DISTRICT"):
                for name in names:
                    self.counties.setdefault(name, entry.code)
            elif entry.level == "TOWNSHIP" and entry.parent_code is not None:
                for name in names:
                    self.townships.setdefault((entry.parent_code, name), []).append(entry.code)

    @classmethod
    async def load(cls, conn: AsyncConnection) -> Places:
        """Read the region table."""
        return cls(await RegionIndex.load(conn))

    def _code(self, raw: object, field: str) -> str | Problem | None:
        written = digits_text(raw, field=field, what="区划代码")
        if isinstance(written, Problem):
            return written
        if written is None or not written.isdigit():
            return None  # a name, or blank: looked up by name
        try:
            return canonical_code(written)
        except RegionCodeError as exc:
            return Problem(field, ErrorCode.INVALID, str(exc), raw)

    def county(self, raw: object, scope: Scope) -> str | Problem:
        """The county a cell names (full or short name, or code), within the scope."""
        found = self._code(raw, "county")
        if isinstance(found, Problem):
            return found
        if found is None:
            written = text(raw)
            if written is None:
                return Problem("county", ErrorCode.REQUIRED, "县区不能为空", raw)
            code = self.counties.get(name_key(written))
            if code is None:
                return Problem("county", ErrorCode.NOT_FOUND, f"没有名为“{written}”的县区", raw)
            found = code
        entry = self.index.by_code.get(found)
        if entry is None or entry.level not in ("COUNTY", "DISTRICT") or not scope.allows(found):
            return Problem(
                "county", ErrorCode.NOT_FOUND, f"区划 {found} 不是您权限范围内的县区", raw
            )
        return found

    def township(self, raw: object, county: str) -> str | Problem:
        """The township a cell names within `county` (name or code)."""
        found = self._code(raw, "township")
        if isinstance(found, Problem):
            return found
        if found is not None:
            entry = self.index.by_code.get(found)
            if entry is None or entry.level != "TOWNSHIP" or entry.parent_code != county:
                return Problem(
                    "township",
                    ErrorCode.NOT_FOUND,
                    f"{self.index.describe(county)} 下没有代码为 {found} 的乡镇",
                    raw,
                )
            return found
        written = text(raw)
        if written is None:
            return Problem("township", ErrorCode.REQUIRED, "乡镇不能为空", raw)
        codes = self.townships.get((county, name_key(written)), [])
        if len(codes) != 1:
            reason = "不止一个，请填乡镇代码" if codes else "没有这个乡镇"
            return Problem(
                "township",
                ErrorCode.INVALID if codes else ErrorCode.NOT_FOUND,
                f"{self.index.describe(county)} 下名为“{written}”的乡镇{reason}",
                raw,
            )
        return codes[0]

    def county_name(self, code: str) -> str:
        """The county's full name, as exports write it."""
        return self.index.by_code[code].name

    def township_name(self, code: str) -> str:
        """The township's name, as exports write it."""
        return self.index.by_code[code].name


@dataclass
class Sites:
    """Every site, by (county, name) and by id."""

    by_name: dict[tuple[str, str], Row[Any]]
    by_id: dict[int, Row[Any]]

    @classmethod
    async def load(cls, conn: AsyncConnection) -> Sites:
        """Read the site table (tens to hundreds of rows)."""
        rows = (await conn.execute(select(site))).all()
        return cls({(r.county_code, r.name): r for r in rows}, {r.id: r for r in rows})

    def find(self, county: str, raw: object) -> Row[Any] | Problem:
        """The site a row names within its county."""
        name = text(raw)
        if name is None:
            return Problem("site", ErrorCode.REQUIRED, "安置点名称不能为空", raw)
        found = self.by_name.get((county, name))
        if found is None:
            return Problem(
                "site",
                ErrorCode.NOT_FOUND,
                f"本县区没有名为“{name}”的安置点：请先在安置点台账中登记",
                raw,
            )
        return found


class RowProblems:
    """Problems of one row, reported through the import context."""

    def __init__(self, ctx: ImportContext, row: SheetRow) -> None:
        self.ctx = ctx
        self.row = row
        self.bad = False

    def add(self, problem: Problem) -> None:
        """Report a problem with this row."""
        self.bad = True
        self.ctx.problem(self.row.sheet, self.row.number, problem)

    def take(self, found: Any) -> Any:
        """The value of a check, or None after reporting its problem."""
        if isinstance(found, Problem):
            self.add(found)
            return None
        return found


async def _site_finder(ctx: ImportContext) -> Callable[[SheetRow], int | Problem]:
    places, sites = await Places.load(ctx.conn), await Sites.load(ctx.conn)
    scope = Scope(ctx.options.caller.region)

    def find(row: SheetRow) -> int | Problem:
        county = places.county(row.values.get("county"), scope)
        if isinstance(county, Problem):
            return county
        found = sites.find(county, row.values.get("site"))
        return found if isinstance(found, Problem) else int(found.id)

    return find


async def _site_cells(
    conn: AsyncConnection, request: ExportRequest
) -> Callable[[int], Sequence[object]]:
    places, sites = await Places.load(conn), await Sites.load(conn)

    def cells(key: int) -> Sequence[object]:
        at = sites.by_id[key]
        return (places.county_name(at.county_code), at.name)

    return cells


SITE_PARENT = SheetParent((COUNTY, SITE_NAME), _site_finder, _site_cells)
"""A site as the ledgers of its facilities name it: by county and name."""
