"""Rules for the core records, written once for GraphQL mutations and ledger imports alike."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.problems import ErrorCode, Problem
from core.records.enums import Relation, Sex

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# Province-level codes that begin a resident ID number (GB/T 2260; 83 is a residence permit).
# fmt: off
_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
})
# fmt: on
_PHONE = re.compile(r"1\d{10}")
EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class IdNumber:
    """A valid resident ID number and what it says about its holder."""

    value: str
    birth_date: date
    sex: Sex


def id_check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse_id_number(text: object, *, today: date, field: str = "id_number") -> IdNumber | Problem:
    """Validate an 18-character resident ID (GB 11643); return it parsed or the problem."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return Problem(field, ErrorCode.REQUIRED, "身份证号不能为空", text)
    if not isinstance(text, str):
        return Problem(field, ErrorCode.INVALID, "身份证号必须是文本（18 位）", text)
    value = text.strip().upper()
    if len(value) != 18:
        return Problem(
            field, ErrorCode.INVALID, f"身份证号应为 18 位，这里有 {len(value)} 位", text
        )
    body, check = value[:17], value[17]
    if not (body.isascii() and body.isdigit()):
        return Problem(field, ErrorCode.INVALID, "身份证号前 17 位只能是数字", text)
    if not (check.isascii() and (check.isdigit() or check == "X")):
        return Problem(field, ErrorCode.INVALID, "身份证号最后一位只能是数字或 X", text)
    if body[:2] not in _PROVINCES:
        return Problem(
            field, ErrorCode.INVALID, f"身份证号前两位 {body[:2]} 不是省级行政区划代码", text
        )
    try:
        birth = date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return Problem(
            field, ErrorCode.INVALID, f"身份证号中的出生日期 {body[6:14]} 不是真实的日期", text
        )
    if not EARLIEST_BIRTH <= birth <= today:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"身份证号中的出生日期 {birth.isoformat()} 不在 1900-01-01 至今天之间",
            text,
        )
    expected = id_check_char(body)
    if check != expected:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"身份证号校验位应为 {expected}，实为 {check}：请核对号码是否抄错",
            text,
        )
    sex = Sex.MALE if int(body[16]) % 2 else Sex.FEMALE
    return IdNumber(value, birth, sex)


def normalize_phone(text: object, *, field: str = "phone") -> str | Problem | None:
    """Return an 11-digit mainland mobile number, None when blank, or the problem."""
    if text is None:
        return None
    value = str(text).strip().replace(" ", "").replace("-", "")
    if not value:
        return None
    if not _PHONE.fullmatch(value):
        return Problem(field, ErrorCode.INVALID, "联系电话应为以 1 开头的 11 位手机号码", text)
    return value


def check_name(text: object, *, field: str = "name") -> str | Problem:
    """Return a person's trimmed name, or the problem."""
    value = str(text or "").strip()
    if not value:
        return Problem(field, ErrorCode.REQUIRED, "姓名不能为空", text)
    if len(value) > 64:
        return Problem(field, ErrorCode.INVALID, "姓名不能超过 64 个字", text)
    return value


def check_registry_number(text: object, *, field: str = "registry_number") -> str | Problem:
    """Return a household registry number (户编号), trimmed, or the problem."""
    value = str(text or "").strip()
    if not value:
        return Problem(field, ErrorCode.REQUIRED, "户编号不能为空", text)
    if len(value) > 32 or any(ch.isspace() for ch in value):
        return Problem(field, ErrorCode.INVALID, "户编号不能含空格，且不超过 32 个字符", text)
    return value


def check_heads(relations: Sequence[Relation], *, field: str = "relation") -> Problem | None:
    """A household needs exactly one head (户主); return the problem when it has not."""
    heads = sum(1 for relation in relations if relation is Relation.HEAD)
    if heads == 1:
        return None
    if heads == 0:
        return Problem(field, ErrorCode.RULE_VIOLATED, "每户必须有且只有一名户主，这一户没有户主")
    return Problem(
        field, ErrorCode.RULE_VIOLATED, f"每户必须有且只有一名户主，这一户有 {heads} 名户主"
    )


def check_employment_dates(start: date | None, end: date | None, *, today: date) -> list[Problem]:
    """Start and end dates of a spell of work: start given, neither in the future, end ≥ start."""
    problems = []
    if start is None:
        problems.append(Problem("start_date", ErrorCode.REQUIRED, "就业开始日期不能为空"))
    elif start > today:
        problems.append(Problem("start_date", ErrorCode.INVALID, "就业开始日期不能晚于今天", start))
    if end is not None:
        if end > today:
            problems.append(Problem("end_date", ErrorCode.INVALID, "就业结束日期不能晚于今天", end))
        if start is not None and end < start:
            problems.append(
                Problem("end_date", ErrorCode.INVALID, "就业结束日期不能早于开始日期", end)
            )
    return problems
