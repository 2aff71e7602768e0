"""Region codes: canonical forms, levels and subtree conditions.

Statistical division codes nest by prefix: a county is the first 6 digits of its townships'
9-digit codes, a township the first 9 of its villages' 12. The 12-digit form with trailing
zeros (450225000000) names the same region as the short form (450225). So every region's
subtree is one range on a code column, served by an ordinary index, in any collation
(codes are digits only).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal

CITY_CODE = "450200"
"""柳州市, the platform's first deployment and the default region of every query."""


class RegionCodeError(ValueError):
    """Text that is not a statistical division code; the message is Chinese."""


def canonical_code(text: str) -> str:
    """Return the short form: 6 digits for province/city/county, 9 township, 12 village."""
    code = text.strip()
    if not code.isdigit() or not code.isascii():
        raise RegionCodeError(f"区划代码“{text}”只能由数字组成")
    if len(code) == 12:
        if code[6:] == "000000":
            return code[:6]
        if code[9:] == "000":
            return code[:9]
        return code
    if len(code) in (6, 9):
        return code
    raise RegionCodeError(f"区划代码“{text}”应为 6、9 或 12 位数字")


def level_of(code: str) -> str:
    """Return the RegionLevel value a canonical code implies (county vs district by name)."""
    if len(code) == 12:
        return "VILLAGE"
    if len(code) == 9:
        return "TOWNSHIP"
    if code[2:] == "0000":
        return "PROVINCE"
    if code[4:] == "00":
        return "CITY"
    return "COUNTY"


def parent_of(code: str) -> str | None:
    """Return the canonical code of the region directly above, None for a province."""
    if len(code) == 12:
        return code[:9]
    if len(code) == 9:
        return code[:6]
    level = level_of(code)
    if level == "PROVINCE":
        return None
    if level == "CITY":
        return code[:2] + "0000"
    return code[:4] + "00"


def subtree_prefix(code: str) -> str:
    """Return the digits every code in this region's subtree starts with."""
    level = level_of(code)
    if level == "PROVINCE":
        return code[:2]
    if level == "CITY":
        return code[:4]
    return code


def in_subtree(column: ColumnElement[Any], code: str) -> ColumnElement[bool]:
    """SQL condition: `column` holds a code in `code`'s subtree (the region itself included)."""
    prefix = subtree_prefix(code)
    if len(prefix) == 12:
        return column == prefix
    return and_(column >= prefix, column <= prefix.ljust(12, "9"))


def child_length(code: str) -> int:
    """Return how many leading digits of a descendant's code name the child it lies under."""
    level = level_of(code)
    return {"PROVINCE": 4, "CITY": 6, "COUNTY": 9, "TOWNSHIP": 12}.get(level, 12)


def child_code(column: ColumnElement[Any], code: str) -> ColumnElement[Any]:
    """SQL expression: the code of `code`'s child region that each row's `column` lies under."""
    length = child_length(code)
    if length == 12:
        return column
    prefix = func.substr(column, 1, length)
    if length == 4:  # a province's children are cities, written 4 digits + "00"
        return prefix.concat(literal("00"))
    return prefix
