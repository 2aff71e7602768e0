"""The plan's rules for this plugin's records, written once for mutations and ledger imports.

Each check returns the cleaned value or a `Problem` naming the field, in Chinese, with the
allowed range in the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from core.sdk import ErrorCode, MoneyError, Problem, fen_to_yuan, yuan_to_fen
from plugins.employment_assistance.enums import HiringSubsidyKind

# 三(一)2 "一岗多补"
WAGE_MONTHLY_MIN_FEN = 30_000
WAGE_MONTHLY_MAX_FEN = 50_000
WAGE_MAX_MONTHS = 12
SOCIAL_INSURANCE_MAX_MONTHS = 36
GRADUATE_MIN_FEN = 300_000
GRADUATE_MAX_FEN = 500_000
HIRES_TARGET = 3_000
# 三(一)3, 三(一)4, 三(一)5, 三(一)6
EXPORT_TARGET = 40_000
WORKSHOP_TARGET = 86
POSTS_PER_VILLAGE = 5
STATED_POSTS = 830
PLAN_POOR_VILLAGES = 171
CITY_FAIRS = 2
COUNTY_FAIRS = 2
KEY_TOWNSHIP_FAIRS = 3
POSTINGS_PER_QUARTER = 50_000
FIVE_EVENT_KINDS = 5

MAX_MONTHS = {
    HiringSubsidyKind.WAGE: WAGE_MAX_MONTHS,
    HiringSubsidyKind.SOCIAL_INSURANCE: SOCIAL_INSURANCE_MAX_MONTHS,
}


def yuan(fen: int) -> str:
    """An amount for a message: 300 元, 3,000.50 元."""
    amount = fen_to_yuan(fen)
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"{text} 元"


def check_text(
    value: object, *, field: str, label: str, max_length: int, required: bool = True
) -> str | Problem | None:
    """Trimmed text; None when blank and optional."""
    text = str(value or "").strip()
    if not text:
        if required:
            return Problem(field, ErrorCode.REQUIRED, f"{label}不能为空", value)
        return None
    if len(text) > max_length:
        return Problem(field, ErrorCode.INVALID, f"{label}不能超过 {max_length} 个字", value)
    return text


def check_count(
    value: int, *, field: str, label: str, unit: str, minimum: int = 0
) -> int | Problem:
    """A whole number of things, at least `minimum`."""
    if value < minimum:
        return Problem(
            field,
            ErrorCode.OUT_OF_RANGE,
            f"{label}不能小于 {minimum} {unit}，这里是 {value}",
            value,
        )
    return value


def check_money(value: Decimal | str | int, *, field: str, label: str) -> int | Problem:
    """An amount in yuan as whole fen, not negative."""
    try:
        fen = yuan_to_fen(value)
    except MoneyError as exc:
        return Problem(field, ErrorCode.INVALID, f"{label}：{exc}", value)
    if fen < 0:
        return Problem(field, ErrorCode.OUT_OF_RANGE, f"{label}不能为负数", value)
    return fen


def check_not_future(day: date | None, *, today: date, field: str, label: str) -> Problem | None:
    """A date that has already come."""
    if day is not None and day > today:
        return Problem(field, ErrorCode.INVALID, f"{label}不能晚于今天（{today.isoformat()}）", day)
    return None


def check_span(
    start: date, end: date | None, *, today: date, start_label: str, end_label: str
) -> list[Problem]:
    """A start and an optional end: neither in the future, the end not before the start."""
    problems = [
        p
        for p in (
            check_not_future(start, today=today, field="start_date", label=start_label),
            check_not_future(end, today=today, field="end_date", label=end_label),
        )
        if p is not None
    ]
    if end is not None and end < start:
        problems.append(
            Problem("end_date", ErrorCode.INVALID, f"{end_label}不能早于{start_label}", end)
        )
    return problems


@dataclass
class SubsidyAmounts:
    """The amounts of a subsidy as entered (yuan), before they are checked."""

    kind: HiringSubsidyKind
    graduate: bool
    monthly_amount: Decimal | None = None
    months: int | None = None
    amount: Decimal | None = None


def check_subsidy_amounts(data: SubsidyAmounts) -> tuple[dict[str, Any], list[Problem]]:
    """The amount rules of 三(一)2; returns the column values and every problem."""
    kind = data.kind
    problems: list[Problem] = []
    values: dict[str, Any] = {"monthly_amount_fen": None, "months": None}
    if kind.monthly:
        if data.amount is not None:
            problems.append(
                Problem(
                    "amount",
                    ErrorCode.INVALID,
                    f"{kind.label}按月计：请填每月金额和月数，总额由平台计算",
                    data.amount,
                )
            )
        monthly = _monthly(kind, data.monthly_amount)
        months = _months(kind, data.months)
        for found in (monthly, months):
            if isinstance(found, Problem):
                problems.append(found)
        if isinstance(monthly, int) and isinstance(months, int):
            values.update(monthly_amount_fen=monthly, months=months, amount_fen=monthly * months)
        return values, problems
    for name, given in (("monthly_amount", data.monthly_amount), ("months", data.months)):
        if given is not None:
            problems.append(
                Problem(
                    name,
                    ErrorCode.INVALID,
                    f"{kind.label}是一次性补贴，不填每月金额和月数，只填金额",
                    given,
                )
            )
    if data.amount is None:
        problems.append(Problem("amount", ErrorCode.REQUIRED, f"请填写{kind.label}的金额（元）"))
        return values, problems
    fen = check_money(data.amount, field="amount", label=f"{kind.label}金额")
    if isinstance(fen, Problem):
        problems.append(fen)
        return values, problems
    if kind is HiringSubsidyKind.GRADUATE_POST:
        if not data.graduate:
            problems.append(
                Problem(
                    "graduate",
                    ErrorCode.RULE_VIOLATED,
                    "一次性岗位补贴只给吸纳贫困家庭高校毕业生的企业；被吸纳的人不是高校毕业生",
                    data.graduate,
                )
            )
        if not GRADUATE_MIN_FEN <= fen <= GRADUATE_MAX_FEN:
            problems.append(
                Problem(
                    "amount",
                    ErrorCode.OUT_OF_RANGE,
                    f"高校毕业生一次性岗位补贴为 {yuan(GRADUATE_MIN_FEN)}至 {yuan(GRADUATE_MAX_FEN)}，"
                    f"这里是 {yuan(fen)}",
                    data.amount,
                )
            )
    values["amount_fen"] = fen
    return values, problems


def _monthly(kind: HiringSubsidyKind, value: Decimal | None) -> int | Problem:
    if value is None:
        return Problem("monthly_amount", ErrorCode.REQUIRED, f"请填写{kind.label}每月金额（元）")
    fen = check_money(value, field="monthly_amount", label=f"{kind.label}每月金额")
    if isinstance(fen, Problem):
        return fen
    if kind is HiringSubsidyKind.WAGE and not WAGE_MONTHLY_MIN_FEN <= fen <= WAGE_MONTHLY_MAX_FEN:
        return Problem(
            "monthly_amount",
            ErrorCode.OUT_OF_RANGE,
            f"工资性补贴每人每月 {yuan(WAGE_MONTHLY_MIN_FEN)}至 {yuan(WAGE_MONTHLY_MAX_FEN)}，"
            f"这里是 {yuan(fen)}",
            value,
        )
    return fen


def _months(kind: HiringSubsidyKind, value: int | None) -> int | Problem:
    limit = MAX_MONTHS[kind]
    if value is None:
        return Problem("months", ErrorCode.REQUIRED, f"请填写{kind.label}的月数（1 至 {limit}）")
    if not 1 <= value <= limit:
        return Problem(
            "months",
            ErrorCode.OUT_OF_RANGE,
            f"{kind.label}最长 {limit} 个月（每次 1 至 {limit} 个月），这里是 {value} 个月",
            value,
        )
    return value
