"""Cell values as people and Excel write them, parsed into what the records hold.

Each parser returns the value, None for a blank cell, or a `Problem` that says in Chinese what
is wrong and how to fix it. Numbers Excel made out of long digit strings (ID numbers,
registry numbers) are caught, never truncated; money never passes through a float.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from core.enums import LabelledEnum
from core.problems import ErrorCode, Problem

E = TypeVar("E", bound=LabelledEnum)

EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits of a number; longer digit strings lose their tail."""
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")
_DASHED = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_CHINESE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)
# Day numbers Excel shows as 1954-10-18 … 2119-01-10: a date cell whose format was lost.
_SERIALS = range(20_000, 80_000)
_NOISE = Decimal("0.000001")
_FEN = Decimal("0.01")
_YES = frozenset({"是", "y", "yes", "true", "1", "√"})
_NO = frozenset({"否", "n", "no", "false", "0", "×"})


def is_blank(value: object) -> bool:
    """Whether a cell holds nothing (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str | None:
    """A cell as trimmed text (integral numbers without `.0`), None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    stripped = str(value).strip()
    return stripped or None


def _mangled(value: object, field: str, what: str) -> Problem:
    shown = format(value, ".6g").upper() if isinstance(value, float | int) else str(value)
    return Problem(
        field,
        ErrorCode.INVALID,
        f"{what}被 Excel 存成了数字（显示为 {shown}），超过 15 位的部分已经丢失，无法恢复："
        "请把这一列设为“文本”格式，照原件重新录入",
        value,
    )


def id_number_text(value: object, *, field: str = "id_number") -> str | Problem | None:
    """An ID number cell as text; a number Excel made of it is reported, never guessed at."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _mangled(value, field, "身份证号")
    found = text(value)
    if found is None:
        return None
    found = unicodedata.normalize("NFKC", found).replace(" ", "")
    if _SCIENTIFIC.fullmatch(found):
        return _mangled(value, field, "身份证号")
    return found


def digits_text(value: object, *, field: str, what: str) -> str | Problem | None:
    """A code or number written with digits (户编号, 区划代码, 电话) as text."""
    if isinstance(value, bool):
        return Problem(field, ErrorCode.INVALID, f"{what}不能是“是/否”", value)
    if isinstance(value, int):
        return str(value) if len(str(abs(value))) <= EXCEL_DIGITS else _mangled(value, field, what)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**EXCEL_DIGITS:
            return str(int(value))
        return _mangled(value, field, what)
    found = text(value)
    if found is not None and _SCIENTIFIC.fullmatch(found):
        return _mangled(value, field, what)
    return found


def _date(year: str, month: str, day: str, value: object, field: str, label: str) -> date | Problem:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return Problem(field, ErrorCode.INVALID, f"{label}“{value}”不是真实的日期", value)


def parse_date(value: object, *, field: str, label: str) -> date | Problem | None:
    """A date cell, or text as YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or YYYYMMDD."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value in _SERIALS:
            return _EXCEL_EPOCH + timedelta(days=value)
        value = str(value)
    found = text(value)
    if found is None:
        return None
    found = unicodedata.normalize("NFKC", found).strip()
    for pattern in (_DASHED, _CHINESE, _COMPACT):
        match = pattern.fullmatch(found) or pattern.fullmatch(found.replace(" ", ""))
        if match:
            year, month, day = match.groups()[:3]
            return _date(year, month, day, value, field, label)
    return Problem(
        field,
        ErrorCode.INVALID,
        f"{label}“{found}”不是日期：请写成 2019-03-01、2019/3/1 或 2019年3月1日，或用 Excel 日期格式",
        value,
    )


def parse_money(value: object, *, field: str, label: str) -> Decimal | Problem | None:
    """An amount of yuan as an exact Decimal; text keeps every digit, numbers are read by digits."""
    if isinstance(value, bool):
        return Problem(field, ErrorCode.INVALID, f"{label}应为金额（元）", value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest digits that are this float; Excel's own arithmetic can leave
        # noise far below a fen (0.1 + 0.2), which is rounded away, but nothing larger.
        amount = Decimal(repr(value))
        rounded = amount.quantize(_FEN)
        return rounded if abs(amount - rounded) <= _NOISE else amount
    found = text(value)
    if found is None:
        return None
    cleaned = unicodedata.normalize("NFKC", found)
    for mark in ("¥", "元", ",", " "):
        cleaned = cleaned.replace(mark, "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return Problem(field, ErrorCode.INVALID, f"{label}“{found}”不是金额（元）", value)
    if not amount.is_finite():
        return Problem(field, ErrorCode.INVALID, f"{label}“{found}”不是金额（元）", value)
    return amount


def parse_yes_no(value: object, *, field: str, label: str) -> bool | Problem | None:
    """是 / 否 (also Y/N, 1/0, TRUE/FALSE)."""
    if isinstance(value, bool):
        return value
    found = text(value)
    if found is None:
        return None
    key = unicodedata.normalize("NFKC", found).replace(" ", "").lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return Problem(field, ErrorCode.INVALID, f"{label}应填“是”或“否”，这里是“{found}”", value)


_NAMES: dict[type[LabelledEnum], dict[str, LabelledEnum]] = {}


def _by_name(cls: type[E]) -> dict[str, E]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = {
            name: member for member in cls for name in (member.label, member.value, *member.aliases)
        }
    return names  # type: ignore[return-value]


def parse_label(cls: type[E], value: object, *, field: str, label: str) -> E | Problem | None:
    """A value named by its Chinese label (or an alias, or its code); spaces never matter."""
    found = text(value)
    if found is None:
        return None
    names = _by_name(cls)
    member = names.get(found) or names.get(re.sub(r"\s+", "", unicodedata.normalize("NFKC", found)))
    if member is None:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"{label}应为：{'、'.join(cls.labels())}；这里是“{found}”",
            value,
        )
    return member
