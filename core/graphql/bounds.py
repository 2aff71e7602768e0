"""Bounds on what a request may carry into Python and SQL, so that a wild value is a request error.

Each bound closes a class of inputs that used to reach code unprepared for them: variables
nested deep enough to exhaust Python's recursion limit, NUL characters (PostgreSQL text
cannot hold them), keys wider than the tables' INTEGER id columns (PostgreSQL refuses
them, SQLite overflows), and dates or decimals at the far ends of what Python can represent,
where date arithmetic and money conversions overflow.
The scalars below replace strawberry's `Date`, `DateTime` and `Decimal` for the whole schema,
so every argument and input field of those types, in the core and in every plugin, is bounded
in one place.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from graphql import GraphQLError, StringValueNode, ValidationRule
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition

MAX_VARIABLE_DEPTH = 32
"""Deepest nesting of lists and objects in a request's `variables` (inputs nest a few levels)."""
SQL_INT_MAX = 2**31 - 1
"""The largest record key: every table's `id` is an `INTEGER` column, 32 bits on PostgreSQL
(a larger number sent to it fails there, rather than finding nothing)."""
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
"""Dates outside these are refused: no record of the plan is dated there, and date arithmetic
near Python's own limits (years 1 and 9999) overflows."""
MAX_DECIMAL = decimal.Decimal(10) ** 15
"""Decimal inputs stay below 10¹⁵ in magnitude (元, 人, %), so an amount in fen fits a bigint."""
MAX_DECIMAL_DIGITS = 30


def variables_problem(value: Any) -> str | None:
    """Why a request's `variables` cannot be taken, or None: nesting past `MAX_VARIABLE_DEPTH`
    (checked without recursion, so a value thousands of levels deep cannot exhaust the call
    stack), or a NUL character in a string (PostgreSQL text cannot hold one)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "variables 的字符串中含有 NUL 字符（\\u0000）"
            continue
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_VARIABLE_DEPTH:
            return f"variables 中列表和对象嵌套超过 {MAX_VARIABLE_DEPTH} 层"
        stack.extend((child, depth + 1) for child in children)
    return None


class NulStringRule(ValidationRule):
    """Refuse string literals holding a NUL character, which PostgreSQL text cannot hold."""

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if "\x00" in node.value:
            self.report_error(
                GraphQLError(
                    "请求文档的字符串中含有 NUL 字符（\\u0000）",
                    node,
                    extensions={"code": "BAD_ARGUMENT"},
                )
            )


def sql_int(text: str) -> int | None:
    """The integer a key written as ASCII digits stands for, or None when it is not one a
    key column can hold (`²`, `١`, 30 nines, 2**31)."""
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if number <= SQL_INT_MAX else None


def _coercion_error(scalar: str, value: object, reason: str) -> StrawberryInputCoercionError:
    return StrawberryInputCoercionError(f"“{value}”不是有效的 {scalar}：{reason}")


def _in_range(day: dt.date, scalar: str, value: object) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise _coercion_error(
            scalar,
            value,
            f"日期须在 {EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()} 之间",
        )


def parse_date(value: object) -> dt.date:
    """A `Date` input: an ISO date (YYYY-MM-DD) within the accepted range."""
    if not isinstance(value, str):
        raise _coercion_error("Date", value, "应为字符串")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _coercion_error("Date", value, str(exc)) from None
    _in_range(day, "Date", value)
    return day


def parse_datetime(value: object) -> dt.datetime:
    """A `DateTime` input: an ISO date and time within the accepted range."""
    if not isinstance(value, str):
        raise _coercion_error("DateTime", value, "应为字符串")
    try:
        moment = dt.datetime.fromisoformat(value)
    except (ValueError, OverflowError) as exc:
        raise _coercion_error("DateTime", value, str(exc)) from None
    _in_range(moment.date(), "DateTime", value)
    return moment


def parse_decimal(value: object) -> decimal.Decimal:
    """A `Decimal` input: a finite number below `MAX_DECIMAL` with at most 30 digits."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _coercion_error("Decimal", value, "应为字符串")
    try:
        number = decimal.Decimal(str(value))
    except decimal.DecimalException:
        raise _coercion_error("Decimal", value, "不是数字") from None
    if (
        not number.is_finite()
        or len(number.as_tuple().digits) > MAX_DECIMAL_DIGITS
        or abs(number) >= MAX_DECIMAL
    ):
        raise _coercion_error(
            "Decimal",
            value,
            f"须为有限的数，绝对值小于 10^15，且不超过 {MAX_DECIMAL_DIGITS} 位数字",
        )
    return number


def _isoformat(value: Any) -> str:
    return str(value.isoformat())


DATE = ScalarDefinition(
    name="Date",
    description=(
        f"日期（ISO 8601，YYYY-MM-DD），{EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()}。"
    ),
    specified_by_url=None,
    serialize=_isoformat,
    parse_value=parse_date,
    parse_literal=None,
    origin=dt.date,
)
DATE_TIME = ScalarDefinition(
    name="DateTime",
    description=(
        f"日期和时间（ISO 8601），日期在 {EARLIEST_DATE.isoformat()} 至 "
        f"{LATEST_DATE.isoformat()} 之间。"
    ),
    specified_by_url=None,
    serialize=_isoformat,
    parse_value=parse_datetime,
    parse_literal=None,
    origin=dt.datetime,
)
DECIMAL = ScalarDefinition(
    name="Decimal",
    description='定点数（以字符串传递，如 "1234.50"）；绝对值小于 10^15，不超过 30 位数字。',
    specified_by_url=None,
    serialize=str,
    parse_value=parse_decimal,
    parse_literal=None,
    origin=decimal.Decimal,
)
SCALAR_OVERRIDES: dict[object, Any] = {
    dt.date: DATE,
    dt.datetime: DATE_TIME,
    decimal.Decimal: DECIMAL,
}
"""Passed to `strawberry.Schema(scalar_overrides=…)` by the schema factory."""
