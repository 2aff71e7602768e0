"""Cell checks of the hand-written ledgers (the API's writes are checked by the kinds).

Each check returns the clean value or a `Problem` whose Chinese message states the allowed
range, so a clerk can fix the value without asking anyone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.sdk import ErrorCode, MoneyError, Problem, fen_to_yuan, yuan_to_fen
from plugins.relocation_sites import rules

EARLIEST = date(2016, 1, 1)
"""The 13th five-year plan's relocation programme began in 2016: no site record is older."""
POPULATION_RANGE = (1, 100_000)
JOBS_RANGE = (0, 10_000)
PAY_RANGE_YUAN = (0, 10_000)
EMPLOYERS_RANGE = (0, 100_000)
POSTINGS_RANGE = (0, 10_000_000)
ATTENDEES_RANGE = (0, 10_000_000)
PUSHED_RANGE = (0, 10_000_000)
HOUSEHOLDS_RANGE = (0, 10_000_000)


def check_text(
    value: object, *, field: str, label: str, max_length: int, min_length: int = 2
) -> str | Problem:
    """Trimmed text of `min_length`–`max_length` characters."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return Problem(field, ErrorCode.REQUIRED, f"{label}不能为空", value)
    if not min_length <= len(text) <= max_length:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"{label}应为 {min_length}–{max_length} 个字，这里有 {len(text)} 个字",
            value,
        )
    return text


def check_count(
    value: object, *, field: str, label: str, low: int, high: int, unit: str
) -> int | Problem:
    """A whole number between `low` and `high` inclusive."""
    if isinstance(value, bool) or not isinstance(value, int):
        return Problem(field, ErrorCode.INVALID, f"{label}必须是整数", value)
    if not low <= value <= high:
        return Problem(
            field,
            ErrorCode.OUT_OF_RANGE,
            f"{label}应在 {low:,}–{high:,} {unit}之间，这里是 {value:,} {unit}",
            value,
        )
    return value


def check_day(
    value: date, *, field: str, label: str, today: date, earliest: date = EARLIEST
) -> date | Problem:
    """A date between `earliest` and today, both included."""
    if not earliest <= value <= today:
        return Problem(
            field,
            ErrorCode.OUT_OF_RANGE,
            f"{label}应在 {earliest.isoformat()} 至今天（{today.isoformat()}）之间，这里是 {value.isoformat()}",
            value,
        )
    return value


def check_yuan(
    value: Decimal, *, field: str, label: str, low: int | None = None, high: int | None = None
) -> int | Problem:
    """An amount of yuan, exact to the fen, within [low, high] yuan when given; returns fen."""
    try:
        fen = yuan_to_fen(value)
    except MoneyError as exc:
        return Problem(field, ErrorCode.INVALID, str(exc), value)
    too_low = low is not None and fen < low * 100
    too_high = high is not None and fen > high * 100
    if too_low or too_high:
        if low is not None and high is not None:
            allowed = f"应在 {low:,}–{high:,} 元之间"
        elif low is not None:
            allowed = f"不能少于 {low:,} 元"
        else:
            allowed = f"不能超过 {high:,} 元"
        return Problem(
            field,
            ErrorCode.OUT_OF_RANGE,
            f"{label}{allowed}，这里是 {fen_to_yuan(fen):,} 元",
            value,
        )
    return fen


def check_business_registration(value: str | None, *, field: str) -> str | Problem | None:
    """An optional 18-character unified social credit code (统一社会信用代码), check digit included."""
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if len(code) != 18 or any(char not in rules.USCC_CHARS for char in code):
        return Problem(
            field,
            ErrorCode.INVALID,
            "工商登记号应为 18 位统一社会信用代码（数字与除 I、O、Z、S、V 外的大写字母）",
            value,
        )
    if rules.uscc_check_char(code[:17]) != code[17]:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"统一社会信用代码 {code} 的校验位不对，请核对营业执照",
            value,
        )
    return code
